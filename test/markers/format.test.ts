import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatMarker, MarkerFormatError } from '../../src/markers/format.js';
import { splitInlineMarkers } from '../../src/markers/grammar.js';
import { defaultRegistry, MarkerRegistry } from '../../src/markers/registry.js';
import { formatDiagnostic } from '../../src/diagnostics.js';
import type { ArgType, MarkerDefinition, MarkerTarget } from '../../src/markers/types.js';
import type { MarkerValue } from '../../src/model/types.js';

const pos = { file: 'f.ts', line: 1, col: 1 };
const reg = defaultRegistry();

function def(name: string, arg: ArgType): MarkerDefinition {
  return { name, arg, targets: ['field'], doc: 'Test.', owner: 'test' };
}

const ENUM = ['Always', 'If Not Present', 'a,b', 'x;y'] as const;
const SYNTH = new MarkerRegistry([
  def('t:flag', { kind: 'flag' }),
  def('t:string', { kind: 'string' }),
  def('t:int', { kind: 'int' }),
  def('t:number', { kind: 'number' }),
  def('t:bool', { kind: 'bool' }),
  def('t:enum', { kind: 'enum', values: ENUM }),
  def('t:list', { kind: 'list', of: { kind: 'string' } }),
  def('t:enumlist', { kind: 'list', of: { kind: 'enum', values: ENUM } }),
  def('t:intlist', { kind: 'list', of: { kind: 'int' } }),
  def('t:any', { kind: 'any' }),
  def('t:anylist', { kind: 'list', of: { kind: 'any' } }),
  def('t:json', { kind: 'json' }),
  def('t:struct', {
    kind: 'struct',
    fields: {
      name: { type: { kind: 'string' } },
      JSONPath: { type: { kind: 'string' }, optional: true },
      n: { type: { kind: 'int' }, optional: true },
      tags: { type: { kind: 'list', of: { kind: 'string' } }, optional: true },
      on: { type: { kind: 'bool' }, optional: true },
      mode: { type: { kind: 'enum', values: ENUM }, optional: true },
    },
  }),
  def('t:method', {
    kind: 'struct',
    positional: 'name',
    fields: { name: { type: { kind: 'string' } }, verb: { type: { kind: 'string' } }, result: { type: { kind: 'string' }, optional: true } },
  }),
]);

function roundTrip(registry: MarkerRegistry, name: string, value: MarkerValue, target: MarkerTarget = 'field'): MarkerValue {
  const line = formatMarker(registry.lookup(name)!, value);
  expect(line).not.toContain('*/');
  // A written marker stays one marker when the parser splits lines holding several.
  expect(splitInlineMarkers(`${line} +genclient`).markers.map((m) => m.text)).toEqual([line, '+genclient']);
  const r = registry.parse(line, target, pos);
  if (!r.ok) throw new Error(`${line}: ${formatDiagnostic(r.diagnostic)}`);
  expect(r.marker.name).toBe(name);
  return r.marker.value;
}

// Strings of any characters a comment line can carry (JSON escapes cover control characters).
const str = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', ',', '*', '/', ';', '{', '}', '[', ']', ':', '=', '"', '`', '\\', '+', '-', '.', 'é', '\n', '\t', "'", 'x') });
const num = fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (n === 0 ? 0 : n));
const json: fc.Arbitrary<MarkerValue> = fc.letrec<{ v: MarkerValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    str,
    num,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(str, tie('v'), { maxKeys: 3 }),
  ),
})).v;

describe('formatMarker round-trips through the parser (property)', () => {
  const cases: [string, fc.Arbitrary<MarkerValue>][] = [
    ['t:flag', fc.boolean()],
    ['t:string', str],
    ['t:int', fc.maxSafeInteger().map((n) => (n === 0 ? 0 : n))],
    ['t:number', num],
    ['t:bool', fc.boolean()],
    ['t:enum', fc.constantFrom(...ENUM)],
    ['t:list', fc.array(str)],
    ['t:enumlist', fc.array(fc.constantFrom(...ENUM))],
    ['t:intlist', fc.array(fc.integer())],
    ['t:any', json],
    ['t:anylist', fc.array(json)],
    ['t:json', json],
    [
      't:struct',
      fc.record(
        { name: str, JSONPath: str, n: fc.integer(), tags: fc.array(str), on: fc.boolean(), mode: fc.constantFrom(...ENUM) },
        { requiredKeys: ['name'] },
      ) as fc.Arbitrary<MarkerValue>,
    ],
    ['t:method', fc.record({ name: str, verb: str, result: str }, { requiredKeys: ['name', 'verb'] }) as fc.Arbitrary<MarkerValue>],
  ];
  it.each(cases)('%s', (name, arb) => {
    fc.assert(
      fc.property(arb, (v) => {
        expect(roundTrip(SYNTH, name, v)).toEqual(v);
      }),
      { numRuns: 300 },
    );
  });
});

describe('formatMarker: canonical output', () => {
  const cases: [string, { name: string; value: MarkerValue; want: string }][] = [
    ['flag', { name: 'genclient', value: true, want: '+genclient' }],
    ['flag false', { name: 'genclient', value: false, want: '+genclient=false' }],
    ['raw pattern', { name: 'kubebuilder:validation:Pattern', value: '^\\d+$', want: '+kubebuilder:validation:Pattern=^\\d+$' }],
    ['pattern with leading space is quoted', { name: 'kubebuilder:validation:Pattern', value: ' x', want: '+kubebuilder:validation:Pattern=` x`' }],
    ['enum list', { name: 'kubebuilder:validation:Enum', value: ['A', 'B c', 1, 'true'], want: '+kubebuilder:validation:Enum=A;B c;1;`true`' }],
    ['empty group', { name: 'groupName', value: '', want: '+groupName=' }],
    [
      'printcolumn',
      {
        name: 'kubebuilder:printcolumn',
        value: { name: 'Age', type: 'date', JSONPath: '.metadata.creationTimestamp' },
        want: '+kubebuilder:printcolumn:name=Age,type=date,JSONPath=.metadata.creationTimestamp',
      },
    ],
    [
      'resource lists',
      {
        name: 'kubebuilder:resource',
        value: { path: 'networks', shortName: ['net', 'nw'], scope: 'Cluster' },
        want: '+kubebuilder:resource:path=networks,shortName=net;nw,scope=Cluster',
      },
    ],
    ['struct with no argument', { name: 'kubebuilder:deprecatedversion', value: {}, want: '+kubebuilder:deprecatedversion' }],
    [
      'method',
      {
        name: 'genclient:method',
        value: { name: 'GetScale', verb: 'get', subresource: 'scale', result: 'k8s.io/api/autoscaling/v1.Scale' },
        want: '+genclient:method=GetScale,verb=get,subresource=scale,result=k8s.io/api/autoscaling/v1.Scale',
      },
    ],
    [
      'XValidation',
      {
        name: 'kubebuilder:validation:XValidation',
        value: { rule: 'self.a, self.b', message: "can't" },
        want: "+kubebuilder:validation:XValidation:rule=`self.a, self.b`,message=can't",
      },
    ],
    ['default map', { name: 'kubebuilder:default', value: { policy: 'Delete', n: [1, 2], 'a b': {} }, want: '+kubebuilder:default={policy: Delete, n: {1,2}, "a b": {}}' }],
    ['default empty list', { name: 'kubebuilder:default', value: [], want: '+kubebuilder:default=[]' }],
    ['JSON default', { name: 'default', value: { a: 'x' }, want: '+default={"a":"x"}' }],
  ];
  it.each(cases)('%s', (_n, { name, value, want }) => {
    const d = reg.lookup(name)!;
    expect(formatMarker(d, value)).toBe(want);
    const r = reg.parse(want, d.targets[0]!, pos);
    expect(r.ok && r.marker.value).toEqual(value);
  });

  it('refuses values that do not fit', () => {
    expect(() => formatMarker(reg.lookup('kubebuilder:validation:MaxLength')!, 1.5)).toThrow(MarkerFormatError);
    expect(() => formatMarker(reg.lookup('listType')!, 'list')).toThrow(/one of atomic, set, map/);
    expect(() => formatMarker(reg.lookup('kubebuilder:printcolumn')!, { name: 'x' })).toThrow(/needs the argument type/);
    expect(() => formatMarker(reg.lookup('kubebuilder:resource')!, { plural: 'x' })).toThrow(/has no argument plural/);
  });
});
