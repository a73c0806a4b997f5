// What a clerk sees of a correction beside what every case shows (api/cases/view.ts); answers.ts
// describes it for the OpenAPI document.
import type { CaseState } from '../../workflows/shared';
import type { CorrectionState } from '../../workflows/correction/contract';

export function correctionView(caseState: CaseState) {
  const { input, ...d } = (caseState as CorrectionState).data;
  return {
    source: input.source,
    shareRequestId: input.shareRequestId ?? null,
    subjectReference: input.subjectReference ?? null,
    catalogueEntry: input.catalogueEntry,
    items: input.items,
    problem: input.problem,
    requester: input.requester ?? null,
    provider: input.provider,
    authority: input.supervisor,
    receivedAt: input.receivedAt,
    result: d.result ?? null,
    acceptedAt: d.acceptedAt ?? null,
    contest: d.contest ?? null,
    withdrawal: d.withdrawal ?? null,
  };
}
