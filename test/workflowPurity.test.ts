// STYLE.md guideline 2 is enforced by ESLint (eslint.config.js, `npm run lint`). This test runs that
// config programmatically: workflows/ must lint clean, and in-memory fixtures placed at workflows/
// paths prove each rule fires (a config that silently stopped matching would pass the first check).
import { ESLint, type Linter } from 'eslint';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

// The fixtures exist only in memory, so they are in no tsconfig.json project; typescript-eslint's
// projectService needs them named in allowDefaultProject (with our compiler options) to type them
// for no-floating-promises. Nothing else is overridden, and real files are never matched by these names.
const FIXTURE_PATHS = ['workflows/x.ts', 'workflows/case/x.ts', 'api/x.ts'];
const eslint = new ESLint({
  cwd: root,
  overrideConfig: {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'scripts/*.mjs', ...FIXTURE_PATHS], defaultProject: 'tsconfig.json' },
        tsconfigRootDir: root,
      },
    },
  },
});

async function lint(source: string, filePath: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(source, { filePath });
  if (!result) throw new Error(`no lint result for ${filePath}`);
  return result.messages;
}

const brief = (messages: Linter.LintMessage[]) => messages.map((m) => `${m.line}:${m.column} ${m.ruleId ?? 'fatal'} ${m.message}`);

const IMPORTS = '@typescript-eslint/no-restricted-imports';
const FLOATING = '@typescript-eslint/no-floating-promises';
const PROPERTIES = 'no-restricted-properties';

/** Each source breaks exactly one rule once. */
const FORBIDDEN: [what: string, source: string, rule: string][] = [
  ['a node: built-in', `import { readFileSync } from 'node:fs';\nexport const read = readFileSync;`, IMPORTS],
  ['a bare built-in', `import fs from 'fs';\nexport const read = fs.readFileSync;`, IMPORTS],
  ['a bare built-in subpath', `import { readFile } from 'fs/promises';\nexport const read = readFile;`, IMPORTS],
  ['pg', `import { Pool } from 'pg';\nexport const pool = Pool;`, IMPORTS],
  ['drizzle-orm', `import { eq } from 'drizzle-orm';\nexport const equals = eq;`, IMPORTS],
  ['the Temporal client', `import { Client } from '@temporalio/client';\nexport const client = Client;`, IMPORTS],
  ['activities as a value', `import { createActivities } from '../activities';\nexport const make = createActivities;`, IMPORTS],
  ['the DB two levels up', `import { db } from '../../db/client';\nexport const database = db;`, IMPORTS],
  ['a re-export of rules', `export * from '../rules/calendar';`, IMPORTS],
  ['a floating promise', `async function persist(): Promise<void> {}\npersist();`, FLOATING],
  ['Math.random', `export const coin = Math.random() < 0.5;`, PROPERTIES],
];

const ALLOWED = [
  `import type { Activities } from '../activities';`,
  `import { type Activities as Acts } from '../activities';`,
  `import type { Pool } from 'pg';`,
  `import { proxyActivities, sleep } from '@temporalio/workflow';`,
  `import { defineSearchAttributeKey } from '@temporalio/common';`,
  `import { TASK_QUEUE } from './shared';`,
  `export type X = [Activities, Acts, Pool, typeof proxyActivities, typeof sleep, typeof defineSearchAttributeKey, typeof TASK_QUEUE];`,
  // The SDK sandbox makes Date.now() deterministic workflow time.
  `export const startedAt = Date.now();`,
  `async function persist(): Promise<void> {}\nexport async function run(): Promise<void> { await persist(); }`,
].join('\n');

describe('workflow code stays deterministic (ESLint, eslint.config.js)', () => {
  let workflows: ESLint.LintResult[];
  beforeAll(async () => {
    workflows = await eslint.lintFiles(['workflows']);
  });

  it('when workflows/ is linted, then it has the share-request workflow and no errors', () => {
    const files = workflows.map((r) => r.filePath.slice(root.length));
    expect(files).toContain('workflows/shareRequest/workflow.ts');
    const problems = workflows.flatMap((r) => brief(r.messages).map((m) => `${r.filePath.slice(root.length)} ${m}`));
    expect(problems).toEqual([]);
  });

  describe.each(['workflows/x.ts', 'workflows/case/x.ts'])('when a file at %s', (filePath) => {
    it.each(FORBIDDEN)('imports or uses %s, then it is an error', async (_what, source, rule) => {
      const messages = await lint(source, filePath);
      expect(brief(messages)).toEqual([expect.stringContaining(` ${rule} `)]);
      expect(messages[0]?.severity).toBe(2);
    });

    it('imports activities and packages only as types, the workflow SDK, and its own folder, then nothing is reported', async () => {
      expect(brief(await lint(ALLOWED, filePath))).toEqual([]);
    });
  });

  it('when a file outside workflows/ imports Node and side effects, then only its floating promise is reported', async () => {
    const source = [
      `import { readFileSync } from 'node:fs';`,
      `import { Pool } from 'pg';`,
      `import { createActivities } from '../activities';`,
      `export const deps = [readFileSync, Pool, createActivities, Math.random()];`,
      `async function persist(): Promise<void> {}`,
      `persist();`,
    ].join('\n');
    const messages = await lint(source, 'api/x.ts');
    expect(messages.map((m) => m.ruleId)).toEqual([FLOATING]);
  });
});
