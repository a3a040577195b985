import type { GatewayMetrics } from '../../app/ports/gateway-metrics';
import { OperationLabels } from './operation-labels';
import { MetricsRegistry, PROMETHEUS_CONTENT_TYPE } from './prometheus-registry';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const STATEMENT_BUCKETS = [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89];
const AGENT_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

const LABEL_VALUE = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

export interface RequestObservation {
  /** The resolved operation's name (RequestTelemetry.operationName): null when none was resolved, '' when anonymous. */
  operationName: string | null;
  /** Who sent it (the account), when authenticated: the budget a new operation name counts against. */
  caller?: string;
  status: number;
  durationMs: number;
  sqlStatements: number;
}

/**
 * The gateway's metrics, exposed at /metrics: GraphQL request latency and SQL statements per
 * request by operation, error codes, authentication failures, migration job outcomes and agent
 * command latency and outcomes. Implements the GatewayMetrics port the migration code reports to.
 */
export class PrometheusGatewayMetrics implements GatewayMetrics {
  readonly contentType = PROMETHEUS_CONTENT_TYPE;
  private readonly registry = new MetricsRegistry();
  private readonly operations = new OperationLabels();
  private inFlight = 0;
  private subscriptions = 0;
  private readonly startedAt = Date.now() / 1000;

  private readonly requestDuration = this.registry.histogram(
    'gateway_graphql_request_duration_seconds',
    'Time to answer a GraphQL HTTP request, by operation name.',
    ['operation'],
    LATENCY_BUCKETS,
  );
  private readonly requests = this.registry.counter('gateway_graphql_requests_total', 'GraphQL HTTP requests by operation and HTTP status.', [
    'operation',
    'status',
  ]);
  private readonly statementsPerRequest = this.registry.histogram(
    'gateway_sql_statements_per_request',
    'SQL statements sent to the database while answering one GraphQL request.',
    ['operation'],
    STATEMENT_BUCKETS,
  );
  private readonly statements = this.registry.counter(
    'gateway_sql_statements_total',
    'SQL statements sent to the database; context is request (a GraphQL request) or background (jobs, start-up).',
    ['context'],
  );
  private readonly errors = this.registry.counter('gateway_graphql_errors_total', 'GraphQL errors returned, by extensions.code.', ['code']);
  private readonly authFailures = this.registry.counter('gateway_auth_failures_total', 'Requests refused as UNAUTHENTICATED, by reason (missing, invalid).', [
    'reason',
  ]);
  private readonly jobs = this.registry.counter('gateway_migration_jobs_finished_total', 'Migration jobs that reached a final status.', ['status']);
  private readonly agentDuration = this.registry.histogram(
    'gateway_agent_command_duration_seconds',
    'Agent command round trips by command and outcome (the _count is the number of commands).',
    ['command', 'outcome'],
    AGENT_BUCKETS,
  );

  private readonly subscriptionEvents = this.registry.counter(
    'gateway_graphql_subscription_events_total',
    'Subscription events (next messages) sent over WebSocket.',
    [],
  );

  constructor() {
    this.registry.gauge('gateway_http_requests_in_flight', 'HTTP requests being served.', () => this.inFlight);
    this.registry.gauge('gateway_graphql_subscriptions_active', 'GraphQL subscriptions open over WebSocket.', () => this.subscriptions);
    this.registry.gauge('process_start_time_seconds', 'Start time of the process since the Unix epoch, seconds.', () => this.startedAt);
    this.registry.gauge('process_resident_memory_bytes', 'Resident memory size, bytes.', () => process.memoryUsage().rss);
    this.registry.gauge('nodejs_heap_used_bytes', 'V8 heap in use, bytes.', () => process.memoryUsage().heapUsed);
  }

  /** The text exposition for a scrape. */
  render(): string {
    return this.registry.render();
  }

  requestStarted(): void {
    this.inFlight += 1;
  }

  requestFinished(observation: RequestObservation): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    const operation = this.operations.labelFor(observation.operationName, observation.caller);
    this.requestDuration.observe({ operation }, observation.durationMs / 1000);
    this.requests.inc({ operation, status: String(observation.status) });
    this.statementsPerRequest.observe({ operation }, observation.sqlStatements);
  }

  subscriptionStarted(): void {
    this.subscriptions += 1;
  }

  subscriptionEnded(): void {
    this.subscriptions = Math.max(0, this.subscriptions - 1);
  }

  subscriptionEvent(): void {
    this.subscriptionEvents.inc({});
  }

  sqlStatement(inRequest: boolean): void {
    this.statements.inc({ context: inRequest ? 'request' : 'background' });
  }

  graphqlError(code: unknown): void {
    this.errors.inc({ code: typeof code === 'string' && LABEL_VALUE.test(code) ? code : 'OTHER' });
  }

  authFailure(reason: 'missing' | 'invalid'): void {
    this.authFailures.inc({ reason });
  }

  jobFinished(status: string): void {
    this.jobs.inc({ status: labelValue(status) });
  }

  agentCommand(name: string, outcome: string, durationMs: number): void {
    this.agentDuration.observe({ command: labelValue(name), outcome: labelValue(outcome) }, durationMs / 1000);
  }
}

function labelValue(value: string): string {
  return LABEL_VALUE.test(value) ? value : 'other';
}
