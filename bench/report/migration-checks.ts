import type { MigrationResults } from '../migration/migration-benchmark';
import type { Check } from './report';

/** Issue 12's migration targets (the simulator answers at once, so a migration's time is the control plane's). */
function evaluateMigrationChecks(migration: MigrationResults): Check[] {
  const at = (concurrency: number) => migration.endToEnd.find((e) => e.concurrency === concurrency);
  const one = at(1);
  const eight = at(8);
  const statements = Math.max(...migration.endToEnd.map((e) => e.statementsPerMigration));
  return [
    {
      requirement: 'at least 50 migrations/s at concurrency 8',
      passed: (eight?.migrationsPerSecond ?? 0) >= 50,
      detail: eight ? `${eight.migrationsPerSecond.toFixed(1)} migrations/s (p50 ${eight.p50Ms.toFixed(1)} ms)` : 'not measured',
    },
    {
      requirement: 'control-plane overhead at most 20 ms per migration (p50, one at a time)',
      passed: (one?.p50Ms ?? Infinity) <= 20,
      detail: one ? `p50 ${one.p50Ms.toFixed(1)} ms, of which the mutation ${one.mutationP50Ms.toFixed(1)} ms` : 'not measured',
    },
    {
      requirement: 'at most 60 statements per migration of the 2-volume VM',
      passed: statements <= 60,
      detail: `${statements.toFixed(1)} statements, ${migration.endToEnd.map((e) => `x${e.concurrency}: ${e.transactionsPerMigration.toFixed(1)}`).join(', ')} transactions per migration`,
    },
  ];
}

export function renderMigrationChecks(migration: MigrationResults): string[] {
  return [
    'Migration targets of issue 12 on this run:',
    '',
    ...evaluateMigrationChecks(migration).map((c) => `- ${c.passed ? 'PASS' : 'FAIL'} ${c.requirement}: ${c.detail}`),
  ];
}
