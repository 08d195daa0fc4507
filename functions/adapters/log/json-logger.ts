// The core's Logger port as structured JSON logs on stdout and stderr, one line per event, errors with their
// causes. Never log tokens, passwords or bodies.
import type { Logger } from '../../core/ports.ts';

type Level = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
let threshold: Level = 'info';

const serialise = (value: unknown): unknown => {
  if (value instanceof Error) {
    const { code } = value as { code?: unknown };
    return {
      name: value.name,
      message: value.message,
      ...(code ? { code } : {}),
      ...(value.cause ? { cause: serialise(value.cause) } : {}),
    };
  }
  return value;
};

const write = (level: Level, message: string, fields: Record<string, unknown> = {}) => {
  if (ORDER[level] < ORDER[threshold]) return;
  const entry = Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, serialise(value)]));
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...entry });
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
};

export const logger: Logger & { setLevel(level: Level): void } = {
  setLevel: (level: Level) => {
    threshold = level;
  },
  debug: (message: string, fields?: Record<string, unknown>) => write('debug', message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write('info', message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write('warn', message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write('error', message, fields),
};
