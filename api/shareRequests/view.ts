// What a clerk sees of a share request: the case state shaped for the API, deadlines in +08:00.
import type { CaseDeadline, ShareRequestState } from '../../workflows/shared';

/** An instant as ISO 8601 in Asia/Shanghai (+08:00, no DST). */
export function toShanghaiIso(iso: string | Date): string {
  const t = typeof iso === 'string' ? Date.parse(iso) : iso.getTime();
  return new Date(t + 8 * 3600_000).toISOString().replace(/(\.\d{3})?Z$/, '+08:00');
}

function deadlineView(d: CaseDeadline) {
  return {
    id: d.id,
    kind: d.kind,
    ...(d.rectifies ? { rectifies: d.rectifies } : {}),
    status: d.status,
    startedAt: toShanghaiIso(d.startedAt),
    workingDays: d.workingDays,
    dueAt: d.dueAt,
    dueDate: d.dueDate,
    provisional: d.provisional,
    ruleSet: d.ruleSet,
    article: d.article,
    ...(d.missedAt ? { missedAt: toShanghaiIso(d.missedAt), escalatedTo: d.escalatedTo, escalatedAt: toShanghaiIso(d.escalatedAt ?? d.missedAt) } : {}),
  };
}

export function caseView(state: ShareRequestState) {
  const open = state.deadlines.find((d) => d.status === 'open');
  const { input } = state;
  return {
    id: state.id,
    stage: state.stage,
    overdue: state.overdue,
    ruleSet: state.rules?.ruleSet ?? null,
    dueAt: open?.dueAt ?? null,
    provisional: open?.provisional ?? false,
    requester: input.requester,
    provider: input.provider,
    authority: input.supervisor,
    catalogueEntry: input.catalogueEntry,
    submission: input.submission,
    receivedAt: toShanghaiIso(input.receivedAt),
    deadlines: state.deadlines.map(deadlineView),
    supplementNotice: state.supplementNotice ?? null,
    supplement: state.supplement ?? null,
    extensions: state.extensions,
    reply: state.reply ?? null,
    delivery: state.delivery ?? null,
    receiptConfirmedAt: state.receiptConfirmedAt ?? null,
    withdrawal: state.withdrawal ?? null,
    violations: state.violations,
    version: state.version,
  };
}
