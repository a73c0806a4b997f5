// Key files made on first use: processes starting together (npm run stack, compose's workers) must
// all end up with one key, or secrets sealed by the API could not be opened by a worker.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readOrCreateKeyFile } from '../crypto/keyFile';

const run = promisify(execFile);

describe('readOrCreateKeyFile', () => {
  it('when the file is missing, then it is created owner-only with the content, and later calls read it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gds-key-')), 'nested', 'key');
    expect(readOrCreateKeyFile(file, () => 'first')).toBe('first');
    expect(readOrCreateKeyFile(file, () => 'second')).toBe('first');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(file, '..'))).toEqual(['key']);
  });

  it('when eight processes create it at the same moment, then all of them read the one key that won', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gds-key-')), 'key');
    const script = `import { readOrCreateKeyFile } from ${JSON.stringify(new URL('../crypto/keyFile.ts', import.meta.url).pathname)};
      process.stdout.write(readOrCreateKeyFile(process.argv[1], () => String(process.pid)));`;
    const outputs = await Promise.all(Array.from({ length: 8 }, () => run('npx', ['tsx', '--eval', script, file]).then((r) => r.stdout)));
    expect(new Set(outputs).size).toBe(1);
    expect(outputs[0]).toBe(readFileSync(file, 'utf8'));
    expect(readdirSync(join(file, '..'))).toEqual(['key']);
  });
});
