// Tampering with the record as the database owner, with the triggers switched off
// (session_replication_role = replica): each is found by `npm run audit:verify` (and its library)
// and by GET /audit/verify, naming the case and its first broken row; a party verifies its own case
// from GET /share-requests/:id alone (Art. 29 records as evidence; Art. 35 tamper prevention).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { Client, Connection } from '@temporalio/client';
import { stateHash } from '../../activities/case/hash';
import { verifyChain } from '../../audit/chain';
import { caseChainsCheck, runAudit, type AuditFinding } from '../../audit/verifyChains';
import { startTestApp, type TestApp } from '../helpers/app';
import { createHarness, type Harness, replyUpdate } from '../helpers/shareRequestHarness';
import { bearer } from '../helpers/tokens';
import { ownerWithoutTriggers } from '../helpers/auditLog';

const BEIJING = { catalogueEntryId: '110000-public-security-residence-permits', requester: '110000-market-regulation' };
const FUSHUN = { catalogueEntryId: '210400-public-security-vehicle-registration', requester: '210400-market-regulation' };
const BEIJING_AUTHORITY = '110000-data-sharing-authority';
const FUSHUN_AUTHORITY = '210400-data-sharing-authority';

let h: Harness;
let app: TestApp;
/** The cases: `approver` (a) and `state` (d) and `column` in Beijing, `truncated` (c) in Fushun. */
const ids = { approver: '', state: '', column: '', truncated: '' };

beforeAll(async () => {
  h = await createHarness('2026-09-25T10:00:00.000+08:00');
  await h.worker.runUntil(async () => {
    for (const [name, where, reply] of [['approver', BEIJING, true], ['state', BEIJING, false], ['column', BEIJING, true], ['truncated', FUSHUN, true]] as const) {
      const handle = await h.submit(where);
      const provider = where === BEIJING ? '110000-public-security' : '210400-public-security';
      if (reply) await handle.executeUpdate(replyUpdate, { args: [{ actor: { departmentId: provider }, decision: 'agree' }] });
      ids[name] = (await h.state(handle)).id;
    }
  });
  // The read side needs no Temporal: a client that never connects.
  const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  app = await startTestApp({ database: { ...h.database, drop: async () => undefined }, temporal, seed: false });
}, 180_000);
afterAll(async () => {
  await app?.close();
  await h?.teardown();
});

/** As the owner, triggers off: what the database's owner (or a superuser) could always do. */
async function tamper(statement: string, params: unknown[]): Promise<void> {
  const c = new pg.Client({ connectionString: h.database.url });
  await c.connect();
  try {
    await c.query('SET session_replication_role = replica');
    const { rowCount } = await c.query(statement, params);
    expect(rowCount).toBe(1);
  } finally {
    await c.end();
  }
}

async function audit(pageSize?: number): Promise<{ findings: AuditFinding[]; summary: Awaited<ReturnType<typeof runAudit>> }> {
  const findings: AuditFinding[] = [];
  const summary = await runAudit({ db: h.database.db, scope: {}, report: (f) => void findings.push(f) }, [caseChainsCheck({ pageSize })]);
  return { findings, summary };
}

/** GET /audit/verify as a department: its NDJSON lines, parsed. */
async function verifyAs(department: string): Promise<{ status: number; type: string | null; lines: any[] }> {
  const res = await fetch(`${app.url}/audit/verify`, { headers: department ? await bearer(department) : {} });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), lines: text.trimEnd().split('\n').map((l) => JSON.parse(l)) };
}

const script = (name: string) => fileURLToPath(new URL(`../../scripts/${name}`, import.meta.url));
const runScript = (name: string, input?: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', script(name)], { input, encoding: 'utf8', env: { ...process.env, DATABASE_URL: h.database.url, LOG_LEVEL: 'silent' }, timeout: 60_000 });

describe('a clean record', () => {
  it('when nothing was tampered with, then the library, the script and the endpoint find nothing', async () => {
    const { findings, summary } = await audit();
    expect(findings).toEqual([]);
    expect(summary).toEqual({ ok: true, broken: 0, checks: { chains: { cases: 4, events: 7, superseded: 0, broken: 0 } } });
    const run = runScript('auditVerify.ts');
    expect(run.stdout).toContain('the record verifies: nothing is broken');
    expect(run.stdout).toMatch(/^log: \d+ leaves, \d+ checkpoints, \d+ pending, 0 broken$/m);
    expect(run.status).toBe(0);
    // The administrator's walk covers the whole record: every chain and the audit log.
    const admin = await verifyAs('admin');
    expect(admin.lines.at(-1).summary).toMatchObject({ ok: true, broken: 0, checks: { chains: { cases: 4, broken: 0 }, log: { broken: 0 } } });
    const answer = await verifyAs(BEIJING_AUTHORITY);
    expect(answer).toMatchObject({ status: 200, type: 'application/x-ndjson; charset=utf-8' });
    expect(answer.lines).toEqual([{ summary: { ok: true, broken: 0, checks: { chains: { cases: 3, events: 5, superseded: 0, broken: 0 } } } }]);
  });

  it('when a party reads its case, then each event carries seq, revision, exact time, prevHash, hash and stateHash, the recorded state hashes to the last stateHash, and the chain verifies from the answer alone', async () => {
    const res = await fetch(`${app.url}/share-requests/${ids.approver}`, { headers: await bearer(BEIJING.requester) });
    const body = (await res.json()) as any;
    expect(body.events.map((e: any) => [e.seq, e.revision, e.type, e.hashFormat])).toEqual([[1, 0, 'received', 3], [2, 0, 'reply_agreed', 3]]);
    for (const e of body.events) expect(e).toMatchObject({ at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$/), prevHash: expect.stringMatching(/^[0-9a-f]{64}$/), hash: expect.stringMatching(/^[0-9a-f]{64}$/), stateHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(body.supersededEvents).toEqual([]);
    expect(stateHash(body.recordedState, 3)).toBe(body.events[1].stateHash);
    expect(body.recordedState).toMatchObject({ id: ids.approver, stage: body.stage, version: body.version });
    expect(verifyChain(body.id, body.events, { state: body.recordedState })).toEqual({ events: 2, superseded: 0 });

    const run = runScript('auditVerifyCase.ts', JSON.stringify(body));
    expect(run.stdout).toBe(`${ids.approver}: 2 events verify (0 superseded attempts kept apart); the recorded state is the one event 2 produced; chain head ${body.events[1].hash}\n`);
    expect(run.status).toBe(0);
  });
});

describe('tampering as the owner, triggers off', () => {
  it('(a) when the approver in an event\'s data is changed, then that case and its event 2 are named, by the library, the script, the endpoint and the party\'s own check', async () => {
    await tamper(`UPDATE case_events SET data = jsonb_set(data, '{approval,approverId}', '"110000-public-security-clerk"') WHERE case_id = $1 AND seq = 2`, [ids.approver]);
    const { findings } = await audit();
    expect(findings).toEqual([{ check: 'chains', caseId: ids.approver, seq: 2, revision: 0, problem: 'hash_mismatch', message: expect.stringContaining('event 2') }]);

    const run = runScript('auditVerify.ts');
    expect(run.stdout).toContain(`BROKEN ${ids.approver}  seq 2 revision 0  hash_mismatch`);
    expect(run.stdout).toContain('chains: 4 cases, 7 events, 0 superseded, 1 broken');
    expect(run.status).toBe(1);

    const answer = await verifyAs(BEIJING.requester);
    expect(answer.lines).toEqual([findings[0], { summary: { ok: false, broken: 1, checks: { chains: { cases: 3, events: 5, superseded: 0, broken: 1 } } } }]);
    const body = await (await fetch(`${app.url}/share-requests/${ids.approver}`, { headers: await bearer(BEIJING.requester) })).json();
    expect(runScript('auditVerifyCase.ts', JSON.stringify(body)).stdout).toMatch(new RegExp(`^BROKEN ${ids.approver}  seq 2 revision 0  hash_mismatch`));
  });

  it('(d) when the stored case state is changed, then that case and its last event are named; a read-model column changed alone is named too', async () => {
    await tamper(`UPDATE cases SET state = jsonb_set(state, '{stage}', '"withdrawn"') WHERE id = $1`, [ids.state]);
    await tamper(`UPDATE cases SET stage = 'completed' WHERE id = $1`, [ids.column]);
    const { findings, summary } = await audit();
    expect(findings.filter((f) => f.caseId !== ids.approver)).toEqual(
      [
        { check: 'chains', caseId: ids.state, seq: 1, revision: 0, problem: 'state_mismatch', message: 'the stored state is not the state event 1 produced: it was changed' },
        { check: 'chains', caseId: ids.column, seq: 2, revision: 0, problem: 'projection_mismatch', message: "the case row's stage is not what its stored state says" },
      ].sort((a, b) => (a.caseId < b.caseId ? -1 : 1)),
    );
    expect(summary.broken).toBe(3);
    const answer = await verifyAs(BEIJING_AUTHORITY);
    expect(answer.lines.slice(0, -1)).toEqual(findings.filter((f) => f.caseId !== ids.truncated));
  });

  it('(c) when a case\'s last event is deleted, then the verifier says the chain ends before the stored state\'s version', async () => {
    await tamper(`DELETE FROM case_events WHERE case_id = $1 AND seq = 2`, [ids.truncated]);
    const { findings } = await audit();
    expect(findings.find((f) => f.caseId === ids.truncated)).toEqual({ check: 'chains', caseId: ids.truncated, seq: 2, revision: 0, problem: 'chain_truncated', message: expect.stringContaining('version 2') });
  });

  it('when a department asks, then only the cases it may see are verified: Fushun\'s authority sees only the Fushun case, an outsider none', async () => {
    const fushun = await verifyAs(FUSHUN_AUTHORITY);
    expect(fushun.lines.map((l) => l.caseId ?? 'summary')).toEqual([ids.truncated, 'summary']);
    expect(fushun.lines[1].summary.checks.chains).toMatchObject({ cases: 1, broken: 1 });
    const outsider = await verifyAs('230100-natural-resources');
    expect(outsider.lines).toEqual([{ summary: { ok: true, broken: 0, checks: { chains: { cases: 0, events: 0, superseded: 0, broken: 0 } } } }]);
    // A department's administrator reads none of its cases, so it verifies none: no case id, not even a broken one's.
    const administrator = await verifyAs(`${BEIJING.requester}-admin`);
    expect(administrator.lines).toEqual(outsider.lines);
    expect((await fetch(`${app.url}/audit/verify`)).status).toBe(401);
    const head = await fetch(`${app.url}/audit/verify`, { method: 'HEAD', headers: await bearer(BEIJING_AUTHORITY) });
    expect([head.status, head.headers.get('content-type'), await head.text()]).toEqual([200, 'application/x-ndjson; charset=utf-8', '']);
  });

  it('when a case row is deleted, then its events are still walked (page by page) and reported without their case', async () => {
    const before = await audit();
    expect(await audit(1)).toEqual(before); // one case per page: the same walk
    // As the owner with triggers off: the database keeps case records 3 years (migration 0008).
    const c = await ownerWithoutTriggers(h.database.url);
    await c.query('DELETE FROM case_parties WHERE case_id = $1', [ids.state]);
    await c.query('DELETE FROM cases WHERE id = $1', [ids.state]);
    await c.close();
    const { findings, summary } = await audit(1);
    expect(findings.find((f) => f.caseId === ids.state)).toMatchObject({ seq: 1, problem: 'no_case_row' });
    expect(summary.checks.chains).toMatchObject({ cases: 4, broken: 4 });
  });
});
