import type { TargetsResults } from '../targets/targets-benchmark';
import { fmt, markdownTable } from './markdown-table';

const QUERY_LABELS: Record<TargetsResults['http'][number]['query'], string> = {
  hosts: 'host list (verdicts, reasons, capacity)',
  full: 'whole answer (every host, volume, pool, plan decision)',
  'one-host': 'one picked host with its pools (hostIds), as the migration check reads it',
};

/** The migrationTargets tables of a run. */
export function renderTargets(t: TargetsResults): string {
  return [
    `### Migration targets (VM with ${t.volumes} volumes: ${t.hosts} candidate hosts, ${t.suitableHosts} suitable, ${t.poolEntries} pool entries)`,
    '',
    markdownTable(
      ['in-process', 'statements', 'p50 ms'],
      [
        ['load the snapshot (reader)', t.snapshotStatements, fmt(t.snapshotLoadP50Ms, 1)],
        ['apply the rules (findMigrationTargets)', '-', fmt(t.decideP50Ms, 2)],
        [`clone mode and staging of every pool (${t.planCalls} lookups, PoolPlanner)`, '-', fmt(t.poolPlansP50Ms, 1)],
      ],
    ),
    '',
    markdownTable(
      ['over HTTP', 'p50 ms', 'p95 ms', 'SQL/request', 'response KiB', 'requests'],
      t.http.map((h) => [QUERY_LABELS[h.query], fmt(h.p50Ms, 1), fmt(h.p95Ms, 1), fmt(h.statementsPerRequest, 1), fmt(h.responseKiB, 0), h.iterations]),
    ),
  ].join('\n');
}
