// The backup drill: a service with cases opened and moved on, the service stopped, a backup, the
// stores wiped, a restore into fresh ones, then `npm run audit:verify` and `npm run reconcile` (which
// must pass) and the cases moved on again from where the backup left them — then both commands once
// more. The steps are the same for every topology; a DrillTopology says how to start, back up, wipe
// and restore one: `npm start`'s (here: the service on a database of its own and the dev server) or
// the production stack's (backupDrillStack.ts: Temporal server on PostgreSQL, API and workers).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { aYearFrom } from '../../api/validation';
import { loadConfig, type Config } from '../../config';
import { createLogger } from '../../logger';
import { devIssuer } from '../../identity/devIssuer';
import { shanghaiDate } from '../../rules/calendar';
import { startService } from '../../service';
import { AUDIT_CHECKPOINT_SCHEDULE_ID } from '../../workflows/shared';
import { backup, restore } from './backup';
import { createDatabase, dropDatabase, sameServer, withClient } from './postgresTools';
import { freePort } from './temporalBinaries';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../..', import.meta.url));

const REQUESTER = '110000-market-regulation-head';
const PROVIDER = '110000-public-security-head';
const SUBMISSION = {
  catalogueEntryId: '110000-public-security-residence-permits',
  legalBasis: '《政务数据共享条例》第二十条',
  usageScenario: '居住证办理核验（备份演练）',
  usageScope: '本部门政务服务',
  sharingMethod: 'service_api',
  usagePeriod: aYearFrom(shanghaiDate(new Date())),
};

export interface DrillReport {
  /** Cases opened before the backup: one awaiting the reply, one awaiting delivery. */
  cases: { awaitingReply: string; awaitingDelivery: string };
  /** Each case's stage and last event hash before the backup, and after the restore (the same). */
  beforeBackup: Record<string, { stage: string; head: string }>;
  afterRestore: Record<string, { stage: string; head: string }>;
  /** Stages after the cases were moved on in the restored service. */
  continued: Record<string, string>;
  /** Output of each command run on the restored service (each exited 0). */
  checks: Array<{ command: string; output: string }>;
  checkpointsRestored: number;
}

/** A running service as the drill uses it. */
export interface DrillService {
  apiUrl: string;
  temporalAddress: string;
  databaseUrl: string;
  /** The configuration its processes run with (the development issuer's key file, for tokens). */
  config: Config;
  /** What `npm run audit:verify` and `npm run reconcile` need to reach the same stores. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/** How to run the drill on one topology; each method says what it did through `say`. */
export interface DrillTopology {
  /** What is started, for the first step's line. */
  name: string;
  /** Starts the service: on the original stores, and after restore() on the restored ones. */
  start(): Promise<DrillService>;
  /** Backs up everything a case lives in, into `out`, with the service stopped. */
  backup(out: string, say: (line: string) => void): Promise<void>;
  /** What wipe() takes away, and where restore() restores to, for their steps' lines. */
  wipes: string;
  restoresInto: string;
  /** Takes away what the backup holds. */
  wipe(): Promise<void>;
  /** Restores `from` into fresh stores. */
  restore(from: string, say: (line: string) => void): Promise<void>;
  /** Stops whatever still runs and removes everything the drill made; called once, always. */
  cleanUp(): Promise<void>;
}

type Call = (method: string, path: string, as: string, body?: unknown) => Promise<any>;

function api(apiUrl: string, token: (userId: string) => Promise<string>): Call {
  return async (method, path, as, body) => {
    const res = await fetch(apiUrl + path, {
      method,
      headers: { Authorization: `Bearer ${await token(as)}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = (await res.json()) as any;
    if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(answer)}`);
    return answer;
  };
}

const snapshot = async (call: Call, ids: string[]) =>
  Object.fromEntries(
    await Promise.all(
      ids.map(async (id) => {
        const view = await call('GET', `/share-requests/${id}`, REQUESTER);
        return [id, { stage: view.stage as string, head: view.events.at(-1).hash as string }] as const;
      }),
    ),
  );

/** Runs `npm run <script> [-- args]` as an operator would; it must exit 0. */
export async function npmScript(script: string, env: NodeJS.ProcessEnv, args: string[] = []): Promise<{ command: string; output: string }> {
  const argv = ['run', '--silent', script, ...(args.length > 0 ? ['--', ...args] : [])];
  const command = `npm ${argv.join(' ')}`;
  try {
    const { stdout } = await run('npm', argv, { cwd: repo, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 });
    return { command, output: stdout.trim() };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; code?: number };
    throw new Error(`${command} failed (exit ${e.code}):\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

async function takeCheckpoint(temporalAddress: string, databaseUrl: string): Promise<number> {
  const connection = await Connection.connect({ address: temporalAddress });
  try {
    await new Client({ connection }).schedule.getHandle(AUDIT_CHECKPOINT_SCHEDULE_ID).trigger();
  } finally {
    await connection.close();
  }
  for (let waited = 0; waited < 30_000; waited += 250) {
    const n = await checkpoints(databaseUrl);
    if (n > 0) return n;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('no audit checkpoint was signed within 30 s');
}

const checkpoints = (databaseUrl: string): Promise<number> => withClient(databaseUrl, async (c) => Number((await c.query('SELECT count(*)::int AS n FROM audit_checkpoints')).rows[0].n));

/** The drill's steps on `topology`; the topology is cleaned up whatever happens. */
export async function drill(topology: DrillTopology, out: string, say: (line: string) => void = () => undefined): Promise<DrillReport> {
  const indented = (l: string) => say(`   ${l}`);
  let running: DrillService | undefined;
  try {
    say(`1. ${topology.name} started; cases opened`);
    running = await topology.start();
    const issuer = await devIssuer(running.config.auth.devIssuerKeyFile);
    const token = (userId: string) => issuer.issue(userId);
    let call = api(running.apiUrl, token);
    const awaitingReply = (await call('POST', '/share-requests', REQUESTER, SUBMISSION)).id as string;
    const awaitingDelivery = (await call('POST', '/share-requests', REQUESTER, SUBMISSION)).id as string;
    await call('POST', `/share-requests/${awaitingDelivery}/reply`, PROVIDER, { decision: 'agree' });
    await takeCheckpoint(running.temporalAddress, running.databaseUrl);
    const beforeBackup = await snapshot(call, [awaitingReply, awaitingDelivery]);

    say('2. service stopped; backup');
    await running.stop();
    running = undefined;
    await topology.backup(out, indented);

    say(`3. wiped: ${topology.wipes}`);
    await topology.wipe();

    say(`4. restore into ${topology.restoresInto}`);
    await topology.restore(out, indented);

    say('5. restored service started; audit:verify and reconcile');
    running = await topology.start();
    call = api(running.apiUrl, token);
    const checks = [await npmScript('audit:verify', running.env), await npmScript('reconcile', running.env)];
    const afterRestore = await snapshot(call, [awaitingReply, awaitingDelivery]);
    const checkpointsRestored = await checkpoints(running.databaseUrl);

    say('6. the cases continue where the backup left them; audit:verify and reconcile again');
    await call('POST', `/share-requests/${awaitingReply}/reply`, PROVIDER, { decision: 'agree' });
    await call('POST', `/share-requests/${awaitingDelivery}/delivery`, PROVIDER, { method: 'service_api', reference: 'DRILL-0001' });
    const continued = Object.fromEntries(Object.entries(await snapshot(call, [awaitingReply, awaitingDelivery])).map(([id, s]) => [id, s.stage]));
    checks.push(await npmScript('audit:verify', running.env), await npmScript('reconcile', running.env));

    await running.stop();
    running = undefined;
    say('drill passed');
    return { cases: { awaitingReply, awaitingDelivery }, beforeBackup, afterRestore, continued, checks, checkpointsRestored };
  } finally {
    await running?.stop().catch(() => undefined);
    await topology.cleanUp();
  }
}

/**
 * `npm start`'s topology: the service on a database of its own on `serverUrl`'s PostgreSQL server
 * (created and dropped; `serverUrl`'s own database is never touched) and a dev server of its own.
 */
export async function runBackupDrill({ serverUrl, say }: { serverUrl: string; say?: (line: string) => void }): Promise<DrillReport> {
  const dir = mkdtempSync(join(tmpdir(), 'gds-drill-'));
  const name = `gds_drill_${randomBytes(4).toString('hex')}`;
  const original = sameServer(serverUrl, name);
  const restored = sameServer(serverUrl, `${name}_restored`);
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const configFor = async (databaseUrl: string): Promise<Config> =>
    loadConfig({
      NODE_ENV: 'development',
      // The drill signs its own tokens; with DATABASE_URL the issuer must be asked for.
      AUTH_DEV_ISSUER: 'true',
      DATABASE_URL: databaseUrl,
      SEED_DEMO: 'true',
      DATA_DIR: join(dir, 'data'),
      PORT: '0',
      TEMPORAL_DEV_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: String(await freePort()),
      RATE_LIMIT_PER_MINUTE: '0',
    });
  // The original service's configuration, and the one started next: after the restore, the new
  // database, and the dev server on the same (restored) SQLite file.
  let before: Config | undefined;
  let current: Config | undefined;
  const topology: DrillTopology = {
    name: `service on ${name} and a dev server in ${dir}`,
    wipes: `database ${name} dropped, the dev server's SQLite file deleted`,
    restoresInto: `a fresh database ${name}_restored and a fresh SQLite file`,
    async start() {
      if (!current) {
        await createDatabase(original);
        before = current = await configFor(original);
      }
      const config = current;
      const service = await startService(config, log);
      const databaseUrl = config.database.kind === 'pg' ? config.database.url : '';
      return {
        apiUrl: service.apiUrl,
        temporalAddress: service.temporalAddress,
        databaseUrl,
        config,
        env: { DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: service.temporalAddress, DATA_DIR: config.dataDir, NODE_ENV: 'development', LOG_LEVEL: 'warn' },
        stop: service.stop,
      };
    },
    async backup(out, say) {
      await backup({ config: before!, out, say });
    },
    async wipe() {
      await dropDatabase(original);
      rmSync(before!.temporal.devServer.dbFile, { force: true });
    },
    async restore(from, say) {
      current = { ...(await configFor(restored)), temporal: { ...before!.temporal } };
      await restore({ config: current, from, say });
    },
    async cleanUp() {
      await dropDatabase(original).catch(() => undefined);
      await dropDatabase(restored).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return drill(topology, join(dir, 'backup'), say);
}
