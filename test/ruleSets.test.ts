import { describe, expect, it } from 'vitest';
import { applicableRules, getRuleSet, listRuleSets, parseRuleSets, type RuleSet } from '../rules/ruleSets';
import { demoJurisdictionTree } from '../rules/seedData';
import { errorCode } from './helpers/rules';

const tree = demoJurisdictionTree();
const HARBIN = '230100';
const DAOLI = '230102';
const FUSHUN = '210400';
const QINGYUAN = '210423';
const BEIJING = '110000';

const rules = (code: string, date: string) => applicableRules(code, date, tree);

describe('rule-set data (rules/data/rule-sets.json)', () => {
  it('when loaded, then national, heilongjiang and fushun are present with their in-force ranges', () => {
    expect(listRuleSets().map((r) => r.id)).toEqual(['national', 'heilongjiang', 'fushun']);
    expect(getRuleSet('national')?.inForce).toMatchObject({ from: '2025-08-01', article: 'Art. 44' });
    // HLJ Art. 47: in force from issue (2025-01-06), valid 2 years
    expect(getRuleSet('heilongjiang')?.inForce).toMatchObject({ from: '2025-01-06', to: '2027-01-05' });
    expect(getRuleSet('fushun')?.inForce).toMatchObject({ from: '2023-03-01', article: 'Fushun Art. 31' });
  });

  it('when the text gives no period (Art. 28 disputes), then the rule is marked configurable', () => {
    const national = getRuleSet('national')!;
    const dispute = national.deadlines.filter((d) => d.kind.startsWith('dispute.'));
    expect(dispute).toHaveLength(2);
    for (const d of dispute) expect(d).toMatchObject({ configurable: true, article: 'Art. 28' });
    expect(national.deadlines.filter((d) => !d.kind.startsWith('dispute.')).every((d) => !d.configurable)).toBe(true);
  });

  it('when rule-set data is invalid, then parseRuleSets throws INVALID_RULE_SETS', () => {
    const base = JSON.parse(JSON.stringify(listRuleSets())) as RuleSet[];
    const bad = (mutate: (r: RuleSet[]) => void) => {
      const copy = structuredClone(base);
      mutate(copy);
      return errorCode(() => parseRuleSets({ ruleSets: copy }));
    };
    expect(bad(() => {})).toBe('no error');
    expect(bad((r) => r.push(structuredClone(r[0]!)))).toBe('INVALID_RULE_SETS'); // duplicate id
    expect(bad((r) => (r[1]!.inForce.to = '2024-01-01'))).toBe('INVALID_RULE_SETS'); // to < from
    expect(bad((r) => r[0]!.deadlines.push(structuredClone(r[0]!.deadlines[0]!)))).toBe('INVALID_RULE_SETS'); // kind twice
    expect(bad((r) => Object.assign(r[1]!.deadlines[1]!, { workingDays: undefined, months: 1 }))).toBe('INVALID_RULE_SETS'); // mixed units
    expect(bad((r) => (r[0]!.inForce.from = '2025-02-30'))).toBe('INVALID_RULE_SETS');
  });
});

describe('applicableRules: share request replies (Art. 21; HLJ Art. 22; Fushun Art. 21)', () => {
  it('when a Beijing provider receives a conditional request on 2026-09-25, then national Art. 21 gives 10 working days', () => {
    const r = rules(BEIJING, '2026-09-25');
    expect(r.ruleSets.map((s) => s.id)).toEqual(['national']);
    expect(r.primaryRuleSet).toBe('national');
    expect(r.deadlines['reply.conditional']).toMatchObject({ workingDays: 10, ruleSet: 'national', article: 'Art. 21' });
    expect(r.deadlines['reply.unconditional']).toMatchObject({ workingDays: 1, article: 'Art. 21', flags: {} });
    expect(r.deadlines['delivery']).toMatchObject({ workingDays: 20, article: 'Art. 22' });
    expect(r.deadlines['extension.cap']).toMatchObject({ workingDays: 10, article: 'Art. 21' });
    expect(r.deadlines['misuse.idle']).toBeUndefined(); // HLJ-only kind
  });

  it('when a Harbin provider receives a conditional request on 2026-09-25, then HLJ Art. 22 (1 day) beats national Art. 21 (10)', () => {
    const r = rules(HARBIN, '2026-09-25');
    expect(r.ruleSets.map((s) => s.id)).toEqual(['heilongjiang', 'national']);
    expect(r.primaryRuleSet).toBe('heilongjiang');
    const c = r.deadlines['reply.conditional']!;
    expect(c).toMatchObject({ workingDays: 1, ruleSet: 'heilongjiang', article: 'HLJ Art. 22' });
    expect(c.considered.map((x) => [x.ruleSet, x.workingDays, x.article])).toEqual([
      ['heilongjiang', 1, 'HLJ Art. 22'],
      ['national', 10, 'Art. 21'],
    ]);
  });

  it('when unconditional data is requested in Harbin, then it is granted without provider review (HLJ Art. 22) and the national 1 day stays', () => {
    const u = rules(HARBIN, '2026-09-25').deadlines['reply.unconditional']!;
    expect(u).toMatchObject({ workingDays: 1, ruleSet: 'national', article: 'Art. 21' });
    expect(u.flags.grantedWithoutProviderReview).toEqual({ ruleSet: 'heilongjiang', article: 'HLJ Art. 22' });
  });

  it('when the provider is in Daoli district, then Heilongjiang rules govern it too (subtree of 230000)', () => {
    expect(rules(DAOLI, '2026-09-25').deadlines['reply.conditional']).toMatchObject({ workingDays: 1, ruleSet: 'heilongjiang' });
  });

  it.each([
    ['Fushun city', FUSHUN],
    ['Qingyuan county', QINGYUAN],
  ])('when the provider is in %s, then Fushun Art. 21 gives 5 working days and refusals cite the legal basis', (_, code) => {
    const r = rules(code, '2026-09-25');
    expect(r.primaryRuleSet).toBe('fushun');
    const c = r.deadlines['reply.conditional']!;
    expect(c).toMatchObject({ workingDays: 5, ruleSet: 'fushun', article: 'Fushun Art. 21' });
    expect(c.flags.refusalMustCiteLegalBasis).toEqual({ ruleSet: 'fushun', article: 'Fushun Art. 21' });
    expect(r.deadlines['reply.unconditional']!.flags.grantedWithoutProviderReview?.ruleSet).toBe('fushun');
  });

  it('when the clock starts in Harbin on 2025-07-01 (before Art. 44 in force), then only the Heilongjiang rules apply', () => {
    const r = rules(HARBIN, '2025-07-01');
    expect(r.ruleSets.map((s) => s.id)).toEqual(['heilongjiang']);
    expect(r.deadlines['reply.conditional']).toMatchObject({ workingDays: 1, ruleSet: 'heilongjiang' });
    // HLJ Art. 22 sets no period for unconditional data: flag only
    const u = r.deadlines['reply.unconditional']!;
    expect(u.workingDays).toBeUndefined();
    expect(u).toMatchObject({ ruleSet: 'heilongjiang', article: 'HLJ Art. 22' });
    expect(u.flags.grantedWithoutProviderReview).toBeDefined();
    expect(r.deadlines['delivery']).toBeUndefined(); // Art. 22 not yet in force
    expect(r.deadlines['extension.cap']).toBeUndefined();
  });

  it('when the clock starts in Harbin on 2027-01-05, then Heilongjiang still applies (last day, HLJ Art. 47)', () => {
    expect(rules(HARBIN, '2027-01-05').deadlines['reply.conditional']).toMatchObject({ workingDays: 1, ruleSet: 'heilongjiang' });
  });

  it('when the clock starts in Harbin on 2027-01-06 (HLJ measures expired), then national Art. 21 gives 10', () => {
    const r = rules(HARBIN, '2027-01-06');
    expect(r.ruleSets.map((s) => s.id)).toEqual(['national']);
    expect(r.primaryRuleSet).toBe('national');
    expect(r.deadlines['reply.conditional']).toMatchObject({ workingDays: 10, ruleSet: 'national', article: 'Art. 21' });
    expect(r.deadlines['reply.unconditional']!.flags).toEqual({});
  });

  it('when the clock starts in Fushun on 2023-01-01 (before Fushun Art. 31 and national), then no reply rule applies', () => {
    const r = rules(FUSHUN, '2023-01-01');
    expect(r.ruleSets).toEqual([]);
    expect(r.primaryRuleSet).toBeNull();
    expect(r.deadlines['reply.conditional']).toBeUndefined();
    expect(r.deadlines['reply.unconditional']).toBeUndefined();
    expect(rules(FUSHUN, '2023-03-01').deadlines['reply.conditional']).toMatchObject({ workingDays: 5, ruleSet: 'fushun' });
  });
});

describe('applicableRules: correction, catalogue, misuse (Art. 17, 26; HLJ Art. 12, 15, 16, 24, 27)', () => {
  it('when a Harbin provider receives a correction request, then HLJ Art. 24 gives 5 working days (national Art. 26: 10)', () => {
    expect(rules(HARBIN, '2026-09-25').deadlines['correction']).toMatchObject({ workingDays: 5, ruleSet: 'heilongjiang', article: 'HLJ Art. 24' });
    expect(rules(BEIJING, '2026-09-25').deadlines['correction']).toMatchObject({ workingDays: 10, article: 'Art. 26' });
    expect(rules(FUSHUN, '2026-09-25').deadlines['correction']).toMatchObject({ workingDays: 10, ruleSet: 'national' });
  });

  it('when a Harbin department must update its catalogue, then HLJ Art. 15 gives 3 working days, extendable by 5', () => {
    const r = rules(HARBIN, '2026-09-25');
    expect(r.deadlines['catalogue.update']).toMatchObject({ workingDays: 3, ruleSet: 'heilongjiang', article: 'HLJ Art. 15' });
    const ext = r.deadlines['catalogue.update.extension']!;
    expect(ext).toMatchObject({ workingDays: 5, ruleSet: 'heilongjiang' }); // tie with Art. 17: the local rule is reported
    expect(Object.keys(ext.flags).sort()).toEqual(['extensionNeedsPolicyBasis', 'singleExtension']);
    expect(r.deadlines['catalogue.review']).toMatchObject({ workingDays: 2, ruleSet: 'national', article: 'Art. 17' });
    expect(r.deadlines['catalogue.authorityChanges']).toMatchObject({ workingDays: 5, article: 'HLJ Art. 12' });
    expect(r.deadlines['catalogue.revocation.continuation']).toMatchObject({ months: 6, article: 'HLJ Art. 16' });
    expect(r.deadlines['misuse.idle']).toMatchObject({ months: 3, article: 'HLJ Art. 27' });
    expect(rules(BEIJING, '2026-09-25').deadlines['catalogue.update']).toMatchObject({ workingDays: 10, article: 'Art. 17' });
  });

  it('when a dispute rung applies, then its period is configurable and the rung cites Art. 28', () => {
    expect(rules(BEIJING, '2026-09-25').deadlines['dispute.negotiation']).toMatchObject({ configurable: true, article: 'Art. 28' });
    expect(rules(FUSHUN, '2026-09-25').deadlines['dispute.coordination']).toMatchObject({ configurable: true });
  });
});

describe('applicableRules: adding a province is adding a rule set', () => {
  const beijing = (workingDays: number): RuleSet =>
    parseRuleSets({
      ruleSets: [
        {
          id: 'beijing', name: { zh: '北京市', en: 'Beijing' }, title: { zh: '示例', en: 'Example' }, source: 'test',
          inForce: { from: '2026-01-01', article: 'BJ Art. 1' }, appliesTo: BEIJING,
          deadlines: [{ kind: 'reply.conditional', workingDays, article: 'BJ Art. 2', summary: 'test' }],
        },
      ],
    })[0]!;

  it('when a stricter Beijing rule set is added, then it wins in Beijing and nowhere else', () => {
    const sets = [...listRuleSets(), beijing(3)];
    expect(applicableRules(BEIJING, '2026-09-25', tree, sets).deadlines['reply.conditional']).toMatchObject({ workingDays: 3, ruleSet: 'beijing' });
    expect(applicableRules(HARBIN, '2026-09-25', tree, sets).deadlines['reply.conditional']).toMatchObject({ ruleSet: 'heilongjiang' });
  });

  it('when a local rule is laxer than national, then the national period still wins (a local rule may only be stricter)', () => {
    const r = applicableRules(BEIJING, '2026-09-25', tree, [...listRuleSets(), beijing(15)]);
    expect(r.primaryRuleSet).toBe('beijing');
    expect(r.deadlines['reply.conditional']).toMatchObject({ workingDays: 10, ruleSet: 'national' });
  });
});

describe('applicableRules: errors', () => {
  it('when the jurisdiction is unknown, then it throws UNKNOWN_JURISDICTION', () => {
    expect(errorCode(() => rules('999999', '2026-09-25'))).toBe('UNKNOWN_JURISDICTION');
  });

  it.each(['2026-02-30', '2026/09/25', '20260925', '', '2026-13-01'])('when the date is %j, then it throws INVALID_DATE', (d) => {
    expect(errorCode(() => rules(HARBIN, d))).toBe('INVALID_DATE');
  });

  it('when a date is valid on a leap day, then it is accepted', () => {
    expect(errorCode(() => rules(HARBIN, '2028-02-29'))).toBe('no error');
  });
});
