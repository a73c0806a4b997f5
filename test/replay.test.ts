// Replays stored histories of finished cases against today's workflow code: a change that is not
// deterministic (and not behind patched()) fails here before it can break running cases.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import './helpers/quietRuntime';
import { workflowBundle } from './helpers/shareRequestHarness';
import { PROCESSES } from '../processes';

const dir = new URL('./replay/', import.meta.url);
const histories = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('replay of stored histories', () => {
  it('when the stored histories are listed, then every registered process has a finished case among them', () => {
    // Recorded through the API (test/replay/record.ts): updates carry the principal header, so the interceptor replays too.
    for (const process of PROCESSES.names()) expect(histories.some((f) => f.startsWith(`${process}-`)), process).toBe(true);
  });

  it.each(histories)('when %s is replayed, then the workflow code reproduces it', async (file) => {
    // Stored as protobufjs JSON (test/replay/record.ts): fromObject reads it back as a History.
    const history = temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(new URL(file, dir), 'utf8')));
    const types = history.events.map((e) => e.eventType);
    expect(types).toContain(temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, `replay-${file}`);
  }, 60_000);
});
