// Art. 20 for real: staff draft, the sharing office head approves the version it read (only then is
// the request sent, and its receipt is the moment of approval; the record names who drafted and who
// edited it last) or returns it with a note; a drafted reply does not stop the reply clock; drafts
// are their department's alone. Delegation (代理): an acting head approves for a period, and the
// record says for whom.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { caseEvents, caseNotes, drafts } from '../../db/schema';
import { noteHash } from '../../api/cases/engineCommands';
import { ASSIGNMENTS_PER_DAY } from '../../workflows/case/commands';
import { startLiveStack, type LiveStack } from '../helpers/liveStack';
import { BEIJING, submission } from '../helpers/fixtures';

const { requester: REQUESTER, provider: PROVIDER, authority: AUTHORITY } = BEIJING;
const STAFF = `${REQUESTER}-staff`;
const HEAD = `${REQUESTER}-head`;

let live: LiveStack;
beforeAll(async () => {
  live = await startLiveStack();
});
afterAll(async () => {
  await live?.teardown();
});

const events = (id: string) => live.app.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, id)).orderBy(asc(caseEvents.seq));

describe('a drafted share request (Art. 20)', () => {
  it('when staff draft, the head returns it with a note, staff edit and the head approves, then the case opens at the approval with the head as actor', async () => {
    const drafted = await live.call('POST', '/share-requests/drafts', { as: STAFF, body: submission() });
    expect(drafted.status).toBe(201);
    expect(drafted.body).toMatchObject({ process: 'share-request', action: 'submit', status: 'draft', version: 1, createdBy: STAFF });
    const url = `/drafts/${drafted.body.id}`;

    const returned = await live.call('POST', `${url}/return`, { as: HEAD, body: { note: '请补充使用范围' } });
    expect(returned.body).toMatchObject({ status: 'returned', note: '请补充使用范围' });
    const edited = await live.call('PUT', url, { as: `${REQUESTER}-staff`, body: submission({ usageScope: '本部门居住证审批' }) });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ status: 'draft', updatedBy: STAFF, version: 2 });

    expect((await live.call('POST', `${url}/approval`, { as: STAFF, body: { version: 2 } })).status).toBe(403);
    const before = Date.now();
    const approved = await live.call('POST', `${url}/approval`, { as: HEAD, headers: { 'If-Match': '"2"' } });
    expect(approved.status, JSON.stringify(approved.body)).toBe(201);
    expect(approved.body.stage).toBe('awaiting_reply');
    expect(Date.parse(approved.body.receivedAt)).toBeGreaterThanOrEqual(before - 5);
    expect(approved.body.submission.usageScope).toBe('本部门居住证审批');
    expect(approved.body.submission.approval).toMatchObject({ approverId: HEAD, draft: { id: drafted.body.id, version: 2, draftedBy: STAFF, editedBy: STAFF } });
    const [received] = await events(approved.body.id);
    expect(received!.actor).toMatchObject({ departmentId: REQUESTER, userId: HEAD, role: 'sharing_office_head' });

    const again = await live.call('POST', `${url}/approval`, { as: HEAD, body: { version: 2 } });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(approved.body.id);
    const late = await live.call('PUT', url, { as: STAFF, body: submission() });
    expect(late.status).toBe(409);
    expect((await live.call('GET', url, { as: STAFF })).body).toMatchObject({ status: 'approved', approvedBy: HEAD, resultCaseId: approved.body.id });
  });

  it('when a draft exists, then only its department sees it: the provider, the authority and supervisors get 404 and no case is listed', async () => {
    const drafted = await live.call('POST', '/share-requests/drafts', { as: STAFF, body: submission({ usageScope: '草稿可见性' }) });
    const url = `/drafts/${drafted.body.id}`;
    for (const who of [PROVIDER, AUTHORITY, '100000-data-sharing-authority', '110000-government-official', 'admin']) {
      const res = await live.call('GET', url, { as: who });
      expect(res.status, who).toBe(404);
      expect((await live.call('POST', `${url}/approval`, { as: who, body: { version: 1 } })).status, who).toBe(404);
    }
    expect((await live.call('GET', '/drafts', { as: HEAD })).body.drafts.map((d: any) => d.id)).toContain(drafted.body.id);
    expect((await live.call('GET', '/drafts', { as: PROVIDER })).body.drafts.map((d: any) => d.id)).not.toContain(drafted.body.id);
    const listed = await live.call('GET', '/share-requests?limit=100', { as: AUTHORITY });
    expect(JSON.stringify(listed.body)).not.toContain('草稿可见性');
  });

  it('when a draft has expired, then approving it is 409 DRAFT_EXPIRED and it reads as expired', async () => {
    const drafted = await live.call('POST', '/share-requests/drafts', { as: STAFF, body: submission() });
    await live.app.database.db.update(drafts).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(drafts.id, drafted.body.id));
    const res = await live.call('POST', `/drafts/${drafted.body.id}/approval`, { as: HEAD, body: { version: 1 } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('DRAFT_EXPIRED');
    expect((await live.call('GET', `/drafts/${drafted.body.id}`, { as: STAFF })).body.status).toBe('expired');
  });

  it('when staff edit the draft after the head read it, then the head\'s approval of the version it read is 409 DRAFT_CHANGED, nothing is sent, and the version read again is approved', async () => {
    const drafted = await live.call('POST', '/share-requests/drafts', { as: STAFF, body: submission({ usageScope: '第一稿' }) });
    const url = `/drafts/${drafted.body.id}`;
    const read = await live.call('GET', url, { as: HEAD });
    expect(read.headers.get('etag')).toBe('"1"');
    await live.call('PUT', url, { as: STAFF, body: submission({ usageScope: '第二稿' }) });
    const stale = await live.call('POST', `${url}/approval`, { as: HEAD, headers: { 'If-Match': read.headers.get('etag')! } });
    expect([stale.status, stale.body.code]).toEqual([409, 'DRAFT_CHANGED']);
    expect((await live.call('GET', url, { as: STAFF })).body).toMatchObject({ status: 'draft', version: 2 });
    const unnamed = await live.call('POST', `${url}/approval`, { as: HEAD });
    expect([unnamed.status, unnamed.body.code]).toEqual([428, 'PRECONDITION_REQUIRED']);
    const edit = await live.call('PUT', url, { as: STAFF, headers: { 'If-Match': '"1"' }, body: submission({ usageScope: '第三稿' }) });
    expect([edit.status, edit.body.code]).toEqual([409, 'DRAFT_CHANGED']);
    const approved = await live.call('POST', `${url}/approval`, { as: HEAD, headers: { 'If-Match': '"2"' } });
    expect(approved.status, JSON.stringify(approved.body)).toBe(201);
    expect(approved.body.submission.usageScope).toBe('第二稿');
  });

  it.each([
    ['a draft with an unknown field', 400, 'VALIDATION_FAILED', () => live.call('POST', '/share-requests/drafts', { as: STAFF, body: submission({ approval: { approverId: HEAD } }) })],
    ['a draft by a department of another role (the provider drafts its own data)', 400, 'VALIDATION_FAILED', async () => {
      const d = await live.call('POST', '/share-requests/drafts', { as: `${PROVIDER}-staff`, body: submission() });
      return live.call('POST', `/drafts/${d.body.id}/approval`, { as: PROVIDER, body: { version: 1 } });
    }],
    ['a draft by a government official', 403, 'FORBIDDEN', () => live.call('POST', '/share-requests/drafts', { as: '110000-government-official', body: submission() })],
    ['a return without a note', 400, 'VALIDATION_FAILED', async () => {
      const d = await live.call('POST', '/share-requests/drafts', { as: STAFF, body: submission() });
      return live.call('POST', `/drafts/${d.body.id}/return`, { as: HEAD, body: {} });
    }],
    ['a return by staff', 403, 'FORBIDDEN', async () => {
      const d = await live.call('POST', '/share-requests/drafts', { as: STAFF, body: submission() });
      return live.call('POST', `/drafts/${d.body.id}/return`, { as: STAFF, body: { note: 'x' } });
    }],
    ['an unknown draft', 404, 'NOT_FOUND', () => live.call('GET', '/drafts/dr-nope', { as: HEAD })],
  ])('when %s, then %i %s', async (_name, status, code, send) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
  });
});

describe('a drafted reply (Art. 20)', () => {
  it('when provider staff draft a reply, then the reply clock keeps running; when the head approves, the reply is the head\'s', async () => {
    const { body: created } = await live.call('POST', '/share-requests', { as: HEAD, body: submission() });
    const drafted = await live.call('POST', `/share-requests/${created.id}/reply-draft`, { as: `${PROVIDER}-staff`, body: { decision: 'agree' } });
    expect(drafted.status).toBe(201);
    const open = await live.call('GET', `/share-requests/${created.id}`, { as: PROVIDER });
    expect(open.body.stage).toBe('awaiting_reply');
    expect(open.body.deadlines.find((d: any) => d.kind === 'reply')).toMatchObject({ status: 'open' });
    expect((await live.call('POST', `/share-requests/${created.id}/reply-draft`, { as: `${REQUESTER}-staff`, body: { decision: 'agree' } })).status).toBe(403);

    const approved = await live.call('POST', `/drafts/${drafted.body.id}/approval`, { as: PROVIDER, body: { version: 1 } });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.stage).toBe('awaiting_delivery');
    const reply = (await events(created.id)).find((e) => e.type === 'reply_agreed')!;
    expect(reply.actor).toMatchObject({ userId: `${PROVIDER}-head` });
    expect(reply.data).toMatchObject({ approval: { approverId: `${PROVIDER}-head`, draft: { id: drafted.body.id, version: 1, draftedBy: `${PROVIDER}-staff`, editedBy: `${PROVIDER}-staff` } } });
  });
});

describe('delegation (代理)', () => {
  it('when the head names staff acting head, then the staff submit as the head, the record says for whom, and after revocation they may not', async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    expect((await live.call('POST', '/share-requests', { as: STAFF, body: submission() })).status).toBe(403);
    const granted = await live.call('POST', '/delegations', { as: HEAD, body: { actingUserId: STAFF, from, to } });
    expect(granted.status, JSON.stringify(granted.body)).toBe(201);

    const submitted = await live.call('POST', '/share-requests', { as: STAFF, body: submission() });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    expect(submitted.body.submission.approval).toMatchObject({ approverId: STAFF, actingFor: HEAD });
    const [received] = await events(submitted.body.id);
    expect(received!.actor).toMatchObject({ userId: STAFF, actingFor: HEAD, role: 'sharing_office_head' });
    expect((await live.call('POST', '/delegations', { as: STAFF, body: { actingUserId: HEAD, from, to } })).status).toBe(403);

    expect((await live.call('GET', '/delegations', { as: PROVIDER })).body.delegations).toEqual([]);
    expect((await live.call('POST', `/delegations/${granted.body.id}/revocation`, { as: PROVIDER })).status).toBe(404);
    const revoked = await live.call('POST', `/delegations/${granted.body.id}/revocation`, { as: HEAD });
    expect(revoked.body).toMatchObject({ revokedBy: HEAD });
    expect((await live.call('POST', '/share-requests', { as: STAFF, body: submission() })).status).toBe(403);
  });

  it.each([
    ['the period runs backwards', { actingUserId: STAFF, from: '2026-12-02T00:00:00+08:00', to: '2026-12-01T00:00:00+08:00' }],
    ['the acting head is not of the department', { actingUserId: `${PROVIDER}-staff`, from: new Date().toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() }],
    ['the head names itself', { actingUserId: HEAD, from: new Date().toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() }],
    ['the period lasts over a year', { actingUserId: STAFF, from: new Date().toISOString(), to: new Date(Date.now() + 400 * 86_400_000).toISOString() }],
    ['the period started an hour ago', { actingUserId: STAFF, from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 86_400_000).toISOString() }],
  ])('when %s, then 400 VALIDATION_FAILED', async (_name, body) => {
    const res = await live.call('POST', '/delegations', { as: HEAD, body });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });
});

describe('delegations to one person', () => {
  const at = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
  it('when a second delegation to the same person overlaps one not revoked, then 409 DELEGATION_OVERLAP naming it; one that starts as the first ends, or after its revocation, is granted', async () => {
    const first = await live.call('POST', '/delegations', { as: HEAD, body: { actingUserId: STAFF, from: at(0), to: at(24) } });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    for (const [from, to] of [[at(12), at(48)], [at(1), at(2)], [at(-0.01), at(100)]] as const) {
      const overlapping = await live.call('POST', '/delegations', { as: HEAD, body: { actingUserId: STAFF, from, to } });
      expect([overlapping.status, overlapping.body.code]).toEqual([409, 'DELEGATION_OVERLAP']);
      expect(overlapping.body.detail).toContain(first.body.id);
    }
    const next = await live.call('POST', '/delegations', { as: HEAD, body: { actingUserId: STAFF, from: first.body.to, to: at(48) } });
    expect(next.status, JSON.stringify(next.body)).toBe(201);

    expect((await live.call('POST', `/delegations/${first.body.id}/revocation`, { as: HEAD })).status).toBe(200);
    const again = await live.call('POST', '/delegations', { as: HEAD, body: { actingUserId: STAFF, from: at(0), to: at(12) } });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    for (const id of [next.body.id, again.body.id]) expect((await live.call('POST', `/delegations/${id}/revocation`, { as: HEAD })).status).toBe(200);
  });
});

describe('reassigning a case\'s work inside a department', () => {
  it('when the provider\'s head gives the work to a member, then the case records it; staff, strangers and outsiders may not', async () => {
    const { body: created } = await live.call('POST', '/share-requests', { as: HEAD, body: submission() });
    const url = `/share-requests/${created.id}/assignment`;
    const assigned = await live.call('POST', url, { as: PROVIDER, body: { assigneeUserId: `${PROVIDER}-staff`, note: '请于三日内办理' } });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    expect(assigned.body.stage).toBe('awaiting_reply');
    const last = (await events(created.id)).at(-1)!;
    expect(last).toMatchObject({ type: 'work_assigned', actor: { userId: `${PROVIDER}-head` }, data: { departmentId: PROVIDER, assignee: `${PROVIDER}-staff` } });

    expect((await live.call('POST', url, { as: `${PROVIDER}-staff`, body: { assigneeUserId: `${PROVIDER}-staff` } })).status).toBe(403);
    const stranger = await live.call('POST', url, { as: PROVIDER, body: { assigneeUserId: `${REQUESTER}-staff` } });
    expect(stranger.status).toBe(400);
    expect((await live.call('POST', url, { as: '210400-natural-resources', body: { assigneeUserId: '210400-natural-resources-staff' } })).status).toBe(404);
    expect((await events(created.id)).filter((e) => e.type === 'work_assigned')).toHaveLength(1);
  });

  it('when the head assigns with a note, then the chain carries only its hash: the department reads the note, the other party and the authority see that an assignment happened, not what the note says', async () => {
    const { body: created } = await live.call('POST', '/share-requests', { as: HEAD, body: submission() });
    const note = '内部：请优先核验户籍字段';
    await live.call('POST', `/share-requests/${created.id}/assignment`, { as: PROVIDER, body: { assigneeUserId: `${PROVIDER}-staff`, note } });
    const assigned = (await events(created.id)).at(-1)!;
    expect(JSON.stringify(assigned.data)).not.toContain(note);
    const mine = await live.call('GET', `/share-requests/${created.id}`, { as: `${PROVIDER}-staff` });
    expect(mine.body.notes).toEqual([expect.objectContaining({ seq: assigned.seq, note, noteHash: (assigned.data as { noteHash: string }).noteHash })]);
    expect(noteHash(mine.body.notes[0].nonce, note)).toBe((assigned.data as { noteHash: string }).noteHash);
    for (const other of [REQUESTER, AUTHORITY]) {
      const seen = await live.call('GET', `/share-requests/${created.id}`, { as: other });
      expect(seen.body.notes, other).toEqual([]);
      expect(JSON.stringify(seen.body), other).not.toContain(note);
      expect(seen.body.events.at(-1).type).toBe('work_assigned');
    }
  });

  it('when the head assigns the same person again, then nothing is recorded; beyond the daily rate a case refuses more assignments with 429', async () => {
    const { body: created } = await live.call('POST', '/share-requests', { as: HEAD, body: submission() });
    const url = `/share-requests/${created.id}/assignment`;
    const count = async () => (await events(created.id)).filter((e) => e.type === 'work_assigned').length;
    await live.call('POST', url, { as: PROVIDER, body: { assigneeUserId: `${PROVIDER}-staff` } });
    const same = await live.call('POST', url, { as: PROVIDER, body: { assigneeUserId: `${PROVIDER}-staff` } });
    expect(same.status).toBe(200);
    expect(await count()).toBe(1);
    for (let i = 1; i < ASSIGNMENTS_PER_DAY; i++) {
      const who = i % 2 === 0 ? `${PROVIDER}-staff` : `${PROVIDER}-head`;
      expect((await live.call('POST', url, { as: PROVIDER, body: { assigneeUserId: who } })).status).toBe(200);
    }
    expect(await count()).toBe(ASSIGNMENTS_PER_DAY);
    const over = await live.call('POST', url, { as: PROVIDER, body: { assigneeUserId: `${PROVIDER}-staff`, note: '再次' } });
    expect([over.status, over.body.code]).toEqual([429, 'RATE_LIMITED']);
    expect(await count()).toBe(ASSIGNMENTS_PER_DAY);
    // The refused assignment's note is not kept.
    expect(await live.app.database.db.select().from(caseNotes).where(eq(caseNotes.caseId, created.id))).toEqual([]);
  });
});
