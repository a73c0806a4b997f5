// Structured logs (pino). Secrets never reach here: log describeConfig(), not the config.
import { pino, type DestinationStream, type Logger } from 'pino';
import { PinoPretty } from 'pino-pretty';

export type { Logger };

export interface LoggerOptions {
  name?: string;
  /** Human-readable lines (pino-pretty) instead of JSON: for a person at a terminal, never for a collector. */
  pretty?: boolean;
  /** Where lines go; default stdout. */
  destination?: DestinationStream & NodeJS.WritableStream;
}

/** LOG_FORMAT: `pretty` or `json` as asked; `auto` pretty only when stdout is a terminal. */
export const prettyLogs = (format: 'auto' | 'json' | 'pretty', stdout: { isTTY?: boolean } = process.stdout): boolean =>
  format === 'pretty' || (format === 'auto' && stdout.isTTY === true);

export function createLogger(level: string, { name = 'gds', pretty = false, destination }: LoggerOptions = {}): Logger {
  const options = { name, level, redact: ['req.headers.authorization', '*.password', '*.apiKey'] };
  // In-process and synchronous (no transport thread), so the last lines before an exit are written.
  if (pretty) return pino(options, PinoPretty({ colorize: destination === undefined, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,name', sync: true, ...(destination ? { destination } : {}) }));
  return destination ? pino(options, destination) : pino(options);
}
