// WEBHOOK_* in the one typed configuration (config.ts), and the secret key file they name.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from '../../config';
import { loadSecretKey } from '../../activities/webhooks/secrets';

describe('webhook settings', () => {
  it('when nothing is set, then https only, nothing private allow-listed, the Standard Webhooks schedule, and a key generated under DATA_DIR (provided in production)', () => {
    expect(loadConfig({}).webhooks).toEqual({
      secretKeyFile: '.data/webhook-secret-key',
      createSecretKey: true,
      allowedNetworks: [],
      allowHttp: false,
      retryScheduleMs: [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000],
      attemptTimeoutMs: 15_000,
      pollIntervalMs: 2_000,
      secretGraceMs: 86_400_000,
      targetConcurrency: 4,
      departmentConcurrency: 4,
    });
    expect(loadConfig({ NODE_ENV: 'production', WEBHOOK_SECRET_KEY_FILE: '/etc/gds/webhook-key' }).webhooks).toMatchObject({ secretKeyFile: '/etc/gds/webhook-key', createSecretKey: false });
  });

  it('when they are set, then they are read: networks, http for them, a short schedule, timeouts', () => {
    const c = loadConfig({ WEBHOOK_ALLOWED_NETWORKS: '10.20.0.0/16, 127.0.0.1,fd00::/8', WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_RETRY_SCHEDULE: '500ms,1s,2m', WEBHOOK_ATTEMPT_TIMEOUT: '3s', WEBHOOK_POLL_INTERVAL: '250ms', WEBHOOK_SECRET_GRACE: '0s' });
    expect(c.webhooks).toMatchObject({ allowedNetworks: ['10.20.0.0/16', '127.0.0.1', 'fd00::/8'], allowHttp: true, retryScheduleMs: [500, 1_000, 120_000], attemptTimeoutMs: 3_000, pollIntervalMs: 250, secretGraceMs: 0 });
    expect(describeConfig(c)).toMatchObject({ webhooks: { allowedNetworks: ['10.20.0.0/16', '127.0.0.1', 'fd00::/8'] } });
  });

  it.each([
    [{ WEBHOOK_ALLOWED_NETWORKS: 'localhost' }, 'WEBHOOK_ALLOWED_NETWORKS'],
    [{ WEBHOOK_ALLOWED_NETWORKS: '10.0.0.0/33' }, 'WEBHOOK_ALLOWED_NETWORKS'],
    [{ WEBHOOK_RETRY_SCHEDULE: '5s,soon' }, 'WEBHOOK_RETRY_SCHEDULE'],
    [{ WEBHOOK_ATTEMPT_TIMEOUT: '5m' }, 'WEBHOOK_ATTEMPT_TIMEOUT'],
    [{ WEBHOOK_POLL_INTERVAL: '0s' }, 'WEBHOOK_POLL_INTERVAL'],
    [{ WEBHOOK_ALLOW_HTTP: 'maybe' }, 'WEBHOOK_ALLOW_HTTP'],
    [{ WEBHOOK_TARGET_CONCURRENCY: '0' }, 'WEBHOOK_TARGET_CONCURRENCY'],
    [{ WEBHOOK_DEPARTMENT_CONCURRENCY: '65' }, 'WEBHOOK_DEPARTMENT_CONCURRENCY'],
    [{ WEBHOOK_ALLOW_HTTP: 'true', NODE_ENV: 'production' }, 'WEBHOOK_ALLOW_HTTP'],
  ])('when %j, then the start is refused naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });

  it('when the key file is missing, then it is generated (mode 0600) and read back the same; in production a missing one stops the start; a file that is no key is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gds-whkey-'));
    try {
      const file = join(dir, 'sub', 'webhook-secret-key');
      const key = loadSecretKey(file, { create: true });
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
      const sealed = key.seal('whsec_abc', 'wh_1');
      expect(loadSecretKey(file, { create: false }).open(sealed, 'wh_1')).toBe('whsec_abc');
      expect(() => loadSecretKey(join(dir, 'absent'), { create: false })).toThrow(/missing/);
      writeFileSync(join(dir, 'bad'), 'not a key');
      expect(() => loadSecretKey(join(dir, 'bad'), { create: false })).toThrow(/does not hold/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
