// startDevServer({ restartOnExit }) as npm start uses it: a dev server that dies behind our back
// comes back on the same port with the same SQLite file (cases, search attributes, retention kept),
// and says so; a deliberate stop() never brings it back, even one that lands while a restart waits.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { startDevServer, type DevServer, type DevServerEvent } from '../scripts/lib/devServer';
import { SEARCH_ATTRIBUTES } from '../workflows/shared';
import { devServerPid, portAnswers } from './helpers/devServerProcess';
import { eventually } from './helpers/shareRequestHarness';

const dir = mkdtempSync(join(tmpdir(), 'gds-supervised-'));
const servers: DevServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function supervised(name: string): Promise<{ server: DevServer; dbFile: string; port: number; events: DevServerEvent[] }> {
  const events: DevServerEvent[] = [];
  const dbFile = join(dir, `${name}.sqlite`);
  const server = await startDevServer({
    dbFile,
    port: 0,
    headless: true,
    searchAttributes: SEARCH_ATTRIBUTES,
    retentionDays: 45,
    restartOnExit: true,
    onEvent: (e) => events.push(e),
  });
  servers.push(server);
  return { server, dbFile, port: Number(server.address.split(':')[1]), events };
}

async function withClient<T>(address: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address });
  try {
    return await fn(new Client({ connection }));
  } finally {
    await connection.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('startDevServer with restartOnExit', () => {
  it('when the server is killed, then it is restarted on the same port with the same data, and the events say so', { timeout: 90_000 }, async () => {
    const { server, dbFile, events } = await supervised('crash');
    // A case parked on a queue nobody polls: it must survive the crash in the SQLite file.
    await withClient(server.address, (c) => c.workflow.start('parked', { taskQueue: 'nobody', workflowId: 'parked-case' }));
    const before = devServerPid(dbFile);

    process.kill(before, 'SIGKILL');
    await eventually(async () => expect(events.map((e) => e.type)).toEqual(['exited', 'restarted']), 30_000);
    expect(events[0]).toMatchObject({ type: 'exited', address: server.address, detail: expect.stringMatching(/exited with/) });
    expect(events[1]).toEqual({ type: 'restarted', address: server.address });
    expect(devServerPid(dbFile)).not.toBe(before);

    await withClient(server.address, async (c) => {
      expect((await c.workflow.getHandle('parked-case').describe()).status.name).toBe('RUNNING');
      const attrs = await c.connection.operatorService.listSearchAttributes({ namespace: 'default' });
      expect(Object.keys(attrs.customAttributes ?? {})).toEqual(expect.arrayContaining(Object.keys(SEARCH_ATTRIBUTES)));
      const { config } = await c.connection.workflowService.describeNamespace({ namespace: 'default' });
      expect(tsToMs(config!.workflowExecutionRetentionTtl!)).toBe(45 * 86_400_000);
      await c.workflow.getHandle('parked-case').terminate('test done');
    });
  });

  it('when it is stopped deliberately, then it stays stopped', { timeout: 60_000 }, async () => {
    const { server, port, events } = await supervised('deliberate');
    await server.stop();
    expect(await portAnswers(port)).toBe(false);
    await sleep(2_000); // well past the first restart back-off
    expect(await portAnswers(port)).toBe(false);
    expect(events).toEqual([]);
  });

  it('when it is stopped while a restart waits its back-off, then the restart is called off', { timeout: 60_000 }, async () => {
    const { server, dbFile, port, events } = await supervised('stop-during-restart');
    process.kill(devServerPid(dbFile), 'SIGKILL');
    await eventually(async () => expect(events.map((e) => e.type)).toEqual(['exited']));
    await server.stop();
    await sleep(2_000);
    expect(await portAnswers(port)).toBe(false);
    expect(events.map((e) => e.type)).toEqual(['exited']);
  });
});
