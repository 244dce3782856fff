/**
 * docs/markers.md is the registry rendered (src/markers/doc.ts): a marker added, removed or reworded in
 * the registry fails this test until the doc is regenerated with UPDATE_DOCS=1.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderMarkersMarkdown } from '../../src/markers/doc.js';
import { defaultRegistry } from '../../src/markers/registry.js';
import { REPO_ROOT } from '../util/fixtures.js';

const DOC = path.join(REPO_ROOT, 'docs', 'markers.md');
const registry = defaultRegistry();
const rendered = renderMarkersMarkdown(registry);
if (process.env.UPDATE_DOCS === '1') writeFileSync(DOC, rendered);

/** Splits a table row into cells, honouring `\|` escapes. */
function cells(row: string): string[] {
  return row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

describe('docs/markers.md', () => {
  it('is the registry rendered (regenerate: UPDATE_DOCS=1 npx vitest run test/docs/markers-doc.test.ts)', () => {
    expect(readFileSync(DOC, 'utf8')).toBe(rendered);
  });

  it('has exactly one row per registry marker', () => {
    const rows = rendered.split('\n').filter((l) => /^\| `+\+/.test(l));
    const names = rows.map((r) => cells(r)[0]!.replace(/^`+\s?\+/, '').replace(/\s?`+$/, ''));
    expect(names.length).toBe(registry.all().length);
    expect(new Set(names)).toEqual(new Set(registry.all().map((d) => d.name)));
  });

  it('has well-formed tables: every row of a table has as many cells as its header', () => {
    const lines = rendered.split('\n');
    let width = 0;
    for (const [i, line] of lines.entries()) {
      if (!line.startsWith('|')) {
        width = 0;
        continue;
      }
      const n = cells(line).length;
      if (width === 0) width = n;
      expect(n, `line ${i + 1}: ${line}`).toBe(width);
    }
  });

  it('shows only markers that parse, in the syntax table and in the example column', () => {
    const examples = rendered
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| ---'))
      .map((l) => cells(l))
      // The example column of the marker tables, the example column of the syntax table.
      .map((c) => (c.length === 5 ? c[4]! : c.length === 3 ? c[1]! : ''))
      .flatMap((c) => /^(`+)\s?(\+[A-Za-z].*?)\s?\1$/.exec(c)?.[2]?.replace(/\\\|/g, '|') ?? []);
    expect(examples.length).toBeGreaterThan(90);
    const pos = { file: 'docs/markers.md', line: 1, col: 1 };
    for (const line of examples) {
      const errors = (['package', 'type', 'field'] as const).map((t) => registry.parse(line, t, pos)).filter((r) => !r.ok);
      expect(errors.length, `${line}: ${errors.map((e) => (e.ok ? '' : e.diagnostic.message)).join(' / ')}`).toBeLessThan(3);
    }
  });

  it('documents every owner with a heading linked from the contents', () => {
    const headings = [...rendered.matchAll(/^## (.+)$/gm)].map((m) => m[1]!);
    expect(headings.length).toBe(new Set(registry.all().map((d) => d.owner)).size);
    for (const h of headings) expect(rendered).toContain(`](#${h.toLowerCase().replace(/[^a-z0-9 -]/g, '').trim().replace(/ /g, '-')})`);
  });
});
