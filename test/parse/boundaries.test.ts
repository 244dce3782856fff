/** ts-morph stays inside src/parse: nothing else in kubegen (or the runtime) imports it. */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...tsFiles(p));
    else if (/\.(ts|mts|cts|js|mjs)$/.test(e.name)) out.push(p);
  }
  return out;
}

const TS_MORPH = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](ts-morph|typescript)['"]/;

describe('module boundaries', () => {
  it('only src/parse imports ts-morph (or the TypeScript compiler)', () => {
    const offenders = [...tsFiles(join(ROOT, 'src')), ...tsFiles(join(ROOT, 'runtime', 'src'))]
      .map((f) => relative(ROOT, f).split('\\').join('/'))
      .filter((f) => !f.startsWith('src/parse/'))
      .filter((f) => TS_MORPH.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('src/parse does use ts-morph (the check above is not vacuous)', () => {
    const users = tsFiles(join(ROOT, 'src', 'parse')).filter((f) => TS_MORPH.test(readFileSync(f, 'utf8')));
    expect(users.length).toBeGreaterThan(0);
  });
});
