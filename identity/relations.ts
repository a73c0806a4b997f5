// A caller's relations to a case, from the case's parties and the jurisdiction tree (Art. 39–41):
// a party's own department stands in its role; an authority supervises the parties of its own
// level (`<role>-authority`) and everything below it (`superior-authority`); a people's government
// likewise (`government`). Which roles a case has is its process's declaration; nothing here names one.
import type { CaseParty } from '../workflows/case/contract';
import type { RoleDeclaration } from '../workflows/case/process';
import type { JurisdictionTree } from '../rules/jurisdictions';
import { AUTHORITY_SECTOR } from '../rules/seedData';
import type { Principal } from './principal';
import { authorityOf, GOVERNMENT, NO_RELATION, SUPERIOR_AUTHORITY, type Relation } from './policy';

export function relationsTo(tree: JurisdictionTree, p: Principal, parties: readonly CaseParty[]): Set<Relation> {
  const out = new Set<Relation>();
  // An authority named on a case sees it through its jurisdiction, as every authority does.
  for (const party of parties) if (party.standing !== 'authority' && p.department?.id === party.departmentId) out.add(party.role);
  const supervised = parties.filter((x) => x.standing === 'party');
  const within = (code: string, over: string) => tree.has(code) && tree.isWithin(code, over);
  if (p.department?.sector === AUTHORITY_SECTOR) {
    const at = p.department.jurisdictionCode;
    for (const party of supervised) {
      if (party.jurisdictionCode === at) out.add(authorityOf(party.role));
      else if (within(party.jurisdictionCode, at)) out.add(SUPERIOR_AUTHORITY);
    }
  }
  if (p.governmentOf && supervised.some((x) => within(x.jurisdictionCode, p.governmentOf!))) out.add(GOVERNMENT);
  if (out.size === 0) out.add(NO_RELATION);
  return out;
}

/** Every relation a process's roles can give (the columns of its policy). */
export function relationsOf(roles: Readonly<Record<string, RoleDeclaration>>): Relation[] {
  const entries = Object.entries(roles);
  return [
    ...entries.filter(([, r]) => r.standing !== 'authority').map(([role]) => role),
    ...entries.filter(([, r]) => r.standing === 'party').map(([role]) => authorityOf(role)),
    SUPERIOR_AUTHORITY,
    GOVERNMENT,
  ];
}
