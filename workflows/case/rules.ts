// Reading the periods the resolveRules activity found (activities/case/rules.ts). Pure.
import type { ResolvedRules, StatutoryRule } from './contract';
import { ErrorCodes } from './errors';
import { reject } from './failures';

/** The period of a kind, or a rejection naming what has none (no rule set in force gives it). */
export function periodOf(rules: ResolvedRules, kind: string, what: string): StatutoryRule {
  const p = rules.periods[kind];
  if (!p || (p.workingDays === undefined && p.months === undefined)) reject(ErrorCodes.NO_APPLICABLE_RULES, `no rule set in force gives a period for ${what}`);
  return { ...(p.workingDays !== undefined ? { workingDays: p.workingDays } : { months: p.months }), ruleSet: p.ruleSet, article: p.article };
}

/** A flag of a kind's rules (its source), if any rule in force sets it. */
export const flagOf = (rules: ResolvedRules, kind: string, flag: string): { ruleSet: string; article: string } | undefined => rules.periods[kind]?.flags[flag];
