// The API's side of the principal header: each update (and update-with-start) the API sends carries
// the verified caller of the HTTP request it serves, read from an AsyncLocalStorage scope.
import { AsyncLocalStorage } from 'node:async_hooks';
import { Client } from '@temporalio/client';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import { defaultPayloadConverter, type Headers } from '@temporalio/common';
import type { Actor } from '../workflows/case/contract';
import { PRINCIPAL_HEADER } from '../workflows/case/principal';

const current = new AsyncLocalStorage<Actor>();

/** Runs `fn` with `actor` as the principal of every Temporal call it makes. */
export const asActor = <T>(actor: Actor, fn: () => Promise<T>): Promise<T> => current.run(actor, fn);

const withPrincipal = (headers: Headers): Headers => {
  const actor = current.getStore();
  return actor ? { ...headers, [PRINCIPAL_HEADER]: defaultPayloadConverter.toPayload(actor) } : headers;
};

export const principalHeaderInterceptor: WorkflowClientInterceptor = {
  startUpdate: (input, next) => next({ ...input, headers: withPrincipal(input.headers) }),
  signal: (input, next) => next({ ...input, headers: withPrincipal(input.headers) }),
  startUpdateWithStart: (input, next) =>
    next({ ...input, updateHeaders: withPrincipal(input.updateHeaders), workflowStartHeaders: withPrincipal(input.workflowStartHeaders) }),
};

/** The same connection and namespace, with the principal header on every update. */
export function withPrincipalHeaders(client: Client): Client {
  return new Client({ connection: client.connection, namespace: client.options.namespace, interceptors: { workflow: [principalHeaderInterceptor] } });
}
