/**
 * What the migration code reports for the operator's metrics (Prometheus at /metrics). Calls are
 * synchronous, cheap and never throw; label values are normalised by the implementation.
 */
export interface GatewayMetrics {
  /** A migration job reached a final status (`SUCCEEDED`, `FAILED`, ...). */
  jobFinished(status: string): void;
  /**
   * One agent command answered, failed or timed out: `name` is the command (`MigrateCommand`),
   * `outcome` a small fixed set such as `success`, `failure`, `timeout`, `error`.
   */
  agentCommand(name: string, outcome: string, durationMs: number): void;
}
