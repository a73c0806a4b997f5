// The lint rule of STYLE.md, as a test: workflow files import nothing with side effects (Node
// built-ins, DB, activities other than as types) and never read the wall clock or randomness
// outside the SDK's deterministic versions.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dir = new URL('../workflows/', import.meta.url);
const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
const FORBIDDEN = /^(?:import|export)\s+(?!type\b)[^;]*from\s+['"](node:[^'"]+|fs|path|crypto|os|http|https|net|pg|drizzle-orm[^'"]*|express|@temporalio\/(client|worker|activity)|(?:\.\.\/)+(db|activities|api|worker|rules)[^'"]*)['"]/m;

describe('workflow code stays deterministic', () => {
  it('when the workflows folder is listed, then it has the share-request workflow', () => {
    expect(files).toContain('shareRequest/workflow.ts');
  });

  it('when a file imports a Node built-in, the database or an activity module, then the rule catches it', () => {
    for (const bad of [`import { readFileSync } from 'node:fs';`, `import { db } from '../db/client';`, `import { createActivities } from '../activities';`, `import { Client } from '@temporalio/client';`]) {
      expect(bad).toMatch(FORBIDDEN);
    }
    expect(`import type { Activities } from '../activities';`).not.toMatch(FORBIDDEN);
  });

  it.each(files)('when %s is read, then it imports nothing with side effects', (file) => {
    const source = readFileSync(new URL(file, dir), 'utf8');
    const statements = source.match(/^(import|export)[^;]*?from\s+['"][^'"]+['"];$/gm) ?? [];
    for (const s of statements) expect(s, `${file}: ${s}`).not.toMatch(FORBIDDEN);
    expect(source).not.toMatch(/Math\.random\(|new Date\(\)|setTimeout\(|process\.env/);
  });
});
