// Search attributes and current details follow every recorded event, for supervisors in Temporal
// UI. Only what changed is upserted: each upsert is a command in history and work for the server.
import { setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { CaseState } from './contract';
import { nextDeadline } from './deadlines';
import type { CaseProcess, RoleDeclaration } from './process';
import {
  GdsAwaiting,
  GdsCatalogueEntry,
  GdsDueAt,
  GdsDutyBearer,
  GdsJurisdiction,
  GdsLinks,
  GdsOpenViolations,
  GdsOverdue,
  GdsProcess,
  GdsProvider,
  GdsProvisional,
  GdsRequester,
  GdsRuleSet,
  GdsRung,
  GdsStage,
} from './searchAttributes';

/** Linked case ids in GdsLinks: the most recent, within Temporal's size of a search attribute value. */
const LINKS_PUBLISHED = 50;

/** The ids of the cases linked either way, or null when none (a value never set need not be unset). */
function linkedIds(state: CaseState): string[] | null {
  const ids = [...new Set([...(state.links ?? []), ...(state.linkedFrom ?? [])].map((l) => l.caseId))].slice(-LINKS_PUBLISHED).sort();
  return ids.length > 0 ? ids : null;
}

type Publisher = ((state: CaseState) => void) & { snapshot(): Array<[string, string]> };

const PARTY_ATTRIBUTES = { GdsRequester, GdsProvider } as const;

export function createPublisher(def: CaseProcess<any, any, any, any>, already: Array<[string, string]>): Publisher {
  const published = new Map<string, string>(already);
  // Each party attribute names the department in the role the declaration gives it.
  const roles: Array<[string, RoleDeclaration]> = Object.entries(def.declaration.roles);
  const partyAttributes = Object.entries(PARTY_ATTRIBUTES).map(([name, key]) => ({ key, role: roles.find(([, r]) => r.searchAttribute === name)?.[0] }));

  const publish = (state: CaseState): void => {
    const due = nextDeadline(state);
    const partyOf = (role: string | undefined) => (role ? (state.parties.find((p) => p.role === role)?.departmentId ?? null) : null);
    const openViolations = state.violations.filter((v) => v.status === 'open').length;
    const wanted = [
      { key: GdsProcess, value: state.process },
      { key: GdsStage, value: state.stage },
      { key: GdsJurisdiction, value: state.jurisdiction },
      { key: GdsRuleSet, value: state.ruleSet },
      ...partyAttributes.map(({ key, role }) => ({ key, value: partyOf(role) })),
      { key: GdsCatalogueEntry, value: state.catalogueEntryId ?? null },
      { key: GdsDutyBearer, value: due?.dutyBearer.departmentId ?? null },
      { key: GdsAwaiting, value: def.awaiting(state) ?? null },
      { key: GdsDueAt, value: due ? new Date(due.dueAt) : null },
      { key: GdsOverdue, value: state.overdue },
      { key: GdsProvisional, value: due?.provisional ?? false },
      { key: GdsOpenViolations, value: openViolations },
      { key: GdsRung, value: def.rung?.(state) ?? null },
      { key: GdsLinks, value: linkedIds(state) },
    ] as SearchAttributeUpdatePair[];
    // A value never set need not be unset.
    const changed = wanted.filter((p) => (published.get(p.key.name) ?? 'null') !== JSON.stringify(p.value));
    if (changed.length > 0) upsertSearchAttributes(changed);
    for (const p of changed) published.set(p.key.name, JSON.stringify(p.value));

    const rule = due ? `${due.workingDays !== undefined ? `${due.workingDays} working days` : `${due.months} months`}, ${due.article}` : '';
    setCurrentDetails(
      [
        def.headline(state),
        `Stage: ${state.stage}${state.overdue ? ` (OVERDUE: ${openViolations} open violation${openViolations === 1 ? '' : 's'})` : ''}; rule set ${state.ruleSet ?? '…'}`,
        due ? `Due: ${due.dueAt} — ${due.kind} by ${due.dutyBearer.departmentId} (${rule}${due.provisional ? ', provisional' : ''})` : 'No deadline running',
        ...(state.fastClock ? ['DEMO FAST CLOCK: one working day lasts one minute (development only)'] : []),
      ].join('\n'),
    );
  };
  return Object.assign(publish, { snapshot: () => [...published] });
}
