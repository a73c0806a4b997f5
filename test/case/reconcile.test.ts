// `npm run reconcile`: Temporal and the read model compared both ways; with repair, the workflow
// re-projects itself through its own recorder (no event is written from outside).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { caseEvents, caseParties, cases } from '../../db/schema';
import { reconcile } from '../../scripts/lib/reconcile';
import { startLiveStack, type LiveStack } from '../helpers/liveStack';
import { BEIJING, submission } from '../helpers/fixtures';
import { ownerWithoutTriggers } from '../helpers/auditLog';
import { eventually } from '../helpers/shareRequestHarness';

let live: LiveStack;
beforeAll(async () => {
  live = await startLiveStack();
});
afterAll(async () => {
  await live?.teardown();
});

const open = async () => (await live.call('POST', '/share-requests', { as: BEIJING.requester, body: submission() })).body.id as string;

describe('reconcile', () => {
  it('when the read model is consistent, then no difference is reported', async () => {
    await open();
    expect(await reconcile({ db: live.app.database.db, client: live.client })).toEqual([]);
  });

  it('when a case row is stale and another is missing, then both are reported; repair has each workflow re-project itself and a second run finds nothing', async () => {
    const db = live.app.database.db;
    const stale = await open();
    const lost = await open();
    await db.update(cases).set({ stage: 'completed', version: 0 }).where(eq(cases.id, stale));
    // Lost as if restored from an older backup: the database itself refuses deleting a young case (migration 0008).
    const owner = await ownerWithoutTriggers(live.app.database.url);
    await owner.query('DELETE FROM case_parties WHERE case_id = $1', [lost]);
    await owner.query('DELETE FROM cases WHERE id = $1', [lost]);
    await owner.close();
    const eventsBefore = (await db.select().from(caseEvents)).length;

    // Visibility (the workflow list) is eventually consistent.
    await eventually(async () => {
      const found = await reconcile({ db, client: live.client });
      expect(found).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ caseId: stale, kind: 'read_model_behind' }),
          expect.objectContaining({ caseId: lost, kind: 'missing_in_read_model' }),
        ]),
      );
      expect(found).toHaveLength(2);
    });

    const repaired = await reconcile({ db, client: live.client, repair: true });
    expect(repaired.map((d) => d.repaired)).toEqual([true, true]);
    expect(await reconcile({ db, client: live.client })).toEqual([]);
    const [row] = await db.select().from(cases).where(eq(cases.id, stale));
    expect(row).toMatchObject({ stage: 'awaiting_reply', version: 1 });
    expect((await db.select().from(caseParties).where(eq(caseParties.caseId, lost))).length).toBe(3);
    expect((await db.select().from(caseEvents)).length).toBe(eventsBefore);
  });
});
