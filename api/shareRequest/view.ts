// What a clerk sees of a share request: the case core plus the request, the reply and the delivery.
import type { CaseState, ShareRequestState } from '../../workflows/shared';
import { asShareRequestState } from '../../workflows/shareRequest/legacy/upgrade';
import { caseCoreView, withShanghaiInstants } from '../cases/view';

/** Any stored or returned share-request state, in the engine's shape. */
export const normalizeShareRequest = (s: unknown): CaseState => asShareRequestState(s) as unknown as CaseState;

export function shareRequestView(caseState: CaseState) {
  const state = caseState as unknown as ShareRequestState;
  const { input, ...d } = state.data;
  return withShanghaiInstants({
    ...caseCoreView(caseState),
    requester: input.requester,
    provider: input.provider,
    authority: input.supervisor,
    catalogueEntry: input.catalogueEntry,
    submission: input.submission,
    receivedAt: input.receivedAt,
    supplementNotice: d.supplementNotice ?? null,
    supplement: d.supplement ?? null,
    extensions: d.extensions,
    reply: d.reply ?? null,
    delivery: d.delivery ?? null,
    receiptConfirmedAt: d.receiptConfirmedAt ?? null,
    withdrawal: d.withdrawal ?? null,
  });
}
