// Reads a pre-engine share-request state (legacy workflows, rows moved by migration 0002) as a case
// state, so the API and the read model have one shape. Pure.
import type { CaseDeadline, CaseState, Violation } from '../../case/contract';
import { shanghaiIso } from '../../case/time';
import type { ShareRequestData, ShareRequestStage, ShareRequestState, ShareRules } from '../contract';
import { escalationLadder, LATE_REPLY_OR_DELIVERY, providerDuty } from '../duties';
import type { ShareRequestState as LegacyState } from './contract';

export function isLegacyShareRequestState(s: unknown): s is LegacyState {
  return typeof s === 'object' && s !== null && !('process' in s) && 'input' in s;
}

export function upgradeLegacyShareRequestState(l: LegacyState): ShareRequestState {
  const i = l.input;
  const ladder = escalationLadder(i);
  const deadlines: CaseDeadline[] = l.deadlines.map((d) => ({
    ...d,
    dutyBearer: providerDuty(i),
    startedAt: shanghaiIso(d.startedAt),
    dueAt: shanghaiIso(d.dueAt),
    breach: LATE_REPLY_OR_DELIVERY,
    ladder,
    rung: d.kind === 'rectification' ? 1 : 0,
    ...(d.missedAt ? { missedAt: shanghaiIso(d.missedAt) } : {}),
    ...(d.escalatedAt ? { escalatedAt: shanghaiIso(d.escalatedAt) } : {}),
  }));
  const violations: Violation[] = l.violations.map((v, n) => {
    const d = l.deadlines.find((x) => x.id === v.deadlineId);
    const rung = ladder[v.kind === 'rectification' ? 1 : 0]!;
    return {
      id: n + 1,
      deadlineId: v.deadlineId,
      duty: v.kind === 'rectification' ? (d?.rectifies ?? 'reply') : v.kind,
      article: LATE_REPLY_OR_DELIVERY.article,
      clause: LATE_REPLY_OR_DELIVERY.clause,
      party: i.provider.departmentId,
      ordersRectification: rung.ordersRectification,
      at: shanghaiIso(d?.dueAt ?? v.at),
      // Before the engine, a violation stayed on record and `overdue` told whether it was outstanding.
      status: l.overdue ? 'open' : 'rectified',
    };
  });
  const data: ShareRequestData = {
    input: i,
    rules: l.rules as ShareRules | undefined,
    supplementNotice: l.supplementNotice,
    supplement: l.supplement,
    extensions: l.extensions,
    reply: l.reply,
    delivery: l.delivery,
    receiptConfirmedAt: l.receiptConfirmedAt,
    withdrawal: l.withdrawal,
  };
  const state: CaseState<ShareRequestData, ShareRequestStage> = {
    id: l.id,
    process: 'share-request',
    stage: l.stage,
    version: l.version,
    overdue: l.overdue,
    jurisdiction: i.provider.jurisdictionCode,
    ruleSet: l.rules?.ruleSet ?? null,
    parties: [
      { role: 'requester', ...i.requester },
      { role: 'provider', ...i.provider },
      { role: 'authority', departmentId: i.supervisor.departmentId, jurisdictionCode: i.supervisor.jurisdictionCode },
    ],
    catalogueEntryId: i.catalogueEntry.id,
    openedAt: shanghaiIso(i.receivedAt),
    deadlines,
    violations,
    data,
  };
  return state;
}

/** Any stored or returned share-request state, in the engine's shape. */
export function asShareRequestState(s: unknown): ShareRequestState {
  return isLegacyShareRequestState(s) ? upgradeLegacyShareRequestState(s) : (s as ShareRequestState);
}
