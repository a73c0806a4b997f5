// The stop sequence every entry point shares (ops/shutdown.ts): last started, first stopped; a failing
// step is logged and the rest still stop; a second stop (two signals) waits for the first.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { closeHttpServer, shutdownSequence } from '../ops/shutdown';

describe('shutdown sequence', () => {
  it('when run twice at once with a failing step, then each step runs once, in reverse, and the failure is logged', async () => {
    const lines: Array<{ level: number; msg: string }> = [];
    const log = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
    const ran: string[] = [];
    const shutdown = shutdownSequence(log);
    shutdown.add('database', async () => void ran.push('database'));
    shutdown.add('worker', async () => {
      ran.push('worker');
      throw new Error('drain failed');
    });
    shutdown.add('HTTP server', async () => void ran.push('HTTP server'));
    await Promise.all([shutdown.run(), shutdown.run()]);
    expect(ran).toEqual(['HTTP server', 'worker', 'database']);
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [30, 'stopped: HTTP server'],
      [50, 'error while stopping worker'],
      [30, 'stopped: database'],
    ]);
    expect(() => shutdown.add('late', async () => undefined)).toThrow(/the shutdown has begun/);
  });

  it('when a request is in flight, then the HTTP server answers it before it closes; an idle keep-alive socket does not hold it open', async () => {
    let release!: () => void;
    const server = createServer((_req, res) => {
      release = () => res.end('done');
    }).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const answer = fetch(url).then((r) => r.text());
    await new Promise((r) => setTimeout(r, 100));
    const closed = closeHttpServer(server, 5_000);
    setTimeout(() => release(), 200);
    expect(await answer).toBe('done');
    const started = Date.now();
    await closed;
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
