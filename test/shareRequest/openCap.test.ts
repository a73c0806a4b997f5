// MAX_OPEN_CASES_PER_REQUESTER through the real stack: a requester at the cap is refused 409
// OPEN_CASE_LIMIT, a retried submission still replays, and a closed case frees a place.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { caseSubmissions } from '../../db/schema';
import { NO_LIMITS } from '../../config';
import { startLiveStack, type LiveStack } from '../helpers/liveStack';
import { BEIJING, submission } from '../helpers/fixtures';

const CAP = 2;
const { requester: REQUESTER } = BEIJING;

let live: LiveStack;
beforeAll(async () => {
  live = await startLiveStack({ limits: { ...NO_LIMITS, maxOpenCasesPerRequester: CAP } });
});
afterAll(async () => {
  await live?.teardown();
});

const submit = (key?: string, as = REQUESTER, body: unknown = submission()) =>
  live.call('POST', '/share-requests', { as, body, headers: key ? { 'Idempotency-Key': key } : {} });

describe('open cases per requester', () => {
  it('when the requester is at the cap, then a new submission is 409 OPEN_CASE_LIMIT, a retry replays, another requester opens, and a closed case frees a place', async () => {
    const first = await submit('cap-1');
    expect(first.status).toBe(201);
    expect((await submit('cap-2')).status).toBe(201);

    const refused = await submit('cap-3');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'OPEN_CASE_LIMIT', max: CAP });
    expect(refused.headers.get('retry-after')).toBeNull();
    expect((await submit()).body.code).toBe('OPEN_CASE_LIMIT');
    // The refused key is given back: the same submission may be made again later.
    const kept = await live.app.database.db.select().from(caseSubmissions).where(and(eq(caseSubmissions.departmentId, REQUESTER), eq(caseSubmissions.idempotencyKey, 'cap-3')));
    expect(kept).toEqual([]);

    const retried = await submit('cap-1');
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body.id).toBe(first.body.id);

    const other = '230100-market-regulation';
    const body = submission({ catalogueEntryId: '230100-public-security-technical-investigation' });
    expect((await submit('cap-other', other, body)).status).toBe(201);

    const withdrawn = await live.call('POST', `/share-requests/${first.body.id}/withdrawal`, { as: REQUESTER, body: { reason: '不再需要' } });
    expect(withdrawn.body.stage).toBe('withdrawn');
    expect((await submit('cap-3')).status).toBe(201);
    expect((await submit('cap-4')).body.code).toBe('OPEN_CASE_LIMIT');
  });
});
