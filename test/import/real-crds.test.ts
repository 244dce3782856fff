/**
 * Round trip on the real CRDs of ../shared/crds (cert-manager, prometheus-operator, sample-controller):
 * import → apis tree → generate crd (+ deepcopy, register, clientset) → the same CRD, after the
 * normalisation documented in docs/import.md.
 */
import * as prettier from 'prettier';
import { afterAll, describe, expect, it } from 'vitest';
import { importCrds } from '../../src/import/index.js';
import { crdDocuments, normaliseCrd, readInput, realCrdFiles, roundTrip, type RoundTrip } from './roundtrip.js';

const files = realCrdFiles();
const trips: RoundTrip[] = [];
afterAll(() => {
  for (const t of trips) t.cleanup();
});

describe.skipIf(files.length === 0)('import of real CRDs', () => {
  it.each(files)('%s: import → generate gives back the same CRD', (label, file) => {
    const input = readInput(label, file);
    const t = roundTrip([input]);
    trips.push(t);
    expect(t.imported.diagnostics).toEqual([]);
    // The only generator remark allowed: a CRD too big for client-side apply (the original is as big).
    expect(t.generated?.diagnostics.filter((d) => d.code !== 'crd-size')).toEqual([]);
    for (const original of crdDocuments(input.text)) {
      const spec = original['spec'] as { group: string; names: { kind: string } };
      const regenerated = t.crds.get(`${spec.group}/${spec.names.kind}`);
      expect(regenerated, `${spec.group}/${spec.names.kind} regenerated`).toBeDefined();
      expect(normaliseCrd(regenerated!, original)).toEqual(normaliseCrd(original));
    }
  });

  it('imported files are already formatted (a Prettier fixed point, the options of the golden test)', async () => {
    const unformatted: string[] = [];
    for (const [label, file] of files) {
      for (const f of importCrds([readInput(label, file)]).files) {
        const formatted = await prettier.format(f.content, { parser: 'typescript', printWidth: 120, singleQuote: true });
        if (formatted !== f.content) unformatted.push(`${label} → ${f.path}`);
      }
    }
    expect(unformatted).toEqual([]);
  });

  it('every project at once: one package per group version, each CRD back unchanged', () => {
    const inputs = files.filter(([l]) => !l.endsWith('sample-controller/crd.yaml')).map(([l, f]) => readInput(l, f));
    const t = roundTrip(inputs, ['crd']);
    trips.push(t);
    expect(t.imported.diagnostics).toEqual([]);
    expect(t.imported.files.filter((f) => f.role === 'doc').map((f) => f.path)).toEqual([
      'acme/v1/doc.ts',
      'cert-manager/v1/doc.ts',
      'monitoring/v1/doc.ts',
      'monitoring/v1alpha1/doc.ts',
      'samplecontroller/v1alpha1/doc.ts',
    ]);
    expect(t.crds.size).toBe(13);
    for (const input of inputs) {
      for (const original of crdDocuments(input.text)) {
        const spec = original['spec'] as { group: string; names: { kind: string } };
        expect(normaliseCrd(t.crds.get(`${spec.group}/${spec.names.kind}`)!, original)).toEqual(normaliseCrd(original));
      }
    }
  });
});
