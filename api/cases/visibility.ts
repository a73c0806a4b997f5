// Who may see a case: its parties, and the authorities over its jurisdiction. Anyone else gets 404
// for anything about it, exactly as for a case that does not exist (nothing leaks, not even a stage).
import { inArray, sql, type SQL } from 'drizzle-orm';
import { caseParties, cases } from '../../db/schema';
import type { JurisdictionTree } from '../../rules/jurisdictions';
import { AUTHORITY_SECTOR } from '../../rules/seedData';
import type { CaseParty } from '../../workflows/shared';
import type { Caller } from '../caller';

export function canSee(tree: JurisdictionTree, caller: Caller, c: { jurisdictionCode: string; parties: CaseParty[] }): boolean {
  const d = caller.department;
  if (c.parties.some((p) => p.departmentId === d.id)) return true;
  // An authority supervises its own jurisdiction and everything below it.
  return d.sector === AUTHORITY_SECTOR && tree.isWithin(c.jurisdictionCode, d.jurisdictionCode);
}

/** The SQL filter of the cases a caller may see. */
export function visibleTo(tree: JurisdictionTree, caller: Caller): SQL {
  const d = caller.department;
  // Checked row by row (primary key lookup), so an ordered scan of cases stays one.
  const mine = sql`EXISTS (SELECT 1 FROM ${caseParties} p WHERE p.case_id = ${cases.id} AND p.department_id = ${d.id})`;
  if (d.sector !== AUTHORITY_SECTOR) return mine;
  const scope = tree.list().filter((j) => tree.isWithin(j.code, d.jurisdictionCode)).map((j) => j.code);
  return sql`(${inArray(cases.jurisdictionCode, scope)} OR ${mine})`;
}
