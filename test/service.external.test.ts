// The service against an existing Temporal "cluster" (TEMPORAL_ADDRESS) and a real PostgreSQL
// server (DATABASE_URL): it starts no dev server, registers its search attributes and sets the
// namespace retention there, migrates and seeds the database, and serves the API.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Connection } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { startService, type RunningService } from '../service';
import { startDevServer, type DevServer } from '../scripts/lib/devServer';
import { SEARCH_ATTRIBUTES } from '../workflows/shared';
import { freshDatabase, type TestDatabase } from './helpers/db';

const dataDir = mkdtempSync(join(tmpdir(), 'gds-ext-'));
let cluster: DevServer | undefined;
let database: TestDatabase | undefined;
let service: RunningService | undefined;

afterAll(async () => {
  await service?.stop();
  await cluster?.stop();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('service with TEMPORAL_ADDRESS and DATABASE_URL', () => {
  it('when pointed at an existing cluster and PostgreSQL, then it uses them, registers the search attributes, sets the retention and answers', { timeout: 120_000 }, async () => {
    // A "cluster" that knows none of our search attributes yet.
    cluster = await startDevServer({ dbFile: join(dataDir, 'cluster.sqlite'), port: 0, headless: true, searchAttributes: {} });
    database = await freshDatabase();
    const config = loadConfig({
      TEMPORAL_ADDRESS: cluster.address,
      TEMPORAL_RETENTION_DAYS: '40',
      DATABASE_URL: database.url,
      SEED_DEMO: 'true',
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      AUTH_DEV_ISSUER: 'true',
    });
    service = await startService(config, createLogger('silent'));

    expect(service.temporalAddress).toBe(cluster.address);
    expect(service.temporalUiUrl).toBeUndefined();
    expect(existsSync(join(dataDir, 'temporal.sqlite'))).toBe(false);
    expect(existsSync(join(dataDir, 'pglite'))).toBe(false);

    const connection = await Connection.connect({ address: cluster.address });
    try {
      const attrs = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
      expect(Object.keys(attrs.customAttributes ?? {})).toEqual(expect.arrayContaining(Object.keys(SEARCH_ATTRIBUTES)));
      const { config: namespaceConfig } = await connection.workflowService.describeNamespace({ namespace: 'default' });
      expect(tsToMs(namespaceConfig!.workflowExecutionRetentionTtl!)).toBe(40 * 86_400_000);
    } finally {
      await connection.close();
    }
    expect((await fetch(`${service.apiUrl}/health/ready`)).status).toBe(200);
    const res = await fetch(`${service.apiUrl}/departments?jurisdiction=210400`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { departments: unknown[] }).departments.length).toBeGreaterThan(0);
  });
});
