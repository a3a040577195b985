import type { Logger } from 'typeorm';

const TRANSACTION_CONTROL = /^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET TRANSACTION)/i;

/**
 * Counts the SQL statements a server process sends (a TypeORM Logger for the gateway variants;
 * the floor calls `record` itself). Transaction control is counted apart: it is a round trip but
 * not a read. With `capture` on, statement texts are kept (to show what one request sends).
 * Every call is passed on to `inner` (the gateway's own logger), so the gateway does what it
 * always does (its per-request metrics included) while being counted.
 */
export class StatementCounter implements Logger {
  statements = 0;
  transactionControl = 0;
  private captured: string[] | null = null;

  constructor(private readonly inner?: Logger) {}

  record(query: string): void {
    if (TRANSACTION_CONTROL.test(query)) this.transactionControl += 1;
    else this.statements += 1;
    if (this.captured && this.captured.length < 5_000) this.captured.push(query.replace(/\s+/g, ' ').slice(0, 4000));
  }

  startCapture(): void {
    this.captured = [];
  }

  stopCapture(): string[] {
    const list = this.captured ?? [];
    this.captured = null;
    return list;
  }

  logQuery(...args: Parameters<Logger['logQuery']>): void {
    this.record(args[0]);
    this.inner?.logQuery(...args);
  }
  logQueryError(...args: Parameters<Logger['logQueryError']>): void {
    this.inner?.logQueryError(...args);
  }
  logQuerySlow(...args: Parameters<Logger['logQuerySlow']>): void {
    this.inner?.logQuerySlow(...args);
  }
  logSchemaBuild(...args: Parameters<Logger['logSchemaBuild']>): void {
    this.inner?.logSchemaBuild(...args);
  }
  logMigration(...args: Parameters<Logger['logMigration']>): void {
    this.inner?.logMigration(...args);
  }
  log(...args: Parameters<Logger['log']>): void {
    this.inner?.log(...args);
  }
}
