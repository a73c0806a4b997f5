// What a clerk sees of a share request beside what every case shows (api/cases/view.ts): the
// request, the reply and the delivery (answers.ts describes it for the OpenAPI document).
import type { CaseState } from '../../workflows/shared';
import type { ShareRequestState } from '../../workflows/shareRequest/contract';

export function shareRequestView(caseState: CaseState) {
  const state = caseState as ShareRequestState;
  const { input, ...d } = state.data;
  return {
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
  };
}
