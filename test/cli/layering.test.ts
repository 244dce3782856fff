import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.join(import.meta.dirname, '../../src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

/** Resolved targets of every relative import/export specifier in a file (`import type` too). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.map((s) => path.relative(SRC, path.resolve(path.dirname(file), s)).split(path.sep).join('/'));
}

describe('layering (DESIGN §1: cli → pipeline → parse/model/generators/output; nothing imports cli)', () => {
  const files = tsFiles(SRC).map((f) => ({ rel: path.relative(SRC, f).split(path.sep).join('/'), imports: importsOf(f) }));

  it('no module outside src/cli imports src/cli', () => {
    const offenders = files.filter((f) => !f.rel.startsWith('cli/')).flatMap((f) => f.imports.filter((i) => i.startsWith('cli/')).map((i) => `${f.rel} → ${i}`));
    expect(offenders).toEqual([]);
  });

  it('src/output depends on no stage before it (parse, model building, generators’ code)', () => {
    const offenders = files
      .filter((f) => f.rel.startsWith('output/'))
      .flatMap((f) => f.imports.filter((i) => /^(parse|cli|markers|render)\//.test(i) || /^generators\/(?!types\.js$)/.test(i) || i === 'pipeline.js').map((i) => `${f.rel} → ${i}`));
    expect(offenders).toEqual([]);
  });

  it('CLI commands import the pipeline and the parser only lazily (type imports aside)', () => {
    const offenders: string[] = [];
    for (const f of tsFiles(path.join(SRC, 'cli'))) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+['"]([^'"]+)['"]/gm)) {
        if (/(pipeline|parse\/|generators\/index|ts-morph)/.test(m[1]!)) offenders.push(`${path.relative(SRC, f)} → ${m[1]}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
