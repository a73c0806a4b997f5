// Connections to Temporal for the client (API) and the worker, from the one config.
import { readFile } from 'node:fs/promises';
import { Client, Connection } from '@temporalio/client';
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

/**
 * grpc-js backs off reconnecting up to 120 s, so after an outage of a minute or two the API kept
 * failing for up to two minutes after Temporal was back. Capped, it recovers within seconds.
 */
export const CLIENT_CHANNEL_ARGS = { 'grpc.max_reconnect_backoff_ms': 2_000 };

export async function connectClient(t: Config['temporal'], address: string): Promise<Client> {
  const connection = await Connection.connect({ address, tls: await tlsOptions(t.tls), apiKey: t.apiKey, channelArgs: CLIENT_CHANNEL_ARGS });
  return new Client({ connection, namespace: t.namespace });
}

export async function connectWorker(t: Config['temporal'], address: string): Promise<NativeConnection> {
  return NativeConnection.connect({ address, tls: await tlsOptions(t.tls), apiKey: t.apiKey });
}
