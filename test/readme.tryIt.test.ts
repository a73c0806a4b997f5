// README's "Try it" examples, pasted as a new user would: the bash blocks between
// `<!-- try-it:start -->` and `<!-- try-it:end -->` markers, in order, in one shell in the project's
// folder, against `npm start` on a fresh data dir. Only the API's address is changed (to a free
// port, so a service already on 3000 is never touched) and the data dir is the test's own.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freeServicePorts, npmStart, repo, stop, type Started } from './helpers/npmStart';

const README_ADDRESS = 'http://127.0.0.1:3000';

/** The bash blocks inside the try-it markers, in order. */
export function tryItBlocks(markdown: string): string[] {
  const regions = [...markdown.matchAll(/<!-- try-it:start\b[^>]*-->([\s\S]*?)<!-- try-it:end -->/g)].map((m) => m[1]!);
  return regions.flatMap((region) => [...region.matchAll(/^```bash\n([\s\S]*?)^```$/gm)].map((m) => m[1]!));
}

/**
 * What each block must show, in order. A block added to README needs its expectation here: the
 * test says so rather than run a step it cannot judge.
 */
const expectations: Array<{ step: string; check: (output: string) => void }> = [
  {
    step: 'health, a deadline, the applicable rule sets',
    check: (out) => {
      expect(out).toContain('"status":"ready"');
      expect(out).toContain('"dueAt":"2026-10-16T00:00:00.000+08:00"');
      expect(out).toContain('"fushun"');
    },
  },
  { step: 'two demo tokens', check: (out) => expect(out.trim()).toBe('') },
  { step: 'the submission, its id', check: (out) => expect(out.trim()).toMatch(/^sr-[A-Za-z0-9_-]+$/) },
  { step: 'the reply', check: (out) => expect(JSON.parse(out)).toMatchObject({ stage: 'awaiting_delivery' }) },
  { step: 'the delivery', check: (out) => expect(JSON.parse(out)).toMatchObject({ stage: 'delivered' }) },
  { step: 'the receipt confirmation', check: (out) => expect(JSON.parse(out)).toMatchObject({ stage: 'completed' }) },
  {
    step: 'the case',
    check: (out) => {
      const view = JSON.parse(out);
      expect(view.stage).toBe('completed');
      expect(view.events.map((e: { type: string }) => e.type)).toEqual(['received', 'reply_agreed', 'delivered', 'receipt_confirmed']);
      // Each step is recorded as the authenticated user's, the submission too.
      expect(view.events.map((e: { actor: { userId?: string } | null }) => e.actor?.userId)).toEqual([
        '110000-market-regulation-head',
        '110000-public-security-head',
        '110000-public-security-head',
        '110000-market-regulation-head',
      ]);
    },
  },
  { step: 'the case verified from its answer (Verifying a case)', check: (out) => expect(out).toMatch(/^sr-\S+: \d+ events verify/) },
];

interface Run {
  code: number | null;
  /** The output of each block that ran, in order. */
  outputs: string[];
  stderr: string;
}

/**
 * Runs the blocks in one bash, each after a marker line, stopping at the first failing command
 * (`set -e`, `pipefail`); curl fails on an HTTP error status as it would not for a user, so a 4xx
 * or 5xx answer fails its step instead of passing as text.
 */
async function runInBash(blocks: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const marker = '::try-it-block::';
  const script = [
    'set -euo pipefail',
    'curl() { command curl --fail-with-body "$@"; }',
    ...blocks.flatMap((block) => [`printf '\\n%s\\n' '${marker}'`, block]),
  ].join('\n');
  const child = spawn('bash', ['-c', script], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b) => (stdout += b));
  child.stderr.on('data', (b) => (stderr += b));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, outputs: stdout.split(`\n${marker}\n`).slice(1), stderr };
}

const dataDir = mkdtempSync(join(tmpdir(), 'gds-try-it-'));
let running: Started | undefined;
afterAll(async () => {
  if (running) await stop(running);
  rmSync(dataDir, { recursive: true, force: true });
});

describe("README's Try it", () => {
  const blocks = tryItBlocks(readFileSync(join(repo, 'README.md'), 'utf8'));

  it('when README is read, then its try-it blocks are the steps this test knows, and they address the service only at its default address', () => {
    expect(blocks.length, `README has ${blocks.length} try-it blocks; this test judges ${expectations.length}`).toBe(expectations.length);
    // Every address in them is the one replaced below: none would reach another service.
    for (const block of blocks) {
      for (const address of block.match(/\b(?:localhost|127\.0\.0\.1)(?::\d+)?/g) ?? []) expect(address).toBe('127.0.0.1:3000');
    }
  });

  it('when pasted in order into one shell against `npm start`, then every step succeeds and shows what README says', { timeout: 400_000 }, async () => {
    const ports = await freeServicePorts();
    running = await npmStart({ DATA_DIR: dataDir, ...ports });
    const api = `http://127.0.0.1:${ports.PORT}`;

    // The shell of a user who ran `npm start` in this folder: no NODE_ENV (vitest sets one), no
    // DATABASE_URL, the service's data dir (the token command signs with its key).
    const { NODE_ENV: _env, DATABASE_URL: _url, ...userEnv } = process.env;
    const run = await runInBash(
      blocks.map((block) => block.replaceAll(README_ADDRESS, api)),
      { ...userEnv, DATA_DIR: dataDir },
    );
    const failedAt = run.code === 0 ? undefined : expectations[run.outputs.length - 1]?.step;
    expect(run.code, `the step "${failedAt}" failed:\n${run.outputs.at(-1)}\n${run.stderr}`).toBe(0);
    expect(run.outputs).toHaveLength(expectations.length);
    run.outputs.forEach((output, i) => {
      try {
        expectations[i]!.check(output);
      } catch (err) {
        throw new Error(`step ${i + 1} (${expectations[i]!.step}) did not show what README says:\n${output}\n${String(err)}`);
      }
    });
  });
});
