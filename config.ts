// The one typed configuration module: every setting comes from the environment, validated at start.
import { z } from 'zod';
import { DEV_AUDIENCE, DEV_CLAIMS, DEV_ISSUER } from './identity/devIssuer';
import { CRYPTO_SUITES, type CryptoSuiteName } from './crypto/suite';
import { isNetwork } from './activities/webhooks/targets';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce.number().int().min(0).max(65535);

/** Art. 29: records of data use are kept for at least three years (also the floor in migration 0008). */
export const MIN_CASE_RECORD_RETENTION_YEARS = 3;

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;
/** A duration such as 500ms, 5s, 30m or 2h, in milliseconds, within [minMs, maxMs]. */
const duration = (minMs: number, maxMs: number) =>
  z
    .string()
    .regex(/^\d{1,7}(ms|s|m|h)$/, 'expected a duration such as 500ms, 5s, 30m or 2h')
    .transform((d) => Number(/^\d+/.exec(d)![0]) * UNIT_MS[/[a-z]+$/.exec(d)![0] as keyof typeof UNIT_MS])
    .refine((ms) => ms >= minMs && ms <= maxMs, `expected between ${minMs} ms and ${maxMs} ms`);
/** CALENDAR_MAX_AGE's default: a loaded notice reaches every API and worker process within 5 s. */
export const DEFAULT_CALENDAR_MAX_AGE_MS = 5_000;

/** Express's (proxy-addr's) names for address ranges, allowed in TRUST_PROXY. */
const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];
const list = z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

/** Settings a process's API half reads (its withSettings): each is a variable above. */
export interface ProcessSettings {
  /** USAGE_PERIOD_MAX_YEARS: the longest usage period a share request may name (Art. 20). */
  usagePeriodMaxYears: number;
}

const EnvSchema = z.object({
  NODE_ENV: z.string().default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: port.default(3000),
  /** How long a client may take to send a whole request (headers and body): a partial body is not held longer. */
  HTTP_REQUEST_TIMEOUT: duration(1_000, 600_000).default(30_000),
  /** How long a client may take to send the request line and headers. */
  HTTP_HEADERS_TIMEOUT: duration(1_000, 600_000).default(10_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `auto`: human-readable lines when stdout is a terminal, JSON lines otherwise (a collector reads those). */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  /** Where the embedded defaults keep their files (PGlite data, Temporal dev server SQLite). */
  DATA_DIR: z.string().default('.data'),
  /** A real PostgreSQL server; when absent the embedded PGlite under DATA_DIR is used. */
  DATABASE_URL: z.string().url().optional(),
  /** An existing Temporal cluster; when absent `npm start` runs the Temporal CLI dev server. */
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TLS: bool.default(false),
  TEMPORAL_TLS_CERT_PATH: z.string().optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().optional(),
  TEMPORAL_TLS_CA_PATH: z.string().optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().optional(),
  TEMPORAL_API_KEY: z.string().optional(),
  /** Deadline of every API call into Temporal, so an outage answers 503 instead of hanging. */
  TEMPORAL_CALL_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** How long Temporal keeps a closed case's history; the database is the long-term record (Art. 29). */
  TEMPORAL_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  /** Workflows the worker keeps cached between tasks (memory vs. replay cost). */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).default(250),
  /** A workflow bundle prebuilt by `npm run build:bundle` (the image has one): the worker loads it instead of bundling at start. */
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
  /** A directory of State Council holiday notice JSON files that override the packaged data. */
  HOLIDAY_NOTICES_DIR: z.string().default('rules/data/holiday-notices'),
  /**
   * How old a process's working-day calendar may be: each process checks the database's calendar
   * version before using it once this has passed since its last check (docs/calendar.md).
   */
  CALENDAR_MAX_AGE: duration(100, 3_600_000).default(DEFAULT_CALENDAR_MAX_AGE_MS),
  /** Seed the demo jurisdictions, departments and catalogue (idempotent). */
  SEED_DEMO: bool.optional(),
  /** Development only: one working day lasts one minute, so an escalation can be watched. */
  DEMO_FAST_CLOCK: bool.default(false),
  /** The longest usage period (使用时限, Art. 20) a request may name, in years. */
  USAGE_PERIOD_MAX_YEARS: z.coerce.number().int().min(1).max(100).default(10),
  /** Art. 20 drafts not approved within this many days expire. */
  DRAFT_EXPIRY_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** The identity provider (OIDC): tokens' `iss`, `aud`, its JWKS, and the claims carrying user, organisation, roles. */
  AUTH_ISSUER: z.string().min(1).optional(),
  AUTH_AUDIENCE: z.string().min(1).default('gov-data-sharing'),
  AUTH_JWKS_URL: z.string().url().optional(),
  AUTH_USER_CLAIM: z.string().min(1).default('sub'),
  AUTH_ORGANISATION_CLAIM: z.string().min(1).default('org'),
  AUTH_ROLES_CLAIM: z.string().min(1).default('roles'),
  /** Asymmetric JWS algorithms only: `none` and shared-secret HMAC are refused. */
  AUTH_ALGORITHMS: z
    .string()
    .default('EdDSA,ES256,RS256,PS256')
    .transform((s) => s.split(',').map((a) => a.trim()).filter(Boolean))
    .refine((a) => a.length > 0 && a.every((x) => /^(EdDSA|Ed25519|ES(256|384|512)|RS(256|384|512)|PS(256|384|512))$/.test(x)), {
      message: 'a comma-separated list of asymmetric JWS algorithms (none and HS* are refused)',
    }),
  AUTH_MAX_TOKEN_AGE_SECONDS: z.coerce.number().int().min(60).max(7 * 86_400).default(8 * 3600),
  AUTH_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  /**
   * The embedded development issuer (its key under DATA_DIR). Unset: on only in development with the
   * embedded defaults (no DATABASE_URL, no TEMPORAL_ADDRESS, no AUTH_ISSUER) on a loopback HOST.
   */
  AUTH_DEV_ISSUER: bool.optional(),
  /** The audit trail's hashes and signatures: SHA-256/Ed25519, or SM3/SM2 (国密) where 密评 asks for them. */
  CRYPTO_SUITE: z.enum(CRYPTO_SUITES).default('standard'),
  /** Requests per minute per principal (the verified user; the IP address without a valid token); 0 = off. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(600),
  /**
   * The proxies in front of the API (addresses, CIDRs, or loopback/linklocal/uniquelocal): the
   * client's address is then read from X-Forwarded-For past them. Unset: the socket's address.
   */
  TRUST_PROXY: list
    .default([])
    .refine((ps) => ps.every((p) => isNetwork(p) || PROXY_RANGES.includes(p)), `expected comma-separated IP addresses, CIDRs or ${PROXY_RANGES.join(', ')}`),
  /** Cases a department may have open as requester at once; 0 = off. */
  MAX_OPEN_CASES_PER_REQUESTER: z.coerce.number().int().min(0).max(10_000_000).default(1000),
  /** The key that signs the audit log's checkpoints (JSON; generated there when missing, except in production). */
  AUDIT_SIGNING_KEY_FILE: z.string().min(1).optional(),
  /** How often the audit-checkpoints Schedule sequences new events and signs a checkpoint. */
  AUDIT_CHECKPOINT_INTERVAL: z
    .string()
    .regex(/^[1-9]\d{0,4}[smh]$/, 'expected a duration such as 30s, 5m or 1h')
    .default('5m')
    .transform((d) => Number(d.slice(0, -1)) * { s: 1_000, m: 60_000, h: 3_600_000 }[d.slice(-1) as 's' | 'm' | 'h']),
  /** Prometheus metrics on their own listener, never the API's port; unset: off, 0: any free port. */
  METRICS_PORT: port.optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** The Temporal SDK's (Core's) own Prometheus exporter, on METRICS_HOST; unset: off. */
  TEMPORAL_SDK_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** How long case records are kept at least; Art. 29 asks for 3 years, so less is refused. */
  CASE_RECORD_RETENTION_YEARS: z.coerce
    .number()
    .int()
    .max(100)
    .default(MIN_CASE_RECORD_RETENTION_YEARS)
    .refine((y) => y >= MIN_CASE_RECORD_RETENTION_YEARS, { message: `case records are kept at least ${MIN_CASE_RECORD_RETENTION_YEARS} years (Art. 29)` }),
  /** The key (base64 of 32 bytes) that encrypts webhook signing secrets at rest; generated when missing, except in production. */
  WEBHOOK_SECRET_KEY_FILE: z.string().min(1).optional(),
  /** Networks (IP addresses or CIDRs) webhooks may reach although they are not public, e.g. an intranet receiver. */
  WEBHOOK_ALLOWED_NETWORKS: list.default([]).refine((ns) => ns.every(isNetwork), 'expected comma-separated IP addresses or CIDRs (10.1.0.0/16, fd00::/8)'),
  /** http:// webhook targets, for allow-listed networks only: development and tests. */
  WEBHOOK_ALLOW_HTTP: bool.default(false),
  /** Waits after each failed attempt; after the last the delivery has failed (Standard Webhooks' suggestion). */
  WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .default('5s,5m,30m,2h,5h,10h')
    .transform((s) => s.split(','))
    .pipe(z.array(duration(0, 7 * 86_400_000)).max(20)),
  /** The deadline of one delivery attempt (connect, send, the answer's headers). */
  WEBHOOK_ATTEMPT_TIMEOUT: duration(100, 60_000).default(15_000),
  /** How often the dispatcher looks at the outbox when nothing is due sooner. */
  WEBHOOK_POLL_INTERVAL: duration(50, 60_000).default(2_000),
  /** How long the secret before a rotation keeps signing beside the new one. */
  WEBHOOK_SECRET_GRACE: duration(0, 30 * 86_400_000).default(86_400_000),
  /** Deliveries sent to one webhook at once; a slow receiver holds only these. */
  WEBHOOK_TARGET_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** A department's webhooks delivered to at once, so one department cannot take every slot. */
  WEBHOOK_DEPARTMENT_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
});

/** Every environment variable this module reads (docker-compose.yml may set no other, test/compose.test.ts). */
export const CONFIG_VARIABLES = Object.keys(EnvSchema.shape) as ReadonlyArray<keyof typeof EnvSchema.shape>;

/** The API's protections against one caller's volume; 0 turns each off (the benchmark). */
export interface Limits {
  /** RATE_LIMIT_PER_MINUTE. */
  ratePerMinute: number;
  /** MAX_OPEN_CASES_PER_REQUESTER. */
  maxOpenCasesPerRequester: number;
}

/** How long the API's HTTP server waits for a client to send its request. */
export interface HttpTimeouts {
  requestTimeoutMs: number;
  headersTimeoutMs: number;
}

/** Both limits off: the benchmark and tests that do not test them. */
export const NO_LIMITS: Limits = { ratePerMinute: 0, maxOpenCasesPerRequester: 0 };

export interface Config {
  env: string;
  /** Unsafe conveniences the configuration asked for: the start banner and /health/ready repeat them. */
  warnings: string[];
  host: string;
  port: number;
  /** TRUST_PROXY: Express's `trust proxy` list; empty: no proxy is trusted. */
  trustProxy: string[];
  /** HTTP_REQUEST_TIMEOUT and HTTP_HEADERS_TIMEOUT. */
  http: HttpTimeouts;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  logFormat: z.infer<typeof EnvSchema>['LOG_FORMAT'];
  dataDir: string;
  database: { kind: 'pg'; url: string } | { kind: 'pglite'; dir: string };
  temporal: {
    /** undefined: start the embedded dev server. */
    address?: string;
    namespace: string;
    tls?: { certPath?: string; keyPath?: string; caPath?: string; serverName?: string };
    apiKey?: string;
    /** Deadline of each API call into Temporal (ms). */
    callTimeoutMs: number;
    /** Retention of closed workflow histories in the namespace (days). */
    retentionDays: number;
    devServer: { port: number; uiPort: number; dbFile: string };
  };
  holidayNoticesDir: string;
  /** CALENDAR_MAX_AGE: the bound on how long processes may disagree about the calendar (ms). */
  calendarMaxAgeMs: number;
  seedDemo: boolean;
  /** DEMO_FAST_CLOCK: a working day lasts a minute (NODE_ENV=development only). */
  fastClock: boolean;
  worker: {
    maxCachedWorkflows: number;
    /** A prebuilt workflow bundle; undefined: bundle the workflows' source at start. */
    bundlePath?: string;
  };
  draftExpiryDays: number;
  /** USAGE_PERIOD_MAX_YEARS. */
  usagePeriodMaxYears: number;
  /** What processes read of the configuration (api/cases/registry.ts `withSettings`). */
  processSettings: ProcessSettings;
  /** Identity: checked when the API starts (identity/index.ts), so scripts run without it. */
  auth: {
    /** undefined outside development until configured: the API refuses to start. */
    issuer?: string;
    audience: string;
    /** undefined: the development issuer's own key set. */
    jwksUrl?: string;
    claims: { user: string; organisation: string; roles: string };
    algorithms: string[];
    maxTokenAgeSeconds: number;
    clockToleranceSeconds: number;
    /** The embedded development issuer's key file, when it runs. */
    devIssuerKeyFile?: string;
  };
  crypto: { suite: CryptoSuiteName };
  limits: Limits;
  audit: {
    signingKeyFile: string;
    /** Generate the signing key when its file is missing (not in production: there it is provisioned). */
    createSigningKey: boolean;
    checkpointIntervalMs: number;
  };
  /** Prometheus: our registry's listener (`port` undefined: off) and Core's exporter (`sdkPort`). */
  metrics: { host: string; port?: number; sdkPort?: number };
  /** Case records younger than this are never deleted (the database refuses it, migration 0008). */
  retention: { caseRecordYears: number };
  webhooks: WebhookSettings;
}

/** Outbound webhooks (WEBHOOK_*). */
export interface WebhookSettings {
  secretKeyFile: string;
  /** Generate the key when its file is missing (not in production: there it is provisioned). */
  createSecretKey: boolean;
  allowedNetworks: string[];
  allowHttp: boolean;
  retryScheduleMs: number[];
  attemptTimeoutMs: number;
  pollIntervalMs: number;
  secretGraceMs: number;
  targetConcurrency: number;
  departmentConcurrency: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the environment; throws ConfigError naming every bad variable (values never echoed). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  if (Boolean(e.TEMPORAL_TLS_CERT_PATH) !== Boolean(e.TEMPORAL_TLS_KEY_PATH)) {
    throw new ConfigError('invalid configuration: TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH go together');
  }
  if (e.DEMO_FAST_CLOCK && e.NODE_ENV !== 'development') {
    throw new ConfigError(`invalid configuration: DEMO_FAST_CLOCK is for development only (NODE_ENV is ${e.NODE_ENV}): statutory deadlines must not run on it`);
  }
  // Anyone who reaches the development issuer mints any token, admin included: by itself it runs
  // only for `npm start`'s embedded defaults on a loopback host; anything else must ask for it.
  const devIssuerByDefault = !e.AUTH_ISSUER && !e.AUTH_JWKS_URL && e.NODE_ENV === 'development' && !e.DATABASE_URL && !e.TEMPORAL_ADDRESS && isLoopbackHost(e.HOST);
  const devIssuer = e.AUTH_DEV_ISSUER ?? devIssuerByDefault;
  if (devIssuer && e.NODE_ENV !== 'development') {
    throw new ConfigError(`invalid configuration: AUTH_DEV_ISSUER is for development only (NODE_ENV is ${e.NODE_ENV}): configure AUTH_ISSUER and AUTH_JWKS_URL`);
  }
  // Keys fetched over plain http can be swapped on the way: anyone on the path then signs tokens.
  if (e.AUTH_JWKS_URL && new URL(e.AUTH_JWKS_URL).protocol !== 'https:' && e.NODE_ENV !== 'development') {
    throw new ConfigError(`invalid configuration: AUTH_JWKS_URL must be https outside development (NODE_ENV is ${e.NODE_ENV}): the identity provider's keys are not fetched over plain http`);
  }
  if (devIssuer && (e.AUTH_ISSUER || e.AUTH_JWKS_URL)) {
    throw new ConfigError('invalid configuration: AUTH_DEV_ISSUER and AUTH_ISSUER/AUTH_JWKS_URL exclude each other');
  }
  const metricPorts = [e.METRICS_PORT, e.TEMPORAL_SDK_METRICS_PORT].filter((p): p is number => p !== undefined && p !== 0);
  if (metricPorts.includes(e.PORT) || new Set(metricPorts).size < metricPorts.length) {
    throw new ConfigError('invalid configuration: METRICS_PORT, TEMPORAL_SDK_METRICS_PORT and PORT must differ (metrics are never served on the API port)');
  }
  if (e.HTTP_HEADERS_TIMEOUT > e.HTTP_REQUEST_TIMEOUT) {
    throw new ConfigError('invalid configuration: HTTP_HEADERS_TIMEOUT must not be longer than HTTP_REQUEST_TIMEOUT (the headers are part of the request)');
  }
  if (e.WEBHOOK_ALLOW_HTTP && e.NODE_ENV === 'production') {
    throw new ConfigError('invalid configuration: WEBHOOK_ALLOW_HTTP is refused in production: webhooks go over https');
  }
  const warnings = devIssuer && !devIssuerByDefault
    ? [`the development issuer is on (AUTH_DEV_ISSUER=true, HOST ${e.HOST}): anyone who reaches this API can mint any token, admin included; never expose it`]
    : [];
  const tlsWanted = e.TEMPORAL_TLS || Boolean(e.TEMPORAL_TLS_CERT_PATH) || Boolean(e.TEMPORAL_TLS_CA_PATH);
  return {
    env: e.NODE_ENV,
    warnings,
    host: e.HOST,
    port: e.PORT,
    trustProxy: e.TRUST_PROXY,
    http: { requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT, headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT },
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    dataDir: e.DATA_DIR,
    database: e.DATABASE_URL ? { kind: 'pg', url: e.DATABASE_URL } : { kind: 'pglite', dir: `${e.DATA_DIR}/pglite` },
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      tls: tlsWanted
        ? {
            certPath: e.TEMPORAL_TLS_CERT_PATH,
            keyPath: e.TEMPORAL_TLS_KEY_PATH,
            caPath: e.TEMPORAL_TLS_CA_PATH,
            serverName: e.TEMPORAL_TLS_SERVER_NAME,
          }
        : undefined,
      apiKey: e.TEMPORAL_API_KEY,
      callTimeoutMs: e.TEMPORAL_CALL_TIMEOUT_MS,
      retentionDays: e.TEMPORAL_RETENTION_DAYS,
      devServer: { port: e.TEMPORAL_DEV_PORT, uiPort: e.TEMPORAL_UI_PORT, dbFile: `${e.DATA_DIR}/temporal.sqlite` },
    },
    holidayNoticesDir: e.HOLIDAY_NOTICES_DIR,
    calendarMaxAgeMs: e.CALENDAR_MAX_AGE,
    // The demo seed is on by default for the embedded setup only; a real database opts in.
    seedDemo: e.SEED_DEMO ?? !e.DATABASE_URL,
    fastClock: e.DEMO_FAST_CLOCK,
    worker: { maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS, bundlePath: e.WORKFLOW_BUNDLE_PATH },
    draftExpiryDays: e.DRAFT_EXPIRY_DAYS,
    usagePeriodMaxYears: e.USAGE_PERIOD_MAX_YEARS,
    processSettings: { usagePeriodMaxYears: e.USAGE_PERIOD_MAX_YEARS },
    auth: {
      issuer: devIssuer ? DEV_ISSUER : e.AUTH_ISSUER,
      audience: devIssuer ? DEV_AUDIENCE : e.AUTH_AUDIENCE,
      jwksUrl: devIssuer ? undefined : e.AUTH_JWKS_URL,
      claims: devIssuer ? { ...DEV_CLAIMS } : { user: e.AUTH_USER_CLAIM, organisation: e.AUTH_ORGANISATION_CLAIM, roles: e.AUTH_ROLES_CLAIM },
      algorithms: devIssuer ? ['EdDSA'] : e.AUTH_ALGORITHMS,
      maxTokenAgeSeconds: e.AUTH_MAX_TOKEN_AGE_SECONDS,
      clockToleranceSeconds: e.AUTH_CLOCK_TOLERANCE_SECONDS,
      ...(devIssuer ? { devIssuerKeyFile: `${e.DATA_DIR}/dev-issuer/key.json` } : {}),
    },
    crypto: { suite: e.CRYPTO_SUITE },
    limits: { ratePerMinute: e.RATE_LIMIT_PER_MINUTE, maxOpenCasesPerRequester: e.MAX_OPEN_CASES_PER_REQUESTER },
    audit: {
      signingKeyFile: e.AUDIT_SIGNING_KEY_FILE ?? `${e.DATA_DIR}/audit-signing-key.json`,
      createSigningKey: e.NODE_ENV !== 'production',
      checkpointIntervalMs: e.AUDIT_CHECKPOINT_INTERVAL,
    },
    metrics: { host: e.METRICS_HOST, port: e.METRICS_PORT, sdkPort: e.TEMPORAL_SDK_METRICS_PORT },
    retention: { caseRecordYears: e.CASE_RECORD_RETENTION_YEARS },
    webhooks: {
      secretKeyFile: e.WEBHOOK_SECRET_KEY_FILE ?? `${e.DATA_DIR}/webhook-secret-key`,
      createSecretKey: e.NODE_ENV !== 'production',
      allowedNetworks: e.WEBHOOK_ALLOWED_NETWORKS,
      allowHttp: e.WEBHOOK_ALLOW_HTTP,
      retryScheduleMs: e.WEBHOOK_RETRY_SCHEDULE,
      attemptTimeoutMs: e.WEBHOOK_ATTEMPT_TIMEOUT,
      pollIntervalMs: e.WEBHOOK_POLL_INTERVAL,
      secretGraceMs: e.WEBHOOK_SECRET_GRACE,
      targetConcurrency: e.WEBHOOK_TARGET_CONCURRENCY,
      departmentConcurrency: e.WEBHOOK_DEPARTMENT_CONCURRENCY,
    },
  };
}

/** A host name or address that only this machine reaches (HOST for the development issuer). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** The configuration as safe to log: secrets and credentials in URLs are masked. */
export function describeConfig(c: Config): Record<string, unknown> {
  return {
    env: c.env,
    api: `${c.host}:${c.port}`,
    trustProxy: c.trustProxy,
    database: c.database.kind === 'pg' ? { kind: 'pg', url: maskUrl(c.database.url) } : c.database,
    temporal: {
      address: c.temporal.address ?? `embedded dev server on 127.0.0.1:${c.temporal.devServer.port}`,
      namespace: c.temporal.namespace,
      tls: Boolean(c.temporal.tls),
      apiKey: c.temporal.apiKey ? '***' : undefined,
      callTimeoutMs: c.temporal.callTimeoutMs,
      retentionDays: c.temporal.retentionDays,
    },
    seedDemo: c.seedDemo,
    calendarMaxAgeMs: c.calendarMaxAgeMs,
    auth: c.auth.devIssuerKeyFile ? 'development issuer (demo users; npm run token)' : { issuer: c.auth.issuer, audience: c.auth.audience, jwksUrl: c.auth.jwksUrl },
    cryptoSuite: c.crypto.suite,
    limits: c.limits,
    audit: { signingKeyFile: c.audit.signingKeyFile, checkpointIntervalMs: c.audit.checkpointIntervalMs },
    metrics: c.metrics.port === undefined ? 'off' : `${c.metrics.host}:${c.metrics.port}`,
    temporalSdkMetrics: c.metrics.sdkPort === undefined ? 'off' : `${c.metrics.host}:${c.metrics.sdkPort}`,
    caseRecordRetentionYears: c.retention.caseRecordYears,
    webhooks: { ...c.webhooks },
    ...(c.fastClock ? { fastClock: 'DEMO: one working day lasts one minute' } : {}),
  };
}

function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '***';
  }
}
