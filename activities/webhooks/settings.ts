// Everything the webhook API and dispatcher need, from the configuration (WEBHOOK_*).
import type { WebhookSettings } from '../../config';
import { loadSecretKey, type SecretKey } from './secrets';
import { allowList, systemResolve, type Resolve, type TargetPolicy } from './targets';

export interface WebhookDeps {
  secretKey: SecretKey;
  policy: TargetPolicy;
  /** Waits after each failed attempt; past the last, the delivery has failed. */
  retryScheduleMs: readonly number[];
  attemptTimeoutMs: number;
  pollIntervalMs: number;
  /** How long the secret before a rotation keeps signing. */
  secretGraceMs: number;
  /** Deliveries one pass over every webhook sends at most (the dispatcher before per-webhook passes). */
  batch?: number;
  /** Deliveries sent to one webhook at once (WEBHOOK_TARGET_CONCURRENCY; default 4). */
  targetConcurrency?: number;
  /** A department's webhooks delivered to at once (WEBHOOK_DEPARTMENT_CONCURRENCY; default 4). */
  departmentConcurrency?: number;
  /** Extra trusted CAs for https receivers (tests). */
  ca?: string | Buffer;
}

export function webhookDeps(s: WebhookSettings, o: { resolve?: Resolve; secretKey?: SecretKey } = {}): WebhookDeps {
  return {
    secretKey: o.secretKey ?? loadSecretKey(s.secretKeyFile, { create: s.createSecretKey }),
    policy: { allowed: allowList(s.allowedNetworks), allowHttp: s.allowHttp, resolve: o.resolve ?? systemResolve },
    retryScheduleMs: s.retryScheduleMs,
    attemptTimeoutMs: s.attemptTimeoutMs,
    pollIntervalMs: s.pollIntervalMs,
    secretGraceMs: s.secretGraceMs,
    targetConcurrency: s.targetConcurrency,
    departmentConcurrency: s.departmentConcurrency,
  };
}
