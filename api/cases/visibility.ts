// Who may see a case: whoever its process's policy lets read it (identity/policy.ts) — its parties,
// the authorities over a party's jurisdiction, the people's governments above them. Anyone else gets
// 404 for anything about it, exactly as for a case that does not exist (nothing leaks).
import { inArray, sql, type SQL } from 'drizzle-orm';
import { caseParties, cases, departments } from '../../db/schema';
import type { JurisdictionTree } from '../../rules/jurisdictions';
import { AUTHORITY_SECTOR } from '../../rules/seedData';
import type { CaseParty } from '../../workflows/shared';
import { effectiveRole } from '../../identity/principal';
import { decide, type Decision, type ProcessPolicy } from '../../identity/policy';
import { relationsTo } from '../../identity/relations';
import type { Caller } from '../caller';

/** The policy's decision on one action of a caller on a case with these parties. */
export function decisionOn(tree: JurisdictionTree, caller: Caller, policy: ProcessPolicy, parties: readonly CaseParty[], action: string): Decision {
  return decide(policy, action, effectiveRole(caller), relationsTo(tree, caller, parties));
}

export function canSee(tree: JurisdictionTree, caller: Caller, policy: ProcessPolicy, parties: readonly CaseParty[]): boolean {
  return decisionOn(tree, caller, policy, parties, 'read') !== 'not-found';
}

/** A supervisor's jurisdiction (an authority's or a people's government's), if the caller is one. */
export function supervisedJurisdiction(caller: Caller): string | undefined {
  if (caller.department?.sector === AUTHORITY_SECTOR) return caller.department.jurisdictionCode;
  return caller.governmentOf;
}

/** The SQL filter of the cases a caller may see (the same rule as canSee, for lists). */
export function visibleTo(tree: JurisdictionTree, caller: Caller): SQL {
  const d = caller.department;
  // Checked row by row (primary key lookup), so an ordered scan of cases stays one.
  const mine = d
    ? sql`EXISTS (SELECT 1 FROM ${caseParties} p WHERE p.case_id = ${cases.id} AND p.department_id = ${d.id} AND p.standing IN ('party', 'coordinator'))`
    : sql`FALSE`;
  const over = supervisedJurisdiction(caller);
  if (!over) return mine;
  const scope = tree.list().filter((j) => tree.isWithin(j.code, over)).map((j) => j.code);
  const supervised = sql`EXISTS (SELECT 1 FROM ${caseParties} p JOIN ${departments} pd ON pd.id = p.department_id WHERE p.case_id = ${cases.id} AND p.standing = 'party' AND ${inArray(sql`pd.jurisdiction_code`, scope)})`;
  return sql`(${inArray(cases.jurisdictionCode, scope)} OR ${supervised})`;
}
