// Who is who in a case, for any process: a role's department, the checks every command makes
// (the right party, the right stage), whose duty a deadline is and where a miss goes. Pure.
import type { Actor, Approval, CaseParty, CaseState, DutyBearer, EscalationRung, Supervisor } from './contract';
import { ErrorCodes } from './errors';
import { reject } from './failures';

export function partyIn(state: Pick<CaseState, 'parties'>, role: string): CaseParty | undefined {
  return state.parties.find((p) => p.role === role);
}

/** The department in a role ('' when the case has none: nobody matches it). */
export const departmentIn = (state: Pick<CaseState, 'parties'>, role: string): string => partyIn(state, role)?.departmentId ?? '';

/** Parties are checked before stages, and the message never names a third party. */
export function mustBe(state: Pick<CaseState, 'parties'>, actor: Actor | undefined, role: string, what: string): void {
  if (!actor?.departmentId || actor.departmentId !== departmentIn(state, role)) reject(ErrorCodes.WRONG_PARTY, `only the ${role} may ${what}`);
}

export function mustBeIn<S extends string>(state: Pick<CaseState<unknown, S>, 'stage'>, stages: readonly S[], what: string): void {
  if (!stages.includes(state.stage)) reject(ErrorCodes.ILLEGAL_TRANSITION, `cannot ${what} when the case is ${state.stage}`, state.stage);
}

/** The party in `role` owes the duty: its jurisdiction's calendar and rules apply, it is in breach. */
export function dutyOf(state: Pick<CaseState, 'parties'>, role: string): DutyBearer {
  const p = partyIn(state, role);
  if (!p) throw new TypeError(`the case has no ${role}`);
  return { role, departmentId: p.departmentId, jurisdictionCode: p.jurisdictionCode };
}

/**
 * Art. 39, 40: a miss goes to the duty-bearer's same-level authority, which orders rectification; a
 * missed rectification to the people's government at its level.
 */
export function supervisionLadder(s: Supervisor): EscalationRung[] {
  const government = `government:${s.jurisdictionCode}`;
  return [
    { tier: 'authority', notify: s.departmentId, name: s.authorityName, ordersRectification: s.departmentId, noticeKind: 'deadline_missed' },
    { tier: 'government', notify: government, name: s.governmentName, ordersRectification: government, noticeKind: 'escalated_to_government' },
  ];
}

/** The head's approval as the actor that sent the command gives it (the API let only a head act). */
export function approvalOf(actor: Actor, at: string): Approval {
  return {
    approverId: actor.userId ?? actor.departmentId,
    approvedAt: at,
    ...(actor.actingFor ? { actingFor: actor.actingFor } : {}),
    ...(actor.draft ? { draft: actor.draft } : {}),
  };
}

/** Whether the actor acts as its department's sharing office head (Art. 20), in person or as acting head. */
export const isHead = (actor: Actor | undefined): boolean => actor?.role === 'sharing_office_head';
