// `npm run bench`: baseline, end to end, scale and timer phases against a local Temporal dev server
// and real PostgreSQL; prints a table and writes bench/results.json. See bench/README.md.
import { BENCH_ISSUER_ENV } from './http';
import { join } from 'node:path';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { Client, Connection } from '@temporalio/client';
import { installedInfo } from '../scripts/lib/temporalBinaries';
import { TASK_QUEUE } from '../workflows/shared';
import { killAllHosts, startHost, type Host } from './children';
import { loadBenchConfig } from './config';
import { rows, startInfra, type Infra } from './infra';
import { runBaseline } from './phases/baseline';
import { runClosedLoop, runPaced } from './phases/e2e';
import { runScale } from './phases/scale';
import { runTimer } from './phases/timer';
import { evaluateGoals, formatTable, machineInfo, writeResults, type Results } from './report';

const t0 = performance.now();
const log = (s: string) => process.stderr.write(`[bench ${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${s}\n`);
const MAX_RUN_S = Number(process.env.BENCH_MAX_S) > 0 ? Number(process.env.BENCH_MAX_S) : 1800;

let infra: Infra | undefined;
/** Set as soon as setup begins, so a Ctrl-C during setup still drops the database and stops servers. */
let stopInfra: (() => Promise<void>) | undefined;
let cleaningUp: Promise<void> | undefined;
const cleanup = (): Promise<void> =>
  (cleaningUp ??= (async () => {
    killAllHosts();
    await stopInfra?.();
  })());

async function bail(code: number, why: string): Promise<never> {
  log(why);
  await cleanup().catch(() => undefined);
  process.exit(code);
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => void bail(130, `${sig}: cleaning up`));
setTimeout(() => void bail(2, `run exceeded BENCH_MAX_S=${MAX_RUN_S} s: stopping`), MAX_RUN_S * 1000).unref();

async function main(): Promise<void> {
  const cfg = loadBenchConfig();
  log(`phases ${cfg.phases.join(', ')}; concurrency ${cfg.concurrency}; scale N ${cfg.scaleN}`);
  infra = await startInfra(log, { onStop: (stop) => (stopInfra = stop) });
  // One issuer key for the load generator (bench/http.ts) and the API host it talks to.
  process.env[BENCH_ISSUER_ENV] = join(infra.dir, 'bench-issuer.json');
  const [pg] = await rows<{ v: string }>(infra.database.db, sql`select current_setting('server_version') as v`);
  const machine = machineInfo({
    temporal: `Temporal CLI ${installedInfo('cli')?.version ?? '?'} dev server (SQLite file in ${infra.dir})`,
    postgres: `PostgreSQL ${pg?.v}${infra.ownPostgres ? ' (throwaway server from scripts/local-postgres.sh, fsync=off)' : ' (DATABASE_URL)'}`,
  });

  const connection = await Connection.connect({ address: infra.temporal.address });
  const client = new Client({ connection });
  const results: Results = {};
  // 1-minute load average around each phase: other work on the machine shows up here.
  const load: Record<string, [number, number]> = {};
  const phase = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const before = os.loadavg()[0]!;
    try {
      return await f();
    } finally {
      load[name] = [before, os.loadavg()[0]!];
    }
  };
  let api: Host | undefined;
  try {
    if (cfg.phases.includes('baseline')) results.baseline = await phase('baseline', () => runBaseline(cfg, infra!, client, log));
    if (cfg.phases.some((p) => p !== 'baseline')) {
      api = await startHost({ role: 'api', temporalAddress: infra.temporal.address, databaseUrl: infra.databaseUrl }, { label: 'api', cpuProf: cfg.cpuProf });
    }
    const apiUrl = `http://127.0.0.1:${api?.ready.port}`;
    const components = { temporal: infra.pids.temporal, api: api?.pid, loadgen: process.pid, postgres: infra.pids.postgres };
    /** Closed loop then paced load, with a fresh worker running `bundlePath`. */
    const endToEnd = async (name: string, bundlePath: string) => {
      const worker = await startHost(
        { role: 'worker', temporalAddress: infra!.temporal.address, taskQueue: TASK_QUEUE, bundlePath, databaseUrl: infra!.databaseUrl, maxCachedWorkflows: cfg.maxCachedWorkflows },
        { label: `${name}-worker`, cpuProf: cfg.cpuProf },
      );
      try {
        const closed = await phase(name, () => runClosedLoop(cfg, apiUrl, client, { ...components, worker: worker.pid }, log));
        const paced = await phase(`${name} paced`, () => runPaced(cfg, apiUrl, log));
        return { closed, paced };
      } finally {
        await worker.stop();
      }
    };
    if (cfg.phases.includes('e2e')) ({ closed: results.e2e, paced: results.paced } = await endToEnd('e2e', infra.bundles.product));
    if (cfg.phases.includes('scale')) results.scale = await phase('scale', () => runScale(cfg, infra!, apiUrl, components, log));
    if (cfg.phases.includes('timer')) results.timer = await phase('timer', () => runTimer(cfg, infra!, apiUrl, log));
  } finally {
    await api?.stop();
    await connection.close();
  }

  const runSeconds = (performance.now() - t0) / 1000;
  const goals = evaluateGoals(results, cfg);
  process.stdout.write('\n' + formatTable(results, goals, machine, runSeconds, load));
  writeResults(cfg.resultsPath, { machine, config: cfg, runSeconds, setupMs: infra.timings, loadAverage: load, results, goals });
  log(`results written to ${cfg.resultsPath}`);
}

main()
  .then(() => cleanup())
  .then(() => process.exit(0))
  .catch((err) => bail(1, `failed: ${String((err as Error)?.stack ?? err)}`));
