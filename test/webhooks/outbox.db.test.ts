// The outbox trigger (migration 0008) on real PostgreSQL: deliveries exist exactly when their event
// does (same transaction), for the departments the event concerns and the types they asked for; a
// superseded attempt at the same seq refreshes a delivery not yet tried and leaves one tried alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import { caseEvents, caseParties, cases, webhookDeliveries, webhookSubscriptions } from '../../db/schema';
import { seedDemo } from '../../db/seed';
import { freshDatabase, type TestDatabase } from '../helpers/db';
import { BEIJING } from '../helpers/fixtures';

const { requester: REQUESTER, provider: PROVIDER, authority: AUTHORITY } = BEIJING;
let database: TestDatabase;
const db = () => database.db;

beforeAll(async () => {
  database = await freshDatabase();
  await seedDemo(database.db);
  const now = new Date();
  const hook = (id: string, departmentId: string, eventTypes: string[], enabled = true) => ({ id, departmentId, url: 'https://hooks.example.cn/x', eventTypes, enabled, secret: 'v1.sealed', createdAt: now, createdBy: 'x', updatedAt: now, updatedBy: 'x' });
  await db()
    .insert(webhookSubscriptions)
    .values([
      hook('wh_requester', REQUESTER, ['share-request.received']),
      hook('wh_provider', PROVIDER, ['share-request.*']),
      hook('wh_authority', AUTHORITY, ['share-request.*']),
      hook('wh_off', PROVIDER, ['share-request.*'], false),
      hook('wh_outsider', '210400-public-security', ['share-request.*']),
    ]);
});
afterAll(async () => {
  await database?.drop();
});

type Tx = Parameters<Parameters<TestDatabase['db']['transaction']>[0]>[0];

/** A case as the recorder projects it: the row at `version`, its parties. */
async function caseAt(tx: Tx, id: string, version: number, stage: string) {
  const now = new Date();
  await tx
    .insert(cases)
    .values({ id, process: 'share-request', workflowId: `share-request:${id}`, stage, jurisdictionCode: '110000', openedAt: now, updatedAt: now, version, state: {} as never })
    .onConflictDoUpdate({ target: cases.id, set: { version, stage } });
  await tx
    .insert(caseParties)
    .values([
      { caseId: id, departmentId: REQUESTER, role: 'requester', standing: 'party', openedAt: now },
      { caseId: id, departmentId: PROVIDER, role: 'provider', standing: 'party', openedAt: now },
    ])
    .onConflictDoNothing();
}

const event = (caseId: string, seq: number, type: string, revision = 0) => ({ caseId, seq, revision, process: 'share-request', type, at: new Date(), prevHash: '0'.repeat(64), hash: `${revision}${seq}`.padEnd(64, 'a'), stateHash: '0'.repeat(64), hashFormat: 3 });
const deliveriesOf = (caseId: string) => db().select().from(webhookDeliveries).where(eq(webhookDeliveries.caseId, caseId)).orderBy(asc(webhookDeliveries.subscriptionId), asc(webhookDeliveries.seq));

describe('the outbox', () => {
  it('when an event is recorded (the event first, the projection after, as the recorder does), then each concerned department with a matching, enabled webhook gets one delivery, with its relation and the stage', async () => {
    await db().transaction(async (tx) => {
      await tx.insert(caseEvents).values(event('sr-outbox-1', 1, 'received'));
      await caseAt(tx, 'sr-outbox-1', 1, 'awaiting_reply');
    });
    const rows = await deliveriesOf('sr-outbox-1');
    expect(rows.map((d) => [d.subscriptionId, d.relation, d.eventType, d.stage, d.status])).toEqual([
      ['wh_authority', 'provider-authority', 'received', 'awaiting_reply', 'pending'],
      ['wh_provider', 'provider', 'received', 'awaiting_reply', 'pending'],
      ['wh_requester', 'requester', 'received', 'awaiting_reply', 'pending'],
    ]);
    expect(rows.every((d) => d.nextAttemptAt !== null && d.id.startsWith('msg_'))).toBe(true);

    await db().transaction(async (tx) => {
      await tx.insert(caseEvents).values(event('sr-outbox-1', 2, 'reply_agreed'));
      await caseAt(tx, 'sr-outbox-1', 2, 'awaiting_delivery');
    });
    // The requester asked for `received` only.
    expect((await deliveriesOf('sr-outbox-1')).filter((d) => d.seq === 2).map((d) => d.subscriptionId)).toEqual(['wh_authority', 'wh_provider']);
  });

  it('when the recording transaction rolls back, then no delivery is left behind', async () => {
    await expect(
      db().transaction(async (tx) => {
        await tx.insert(caseEvents).values(event('sr-outbox-2', 1, 'received'));
        await caseAt(tx, 'sr-outbox-2', 1, 'awaiting_reply');
        await tx.execute(sql`SELECT 1/0`);
      }),
    ).rejects.toThrow();
    expect(await deliveriesOf('sr-outbox-2')).toEqual([]);
  });

  it('when a superseded attempt is recorded at the same seq, then a delivery not yet tried takes its hash; one already tried is left as it was sent', async () => {
    await db().transaction(async (tx) => {
      await tx.insert(caseEvents).values(event('sr-outbox-3', 1, 'received'));
      await caseAt(tx, 'sr-outbox-3', 1, 'awaiting_reply');
    });
    await db().update(webhookDeliveries).set({ attempts: 1 }).where(eq(webhookDeliveries.subscriptionId, 'wh_provider'));
    await db().transaction(async (tx) => {
      await tx.insert(caseEvents).values(event('sr-outbox-3', 1, 'received', 1));
      await caseAt(tx, 'sr-outbox-3', 1, 'awaiting_reply');
    });
    const rows = await deliveriesOf('sr-outbox-3');
    expect(rows.map((d) => [d.subscriptionId, d.revision, d.eventHash.slice(0, 2)])).toEqual([
      ['wh_authority', 1, '11'],
      ['wh_provider', 0, '01'],
      ['wh_requester', 1, '11'],
    ]);
  });
});
