import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/** The repository root: child processes run `src/...` from here. */
export const REPO_ROOT = resolve(__dirname, '../../../..');

/** A free TCP port on 127.0.0.1 (GATEWAY_PORT=0 cannot be discovered, so tests pick ports themselves). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface NodeProcessOptions {
  /** For messages: `gateway e2e-a`, `agent server`. */
  label: string;
  /** TypeScript entry relative to the repository root, run with tsx's loader in one node process. */
  script: string;
  args?: string[];
  /** Added to a copy of this process's environment from which every GATEWAY_* variable was removed. */
  env?: Record<string, string>;
  /** The process is ready once a line of its stdout contains this. */
  readyWhen: string;
  readyTimeoutMs?: number;
  /** How much of its output is kept (default the last 20 000 characters). */
  keepOutputChars?: number;
}

/** A node process started by a test; its output is kept for failure messages. */
export interface NodeProcess {
  readonly label: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** stdout and stderr so far (the last 20 000 characters). */
  output(): string;
  /** Resolves with the exit code or signal once the process has exited. */
  exited(): Promise<string>;
  isRunning(): boolean;
  /** SIGKILL now, then wait for the exit (bounded). */
  kill(): Promise<void>;
  /** SIGTERM, wait up to `graceMs`, then SIGKILL. */
  stop(graceMs?: number): Promise<void>;
}

const started = new Set<NodeProcess>();

// Last resort: a test run that ends abruptly must not leave gateways or agent servers behind.
process.once('exit', () => {
  for (const p of started) if (p.isRunning()) p.child.kill('SIGKILL');
});

/** Start `node --import tsx <script>` (one process, so SIGKILL really kills the gateway) and wait until ready. */
export async function startNodeProcess(options: NodeProcessOptions): Promise<NodeProcess> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    // An unknown GATEWAY_* variable stops the gateway; vitest's own NODE_OPTIONS must not leak either.
    if (value === undefined || name.startsWith('GATEWAY_') || name === 'NODE_OPTIONS') continue;
    env[name] = value;
  }
  Object.assign(env, options.env);
  const child = spawn(process.execPath, ['--import', 'tsx', options.script, ...(options.args ?? [])], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-(options.keepOutputChars ?? 20_000));
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  let exitInfo: string | null = null;
  const exit = new Promise<string>((resolveExit) => {
    child.once('exit', (code, signal) => {
      exitInfo = signal ?? `exit ${code}`;
      resolveExit(exitInfo);
    });
  });
  const waitExit = async (ms: number) => {
    await Promise.race([exit, new Promise((r) => setTimeout(r, ms))]);
    return exitInfo !== null;
  };
  const managed: NodeProcess = {
    label: options.label,
    pid: child.pid ?? -1,
    child,
    output: () => output,
    exited: () => exit,
    isRunning: () => exitInfo === null,
    async kill() {
      if (exitInfo !== null) return;
      child.kill('SIGKILL');
      await waitExit(5_000);
    },
    async stop(graceMs = 3_000) {
      if (exitInfo !== null) return;
      child.kill('SIGTERM');
      if (!(await waitExit(graceMs))) await managed.kill();
    },
  };
  started.add(managed);
  void exit.then(() => started.delete(managed));

  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  const ready = await new Promise<boolean>((resolveReady) => {
    const timer = setTimeout(() => resolveReady(false), timeoutMs);
    const check = () => {
      if (output.includes(options.readyWhen)) {
        clearTimeout(timer);
        child.stdout.off('data', check);
        resolveReady(true);
      }
    };
    child.stdout.on('data', check);
    void exit.then(() => {
      clearTimeout(timer);
      resolveReady(output.includes(options.readyWhen));
    });
    check();
  });
  if (!ready) {
    await managed.kill();
    throw new Error(`${options.label} did not start within ${timeoutMs} ms (${exitInfo ?? 'still running'}):\n${output}`);
  }
  return managed;
}

/** Stop every given process (SIGTERM, then SIGKILL), in parallel; never throws. */
export async function stopAll(processes: Array<NodeProcess | undefined | null>, graceMs = 3_000): Promise<void> {
  await Promise.all(processes.map((p) => (p ? p.stop(graceMs).catch(() => undefined) : Promise.resolve())));
}
