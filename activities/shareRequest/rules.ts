// The share-request rules at receipt: the provider's rule sets in force on the day of receipt, the
// stricter of national and local winning (docs/statute.md "Rule sets and when each applies").
import { ApplicationFailure } from '@temporalio/common';
import { shanghaiDate } from '../../rules/calendar';
import type { JurisdictionTree } from '../../rules/jurisdictions';
import { applicableRules, type EffectiveRule } from '../../rules/ruleSets';
import type { StatutoryRule } from '../../workflows/case/contract';
import type { SharingAttribute, ShareRules } from '../../workflows/shareRequest/contract';

function period(rule: EffectiveRule | undefined, what: string): StatutoryRule {
  if (!rule?.workingDays) throw ApplicationFailure.nonRetryable(`no rule set in force gives a period for ${what}`, 'NO_APPLICABLE_RULES');
  return { workingDays: rule.workingDays, ruleSet: rule.ruleSet, article: rule.article };
}

export function createShareRequestRuleActivities({ tree }: { tree: JurisdictionTree }) {
  return {
    async resolveShareRules(input: { providerJurisdiction: string; receivedAt: string; sharingAttribute: SharingAttribute }): Promise<ShareRules> {
      const applicable = applicableRules(input.providerJurisdiction, shanghaiDate(new Date(input.receivedAt)), tree);
      const d = applicable.deadlines;
      const replyRule = input.sharingAttribute === 'conditional' ? d['reply.conditional'] : d['reply.unconditional'];
      const granted = input.sharingAttribute === 'unconditional' ? d['reply.unconditional']?.flags.grantedWithoutProviderReview : undefined;
      const mustCite = d['reply.conditional']?.flags.refusalMustCiteLegalBasis ?? d['reply.unconditional']?.flags.refusalMustCiteLegalBasis;
      return {
        ruleSet: applicable.primaryRuleSet ?? 'national',
        // A not-shared entry is refused at once; its "reply" period is never used.
        reply: input.sharingAttribute === 'not_shared' ? { workingDays: 1, ruleSet: 'national', article: 'Art. 14, 15' } : period(replyRule, 'the reply'),
        ...(granted ? { grantedWithoutReview: granted } : {}),
        delivery: period(d.delivery, 'delivery'),
        extensionCap: period(d['extension.cap'], 'extensions'),
        ...(mustCite ? { refusalMustCiteLegalBasis: mustCite } : {}),
      };
    },
  };
}
