// The bodies every process's routes answer (api/cases/view.ts and the case service's read): the
// engine's part, which every case has, and each process's own fields (its declaration's viewSchema).
// Instants are ISO 8601 in +08:00 with milliseconds.
import { z } from 'zod';
import type { RegisteredProcess } from '../../cases/registry';
import { named } from '../kit';

export const instant = z.string().meta({ description: 'ISO 8601, +08:00, milliseconds', example: '2026-10-16T00:00:00.000+08:00' });
export const Party = z.object({ departmentId: z.string(), jurisdictionCode: z.string() });
export const Approval = named(
  'Approval',
  z.object({
    approverId: z.string().meta({ description: 'the authenticated head (Art. 20)' }),
    approvedAt: instant,
    actingFor: z.string().optional().meta({ description: 'approved by an acting head (代理) for this head' }),
    draft: z
      .object({ id: z.string(), version: z.number().int(), draftedBy: z.string(), editedBy: z.string() })
      .optional()
      .meta({ description: 'the draft of its staff the head approved: who drafted it, who edited it last, the version read' }),
  }),
);

const Deadline = named(
  'CaseDeadline',
  z.object({
    id: z.number().int(),
    kind: z.string(),
    dutyBearer: z.object({ role: z.string(), departmentId: z.string(), jurisdictionCode: z.string() }),
    workingDays: z.number().int().optional(),
    months: z.number().int().optional(),
    startedAt: instant,
    dueAt: instant,
    dueDate: z.string(),
    provisional: z.boolean(),
    ruleSet: z.string(),
    article: z.string(),
    breach: z.object({ article: z.string(), clause: z.string().optional() }),
    rung: z.number().int(),
    status: z.enum(['open', 'met', 'missed', 'superseded', 'cancelled']),
    missedAt: instant.optional(),
  }),
);

const Violation = named(
  'Violation',
  z.object({
    id: z.number().int(),
    deadlineId: z.number().int(),
    duty: z.string(),
    article: z.string(),
    clause: z.string().optional(),
    party: z.string().meta({ description: 'the department in breach' }),
    ordersRectification: z.string().meta({ description: 'a department ID or government:<code>' }),
    at: instant,
    status: z.enum(['open', 'rectified', 'excused', 'withdrawn']),
    resolution: z.object({ by: z.string().optional(), reason: z.string(), at: instant }).optional(),
  }),
);

const Link = named(
  'CaseLink',
  z.object({ caseId: z.string(), process: z.string(), relation: z.string().meta({ description: "in the naming case's process's terms, e.g. corrects" }) }),
);

/** What every case shows, whatever its process (caseCoreView). */
const CaseCore = z.object({
  id: z.string(),
  process: z.string(),
  stage: z.string(),
  overdue: z.boolean().meta({ description: 'an open violation exists' }),
  ruleSet: z.string().nullable(),
  jurisdiction: z.string(),
  dueAt: instant.nullable().meta({ description: 'the running deadline' }),
  provisional: z.boolean(),
  openedAt: instant,
  parties: z.array(Party.extend({ role: z.string(), standing: z.enum(['party', 'authority', 'coordinator']) })),
  links: z.array(Link).meta({ description: 'the cases this case names' }),
  deadlines: z.array(Deadline),
  violations: z.array(Violation),
  version: z.number().int(),
  fastClock: z.literal(true).optional(),
});

/** An event as it was hashed (docs/audit.md "Verifying a case"). */
const CaseEvent = named(
  'CaseEvent',
  z.object({
    seq: z.number().int(),
    revision: z.number().int(),
    type: z.string(),
    at: instant,
    actor: z.record(z.string(), z.unknown()).nullable(),
    data: z.unknown(),
    prevHash: z.string(),
    hash: z.string(),
    stateHash: z.string(),
    hashFormat: z.number().int(),
  }),
);

/** What one case's read adds: the record and who names the case. */
const History = z.object({
  recordedState: z.record(z.string(), z.unknown()).meta({ description: 'the state as the last event recorded it (its stateHash)' }),
  events: z.array(CaseEvent),
  supersededEvents: z.array(CaseEvent),
  linkedFrom: z.array(Link.extend({ stage: z.string() })).meta({ description: 'the cases that name this one (e.g. the corrections of a share request)' }),
  notes: z
    .array(z.object({ seq: z.number().int(), noteHash: z.string(), nonce: z.string(), note: z.string() }))
    .meta({ description: "notes meant for the caller's department only (an assignment's): the event carries noteHash = sha256(nonce + '\\n' + note)" }),
});

export const ListItem = named(
  'CaseListItem',
  z.object({
    id: z.string(),
    process: z.string(),
    stage: z.string(),
    overdue: z.boolean(),
    ruleSet: z.string().nullable(),
    jurisdiction: z.string(),
    catalogueEntryId: z.string().nullable(),
    dueAt: instant.nullable(),
    provisional: z.boolean(),
    openViolations: z.number().int(),
    openedAt: instant,
    updatedAt: instant,
    parties: z.record(z.string(), z.string()).meta({ description: 'the department in each role' }),
  }),
);

/** A process's view, its view with the record, as named components. */
export function caseSchemas(p: RegisteredProcess) {
  const View = named(p.schemaName, CaseCore.extend({ stage: z.enum(p.declaration.stages as [string, ...string[]]) }).extend(p.viewSchema.shape));
  return { View, WithHistory: named(`${p.schemaName}WithHistory`, View.extend(History.shape)) };
}
