// docker-compose.yml's namespace job (scripts/compose/temporal-namespace.sh) run for real, with the
// environment the compose file gives it, against a dev server that knows none of our attributes:
// it creates the namespace with the retention, registers every search attribute with its type, and
// a second run (the next `docker compose up`) keeps them and applies a changed retention.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { indexedValueType, startDevServer, type DevServer } from '../scripts/lib/devServer';
import { temporalCliPath } from '../scripts/lib/temporalBinaries';
import { SEARCH_ATTRIBUTES } from '../workflows/shared';
import { loadCompose, ROOT, serviceEnvironment } from './helpers/compose';

const NAMESPACE = 'gds-compose';
const dir = mkdtempSync(join(tmpdir(), 'gds-compose-ns-'));
let server: DevServer;
let connection: Connection;

beforeAll(async () => {
  server = await startDevServer({ dbFile: join(dir, 'temporal.sqlite'), port: 0, headless: true, searchAttributes: {} });
  connection = await Connection.connect({ address: server.address });
});
afterAll(async () => {
  await connection?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The job as compose runs it: its environment, pointed at this server and namespace; the CLI on PATH. */
function runJob(over: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  const env = { ...serviceEnvironment(loadCompose().services['temporal-namespace']!), TEMPORAL_ADDRESS: server.address, TEMPORAL_NAMESPACE: NAMESPACE, ...over };
  return new Promise((resolve) => {
    execFile('sh', ['scripts/compose/temporal-namespace.sh'], { cwd: ROOT, env: { PATH: `${dirname(temporalCliPath())}:${process.env.PATH}`, ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

const retentionDays = async () => tsToMs((await connection.workflowService.describeNamespace({ namespace: NAMESPACE })).config!.workflowExecutionRetentionTtl!) / 86_400_000;
const registered = async () => (await connection.operatorService.listSearchAttributes({ namespace: NAMESPACE })).customAttributes ?? {};
const expected = Object.fromEntries(Object.entries(SEARCH_ATTRIBUTES).map(([name, type]) => [name, indexedValueType[type]]));

describe('the namespace job', () => {
  it('when it runs against a fresh server, then the namespace exists with the retention and every search attribute with its type', { timeout: 120_000 }, async () => {
    const res = await runJob();
    expect(res.code, res.out).toBe(0);
    expect(res.out).toContain(`namespace ${NAMESPACE} ready: retention 30d`);
    expect(await retentionDays()).toBe(30);
    expect(await registered()).toMatchObject(expected);
  });

  it('when it runs again with another retention, then it succeeds, keeps the attributes and sets the retention', { timeout: 120_000 }, async () => {
    const res = await runJob({ TEMPORAL_RETENTION_DAYS: '45' });
    expect(res.code, res.out).toBe(0);
    expect(await retentionDays()).toBe(45);
    expect(await registered()).toMatchObject(expected);
  });

  it('when a variable it needs is missing, then it fails at once naming it', async () => {
    const res = await runJob({ GDS_SEARCH_ATTRIBUTES: '' });
    expect(res.code).not.toBe(0);
    expect(res.out).toContain('GDS_SEARCH_ATTRIBUTES');
  });
});
