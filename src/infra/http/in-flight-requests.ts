import type { Server } from 'node:http';

/**
 * Requests being served, and the graceful stop: once draining, new connections are refused, idle
 * keep-alive ones close, and `drain` waits for the requests in flight (up to a timeout) before
 * cutting what is left.
 */
export class InFlightRequests {
  private count = 0;
  private idle: (() => void) | null = null;
  private stopping = false;

  get draining(): boolean {
    return this.stopping;
  }

  get inFlight(): number {
    return this.count;
  }

  started(): void {
    this.count += 1;
  }

  finished(): void {
    this.count -= 1;
    if (this.count === 0) this.idle?.();
  }

  /** Stops the server: 'timeout' when requests were still in flight after `timeoutMs` (their connections are cut). */
  async drain(server: Server, timeoutMs: number): Promise<'drained' | 'timeout'> {
    this.stopping = true;
    // Stops accepting connections and closes idle keep-alive ones; busy ones close after their response.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    const drained = new Promise<'drained'>((resolve) => {
      this.idle = () => resolve('drained');
      if (this.count === 0) resolve('drained');
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([drained, timedOut]);
    clearTimeout(timer);
    server.closeAllConnections();
    await closed;
    return outcome;
  }
}
