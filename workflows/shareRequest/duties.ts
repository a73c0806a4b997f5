// Who owes a share request's duties and where a miss goes. Pure: used by the process, and by the
// upgrade of pre-engine states.
import type { Breach, DutyBearer, EscalationRung } from '../case/contract';
import type { ShareRequestInput } from './contract';

/** Art. 39 (4): a late reply or delivery, without a proper reason. */
export const LATE_REPLY_OR_DELIVERY: Breach = { article: 'Art. 39', clause: '(4)' };

/** The provider owes the reply and the delivery; its jurisdiction's calendar and rules apply. */
export const providerDuty = (i: ShareRequestInput): DutyBearer => ({ role: 'provider', ...i.provider });

/** A miss goes to the provider's same-level authority, which orders rectification; a missed rectification to its people's government. */
export function escalationLadder(i: ShareRequestInput): EscalationRung[] {
  const s = i.supervisor;
  const government = `government:${s.jurisdictionCode}`;
  return [
    { tier: 'authority', notify: s.departmentId, name: s.authorityName, ordersRectification: s.departmentId, noticeKind: 'deadline_missed' },
    { tier: 'government', notify: government, name: s.governmentName, ordersRectification: government, noticeKind: 'escalated_to_government' },
  ];
}
