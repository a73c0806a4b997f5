// The verified principal travels with each update (and the opening) in a Temporal header, set by
// the API's client interceptor (identity/temporalHeaders.ts). This workflow interceptor hands it to
// the command (or signal) as its second argument (the opener: the start argument's `opener`), so what the event
// records is who the API authenticated — never what a body said.
import { defaultPayloadConverter, type Headers } from '@temporalio/common';
import type { SignalInput, UpdateInput, WorkflowExecuteInput, WorkflowInterceptors } from '@temporalio/workflow';
import type { Actor } from './contract';

export const PRINCIPAL_HEADER = 'gds-principal';

export function actorFromHeaders(headers: Headers): Actor | undefined {
  const payload = headers[PRINCIPAL_HEADER];
  if (!payload) return undefined;
  const actor = defaultPayloadConverter.fromPayload<Actor>(payload);
  return actor && typeof actor.departmentId === 'string' ? actor : undefined;
}

function withActor<T extends UpdateInput | SignalInput>(input: T): T {
  // Only the header names the actor: a second argument from the caller is never taken as one.
  return { ...input, args: [input.args[0], actorFromHeaders(input.headers)] };
}

function withOpener(input: WorkflowExecuteInput): WorkflowExecuteInput {
  const opener = actorFromHeaders(input.headers);
  const [first, ...rest] = input.args;
  if (!opener || !first || typeof first !== 'object') return input;
  return { ...input, args: [{ ...(first as object), opener }, ...rest] };
}

export const interceptors = (): WorkflowInterceptors => ({
  inbound: [
    {
      execute: (input, next) => next(withOpener(input)),
      validateUpdate: (input, next) => next(withActor(input)),
      handleUpdate: (input, next) => next(withActor(input)),
      // Batched items (batch.ts) come by signal: the sender is the header's too.
      handleSignal: (input, next) => next(withActor(input)),
    },
  ],
});
