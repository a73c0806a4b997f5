// The audit-checkpoints Schedule on a real Temporal dev server with the real worker: created once
// (idempotent, its interval updated), it runs by itself, sequences a real share request's events
// and signs a checkpoint; the requester then checks its case from API answers alone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standardSuite } from '../../crypto/suite';
import { loadSigningKey, type CheckpointSigner } from '../../audit/signing';
import { checkCaseInclusion } from '../../audit/proofs';
import { verifyLog } from '../../audit/verifyLog';
import { ensureCheckpointSchedule } from '../../worker/auditSchedule';
import { AUDIT_CHECKPOINT_SCHEDULE_ID, AUDIT_CHECKPOINT_WORKFLOW_ID } from '../../workflows/shared';
import * as workflows from '../../workflows/index';
import { startLiveStack, type LiveStack } from '../helpers/liveStack';
import { eventually } from '../helpers/shareRequestHarness';
import { BEIJING, submission } from '../helpers/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'gds-schedule-'));
let live: LiveStack;
let signer: CheckpointSigner;

beforeAll(async () => {
  signer = await loadSigningKey(join(dir, 'key.json'), standardSuite, { create: true });
  live = await startLiveStack({ auditSigner: signer });
});
afterAll(async () => {
  await live?.client.schedule.getHandle(AUDIT_CHECKPOINT_SCHEDULE_ID).delete().catch(() => undefined);
  await live?.teardown();
  rmSync(dir, { recursive: true, force: true });
});

describe('the audit-checkpoints Schedule', () => {
  it('when it is ensured again, then it is not created twice; a new interval updates it', async () => {
    expect(Object.keys(workflows)).toContain('auditCheckpoint');
    expect(await ensureCheckpointSchedule(live.client, { intervalMs: 60_000 })).toBe('created');
    expect(await ensureCheckpointSchedule(live.client, { intervalMs: 60_000 })).toBe('unchanged');
    expect(await ensureCheckpointSchedule(live.client, { intervalMs: 2_000 })).toBe('updated');
    const d = await live.client.schedule.getHandle(AUDIT_CHECKPOINT_SCHEDULE_ID).describe();
    expect(d.spec.intervals).toMatchObject([{ every: 2_000 }]);
    expect(d.action).toMatchObject({ type: 'startWorkflow', workflowType: 'auditCheckpoint', workflowId: AUDIT_CHECKPOINT_WORKFLOW_ID });
  });

  it('when a share request is submitted, then the Schedule by itself logs its events and signs a checkpoint the requester can check', async () => {
    const created = await live.call('POST', '/share-requests', { as: BEIJING.requester, body: submission() });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const view = await live.call('GET', `/share-requests/${id}`, { as: BEIJING.requester });
    const events = view.body.events as Array<{ seq: number; hash: string }>;
    expect(events.length).toBeGreaterThan(0);

    const answer = await eventually(async () => {
      const res = await live.call('GET', `/audit/checkpoints?caseId=${id}`, { as: BEIJING.requester });
      expect(res.status).toBe(200);
      expect(res.body.entries).toHaveLength(events.length);
      return res.body;
    }, 30_000);
    expect(checkCaseInclusion({ events, ...answer, publicKey: answer.keys[0].publicKey })).toEqual({ ok: true, problems: [], notInCheckpoint: [] });
    expect(answer.keys[0]).toEqual({ keyId: signer.keyId, suite: 'standard', publicKey: signer.publicKey });

    const d = await live.client.schedule.getHandle(AUDIT_CHECKPOINT_SCHEDULE_ID).describe();
    expect(d.info.recentActions.length).toBeGreaterThan(0);
    const { workflowId } = d.info.recentActions.at(-1)!.action.workflow;
    expect(workflowId.startsWith(`${AUDIT_CHECKPOINT_WORKFLOW_ID}-`)).toBe(true);
    expect(await live.client.workflow.getHandle(workflowId).result()).toMatchObject({ size: expect.any(Number), appended: expect.any(Number) });
    expect(await verifyLog(live.app.database.db, { trustedKeys: [signer.publicKey] })).toMatchObject({ ok: true, findings: [] });
  }, 60_000);
});
