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
