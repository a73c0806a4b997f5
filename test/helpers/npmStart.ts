// `npm start` in a child process of its own (its own process group), as a user runs it from a
// terminal: for the smoke test and the README's "Try it" test.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../scripts/lib/temporalBinaries';

export const repo = fileURLToPath(new URL('../..', import.meta.url));

export interface Started {
  child: ChildProcess;
  output: () => string;
}

/** Free ports for the API, the dev server and its UI, as the env of `npm start`. */
export async function freeServicePorts(): Promise<{ PORT: string; TEMPORAL_DEV_PORT: string; TEMPORAL_UI_PORT: string }> {
  return { PORT: String(await freePort()), TEMPORAL_DEV_PORT: String(await freePort()), TEMPORAL_UI_PORT: String(await freePort()) };
}

/**
 * `npm start` with the embedded defaults (no DATABASE_URL: PGlite), NODE_ENV=development, LOG_LEVEL
 * warn unless `env` says otherwise; resolves once it says it is up.
 */
export async function npmStart(env: Record<string, string>): Promise<Started> {
  const { DATABASE_URL: _ignored, ...parentEnv } = process.env;
  const child = spawn('npm', ['start'], { cwd: repo, env: { ...parentEnv, NODE_ENV: 'development', LOG_LEVEL: 'warn', ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b) => (out += b));
  child.stderr!.on('data', (b) => (out += b));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up in 150 s:\n${out}`)), 150_000);
    const check = setInterval(() => {
      if (out.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        clearInterval(check);
        resolve();
      }
    }, 200);
    child.on('exit', (code) => {
      clearTimeout(timer);
      clearInterval(check);
      reject(new Error(`npm start exited with ${code}:\n${out}`));
    });
  });
  child.removeAllListeners('exit');
  return { child, output: () => out };
}

/**
 * A signal to the whole process group, as a terminal (Ctrl-C: SIGINT) or a process manager
 * (SIGTERM) sends it; resolves when every process of the group has exited and closed its output.
 */
export async function stop({ child }: Started, signal: 'SIGINT' | 'SIGTERM' = 'SIGINT'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  process.kill(-child.pid!, signal);
  const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 30_000);
  await closed;
  clearTimeout(timer);
}

/** Lines that warn or complain, except npm's own about this machine's npmrc (`nodedir`), not ours. */
export function warnings(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => /warn|error|"level":[456]0/i.test(line))
    .filter((line) => !/^npm warn Unknown (user|global|project|env) config/.test(line));
}
