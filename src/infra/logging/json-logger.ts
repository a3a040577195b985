/** Structured JSON log lines on stdout (one object per line), with a level threshold. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface JsonLogger {
  log(entry: { level?: LogLevel; msg: string; [key: string]: unknown }): void;
}

export function createJsonLogger(level: LogLevel, write: (line: string) => void = (l) => process.stdout.write(l)): JsonLogger {
  return {
    log(entry) {
      const entryLevel = entry.level ?? 'info';
      if (ORDER[entryLevel] < ORDER[level]) return;
      write(`${JSON.stringify({ time: new Date().toISOString(), ...entry, level: entryLevel })}\n`);
    },
  };
}
