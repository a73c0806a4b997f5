// The one text primitive. Every string the API accepts passes through `text()` (bodies, queries) or
// `textProblem()` (paths and headers, in middleware): PostgreSQL refuses NUL and unpaired surrogates,
// and control or bidi-override characters in a statutory record mislead whoever reads it later.
// Accepted text is stored NFC-normalised, so one wording is one sequence of code points. Fields that
// cite law (`citation()`) also refuse invisible and format characters, which make a citation look
// identical to another; free prose keeps them (ZWJ, ZWNJ and U+061C occur in Uyghur text).
import { z } from 'zod';

/** The error code of a string that carries a character no record may hold. */
export const INVALID_TEXT = 'INVALID_TEXT';

// C0 controls except tab and newline (allowed in prose), DEL, C1 controls, bidi embeddings/overrides/isolates.
const CONTROL_IN_PROSE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
const CONTROL_ANYWHERE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
// Invisible in a citation: zero-width space, ZWNJ, ZWJ, LRM, RLM; word joiner and invisible operators;
// BOM; soft hyphen; combining grapheme joiner; Arabic letter mark; Hangul fillers; tag characters.
const INVISIBLE = /[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u034f\u061c\u115f\u1160\u3164\uffa0\u{e0000}-\u{e007f}]/u;

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** What is wrong with `s` as stored text, or undefined when nothing is. */
export function textProblem(s: string, { prose = false, citation = false }: { prose?: boolean; citation?: boolean } = {}): string | undefined {
  if (!s.isWellFormed()) return 'contains an unpaired surrogate (not valid Unicode)';
  const bad = (prose ? CONTROL_IN_PROSE : CONTROL_ANYWHERE).exec(s);
  if (bad) return `contains the control or bidi character ${codePoint(bad[0])}`;
  const invisible = citation ? INVISIBLE.exec(s) : null;
  if (invisible) return `contains the invisible or format character ${codePoint(invisible[0])}, which a citation of law may not hold`;
  return undefined;
}

export interface TextOptions {
  /** Longest accepted length after trimming; default 2000. */
  max?: number;
  /** Shortest accepted length after trimming; default 1 (blank is refused). */
  min?: number;
  /** Prose may hold tabs and newlines. */
  prose?: boolean;
  /** A citation of law: no invisible or format characters either (see `citation()`). */
  citation?: boolean;
  /** An exact pattern the trimmed text must match (identifiers, codes). */
  pattern?: { regex: RegExp; message: string };
}

/** A zod string schema with the text checks first; a failure carries params.code INVALID_TEXT. Accepted text is NFC. */
export function text({ max = 2000, min = 1, prose = false, citation = false, pattern }: TextOptions = {}) {
  const base = z
    .string()
    .superRefine((s, ctx) => {
      const problem = textProblem(s, { prose, citation });
      if (problem) ctx.addIssue({ code: 'custom', message: problem, params: { code: INVALID_TEXT }, abort: true });
    })
    .trim()
    .normalize('NFC')
    .min(min)
    .max(max);
  return pattern ? base.regex(pattern.regex, pattern.message) : base;
}

/**
 * The law a field relies on (a request's legal basis, Art. 20; a refusal's, Fushun Art. 21): prose
 * that may span lines, without the invisible and format characters that would make two citations
 * that differ look the same.
 */
export const citation = (max = 2000) => text({ max, prose: true, citation: true });

/** True for an issue raised by text(). */
export const isTextIssue = (issue: z.core.$ZodIssue): boolean =>
  issue.code === 'custom' && (issue as { params?: { code?: string } }).params?.code === INVALID_TEXT;

// Everything textProblem refuses anywhere, plus unpaired surrogates (paired ones are one code point under /u).
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ud800-\udfff]/gu;

/** `s` with every character textProblem refuses written as a \uXXXX escape: safe to repeat in an error message. */
export function printable(s: string): string {
  return s.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}
