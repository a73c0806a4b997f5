// Structured logs (pino). Secrets never reach here: log describeConfig(), not the config.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, name = 'gds'): Logger {
  return pino({ name, level, redact: ['req.headers.authorization', '*.password', '*.apiKey'] });
}
