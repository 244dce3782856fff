import { describe, expect, it } from 'vitest';
import { ALL_MARKER_DEFINITIONS, defaultRegistry } from '../../src/markers/registry.js';
import { CORE_MARKERS, DEEPCOPY_MARKERS } from '../../src/markers/defs/core.js';
import { CLIENTGEN_MARKERS } from '../../src/markers/defs/clientgen.js';
import { CRD_MARKERS, VALIDATION_ITEMS_PREFIX, VALIDATION_PREFIX } from '../../src/markers/defs/crd.js';
import { COMPAT_MARKERS } from '../../src/markers/defs/compat.js';
import { formatDiagnostic } from '../../src/diagnostics.js';
import type { ArgType, MarkerDefinition } from '../../src/markers/types.js';

const reg = defaultRegistry();
const pos = { file: 'doc.ts', line: 1, col: 1 };
const rows = ALL_MARKER_DEFINITIONS.map((d) => [d.name, d] as [string, MarkerDefinition]);

function structFields(t: ArgType): [string, { doc?: string }][] {
  return t.kind === 'struct' ? Object.entries(t.fields) : [];
}

describe('every definition', () => {
  it.each(rows)('+%s is documented and placed', (_name, d) => {
    expect(d.doc.trim().length).toBeGreaterThan(10);
    expect(d.doc).not.toMatch(/\n/);
    expect(d.doc).toMatch(/[.)]$/);
    expect(d.targets.length).toBeGreaterThan(0);
    expect(new Set(d.targets).size).toBe(d.targets.length);
    expect(d.owner).toMatch(/^[a-z]+$/);
    expect(d.name).toMatch(/^[A-Za-z][\w.\-:]*$/);
    for (const [key, f] of structFields(d.arg)) {
      expect(f.doc, `argument ${key}`).toBeTruthy();
    }
  });

  const effective = rows.filter(([, d]) => d.ignoredReason === undefined);
  it.each(effective)('+%s: its example parses on every target it allows', (_name, d) => {
    const example = reg.example(d);
    expect(example.startsWith(`+${d.name}`)).toBe(true);
    for (const t of d.targets) {
      // +k8s:deepcopy-gen takes =package on a package and =true|false on a type.
      const line = d.name === 'k8s:deepcopy-gen' && t === 'type' ? '+k8s:deepcopy-gen=true' : example;
      const r = reg.parse(line, t, pos);
      if (!r.ok) throw new Error(`${line} on ${t}: ${formatDiagnostic(r.diagnostic)}`);
      expect(r.marker.name).toBe(d.name);
    }
  });

  it('names are unique across owners', () => {
    const names = ALL_MARKER_DEFINITIONS.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    expect(reg.all()).toHaveLength(names.length);
  });

  it('groups definitions by owner', () => {
    const owners = (ds: readonly MarkerDefinition[]) => [...new Set(ds.map((d) => d.owner))];
    expect(owners(CORE_MARKERS)).toEqual(['core']);
    expect(owners(DEEPCOPY_MARKERS)).toEqual(['deepcopy']);
    expect(owners(CLIENTGEN_MARKERS)).toEqual(['clientgen']);
    expect(owners(CRD_MARKERS)).toEqual(['crd']);
    expect(owners(COMPAT_MARKERS)).toEqual(['compat']);
    expect(COMPAT_MARKERS.every((d) => (d.ignoredReason ?? '').length > 10)).toBe(true);
  });
});

describe('CRD validation markers', () => {
  const bases = CRD_MARKERS.filter((d) => d.name.startsWith(VALIDATION_PREFIX) && !d.name.startsWith(VALIDATION_ITEMS_PREFIX));
  const itemNames = new Set(CRD_MARKERS.filter((d) => d.name.startsWith(VALIDATION_ITEMS_PREFIX)).map((d) => d.name.slice(VALIDATION_ITEMS_PREFIX.length)));

  it('register the issue set under the Go names', () => {
    const short = new Set(bases.map((d) => d.name.slice(VALIDATION_PREFIX.length)));
    for (const n of [
      'Minimum', 'Maximum', 'ExclusiveMinimum', 'ExclusiveMaximum', 'MultipleOf', 'MinLength', 'MaxLength', 'Pattern', 'Format',
      'Enum', 'MinItems', 'MaxItems', 'MinProperties', 'MaxProperties', 'Type', 'XIntOrString', 'Schemaless', 'EmbeddedResource',
      'XEmbeddedResource', 'XValidation', 'AtMostOneOf', 'ExactlyOneOf', 'AtLeastOneOf', 'UniqueItems', 'XPreserveUnknownFields',
    ]) {
      expect(short.has(n), n).toBe(true);
    }
  });

  it('each field-and-type validation marker has its items: twin with the same argument', () => {
    for (const d of bases.filter((b) => b.targets.includes('field') && b.targets.includes('type'))) {
      const short = d.name.slice(VALIDATION_PREFIX.length);
      expect(itemNames.has(short), short).toBe(true);
      const twin = reg.lookup(VALIDATION_ITEMS_PREFIX + short)!;
      expect(twin.arg).toEqual(d.arg);
      expect(twin.targets).toEqual(d.targets);
      expect(twin.repeatable === true).toBe(d.repeatable === true);
    }
    // Field-only and type-only ones have no items: form, as in controller-tools.
    for (const n of ['Schemaless', 'EmbeddedResource', 'AtMostOneOf', 'ExactlyOneOf', 'AtLeastOneOf']) expect(itemNames.has(n), n).toBe(false);
  });

  it('spells struct keys as Go does', () => {
    const keys = (name: string) => structFields(reg.lookup(name)!.arg).map(([k]) => k);
    expect(keys('kubebuilder:printcolumn')).toEqual(['name', 'type', 'JSONPath', 'description', 'format', 'priority']);
    expect(keys('kubebuilder:resource')).toEqual(['path', 'shortName', 'categories', 'singular', 'scope']);
    expect(keys('kubebuilder:subresource:scale')).toEqual(['specpath', 'statuspath', 'selectorpath']);
    expect(keys('kubebuilder:validation:XValidation')).toEqual(['rule', 'message', 'messageExpression', 'reason', 'fieldPath', 'optionalOldSelf']);
    expect(keys('kubebuilder:selectablefield')).toEqual(['JSONPath']);
    expect(keys('kubebuilder:metadata')).toEqual(['annotations', 'labels']);
    expect(keys('kubebuilder:deprecatedversion')).toEqual(['warning']);
    expect(keys('kubebuilder:externalDocs')).toEqual(['url', 'description']);
    expect(keys('genclient:method')).toEqual(['name', 'verb', 'subresource', 'input', 'result']);
  });

  it('marks the accumulating markers repeatable and nothing else among kind markers', () => {
    const repeatable = ALL_MARKER_DEFINITIONS.filter((d) => d.repeatable && d.ignoredReason === undefined).map((d) => d.name).sort();
    expect(repeatable).toEqual([
      'genclient:method',
      'k8s:listMapKey',
      'kubebuilder:metadata',
      'kubebuilder:printcolumn',
      'kubebuilder:selectablefield',
      'kubebuilder:validation:AtLeastOneOf',
      'kubebuilder:validation:AtMostOneOf',
      'kubebuilder:validation:ExactlyOneOf',
      'kubebuilder:validation:XValidation',
      'kubebuilder:validation:items:XValidation',
      'listMapKey',
    ]);
  });
});
