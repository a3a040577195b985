import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { Announcement, Command, MigrationOutcome, Reply, ServerSpec, ServerStats } from './protocol';

const ENTRY = join(__dirname, 'server-process.ts');
const START_TIMEOUT_MS = 120_000;
const COMMAND_TIMEOUT_MS = 120_000;

/** The runner's side of a forked benchmark server. */
export class ServerHandle {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();

  private constructor(
    readonly spec: ServerSpec,
    readonly url: string,
    private readonly child: ChildProcess,
  ) {
    child.on('message', (message: Reply) => {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      clearTimeout(waiter.timer);
      if (message.ok) waiter.resolve(message.result);
      else waiter.reject(new Error(`${spec.variant}: ${message.error}`));
    });
    child.on('exit', (code) => {
      for (const waiter of this.pending.values()) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error(`${spec.variant} server exited (code ${code})`));
      }
      this.pending.clear();
    });
  }

  /** Forks server-process.ts under tsx (plus any V8/Node `nodeFlags`) and waits until it listens. */
  static async start(spec: ServerSpec, nodeFlags: string[] = []): Promise<ServerHandle> {
    const child = fork(ENTRY, [JSON.stringify(spec)], {
      execArgv: ['--import', 'tsx', ...nodeFlags],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    const announcement = await new Promise<Announcement>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${spec.variant} server did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      child.once('message', (message: Announcement) => {
        clearTimeout(timer);
        resolve(message);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${spec.variant} server exited during start (code ${code})`));
      });
    });
    if (!announcement.ready) {
      child.kill();
      throw new Error(`${spec.variant} server failed to start: ${announcement.error}`);
    }
    return new ServerHandle(spec, announcement.url, child);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  stats(): Promise<ServerStats> {
    return this.send({ cmd: 'stats' }) as Promise<ServerStats>;
  }

  async resetPeak(): Promise<void> {
    await this.send({ cmd: 'resetPeak' });
  }

  async captureStart(): Promise<void> {
    await this.send({ cmd: 'captureStart' });
  }

  captureStop(): Promise<string[]> {
    return this.send({ cmd: 'captureStop' }) as Promise<string[]>;
  }

  async profileStart(samplingIntervalUs: number): Promise<void> {
    await this.send({ cmd: 'profileStart', samplingIntervalUs });
  }

  async profileStop(file: string): Promise<void> {
    await this.send({ cmd: 'profileStop', file });
  }

  async heapSampleStart(samplingIntervalBytes: number): Promise<void> {
    await this.send({ cmd: 'heapSampleStart', samplingIntervalBytes });
  }

  async heapSampleStop(file: string): Promise<void> {
    await this.send({ cmd: 'heapSampleStop', file });
  }

  awaitMigration(jobUuid: string, timeoutMs: number): Promise<MigrationOutcome> {
    return this.send({ cmd: 'awaitMigration', jobUuid, timeoutMs }, timeoutMs + 5_000) as Promise<MigrationOutcome>;
  }

  /** Asks the server to stop cleanly; kills it if it has not exited 15 s later. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.send({ cmd: 'stop' }).catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }

  private send(command: Command, timeoutMs = COMMAND_TIMEOUT_MS): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.spec.variant}: ${command.cmd} got no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.child.send({ id, command });
    });
  }
}
