// Rule sets are data (rules/data/rule-sets.json), validated with zod at load: adding a province is
// adding a rule set there. This module picks the rule sets in force over a jurisdiction on a day
// and, per deadline kind, the effective rule: a local rule may only be stricter, so the shorter
// period wins (docs/statute.md "Rule sets and when each applies").
//
// A case's `ruleSet` label: `primaryRuleSet` = the most local rule set in force for the party that
// owes the duty on the day the clock starts (else null when none is in force). Which rule set and
// article won each individual deadline is reported per kind in `deadlines[kind]`.
import { z } from 'zod';
import ruleSetsJson from './data/rule-sets.json' with { type: 'json' };
import { RulesError, type JurisdictionTree } from './jurisdictions';

export { RulesError, type RulesErrorCode } from './jurisdictions';

export const DEADLINE_KINDS = [
  'reply.unconditional', // Art. 21; HLJ Art. 22; Fushun Art. 21
  'reply.conditional', // Art. 21; HLJ Art. 22; Fushun Art. 21
  'extension.cap', // Art. 21: all reply extensions together
  'delivery', // Art. 22
  'correction', // Art. 26; HLJ Art. 24
  'catalogue.update', // Art. 17; HLJ Art. 15
  'catalogue.update.extension', // Art. 17; HLJ Art. 15
  'catalogue.review', // Art. 17: authority reviews and publishes
  'catalogue.authorityChanges', // HLJ Art. 12
  'catalogue.revocation.continuation', // HLJ Art. 16
  'misuse.idle', // HLJ Art. 27
  'demand.review', // HLJ Art. 29
  'demand.cataloguing', // HLJ Art. 29
  'dispute.negotiation', // Art. 28 (configurable)
  'dispute.coordination', // Art. 28 (configurable)
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export const RULE_FLAGS = [
  'grantedWithoutProviderReview', // HLJ Art. 22; Fushun Art. 21
  'refusalMustCiteLegalBasis', // Fushun Art. 21
  'extensionNeedsPolicyBasis', // HLJ Art. 15
  'singleExtension', // Art. 17; HLJ Art. 15: one extension of the stated length
  'directCorrectionApplications', // HLJ Art. 24: persons apply to the provider directly; the authority's cross-check notices
] as const;
export type RuleFlag = (typeof RULE_FLAGS)[number];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

const IsoDate = z.string().refine(isIsoDate, 'expected a real date YYYY-MM-DD');
const Text = z.string().trim().min(1);

const DeadlineRuleSchema = z
  .strictObject({
    kind: z.enum(DEADLINE_KINDS),
    workingDays: z.number().int().positive().optional(),
    months: z.number().int().positive().optional(),
    /** No period in the text: a default the operator may change (dispute rungs, Art. 28). */
    configurable: z.boolean().default(false),
    article: Text,
    summary: Text,
    flags: z.array(z.enum(RULE_FLAGS)).default([]),
  })
  .superRefine((r, ctx) => {
    if (r.workingDays !== undefined && r.months !== undefined) {
      ctx.addIssue({ code: 'custom', message: `${r.kind}: give workingDays or months, not both` });
    }
    if (r.workingDays === undefined && r.months === undefined && (r.flags.length === 0 || r.configurable)) {
      ctx.addIssue({ code: 'custom', message: `${r.kind}: a rule without a period must carry a flag and not be configurable` });
    }
  });

const RuleSetSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/),
    name: z.strictObject({ zh: Text, en: Text }),
    title: z.strictObject({ zh: Text, en: Text }),
    /** The file the rules were read from (informational; docs/statute.md names each text). */
    source: Text,
    /** Inclusive dates; `to` absent = open-ended. */
    inForce: z.strictObject({ from: IsoDate, to: IsoDate.optional(), article: Text }),
    /** Jurisdiction code whose subtree the rule set governs. */
    appliesTo: Text,
    deadlines: z.array(DeadlineRuleSchema),
  })
  .superRefine((rs, ctx) => {
    if (rs.inForce.to !== undefined && rs.inForce.to < rs.inForce.from) {
      ctx.addIssue({ code: 'custom', message: `${rs.id}: inForce.to is before inForce.from` });
    }
    const kinds = rs.deadlines.map((d) => d.kind);
    for (const k of new Set(kinds)) {
      if (kinds.indexOf(k) !== kinds.lastIndexOf(k)) ctx.addIssue({ code: 'custom', message: `${rs.id}: kind ${k} given twice` });
    }
  });

const RuleSetFileSchema = z.strictObject({ ruleSets: z.array(RuleSetSchema).min(1) }).superRefine((file, ctx) => {
  const ids = file.ruleSets.map((r) => r.id);
  if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', message: 'rule set ids must be unique' });
  // "Shorter wins" needs one unit per kind across all rule sets.
  const unitOf = new Map<DeadlineKind, string>();
  for (const rs of file.ruleSets) {
    for (const d of rs.deadlines) {
      const unit = d.workingDays !== undefined ? 'workingDays' : d.months !== undefined ? 'months' : undefined;
      if (!unit) continue;
      const seen = unitOf.get(d.kind);
      if (seen && seen !== unit) ctx.addIssue({ code: 'custom', message: `${d.kind}: mixed units (${seen}, ${unit})` });
      unitOf.set(d.kind, unit);
    }
  }
});

export type DeadlineRule = z.output<typeof DeadlineRuleSchema>;
export type RuleSet = z.output<typeof RuleSetSchema>;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Validates rule-set data (the JSON file's shape); throws RulesError('INVALID_RULE_SETS'). */
export function parseRuleSets(data: unknown): RuleSet[] {
  const parsed = RuleSetFileSchema.safeParse(data);
  if (!parsed.success) throw new RulesError('INVALID_RULE_SETS', `Invalid rule sets:\n${z.prettifyError(parsed.error)}`);
  return deepFreeze(parsed.data.ruleSets);
}

const RULE_SETS: readonly RuleSet[] = parseRuleSets(ruleSetsJson);

export function listRuleSets(): RuleSet[] {
  return [...RULE_SETS];
}

export function getRuleSet(id: string): RuleSet | undefined {
  return RULE_SETS.find((r) => r.id === id);
}

/** Whether `date` (YYYY-MM-DD) lies within the rule set's inclusive inForce range. */
export function isInForce(ruleSet: RuleSet, date: string): boolean {
  return ruleSet.inForce.from <= date && (ruleSet.inForce.to === undefined || date <= ruleSet.inForce.to);
}

export interface ConsideredRule extends DeadlineRule {
  ruleSet: string;
}

export interface EffectiveRule {
  kind: DeadlineKind;
  /** The governing period; both absent when no applicable rule sets one (e.g. HLJ Art. 22
   *  unconditional before the national Art. 21 applies). */
  workingDays?: number;
  months?: number;
  configurable: boolean;
  /** The rule set and article whose period won (or, with no period, the most local rule). */
  ruleSet: string;
  article: string;
  summary: string;
  /** Flags from any applicable rule of this kind, most local first, each with its source. */
  flags: Partial<Record<RuleFlag, { ruleSet: string; article: string }>>;
  /** Every applicable rule of this kind, most local first (the winner included). */
  considered: ConsideredRule[];
}

export interface ApplicableRules {
  jurisdictionCode: string;
  date: string;
  /** Rule sets in force over the jurisdiction on `date`, most local first. */
  ruleSets: RuleSet[];
  /** The case's `ruleSet` label: the most local rule set in force, or null if none. */
  primaryRuleSet: string | null;
  /** Per kind, the effective rule; a kind no applicable rule set covers is absent. */
  deadlines: Partial<Record<DeadlineKind, EffectiveRule>>;
}

const periodOf = (r: DeadlineRule): number | undefined => r.workingDays ?? r.months;

/**
 * The rules for a duty owed by a party in `jurisdictionCode`, with the clock starting on `date`.
 * Where several rule sets cover a kind, the shortest period wins; on a tie the more local one.
 * Throws RulesError 'UNKNOWN_JURISDICTION' or 'INVALID_DATE'. `ruleSets` defaults to the data file.
 */
export function applicableRules(
  jurisdictionCode: string,
  date: string,
  tree: JurisdictionTree,
  ruleSets: readonly RuleSet[] = RULE_SETS,
): ApplicableRules {
  if (!isIsoDate(date)) throw new RulesError('INVALID_DATE', `Invalid date (expected YYYY-MM-DD): ${String(date)}`);
  const depth = new Map(tree.ancestorsOf(jurisdictionCode).map((j, i) => [j.code, i] as const));
  const inForce = ruleSets
    .filter((rs) => depth.has(rs.appliesTo) && isInForce(rs, date))
    .sort((a, b) => depth.get(a.appliesTo)! - depth.get(b.appliesTo)!);

  const deadlines: Partial<Record<DeadlineKind, EffectiveRule>> = {};
  for (const kind of DEADLINE_KINDS) {
    const considered: ConsideredRule[] = inForce.flatMap((rs) =>
      rs.deadlines.filter((d) => d.kind === kind).map((d) => ({ ...d, ruleSet: rs.id })),
    );
    const first = considered[0];
    if (!first) continue;
    let winner: ConsideredRule | undefined;
    for (const c of considered) {
      const p = periodOf(c);
      if (p !== undefined && (winner === undefined || p < periodOf(winner)!)) winner = c; // strict: ties stay local
    }
    winner ??= first;
    const flags: EffectiveRule['flags'] = {};
    for (const c of considered) for (const f of c.flags) flags[f] ??= { ruleSet: c.ruleSet, article: c.article };
    deadlines[kind] = {
      kind,
      ...(winner.workingDays !== undefined && { workingDays: winner.workingDays }),
      ...(winner.months !== undefined && { months: winner.months }),
      configurable: winner.configurable,
      ruleSet: winner.ruleSet,
      article: winner.article,
      summary: winner.summary,
      flags,
      considered,
    };
  }
  return { jurisdictionCode, date, ruleSets: inForce, primaryRuleSet: inForce[0]?.id ?? null, deadlines };
}
