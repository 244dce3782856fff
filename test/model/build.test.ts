import { describe, expect, it } from 'vitest';
import { ALL_VERBS, type Resource } from '../../src/model/types.js';
import { DOC, RUNTIME_IMPORT, findStruct, lines, load, model, thingTree } from '../parse/helpers.js';

/** A `things/v1` tree with one kind `kind` (markers as lines) and its list; `status` adds a status field. */
function kindTree(
  kind: string,
  markers: string[],
  opts: { status?: boolean; extra?: string } = {},
): Record<string, string> {
  return {
    'things/v1/doc.ts': DOC(),
    'things/v1/types.ts': `${RUNTIME_IMPORT}

/**
 * ${kind} is a kind.
${markers.map((m) => ` * ${m}`).join('\n')}
 */
export interface ${kind} extends TypeMeta {
  metadata?: ObjectMeta;
  spec: Spec;${opts.status ? '\n  status?: Status;' : ''}
}

export interface Spec { replicas?: int32 }
export interface Status { replicas?: int32; selector?: string }

export interface ${kind}List extends TypeMeta {
  metadata?: ListMeta;
  items: ${kind}[];
}
${opts.extra ?? ''}`,
  };
}
const resourceOf = (
  files: Record<string, string>,
  kind: string,
  opts: { pluralExceptions?: Record<string, string> } = {},
): Resource => findStruct(model(files, opts), 'things/v1', kind).resource!;

describe('root kinds and lists', () => {
  it('fills the whole Resource of a +genclient kind', () => {
    const m = model(kindTree('Thing', ['+genclient'], { status: true }));
    const t = findStruct(m, 'things/v1', 'Thing');
    expect(t.root).toBe('kind');
    expect(t.resource).toEqual({
      group: 'things.example.com',
      version: 'v1',
      kind: 'Thing',
      listKind: 'ThingList',
      plural: 'things',
      pluralName: 'Things',
      singular: 'thing',
      shortNames: [],
      categories: [],
      scope: 'Namespaced',
      genclient: true,
      verbs: [...ALL_VERBS],
      hasStatusField: true,
      subresources: { status: false },
      extensions: [],
      printerColumns: [],
      storage: true,
      served: true,
      deprecated: false,
      skipVersion: false,
      selectableFields: [],
      crdAnnotations: {},
      crdLabels: {},
      pos: { file: 'things/v1/types.ts', line: 7, col: 18 },
    });
    const list = findStruct(m, 'things/v1', 'ThingList');
    expect([list.root, list.listOf, list.resource]).toEqual(['list', 'Thing', undefined]);
    expect(findStruct(m, 'things/v1', 'Spec').root).toBeUndefined();
  });

  it.each<[string, { markers: string[]; genclient: boolean }]>([
    ['+kubebuilder:object:root', { markers: ['+kubebuilder:object:root=true'], genclient: false }],
    ['a List sibling alone', { markers: [], genclient: false }],
    ['+genclient', { markers: ['+genclient'], genclient: true }],
  ])('a kind is recognised by %s', (_name, { markers, genclient }) => {
    const t = findStruct(model(kindTree('Thing', markers)), 'things/v1', 'Thing');
    expect([t.root, t.resource?.genclient, t.resource?.verbs.length]).toEqual(['kind', genclient, genclient ? 9 : 0]);
  });

  it('a struct named XList that does not look like a list stays a plain struct', () => {
    const m = model({
      'things/v1/doc.ts': DOC(),
      'things/v1/types.ts': 'export interface Port { n: number }\nexport interface PortList { ports: Port[] }',
    });
    expect(findStruct(m, 'things/v1', 'PortList').root).toBeUndefined();
  });

  it.each<[string, { list: string; want: string[] }]>([
    [
      'without TypeMeta',
      {
        list: 'export interface ThingList { metadata?: ListMeta; items: Thing[] }',
        want: [
          'things/v1/types.ts:11:18: list type ThingList must embed TypeMeta: declare export interface ThingList extends TypeMeta { metadata?: ListMeta; items: Thing[] }',
        ],
      },
    ],
    [
      'with ObjectMeta',
      {
        list: 'export interface ThingList extends TypeMeta { metadata?: ObjectMeta; items: Thing[] }',
        want: [
          'things/v1/types.ts:11:47: list type ThingList needs `metadata?: ListMeta` (found ObjectMeta): declare export interface ThingList extends TypeMeta { metadata?: ListMeta; items: Thing[] }',
        ],
      },
    ],
    [
      'with wrong items',
      {
        list: 'export interface ThingList extends TypeMeta { metadata?: ListMeta; items: string[] }',
        want: [
          'things/v1/types.ts:11:68: list type ThingList needs `items: Thing[]` (found string[]): declare export interface ThingList extends TypeMeta { metadata?: ListMeta; items: Thing[] }',
        ],
      },
    ],
  ])('a malformed list of a kind: %s', (_name, { list, want }) => {
    const r = load({
      'things/v1/doc.ts': DOC(),
      'things/v1/types.ts': `${RUNTIME_IMPORT}\n\n/** +genclient */\nexport interface Thing extends TypeMeta {\n  metadata?: ObjectMeta;\n  spec: string;\n}\n\n\n\n${list}\n`,
    });
    expect(lines(r)).toEqual(want);
  });
});

describe('names', () => {
  it.each<[string, { kind: string; markers?: string[]; exceptions?: Record<string, string>; want: Partial<Resource> }]>(
    [
      [
        'regular',
        {
          kind: 'Network',
          want: { plural: 'networks', pluralName: 'Networks', singular: 'network', listKind: 'NetworkList' },
        },
      ],
      ['-y', { kind: 'Policy', want: { plural: 'policies', pluralName: 'Policies' } }],
      ['-x', { kind: 'Proxy', want: { plural: 'proxies', pluralName: 'Proxies' } }],
      [
        'acronym',
        { kind: 'HTTPClient', want: { plural: 'httpclients', pluralName: 'HTTPClients', singular: 'httpclient' } },
      ],
      ['default exception', { kind: 'Endpoints', want: { plural: 'endpoints', pluralName: 'Endpoints' } }],
      [
        '--plural-exceptions',
        { kind: 'Fish', exceptions: { Fish: 'Fish' }, want: { plural: 'fish', pluralName: 'Fish' } },
      ],
      [
        '+kubebuilder:resource:path',
        {
          kind: 'Fish',
          markers: ['+kubebuilder:resource:path=fishes'],
          want: { plural: 'fishes', pluralName: 'Fishes' },
        },
      ],
      ['+resourceName', { kind: 'Fish', markers: ['+resourceName=fishies'], want: { plural: 'fishies' } }],
      [
        'path and resourceName agreeing',
        {
          kind: 'Fish',
          markers: ['+resourceName=fishies', '+kubebuilder:resource:path=fishies'],
          want: { plural: 'fishies' },
        },
      ],
      [
        'singular, short names, categories',
        {
          kind: 'Fish',
          markers: ['+kubebuilder:resource:singular=onefish,shortName=fi;fsh,categories=all;sea'],
          want: { singular: 'onefish', shortNames: ['fi', 'fsh'], categories: ['all', 'sea'] },
        },
      ],
    ],
  )('%s', (_name, { kind, markers = [], exceptions, want }) => {
    const opts = exceptions ? { pluralExceptions: exceptions } : {};
    expect(resourceOf(kindTree(kind, ['+genclient', ...markers]), kind, opts)).toMatchObject(want);
  });

  it('path and resourceName disagreeing is an error', () => {
    const r = load(kindTree('Fish', ['+genclient', '+kubebuilder:resource:path=fishes', '+resourceName=fishies']));
    expect(lines(r)).toEqual([
      'things/v1/types.ts:7:4: +resourceName=fishies disagrees with +kubebuilder:resource:path=fishes: the client and the CRD share one plural; keep one of them',
    ]);
  });
});

describe('scope', () => {
  it.each<[string, { markers: string[]; want: string }]>([
    ['default', { markers: ['+genclient'], want: 'Namespaced' }],
    ['+genclient:nonNamespaced', { markers: ['+genclient', '+genclient:nonNamespaced'], want: 'Cluster' }],
    [
      'agreeing markers',
      { markers: ['+genclient', '+genclient:nonNamespaced', '+kubebuilder:resource:scope=Cluster'], want: 'Cluster' },
    ],
    [
      'CRD-only kind',
      { markers: ['+kubebuilder:object:root=true', '+kubebuilder:resource:scope=Cluster'], want: 'Cluster' },
    ],
  ])('%s', (_name, { markers, want }) => {
    expect(resourceOf(kindTree('Thing', markers), 'Thing').scope).toBe(want);
  });

  it.each<[string, { markers: string[]; want: string }]>([
    [
      'namespaced client, cluster CRD',
      {
        markers: ['+genclient', '+kubebuilder:resource:scope=Cluster'],
        want: 'things/v1/types.ts:6:4: +kubebuilder:resource:scope=Cluster contradicts +genclient (namespaced): add +genclient:nonNamespaced',
      },
    ],
    [
      'cluster client, namespaced CRD',
      {
        markers: ['+genclient', '+genclient:nonNamespaced', '+kubebuilder:resource:scope=Namespaced'],
        want: 'things/v1/types.ts:7:4: +kubebuilder:resource:scope=Namespaced contradicts +genclient:nonNamespaced: remove one of them',
      },
    ],
  ])('contradiction: %s', (_name, { markers, want }) => {
    expect(lines(load(kindTree('Thing', markers)))).toEqual([want]);
  });
});

describe('verbs', () => {
  const all = [...ALL_VERBS];
  const noStatusVerbs = all.filter((v) => v !== 'updateStatus' && v !== 'applyStatus');
  it.each<[string, { markers: string[]; status?: boolean; want: string[] }]>([
    ['+genclient with a status field', { markers: ['+genclient'], status: true, want: all }],
    ['+genclient without a status field', { markers: ['+genclient'], want: noStatusVerbs }],
    ['+genclient:noStatus', { markers: ['+genclient', '+genclient:noStatus'], status: true, want: noStatusVerbs }],
    ['+genclient:noVerbs', { markers: ['+genclient', '+genclient:noVerbs'], status: true, want: [] }],
    [
      '+genclient:readonly',
      { markers: ['+genclient', '+genclient:readonly'], status: true, want: ['get', 'list', 'watch'] },
    ],
    [
      '+genclient:onlyVerbs',
      { markers: ['+genclient', '+genclient:onlyVerbs=list,create,get'], want: ['create', 'get', 'list'] },
    ],
    [
      '+genclient:onlyVerbs with a status verb',
      { markers: ['+genclient', '+genclient:onlyVerbs=get,updateStatus'], status: true, want: ['updateStatus', 'get'] },
    ],
    [
      '+genclient:skipVerbs',
      {
        markers: ['+genclient', '+genclient:skipVerbs=patch,apply,deleteCollection'],
        status: true,
        want: ['create', 'update', 'updateStatus', 'delete', 'get', 'list', 'watch', 'applyStatus'],
      },
    ],
    [
      '+genclient:readonly and onlyVerbs add up',
      {
        markers: ['+genclient', '+genclient:readonly', '+genclient:onlyVerbs=create'],
        want: ['create', 'get', 'list', 'watch'],
      },
    ],
    [
      'onlyVerbs wins over skipVerbs on other verbs',
      {
        markers: ['+genclient', '+genclient:onlyVerbs=get,list', '+genclient:skipVerbs=create'],
        want: ['get', 'list'],
      },
    ],
    ['no +genclient', { markers: ['+kubebuilder:object:root=true'], status: true, want: [] }],
  ])('%s', (_name, { markers, status, want }) => {
    expect(resourceOf(kindTree('Thing', markers, { status: status ?? false }), 'Thing').verbs).toEqual(want);
  });

  it('a verb both kept and skipped is an error', () => {
    const r = load(kindTree('Thing', ['+genclient', '+genclient:readonly', '+genclient:skipVerbs=watch']));
    expect(lines(r)).toEqual([
      'things/v1/types.ts:7:4: verb watch is both kept (+genclient:readonly) and skipped (+genclient:skipVerbs): list it in only one',
    ]);
  });

  it('a status verb listed for a kind without status is an error at the marker', () => {
    const r = load(kindTree('Thing', ['+genclient', '+genclient:onlyVerbs=get,updateStatus']));
    expect(lines(r)).toEqual([
      'things/v1/types.ts:6:4: +genclient:onlyVerbs lists updateStatus, but Thing has no status field: remove updateStatus from the list, or add a status field',
    ]);
  });

  it('finds the status field through embedding', () => {
    const r = resourceOf(
      kindTree('Thing', ['+genclient'], {
        extra:
          'export interface WithStatus { status?: Status }\nexport interface Other extends WithStatus { x?: string }',
      }),
      'Thing',
    );
    expect(r.hasStatusField).toBe(false);
    const files = kindTree('Thing', ['+genclient'], { extra: 'export interface WithStatus { status?: Status }' });
    files['things/v1/types.ts'] = files['things/v1/types.ts']!.replace(
      'export interface Thing extends TypeMeta {',
      'export interface Thing extends TypeMeta, WithStatus {',
    );
    expect(resourceOf(files, 'Thing')).toMatchObject({ hasStatusField: true, verbs: [...ALL_VERBS] });
  });
});

describe('subresources, extensions, columns, versions', () => {
  it('status and scale subresources', () => {
    const r = resourceOf(
      kindTree(
        'Thing',
        [
          '+genclient',
          '+kubebuilder:subresource:status',
          '+kubebuilder:subresource:scale:specpath=.spec.replicas,statuspath=.status.replicas,selectorpath=.status.selector',
        ],
        { status: true },
      ),
      'Thing',
    );
    expect(r.subresources).toEqual({
      status: true,
      scale: {
        specReplicasPath: '.spec.replicas',
        statusReplicasPath: '.status.replicas',
        labelSelectorPath: '.status.selector',
      },
    });
  });

  it('extension methods resolve their input and result types', () => {
    const r = resourceOf(
      kindTree('Thing', [
        '+genclient',
        '+genclient:method=GetScale,verb=get,subresource=scale,result=k8s.io/api/autoscaling/v1.Scale',
        '+genclient:method=UpdateScale,verb=update,subresource=scale,input=Scale,result=Scale',
        '+genclient:method=Touch,verb=patch,input=Spec',
        '+genclient:method=Plain,verb=create',
      ]),
      'Thing',
    );
    const pos = (line: number) => ({ file: 'things/v1/types.ts', line, col: 4 });
    expect(r.extensions).toEqual([
      {
        name: 'GetScale',
        verb: 'get',
        subresource: 'scale',
        result: { kind: 'well-known', name: 'Scale' },
        pos: pos(6),
      },
      {
        name: 'UpdateScale',
        verb: 'update',
        subresource: 'scale',
        input: { kind: 'well-known', name: 'Scale' },
        result: { kind: 'well-known', name: 'Scale' },
        pos: pos(7),
      },
      { name: 'Touch', verb: 'patch', input: { kind: 'ref', target: { pkg: 'things/v1', name: 'Spec' } }, pos: pos(8) },
      { name: 'Plain', verb: 'create', pos: pos(9) },
    ]);
  });

  it.each<[string, { marker: string; want: string }]>([
    [
      'unknown result type',
      {
        marker: '+genclient:method=GetSummary,verb=get,result=Missing',
        want: 'things/v1/types.ts:6:4: result=Missing of +genclient:method names no type of package things/v1 nor a well-known type: use a type declared in things/v1 or one of Scale, Status',
      },
    ],
    [
      'Go path of another package',
      {
        marker: '+genclient:method=GetSummary,verb=get,result=k8s.io/api/apps/v1.Spec',
        want: 'things/v1/types.ts:6:4: result=k8s.io/api/apps/v1.Spec of +genclient:method names no type of package things/v1 nor a well-known type: use a type declared in things/v1 or one of Scale, Status',
      },
    ],
  ])('extension method errors: %s', (_name, { marker, want }) => {
    expect(lines(load(kindTree('Thing', ['+genclient', marker])))).toEqual([want]);
  });

  it('an extension method named like one of the client verbs is an error', () => {
    const r = load(kindTree('Thing', ['+genclient', '+genclient:method=Get,verb=get,subresource=scale,result=Scale']));
    expect(lines(r)).toEqual([
      'things/v1/types.ts:6:4: +genclient:method=Get becomes get(), which the client of Thing already has for the verb get: rename the method (or drop the verb with +genclient:skipVerbs=get)',
    ]);
    expect(
      load(kindTree('Thing', ['+genclient', '+genclient:noVerbs', '+genclient:method=Get,verb=get'])).model,
    ).toBeDefined();
  });

  it('a duplicate extension method name is an error', () => {
    const r = load(
      kindTree('Thing', ['+genclient', '+genclient:method=Frob,verb=get', '+genclient:method=Frob,verb=list']),
    );
    expect(lines(r)).toEqual([
      'things/v1/types.ts:7:4: +genclient:method=Frob is declared twice on Thing: give each extension method its own name',
    ]);
  });

  it('printer columns keep every attribute and their position', () => {
    const r = resourceOf(
      kindTree('Thing', [
        '+kubebuilder:printcolumn:name="Replicas",type=integer,JSONPath=`.spec.replicas`,description="Desired",format=int32,priority=1',
        '+kubebuilder:printcolumn:name=Age,type=date,JSONPath=.metadata.creationTimestamp',
      ]),
      'Thing',
    );
    expect(r.printerColumns).toEqual([
      {
        name: 'Replicas',
        type: 'integer',
        jsonPath: '.spec.replicas',
        description: 'Desired',
        format: 'int32',
        priority: 1,
        pos: { file: 'things/v1/types.ts', line: 5, col: 4 },
      },
      {
        name: 'Age',
        type: 'date',
        jsonPath: '.metadata.creationTimestamp',
        pos: { file: 'things/v1/types.ts', line: 6, col: 4 },
      },
    ]);
  });

  it('version flags, selectable fields and CRD metadata', () => {
    const r = resourceOf(
      kindTree('Thing', [
        '+kubebuilder:object:root=true',
        '+kubebuilder:unservedversion',
        '+kubebuilder:deprecatedversion:warning="use v2"',
        '+kubebuilder:skipversion',
        '+kubebuilder:selectablefield:JSONPath=`.spec.replicas`',
        '+kubebuilder:selectablefield:JSONPath=.status.selector',
        '+kubebuilder:metadata:annotations="api-approved.kubernetes.io=https://example.com/pr/1"',
        '+kubebuilder:metadata:labels="team=a";"tier=b=c"',
      ]),
      'Thing',
    );
    expect(r).toMatchObject({
      served: false,
      deprecated: true,
      deprecationWarning: 'use v2',
      skipVersion: true,
      selectableFields: ['.spec.replicas', '.status.selector'],
      crdAnnotations: { 'api-approved.kubernetes.io': 'https://example.com/pr/1' },
      crdLabels: { team: 'a', tier: 'b=c' },
    });
  });

  it('a metadata entry without = is an error', () => {
    expect(lines(load(kindTree('Thing', ['+genclient', '+kubebuilder:metadata:labels=team'])))).toEqual([
      'things/v1/types.ts:6:4: invalid +kubebuilder:metadata: labels entry "team" is not key=value: write it quoted, e.g. labels="example.com/key=value"',
    ]);
  });

  it('storage: the marked version, or the only one', () => {
    const two = (v1: string, v2: string): Record<string, string> => {
      const a = kindTree('Thing', ['+genclient', ...(v1 ? [v1] : [])]);
      const b = kindTree('Thing', ['+genclient', ...(v2 ? [v2] : [])]);
      return { ...a, 'things/v2/doc.ts': b['things/v1/doc.ts']!, 'things/v2/types.ts': b['things/v1/types.ts']! };
    };
    const m = model(two('', '+kubebuilder:storageversion'));
    expect(m.groups[0]!.versions.map((v) => [v.name, findStruct(m, v.id, 'Thing').resource!.storage])).toEqual([
      ['v2', true],
      ['v1', false],
    ]);
    expect(resourceOf(kindTree('Thing', ['+genclient']), 'Thing').storage).toBe(true);
  });

  it('optional and required markers on one field conflict', () => {
    const r = load(thingTree('', '+genclient', '/**\n   * +optional\n   * +required\n   */\n  size: int32;'));
    expect(lines(r)).toEqual(['things/v1/types.ts:16:6: field size is marked both +optional and +required: keep one']);
  });
});
