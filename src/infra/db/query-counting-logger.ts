import type { Logger } from 'typeorm';

/**
 * A TypeORM logger that counts the SQL statements the gateway sends (tests assert counts;
 * metrics report statements per request). Transaction control statements are not counted.
 */
export class QueryCountingLogger implements Logger {
  count = 0;
  readonly statements: string[] = [];
  constructor(private readonly keepStatements = false) {}

  reset(): void {
    this.count = 0;
    this.statements.length = 0;
  }

  logQuery(query: string): void {
    if (/^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|PRAGMA)/i.test(query)) return;
    this.count += 1;
    if (this.keepStatements) this.statements.push(query);
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
