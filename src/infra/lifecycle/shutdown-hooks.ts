import type { JsonLogger } from '../logging/json-logger';

export type ShutdownHook = () => Promise<void> | void;

/**
 * Work to finish when the gateway stops, after the HTTP server has stopped taking requests and
 * before the database closes (e.g. the migration runner draining its running jobs). Hooks run one
 * at a time, last registered first; a failing hook is logged and does not stop the others.
 */
export class ShutdownHooks {
  private readonly hooks: { name: string; hook: ShutdownHook }[] = [];

  add(name: string, hook: ShutdownHook): void {
    this.hooks.push({ name, hook });
  }

  async run(logger?: JsonLogger): Promise<void> {
    for (const { name, hook } of [...this.hooks].reverse()) {
      const started = Date.now();
      try {
        await hook();
        logger?.log({ msg: 'shutdown hook finished', hook: name, durationMs: Date.now() - started });
      } catch (error) {
        logger?.log({ level: 'error', msg: 'shutdown hook failed', hook: name, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
}
