// /calendar and /rule-sets: working-day deadlines and the statutory periods in force.
import { z } from 'zod';
import { DeadlineQuery } from '../../routes/calendar';
import { ApplicableQuery } from '../../routes/ruleSets';
import { named, type ApiArea } from '../kit';

const Deadline = named(
  'WorkingDayDeadline',
  z.object({
    dueAt: z.string().meta({ description: '24:00 Asia/Shanghai of dueDate, written as 00:00+08:00 of the next day' }),
    dueDate: z.string(),
    provisional: z.boolean().meta({ description: 'counted through a year without a State Council holiday notice' }),
    skipped: z.array(z.object({ date: z.string(), reason: z.string() })),
    from: z.string(),
    workingDays: z.number().int(),
    jurisdiction: z.string().nullable(),
  }),
);

const Rule = z.object({
  kind: z.string(),
  workingDays: z.number().int().optional(),
  months: z.number().int().optional(),
  configurable: z.boolean(),
  article: z.string(),
  summary: z.string(),
  flags: z.array(z.string()),
});
const RuleSet = named(
  'RuleSet',
  z.object({
    id: z.string(),
    name: z.object({ zh: z.string(), en: z.string() }),
    title: z.object({ zh: z.string(), en: z.string() }),
    source: z.string(),
    inForce: z.object({ from: z.string(), to: z.string().optional(), article: z.string() }),
    appliesTo: z.string(),
    deadlines: z.array(Rule),
  }),
);
const Applicable = named(
  'ApplicableRules',
  z.object({
    jurisdictionCode: z.string(),
    date: z.string(),
    ruleSets: z.array(RuleSet),
    primaryRuleSet: z.string().nullable(),
    deadlines: z
      .record(z.string(), z.object({ kind: z.string(), ruleSet: z.string(), article: z.string(), summary: z.string(), configurable: z.boolean(), considered: z.array(Rule.extend({ ruleSet: z.string() })) }))
      .meta({ description: 'per kind, the effective rule: the stricter of national and local wins' }),
  }),
);

export const calendarArea: ApiArea = {
  register(doc) {
    doc.tag('calendar', 'Chinese working days and the statutory rule sets (STATUTE "Working days")');
    const common = { method: 'get', tag: 'calendar', auth: 'public' } as const;
    doc.operation({
      ...common,
      path: '/calendar/deadline',
      operationId: 'computeDeadline',
      summary: 'A deadline N working days after a date, with every skipped day and why',
      query: DeadlineQuery,
      responses: { 200: { description: 'The deadline', schema: Deadline } },
    });
    doc.operation({ ...common, path: '/rule-sets', operationId: 'listRuleSets', summary: 'The rule sets, their periods in force and every deadline with its article', responses: { 200: { description: 'The rule sets', schema: z.object({ ruleSets: z.array(RuleSet) }) } } });
    doc.operation({
      ...common,
      path: '/rule-sets/applicable',
      operationId: 'applicableRules',
      summary: 'The effective deadlines for a jurisdiction on a date',
      query: ApplicableQuery,
      responses: { 200: { description: 'The effective rules', schema: Applicable } },
    });
  },
};
