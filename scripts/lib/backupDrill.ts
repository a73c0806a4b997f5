// The backup drill: the service on a database of its own (on DATABASE_URL's server) and the dev
// server, cases opened and moved on, the service stopped, a backup, both stores wiped, a restore into
// a fresh database and file, then `npm run audit:verify` and `npm run reconcile` (which must pass)
// and the cases moved on again from where the backup left them — then both commands once more.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { loadConfig, type Config } from '../../config';
import { createLogger } from '../../logger';
import { devIssuer } from '../../identity/devIssuer';
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
  usagePeriod: { from: '2026-12-01', to: '2027-12-31' },
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

/** Runs an npm script against the restored stores; it must exit 0. */
async function npmScript(script: string, env: NodeJS.ProcessEnv): Promise<{ command: string; output: string }> {
  const command = `npm run --silent ${script}`;
  try {
    const { stdout } = await run('npm', ['run', '--silent', script], { cwd: repo, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 });
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

/** `serverUrl`: any database on the PostgreSQL server to use; the drill creates and drops its own there. */
export async function runBackupDrill({ serverUrl, say = () => undefined }: { serverUrl: string; say?: (line: string) => void }): Promise<DrillReport> {
  const dir = mkdtempSync(join(tmpdir(), 'gds-drill-'));
  const name = `gds_drill_${randomBytes(4).toString('hex')}`;
  const original = sameServer(serverUrl, name);
  const restored = sameServer(serverUrl, `${name}_restored`);
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const configFor = async (databaseUrl: string): Promise<Config> =>
    loadConfig({
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrl,
      SEED_DEMO: 'true',
      DATA_DIR: join(dir, 'data'),
      PORT: '0',
      TEMPORAL_DEV_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: String(await freePort()),
      RATE_LIMIT_PER_MINUTE: '0',
    });
  let stopService: (() => Promise<void>) | undefined;
  try {
    await createDatabase(original);
    const before = await configFor(original);
    const issuer = await devIssuer(before.auth.devIssuerKeyFile);
    const token = (userId: string) => issuer.issue(userId);

    say(`1. service on ${name} and a dev server in ${dir}; cases opened`);
    let service = await startService(before, log);
    stopService = service.stop;
    let call = api(service.apiUrl, token);
    const awaitingReply = (await call('POST', '/share-requests', REQUESTER, SUBMISSION)).id as string;
    const awaitingDelivery = (await call('POST', '/share-requests', REQUESTER, SUBMISSION)).id as string;
    await call('POST', `/share-requests/${awaitingDelivery}/reply`, PROVIDER, { decision: 'agree' });
    await takeCheckpoint(service.temporalAddress, original);
    const beforeBackup = await snapshot(call, [awaitingReply, awaitingDelivery]);

    say('2. service stopped; backup');
    await service.stop();
    stopService = undefined;
    const out = join(dir, 'backup');
    await backup({ config: before, out, say: (l) => say(`   ${l}`) });

    say(`3. wiped: database ${name} dropped, the dev server's SQLite file deleted`);
    await dropDatabase(original);
    rmSync(before.temporal.devServer.dbFile, { force: true });

    say(`4. restore into a fresh database ${name}_restored and a fresh SQLite file`);
    const after = { ...(await configFor(restored)), temporal: { ...before.temporal } };
    await restore({ config: after, from: out, say: (l) => say(`   ${l}`) });

    say('5. restored service started; audit:verify and reconcile');
    service = await startService(after, log);
    stopService = service.stop;
    call = api(service.apiUrl, token);
    const env = { DATABASE_URL: restored, TEMPORAL_ADDRESS: service.temporalAddress, DATA_DIR: after.dataDir, NODE_ENV: 'development', LOG_LEVEL: 'warn' };
    const checks = [await npmScript('audit:verify', env), await npmScript('reconcile', env)];
    const afterRestore = await snapshot(call, [awaitingReply, awaitingDelivery]);
    const checkpointsRestored = await checkpoints(restored);

    say('6. the cases continue where the backup left them; audit:verify and reconcile again');
    await call('POST', `/share-requests/${awaitingReply}/reply`, PROVIDER, { decision: 'agree' });
    await call('POST', `/share-requests/${awaitingDelivery}/delivery`, PROVIDER, { method: 'service_api', reference: 'DRILL-0001' });
    const continued = Object.fromEntries(Object.entries(await snapshot(call, [awaitingReply, awaitingDelivery])).map(([id, s]) => [id, s.stage]));
    checks.push(await npmScript('audit:verify', env), await npmScript('reconcile', env));

    await service.stop();
    stopService = undefined;
    say('drill passed');
    return { cases: { awaitingReply, awaitingDelivery }, beforeBackup, afterRestore, continued, checks, checkpointsRestored };
  } finally {
    await stopService?.();
    await dropDatabase(original).catch(() => undefined);
    await dropDatabase(restored).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
