// Key files generated on first use (development): processes starting together (npm run stack, the
// compose workers) must all end up with the same key, so the first complete file wins and the others
// read it. Written to a temporary name and linked into place: a reader never sees a half-written file.
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';

/** The content of `file`, creating it (mode 0600) with `content()` if it does not exist yet. */
export function readOrCreateKeyFile(file: string, content: () => string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, content(), { mode: 0o600 });
  try {
    linkSync(temporary, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(temporary);
  }
  return readFileSync(file, 'utf8');
}
