import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  extractFields,
  extractOwnedFields,
  FieldsV1Error,
  findManagedFieldsEntry,
  type ManagedFieldsLike,
} from '../../src/applyconfig/extract.js';

/** A Deployment as the apiserver returns it after `kubectl apply --server-side` and a controller's status update. */
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'default',
    labels: { app: 'web', 'app.kubernetes.io/managed-by': 'helm', team: 'a' },
    annotations: { 'deployment.kubernetes.io/revision': '1' },
    finalizers: ['example.com/cleanup', 'other.io/keep'],
    managedFields: [] as ManagedFieldsLike[],
  },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'nginx',
            image: 'nginx:1.25',
            imagePullPolicy: 'IfNotPresent',
            ports: [
              { containerPort: 80, protocol: 'TCP' },
              { containerPort: 443, protocol: 'TCP' },
            ],
          },
          { name: 'sidecar', image: 'envoy:1', args: ['--a', '--b'] },
        ],
        restartPolicy: 'Always',
      },
    },
  },
  status: {
    replicas: 3,
    readyReplicas: 2,
    conditions: [
      { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
      { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
    ],
  },
};

// FieldsV1 tries in the shape the apiserver records them.
const KUBECTL_APPLY = {
  'f:metadata': { 'f:labels': { 'f:app': {}, 'f:app.kubernetes.io/managed-by': {} }, 'f:finalizers': { 'v:"example.com/cleanup"': {} } },
  'f:spec': {
    'f:replicas': {},
    'f:selector': {},
    'f:template': {
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:containers': {
          'k:{"name":"nginx"}': {
            '.': {},
            'f:image': {},
            'f:name': {},
            'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
          },
        },
      },
    },
  },
};
const CONTROLLER_STATUS = {
  'f:status': {
    'f:conditions': { 'k:{"type":"Available"}': { '.': {}, 'f:status': {}, 'f:type': {} } },
    'f:readyReplicas': {},
  },
};

describe('extractFields', () => {
  const cases: [string, { value: unknown; fields: Record<string, unknown>; want: unknown }][] = [
    [
      'kubectl server-side apply of a Deployment: owned leaves, keyed items with their key fields, set items',
      {
        value: deployment,
        fields: KUBECTL_APPLY,
        want: {
          metadata: { labels: { app: 'web', 'app.kubernetes.io/managed-by': 'helm' }, finalizers: ['example.com/cleanup'] },
          spec: {
            replicas: 3,
            selector: { matchLabels: { app: 'web' } },
            template: {
              metadata: { labels: { app: 'web' } },
              spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80, protocol: 'TCP' }] }] },
            },
          },
        },
      },
    ],
    [
      'status conditions keyed by type',
      {
        value: deployment,
        fields: CONTROLLER_STATUS,
        want: { status: { conditions: [{ type: 'Available', status: 'True' }], readyReplicas: 2 } },
      },
    ],
    [
      'a Service: ports keyed by port and protocol, owner references keyed by uid, a map of data',
      {
        value: {
          metadata: {
            ownerReferences: [
              { apiVersion: 'v1', kind: 'ConfigMap', name: 'a', uid: 'u-1', controller: true },
              { apiVersion: 'v1', kind: 'ConfigMap', name: 'b', uid: 'u-2' },
            ],
          },
          spec: {
            type: 'ClusterIP',
            clusterIP: '10.0.0.12',
            ports: [
              { name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 },
              { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
            ],
            selector: { app: 'web', tier: 'front' },
          },
        },
        fields: {
          'f:metadata': { 'f:ownerReferences': { 'k:{"uid":"u-2"}': {} } },
          'f:spec': {
            'f:ports': { 'k:{"port":53,"protocol":"UDP"}': { '.': {}, 'f:name': {}, 'f:port': {}, 'f:protocol': {}, 'f:targetPort': {} } },
            'f:selector': {},
          },
        },
        want: {
          metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'b', uid: 'u-2' }] },
          spec: { ports: [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 }], selector: { app: 'web', tier: 'front' } },
        },
      },
    ],
    [
      'a Pod container: env keyed by name inside a keyed container, a granular map of resources',
      {
        value: {
          spec: {
            containers: [
              {
                name: 'app',
                image: 'app:1',
                env: [
                  { name: 'A', value: '1' },
                  { name: 'B', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
                ],
                resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '100m' } },
              },
            ],
          },
        },
        fields: {
          'f:spec': {
            'f:containers': {
              'k:{"name":"app"}': {
                '.': {},
                'f:env': { 'k:{"name":"B"}': { '.': {}, 'f:name': {}, 'f:valueFrom': { 'f:secretKeyRef': {} } } },
                'f:resources': { 'f:limits': { 'f:memory': {} } },
              },
            },
          },
        },
        want: {
          spec: {
            containers: [{ name: 'app', env: [{ name: 'B', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }], resources: { limits: { memory: '1Gi' } } }],
          },
        },
      },
    ],
    ['a leaf struct is taken whole', { value: deployment, fields: { 'f:spec': { 'f:strategy': {} } }, want: { spec: { strategy: deployment.spec.strategy } } }],
    ['a node with only "." is a leaf', { value: deployment, fields: { 'f:spec': { 'f:strategy': { '.': {} } } }, want: { spec: { strategy: deployment.spec.strategy } } }],
    [
      'an atomic list is a leaf and kept whole',
      {
        value: deployment,
        fields: { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"sidecar"}': { 'f:args': {} } } } } } },
        want: { spec: { template: { spec: { containers: [{ name: 'sidecar', args: ['--a', '--b'] }] } } } },
      },
    ],
    ['list items by index', { value: { xs: ['a', 'b', 'c'] }, fields: { 'f:xs': { 'i:2': {}, 'i:0': {} } }, want: { xs: ['a', 'c'] } }],
    ['set items by value, in the order of the object', { value: { xs: [3, 1, 2] }, fields: { 'f:xs': { 'v:2': {}, 'v:3': {} } }, want: { xs: [3, 2] } }],
    ['set items that are objects', { value: { xs: [{ a: 1 }, { a: 2 }] }, fields: { 'f:xs': { 'v:{"a":2}': {} } }, want: { xs: [{ a: 2 }] } }],
    ['owned fields the object no longer has are left out', { value: { spec: { a: 1 } }, fields: { 'f:spec': { 'f:b': {}, 'f:c': { 'f:d': {} } }, 'f:status': {} }, want: undefined }],
    ['keyed items the list no longer has are left out', { value: { xs: [{ name: 'a' }] }, fields: { 'f:xs': { 'k:{"name":"b"}': { '.': {} } } }, want: undefined }],
    ['null and scalars at a leaf are kept', { value: { a: null, b: 0, c: false, d: '' }, fields: { 'f:a': {}, 'f:b': {}, 'f:c': {}, 'f:d': {} }, want: { a: null, b: 0, c: false, d: '' } }],
    ['an empty map at a leaf is kept', { value: { spec: { m: {} } }, fields: { 'f:spec': { 'f:m': {} } }, want: { spec: { m: {} } } }],
    ['the root as a leaf is the whole value', { value: { a: 1 }, fields: {}, want: { a: 1 } }],
    ['a struct where the trie expects a list gives nothing', { value: { xs: { a: 1 } }, fields: { 'f:xs': { 'i:0': {} } }, want: undefined }],
    ['a list where the trie expects a struct gives nothing', { value: { xs: [1] }, fields: { 'f:xs': { 'f:a': {} } }, want: undefined }],
  ];
  it.each(cases)('%s', (_name, { value, fields, want }) => {
    const before = JSON.stringify(value);
    expect(extractFields(value, fields)).toStrictEqual(want);
    expect(JSON.stringify(value)).toBe(before);
  });

  it('a map key named __proto__ is extracted as data', () => {
    const value = JSON.parse('{"m":{"__proto__":{"polluted":true},"a":1}}') as Record<string, unknown>;
    const out = extractFields(value, { 'f:m': { 'f:__proto__': {} } }) as { m: Record<string, unknown> };
    expect(Object.getPrototypeOf(out.m)).toBe(Object.prototype);
    expect(Object.keys(out.m)).toEqual(['__proto__']);
    expect(JSON.stringify(out)).toBe('{"m":{"__proto__":{"polluted":true}}}');
  });

  it('returns copies that share nothing with the object', () => {
    const obj = { spec: { selector: { matchLabels: { app: 'web' } } } };
    const out = extractFields(obj, { 'f:spec': { 'f:selector': {} } }) as typeof obj;
    out.spec.selector.matchLabels.app = 'changed';
    expect(obj.spec.selector.matchLabels.app).toBe('web');
  });

  const malformed: [string, { fields: Record<string, unknown>; message: RegExp; path: string[] }][] = [
    ['unknown prefix', { fields: { 'f:spec': { 'x:y': {} } }, message: /unknown FieldsV1 path element "x:y"/, path: ['f:spec', 'x:y'] }],
    ['key that is not JSON', { fields: { 'f:xs': { 'k:{name}': {} } }, message: /does not hold valid JSON/, path: ['f:xs', 'k:{name}'] }],
    ['key that is not an object', { fields: { 'f:xs': { 'k:[1]': {} } }, message: /must be a JSON object/, path: ['f:xs', 'k:[1]'] }],
    ['bad index', { fields: { 'f:xs': { 'i:-1': {} } }, message: /is not a list index/, path: ['f:xs', 'i:-1'] }],
    ['node that is not an object', { fields: { 'f:spec': 'yes' }, message: /must be a JSON object/, path: ['f:spec'] }],
    ['fields mixed with list elements', { fields: { 'f:xs': { 'f:a': {}, 'i:0': {} } }, message: /mixes field elements/, path: ['f:xs'] }],
  ];
  it.each(malformed)('malformed trie: %s', (_name, { fields, message, path }) => {
    const err = (() => {
      try {
        extractFields({ spec: { a: 1 }, xs: [{ name: 'a' }] }, fields);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(FieldsV1Error);
    expect((err as FieldsV1Error).message).toMatch(message);
    expect((err as FieldsV1Error).path).toEqual(path);
  });
});

describe('findManagedFieldsEntry / extractOwnedFields', () => {
  const managedFields: ManagedFieldsLike[] = [
    { manager: 'kubectl', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:annotations': {} } } },
    { manager: 'kubectl', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: KUBECTL_APPLY },
    { manager: 'controller', operation: 'Apply', subresource: 'status', fieldsType: 'FieldsV1', fieldsV1: CONTROLLER_STATUS },
    { manager: 'controller', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } },
  ];
  const obj = { ...deployment, metadata: { ...deployment.metadata, managedFields } };

  const cases: [string, { manager: string; subresource?: string; want: (keyof typeof deployment)[] | 'none' }][] = [
    ['the apply entry of a manager, not its update entry', { manager: 'kubectl', want: ['metadata', 'spec'] }],
    ['a status apply is found only with subresource status', { manager: 'controller', subresource: 'status', want: ['status'] }],
    ['a manager that only updated the main resource has nothing to extract', { manager: 'controller', want: 'none' }],
    ['an unknown manager has nothing to extract', { manager: 'nobody', want: 'none' }],
  ];
  it.each(cases)('%s', (_name, { manager, subresource, want }) => {
    const out = extractOwnedFields(obj, manager, subresource);
    expect(Object.keys(out)).toEqual(want === 'none' ? [] : want);
    if (want === 'none') expect(findManagedFieldsEntry(managedFields, manager, subresource)).toBeUndefined();
  });

  it('extracts from the entry of the matching subresource', () => {
    expect(extractOwnedFields(obj, 'controller', 'status')).toStrictEqual({
      status: { conditions: [{ type: 'Available', status: 'True' }], readyReplicas: 2 },
    });
  });

  it('an object without managedFields gives {}', () => {
    expect(extractOwnedFields({ metadata: { name: 'x' } }, 'kubectl')).toStrictEqual({});
    expect(extractOwnedFields({}, 'kubectl')).toStrictEqual({});
  });

  it('rejects a fieldsType other than FieldsV1', () => {
    const o = { metadata: { managedFields: [{ manager: 'm', operation: 'Apply', fieldsType: 'FieldsV2', fieldsV1: {} }] } };
    expect(() => extractOwnedFields(o, 'm')).toThrow(/fieldsType "FieldsV2"/);
  });
});

describe('extractFields properties', () => {
  /** The trie that owns every leaf of a value: f: for object keys, i: for list items (empty containers are leaves). */
  function fullTrie(v: unknown): Record<string, unknown> {
    if (Array.isArray(v) && v.length > 0) return Object.fromEntries(v.map((x, i) => [`i:${i}`, fullTrie(x)]));
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length > 0) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [`f:${k}`, fullTrie(x)]));
    }
    return {};
  }
  const json = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 4 }),
    object: fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), tie('value'), { maxKeys: 4, noNullPrototype: true }),
  }));
  const root = fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), json.value, { minKeys: 1, maxKeys: 4, noNullPrototype: true });

  it('owning every leaf extracts the whole object', () => {
    fc.assert(
      fc.property(root, (obj) => {
        expect(extractFields(obj, fullTrie(obj))).toStrictEqual(obj);
      }),
    );
  });

  it('owning one top-level field extracts exactly that field', () => {
    fc.assert(
      fc.property(root, fc.nat(), (obj, n) => {
        const keys = Object.keys(obj);
        const key = keys[n % keys.length]!;
        expect(extractFields(obj, { [`f:${key}`]: {} })).toStrictEqual({ [key]: obj[key] });
      }),
    );
  });
});
