// A tiny client of the share-request API that times every call by endpoint label (loopback only).
import { performance } from 'node:perf_hooks';
import type { Recorder } from './stats';
import { aYearFrom } from '../api/validation';
import { devIssuer, type DevIssuer } from '../identity/devIssuer';
import { shanghaiDate } from '../rules/calendar';

export interface CallResult {
  ok: boolean;
  status: number;
  body: any;
}

/** Who plays which part in the benchmark's lifecycles (seed data, national rules). */
export const LIFECYCLE = {
  catalogueEntryId: '100000-ecology-environment-air-quality',
  requester: '110000-public-security',
  provider: '100000-ecology-environment',
} as const;

/** The benchmark's issuer key, shared with its API host through the environment (bench/run.ts). */
export const BENCH_ISSUER_ENV = 'BENCH_ISSUER_KEY_FILE';
let issuer: Promise<DevIssuer> | undefined;
const tokens = new Map<string, Promise<string>>();
/** A bearer token of the department's sharing office head, minted once. */
function tokenOf(departmentId: string): Promise<string> {
  issuer ??= devIssuer(process.env[BENCH_ISSUER_ENV]);
  let t = tokens.get(departmentId);
  if (!t) tokens.set(departmentId, (t = issuer.then((i) => i.issue(`${departmentId}-head`, { ttlSeconds: 6 * 3600 }))));
  return t;
}

export function submission(catalogueEntryId: string, _requester: string, sharingMethod = 'service_api') {
  return {
    catalogueEntryId,
    legalBasis: '《政务数据共享条例》第二十条',
    usageScenario: '性能基准测试',
    usageScope: '本部门政务服务',
    sharingMethod,
    usagePeriod: aYearFrom(shanghaiDate(new Date())),
  };
}

export class ApiClient {
  /** First error bodies seen, by label, to report what went wrong. */
  readonly errorSamples = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    readonly rec: Recorder,
  ) {}

  /**
   * One request as department `as`. Latency runs from `scheduledAt` (performance.now() ms) when
   * given, so an open-loop run counts time spent waiting behind late sends.
   */
  async call(label: string, method: string, path: string, as: string, body?: unknown, scheduledAt?: number): Promise<CallResult> {
    const t0 = scheduledAt ?? performance.now();
    try {
      const res = await fetch(this.baseUrl + path, {
        method,
        headers: { Authorization: `Bearer ${await tokenOf(as)}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      });
      const text = await res.text();
      const ms = performance.now() - t0;
      if (res.ok) this.rec.add(label, ms);
      else {
        this.rec.fail(label);
        if (!this.errorSamples.has(label)) this.errorSamples.set(label, `${res.status} ${text.slice(0, 300)}`);
      }
      return { ok: res.ok, status: res.status, body: text ? JSON.parse(text) : undefined };
    } catch (err) {
      this.rec.fail(label);
      if (!this.errorSamples.has(label)) this.errorSamples.set(label, String((err as Error).message ?? err));
      return { ok: false, status: 0, body: undefined };
    }
  }

  submit(catalogueEntryId: string, requester: string, sharingMethod?: string, scheduledAt?: number) {
    return this.call('POST /share-requests', 'POST', '/share-requests', requester, submission(catalogueEntryId, requester, sharingMethod), scheduledAt);
  }

  command(path: 'reply' | 'delivery' | 'receipt-confirmation', id: string, as: string, scheduledAt?: number) {
    const body =
      path === 'reply'
        ? { decision: 'agree' }
        : path === 'delivery'
          ? { method: 'service_api', reference: `BENCH-${id}` }
          : {};
    return this.call(`POST /share-requests/:id/${path}`, 'POST', `/share-requests/${id}/${path}`, as, body, scheduledAt);
  }

  /** submit → reply → delivery → receipt confirmation; the case id when every step answered 2xx. */
  async lifecycle(): Promise<string | undefined> {
    const { catalogueEntryId, requester, provider } = LIFECYCLE;
    const created = await this.submit(catalogueEntryId, requester);
    if (!created.ok) return undefined;
    const id = created.body.id as string;
    if (!(await this.command('reply', id, provider)).ok) return undefined;
    if (!(await this.command('delivery', id, provider)).ok) return undefined;
    const done = await this.command('receipt-confirmation', id, requester);
    return done.ok && done.body.stage === 'completed' ? id : undefined;
  }
}
