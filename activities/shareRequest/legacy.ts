// The recorder of pre-engine share requests (../../workflows/shareRequest/legacy/): same activity
// name and input as before, so their histories replay; it writes the one read model.
import { desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { caseEvents } from '../../db/schema';
import type { CaseEvent } from '../../workflows/case/contract';
import { SHARE_REQUEST_TERMINAL_STAGES } from '../../workflows/shareRequest/contract';
import type { ShareRequestState as LegacyState } from '../../workflows/shareRequest/legacy/contract';
import { upgradeLegacyShareRequestState } from '../../workflows/shareRequest/legacy/upgrade';
import { project } from '../case/recorder';
import { eventHash, GENESIS_HASH } from '../case/hash';
import { rejectDataErrors } from '../case/dataErrors';

export function createLegacyShareRequestActivities({ db }: { db: Database }) {
  return {
    async recordShareRequestEvent({ state, event }: { state: LegacyState; event: CaseEvent }): Promise<void> {
      const upgraded = upgradeLegacyShareRequestState(state);
      await db
        .transaction(async (tx) => {
          const [prev] = await tx.select({ seq: caseEvents.seq, hash: caseEvents.hash }).from(caseEvents).where(eq(caseEvents.caseId, state.id)).orderBy(desc(caseEvents.seq), desc(caseEvents.revision)).limit(1);
          if (!prev || prev.seq < event.seq) {
            const prevHash = prev?.hash ?? GENESIS_HASH;
            const row = { caseId: state.id, seq: event.seq, process: 'share-request', type: event.type, at: new Date(event.at), actor: event.actor ?? null, data: event.data ?? null };
            await tx.insert(caseEvents).values({ ...row, prevHash, hash: eventHash(prevHash, state.id, event, 1), hashFormat: 1 });
          }
          await project(tx, upgraded, SHARE_REQUEST_TERMINAL_STAGES.includes(upgraded.stage), new Date(event.at));
        })
        .catch(rejectDataErrors);
    },
  };
}
