/**
 * buildModel on raw trees whose marker values the registry would have refused: the builder still reports
 * them instead of trusting its input (other registries may be plugged into loadModel).
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, type Diagnostic } from '../../src/diagnostics.js';
import { defaultRegistry } from '../../src/markers/registry.js';
import { buildModel } from '../../src/model/build.js';
import type { Marker } from '../../src/model/types.js';
import { parseTree } from '../../src/parse/index.js';
import { thingTree, writeTree } from '../parse/helpers.js';

function buildWith(markers: Omit<Marker, 'pos'>[]): string[] {
  const diags: Diagnostic[] = [];
  const tree = parseTree(writeTree(thingTree('')), defaultRegistry(), diags);
  expect(diags).toEqual([]);
  const thing = tree.packages[0]!.types.find((t) => t.name === 'Thing')!;
  const pos = { file: 'things/v1/types.ts', line: 5, col: 4 };
  thing.markers.push(...markers.map((m) => ({ ...m, pos })));
  return buildModel(tree).diagnostics.map((d) => formatDiagnostic(d));
}

describe('buildModel on unchecked marker values', () => {
  it.each<[string, { markers: Omit<Marker, 'pos'>[]; want: string[] }]>([
    [
      'unknown verb in onlyVerbs',
      {
        markers: [{ name: 'genclient:onlyVerbs', value: ['get', 'frob'] }],
        want: [
          "things/v1/types.ts:5:4: unknown verb frob: client-gen's verbs are create, update, updateStatus, delete, deleteCollection, get, list, watch, patch, apply, applyStatus",
        ],
      },
    ],
    [
      'unknown verb in an extension method',
      {
        markers: [{ name: 'genclient:method', value: { name: 'Frob', verb: 'frob' } }],
        want: [
          'things/v1/types.ts:5:4: +genclient:method=Frob: unknown verb frob; use one of create, update, updateStatus, delete, deleteCollection, get, list, watch, patch, apply, applyStatus',
        ],
      },
    ],
    [
      'a scope that is no scope',
      {
        markers: [{ name: 'kubebuilder:resource', value: { scope: 'Global' } }],
        want: ['things/v1/types.ts:5:4: +kubebuilder:resource:scope=Global is not a scope: use Namespaced or Cluster'],
      },
    ],
    [
      'a metadata entry without =',
      {
        markers: [{ name: 'kubebuilder:metadata', value: { annotations: ['team'] } }],
        want: [
          'things/v1/types.ts:5:4: +kubebuilder:metadata:annotations entry "team" is not key=value: write +kubebuilder:metadata:annotations="example.com/key=value"',
        ],
      },
    ],
    [
      'verb lists written as one comma-separated string',
      { markers: [{ name: 'genclient:skipVerbs', value: 'patch,apply' }], want: [] },
    ],
  ])('%s', (_name, { markers, want }) => {
    expect(buildWith(markers)).toEqual(want);
  });
});
