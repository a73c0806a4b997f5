import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from '../config';

describe('config', () => {
  it('when nothing is set, then the embedded defaults are used: PGlite under .data, the dev server on 7233/8233, the demo seed on', () => {
    const c = loadConfig({});
    expect(c.database).toEqual({ kind: 'pglite', dir: '.data/pglite' });
    expect(c.temporal.address).toBeUndefined();
    expect(c.temporal.devServer).toEqual({ port: 7233, uiPort: 8233, dbFile: '.data/temporal.sqlite' });
    expect(c.port).toBe(3000);
    expect(c.seedDemo).toBe(true);
    expect(c.temporal.callTimeoutMs).toBe(10_000);
    expect(c.temporal.retentionDays).toBe(30);
  });

  it('when nothing is set for the audit log, then its key is generated under DATA_DIR and checkpoints come every 5 minutes; in production the key must be provided', () => {
    expect(loadConfig({}).audit).toEqual({ signingKeyFile: '.data/audit-signing-key.json', createSigningKey: true, checkpointIntervalMs: 300_000 });
    expect(loadConfig({ DATA_DIR: '/srv/gds', AUDIT_CHECKPOINT_INTERVAL: '30s' }).audit).toMatchObject({ signingKeyFile: '/srv/gds/audit-signing-key.json', checkpointIntervalMs: 30_000 });
    expect(loadConfig({ NODE_ENV: 'production', AUDIT_SIGNING_KEY_FILE: '/etc/gds/key.json', AUDIT_CHECKPOINT_INTERVAL: '1h' }).audit).toEqual({
      signingKeyFile: '/etc/gds/key.json',
      createSigningKey: false,
      checkpointIntervalMs: 3_600_000,
    });
  });

  it('when the Temporal call timeout and retention are set, then they are used', () => {
    const c = loadConfig({ TEMPORAL_CALL_TIMEOUT_MS: '2500', TEMPORAL_RETENTION_DAYS: '45' });
    expect(c.temporal).toMatchObject({ callTimeoutMs: 2500, retentionDays: 45 });
  });

  it('when CRYPTO_SUITE is unset or guomi, then the audit trail uses the standard or the 国密 suite, and the log says which', () => {
    expect(loadConfig({}).crypto.suite).toBe('standard');
    const c = loadConfig({ CRYPTO_SUITE: 'guomi' });
    expect(c.crypto.suite).toBe('guomi');
    expect(describeConfig(c)).toMatchObject({ cryptoSuite: 'guomi' });
  });

  it('when the limits are not set, then 600 requests a minute and 1000 open cases; 0 turns each off', () => {
    expect(loadConfig({}).limits).toEqual({ ratePerMinute: 600, maxOpenCasesPerRequester: 1000 });
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '0', MAX_OPEN_CASES_PER_REQUESTER: '0' }).limits).toEqual({ ratePerMinute: 0, maxOpenCasesPerRequester: 0 });
  });

  it('when CALENDAR_MAX_AGE is not set, then processes check the calendar version every 5 s; otherwise as set', () => {
    expect(loadConfig({}).calendarMaxAgeMs).toBe(5_000);
    expect(loadConfig({ CALENDAR_MAX_AGE: '500ms' }).calendarMaxAgeMs).toBe(500);
    expect(describeConfig(loadConfig({ CALENDAR_MAX_AGE: '1m' }))).toMatchObject({ calendarMaxAgeMs: 60_000 });
  });

  it('when the HTTP timeouts are unset, then 30 s for a whole request and 10 s for its headers; headers longer than the request are refused', () => {
    expect(loadConfig({}).http).toEqual({ requestTimeoutMs: 30_000, headersTimeoutMs: 10_000 });
    expect(loadConfig({ HTTP_REQUEST_TIMEOUT: '2m', HTTP_HEADERS_TIMEOUT: '20s' }).http).toEqual({ requestTimeoutMs: 120_000, headersTimeoutMs: 20_000 });
    expect(() => loadConfig({ HTTP_REQUEST_TIMEOUT: '5s' })).toThrow(/HTTP_HEADERS_TIMEOUT must not be longer than HTTP_REQUEST_TIMEOUT/);
    expect(() => loadConfig({ HTTP_REQUEST_TIMEOUT: '20m' })).toThrow(/HTTP_REQUEST_TIMEOUT/);
  });

  it.each(['production', 'test', 'staging'])('when AUTH_JWKS_URL is http:// with NODE_ENV=%s, then start fails; https:// passes', (env) => {
    const idp = { NODE_ENV: env, AUTH_ISSUER: 'https://idp.example/realms/gov' };
    expect(() => loadConfig({ ...idp, AUTH_JWKS_URL: 'http://idp.example/certs' })).toThrow(/AUTH_JWKS_URL must be https outside development/);
    expect(() => loadConfig({ ...idp, AUTH_JWKS_URL: 'ftp://idp.example/certs' })).toThrow(/AUTH_JWKS_URL must be https/);
    expect(loadConfig({ ...idp, AUTH_JWKS_URL: 'https://idp.example/certs' }).auth.jwksUrl).toBe('https://idp.example/certs');
  });

  it('when AUTH_JWKS_URL is http:// in development (a local identity provider), then it is allowed', () => {
    expect(loadConfig({ AUTH_ISSUER: 'http://127.0.0.1:8080/realms/gov', AUTH_JWKS_URL: 'http://127.0.0.1:8080/certs' }).auth.jwksUrl).toBe('http://127.0.0.1:8080/certs');
  });

  it('when TRUST_PROXY is unset, then no proxy is trusted; set, it is a list of addresses, CIDRs and named ranges', () => {
    expect(loadConfig({}).trustProxy).toEqual([]);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 172.16.0.0/12,loopback' }).trustProxy).toEqual(['10.0.0.5', '172.16.0.0/12', 'loopback']);
  });

  it('when DATABASE_URL is set, then pg is used and the demo seed is off unless asked for', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/gds' }).seedDemo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/gds', SEED_DEMO: 'true' }).seedDemo).toBe(true);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ TEMPORAL_TLS: 'perhaps' }, 'TEMPORAL_TLS'],
    [{ TEMPORAL_TLS_CERT_PATH: '/c.pem' }, 'TEMPORAL_TLS_KEY_PATH'],
    [{ TEMPORAL_CALL_TIMEOUT_MS: '0' }, 'TEMPORAL_CALL_TIMEOUT_MS'],
    [{ TEMPORAL_CALL_TIMEOUT_MS: 'soon' }, 'TEMPORAL_CALL_TIMEOUT_MS'],
    [{ TEMPORAL_RETENTION_DAYS: '0' }, 'TEMPORAL_RETENTION_DAYS'],
    [{ TEMPORAL_RETENTION_DAYS: '1.5' }, 'TEMPORAL_RETENTION_DAYS'],
    [{ CRYPTO_SUITE: 'sm2' }, 'CRYPTO_SUITE'],
    [{ RATE_LIMIT_PER_MINUTE: '-1' }, 'RATE_LIMIT_PER_MINUTE'],
    [{ MAX_OPEN_CASES_PER_REQUESTER: 'many' }, 'MAX_OPEN_CASES_PER_REQUESTER'],
    [{ AUDIT_CHECKPOINT_INTERVAL: '0m' }, 'AUDIT_CHECKPOINT_INTERVAL'],
    [{ AUDIT_CHECKPOINT_INTERVAL: '300' }, 'AUDIT_CHECKPOINT_INTERVAL'],
    [{ AUDIT_CHECKPOINT_INTERVAL: '1d' }, 'AUDIT_CHECKPOINT_INTERVAL'],
    [{ AUDIT_SIGNING_KEY_FILE: '' }, 'AUDIT_SIGNING_KEY_FILE'],
    [{ CALENDAR_MAX_AGE: '50ms' }, 'CALENDAR_MAX_AGE'],
    [{ CALENDAR_MAX_AGE: '2h' }, 'CALENDAR_MAX_AGE'],
    [{ CALENDAR_MAX_AGE: '5' }, 'CALENDAR_MAX_AGE'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/8, everyone' }, 'TRUST_PROXY'],
  ])('when %o is set, then start fails naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });

  it('when a bad secret-bearing value is given, then the error does not echo it', () => {
    try {
      loadConfig({ DATABASE_URL: 'secret-password-here' });
      expect.unreachable();
    } catch (err) {
      expect(String(err)).not.toContain('secret-password-here');
    }
  });

  it('when the configuration is described for the log, then passwords and API keys are masked', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://gds:hunter2@db:5432/gds', TEMPORAL_ADDRESS: 'temporal:7233', TEMPORAL_API_KEY: 'k-123' });
    const text = JSON.stringify(describeConfig(c));
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('k-123');
    expect(text).toContain('***');
  });
});

describe('the development issuer (anyone who reaches it mints any token)', () => {
  const PG = { DATABASE_URL: 'postgres://u:p@db:5432/gds' };
  const CLUSTER = { TEMPORAL_ADDRESS: 'temporal:7233' };
  const on = { devIssuer: true, warned: false };
  const off = { devIssuer: false, warned: false };
  const warned = { devIssuer: true, warned: true };
  it.each<[string, Record<string, string>, { devIssuer: boolean; warned: boolean }]>([
    ['npm start: embedded defaults on 127.0.0.1', {}, on],
    ['embedded defaults on localhost', { HOST: 'localhost' }, on],
    ['embedded defaults on ::1', { HOST: '::1' }, on],
    ['embedded defaults on 127.0.0.2', { HOST: '127.0.0.2' }, on],
    ['embedded defaults on 0.0.0.0', { HOST: '0.0.0.0' }, off],
    ['embedded defaults on ::', { HOST: '::' }, off],
    ['embedded defaults on a LAN address', { HOST: '192.168.1.20' }, off],
    ['embedded defaults on a name', { HOST: 'gds.internal' }, off],
    ['DATABASE_URL on 127.0.0.1', PG, off],
    ['TEMPORAL_ADDRESS on 127.0.0.1', CLUSTER, off],
    ['npm run api on 0.0.0.0', { ...PG, ...CLUSTER, HOST: '0.0.0.0' }, off],
    ['an identity provider configured', { AUTH_ISSUER: 'https://idp.example', AUTH_JWKS_URL: 'https://idp.example/jwks' }, off],
    ['AUTH_DEV_ISSUER=false with the embedded defaults', { AUTH_DEV_ISSUER: 'false' }, off],
    ['AUTH_DEV_ISSUER=true with the embedded defaults on 127.0.0.1', { AUTH_DEV_ISSUER: 'true' }, on],
    ['AUTH_DEV_ISSUER=true on 0.0.0.0', { AUTH_DEV_ISSUER: 'true', HOST: '0.0.0.0' }, warned],
    ['AUTH_DEV_ISSUER=true with DATABASE_URL and TEMPORAL_ADDRESS (npm run stack)', { AUTH_DEV_ISSUER: 'true', ...PG, ...CLUSTER }, warned],
    ['production, nothing asked', { NODE_ENV: 'production' }, off],
    ['NODE_ENV=test with the embedded defaults', { NODE_ENV: 'test' }, off],
  ])('when %s, then it runs or not, and warns or not, as the table says', (_case, env, expected) => {
    const c = loadConfig(env);
    expect({ devIssuer: c.auth.devIssuerKeyFile !== undefined, warned: c.warnings.some((w) => w.includes('development issuer')) }).toEqual(expected);
  });

  it.each([{ NODE_ENV: 'production', AUTH_DEV_ISSUER: 'true' }, { NODE_ENV: 'test', AUTH_DEV_ISSUER: 'true', HOST: '0.0.0.0' }])('when asked for outside development (%o), then start fails', (env) => {
    expect(() => loadConfig(env)).toThrow(/AUTH_DEV_ISSUER is for development only/);
  });

  it('when it runs on a reachable host, then the warning names the host and never a secret', () => {
    const [warning] = loadConfig({ AUTH_DEV_ISSUER: 'true', HOST: '0.0.0.0', DATABASE_URL: 'postgres://gds:hunter2@db:5432/gds' }).warnings;
    expect(warning).toContain('HOST 0.0.0.0');
    expect(warning).not.toContain('hunter2');
  });
});
