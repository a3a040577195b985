import type { Logger } from 'typeorm';
import type { JsonLogger } from '../logging/json-logger';
import type { PrometheusGatewayMetrics } from './prometheus-gateway-metrics';
import { currentRequest } from './request-telemetry';

const TRANSACTION_CONTROL = /^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|PRAGMA)/i;

/**
 * The gateway DataSource's TypeORM logger: counts every SQL statement into the current request
 * (AsyncLocalStorage, so DataLoader batches count for the request that caused them) and into the
 * metrics; logs failed statements with the request id.
 */
export class SqlStatementLogger implements Logger {
  constructor(
    private readonly metrics: Pick<PrometheusGatewayMetrics, 'sqlStatement'>,
    private readonly logger?: JsonLogger,
  ) {}

  logQuery(query: string): void {
    if (TRANSACTION_CONTROL.test(query)) return;
    const request = currentRequest();
    if (request) request.sqlStatements += 1;
    this.metrics.sqlStatement(request !== undefined);
  }

  logQueryError(error: string | Error, query: string): void {
    const message = error instanceof Error ? error.message : error;
    this.logger?.log({
      // Some failures are expected and handled (a duplicate idempotency key); a statement cancelled
      // by the time limit is what an operator looks for. Unhandled ones are logged again as errors.
      level: /max_statement_time|max_execution_time|interrupted/i.test(message) ? 'warn' : 'debug',
      msg: 'sql statement failed',
      requestId: currentRequest()?.requestId,
      error: message,
      statement: query.slice(0, 500),
    });
  }

  logQuerySlow(time: number, query: string): void {
    this.logger?.log({ level: 'warn', msg: 'slow sql statement', requestId: currentRequest()?.requestId, durationMs: time, statement: query.slice(0, 500) });
  }

  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.logger?.log({ level: 'debug', msg: 'migration', detail: message });
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger?.log({ level: 'warn', msg: 'typeorm', detail: String(message) });
  }
}
