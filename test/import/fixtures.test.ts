/**
 * kubegen's own CRDs — the golden CRD of every fixture, the markers fixture using every CRD marker —
 * imported and generated again are the same CRDs: import inverts the generator.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES_DIR, goldenCases } from '../util/fixtures.js';
import { crdDocuments, normaliseCrd, roundTrip, type RoundTrip } from './roundtrip.js';

const cases = goldenCases().filter((c) => existsSync(join(FIXTURES_DIR, c, 'expected', 'crd')));
const trips: RoundTrip[] = [];
afterAll(() => trips.forEach((t) => t.cleanup()));

describe('golden fixture CRDs survive import → generate', () => {
  it.each(cases)('%s', (name) => {
    const dir = join(FIXTURES_DIR, name, 'expected', 'crd');
    const inputs = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => ({ path: f, text: readFileSync(join(dir, f), 'utf8') }));
    const t = roundTrip(inputs, ['crd']);
    trips.push(t);
    expect(t.imported.diagnostics).toEqual([]);
    expect(t.generated?.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    let n = 0;
    for (const input of inputs) {
      for (const original of crdDocuments(input.text)) {
        const spec = original['spec'] as { group: string; names: { kind: string } };
        const regenerated = t.crds.get(`${spec.group}/${spec.names.kind}`);
        expect(regenerated, `${input.path} regenerated`).toBeDefined();
        expect(normaliseCrd(regenerated!, original)).toEqual(normaliseCrd(original));
        n++;
      }
    }
    expect(n).toBe(inputs.length);
  });
});
