// The share request's rules at receipt, from the periods in force over the provider on the day of
// receipt (the duty-bearer's rules, docs/statute.md "Rule sets and when each applies"). Pure.
import type { ResolvedRules } from '../case/contract';
import { flagOf, periodOf } from '../case/rules';
import type { SharingAttribute, ShareRules } from './contract';

export const SHARE_REQUEST_PERIODS = ['reply.unconditional', 'reply.conditional', 'delivery', 'extension.cap'] as const;

export function shareRules(r: ResolvedRules, sharingAttribute: SharingAttribute): ShareRules {
  const replyKind = sharingAttribute === 'conditional' ? 'reply.conditional' : 'reply.unconditional';
  // HLJ Art. 22 / Fushun Art. 21: unconditional data is granted without a provider review.
  const granted = sharingAttribute === 'unconditional' ? flagOf(r, 'reply.unconditional', 'grantedWithoutProviderReview') : undefined;
  // Fushun Art. 21: a refusal cites its legal basis.
  const mustCite = flagOf(r, 'reply.conditional', 'refusalMustCiteLegalBasis') ?? flagOf(r, 'reply.unconditional', 'refusalMustCiteLegalBasis');
  return {
    ruleSet: r.ruleSet ?? 'national',
    // A not-shared entry is refused at once (Art. 14, 15); its "reply" period is never used.
    reply: sharingAttribute === 'not_shared' ? { workingDays: 1, ruleSet: 'national', article: 'Art. 14, 15' } : periodOf(r, replyKind, 'the reply'),
    ...(granted ? { grantedWithoutReview: granted } : {}),
    delivery: periodOf(r, 'delivery', 'delivery'),
    extensionCap: periodOf(r, 'extension.cap', 'extensions'),
    ...(mustCite ? { refusalMustCiteLegalBasis: mustCite } : {}),
  };
}
