// DEMO_FAST_CLOCK: a development-only clock on which one working day lasts one minute, so a person
// can watch an escalation in Temporal UI; refused in any other environment, and flagged while on.
import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from '../config';
import { startTestApp } from './helpers/app';

describe('DEMO_FAST_CLOCK', () => {
  it('when it is asked for under NODE_ENV=development, then it is on and the logged configuration says so', () => {
    const c = loadConfig({ NODE_ENV: 'development', DEMO_FAST_CLOCK: '1' });
    expect(c.fastClock).toBe(true);
    expect(describeConfig(c)).toMatchObject({ fastClock: expect.stringContaining('one minute') });
    expect(loadConfig({}).fastClock).toBe(false);
  });

  it.each(['production', 'test', 'staging'])('when it is asked for under NODE_ENV=%s, then the configuration is refused', (env) => {
    expect(() => loadConfig({ NODE_ENV: env, DEMO_FAST_CLOCK: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: env, DEMO_FAST_CLOCK: 'true' })).toThrow(/development only/);
  });

  it('when it is on, then every response carries X-Demo-Fast-Clock; when off, none does', async () => {
    const fast = await startTestApp({ fastClock: true });
    const normal = await startTestApp();
    try {
      for (const path of ['/health', '/rule-sets', '/no-such-route']) {
        expect((await fetch(fast.url + path)).headers.get('x-demo-fast-clock')).toMatch(/^on/);
        expect((await fetch(normal.url + path)).headers.get('x-demo-fast-clock')).toBeNull();
      }
    } finally {
      await fast.close();
      await normal.close();
    }
  });
});
