// Delivers one case's message to another (workflows/case/courier.ts) as the system principal, with
// the message id as the update id: sent again, it is applied once. A case whose workflow has closed,
// or has left Temporal's retention, is run again from its last recorded state and chain head (the
// database is the record: Art. 29), takes the message, and closes again.
import { WithStartWorkflowOperation, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { caseEvents, cases } from '../../db/schema';
import { asActor, withPrincipalHeaders } from '../../identity/temporalHeaders';
import type { CaseMessage, CaseStart, CaseState, MessageAnswer, MessageRefusal } from '../../workflows/case/contract';
import { ErrorCodes, SERVER_UPDATE_FAILURES } from '../../workflows/case/errors';
import { workflowIdFor } from '../../workflows/case/ids';
import type { ProcessDeclaration } from '../../workflows/case/process';
import { SYSTEM_ACTOR, SYSTEM_CLOSED_CASE_TAKES, SYSTEM_COMMANDS } from '../../workflows/case/system';
import { TASK_QUEUE } from '../../workflows/shared';

export interface MessageDeps {
  db: Database;
  /** Without a client this worker cannot deliver: the activity fails and is retried (on a worker that can). */
  temporal?: Client;
  processes: ReadonlyArray<{ declaration: ProcessDeclaration }>;
  taskQueue?: string;
}

const notTaken = (code: string, reason: string): MessageRefusal => ({ delivered: false, code, reason });

/** Refusals that are not the receiver's verdict on the message but a moment's: sent again later. */
const TRANSIENT = new Set<string>([ErrorCodes.CASE_NOT_READY]);

/** A message's answer, and the receiver's state once it took it. */
export type Delivery = { delivered: true; state: CaseState } | MessageRefusal;

/** Delivers a message and answers how the receiver took it (the courier's activity, and the calendar's recomputation). */
export function createCaseMessenger({ db, temporal, processes, taskQueue = TASK_QUEUE }: MessageDeps): (m: CaseMessage) => Promise<Delivery> {
  const client = temporal ? withPrincipalHeaders(temporal) : undefined;
  const declarations = new Map(processes.map((p) => [p.declaration.process, p.declaration]));
  /** What a closed case of the process is run again to take (the process says; the engine's `linked` always). */
  const closedCaseTakes = (d: ProcessDeclaration, command: string) => SYSTEM_CLOSED_CASE_TAKES.includes(command) || (d.closedCaseTakes ?? []).includes(command);

  /** The receiver's last recorded state and chain head, as continue-as-new would carry them. */
  async function recorded(m: CaseMessage): Promise<CaseStart<unknown> | undefined> {
    const [row] = await db.select({ process: cases.process, state: cases.state }).from(cases).where(eq(cases.id, m.to.caseId));
    if (!row || row.process !== m.to.process) return undefined;
    const [tip] = await db
      .select({ seq: caseEvents.seq, hash: caseEvents.hash })
      .from(caseEvents)
      .where(eq(caseEvents.caseId, m.to.caseId))
      .orderBy(desc(caseEvents.seq), desc(caseEvents.revision))
      .limit(1);
    if (!tip || tip.seq !== row.state.version) return undefined;
    return { input: undefined, carried: { state: row.state, head: { seq: tip.seq, hash: tip.hash }, outcomes: [], published: [] } };
  }

  return async function deliver(m: CaseMessage): Promise<Delivery> {
      if (!client) throw new Error('this worker has no Temporal client to deliver case messages with');
      const declaration = declarations.get(m.to.process);
      if (!declaration) return notTaken(ErrorCodes.NOT_FOUND, `no process ${m.to.process}`);
      if (!(m.command in SYSTEM_COMMANDS) && !(m.command in (declaration.messages ?? {}))) {
        return notTaken(ErrorCodes.ILLEGAL_TRANSITION, `a ${m.to.process} takes no message ${m.command}`);
      }
      const workflowId = workflowIdFor(m.to.process, m.to.caseId);
      const options = { args: [m.body] as [Record<string, unknown>], updateId: m.id };
      const answer = (err: unknown): Delivery => {
        const verdict = err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure ? err.cause : undefined;
        // No verdict, or one of the moment (the case still opening, an update the server did not get taken up): sent again.
        if (!verdict?.type || TRANSIENT.has(verdict.type) || SERVER_UPDATE_FAILURES.includes(verdict.type)) throw err;
        return notTaken(verdict.type, verdict.message);
      };
      return asActor(SYSTEM_ACTOR, async () => {
        try {
          const state = (await client.workflow.getHandle(workflowId).executeUpdate(m.command, options)) as CaseState;
          return { delivered: true, state };
        } catch (err) {
          const closed = err instanceof WorkflowNotFoundError || (err instanceof WorkflowUpdateFailedError && !(err.cause instanceof ApplicationFailure));
          if (!closed) return answer(err);
        }
        const start = await recorded(m);
        if (!start) return notTaken(ErrorCodes.NOT_FOUND, `no case ${m.to.caseId} on record`);
        if (!closedCaseTakes(declaration, m.command)) {
          return notTaken(ErrorCodes.ILLEGAL_TRANSITION, `case ${m.to.caseId} is closed (${start.carried!.state.stage}); a closed ${m.to.process} does not take ${m.command}`);
        }
        try {
          const state = (await client.workflow.executeUpdateWithStart(m.command, {
            ...options,
            startWorkflowOperation: new WithStartWorkflowOperation(declaration.workflowType, {
              taskQueue,
              workflowId,
              args: [start],
              // A run already going (started by another message meanwhile) takes it as it is.
              workflowIdConflictPolicy: 'USE_EXISTING',
              workflowIdReusePolicy: 'ALLOW_DUPLICATE',
            }),
          })) as CaseState;
          return { delivered: true, state };
        } catch (err) {
          return answer(err);
        }
      });
  };
}

export function createMessageActivities(deps: MessageDeps) {
  const deliver = createCaseMessenger(deps);
  return {
    /** The courier's delivery (workflows/case/courier.ts): the answer only, never the receiver's state, goes into history. */
    async sendCaseMessage(m: CaseMessage): Promise<MessageAnswer> {
      const delivery = await deliver(m);
      return delivery.delivered ? { delivered: true } : delivery;
    },
  };
}
