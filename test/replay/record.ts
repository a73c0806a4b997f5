// Records the history of a finished case of each process into test/replay/, for the replay test.
// Run when workflow code changes on purpose (with a patched() guard) and new histories are wanted:
//   DATABASE_URL=postgres://… npx tsx test/replay/record.ts
// One history per process, each through the API with the verified principal in update headers.
import { writeFileSync } from 'node:fs';
import { startLiveStack } from '../helpers/liveStack';
import { BEIJING, submission } from '../helpers/fixtures';

const { requester: REQUESTER, provider: PROVIDER, authority: AUTHORITY } = BEIJING;

const live = await startLiveStack();
try {
  const post = async (path: string, as: string, body: unknown) => {
    const res = await live.call('POST', path, { as, body });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const record = async (workflowId: string, file: string) => {
    const handle = live.client.workflow.getHandle(workflowId);
    await handle.result();
    // protobufjs's toJSON: enum names, base64 bytes, longs as strings — what historyFromJSON reads.
    writeFileSync(new URL(`./${file}`, import.meta.url), JSON.stringify(await handle.fetchHistory(), null, 1));
    console.log(`recorded ${file}`);
  };

  const created = await post('/share-requests', REQUESTER, submission());
  const c = `/share-requests/${created.id}`;
  await post(`${c}/supplement-notice`, PROVIDER, { missingItems: ['用途说明'] });
  await post(`${c}/supplement`, REQUESTER, { items: ['用途说明'] });
  await post(`${c}/extension-request`, PROVIDER, { workingDays: 3, reason: '需跨部门核验' });
  await post(`${c}/extension-decision`, AUTHORITY, { approved: true });
  await post(`${c}/assignment`, PROVIDER, { assigneeUserId: `${PROVIDER}-staff`, note: '请优先办理' });
  await post(`${c}/reply`, PROVIDER, { decision: 'agree' });
  await post(`${c}/delivery`, PROVIDER, { method: 'service_api', reference: 'SVC-REPLAY-1' });

  const correction = await post('/corrections', `${REQUESTER}-staff`, { shareRequestId: created.id, items: ['户籍地址'], problem: '地址与实际不符' });
  await post(`/corrections/${correction.id}/result`, `${PROVIDER}-staff`, { outcome: 'partly_corrected', explanation: '部分字段已更正' });
  await post(`/corrections/${correction.id}/accept`, REQUESTER, {});
  await post(`${c}/receipt-confirmation`, REQUESTER, {});

  await record(`share-request:${created.id}`, 'share-request-completed.json');
  await record(`correction:${correction.id}`, 'correction-accepted.json');
} finally {
  await live.teardown();
}
