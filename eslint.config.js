// ESLint flat config. Two concerns only (STYLE.md, guideline 2):
//  1. no-floating-promises everywhere: a forgotten `await` on an activity, a Temporal call or a DB
//     write fails silently. Type-aware, through tsconfig.json (projectService).
//  2. workflow code stays deterministic: files under workflows/ run in the Temporal sandbox and are
//     replayed, so they import nothing with side effects (Node built-ins, DB, HTTP, Temporal client/
//     worker/activity, our own side-effecting layers) except as types, and never call Math.random.
//     Date.now() is allowed: the SDK sandbox makes it deterministic workflow time.
// Globs, not file lists, so files added later (workflows/case/, workflows/shareRequest/) are covered.
import { builtinModules } from 'node:module';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Node built-ins as imported without the prefix (`fs`, `fs/promises`); prefixed ones are a pattern below. */
const bareNodeBuiltins = builtinModules.filter((m) => !m.startsWith('node:'));

/** Packages that do I/O or need Node, at any subpath (`pg`, `drizzle-orm/pg-core`, `@temporalio/client`). */
const SIDE_EFFECT_PACKAGES = String.raw`^(pg|express|@temporalio/(client|worker|activity))(/.*)?$|^drizzle-orm`;

/** Our layers that touch the outside world, reached from any depth of workflows/ (`../db`, `../../activities/x`). */
const SIDE_EFFECT_LAYERS = String.raw`^(\.\./)+(db|activities|api|worker|rules)([/.].*)?$`;

export default defineConfig(
  // api/static/: browser scripts served as they are (no Node, no type project).
  globalIgnores(['.data/', '.tools/', 'coverage/', 'bench/profiles/', 'api/static/']),
  {
    files: ['**/*.{ts,mts,cts,js,mjs,cjs}'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: {
        projectService: {
          // JavaScript files outside tsconfig.json's `include` get the default project.
          allowDefaultProject: ['*.js', 'scripts/*.mjs'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    files: ['workflows/**/*.{ts,mts,cts,js,mjs,cjs}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: bareNodeBuiltins.map((name) => ({
            name,
            message: 'Workflow code runs in the Temporal sandbox: no Node built-ins (use an activity).',
            allowTypeImports: true,
          })),
          patterns: [
            {
              regex: '^node:',
              message: 'Workflow code runs in the Temporal sandbox: no Node built-ins (use an activity).',
              allowTypeImports: true,
            },
            {
              regex: SIDE_EFFECT_PACKAGES,
              message: 'Workflow code imports nothing with side effects; import it as `import type`, or do the work in an activity.',
              allowTypeImports: true,
            },
            {
              regex: SIDE_EFFECT_LAYERS,
              message: 'Workflow code imports nothing with side effects: activities only via `import type` and proxyActivities; DB, API, worker and rules only in activities.',
              allowTypeImports: true,
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Not deterministic on replay: use uuid4() from @temporalio/workflow, or pass randomness in as input.' },
      ],
    },
  },
);
