// Logs: JSON lines for collectors, human-readable lines (pino-pretty) for a person at a terminal:
// LOG_FORMAT=auto (the default) is pretty exactly when stdout is a TTY (`npm start` in a terminal).
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { createLogger, prettyLogs } from '../logger';

function captured(pretty: boolean): { text: () => string; log: ReturnType<typeof createLogger> } {
  const out = new PassThrough();
  let text = '';
  out.on('data', (b: Buffer) => (text += b.toString('utf8')));
  return { text: () => text, log: createLogger('info', { pretty, destination: out }) };
}

describe('log format', () => {
  it.each([
    ['auto', true, true],
    ['auto', false, false],
    ['auto', undefined, false],
    ['json', true, false],
    ['pretty', false, true],
  ] as const)('when LOG_FORMAT is %s and stdout is a TTY: %s, then pretty is %s', (format, isTTY, pretty) => {
    expect(prettyLogs(format, { isTTY })).toBe(pretty);
  });

  it('when LOG_FORMAT is unset, then auto; another value stops the start', () => {
    expect(loadConfig({}).logFormat).toBe('auto');
    expect(() => loadConfig({ LOG_FORMAT: 'yaml' })).toThrow(/LOG_FORMAT/);
  });

  it('when pretty, then a line is readable text with the level, message and fields, not JSON; otherwise one JSON object a line', async () => {
    const pretty = captured(true);
    pretty.log.info({ component: 'http', reqId: 'r-1' }, 'GET /health/live 200');
    await new Promise((resolve) => setImmediate(resolve));
    expect(pretty.text()).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: GET \/health\/live 200\n/);
    expect(pretty.text()).toContain('reqId: "r-1"');
    expect(() => JSON.parse(pretty.text())).toThrow();

    const json = captured(false);
    json.log.info({ component: 'http' }, 'GET /health/live 200');
    await new Promise((resolve) => setImmediate(resolve));
    expect(JSON.parse(json.text())).toMatchObject({ level: 30, msg: 'GET /health/live 200', component: 'http' });
  });
});
