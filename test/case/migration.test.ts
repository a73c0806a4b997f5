// Migration 0002/0003: share requests recorded before the case engine move into the one read model
// (`cases`, `case_parties`) and nothing is lost; the API reads their pre-engine state. Migration 0004:
// their events (hash format 1) become revision 0 without a stateHash and still verify.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, openDatabase } from '../../db/client';
import { caseEvents, caseParties, cases } from '../../db/schema';
import { eventHash, GENESIS_HASH } from '../../activities/case/hash';
import { runAudit, type AuditFinding } from '../../audit/verifyChains';
import { seedDemo } from '../../db/seed';
import { asShareRequestState } from '../../workflows/shareRequest/legacy/upgrade';
import { shareRequestView } from '../../api/shareRequest/view';
import type { CaseState } from '../../workflows/shared';

const serverUrl = process.env.DATABASE_URL!;
const name = `gds_m_${randomBytes(6).toString('hex')}`;
const url = Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
const dir = mkdtempSync(join(tmpdir(), 'gds-migrations-'));

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.end();
});

/** A share request as the pre-engine workflow stored it (overdue reply, violation recorded). */
const legacyState = {
  id: 'sr-legacy0001',
  stage: 'awaiting_reply',
  overdue: true,
  input: {
    id: 'sr-legacy0001',
    submission: { catalogueEntryId: '110000-public-security-residence-permits', legalBasis: '条例第二十条', usageScenario: '核验', usageScope: '本部门', sharingMethod: 'service_api', usagePeriod: { from: '2026-01-01', to: '2026-12-31' }, approval: { approverId: '110000-market-regulation-head', approvedAt: '2026-09-25T01:00:00.000Z' } },
    requester: { departmentId: '110000-market-regulation', jurisdictionCode: '110000' },
    provider: { departmentId: '110000-public-security', jurisdictionCode: '110000' },
    supervisor: { departmentId: '110000-data-sharing-authority', jurisdictionCode: '110000', authorityName: '北京市政务服务和数据管理局', governmentName: '北京市人民政府' },
    catalogueEntry: { id: '110000-public-security-residence-permits', nameZh: '居住证信息', sharingAttribute: 'conditional', notSharedReason: null, legalBasis: null },
    receivedAt: '2026-09-25T02:00:00.000Z',
  },
  rules: { ruleSet: 'national', reply: { workingDays: 10, ruleSet: 'national', article: 'Art. 21' }, delivery: { workingDays: 20, ruleSet: 'national', article: 'Art. 22' }, extensionCap: { workingDays: 10, ruleSet: 'national', article: 'Art. 21' } },
  deadlines: [{ id: 1, kind: 'reply', startedAt: '2026-09-25T02:00:00.000Z', workingDays: 10, dueAt: '2026-10-16T00:00:00+08:00', dueDate: '2026-10-15', provisional: false, ruleSet: 'national', article: 'Art. 21', status: 'missed', missedAt: '2026-10-15T16:00:00.000Z', escalatedTo: 'authority', escalatedAt: '2026-10-15T16:00:00.120Z' }],
  extensions: [],
  violations: [{ kind: 'reply', article: 'Art. 39 (4)', at: '2026-10-15T16:00:00.120Z', deadlineId: 1 }],
  version: 2,
};

describe('migration of share requests into the one read model', () => {
  it('when a database from before the engine is migrated, then each share request is a case with its parties, its state reads in the engine\'s shape, and the old table is gone', async () => {
    // The migrations up to 0001 (share_requests), applied with drizzle's own migrator.
    const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8'));
    cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
    writeFileSync(join(dir, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, 2) }));
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const pool = new pg.Pool({ connectionString: url });
    const old = drizzle(pool);
    await migrate(old, { migrationsFolder: dir });
    await seedDemo(old as never);
    await old.execute(sql`INSERT INTO share_requests (id, workflow_id, requester_department_id, provider_department_id, catalogue_entry_id, jurisdiction_code, sharing_attribute, rule_set, stage, overdue, due_at, provisional, received_at, updated_at, version, state)
      VALUES ('sr-legacy0001', 'share-request:sr-legacy0001', '110000-market-regulation', '110000-public-security', '110000-public-security-residence-permits', '110000', 'conditional', 'national', 'awaiting_reply', true, NULL, false, '2026-09-25T02:00:00Z', '2026-10-15T16:00:00Z', 2, ${JSON.stringify(legacyState)}::jsonb)`);
    let prev = GENESIS_HASH;
    for (const e of [{ seq: 1, type: 'received', at: '2026-09-25T02:00:00.000Z' }, { seq: 2, type: 'deadline_missed', at: '2026-10-15T16:00:00.120Z', data: { kind: 'reply' } }]) {
      const hash = eventHash(prev, 'sr-legacy0001', e, 1);
      await old.execute(sql`INSERT INTO case_events (case_id, seq, process, type, at, actor, data, prev_hash, hash)
        VALUES ('sr-legacy0001', ${e.seq}, 'share-request', ${e.type}, ${e.at}, NULL, ${e.data ? JSON.stringify(e.data) : null}::jsonb, ${prev}, ${hash})`);
      prev = hash;
    }
    await pool.end();

    // Now the service's own migration run.
    const handle = await openDatabase({ kind: 'pg', url });
    try {
      const [row] = await handle.db.select().from(cases).where(eq(cases.id, 'sr-legacy0001'));
      expect(row).toMatchObject({ process: 'share-request', stage: 'awaiting_reply', overdue: true, openViolations: 1, jurisdictionCode: '110000', version: 2, closedAt: null });
      expect(row!.state).toEqual(legacyState);
      const parties = await handle.db.select().from(caseParties).where(eq(caseParties.caseId, 'sr-legacy0001'));
      expect(parties.map((p) => `${p.role}:${p.departmentId}`).sort()).toEqual([
        'authority:110000-data-sharing-authority',
        'provider:110000-public-security',
        'requester:110000-market-regulation',
      ]);
      const tables = (await handle.db.execute(sql`SELECT to_regclass('public.share_requests') AS t`)) as unknown as { rows: Array<{ t: string | null }> };
      expect(tables.rows[0]!.t).toBeNull();

      const events = await handle.db.select().from(caseEvents).where(eq(caseEvents.caseId, 'sr-legacy0001'));
      expect(events.map((e) => [e.seq, e.revision, e.hashFormat, e.stateHash])).toEqual([[1, 0, 1, null], [2, 0, 1, null]]);
      const findings: AuditFinding[] = [];
      expect(await runAudit({ db: handle.db, scope: {}, report: (f) => void findings.push(f) })).toMatchObject({ ok: true, checks: { chains: { cases: 1, events: 2 } } });
      expect(findings).toEqual([]);

      const view = shareRequestView(asShareRequestState(row!.state) as unknown as CaseState);
      expect(view).toMatchObject({ id: 'sr-legacy0001', process: 'share-request', stage: 'awaiting_reply', overdue: true, receivedAt: '2026-09-25T10:00:00.000+08:00' });
      expect(view.deadlines[0]).toMatchObject({ kind: 'reply', dueAt: '2026-10-16T00:00:00.000+08:00', missedAt: '2026-10-16T00:00:00.000+08:00', dutyBearer: { departmentId: '110000-public-security' } });
      expect(view.violations).toEqual([expect.objectContaining({ duty: 'reply', article: 'Art. 39', clause: '(4)', status: 'open', ordersRectification: '110000-data-sharing-authority' })]);
    } finally {
      await handle.close();
    }
  });
});
