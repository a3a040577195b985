import type { CrashRun } from '../phases/crash-boundaries';
import type { MigrationOutcome } from '../phases/random-migrations';
import type { AgentLogEntry } from './invariants';

/** A markdown table. */
function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

/**
 * Per fault kind: how many commands the agent server answered with it, which commands, and how the
 * jobs that met it ended (a job may meet several faults; it counts under each).
 */
export function faultTable(outcomes: MigrationOutcome[], log: AgentLogEntry[]): string {
  const statusOf = new Map(outcomes.filter((o) => o.jobId).map((o) => [o.jobId!, o]));
  const kinds = new Map<string, { hits: number; commands: Map<string, number>; jobs: Set<string> }>();
  for (const entry of log) {
    if (!entry.fault || !entry.origin) continue;
    const kind = kinds.get(entry.fault) ?? { hits: 0, commands: new Map(), jobs: new Set() };
    kind.hits += 1;
    kind.commands.set(entry.name, (kind.commands.get(entry.name) ?? 0) + 1);
    kind.jobs.add(entry.origin.jobId);
    kinds.set(entry.fault, kind);
  }
  const faulted = new Set([...kinds.values()].flatMap((k) => [...k.jobs]));
  const rows = [...kinds.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([fault, k]) => {
      const jobs = [...k.jobs].map((id) => statusOf.get(id)).filter((o): o is MigrationOutcome => o !== undefined);
      const commands = [...k.commands.entries()].map(([name, n]) => `${name.replace('Command', '')} ${n}`).join(', ');
      return [fault, k.hits, commands, jobs.filter((j) => j.status === 'SUCCEEDED').length, jobs.filter((j) => j.status === 'FAILED').length, codes(jobs)];
    });
  const clean = outcomes.filter((o) => o.jobId && !faulted.has(o.jobId));
  rows.push(['(none)', 0, '', clean.filter((j) => j.status === 'SUCCEEDED').length, clean.filter((j) => j.status === 'FAILED').length, codes(clean)]);
  return table(['fault', 'commands hit', 'by command', 'jobs SUCCEEDED', 'jobs FAILED', 'failure codes'], rows);
}

export function outcomeTable(outcomes: MigrationOutcome[]): string {
  const count = new Map<string, number>();
  for (const o of outcomes) {
    const key = o.jobId ? `${o.status}${o.errorCode ? ` ${o.errorCode}` : ''}` : `refused ${o.refusedWith}`;
    count.set(key, (count.get(key) ?? 0) + 1);
  }
  return table(
    ['outcome', 'migrations'],
    [...count.entries()].sort(([a], [b]) => a.localeCompare(b)),
  );
}

export function crashTable(runs: CrashRun[]): string {
  return table(
    ['path', 'seq', 'command in flight at SIGKILL', 'recovered by', 'effect', 'job', 'violations'],
    runs.map((r) => [
      r.path,
      r.seq,
      r.command,
      r.recovery === 'RESTART' ? 'restart' : 'replica',
      r.effect,
      `${r.status}${r.errorCode ? ` ${r.errorCode}` : ''}`,
      r.violations.length,
    ]),
  );
}

function codes(jobs: MigrationOutcome[]): string {
  const count = new Map<string, number>();
  for (const j of jobs) if (j.errorCode) count.set(j.errorCode, (count.get(j.errorCode) ?? 0) + 1);
  return [...count.entries()].map(([c, n]) => `${c} ${n}`).join(', ');
}

/** Why jobs that met no scripted fault failed: the distinct causes (R33's inner message), most frequent first. */
export function unexplainedFailures(outcomes: MigrationOutcome[], log: AgentLogEntry[]): string[] {
  const faulted = new Set(log.filter((e) => e.fault && e.origin).map((e) => e.origin!.jobId));
  const count = new Map<string, number>();
  for (const o of outcomes) {
    if (o.status !== 'FAILED' || !o.jobId || faulted.has(o.jobId)) continue;
    const cause = /Error message: \[(.*)\]\.\]\.$/s.exec(o.errorMessage ?? '')?.[1] ?? o.errorMessage ?? '';
    const key = `${o.errorCode}: ${cause.slice(0, 200)}`;
    count.set(key, (count.get(key) ?? 0) + 1);
  }
  return [...count.entries()].sort((a, b) => b[1] - a[1]).map(([key, n]) => `${n} x ${key}`);
}
