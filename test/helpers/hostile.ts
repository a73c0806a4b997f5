// Hostile input for property-based fuzzing of the API (fast-check): strings, JSON, headers, path
// segments, query strings and body encodings, each mixing valid-looking values (real seeded ids)
// with hostile ones. Input that hits a defect class fixed elsewhere is opt-in (`controls`,
// `badEscapes`, `unsupported`), so a generator can be switched off without losing the rest.
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { RawRequest } from './rawHttp';

/** Characters no record may hold (INVALID_TEXT): NUL, C0/C1 controls, DEL, bidi overrides, unpaired surrogates. */
export const CONTROL_PIECES = ['\u0000', 'a\u0000b', '\u0001', '\u0008', '\u000b', '\u000d', '\u001b[2J', '\u007f', '\u0085', '\u009b', '\u202e', '\u202a', '\u2066', '\u2069', '\ud800', '\udfff', 'x\udbffy'] as const;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Hostile characters and fragments that are nevertheless legal text. */
export const ODD_PIECES = [
  '', ' ', '   ', '\u00a0', '\u200b', '\u200d', '\ufeff', '\ufffd', '\uffff', '😀', '👩‍👩‍👧', '𠀀', '中文', '政务数据', 'é', 'e\u0301', 'ß', 'İ',
  '../', '..', '.', '/', '\\', '%', '%00', '%2F', '%25', '+', '&', '=', '?', '#', ';', ',', '*', '|',
  "'", '"', '`', "' OR '1'='1", "'); DROP TABLE cases; --", '${7*7}', '{{7*7}}', '<script>alert(1)</script>', '\\u0000',
  '__proto__', 'constructor', 'prototype', 'toString', 'null', 'undefined', 'NaN', 'true', '-1', '0', '1e309', '[]', '{}',
  '2026-02-30', '0000-00-00', '9999-12-31', '110000', '100000', '999999', '110000-public-security', 'sr-', 'sr-000000000000000000000000',
] as const;

export interface StringOptions {
  /** Include the INVALID_TEXT class (CONTROL_PIECES). */
  controls?: boolean;
  /** Longest ordinary string; default 64. */
  maxLength?: number;
  /** Also strings around and beyond the 256 kB body limit. */
  huge?: boolean;
  /** Valid-looking values (real ids), used as they are and mutated. */
  seeds?: readonly string[];
}

/** Drops the INVALID_TEXT class from a string (controls out, unpaired surrogates made U+FFFD). */
export const withoutControls = (s: string): string => s.toWellFormed().replace(CONTROL, '');

export function hostileString({ controls = true, maxLength = 64, huge = false, seeds = [] }: StringOptions = {}): fc.Arbitrary<string> {
  const pieces: readonly string[] = controls ? [...ODD_PIECES, ...CONTROL_PIECES] : ODD_PIECES;
  const piece = fc.constantFrom(...pieces);
  const clean = (a: fc.Arbitrary<string>) => (controls ? a : a.map(withoutControls));
  const options: Array<fc.WeightedArbitrary<string>> = [
    { weight: 2, arbitrary: clean(fc.string({ unit: 'grapheme', maxLength })) },
    { weight: 2, arbitrary: clean(fc.string({ unit: 'binary', maxLength })) },
    // (Slicing may split a surrogate pair: clean() mends that too.)
    { weight: 3, arbitrary: clean(fc.array(fc.oneof(piece, fc.string({ maxLength: 4 })), { maxLength: 6 }).map((p) => p.join('').slice(0, Math.max(maxLength, 8)))) },
  ];
  if (seeds.length > 0) {
    const seed = fc.constantFrom(...seeds);
    options.push(
      { weight: 4, arbitrary: seed },
      {
        weight: 3,
        arbitrary: fc.tuple(seed, piece, fc.constantFrom('prefix', 'suffix', 'upper', 'truncate', 'pad')).map(([s, p, how]) =>
          how === 'prefix' ? p + s : how === 'suffix' ? s + p : how === 'upper' ? s.toUpperCase() : how === 'truncate' ? s.slice(0, -1) : ` ${s} `,
        ),
      },
    );
  }
  if (huge) {
    options.push({
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom('x', '中', '😀', '\\'), fc.constantFrom(2_001, 65_536, 87_000, 200_000, 262_144, 300_000)).map(([c, n]) => c.repeat(Math.ceil(n / Buffer.byteLength(c)))),
    });
  }
  return fc.oneof(...options);
}

// ---------------------------------------------------------------------------------------------
// JSON, written by hand so a body may hold what JSON.stringify never writes: duplicate keys, an own
// `__proto__` key, 1e309, nesting thousands deep.

export class JsonObject {
  constructor(readonly entries: ReadonlyArray<readonly [string, JsonTree]>) {}
}
/** JSON text used as it is (a number such as 1e309 or -0, or a deeply nested value). */
export class RawJson {
  constructor(readonly text: string) {}
}
export type JsonTree = null | boolean | number | string | RawJson | JsonTree[] | JsonObject;

export function jsonText(t: JsonTree): string {
  if (t instanceof RawJson) return t.text;
  if (t instanceof JsonObject) return `{${t.entries.map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`).join(',')}}`;
  if (Array.isArray(t)) return `[${t.map(jsonText).join(',')}]`;
  return JSON.stringify(t) ?? 'null';
}

/** Any JSON value, mostly of the wrong type for whatever field it lands in. */
export const hostileJson: fc.Arbitrary<JsonTree> = fc.letrec<{ value: JsonTree }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 3, depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.constantFrom(0, -1, 1.5, 2 ** 31, 2 ** 53 + 1, Number.MAX_SAFE_INTEGER, -Number.MAX_VALUE),
    fc.constantFrom('1e309', '-1e309', '-0', '1E2', '1e-400', '123456789012345678901234567890', '0.1e1').map((s) => new RawJson(s)),
    hostileString({ controls: true, maxLength: 40 }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.array(fc.tuple(hostileString({ controls: true, maxLength: 12 }), tie('value')), { maxLength: 3 }).map((e) => new JsonObject(e)),
  ),
})).value;

/** Nesting thousands deep: arrays or objects. */
export const deepJson: fc.Arbitrary<JsonTree> = fc
  .tuple(fc.constantFrom(50, 1_000, 20_000, 120_000), fc.boolean())
  .map(([n, arrays]) => new RawJson(arrays ? `${'['.repeat(n)}${']'.repeat(n)}` : `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`));

/** Keys a request must never smuggle through (prototype pollution, spoofed actor or identity). */
const SMUGGLED_KEYS = ['__proto__', 'constructor', 'prototype', 'actor', 'id', 'stage', 'version', 'departmentId'] as const;
const extraEntry = fc.tuple(
  fc.oneof(fc.constantFrom(...SMUGGLED_KEYS), hostileString({ controls: true, maxLength: 12 })),
  fc.oneof(hostileJson, fc.constant(new JsonObject([['isAdmin', true], ['polluted', 'yes']]))),
);

/**
 * An object for a schema's fields: often exactly valid, otherwise each field valid, hostile or
 * missing, with smuggled extra keys and repeated keys; sometimes not an object at all.
 */
export function objectBody(fields: Record<string, fc.Arbitrary<JsonTree>>): fc.Arbitrary<JsonTree> {
  const names = Object.keys(fields);
  const valid = fc.record(fields).map((r) => new JsonObject(names.map((k) => [k, r[k]!] as const)));
  type Entries = Array<readonly [string, JsonTree]>;
  const entry = (k: string): fc.Arbitrary<Entries> =>
    fc.oneof(
      { weight: 6, arbitrary: fields[k]!.map((v): Entries => [[k, v]]) },
      { weight: 2, arbitrary: hostileJson.map((v): Entries => [[k, v]]) },
      { weight: 1, arbitrary: fc.constant<Entries>([]) },
      { weight: 1, arbitrary: fc.tuple(fields[k]!, hostileJson).map(([a, b]): Entries => [[k, a], [k, b]]) },
    );
  const mutated = fc
    .tuple(fc.tuple(...names.map(entry)), fc.array(extraEntry, { maxLength: 2 }))
    .map(([entries, extras]) => new JsonObject([...entries.flat(), ...extras]));
  return fc.oneof(
    { weight: 10, arbitrary: valid },
    { weight: 4, arbitrary: mutated },
    { weight: 1, arbitrary: hostileJson },
    { weight: 1, arbitrary: deepJson },
  );
}

// ---------------------------------------------------------------------------------------------
// Bodies on the wire: media types, charsets, content encodings, malformed JSON.

export type Header = readonly [string, string];
export interface WireBody {
  headers: Header[];
  body?: Buffer;
}

/** JSON text broken in the ways clients break it. */
export function malformedJson(valid: string): fc.Arbitrary<Buffer> {
  return fc.oneof(
    fc.nat({ max: Math.max(valid.length - 1, 0) }).map((n) => Buffer.from(valid.slice(0, n))),
    fc.constantFrom('}', ']', ',', 'x', '\u0000', '{"b":1}', ' // comment').map((g) => Buffer.from(valid + g)),
    fc.constantFrom(
      '', ' ', '\n', 'null', '"text"', '42', 'true', '{', '[', "{'a':1}", '{"a":1,}', '{"a":NaN}', '{"a":undefined}', '{a:1}', '{"a":01}',
      '{"a":"\\x41"}', '{"a":"\\ud800"}', '{"a":"\u0000"}', '{"a":1}{"b":2}', '\ufeff{}', '{"__proto__":{"polluted":true}}',
    ).map((s) => Buffer.from(s)),
    fc.constantFrom([0xff, 0xfe], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80]).map((bytes) =>
      Buffer.concat([Buffer.from('{"x":"'), Buffer.from(bytes), Buffer.from('"}')]),
    ),
  );
}

const JSON_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/json;charset="UTF-8"', 'Application/JSON', 'application/json; foo=bar', 'application/json; charset=utf-16le'] as const;
const OTHER_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/vnd.api+json', '*/*', 'application/json;', 'json', '', 'application/json, text/plain'] as const;
/** Charsets and encodings the API does not take: today answered 500, to be 415 (front door). */
export const UNSUPPORTED_CHARSETS = ['latin1', 'iso-8859-1', 'utf-7', 'koi8-r', 'bogus', 'gb2312'] as const;
export const UNSUPPORTED_ENCODINGS = ['compress', 'bogus', 'gzip, deflate', 'zstd', 'x-gzip'] as const;

function compress(encoding: string, body: Buffer): Buffer {
  if (encoding === 'gzip') return gzipSync(body);
  if (encoding === 'deflate') return deflateSync(body);
  if (encoding === 'br') return brotliCompressSync(body);
  return body;
}

/**
 * A JSON body as sent: mostly plain `application/json`, else another media type, a supported
 * compression (or one that lies), malformed text, or none. `unsupported` sends only charsets and
 * content encodings the API does not support.
 */
export function wireBody(tree: fc.Arbitrary<JsonTree>, { unsupported = false }: { unsupported?: boolean } = {}): fc.Arbitrary<WireBody> {
  const text = tree.map((t) => Buffer.from(jsonText(t)));
  if (unsupported) {
    return fc.oneof(
      fc.tuple(text, fc.constantFrom(...UNSUPPORTED_CHARSETS)).map(([body, cs]): WireBody => ({ headers: [['Content-Type', `application/json; charset=${cs}`]], body })),
      fc.tuple(text, fc.constantFrom(...UNSUPPORTED_ENCODINGS)).map(([body, enc]): WireBody => ({ headers: [['Content-Type', 'application/json'], ['Content-Encoding', enc]], body })),
    );
  }
  return fc.oneof(
    { weight: 20, arbitrary: text.map((body): WireBody => ({ headers: [['Content-Type', 'application/json']], body })) },
    { weight: 2, arbitrary: fc.tuple(text, fc.constantFrom(...JSON_TYPES, ...OTHER_TYPES)).map(([body, ct]): WireBody => ({ headers: [['Content-Type', ct]], body })) },
    { weight: 1, arbitrary: text.map((body): WireBody => ({ headers: [], body })) },
    { weight: 1, arbitrary: text.map((body): WireBody => ({ headers: [['Content-Type', 'text/plain'], ['Content-Type', 'application/json']], body })) },
    {
      weight: 2,
      arbitrary: fc.tuple(text, fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'GZIP')).map(([body, enc]): WireBody => ({
        headers: [['Content-Type', 'application/json'], ['Content-Encoding', enc]],
        body: compress(enc.toLowerCase(), body),
      })),
    },
    { weight: 3, arbitrary: text.chain((b) => malformedJson(b.toString())).map((body): WireBody => ({ headers: [['Content-Type', 'application/json']], body })) },
    // A Content-Encoding the body does not have.
    { weight: 1, arbitrary: fc.tuple(text, fc.constantFrom('gzip', 'deflate', 'br')).map(([body, enc]): WireBody => ({ headers: [['Content-Type', 'application/json'], ['Content-Encoding', enc]], body })) },
    { weight: 1, arbitrary: text.map((body): WireBody => ({ headers: [['Content-Type', 'application/json'], ['Transfer-Encoding', 'chunked']], body })) },
    { weight: 1, arbitrary: fc.constant<WireBody>({ headers: [['Content-Type', 'application/json']] }) },
  );
}

// ---------------------------------------------------------------------------------------------
// Headers, path segments and query strings.

/** What node:http will send in a header value: tab, printable ASCII and Latin-1 (it refuses the rest). */
const headerChar = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constant(0x09)).map((c) => String.fromCharCode(c));
export function headerValue(seeds: readonly string[] = [], maxLength = 200): fc.Arbitrary<string> {
  const odd = fc.string({ unit: headerChar, maxLength });
  return seeds.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...seeds) }, { weight: 2, arbitrary: odd }, { weight: 1, arbitrary: fc.constantFrom('', ' ', ',', 'null') }) : odd;
}

/** A header that may be missing, present once or repeated; values from `value`. */
export function headerOf(name: string, value: fc.Arbitrary<string>): fc.Arbitrary<Header[]> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant<Header[]>([]) },
    { weight: 14, arbitrary: value.map((v): Header[] => [[name, v]]) },
    { weight: 1, arbitrary: fc.tuple(value, value).map(([a, b]): Header[] => [[name, a], [name.toLowerCase(), b]]) },
  );
}

/** Percent escapes that do not decode to UTF-8 text (to be 400 at the front door). */
export const BAD_ESCAPES = ['%', '%%', '%G0', '%0', '%E4%B8', '%C0%AF', '%ED%A0%80', '%FF', '%80', '%F4%90%80%80', 'a%zzb'] as const;
const ODD_SEGMENTS = ['', '.', '..', '%2F', '%2f', '%252F', '%2e%2e', '%5C', '+', ';', ';a=b', '*', '~', '%20', '%C3%A9', '%F0%9F%98%80', 'a%2Fb', '%E4%B8%AD%E6%96%87', '%3F', '%23'] as const;

/** Percent-encodes every byte in lower-case hex (valid, but not how a browser would write it). */
const overEncode = (s: string): string => [...Buffer.from(s)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

export interface LocationOptions {
  seeds?: readonly string[];
  /** Put one percent-encoded control character (INVALID_TEXT class) into every value. */
  controls?: boolean;
  /** Put one percent escape that does not decode into every value. */
  badEscapes?: boolean;
  maxLength?: number;
}

/**
 * Long enough to matter, mostly short enough for node:http's 16 kB limit on request line and headers
 * (above it the parser refuses the request: 431 HEADERS_TOO_LARGE, api/clientErrors.ts).
 */
const LONG_VALUE = fc.tuple(fc.constantFrom('x', '%E4%B8%AD', '-'), fc.constantFrom(1_000, 3_000)).map(([c, n]) => c.repeat(n / (c.length > 1 ? 3 : 1)));
const MAX_QUERY = 8_000;

/** The fragment of the opt-in defect class, if any (already encoded; lone surrogates are bad escapes). */
export function defectFragment({ controls = false, badEscapes = false }: LocationOptions): fc.Arbitrary<string> | undefined {
  const options: Array<fc.Arbitrary<string>> = [];
  // NUL most often: it is the one PostgreSQL refuses outright.
  if (controls) options.push(fc.oneof(fc.constantFrom('%00', 'a%00b'), fc.constantFrom(...CONTROL_PIECES.filter((p) => p.isWellFormed())).map(encodeURIComponent)));
  if (badEscapes) options.push(fc.constantFrom(...BAD_ESCAPES));
  return options.length ? fc.oneof(...options) : undefined;
}

/** `value` with `fragment` put before or after it (never inside an escape). */
export const withFragment = (value: string, fragment: string, before: boolean) => (before ? fragment + value : value + fragment);

/** One path segment, as sent (already percent-encoded, or deliberately not). */
export function pathSegment({ seeds = [], maxLength = 120, ...defect }: LocationOptions = {}): fc.Arbitrary<string> {
  const options: Array<fc.WeightedArbitrary<string>> = [
    { weight: 6, arbitrary: hostileString({ controls: false, maxLength, seeds }).map((s) => encodeURIComponent(s)) },
    { weight: 2, arbitrary: fc.constantFrom(...ODD_SEGMENTS) },
    { weight: 1, arbitrary: LONG_VALUE },
  ];
  if (seeds.length > 0) options.push({ weight: 3, arbitrary: fc.constantFrom(...seeds).map(overEncode) });
  const segment = fc.oneof(...options);
  const fragment = defectFragment(defect);
  return fragment ? fc.tuple(segment, fragment, fc.boolean()).map(([s, f, before]) => withFragment(s, f, before)) : segment;
}

/** A query string from named parameters (each maybe absent), with repeats, strays and odd encodings. */
export function queryString(params: Record<string, fc.Arbitrary<string | undefined>>, defect: LocationOptions = {}): fc.Arbitrary<string> {
  const keys = Object.keys(params);
  const enc = (s: string, plus: boolean) => (plus ? encodeURIComponent(s).replace(/%20/g, '+') : encodeURIComponent(s));
  const pair = fc.tuple(fc.constantFrom(...keys), hostileString({ controls: false, maxLength: 40 })).map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  const stray = fc.oneof(
    fc.constantFrom('&', '&&', '=', '=x', 'x', 'x=', 'a[b]=c', 'a[]=1&a[]=2', '__proto__=x', 'constructor[prototype][x]=1', '%3D=%26'),
    hostileString({ controls: false, maxLength: 20 }).map((s) => `${encodeURIComponent(s)}=1`),
  );
  const fragment = defectFragment(defect);
  return fc
    .tuple(
      fc.record(params, { requiredKeys: [] }),
      fc.boolean(),
      fc.oneof({ weight: 4, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.array(fc.oneof(pair, stray), { minLength: 1, maxLength: 3 }) }),
      fragment ? fc.tuple(fc.constantFrom(...keys), fragment, fc.boolean()) : fc.constant(undefined),
    )
    .map(([values, plus, extra, defective]) => {
      const entries = Object.entries(values).filter((e): e is [string, string] => typeof e[1] === 'string');
      const parts = entries.filter(([k]) => k !== defective?.[0]).map(([k, v]) => `${k}=${enc(v, plus)}`);
      if (defective) {
        const [k, f, before] = defective;
        parts.push(`${k}=${withFragment(enc(values[k] ?? '', plus), f, before)}`);
      }
      const all = [...parts, ...extra];
      return all.length ? `?${all.join('&')}` : '';
    })
    .filter((q) => q.length <= MAX_QUERY);
}

/** A query value: a valid-looking seed or a hostile string. */
export function queryValue(seeds: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...seeds) }, { weight: 2, arbitrary: hostileString({ controls: false, seeds, maxLength: 60 }) }, { weight: 1, arbitrary: LONG_VALUE.map(decodeURIComponent) });
}

// ---------------------------------------------------------------------------------------------
// Whole requests.

/** A GET (sometimes HEAD) of `path` with the given headers, an odd Accept now and then, and rarely a body. */
export function readRequest(path: fc.Arbitrary<string>, headers: fc.Arbitrary<Header[]> = fc.constant([])): fc.Arbitrary<RawRequest> {
  const accept = headerOf('Accept', fc.constantFrom('application/json', 'text/html', '*/*', 'application/xml;q=0.9, */*;q=0.1', ''));
  const body = fc.oneof({ weight: 7, arbitrary: fc.constant<WireBody>({ headers: [] }) }, { weight: 1, arbitrary: wireBody(hostileJson) });
  return fc.tuple(fc.constantFrom('GET', 'GET', 'GET', 'HEAD'), path, headers, accept, body).map(([method, p, h, a, b]) => ({
    method,
    path: p,
    headers: [...h, ...a, ...b.headers],
    ...(b.body ? { body: b.body } : {}),
  }));
}

/** A plain JSON value as a tree (to mix fixtures with generated bodies). */
export function toTree(value: unknown): JsonTree {
  if (Array.isArray(value)) return value.map(toTree);
  if (value && typeof value === 'object') return new JsonObject(Object.entries(value).map(([k, v]) => [k, toTree(v)] as const));
  return value as JsonTree;
}

/** Mostly one of `seeds`, else a hostile string (controls and huge strings included: bodies go through text()). */
export function textField(seeds: readonly string[], { maxLength = 300 }: { maxLength?: number } = {}): fc.Arbitrary<JsonTree> {
  return fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...seeds) }, { weight: 2, arbitrary: hostileString({ controls: true, huge: true, maxLength, seeds }) });
}

/** Printable ASCII of 1–`max` characters (a valid Idempotency-Key shape). */
export const printableAscii = (max: number) => fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: max });
