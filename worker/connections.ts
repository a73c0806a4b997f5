// Connections to Temporal for the client (API) and the worker, from the one config.
import { readFile } from 'node:fs/promises';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor, type ConnectionOptions } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Config } from '../config';

async function tlsOptions(tls: Config['temporal']['tls']) {
  if (!tls) return undefined;
  return {
    serverNameOverride: tls.serverName,
    serverRootCACertificate: tls.caPath ? await readFile(tls.caPath) : undefined,
    clientCertPair:
      tls.certPath && tls.keyPath ? { crt: await readFile(tls.certPath), key: await readFile(tls.keyPath) } : undefined,
  };
}

type GrpcInterceptor = NonNullable<ConnectionOptions['interceptors']>[number];

/**
 * The SDK's gRPC retry (10 attempts, back-off up to 5 s), but never waiting past the call's
 * deadline. As is, it sleeps its back-off first and notices the deadline only then: a call with a
 * 10 s deadline failed after up to 15 s, and a retry that fired after the caller had given up hit
 * the closed channel at shutdown ("Channel has been shut down", an uncaught exception).
 */
export function deadlineAwareRetryInterceptor(): GrpcInterceptor {
  const defaults = defaultGrpcRetryOptions();
  return (options, nextCall) => {
    const deadline = options.deadline === undefined ? Infinity : Number(options.deadline);
    let delay = 0;
    return makeGrpcRetryInterceptor({
      retryableDecider: (attempt, status) => {
        if (!defaults.retryableDecider(attempt, status) || Date.now() >= deadline) return false;
        delay = defaults.delayFunction(attempt, status);
        return true;
      },
      // At the deadline the retry fails at once with DEADLINE_EXCEEDED, and nothing is left pending.
      delayFunction: () => Math.max(0, Math.min(delay, deadline - Date.now())),
    })(options, nextCall);
  };
}

/** Connection options of the API's client (and of tests that stand in for it). */
export const CLIENT_CONNECTION_OPTIONS = {
  interceptors: [deadlineAwareRetryInterceptor()],
  // grpc-js backs off reconnecting up to 120 s, so after an outage of a minute or two the API kept
  // failing for up to two minutes after Temporal was back. Capped, it recovers within seconds.
  channelArgs: { 'grpc.max_reconnect_backoff_ms': 2_000 },
} satisfies Partial<ConnectionOptions>;

export async function connectClient(t: Config['temporal'], address: string): Promise<Client> {
  const connection = await Connection.connect({ address, tls: await tlsOptions(t.tls), apiKey: t.apiKey, ...CLIENT_CONNECTION_OPTIONS });
  return new Client({ connection, namespace: t.namespace });
}

export async function connectWorker(t: Config['temporal'], address: string): Promise<NativeConnection> {
  return NativeConnection.connect({ address, tls: await tlsOptions(t.tls), apiKey: t.apiKey });
}
