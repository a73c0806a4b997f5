// The project carries its own documentation: a link in README.md or docs/ must point to a file a
// clone of the repository has (not one beside it, such as ../shared/, nor one git ignores), and a
// link to a heading of a markdown file must find that heading.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('..', import.meta.url));

const withoutFences = (markdown: string) => markdown.replace(/^(```|~~~)[\s\S]*?^\1/gm, '');

/** Markdown without fenced code blocks and inline code, where brackets are not links. */
const prose = (markdown: string) => withoutFences(markdown).replace(/`[^`\n]*`/g, '');

/**
 * Targets of inline links and images `[text](target)`, of reference definitions `[label]: target`,
 * and relative paths written as code (`../shared/STATUTE.md`), which readers follow just the same.
 */
export function linkTargets(markdown: string): string[] {
  const text = prose(markdown);
  const inline = [...text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
  const references = [...text.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]!);
  const codePaths = [...withoutFences(markdown).matchAll(/`(\.\.?\/[^`\s]+)`/g)].map((m) => m[1]!);
  return [...inline, ...references, ...codePaths];
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** The anchors of a file's headings; a repeated heading gets -1, -2, … as on GitHub. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const m of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = headingAnchor(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

function ignoredByGit(path: string): boolean {
  try {
    execFileSync('git', ['check-ignore', '-q', path], { cwd: repo, stdio: 'ignore' });
    return true; // exit 0: ignored
  } catch {
    return false;
  }
}

/** Why each link of a markdown file (its path relative to the repository) does not resolve. */
export function brokenLinks(file: string, markdown: string): string[] {
  const problems: string[] = [];
  for (const target of linkTargets(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: …: not a file of ours
    const [rawPath, anchor] = target.split('#', 2) as [string, string | undefined];
    const path = decodeURIComponent(rawPath);
    const absolute = path === '' ? join(repo, file) : resolve(repo, dirname(file), path);
    const inRepo = relative(repo, absolute);
    if (inRepo === '..' || inRepo.startsWith(`..${sep}`)) problems.push(`${target}: outside the repository`);
    else if (!existsSync(absolute)) problems.push(`${target}: no such file`);
    else if (ignoredByGit(absolute)) problems.push(`${target}: ignored by git, so not in a clone`);
    else if (anchor !== undefined && absolute.endsWith('.md') && !anchorsOf(readFileSync(absolute, 'utf8')).has(decodeURIComponent(anchor))) {
      problems.push(`${target}: no heading with that anchor`);
    }
  }
  return problems;
}

const documents = [
  'README.md',
  ...readdirSync(join(repo, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f)),
];

describe('links in the documentation', () => {
  it('when a link points beside the repository, to a missing or ignored file or to a missing heading, then it is reported', () => {
    const markdown = [
      'See [the statute](../shared/STATUTE.md), [design](docs/nope.md), [data](node_modules/vitest/package.json).',
      'And [ok](docs/statute.md), [anchor](docs/statute.md#working-days-工作日), [bad anchor](docs/statute.md#no-such-heading),',
      '[site](https://temporal.io), [self](#two-commands), `[code](../shared/x.md)`, and see `../shared/DESIGN.md`.',
      '```',
      '[fenced](../shared/y.md)',
      '```',
      '[ref]: ../shared/REF.md',
    ].join('\n');
    expect(brokenLinks('README.md', markdown)).toEqual([
      '../shared/STATUTE.md: outside the repository',
      'docs/nope.md: no such file',
      'node_modules/vitest/package.json: ignored by git, so not in a clone',
      'docs/statute.md#no-such-heading: no heading with that anchor',
      '../shared/REF.md: outside the repository',
      '../shared/DESIGN.md: outside the repository',
    ]);
  });

  it('when a heading has punctuation, CJK or repeats, then its anchor is the one GitHub gives it', () => {
    expect(headingAnchor('Working days (工作日)')).toBe('working-days-工作日');
    expect(headingAnchor('Share request (共享申请) — national Art. 14, 15, 20–22')).toBe('share-request-共享申请--national-art-14-15-2022');
    expect([...anchorsOf('## API\n\n## API\n')]).toEqual(['api', 'api-1']);
  });

  it.each(documents)('when %s is read, then every link resolves in the repository', (file) => {
    expect(documents).toContain(join('docs', 'statute.md'));
    expect(brokenLinks(file, readFileSync(join(repo, file), 'utf8'))).toEqual([]);
  });
});
