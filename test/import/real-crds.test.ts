/**
 * Round trip on the real CRDs of ../shared/crds (cert-manager, prometheus-operator, sample-controller):
 * import → apis tree → generate crd (+ deepcopy, register, clientset) → the same CRD, after the
 * normalisation documented in docs/import.md.
 */
import { afterAll, describe, expect, it } from 'vitest';
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
    expect(t.imported.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(t.generated?.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    for (const original of crdDocuments(input.text)) {
      const spec = original['spec'] as { group: string; names: { kind: string } };
      const regenerated = t.crds.get(`${spec.group}/${spec.names.kind}`);
      expect(regenerated, `${spec.group}/${spec.names.kind} regenerated`).toBeDefined();
      expect(normaliseCrd(regenerated!, original)).toEqual(normaliseCrd(original));
    }
  });
});
