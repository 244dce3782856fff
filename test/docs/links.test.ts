/**
 * Every relative link of the Markdown docs points at a file of the repository, and every `#anchor` at a
 * heading of the target (GitHub's heading ids), so renames and moves cannot leave dead links behind.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../util/fixtures.js';

const DOCS = [
  'README.md',
  'BENCHMARKS.md',
  'runtime/README.md',
  'runtime/src/testing/README.md',
  'examples/sample-controller/README.md',
  ...readdirSync(path.join(REPO_ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

const withoutCode = (text: string): string => text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');

/** GitHub's ids of a file's headings (lower case, punctuation dropped, spaces to -, repeats numbered). */
function headingIds(file: string): Set<string> {
  const text = readFileSync(path.join(REPO_ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  const seen = new Map<string, number>();
  const ids = new Set<string>();
  for (const m of text.matchAll(/^#{1,6} (.+)$/gm)) {
    const base = m[1]!
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    ids.add(n === 0 ? base : `${base}-${n}`);
  }
  return ids;
}

describe.each(DOCS)('%s', (file) => {
  it('has no dead relative link or anchor', () => {
    const dead: string[] = [];
    for (const m of withoutCode(readFileSync(path.join(REPO_ROOT, file), 'utf8')).matchAll(/\]\(([^)\s]+)\)/g)) {
      const link = m[1]!;
      if (/^[a-z]+:/.test(link)) continue;
      const [target, anchor] = link.split('#') as [string, string | undefined];
      const rel = target === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), target));
      if (!existsSync(path.join(REPO_ROOT, rel))) dead.push(link);
      else if (anchor && rel.endsWith('.md') && !headingIds(rel).has(anchor)) dead.push(link);
    }
    expect(dead).toEqual([]);
  });
});
