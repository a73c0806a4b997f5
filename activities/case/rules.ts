// The periods a duty takes, from the rule sets in force over the duty-bearer's jurisdiction on the
// day its clock starts, the stricter of national and local winning (docs/statute.md "Rule sets and
// when each applies"). One activity for every process: each asks for the kinds it uses.
import { ApplicationFailure } from '@temporalio/common';
import { shanghaiDate } from '../../rules/calendar';
import type { JurisdictionTree } from '../../rules/jurisdictions';
import { applicableRules, DEADLINE_KINDS, type DeadlineKind } from '../../rules/ruleSets';
import type { ResolvedRules, RulesQuery } from '../../workflows/case/contract';

const isKind = (k: string): k is DeadlineKind => (DEADLINE_KINDS as readonly string[]).includes(k);

export function createRuleActivities({ tree }: { tree: JurisdictionTree }) {
  return {
    async resolveRules({ jurisdiction, at, kinds }: RulesQuery): Promise<ResolvedRules> {
      const unknown = kinds.filter((k) => !isKind(k));
      if (unknown.length > 0) throw ApplicationFailure.nonRetryable(`no such deadline kind: ${unknown.join(', ')}`, 'NO_APPLICABLE_RULES');
      const applicable = applicableRules(jurisdiction, shanghaiDate(new Date(at)), tree);
      const periods: ResolvedRules['periods'] = {};
      for (const kind of kinds.filter(isKind)) {
        const r = applicable.deadlines[kind];
        if (!r) continue;
        periods[kind] = {
          ...(r.workingDays !== undefined ? { workingDays: r.workingDays } : {}),
          ...(r.months !== undefined ? { months: r.months } : {}),
          ruleSet: r.ruleSet,
          article: r.article,
          flags: r.flags,
        };
      }
      return { ruleSet: applicable.primaryRuleSet, periods };
    },
  };
}
