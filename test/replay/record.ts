// Records the history of a finished share request into test/replay/, for the replay test.
// Run when the workflow changes on purpose (with a patched() guard) and a new history is wanted:
//   DATABASE_URL=postgres://… npx tsx test/replay/record.ts [file name]
// share-request-completed.json is the pre-engine workflow's (replayed by the legacy branch);
// share-request-engine-completed.json is the case engine's; share-request-identity-completed.json
// the engine's with the verified principal in update headers (identity).
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
  const created = await post('/share-requests', REQUESTER, submission());
  const c = `/share-requests/${created.id}`;
  await post(`${c}/supplement-notice`, PROVIDER, { missingItems: ['用途说明'] });
  await post(`${c}/supplement`, REQUESTER, { items: ['用途说明'] });
  await post(`${c}/extension-request`, PROVIDER, { workingDays: 3, reason: '需跨部门核验' });
  await post(`${c}/extension-decision`, AUTHORITY, { approved: true });
  await post(`${c}/reply`, PROVIDER, { decision: 'agree' });
  await post(`${c}/delivery`, PROVIDER, { method: 'service_api', reference: 'SVC-REPLAY-1' });
  await post(`${c}/receipt-confirmation`, REQUESTER, {});
  const handle = live.client.workflow.getHandle(`share-request:${created.id}`);
  await handle.result();
  const file = new URL(`./${process.argv[2] ?? 'share-request-engine-completed.json'}`, import.meta.url);
  // protobufjs's toJSON: enum names, base64 bytes, longs as strings — what historyFromJSON reads.
  writeFileSync(file, JSON.stringify(await handle.fetchHistory(), null, 1));
  console.log(`recorded ${file.pathname}`);
} finally {
  await live.teardown();
}
