// The service with its metrics listeners on (METRICS_PORT, TEMPORAL_SDK_METRICS_PORT), against a
// Temporal "cluster" and a real PostgreSQL: our registry (read model, HTTP, process) and Core's own
// worker metrics each on their own port, neither on the API's; the configured retention written for
// the database's triggers; and a stop that closes every listener in order.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { pino } from 'pino';
import { ConfigError, loadConfig } from '../config';
import { startService, type RunningService } from '../service';
import { startDevServer, type DevServer } from '../scripts/lib/devServer';
import { freePort } from '../scripts/lib/temporalBinaries';
import { installTemporalRuntime } from '../worker/runtime';
import { recordRetention } from '../db/schema';
import { SEARCH_ATTRIBUTES, TASK_QUEUE } from '../workflows/shared';
import { freshDatabase, type TestDatabase } from './helpers/db';
import { portAnswers } from './helpers/devServerProcess';

const dataDir = mkdtempSync(join(tmpdir(), 'gds-ops-'));
const lines: string[] = [];
const log = pino({ level: 'info' }, { write: (s: string) => void lines.push(s) });
let cluster: DevServer | undefined;
let database: TestDatabase | undefined;
let service: RunningService | undefined;

afterAll(async () => {
  await service?.stop();
  await cluster?.stop();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('metrics listeners of the service', () => {
  it('when METRICS_PORT equals PORT or the SDK port, then the configuration is refused', () => {
    expect(() => loadConfig({ PORT: '3000', METRICS_PORT: '3000' })).toThrow(ConfigError);
    expect(() => loadConfig({ METRICS_PORT: '9464', TEMPORAL_SDK_METRICS_PORT: '9464' })).toThrow(/never served on the API port/);
    expect(() => loadConfig({ TEMPORAL_SDK_METRICS_PORT: '0' })).toThrow(/TEMPORAL_SDK_METRICS_PORT/);
    expect(loadConfig({}).metrics).toEqual({ host: '127.0.0.1', port: undefined, sdkPort: undefined });
  });

  it('when both are configured, then /metrics answers on each, not on the API port; the retention is written; a stop closes them in order', { timeout: 120_000 }, async () => {
    const sdkPort = await freePort();
    // The service installs the runtime with Core's exporter; here first, as the dev server's start-up would install a default one.
    installTemporalRuntime(log, { metricsBindAddress: `127.0.0.1:${sdkPort}` });
    cluster = await startDevServer({ dbFile: join(dataDir, 'cluster.sqlite'), port: 0, headless: true, searchAttributes: SEARCH_ATTRIBUTES });
    database = await freshDatabase();
    const config = loadConfig({
      TEMPORAL_ADDRESS: cluster.address,
      DATABASE_URL: database.url,
      SEED_DEMO: 'true',
      PORT: '0',
      METRICS_PORT: '0',
      TEMPORAL_SDK_METRICS_PORT: String(sdkPort),
      CASE_RECORD_RETENTION_YEARS: '7',
      DATA_DIR: dataDir,
      AUTH_DEV_ISSUER: 'true',
    });
    service = await startService(config, log);
    expect(service.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);

    expect((await fetch(`${service.apiUrl}/health/live`)).status).toBe(200);
    const ours = await (await fetch(service.metricsUrl!)).text();
    expect(ours).toMatch(/^gds_read_model_up 1$/m);
    expect(ours).toMatch(/^gds_http_request_duration_seconds_count\{method="GET",route="\/health\/live",status_code="200"\} 1$/m);
    expect(ours).toContain('process_resident_memory_bytes');
    const onApi = await fetch(`${service.apiUrl}/metrics`);
    expect([onApi.status, ((await onApi.json()) as any).code]).toEqual([404, 'NOT_FOUND']);

    // Core's exporter: the worker's polls show up once it has polled.
    await vi.waitFor(async () => {
      const core = await (await fetch(`http://127.0.0.1:${sdkPort}/metrics`)).text();
      expect(core).toMatch(/^temporal_\w+/m);
      expect(core).toContain(`task_queue="${TASK_QUEUE}"`);
    }, { timeout: 30_000, interval: 500 });

    expect(await database.db.select().from(recordRetention)).toMatchObject([{ caseRecordYears: 7 }]);

    const metricsPort = Number(new URL(service.metricsUrl!).port);
    lines.length = 0;
    await service.stop();
    service = undefined;
    const stopped = lines.map((l) => JSON.parse(l).msg as string).filter((m) => m.startsWith('stopped: '));
    expect(stopped).toEqual(['stopped: HTTP server', 'stopped: metrics listener', 'stopped: worker (drained)', 'stopped: Temporal worker connection', 'stopped: Temporal client connection', 'stopped: database']);
    expect(await portAnswers(metricsPort)).toBe(false);
  });
});
