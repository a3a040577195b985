import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type CrashRun, runCrashBoundaries } from './phases/crash-boundaries';
import { runRandomMigrations } from './phases/random-migrations';
import { startChaosStack } from './support/chaos-stack';
import { randomSource } from './support/fleet-view';
import { type AgentLogEntry, checkInvariants, takeBaseline } from './support/invariants';
import { crashTable, faultTable, outcomeTable, unexplainedFailures } from './support/report';

/**
 * `npm run test:chaos` (short, CI) / `npm run test:chaos -- --full`: two gateway processes on one
 * MariaDB database built from CloudStack's 4.22 DDL, the HTTP transport to an agent server with
 * scripted faults, many randomized migrations at once, then a SIGKILL at every command boundary;
 * invariants over the whole database, the fleet and the agent's log after each phase. Exits 1 on
 * any violation. See test/chaos/README.md.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      full: { type: 'boolean', default: false },
      migrations: { type: 'string' },
      concurrency: { type: 'string' },
      seed: { type: 'string' },
      'fault-rate': { type: 'string' },
    },
  });
  const full = values.full ?? false;
  const migrations = Number(values.migrations ?? (full ? 1000 : 60));
  const concurrency = Number(values.concurrency ?? 8);
  const seed = Number(values.seed ?? Date.now() % 1_000_000);
  const faultRate = Number(values['fault-rate'] ?? 0.4);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const leaseSeconds = 2;

  log(`chaos ${full ? 'full' : 'short'}: ${migrations} migrations, ${concurrency} at once, fault rate ${faultRate}, seed ${seed}`);
  const stack = await startChaosStack({ agentWaitSeconds: 2, migrateWaitSeconds: 3, downloadWaitSeconds: 3 }, leaseSeconds);
  const started = Date.now();
  let failed: boolean;
  try {
    const baseline = await takeBaseline(stack.db);
    const outcomes = await runRandomMigrations(stack, { migrations, concurrency, faultRate, random: randomSource(seed), log });
    const agentLog = (await stack.agents.control<{ entries: AgentLogEntry[] }>('GET', 'log')).entries;
    const randomViolations = await checkInvariants(stack.db, stack.agents, baseline);
    const randomSeconds = (Date.now() - started) / 1000;
    const randomPhaseErrors = gatewayErrors(stack);
    if (process.env.CHAOS_KEEP_DATABASE === '1') for (const g of stack.gateways) writeFileSync(`/tmp/chaos-random-${g.instanceId}.log`, g.process.output());

    const crashStarted = Date.now();
    const crashes: CrashRun[] = await runCrashBoundaries(stack, baseline, { exhaustive: full, log });
    const crashSeconds = (Date.now() - crashStarted) / 1000;
    const crashViolations = crashes.flatMap((r) => r.violations.map((v) => `${r.path} seq ${r.seq} ${r.recovery} ${r.effect}: ${v}`));

    const report = [
      `Run of ${new Date().toISOString().slice(0, 10)}: seed ${seed}, ${migrations} migrations, ${concurrency} at once over 2 gateway processes, fault rate ${faultRate}, lease ${leaseSeconds} s.`,
      '',
      `### Random migrations (${randomSeconds.toFixed(0)} s, ${agentLog.length} agent commands)`,
      '',
      outcomeTable(outcomes),
      '',
      faultTable(outcomes, agentLog),
      '',
      ...unexplained(outcomes, agentLog),
      `### SIGKILL at every command boundary (${crashes.length} runs, ${crashSeconds.toFixed(0)} s)`,
      '',
      crashTable(crashes),
      '',
      '### Invariants',
      '',
      `- after the random migrations: ${randomViolations.length} violations`,
      `- after the crash runs: ${crashViolations.length} violations`,
      ...[...randomViolations, ...crashViolations].slice(0, 50).map((v) => `  - ${v}`),
    ].join('\n');
    log(`\n${report}\n`);
    const errors = [...randomPhaseErrors, ...gatewayErrors(stack)];
    if (errors.length) log(`gateway error log lines:\n${errors.slice(0, 20).join('\n')}`);
    if (full) writeLatestRun(report);
    failed = randomViolations.length > 0 || crashViolations.length > 0 || crashes.some((r) => r.status === 'NOT_ENDED');
  } finally {
    await stack.stop();
  }
  process.exit(failed ? 1 : 0);
}

function unexplained(outcomes: Parameters<typeof unexplainedFailures>[0], log: AgentLogEntry[]): string[] {
  const causes = unexplainedFailures(outcomes, log);
  return causes.length ? ['Jobs that failed without meeting a scripted fault, by cause:', '', ...causes.map((c) => `- ${c}`), ''] : [];
}

/** Error lines the gateway processes logged (a crashed job, a failed reconcile): there should be none. */
function gatewayErrors(stack: Awaited<ReturnType<typeof startChaosStack>>): string[] {
  return stack.gateways.flatMap((g) =>
    g.process
      .output()
      .split('\n')
      .filter((line) => line.includes('"level":"error"'))
      .map((line) => `${g.instanceId}: ${line.slice(0, 400)}`),
  );
}

/** The README keeps the latest full run between its markers. */
function writeLatestRun(report: string): void {
  const file = resolve(__dirname, 'README.md');
  const text = readFileSync(file, 'utf8');
  const begin = '<!-- latest-full-run -->';
  const end = '<!-- /latest-full-run -->';
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from < 0 || to < 0) throw new Error(`${file} lacks the ${begin} markers`);
  writeFileSync(file, `${text.slice(0, from + begin.length)}\n${report}\n${text.slice(to)}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
