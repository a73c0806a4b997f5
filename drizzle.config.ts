import { defineConfig } from 'drizzle-kit';

// One set of migrations serves both PGlite and PostgreSQL (same dialect).
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  out: './db/migrations',
  strict: true,
});
