// docker-compose.yml and the Dockerfile read as Docker would, for the tests that keep them in step
// with config.ts and the code: YAML merge keys resolved, `${VAR:-default}` interpolated with an empty
// environment (the file must work with no .env), and the final image stage's ENV.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number | boolean> | string[];
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  restart?: string;
}

/** `${VAR:-default}` becomes its default; a bare `${VAR}` or `$VAR` is refused (it would need an .env); `$$` is a `$`. */
export function interpolate(value: string): string {
  return value.replace(/\$\$|\$\{[A-Z0-9_]+(:?-([^}]*))?\}|\$[A-Za-z_][A-Za-z0-9_]*/g, (match, hasDefault?: string, fallback?: string) => {
    if (match === '$$') return '$';
    if (hasDefault !== undefined) return fallback ?? '';
    throw new Error(`docker-compose.yml uses ${match} without a default: \`docker compose up\` would need it set`);
  });
}

export function loadCompose(): { services: Record<string, ComposeService> } {
  return parse(readFileSync(`${ROOT}/docker-compose.yml`, 'utf8'), { merge: true });
}

/** A service's environment, interpolated. */
export function serviceEnvironment(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  const entries = Array.isArray(env) ? env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]) : Object.entries(env);
  return Object.fromEntries(entries.map(([k, v]) => [k, interpolate(String(v))]));
}

/** The ENV of the Dockerfile's last stage (the image that runs). */
export function imageEnvironment(): Record<string, string> {
  const text = readFileSync(`${ROOT}/Dockerfile`, 'utf8').replace(/\\\n/g, ' ');
  const lastStage = text.slice(text.lastIndexOf('\nFROM '));
  const env: Record<string, string> = {};
  for (const line of lastStage.split('\n').filter((l) => /^ENV\s/.test(l))) {
    for (const [, key, value] of line.slice(4).matchAll(/([A-Za-z_][A-Za-z0-9_]*)=(\S*)/g)) env[key!] = value!;
  }
  return env;
}
