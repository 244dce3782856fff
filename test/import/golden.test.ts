/**
 * Golden import output: every `test/import/golden/<case>/*.yaml` imported together must give exactly the
 * files under `expected/` (the set of paths and every byte). `UPDATE_GOLDEN=1` rewrites them; read the
 * diff before committing.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importCrds } from '../../src/import/index.js';
import { UPDATE_GOLDEN } from '../util/fixtures.js';
import { crdDocuments, normaliseCrd, roundTrip, type RoundTrip } from './roundtrip.js';

const ROOT = join(import.meta.dirname, 'golden');

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
      .sort();
  } catch {
    return [];
  }
}

const cases = readdirSync(ROOT, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

const trips: RoundTrip[] = [];
afterAll(() => trips.forEach((t) => t.cleanup()));

describe('golden import output', () => {
  it.each(cases)('%s', (name) => {
    const dir = join(ROOT, name);
    const inputs = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => ({ path: f, text: readFileSync(join(dir, f), 'utf8') }));
    const result = importCrds(inputs);
    expect(result.diagnostics).toEqual([]);
    const expectedDir = join(dir, 'expected');
    if (UPDATE_GOLDEN) {
      rmSync(expectedDir, { recursive: true, force: true });
      for (const f of result.files) {
        const p = join(expectedDir, ...f.path.split('/'));
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, f.content);
      }
    }
    expect(result.files.map((f) => f.path)).toEqual(listFiles(expectedDir));
    for (const f of result.files) expect(f.content, f.path).toBe(readFileSync(join(expectedDir, ...f.path.split('/')), 'utf8'));
    // …and the CRD generator gives the CRDs back.
    const t = roundTrip(inputs, ['crd']);
    trips.push(t);
    expect(t.generated?.diagnostics).toEqual([]);
    for (const input of inputs) {
      for (const original of crdDocuments(input.text)) {
        const spec = original['spec'] as { group: string; names: { kind: string } };
        expect(normaliseCrd(t.crds.get(`${spec.group}/${spec.names.kind}`)!, original)).toEqual(normaliseCrd(original));
      }
    }
  });
});
