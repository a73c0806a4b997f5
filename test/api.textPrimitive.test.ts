// Every string the API accepts goes through text() (api/text.ts): this file fails when a schema in
// api/ builds a string some other way, and shows the primitives refuse what text() refuses.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { identifier, instant, isoDate, jurisdictionCode, wholeNumber } from '../api/validation';
import { citation, isTextIssue, text } from '../api/text';
import { SubmissionBody } from '../api/shareRequest/schemas';
import { IdempotencyKey, listQuery } from '../api/cases/schemas';
import { SHARE_REQUEST_STAGES } from '../workflows/shareRequest/contract';

const ListQuery = listQuery(SHARE_REQUEST_STAGES);
import { submission } from './helpers/fixtures';

const API_DIR = fileURLToPath(new URL('../api', import.meta.url));
const PRIMITIVE = 'text.ts';
// The OpenAPI document's modules, and each process's answers.ts, describe what the API answers and
// validate nothing; the request schemas they document are the routes' own, built on text() and
// scanned where they are defined.
const describesAnswers = (path: string) => path.startsWith('openapi/') || /(^|\/)answers\.ts$/.test(path);

// zod constructors that make a schema accepting strings without text(): z.string, the string
// formats of zod 4 (z.email, z.iso.*, …), coercion, and the catch-alls.
const BYPASSES = [
  'string', 'iso', 'email', 'url', 'httpUrl', 'uuid', 'uuidv4', 'uuidv6', 'uuidv7', 'guid', 'nanoid', 'cuid', 'cuid2',
  'ulid', 'xid', 'ksuid', 'ipv4', 'ipv6', 'cidrv4', 'cidrv6', 'mac', 'base64', 'base64url', 'e164', 'jwt', 'emoji',
  'hostname', 'hex', 'hash', 'stringbool', 'stringFormat', 'templateLiteral', 'coerce', 'any', 'unknown',
];
const BYPASS = new RegExp(`\\bz\\s*\\.\\s*(${BYPASSES.join('|')})\\b`, 'g');
// A named import of a value from zod (`import { string } from 'zod'`) escapes the `z.` scan.
const NAMED_ZOD_IMPORT = /import\s*\{([^}]*)\}\s*from\s*['"]zod(\/[^'"]*)?['"]/g;

/** Every place in `source` where a string schema is made without text(), as "line: code". */
function textBypasses(source: string): string[] {
  const found: string[] = [];
  const lineOf = (index: number) => source.slice(0, index).split('\n').length;
  for (const m of source.matchAll(BYPASS)) found.push(`${lineOf(m.index)}: z.${m[1]}`);
  for (const m of source.matchAll(NAMED_ZOD_IMPORT)) {
    const values = m[1]!.split(',').map((s) => s.trim()).filter((s) => s && s !== 'z' && !s.startsWith('type '));
    if (values.length > 0 && !/^import\s*type\b/.test(m[0])) found.push(`${lineOf(m.index)}: import { ${values.join(', ')} } from zod`);
  }
  return found;
}

function tsFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFilesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('the scan for string schemas that bypass text()', () => {
  it.each([
    ['z.string()', "const a = z.string().min(1);"],
    ['z.string with spaces', 'const a = z . string ( );'],
    ['z.iso.datetime', 'const a = z.iso.datetime({ offset: true });'],
    ['z.email', 'const a = z.email();'],
    ['z.uuid', 'const a = z.uuid();'],
    ['z.coerce', 'const a = z.coerce.number();'],
    ['z.unknown', 'const a = z.object({ b: z.unknown() });'],
    ['a string as a record key', 'const a = z.record(z.string(), z.number());'],
    ['an alias of z.string', 'const s = z.string;'],
    ['a named import from zod', "import { string } from 'zod';"],
    ['a named import from zod/v4', "import { z, email as mail } from 'zod/v4';"],
  ])('when a planted source holds %s, then the scan reports it', (_name, source) => {
    expect(textBypasses(`// planted\n${source}\n`)).toHaveLength(1);
  });

  it('when a source builds strings only with text() and its helpers, then the scan reports nothing', () => {
    const clean = [
      "import { z } from 'zod';",
      "import type { ZodType } from 'zod';",
      "const a = z.object({ name: text({ max: 10 }), at: instant, kind: z.enum(['a', 'b']), n: z.number().int() });",
      'const stringy = z.boolean(); // z.stringy is not a zod constructor',
    ].join('\n');
    expect(textBypasses(clean)).toEqual([]);
  });

  it('when every .ts file under api/ is scanned, then only api/text.ts builds a string schema itself', () => {
    const files = tsFilesUnder(API_DIR);
    expect(files.length).toBeGreaterThan(5);
    const offenders = files
      .filter((f) => relative(API_DIR, f) !== PRIMITIVE && !describesAnswers(relative(API_DIR, f)))
      .flatMap((f) => textBypasses(readFileSync(f, 'utf8')).map((hit) => `api/${relative(API_DIR, f)}:${hit}`));
    expect(offenders).toEqual([]);
    // The primitive itself is where z.string() lives.
    expect(textBypasses(readFileSync(join(API_DIR, PRIMITIVE), 'utf8')).length).toBeGreaterThan(0);
  });
});

describe('the primitives built on text()', () => {
  const bad = { NUL: 'a\u0000b', 'unpaired surrogate': 'a\ud800b', 'C1 control': 'a\u0085b', 'bidi override': 'a\u202eb', tab: 'a\tb' };

  it.each([
    ['identifier', identifier, '110000-market-regulation'],
    ['jurisdictionCode', jurisdictionCode, '230100'],
    ['isoDate', isoDate, '2026-09-25'],
    ['instant', instant, '2026-11-23T10:00:00+08:00'],
    ['wholeNumber', wholeNumber('n', { min: 1, max: 100000 }), '12'],
    ['Idempotency-Key', IdempotencyKey, 'key-1'],
  ] as const)('when %s is given a good value, then it passes; with a NUL, surrogate, control or bidi character, then INVALID_TEXT', (_name, schema, good) => {
    expect(schema.safeParse(good).success).toBe(true);
    for (const [what, value] of Object.entries(bad)) {
      const insert = (s: string) => s.slice(0, 2) + value + s.slice(2);
      const result = schema.safeParse(insert(good));
      expect(result.success, what).toBe(false);
      expect(result.error!.issues.some(isTextIssue), what).toBe(true);
    }
  });

  it('when a citation holds a zero-width or other format character, then INVALID_TEXT; the same in prose passes; both come out NFC', () => {
    for (const c of ['\u200b', '\u2060', '\ufeff', '\u00ad', '\u{e0020}']) {
      expect(citation().safeParse(`第${c}二十条`).error!.issues.some(isTextIssue), c).toBe(true);
      expect(text({ prose: true }).safeParse(`第${c}二十条`).success, c).toBe(true);
    }
    expect(citation().parse('第二十条\n第二十一条')).toBe('第二十条\n第二十一条');
    expect(citation().parse('Re\u0301sume\u0301')).toBe('Résumé');
    expect(text().parse('e\u0301')).toBe('\u00e9');
  });

  it('when prose holds a tab or a newline, then it passes; a bidi override still does not', () => {
    const prose = text({ prose: true });
    expect(prose.safeParse('第一行\n\t第二行').success).toBe(true);
    expect(prose.safeParse('abc\u202edef').error!.issues.some(isTextIssue)).toBe(true);
  });

  it.each([
    ['instant without an offset', instant, '2026-11-23T10:00:00'],
    ['instant without seconds', instant, '2026-11-23T10:00+08:00'],
    ['instant on 30 February', instant, '2026-02-30T10:00:00Z'],
    ['instant at hour 24', instant, '2026-11-23T24:00:00Z'],
    ['date on 30 February', isoDate, '2026-02-30'],
    ['identifier with a space', identifier, 'a b'],
    ['identifier starting with a dot', identifier, '.hidden'],
    ['whole number with a fraction', wholeNumber('n', { min: 1, max: 10 }), '1.5'],
    ['whole number in exponent form', wholeNumber('n', { min: 1, max: 10 }), '1e1'],
    ['whole number out of range', wholeNumber('n', { min: 1, max: 10 }), '11'],
  ] as const)('when %s is given, then it is refused as VALIDATION_FAILED, not INVALID_TEXT', (_name, schema, value) => {
    const result = schema.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error!.issues.some(isTextIssue)).toBe(false);
  });

  it('when a submission carries a NUL in its usage scenario, then the body schema raises a text issue on that path', () => {
    const result = SubmissionBody.safeParse(submission({ usageScenario: '居住证\u0000办理' }));
    expect(result.success).toBe(false);
    expect(result.error!.issues.find(isTextIssue)?.path).toEqual(['usageScenario']);
  });

  it('when the list query has no limit, then it defaults to 20; a limit in hex or blank is refused', () => {
    expect(ListQuery.parse({}).limit).toBe(20);
    expect(ListQuery.parse({ limit: '7' }).limit).toBe(7);
    expect(ListQuery.safeParse({ limit: '0x10' }).success).toBe(false);
    expect(ListQuery.safeParse({ limit: '' }).success).toBe(false);
  });
});
