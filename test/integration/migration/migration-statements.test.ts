import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from 'typeorm';
import { createMigrationStack, type MigrationStack } from '../../support/migration-stack';
import { createTestDatabase, DATABASE_KINDS } from '../../support/test-database';

/** Every statement the gateway sends, transaction control (START/BEGIN/COMMIT/SET TRANSACTION...) apart. */
class StatementLog implements Logger {
  on = false;
  statements: string[] = [];
  transactions = 0;
  logQuery(query: string): void {
    if (!this.on) return;
    if (/^\s*(START TRANSACTION|BEGIN)/i.test(query)) this.transactions += 1;
    if (/^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET TRANSACTION|PRAGMA)/i.test(query)) return;
    this.statements.push(query.replace(/\s+/g, ' '));
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

/** What a statement is, by verb and table (the counts below are per kind). */
function kindOf(sql: string): string {
  const unquoted = sql.replace(/[`"]/g, '');
  const write = /^(INSERT INTO|UPDATE|DELETE FROM) (\w+)/i.exec(unquoted);
  if (write) return `${write[1].split(' ')[0].toUpperCase()} ${write[2]}`;
  return 'SELECT';
}

function tally(statements: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const sql of statements) counts[kindOf(sql)] = (counts[kindOf(sql)] ?? 0) + 1;
  return counts;
}

/**
 * Issue 12: the statements of one migration end to end (the mutation and its job) are counted, so
 * the control plane's cost cannot creep back. The bench's 2-volume VM in the demo inventory: ROOT
 * and data disk NFS -> NFS in one cluster, 8 agent commands. Reads are the mutation's (the snapshot
 * and the destination-host check); the job reads nothing (it runs on the decision the mutation made)
 * and writes each step in one transaction: the job row first (fenced, with the progress), the rows,
 * the answers of the commands before it.
 */
describe.each(DATABASE_KINDS)('statements per migration on %s', (kind) => {
  const log = new StatementLog();
  let stack: MigrationStack;

  beforeAll(async () => {
    stack = await createMigrationStack(kind, { database: await createTestDatabase(kind, { logger: log }) });
  });
  afterAll(async () => {
    await stack?.dispose();
    await stack?.db.dispose();
  });

  it('migrates the 2-volume VM with 8 agent commands in 75 statements and 10 transactions, none of them a read by the job', async () => {
    const request = await stack.requestFor('nfs-to-nfs-shortcut');
    log.statements = [];
    log.on = true;
    const job = await stack.services.migrateVmWithStorage(request, { accountId: null });
    await stack.runner.settled(job.id);
    log.on = false;

    const [row] = await stack.db.dataSource.query('SELECT status FROM gateway_migration_job WHERE id = ?', [job.id]);
    expect(row.status).toBe('SUCCEEDED');
    expect(stack.simulator.commandLog()).toHaveLength(8);
    const firstWrite = log.statements.findIndex((sql) => kindOf(sql) !== 'SELECT');
    expect(tally(log.statements.slice(firstWrite + 1)).SELECT, 'reads after the job row was inserted').toBeUndefined();
    expect(tally(log.statements)).toEqual({
      // The mutation: the planning snapshot (14) and the destination-host check (20: the VM's rows the
      // snapshot holds are not read again).
      SELECT: 34,
      'INSERT gateway_migration_job': 1,
      // R3, 2 x destination row, 2 x CreateObject, Prepare, Migrate, FINALIZING (each the step's progress, fenced), the end.
      'UPDATE gateway_migration_job': 9,
      'UPDATE vm_instance': 2,
      // R3 2, R17/R20 2, R30 4: each one conditional update, no read first.
      'UPDATE volumes': 8,
      'UPDATE sequence': 2,
      'INSERT volumes': 2,
      'INSERT gateway_migration_command': 8,
      // Each answer written once, with the step or the next command.
      'UPDATE gateway_migration_command': 8,
      'UPDATE snapshots': 1,
    });
    expect(log.statements).toHaveLength(75);
    expect(log.transactions).toBe(10);
  });
});
