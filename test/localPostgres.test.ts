// The test run's own PostgreSQL server (test/globalSetup.ts, scripts/lib/localPostgres.ts): a free
// port and a data directory per run, and nothing of it left once the run ends, however it ends.
// These start servers of their own on free ports and temp dirs; the server of DATABASE_URL is never
// touched.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import setup from './globalSetup';
import { postmasterPid, startLocalPostgres, type LocalPostgres } from '../scripts/lib/localPostgres';
import { eventually } from './helpers/shareRequestHarness';
import { commandLines, portAnswers } from './helpers/devServerProcess';

/** Processes whose command line names the data directory (the postmaster runs with `-D <dir>`). */
function processesOn(dataDir: string): number[] {
  return commandLines()
    .filter(({ argv }) => argv.includes(dataDir))
    .map(({ pid }) => pid);
}

/** The data directory of the postmaster listening on the port (`-D <dir> -p <port>`). */
function dataDirOf(port: number): string | undefined {
  const argv = commandLines().find(({ argv }) => argv[argv.indexOf('-p') + 1] === String(port) && argv.includes('-D'))?.argv;
  return argv?.[argv.indexOf('-D') + 1];
}

async function answers(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one;
  } finally {
    await client.end();
  }
}

/** What is left of a server once it should be gone: its processes, its directory, its port. */
async function leftOf(server: { dataDir: string; port: number }) {
  return { processes: processesOn(server.dataDir), dataDir: existsSync(server.dataDir), port: await portAnswers(server.port) };
}
const nothing = { processes: [], dataDir: false, port: false };

const started: LocalPostgres[] = [];
afterEach(async () => {
  for (const server of started.splice(0)) await server.destroy();
});

describe('a PostgreSQL server of our own', () => {
  it('when two are started, then each has its own free port and data directory, and destroy() leaves no process, directory or listener', { timeout: 180_000 }, async () => {
    const [a, b] = await Promise.all([startLocalPostgres(), startLocalPostgres()]);
    started.push(a!, b!);
    expect(a!.port).not.toBe(b!.port);
    expect(a!.dataDir).not.toBe(b!.dataDir);
    expect(a!.port).not.toBe(54329);
    expect(await answers(a!.url)).toBe(1);
    expect(await answers(b!.url)).toBe(1);
    expect(processesOn(a!.dataDir)).toEqual([postmasterPid(a!.dataDir)]);

    await a!.destroy();
    expect(await leftOf(a!)).toEqual(nothing);
    // The other one is untouched.
    expect(await answers(b!.url)).toBe(1);
    await a!.destroy(); // again: nothing to do, no error
  });

  it('when the process it watches is killed outright, then the watchdog stops the server and removes its directory', { timeout: 180_000 }, async () => {
    const doomed = spawn('sleep', ['600'], { stdio: 'ignore' });
    const server = await startLocalPostgres({ watchPid: doomed.pid });
    started.push(server);
    expect(await answers(server.url)).toBe(1);
    doomed.kill('SIGKILL');
    await eventually(async () => expect(await leftOf(server)).toEqual(nothing), 30_000);
  });

  it('when the test run has no DATABASE_URL, then its global setup starts a server of its own and its teardown stops it and removes the directory', { timeout: 180_000 }, async () => {
    const given = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    try {
      const teardown = await setup();
      const url = process.env.DATABASE_URL as string | undefined;
      expect(url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/gds_test$/);
      expect(url).not.toBe(given);
      const port = Number(new URL(url!).port);
      expect(await answers(url!)).toBe(1);
      const dataDir = dataDirOf(port)!;
      expect(dataDir).toMatch(new RegExp(`/gds-postgres-${port}-[^/]+$`));

      await teardown!();
      expect(await leftOf({ dataDir, port })).toEqual(nothing);
      expect(process.env.DATABASE_URL).toBeUndefined();
    } finally {
      if (given === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = given;
    }
  });

  it('when DATABASE_URL is given, then the global setup starts nothing and has nothing to tear down', async () => {
    const given = process.env.DATABASE_URL;
    process.env.DATABASE_URL = 'postgres://postgres@127.0.0.1:1/not_started';
    try {
      expect(await setup()).toBeUndefined();
      expect(process.env.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:1/not_started');
    } finally {
      if (given === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = given;
    }
  });
});
