// The production topology on one machine, without Docker (npm run stack): PostgreSQL, the Temporal
// server on it (postgres12 persistence and visibility), Temporal UI (read-only) when built, the API
// and N workers as separate processes (npm run api, npm run worker). startStack() is also what the
// end-to-end test starts; stop() stops everything in order: UI, API, workers, Temporal, PostgreSQL.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../../config';
import { openDatabase } from '../../db/client';
import { seedDemo } from '../../db/seed';
import { devIssuer } from '../../identity/devIssuer';
import { loadSigningKey } from '../../audit/signing';
import { loadSecretKey } from '../../activities/webhooks/secrets';
import { cryptoSuite } from '../../crypto/suite';
import { SEARCH_ATTRIBUTES } from '../../workflows/shared';
import { runningPostmaster, startLocalPostgres, type LocalPostgres } from './localPostgres';
import { freePort, spawnWatched, stopTied, type WatchedProcess } from './temporalBinaries';
import { cachedTemporalServer, cachedTemporalUi, obtainTemporalServer, type TemporalServerBuild, type TemporalUiBuild } from './temporalServer';
import { renderTemplate, setUpTemporalSchema, startTemporalServer, type TemporalServer } from './temporalServerProcess';

const repo = fileURLToPath(new URL('../../', import.meta.url));

export interface StackOptions {
  /** Everything the stack keeps between runs: PostgreSQL's data, Temporal's config, the keys. */
  dir: string;
  /** 0 = a free port, for each of these. */
  apiPort: number;
  temporalPort: number;
  postgresPort: number;
  /** Temporal UI's port, or false for none. The UI runs only if its server was built. */
  uiPort: number | false;
  workers: number;
  /** Environment of the API and worker processes on top of ours (NODE_ENV, LOG_LEVEL, DEMO_FAST_CLOCK, AUTH_*, …). */
  env?: Record<string, string>;
  /** Seed the demo jurisdictions, departments and catalogue (default true: the stack is for trying). */
  seedDemo?: boolean;
  /** Build the Temporal server if it is not cached (minutes); default true. */
  build?: boolean;
  /** Every line of every child, with its name (api, worker-1, temporal, ui). */
  log?: (source: string, line: string) => void;
}

export interface ServiceProcess {
  name: string;
  process: WatchedProcess;
  /** Everything it printed so far. */
  output(): string;
}

export interface RunningStack {
  apiUrl: string;
  temporalAddress: string;
  uiUrl?: string;
  /** Why there is no UI, when there is none. */
  noUiReason?: string;
  namespace: string;
  retentionDays: number;
  databaseUrl: string;
  /** The configuration the API and workers run with (DATA_DIR is the stack's dir). */
  config: Config;
  api: ServiceProcess;
  workers: ServiceProcess[];
  /** Milliseconds each step of the start took. */
  timings: Record<string, number>;
  /**
   * Stops UI, API, workers, Temporal, then PostgreSQL. With keepPostgres, PostgreSQL keeps running
   * and the directory is released, as a killed stack leaves them: the next startStack() on the
   * directory takes that PostgreSQL over (the backup drill restores into it meanwhile); a later
   * stop() stops it after all.
   */
  stop(options?: { keepPostgres?: boolean }): Promise<void>;
}

const READY_LINE = 'Press Ctrl-C to stop.';

/** Spawns `npm run api|worker` as `node --import tsx scripts/<kind>.ts` and waits until it is ready. */
async function startServiceProcess(name: string, kind: 'api' | 'worker', env: NodeJS.ProcessEnv, log?: StackOptions['log']): Promise<ServiceProcess> {
  const lines: string[] = [];
  const proc = spawnWatched(process.execPath, ['--import', 'tsx', join('scripts', `${kind}.ts`)], (line) => {
    lines.push(line);
    log?.(name, line);
  }, { cwd: repo, env });
  const output = () => lines.join('\n');
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} not ready within 180 s:\n${output()}`)), 180_000);
    const check = setInterval(() => {
      if (lines.includes(READY_LINE)) done(resolve);
      else if (proc.exitInfo()) done(() => reject(new Error(`${name} ${proc.exitInfo()} while starting:\n${output()}`)));
    }, 100);
    const done = (fn: () => void) => {
      clearTimeout(timer);
      clearInterval(check);
      fn();
    };
  });
  return { name, process: proc, output };
}

async function waitForHttp(url: string, timeoutMs: number, exited: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited()) throw new Error(`${url}: server ${exited()}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function startUi(build: TemporalUiBuild, dir: string, port: number, temporalAddress: string, namespace: string, log?: StackOptions['log']) {
  const uiDir = join(dir, 'ui');
  mkdirSync(uiDir, { recursive: true });
  writeFileSync(join(uiDir, 'stack.yaml'), renderTemplate('temporal-ui.yaml', { TEMPORAL_ADDRESS: temporalAddress, UI_PORT: port, NAMESPACE: namespace }));
  const proc = spawnWatched(build.uiServer, ['--root', uiDir, '--config', '.', '--env', 'stack', 'start'], (line) => log?.('ui', line));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(url, 60_000, proc.exitInfo);
  } catch (e) {
    await proc.stop();
    throw new Error(`Temporal UI failed to start: ${(e as Error).message}\n${proc.output()}`);
  }
  return { url, proc };
}

const PID_FILE = 'stack.pid';

export class StackAlreadyRunning extends Error {}

/**
 * One stack per directory: a second `npm run stack` on the same data would fail on the ports and
 * then, cleaning up, stop the first one's PostgreSQL. A pid file of a process that is gone (a
 * killed stack) is taken over, with the PostgreSQL it left running.
 */
function claimStackDir(dir: string): void {
  const file = join(dir, PID_FILE);
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
    return;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const pid = Number(readFileSync(file, 'utf8'));
  const alive = Number.isInteger(pid) && pid > 0 && (() => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  })();
  if (alive) throw new StackAlreadyRunning(`a stack is already running from ${dir} (pid ${pid}): stop it first, or use another DATA_DIR`);
  writeFileSync(file, String(process.pid));
}

export async function startStack(o: StackOptions): Promise<RunningStack> {
  const timings: Record<string, number> = {};
  const timed = async <T>(step: string, fn: () => Promise<T>): Promise<T> => {
    const t = Date.now();
    try {
      return await fn();
    } finally {
      timings[step] = Date.now() - t;
    }
  };
  mkdirSync(o.dir, { recursive: true });
  claimStackDir(o.dir);
  const stops: Array<() => Promise<unknown>> = [() => Promise.resolve(rmSync(join(o.dir, PID_FILE), { force: true }))];
  let stopPostgres: (() => Promise<unknown>) | undefined;
  const stop = async ({ keepPostgres = false } = {}) => {
    for (const s of stops.splice(0).reverse()) {
      if (keepPostgres && s === stopPostgres) continue;
      await s().catch(() => undefined);
    }
    if (keepPostgres && stopPostgres) stops.push(stopPostgres);
  };

  try {
    const build = await timed('obtain', () => (o.build === false ? obtainCachedOnly() : obtainTemporalServer({ log: (l) => o.log?.('build', l) })));

    const pgDir = join(o.dir, 'postgres');
    const postgresPort = runningPostmaster(pgDir)?.port ?? (await freePort(o.postgresPort));
    const postgres: LocalPostgres = await timed('postgres', () => startLocalPostgres({ port: postgresPort, dataDir: pgDir, dbName: 'gds', persistent: true }));
    stopPostgres = () => postgres.stop();
    stops.push(stopPostgres);

    // The API's and workers' configuration, validated before anything is spawned.
    const inherited: NodeJS.ProcessEnv = { ...process.env, ...o.env };
    const childEnv: NodeJS.ProcessEnv = {
      ...inherited,
      DATA_DIR: o.dir,
      DATABASE_URL: postgres.url,
      HOST: '127.0.0.1',
      PORT: String(await freePort(o.apiPort)),
      SEED_DEMO: 'false', // seeded once below, not by every process
      // A topology for one machine, on the loopback address: tokens from the development issuer
      // unless an identity provider is configured (the API then warns that it is on).
      ...(inherited.AUTH_ISSUER ? {} : { AUTH_DEV_ISSUER: inherited.AUTH_DEV_ISSUER ?? 'true' }),
    };
    await timed('schema', () => setUpTemporalSchema(build, postgresPort));
    const probe = loadConfig(childEnv);
    const temporal: TemporalServer = await timed('temporal', () =>
      startTemporalServer({
        build,
        postgresPort,
        dir: o.dir,
        frontendPort: o.temporalPort,
        namespace: probe.temporal.namespace,
        retentionDays: probe.temporal.retentionDays,
        searchAttributes: SEARCH_ATTRIBUTES,
        log: (line) => o.log?.('temporal', line),
      }),
    );
    stops.push(() => temporal.stop());
    childEnv.TEMPORAL_ADDRESS = temporal.address;
    const config = loadConfig(childEnv);

    // Once, here, what every process would otherwise race to do: migrate, seed, create the keys.
    await timed('database', async () => {
      const database = await openDatabase({ kind: 'pg', url: postgres.url });
      try {
        if (o.seedDemo ?? true) await seedDemo(database.db);
      } finally {
        await database.close();
      }
      if (config.auth.devIssuerKeyFile) await devIssuer(config.auth.devIssuerKeyFile);
      await loadSigningKey(config.audit.signingKeyFile, cryptoSuite(config.crypto.suite), { create: config.audit.createSigningKey });
      loadSecretKey(config.webhooks.secretKeyFile, { create: config.webhooks.createSecretKey });
    });

    const ui = cachedTemporalUi();
    let uiUrl: string | undefined;
    let noUiReason: string | undefined;
    if (o.uiPort === false) noUiReason = 'not asked for';
    else if (!ui) noUiReason = 'the Temporal UI server is not built (npm run stack:obtain builds it)';
    else {
      const uiPort = await freePort(o.uiPort);
      const started = await timed('ui', () => startUi(ui, o.dir, uiPort, temporal.address, config.temporal.namespace, o.log));
      stops.push(() => started.proc.stop());
      uiUrl = started.url;
    }

    // Workers first, so the API's first case finds them polling; the workers start in parallel.
    const workers = await timed('workers', () =>
      Promise.all(Array.from({ length: o.workers }, (_, i) => startServiceProcess(`worker-${i + 1}`, 'worker', childEnv, o.log))),
    );
    // A worker drains its in-flight tasks; give it as long as the API gives a request.
    stops.push(() => Promise.all(workers.map((w) => stopTied(w.process.child, config.temporal.callTimeoutMs + 5_000))));
    const api = await timed('api', () => startServiceProcess('api', 'api', childEnv, o.log));
    stops.push(() => stopTied(api.process.child, config.temporal.callTimeoutMs + 5_000));

    return {
      apiUrl: `http://127.0.0.1:${config.port}`,
      temporalAddress: temporal.address,
      uiUrl,
      noUiReason,
      namespace: config.temporal.namespace,
      retentionDays: config.temporal.retentionDays,
      databaseUrl: postgres.url,
      config,
      api,
      workers,
      timings,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The cached build, or an error saying how to get one (tests outside CI do not build for minutes). */
async function obtainCachedOnly(): Promise<TemporalServerBuild> {
  const build = cachedTemporalServer();
  if (!build) throw new TemporalServerNotBuilt();
  return build;
}

export class TemporalServerNotBuilt extends Error {
  constructor() {
    super('the Temporal server is not built: npm run stack:obtain builds it (≈6–10 min once, cached under ~/.cache/gds)');
  }
}
