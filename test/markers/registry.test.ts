import { describe, expect, it } from 'vitest';
import { defaultRegistry, MarkerRegistry } from '../../src/markers/registry.js';
import type { MarkerDefinition, MarkerTarget } from '../../src/markers/types.js';
import type { Marker, MarkerValue } from '../../src/model/types.js';
import { formatDiagnostic } from '../../src/diagnostics.js';

const pos = { file: 'apis/x/v1/types.ts', line: 7, col: 5 };
const reg = defaultRegistry();

describe('defaultRegistry', () => {
  it('is cached', () => {
    expect(defaultRegistry()).toBe(reg);
  });
  it('lists definitions sorted by name', () => {
    const names = reg.all().map((d) => d.name);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);
  });
  it('refuses a definition given twice', () => {
    const d: MarkerDefinition = { name: 'x', targets: ['type'], arg: { kind: 'flag' }, doc: 'x', owner: 't' };
    expect(() => new MarkerRegistry([d, { ...d, owner: 'u' }])).toThrow(/defined twice/);
  });
});

describe('parse: accepted markers', () => {
  const cases: [string, { line: string; target: MarkerTarget; name: string; value: MarkerValue }][] = [
    ['flag', { line: '+genclient', target: 'type', name: 'genclient', value: true }],
    ['flag =false', { line: '+genclient=false', target: 'type', name: 'genclient', value: false }],
    ['legacy core group', { line: '+groupName=', target: 'package', name: 'groupName', value: '' }],
    ['group name', { line: '+groupName=samplecrd.k8s.io', target: 'package', name: 'groupName', value: 'samplecrd.k8s.io' }],
    ['deepcopy package', { line: '+k8s:deepcopy-gen=package', target: 'package', name: 'k8s:deepcopy-gen', value: 'package' }],
    ['deepcopy type', { line: '+k8s:deepcopy-gen=false', target: 'type', name: 'k8s:deepcopy-gen', value: 'false' }],
    ['client-gen opt-out', { line: '+k8s:client-gen=false', target: 'package', name: 'k8s:client-gen', value: false }],
    ['object root', { line: '+kubebuilder:object:root=true', target: 'type', name: 'kubebuilder:object:root', value: true }],
    ['onlyVerbs, client-gen commas', { line: '+genclient:onlyVerbs=create,get', target: 'type', name: 'genclient:onlyVerbs', value: ['create', 'get'] }],
    ['skipVerbs, semicolons', { line: '+genclient:skipVerbs=updateStatus;patch', target: 'type', name: 'genclient:skipVerbs', value: ['updateStatus', 'patch'] }],
    [
      'extension method, positional name',
      {
        line: '+genclient:method=UpdateScale,verb=update,subresource=scale,input=k8s.io/api/autoscaling/v1.Scale,result=Scale',
        target: 'type',
        name: 'genclient:method',
        value: { name: 'UpdateScale', verb: 'update', subresource: 'scale', input: 'k8s.io/api/autoscaling/v1.Scale', result: 'Scale' },
      },
    ],
    ['resourceName', { line: '+resourceName=sample-crds', target: 'type', name: 'resourceName', value: 'sample-crds' }],
    ['Minimum', { line: '+kubebuilder:validation:Minimum=-1.5', target: 'field', name: 'kubebuilder:validation:Minimum', value: -1.5 }],
    ['Minimum on a type', { line: '+kubebuilder:validation:Minimum=1', target: 'type', name: 'kubebuilder:validation:Minimum', value: 1 }],
    ['items form', { line: '+kubebuilder:validation:items:MaxLength=3', target: 'field', name: 'kubebuilder:validation:items:MaxLength', value: 3 }],
    ['Pattern raw', { line: '+kubebuilder:validation:Pattern=`^[0-9./]+$`', target: 'field', name: 'kubebuilder:validation:Pattern', value: '^[0-9./]+$' }],
    ['Enum mixed', { line: '+kubebuilder:validation:Enum=Always;"If Not Present";3', target: 'field', name: 'kubebuilder:validation:Enum', value: ['Always', 'If Not Present', 3] }],
    ['ExclusiveMinimum bare', { line: '+kubebuilder:validation:ExclusiveMinimum', target: 'field', name: 'kubebuilder:validation:ExclusiveMinimum', value: true }],
    [
      'XValidation',
      {
        line: '+kubebuilder:validation:XValidation:rule="self.min <= self.max",message="min must not exceed max",reason=FieldValueInvalid,optionalOldSelf=true',
        target: 'type',
        name: 'kubebuilder:validation:XValidation',
        value: { rule: 'self.min <= self.max', message: 'min must not exceed max', reason: 'FieldValueInvalid', optionalOldSelf: true },
      },
    ],
    ['ExactlyOneOf', { line: '+kubebuilder:validation:ExactlyOneOf=foo;bar', target: 'type', name: 'kubebuilder:validation:ExactlyOneOf', value: ['foo', 'bar'] }],
    ['kubebuilder:default map', { line: '+kubebuilder:default={policy: "Delete"}', target: 'field', name: 'kubebuilder:default', value: { policy: 'Delete' } }],
    ['kubebuilder:default {}', { line: '+kubebuilder:default={}', target: 'field', name: 'kubebuilder:default', value: {} }],
    ['kubebuilder:default list', { line: '+kubebuilder:default={a,b}', target: 'field', name: 'kubebuilder:default', value: ['a', 'b'] }],
    ['default JSON', { line: '+default={"policy": "Delete", "n": [1]}', target: 'field', name: 'default', value: { policy: 'Delete', n: [1] } }],
    ['listType', { line: '+listType=map', target: 'field', name: 'listType', value: 'map' }],
    ['k8s:listMapKey', { line: '+k8s:listMapKey=name', target: 'field', name: 'k8s:listMapKey', value: 'name' }],
    [
      'printcolumn: first key in the name',
      {
        line: '+kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`,priority=1',
        target: 'type',
        name: 'kubebuilder:printcolumn',
        value: { name: 'Age', type: 'date', JSONPath: '.metadata.creationTimestamp', priority: 1 },
      },
    ],
    [
      'resource',
      {
        line: '+kubebuilder:resource:path=networks,shortName=net;nw,categories={all,infra},scope=Cluster',
        target: 'type',
        name: 'kubebuilder:resource',
        value: { path: 'networks', shortName: ['net', 'nw'], categories: ['all', 'infra'], scope: 'Cluster' },
      },
    ],
    [
      'scale',
      {
        line: '+kubebuilder:subresource:scale:specpath=.spec.replicas,statuspath=.status.replicas,selectorpath=.status.selector',
        target: 'type',
        name: 'kubebuilder:subresource:scale',
        value: { specpath: '.spec.replicas', statuspath: '.status.replicas', selectorpath: '.status.selector' },
      },
    ],
    ['deprecatedversion without warning', { line: '+kubebuilder:deprecatedversion', target: 'type', name: 'kubebuilder:deprecatedversion', value: {} }],
    ['deprecatedversion:warning', { line: '+kubebuilder:deprecatedversion:warning="use v1"', target: 'type', name: 'kubebuilder:deprecatedversion', value: { warning: 'use v1' } }],
    ['selectablefield', { line: '+kubebuilder:selectablefield:JSONPath=`.spec.color`', target: 'type', name: 'kubebuilder:selectablefield', value: { JSONPath: '.spec.color' } }],
    [
      'metadata annotations',
      {
        line: '+kubebuilder:metadata:annotations="api-approved.kubernetes.io=https://github.com/kubernetes/kubernetes/pull/1"',
        target: 'type',
        name: 'kubebuilder:metadata',
        value: { annotations: ['api-approved.kubernetes.io=https://github.com/kubernetes/kubernetes/pull/1'] },
      },
    ],
    ['externalDocs', { line: '+kubebuilder:externalDocs:url="https://x.io/d",description=Guide', target: 'field', name: 'kubebuilder:externalDocs', value: { url: 'https://x.io/d', description: 'Guide' } }],
    ['validation:Optional on a package', { line: '+kubebuilder:validation:Optional', target: 'package', name: 'kubebuilder:validation:Optional', value: true }],
    ['foreign: rbac, argument kept raw', { line: '+kubebuilder:rbac:groups=apps,resources=deployments,verbs=get;list', target: 'type', name: 'kubebuilder:rbac', value: 'apps,resources=deployments,verbs=get;list' }],
    ['foreign: openapi-gen on a field', { line: '+k8s:openapi-gen=false', target: 'field', name: 'k8s:openapi-gen', value: 'false' }],
    ['foreign: prerelease-lifecycle-gen', { line: '+k8s:prerelease-lifecycle-gen:introduced=1.20', target: 'type', name: 'k8s:prerelease-lifecycle-gen', value: '1.20' }],
    ['foreign: dotted protobuf', { line: '+protobuf.options.(gogoproto.goproto_stringer)=false', target: 'type', name: 'protobuf', value: 'false' }],
    ['foreign: deepcopy interfaces', { line: '+k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object', target: 'type', name: 'k8s:deepcopy-gen:interfaces', value: 'k8s.io/apimachinery/pkg/runtime.Object' }],
    ['foreign: bare webhook', { line: '+kubebuilder:webhook', target: 'package', name: 'kubebuilder:webhook', value: true }],
  ];
  it.each(cases)('%s', (_n, { line, target, name, value }) => {
    const r = reg.parse(line, target, pos);
    if (!r.ok) throw new Error(formatDiagnostic(r.diagnostic));
    expect(r.marker).toEqual({ name, value, pos });
  });
});

describe('parse: diagnostics', () => {
  const cases: [string, { line: string; target: MarkerTarget; code: string; message: string; col?: number; severity?: 'warning' }][] = [
    [
      'unknown with suggestion',
      {
        line: '+kubebuilder:validation:Minimun=1',
        target: 'field',
        code: 'marker-unknown',
        message: 'unknown marker +kubebuilder:validation:Minimun: did you mean +kubebuilder:validation:Minimum?',
      },
    ],
    ['unknown, case differs', { line: '+genClient', target: 'type', code: 'marker-unknown', message: 'unknown marker +genClient: did you mean +genclient?' }],
    ['unknown genclient variant, close', { line: '+genclient:namespaced', target: 'type', code: 'marker-unknown', message: 'unknown marker +genclient:namespaced: did you mean +genclient:nonNamespaced?' }],
    [
      'unknown genclient variant lists the family',
      {
        line: '+genclient:fooBarBaz',
        target: 'type',
        code: 'marker-unknown',
        message:
          'unknown marker +genclient:fooBarBaz: the genclient:… markers are +genclient:method, +genclient:noStatus, +genclient:noVerbs, +genclient:nonNamespaced, +genclient:onlyVerbs, +genclient:readonly, +genclient:skipVerbs',
      },
    ],
    [
      'unknown without suggestion',
      {
        line: '+zzz:qqq',
        target: 'type',
        code: 'marker-unknown',
        message: 'unknown marker +zzz:qqq: check the spelling (kubegen markers lists every marker kubegen understands), or remove it',
      },
    ],
    [
      'wrong target',
      {
        line: '+genclient',
        target: 'field',
        code: 'marker-target',
        message: '+genclient is not allowed on a field: it may stand only on a type; move it there',
      },
    ],
    [
      'wrong target, several allowed',
      {
        line: '+kubebuilder:validation:Minimum=1',
        target: 'package',
        code: 'marker-target',
        message: '+kubebuilder:validation:Minimum is not allowed on the package (in doc.ts): it may stand only on a field or a type; move it there',
      },
    ],
    [
      'bad int',
      {
        line: '+kubebuilder:validation:MaxLength=1.5',
        target: 'field',
        code: 'marker-arg',
        col: 5 + 34,
        message: 'invalid argument for +kubebuilder:validation:MaxLength: expected a whole number, found 1.5; write it as +kubebuilder:validation:MaxLength=63',
      },
    ],
    [
      'bad number',
      {
        line: '+kubebuilder:validation:Minimum=one',
        target: 'field',
        code: 'marker-arg',
        col: 5 + 32,
        message: 'invalid argument for +kubebuilder:validation:Minimum: expected a number, found "one"; write it as +kubebuilder:validation:Minimum=1',
      },
    ],
    [
      'missing value',
      {
        line: '+kubebuilder:validation:Minimum',
        target: 'field',
        code: 'marker-arg',
        col: 5 + 31,
        message: '+kubebuilder:validation:Minimum needs a value (number): write it as +kubebuilder:validation:Minimum=1',
      },
    ],
    [
      'enum value',
      {
        line: '+listType=list',
        target: 'field',
        code: 'marker-arg',
        col: 5 + 10,
        message: 'invalid argument for +listType: "list" is not one of atomic, set, map; write it as +listType=map',
      },
    ],
    [
      'enum inside a struct',
      {
        line: '+kubebuilder:resource:scope=Global',
        target: 'type',
        code: 'marker-arg',
        col: 5 + 28,
        message:
          'invalid argument for +kubebuilder:resource: "Global" is not one of Namespaced, Cluster; write it as +kubebuilder:resource:path=networks,shortName=net;nw,categories=all,scope=Namespaced',
      },
    ],
    [
      'struct: unknown key with suggestion',
      {
        line: '+kubebuilder:printcolumn:name=Age,type=date,jsonPath=.metadata.creationTimestamp',
        target: 'type',
        code: 'marker-arg',
        col: 5 + 44,
        message: '+kubebuilder:printcolumn has no argument jsonPath: did you mean JSONPath? its arguments are name, type, JSONPath, description, format, priority',
      },
    ],
    [
      'struct: unknown first key (in the name) with suggestion',
      {
        line: '+kubebuilder:resource:shortNames=net',
        target: 'type',
        code: 'marker-arg',
        col: 5 + 22,
        message: '+kubebuilder:resource has no argument shortNames: did you mean shortName? its arguments are path, shortName, categories, singular, scope',
      },
    ],
    [
      'struct: missing required',
      {
        line: '+kubebuilder:subresource:scale:specpath=.spec.replicas',
        target: 'type',
        code: 'marker-arg',
        message:
          '+kubebuilder:subresource:scale is missing the required argument statuspath: write it as +kubebuilder:subresource:scale:specpath=.spec.replicas,statuspath=.status.replicas,selectorpath=.status.selector',
      },
    ],
    [
      'XValidation without rule',
      {
        line: '+kubebuilder:validation:XValidation:message="m"',
        target: 'field',
        code: 'marker-arg',
        message:
          '+kubebuilder:validation:XValidation is missing the required argument rule: write it as +kubebuilder:validation:XValidation:rule="self.min <= self.max",message="min must not exceed max"',
      },
    ],
    [
      'verb not known',
      {
        line: '+genclient:onlyVerbs=create,fetch',
        target: 'type',
        code: 'marker-arg',
        col: 5 + 28,
        message: 'invalid argument for +genclient:onlyVerbs: "fetch" is not one of create, update, updateStatus, delete, deleteCollection, get, list, watch, patch, apply, applyStatus; write it as +genclient:onlyVerbs=create,get',
      },
    ],
    ['verb twice', { line: '+genclient:skipVerbs=get,get', target: 'type', code: 'marker-arg', message: 'invalid +genclient:skipVerbs: verb get is listed twice: list it once' }],
    [
      'deepcopy =package on a type',
      { line: '+k8s:deepcopy-gen=package', target: 'type', code: 'marker-arg', message: 'invalid +k8s:deepcopy-gen: on a type write +k8s:deepcopy-gen=true or =false; =package belongs in doc.ts' },
    ],
    [
      'negative MinLength',
      { line: '+kubebuilder:validation:MinLength=-1', target: 'field', code: 'marker-arg', message: 'invalid +kubebuilder:validation:MinLength: -1 is negative: use a whole number >= 0' },
    ],
    [
      'bad group name',
      {
        line: '+groupName=Sample_CRD',
        target: 'package',
        code: 'marker-arg',
        message: `invalid +groupName: "Sample_CRD" is not a DNS-1123 subdomain (lower-case letters, digits, '-' and '.'), e.g. samplecrd.example.com`,
      },
    ],
    [
      'metadata entry not key=value',
      {
        line: '+kubebuilder:metadata:labels=team',
        target: 'type',
        code: 'marker-arg',
        message: 'invalid +kubebuilder:metadata: labels entry "team" is not key=value: write it quoted, e.g. labels="example.com/key=value"',
      },
    ],
    [
      'quoted regex with backslash',
      {
        line: '+kubebuilder:validation:Pattern="^\\d+$"',
        target: 'field',
        code: 'marker-arg',
        col: 5 + 34,
        message:
          'invalid argument for +kubebuilder:validation:Pattern: unknown escape \\d in a quoted string: write the value in backquotes (`...`) to keep backslashes as they are, or double the backslash; write it as +kubebuilder:validation:Pattern=`^[a-z]+$`',
      },
    ],
    [
      'text after a flag',
      { line: '+genclient please', target: 'type', code: 'marker-syntax', col: 5 + 11, message: 'unexpected text "please" after +genclient: put the description on its own line' },
    ],
    [
      'not JSON',
      {
        line: '+default=Cluster',
        target: 'field',
        code: 'marker-arg',
        col: 5 + 9,
        message: 'invalid argument for +default: "Cluster" is not JSON: quote strings, e.g. "Cluster"; write it as +default="Cluster"',
      },
    ],
    [
      'two markers on one line',
      {
        line: '+groupName=samplecrd.k8s.io  +k8s:deepcopy-gen=package',
        target: 'package',
        code: 'marker-syntax',
        col: 5 + 29,
        message: '+k8s:deepcopy-gen follows +groupName on the same line: put each marker on its own line',
      },
    ],
    ['prose: + then space', { line: '+ 1 more', target: 'field', code: 'marker-not-a-marker', severity: 'warning', message: '"+ 1 more" is not a marker (a marker name starts with a letter right after +); it is kept as description text' }],
    ['prose: +1', { line: '+1', target: 'field', code: 'marker-not-a-marker', severity: 'warning', message: '"+1" is not a marker (a marker name starts with a letter right after +); it is kept as description text' }],
    ['prose: unknown word then text', { line: '+Inf is the limit', target: 'field', code: 'marker-not-a-marker', severity: 'warning', message: '"+Inf is the limit" is not a known marker and reads as prose; it is kept as description text' }],
  ];
  it.each(cases)('%s', (_n, { line, target, code, message, col, severity }) => {
    const r = reg.parse(line, target, pos);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostic.code).toBe(code);
    expect(r.diagnostic.message).toBe(message);
    expect(r.diagnostic.severity).toBe(severity ?? 'error');
    expect(r.notMarker === true).toBe(code === 'marker-not-a-marker');
    expect(r.diagnostic.pos).toEqual({ ...pos, col: col ?? pos.col });
  });

  it('keeps a + inside a value that does not start a known marker', () => {
    const r = reg.parse('+kubebuilder:validation:Pattern=^a +b$', 'field', pos);
    expect(r.ok && r.marker.value).toBe('^a +b$');
  });

  it('measures columns from the + when the line has leading spaces', () => {
    const r = reg.parse('   +kubebuilder:validation:MaxItems=x', 'field', pos);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostic.pos.col).toBe(pos.col + '+kubebuilder:validation:MaxItems='.length);
  });
});

describe('isMarker', () => {
  const cases: [string, boolean][] = [
    ['+genclient', true],
    ['+unknownThing', true],
    ['+unknown:thing=1', true],
    ['+genclient please', true],
    ['+Inf is the limit', false],
    ['+ 1 more', false],
    ['+1', false],
    ['plain text', false],
  ];
  it.each(cases)('%s → %s', (line, want) => {
    expect(reg.isMarker(line)).toBe(want);
  });
});

describe('repeats', () => {
  const m = (name: string, value: MarkerValue, line: number): Marker => ({ name, value, pos: { ...pos, line } });
  it('accepts repeatable markers', () => {
    const ms = [
      m('kubebuilder:printcolumn', { name: 'A', type: 'string', JSONPath: '.a' }, 1),
      m('kubebuilder:printcolumn', { name: 'B', type: 'string', JSONPath: '.b' }, 2),
      m('listMapKey', 'a', 3),
      m('listMapKey', 'b', 4),
      m('kubebuilder:validation:XValidation', { rule: 'a' }, 5),
      m('kubebuilder:validation:XValidation', { rule: 'b' }, 6),
    ];
    expect(reg.checkRepeats(ms)).toEqual([]);
  });
  it('warns about an identical repeat', () => {
    expect(reg.checkRepeats([m('genclient', true, 1), m('genclient', true, 2)])).toEqual([
      { severity: 'warning', code: 'marker-duplicate', pos: { ...pos, line: 2 }, message: '+genclient is repeated (first at line 1): remove the duplicate' },
    ]);
  });
  it('refuses a conflicting repeat', () => {
    expect(reg.checkRepeats([m('kubebuilder:validation:Minimum', 1, 1), m('kubebuilder:validation:Minimum', 2, 3)])).toEqual([
      {
        severity: 'error',
        code: 'marker-conflict',
        pos: { ...pos, line: 3 },
        message: `+kubebuilder:validation:Minimum is given twice with different values (first at ${pos.file}:1:${pos.col}): keep only one`,
      },
    ]);
  });
  it('ignores foreign markers', () => {
    expect(reg.checkRepeats([m('kubebuilder:rbac', 'a', 1), m('kubebuilder:rbac', 'b', 2)])).toEqual([]);
  });
});

describe('parseLines', () => {
  it('separates markers, prose and diagnostics', () => {
    const lines = ['Network describes a network.', '+ 1 more line', '+genclient', '+genclient:noStatus', '+kubebuilder:resource:shortName=net', '+genclientt', '+genclient'].map(
      (text, i) => ({ text, pos: { ...pos, line: i + 1 } }),
    );
    const r = reg.parseLines(lines, 'type');
    expect(r.markers.map((x) => x.name)).toEqual(['genclient', 'genclient:noStatus', 'kubebuilder:resource', 'genclient']);
    expect(r.prose).toEqual([0, 1]);
    expect(r.diagnostics.map((d) => [d.code, d.pos.line])).toEqual([
      ['marker-unknown', 6],
      ['marker-duplicate', 7],
    ]);
  });
});

describe('resolve', () => {
  const cases: [string, { name: string; want: { def: string; key?: string } | undefined }][] = [
    ['exact', { name: 'kubebuilder:validation:Minimum', want: { def: 'kubebuilder:validation:Minimum' } }],
    ['exact wins over a struct prefix', { name: 'kubebuilder:subresource:status', want: { def: 'kubebuilder:subresource:status' } }],
    ['struct key from the name', { name: 'kubebuilder:printcolumn:name', want: { def: 'kubebuilder:printcolumn', key: 'name' } }],
    ['two extra parts is not a key', { name: 'kubebuilder:printcolumn:name:x', want: undefined }],
    ['flag prefix does not take keys', { name: 'genclient:foo', want: undefined }],
    ['foreign prefix', { name: 'kubebuilder:webhook:path=/x', want: { def: 'kubebuilder:webhook' } }],
  ];
  it.each(cases)('%s', (_n, { name, want }) => {
    const r = reg.resolve(name);
    expect(r === undefined ? undefined : { def: r.def.name, ...(r.key !== undefined ? { key: r.key } : {}) }).toEqual(want);
  });
});

describe('parse never throws (fuzz)', () => {
  it('returns a marker or a diagnostic for any line', async () => {
    const fc = (await import('fast-check')).default;
    const names = reg.all().map((d) => `+${d.name}`);
    const tail = fc.string({ unit: fc.constantFrom('=', ':', ',', ';', '{', '}', '[', ']', '"', '`', '\\', ' ', 'a', '1', '.', '-', 'true', 'name', 'JSONPath') });
    fc.assert(
      fc.property(fc.constantFrom(...names, '+', '+x', ''), tail, fc.constantFrom<MarkerTarget>('package', 'type', 'field'), (head, rest, target) => {
        const line = head + rest;
        const r = reg.parse(line, target, pos);
        if (r.ok) expect(r.marker.pos).toEqual(pos);
        else {
          expect(r.diagnostic.message.length).toBeGreaterThan(10);
          expect(r.diagnostic.pos.col).toBeGreaterThanOrEqual(pos.col);
          expect(r.diagnostic.pos.col).toBeLessThanOrEqual(pos.col + line.length + 1);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
