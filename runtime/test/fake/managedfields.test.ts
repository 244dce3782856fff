/**
 * Field ownership and server-side apply in the object tracker, checked against what kube-apiserver's field
 * manager (structured-merge-diff v4) records and answers.
 */
import { describe, expect, it } from 'vitest';
import { ObjectTracker, type TrackedObject, type TrackerResource } from '../../src/fake/tracker.js';
import { compare, fieldSetOf, fromFieldsV1, merge, pathString, toFieldsV1, type MergeSchema } from '../../src/fake/managedfields.js';
import { ApiError } from '../../src/rest/errors.js';

const SCHEMA: MergeSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        replicas: { type: 'integer' },
        image: { type: 'string' },
        args: { type: 'array', items: { type: 'string' } },
        tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name', 'protocol'],
          items: { type: 'object', properties: { name: { type: 'string' }, protocol: { type: 'string' }, port: { type: 'integer' } } },
        },
        selector: { type: 'object', 'x-kubernetes-map-type': 'atomic', additionalProperties: { type: 'string' } },
        config: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
    status: {
      type: 'object',
      properties: {
        ready: { type: 'integer' },
        conditions: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['type'],
          items: { type: 'object', properties: { type: { type: 'string' }, status: { type: 'string' } } },
        },
      },
    },
  },
};

const WIDGETS: TrackerResource = {
  group: 'example.com', version: 'v1', resource: 'widgets', kind: 'Widget', listKind: 'WidgetList',
  namespaced: true, statusSubresource: true, custom: true, schema: SCHEMA,
};
const DEPLOYMENTS: TrackerResource = {
  group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', listKind: 'DeploymentList', namespaced: true, statusSubresource: true,
};
const CONFIGMAPS: TrackerResource = {
  group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', listKind: 'ConfigMapList', namespaced: true, statusSubresource: false,
};

const APPLY = 'application/apply-patch+yaml';
const MERGE = 'application/merge-patch+json';
const T0 = '2026-11-23T10:00:00Z';

function setup(): { t: ObjectTracker; tick: (s?: number) => string } {
  let now = Date.parse(T0);
  const t = new ObjectTracker([WIDGETS, DEPLOYMENTS, CONFIGMAPS], () => new Date(now));
  return {
    t,
    tick: (s = 1) => {
      now += s * 1000;
      return new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z');
    },
  };
}

const widget = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): TrackedObject => ({
  apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'ns', ...metadata }, spec,
});

type Entry = { manager?: string; operation: string; apiVersion?: string; time?: string; fieldsType: string; fieldsV1: unknown; subresource?: string };
const mf = (o: TrackedObject): Entry[] => (o.metadata?.['managedFields'] ?? []) as Entry[];
/** manager/operation → FieldsV1, for compact assertions. */
const owners = (o: TrackedObject): Record<string, unknown> =>
  Object.fromEntries(mf(o).map((e) => [`${e.manager ?? ''}/${e.operation}${e.subresource ? '/' + e.subresource : ''}`, e.fieldsV1]));

function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

describe('managed fields of Update-style writes', () => {
  it('create records one Update entry with the fields the object got, metadata stripped as the apiserver strips it', () => {
    const { t } = setup();
    const o = t.create(WIDGETS, 'ns', widget({ replicas: 1, image: 'a' }, { labels: { app: 'w' } }), { fieldManager: 'creator' });
    expect(mf(o)).toEqual([
      {
        manager: 'creator', operation: 'Update', apiVersion: 'example.com/v1', time: T0, fieldsType: 'FieldsV1',
        fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'f:spec': { '.': {}, 'f:image': {}, 'f:replicas': {} } },
      },
    ]);
    // Served objects carry the entries; get returns the same.
    expect(mf(t.get(WIDGETS, 'ns', 'w'))).toEqual(mf(o));
  });

  it.each([
    ['the fieldManager wins', { fieldManager: 'mine', userAgent: 'kubectl/v1.31.0 (linux/amd64) kubernetes/abc' }, 'mine'],
    ['else the User-Agent up to its first slash', { userAgent: 'kubectl/v1.31.0 (linux/amd64) kubernetes/abc' }, 'kubectl'],
    ['non-printable characters dropped', { userAgent: 'my\u0007ctl\u00a0x/1' }, 'myctlx'],
    ['at most 128 bytes', { userAgent: 'é'.repeat(70) + '/1' }, 'é'.repeat(64)],
  ])('the manager of a write without apply: %s', (_name, options, want) => {
    const { t } = setup();
    const o = t.create(WIDGETS, 'ns', widget({ replicas: 1 }), options);
    expect(mf(o)[0]!.manager).toBe(want);
  });

  it('a write with neither fieldManager nor User-Agent is recorded without a manager (omitempty)', () => {
    const { t } = setup();
    const o = t.create(CONFIGMAPS, 'ns', { metadata: { name: 'c' }, data: { k: 'v' } });
    expect(mf(o)).toEqual([{ operation: 'Update', apiVersion: 'v1', time: T0, fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { '.': {}, 'f:k': {} } } }]);
  });

  it('an update takes the fields it changes from other managers, keeps its own, and stamps only entries that changed', () => {
    const { t, tick } = setup();
    t.create(WIDGETS, 'ns', widget({ replicas: 1, image: 'a' }), { fieldManager: 'creator' });
    const t1 = tick();
    const cur = t.get(WIDGETS, 'ns', 'w');
    const o = t.update(WIDGETS, 'ns', { ...cur, spec: { replicas: 1, image: 'b', args: ['x'] } }, { fieldManager: 'editor' });
    expect(owners(o)).toEqual({
      'creator/Update': { 'f:spec': { '.': {}, 'f:replicas': {} } },
      'editor/Update': { 'f:spec': { 'f:args': {}, 'f:image': {} } },
    });
    expect(mf(o).map((e) => [e.manager, e.time])).toEqual([['creator', T0], ['editor', t1]]);
    // The same manager again: its entry grows and gets the new time.
    const t2 = tick();
    const o2 = t.patch(WIDGETS, 'ns', 'w', MERGE, { spec: { replicas: 2 } }, { fieldManager: 'editor' });
    expect(owners(o2)).toEqual({
      'creator/Update': { 'f:spec': {} },
      'editor/Update': { 'f:spec': { 'f:args': {}, 'f:image': {}, 'f:replicas': {} } },
    });
    expect(mf(o2).find((e) => e.manager === 'editor')!.time).toBe(t2);
    // A removed field leaves every manager; a no-op write changes nothing (same resourceVersion).
    const o3 = t.patch(WIDGETS, 'ns', 'w', MERGE, { spec: { args: null } }, { fieldManager: 'other' });
    expect(owners(o3)).toEqual({
      'creator/Update': { 'f:spec': {} },
      'editor/Update': { 'f:spec': { 'f:image': {}, 'f:replicas': {} } },
    });
    const o4 = t.patch(WIDGETS, 'ns', 'w', MERGE, { spec: { replicas: 2 } }, { fieldManager: 'noop' });
    expect(o4.metadata?.resourceVersion).toBe(o3.metadata?.resourceVersion);
    expect(owners(o4)).toEqual(owners(o3));
  });

  it('status writes are separate entries (subresource status) and the main resource does not track status', () => {
    const { t } = setup();
    t.create(WIDGETS, 'ns', widget({ replicas: 1 }), { fieldManager: 'creator' });
    const cur = t.get(WIDGETS, 'ns', 'w');
    const s = t.update(WIDGETS, 'ns', { ...cur, status: { ready: 1, conditions: [{ type: 'Ready', status: 'True' }] } }, { fieldManager: 'ctrl', subresource: 'status' });
    expect(mf(s).find((e) => e.manager === 'ctrl')).toEqual({
      manager: 'ctrl', operation: 'Update', apiVersion: 'example.com/v1', time: T0, fieldsType: 'FieldsV1', subresource: 'status',
      fieldsV1: { 'f:status': { '.': {}, 'f:conditions': { '.': {}, 'k:{"type":"Ready"}': { '.': {}, 'f:status': {}, 'f:type': {} } }, 'f:ready': {} } },
    });
    // A main-resource write that carries status changes neither status nor its ownership.
    const m = t.update(WIDGETS, 'ns', { ...s, status: { ready: 9 } }, { fieldManager: 'sneaky' });
    expect(m.status).toEqual(s.status);
    expect(mf(m).map((e) => e.manager)).toEqual(['creator', 'ctrl']);
  });

  it('the scale subresource records its own entry for the replicas it sets', () => {
    const { t } = setup();
    const r: TrackerResource = { ...WIDGETS, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.ready' } };
    t.register(r);
    t.create(r, 'ns', widget({ replicas: 1 }), { fieldManager: 'creator' });
    t.updateScale(r, 'ns', 'w', { metadata: { name: 'w' }, spec: { replicas: 3 } }, { fieldManager: 'hpa' });
    expect(owners(t.get(r, 'ns', 'w'))).toEqual({
      'creator/Update': { 'f:spec': {} },
      'hpa/Update/scale': { 'f:spec': { 'f:replicas': {} } },
    });
  });

  it.each([
    ['an empty list resets them, and writes stay untracked', [], undefined],
    ['one empty entry resets them', [{}], undefined],
    ['a malformed list keeps the stored ones', [{ manager: 'x', operation: 'Bogus', fieldsType: 'FieldsV1', fieldsV1: {} }], { 'creator/Update': { 'f:spec': { '.': {}, 'f:replicas': {} } }, 'w/Update': { 'f:spec': { 'f:image': {} } } }],
    [
      'a valid list replaces them',
      [{ manager: 'imported', operation: 'Apply', apiVersion: 'example.com/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }],
      { 'imported/Apply': { 'f:spec': { 'f:replicas': {} } }, 'w/Update': { 'f:spec': { 'f:image': {} } } },
    ],
  ])('a client writing managedFields: %s', (_name, managedFields, want) => {
    const { t } = setup();
    t.create(WIDGETS, 'ns', widget({ replicas: 1 }), { fieldManager: 'creator' });
    const cur = t.get(WIDGETS, 'ns', 'w');
    const o = t.update(WIDGETS, 'ns', { ...cur, metadata: { ...cur.metadata, managedFields }, spec: { replicas: 1, image: 'x' } }, { fieldManager: 'w' });
    if (want === undefined) {
      expect(o.metadata?.['managedFields']).toBeUndefined();
      const again = t.patch(WIDGETS, 'ns', 'w', MERGE, { spec: { image: 'y' } }, { fieldManager: 'later' });
      expect(again.metadata?.['managedFields']).toBeUndefined();
    } else {
      expect(owners(o)).toEqual(want);
    }
  });

  it('managedFields sent on a status write are ignored', () => {
    const { t } = setup();
    t.create(WIDGETS, 'ns', widget({ replicas: 1 }), { fieldManager: 'creator' });
    const cur = t.get(WIDGETS, 'ns', 'w');
    const o = t.update(WIDGETS, 'ns', { ...cur, metadata: { ...cur.metadata, managedFields: [] }, status: { ready: 2 } }, { fieldManager: 'ctrl', subresource: 'status' });
    expect(Object.keys(owners(o))).toEqual(['creator/Update', 'ctrl/Update/status']);
  });

  it('keeps at most ten Update entries, merging the oldest into ancient-changes', () => {
    const { t, tick } = setup();
    t.create(CONFIGMAPS, 'ns', { metadata: { name: 'c' }, data: { k0: '0' } }, { fieldManager: 'm00' });
    for (let i = 1; i <= 11; i++) {
      tick();
      t.patch(CONFIGMAPS, 'ns', 'c', MERGE, { data: { [`k${i}`]: String(i) } }, { fieldManager: `m${String(i).padStart(2, '0')}` });
    }
    const o = t.get(CONFIGMAPS, 'ns', 'c');
    const names = mf(o).map((e) => e.manager);
    expect(names).toHaveLength(10);
    expect(names).toContain('ancient-changes');
    expect(names).not.toContain('m00');
    expect(names).not.toContain('m01');
    expect(names).not.toContain('m02');
    expect(owners(o)['ancient-changes/Update']).toEqual({ 'f:data': { '.': {}, 'f:k0': {}, 'f:k1': {}, 'f:k2': {} } });
  });

  it('orders entries as the apiserver does: Apply first, then by time, manager', () => {
    const { t, tick } = setup();
    t.create(WIDGETS, 'ns', widget({ replicas: 1 }), { fieldManager: 'zeta' });
    tick();
    t.patch(WIDGETS, 'ns', 'w', MERGE, { spec: { image: 'a' } }, { fieldManager: 'alpha' });
    t.patch(WIDGETS, 'ns', 'w', APPLY, widget({ args: ['a'] }), { fieldManager: 'applier' });
    const o = t.get(WIDGETS, 'ns', 'w');
    expect(mf(o).map((e) => `${e.operation}:${e.manager}`)).toEqual(['Apply:applier', 'Update:zeta', 'Update:alpha']);
  });
});

describe('server-side apply', () => {
  it('creates the object and gives the manager exactly the applied fields', () => {
    const { t } = setup();
    const o = t.patch(WIDGETS, 'ns', 'w', APPLY, widget({ replicas: 2, config: { a: '1' } }, { labels: { app: 'w' } }), { fieldManager: 'me' });
    expect(o.metadata?.uid).toBeDefined();
    expect(mf(o)).toEqual([
      {
        manager: 'me', operation: 'Apply', apiVersion: 'example.com/v1', time: T0, fieldsType: 'FieldsV1',
        fieldsV1: { 'f:metadata': { 'f:labels': { 'f:app': {} } }, 'f:spec': { 'f:config': { 'f:a': {} }, 'f:replicas': {} } },
      },
    ]);
  });

  it('refuses a configuration with managedFields, a missing fieldManager and a wrong apiVersion', () => {
    const { t } = setup();
    expect(apiError(() => t.patch(WIDGETS, 'ns', 'w', APPLY, widget({}, { managedFields: [] }), { fieldManager: 'me' }))).toMatchObject({
      code: 400, message: 'metadata.managedFields must be nil',
    });
    expect(apiError(() => t.patch(WIDGETS, 'ns', 'w', APPLY, widget({}), {})).code).toBe(400);
    expect(apiError(() => t.patch(WIDGETS, 'ns', 'w', APPLY, { ...widget({}), apiVersion: 'example.com/v2' }, { fieldManager: 'me' })).message).toBe(
      'Incorrect version specified in apply patch. Specified patch version: example.com/v2, expected: example.com/v1',
    );
    const { apiVersion: _a, ...unversioned } = widget({});
    expect(apiError(() => t.patch(WIDGETS, 'ns', 'w', APPLY, unversioned, { fieldManager: 'me' })).message).toBe(
      'Incorrect version specified in apply patch. Specified patch version: , expected: example.com/v1',
    );
    expect(apiError(() => t.patch(WIDGETS, 'ns', 'w', MERGE, {}, { fieldManager: 'me', force: true })).code).toBe(422);
  });

  it.each([
    [
      'an undeclared field of a CRD schema',
      WIDGETS,
      widget({ replicas: 1, colour: 'red' }),
      'failed to create typed patch object (ns/w; example.com/v1, Kind=Widget): .spec.colour: field not declared in schema',
    ],
    [
      'duplicate items of associative and set lists',
      WIDGETS,
      widget({ ports: [{ name: 'a', protocol: 'TCP' }, { name: 'a', protocol: 'TCP' }], tags: ['x', 'x'] }),
      'failed to create typed patch object (ns/w; example.com/v1, Kind=Widget): errors:\n' +
        '  .spec.ports: duplicate entries for key [name="a",protocol="TCP"]\n  .spec.tags: duplicate entries for key [="x"]',
    ],
    [
      'duplicate finalizers, whatever the kind',
      CONFIGMAPS,
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'w', finalizers: ['a', 'a'] }, whatever: { x: 1 } },
      'failed to create typed patch object (ns/w; /v1, Kind=ConfigMap): .metadata.finalizers: duplicate entries for key [="a"]',
    ],
  ])('refuses a configuration it cannot type: %s (500, as the apiserver passes the error on)', (_name, r, config, message) => {
    const { t } = setup();
    const err = apiError(() => t.patch(r, 'ns', 'w', APPLY, config, { fieldManager: 'me' }));
    expect(err.status).toMatchObject({ code: 500, reason: '', message });
  });

  it('a changed field another manager owns is a conflict; force takes it; the same value is shared', () => {
    const { t } = setup();
    t.create(WIDGETS, 'ns', widget({ replicas: 1, image: 'a' }), { fieldManager: 'creator' });
    const err = apiError(() => t.patch(WIDGETS, 'ns', 'w', APPLY, widget({ replicas: 5 }), { fieldManager: 'applier' }));
    expect(err.status).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: 'Apply failed with 1 conflict: conflict with "creator" using example.com/v1: .spec.replicas',
      details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "creator" using example.com/v1', field: '.spec.replicas' }] },
    });
    // Shared: the same value as the owner.
    const shared = t.patch(WIDGETS, 'ns', 'w', APPLY, widget({ replicas: 1 }), { fieldManager: 'applier' });
    expect(owners(shared)).toEqual({
      'applier/Apply': { 'f:spec': { 'f:replicas': {} } },
      'creator/Update': { 'f:spec': { '.': {}, 'f:image': {}, 'f:replicas': {} } },
    });
    // A shared field changed by one owner conflicts too.
    expect(apiError(() => t.patch(WIDGETS, 'ns', 'w', APPLY, widget({ replicas: 2 }), { fieldManager: 'applier' })).code).toBe(409);
    const forced = t.patch(WIDGETS, 'ns', 'w', APPLY, widget({ replicas: 2, image: 'b' }), { fieldManager: 'applier', force: true });
    expect(forced.spec).toEqual({ replicas: 2, image: 'b' });
    expect(owners(forced)).toEqual({
      'applier/Apply': { 'f:spec': { 'f:image': {}, 'f:replicas': {} } },
      'creator/Update': { 'f:spec': {} },
    });
  });

  it('several conflicts are listed per manager, managers sorted', () => {
    const { t } = setup();
    t.create(WIDGETS, 'ns', widget({ replicas: 1 }), { fieldManager: 'b-mgr' });
    t.patch(WIDGETS, 'ns', 'w', MERGE, { spec: { image: 'x', tags: ['t'] } }, { fieldManager: 'a-mgr' });
    t.patch(WIDGETS, 'ns', 'w', APPLY, widget({ args: ['1'] }), { fieldManager: 'c-apply' });
    const err = apiError(() => t.patch(WIDGETS, 'ns', 'w', APPLY, widget({ replicas: 3, image: 'y', tags: ['u'], args: ['2'] }), { fieldManager: 'd' }));
    expect(err.message).toBe(
      'Apply failed with 3 conflicts: conflicts with "a-mgr" using example.com/v1:\n- .spec.image\nconflicts with "b-mgr" using example.com/v1:\n- .spec.replicas\nconflicts with "c-apply":\n- .spec.args',
    );
    expect((err.status.details?.causes ?? []).map((c) => c.field).sort()).toEqual(['.spec.args', '.spec.image', '.spec.replicas']);
  });

  it('fields a manager stops applying are removed unless another manager owns them', () => {
    const { t } = setup();
    t.patch(WIDGETS, 'ns', 'w', APPLY, widget({ replicas: 1, image: 'a', args: ['x'] }, { labels: { a: '1', b: '2' } }), { fieldManager: 'me' });
    t.patch(WIDGETS, 'ns', 'w', APPLY, widget({ image: 'a' }), { fieldManager: 'other' });
    const o = t.patch(WIDGETS, 'ns', 'w', APPLY, widget({ replicas: 1 }, { labels: { a: '1' } }), { fieldManager: 'me' });
    expect(o.spec).toEqual({ replicas: 1, image: 'a' });
    expect(o.metadata?.labels).toEqual({ a: '1' });
    expect(owners(o)).toEqual({
      'me/Apply': { 'f:metadata': { 'f:labels': { 'f:a': {} } }, 'f:spec': { 'f:replicas': {} } },
      'other/Apply': { 'f:spec': { 'f:image': {} } },
    });
    // Fields set by Update-style writers are never removed by an applier that did not apply them.
    t.patch(WIDGETS, 'ns', 'w', MERGE, { spec: { config: { k: 'v' } } }, { fieldManager: 'editor' });
    const o2 = t.patch(WIDGETS, 'ns', 'w', APPLY, widget({}), { fieldManager: 'me' });
    expect(o2.spec).toEqual({ image: 'a', config: { k: 'v' } });
    expect(o2.metadata?.labels).toBeUndefined();
  });

  it('an apply that changes nothing keeps the resourceVersion and the entry time', () => {
    const { t, tick } = setup();
    const first = t.patch(WIDGETS, 'ns', 'w', APPLY, widget({ replicas: 1 }), { fieldManager: 'me' });
    tick();
    const again = t.patch(WIDGETS, 'ns', 'w', APPLY, widget({ replicas: 1 }), { fieldManager: 'me' });
    expect(again.metadata?.resourceVersion).toBe(first.metadata?.resourceVersion);
    expect(mf(again)).toEqual(mf(first));
  });

  it.each([
    [
      'associative list items merge by key; each manager owns its items',
      [
        ['a', { ports: [{ name: 'http', protocol: 'TCP', port: 80 }] }],
        ['b', { ports: [{ name: 'metrics', protocol: 'TCP', port: 9090 }] }],
      ],
      { ports: [{ name: 'http', protocol: 'TCP', port: 80 }, { name: 'metrics', protocol: 'TCP', port: 9090 }] },
      { 'a/Apply': { 'f:spec': { 'f:ports': { 'k:{"name":"http","protocol":"TCP"}': { '.': {}, 'f:name': {}, 'f:port': {}, 'f:protocol': {} } } } } },
    ],
    [
      'a dropped item goes, the other manager\'s stays',
      [
        ['a', { ports: [{ name: 'http', protocol: 'TCP', port: 80 }, { name: 'grpc', protocol: 'TCP', port: 81 }] }],
        ['b', { ports: [{ name: 'metrics', protocol: 'TCP', port: 9090 }] }],
        ['a', { ports: [{ name: 'grpc', protocol: 'TCP', port: 81 }] }],
      ],
      { ports: [{ name: 'grpc', protocol: 'TCP', port: 81 }, { name: 'metrics', protocol: 'TCP', port: 9090 }] },
      { 'a/Apply': { 'f:spec': { 'f:ports': { 'k:{"name":"grpc","protocol":"TCP"}': { '.': {}, 'f:name': {}, 'f:port': {}, 'f:protocol': {} } } } } },
    ],
    [
      'fields of one item from two managers',
      [
        ['a', { ports: [{ name: 'http', protocol: 'TCP' }] }],
        ['b', { ports: [{ name: 'http', protocol: 'TCP', port: 8080 }] }],
        ['a', { ports: [] }],
      ],
      { ports: [{ name: 'http', protocol: 'TCP', port: 8080 }] },
      {},
    ],
    [
      'an item only an Update-style writer changed a field of goes with the applier that created it',
      [
        ['a', { ports: [{ name: 'http', protocol: 'TCP', port: 80 }] }],
        ['edit', { ports: [{ name: 'http', protocol: 'TCP', port: 8080 }] }],
        ['a', { ports: [] }],
      ],
      { ports: [] },
      {},
    ],
    [
      'set lists are unions; a dropped value goes unless shared',
      [
        ['a', { tags: ['x', 'y'] }],
        ['b', { tags: ['y', 'z'] }],
        ['a', { tags: ['x'] }],
        ['a', { tags: [] }],
      ],
      { tags: ['y', 'z'] },
      {},
    ],
    [
      'atomic lists and maps are replaced whole and owned as one field',
      [
        ['a', { args: ['1', '2'], selector: { app: 'x', tier: 'web' } }],
        ['a', { args: ['3'], selector: { app: 'y' } }],
      ],
      { args: ['3'], selector: { app: 'y' } },
      { 'a/Apply': { 'f:spec': { 'f:args': {}, 'f:selector': {} } } },
    ],
    [
      'granular maps merge key by key',
      [
        ['a', { config: { one: '1' } }],
        ['b', { config: { two: '2' } }],
      ],
      { config: { one: '1', two: '2' } },
      { 'a/Apply': { 'f:spec': { 'f:config': { 'f:one': {} } } } },
    ],
  ] as const)('%s', (_name, steps, wantSpec, wantA) => {
    const { t } = setup();
    let o: TrackedObject | undefined;
    for (const [manager, spec] of steps) {
      o = manager === 'edit'
        ? t.patch(WIDGETS, 'ns', 'w', MERGE, { spec: structuredClone(spec) }, { fieldManager: manager })
        : t.patch(WIDGETS, 'ns', 'w', APPLY, widget(structuredClone(spec) as Record<string, unknown>), { fieldManager: manager });
    }
    expect(o!.spec).toEqual(wantSpec);
    const got = owners(o!);
    if (Object.keys(wantA).length === 0) expect(got['a/Apply']).toBeUndefined();
    for (const [k, v] of Object.entries(wantA)) expect(got[k]).toEqual(v);
  });

  it('an Update-style writer of a list-map item loses only what an applier changes', () => {
    const { t } = setup();
    t.patch(WIDGETS, 'ns', 'w', APPLY, widget({ ports: [{ name: 'http', protocol: 'TCP', port: 80 }] }), { fieldManager: 'a' });
    const cur = t.get(WIDGETS, 'ns', 'w');
    const o = t.update(WIDGETS, 'ns', { ...cur, spec: { ports: [{ name: 'http', protocol: 'TCP', port: 8080 }] } }, { fieldManager: 'edit' });
    expect(owners(o)['edit/Update']).toEqual({ 'f:spec': { 'f:ports': { 'k:{"name":"http","protocol":"TCP"}': { 'f:port': {} } } } });
    expect(owners(o)['a/Apply']).toEqual({ 'f:spec': { 'f:ports': { 'k:{"name":"http","protocol":"TCP"}': { '.': {}, 'f:name': {}, 'f:protocol': {} } } } });
    const err = apiError(() => t.patch(WIDGETS, 'ns', 'w', APPLY, widget({ ports: [{ name: 'http', protocol: 'TCP', port: 80 }] }), { fieldManager: 'a' }));
    expect(err.message).toBe('Apply failed with 1 conflict: conflict with "edit" using example.com/v1: .spec.ports[name="http",protocol="TCP"].port');
  });

  it('metadata merges by its own rules: finalizers a set, ownerReferences keyed by uid', () => {
    const { t } = setup();
    const ref = (uid: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', name: uid, uid });
    t.patch(WIDGETS, 'ns', 'w', APPLY, widget({}, { finalizers: ['a.io/x'], ownerReferences: [ref('u1')] }), { fieldManager: 'a' });
    const o = t.patch(WIDGETS, 'ns', 'w', APPLY, widget({}, { finalizers: ['b.io/y'], ownerReferences: [ref('u2')] }), { fieldManager: 'b' });
    expect(o.metadata?.finalizers).toEqual(['a.io/x', 'b.io/y']);
    expect((o.metadata?.['ownerReferences'] as { uid: string }[]).map((r) => r.uid)).toEqual(['u1', 'u2']);
    expect(owners(o)['b/Apply']).toEqual({
      'f:spec': {},
      'f:metadata': {
        'f:finalizers': { 'v:"b.io/y"': {} },
        'f:ownerReferences': { 'k:{"uid":"u2"}': { '.': {}, 'f:apiVersion': {}, 'f:kind': {}, 'f:name': {}, 'f:uid': {} } },
      },
    });
  });

  it('applies to status through the status subresource, owning status only', () => {
    const { t } = setup();
    t.create(WIDGETS, 'ns', widget({ replicas: 1 }), { fieldManager: 'creator' });
    const o = t.patch(WIDGETS, 'ns', 'w', APPLY, { ...widget({ replicas: 9 }), status: { conditions: [{ type: 'Ready', status: 'True' }] } }, { fieldManager: 'ctrl', subresource: 'status' });
    expect(o.spec).toEqual({ replicas: 1 });
    expect(o.status).toEqual({ conditions: [{ type: 'Ready', status: 'True' }] });
    expect(mf(o).find((e) => e.manager === 'ctrl')).toMatchObject({
      operation: 'Apply', subresource: 'status',
      fieldsV1: { 'f:status': { 'f:conditions': { 'k:{"type":"Ready"}': { '.': {}, 'f:status': {}, 'f:type': {} } } } },
    });
    // On the main resource, status in the configuration is neither written nor owned.
    const m = t.patch(WIDGETS, 'ns', 'w', APPLY, { ...widget({ replicas: 1 }), status: { ready: 3 } }, { fieldManager: 'main' });
    expect(m.status).toEqual(o.status);
    expect(owners(m)['main/Apply']).toEqual({ 'f:spec': { 'f:replicas': {} } });
  });

  it('a conflict with a status writer names its subresource; a dry run changes nothing', () => {
    const { t } = setup();
    t.create(WIDGETS, 'ns', widget({ replicas: 1 }), { fieldManager: 'creator' });
    const cur = t.get(WIDGETS, 'ns', 'w');
    t.update(WIDGETS, 'ns', { ...cur, status: { ready: 1 } }, { fieldManager: 'ctrl', subresource: 'status' });
    const status = (ready: number): TrackedObject => ({ ...widget({}), status: { ready } });
    expect(apiError(() => t.patch(WIDGETS, 'ns', 'w', APPLY, status(5), { fieldManager: 'other', subresource: 'status' })).message).toBe(
      'Apply failed with 1 conflict: conflict with "ctrl" with subresource "status" using example.com/v1: .status.ready',
    );
    const before = t.get(WIDGETS, 'ns', 'w');
    const dry = t.patch(WIDGETS, 'ns', 'w', APPLY, status(5), { fieldManager: 'other', subresource: 'status', force: true, dryRun: true });
    expect(dry.status).toEqual({ ready: 5 });
    expect(owners(dry)['other/Apply/status']).toEqual({ 'f:status': { 'f:ready': {} } });
    expect(t.get(WIDGETS, 'ns', 'w')).toEqual(before);
  });

  it('the first apply to an untracked object attributes its fields to before-first-apply', () => {
    const { t } = setup();
    t.create(WIDGETS, 'ns', widget({ replicas: 1, image: 'a' }), { fieldManager: 'creator' });
    const cur = t.get(WIDGETS, 'ns', 'w');
    t.update(WIDGETS, 'ns', { ...cur, metadata: { ...cur.metadata, managedFields: [{}] } });
    const err = apiError(() => t.patch(WIDGETS, 'ns', 'w', APPLY, widget({ replicas: 2 }), { fieldManager: 'me' }));
    expect(err.message).toBe('Apply failed with 1 conflict: conflict with "before-first-apply" using example.com/v1: .spec.replicas');
    const o = t.patch(WIDGETS, 'ns', 'w', APPLY, widget({ replicas: 1 }), { fieldManager: 'me' });
    expect(owners(o)).toEqual({
      'me/Apply': { 'f:spec': { 'f:replicas': {} } },
      'before-first-apply/Update': { 'f:spec': { '.': {}, 'f:image': {}, 'f:replicas': {} } },
    });
  });

  it('seeded objects carry no managed fields (client-go tracker.Add); the first apply finds them under before-first-apply', () => {
    const { t } = setup();
    t.add(widget({ replicas: 1 }));
    expect(t.get(WIDGETS, 'ns', 'w').metadata?.['managedFields']).toBeUndefined();
    expect(t.patch(WIDGETS, 'ns', 'w', MERGE, { spec: { image: 'x' } }, { fieldManager: 'edit' }).metadata?.['managedFields']).toBeUndefined();
    const o = t.patch(WIDGETS, 'ns', 'w', APPLY, widget({ replicas: 2 }), { fieldManager: 'ctl', force: true });
    expect(owners(o)).toEqual({
      'ctl/Apply': { 'f:spec': { 'f:replicas': {} } },
      'before-first-apply/Update': { 'f:spec': { '.': {}, 'f:image': {} } },
    });
  });

  it('built-in kinds merge by their keys: Deployment containers by name, ports by containerPort and protocol', () => {
    const { t } = setup();
    const dep = (containers: unknown[]): TrackedObject => ({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'ns' },
      spec: { template: { spec: { containers } } },
    });
    t.patch(DEPLOYMENTS, 'ns', 'd', APPLY, dep([{ name: 'app', image: 'app:1', ports: [{ containerPort: 80, protocol: 'TCP' }] }]), { fieldManager: 'deployer' });
    const o = t.patch(DEPLOYMENTS, 'ns', 'd', APPLY, dep([{ name: 'sidecar', image: 'envoy' }]), { fieldManager: 'injector' });
    const containers = (o['spec'] as { template: { spec: { containers: { name: string }[] } } }).template.spec.containers;
    expect(containers.map((c) => c.name)).toEqual(['app', 'sidecar']);
    expect(owners(o)['deployer/Apply']).toEqual({
      'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} } } } } } } },
    });
  });
});

describe('field-set building blocks', () => {
  it.each([
    ['.spec.replicas', ['f:spec', 'f:replicas']],
    ['.spec.containers[name="a"].image', ['f:spec', 'f:containers', 'k:{"name":"a"}', 'f:image']],
    ['.spec.ports[containerPort=80,protocol="TCP"]', ['f:spec', 'f:ports', 'k:{"containerPort":80,"protocol":"TCP"}']],
    ['.metadata.finalizers[="a"]', ['f:metadata', 'f:finalizers', 'v:"a"']],
    ['.spec.x[3]', ['f:spec', 'f:x', 'i:3']],
  ])('prints %s as structured-merge-diff does', (want, path) => {
    expect(pathString(path)).toBe(want);
  });

  it('FieldsV1 round-trips, ordered field names, then keys, then values', () => {
    const v1 = { 'f:b': { '.': {}, 'f:z': {} }, 'f:a': {}, 'f:l': { 'v:"b"': {}, 'v:1': {}, 'k:{"n":"x"}': {} } };
    expect(JSON.stringify(toFieldsV1(fromFieldsV1(v1)))).toBe(JSON.stringify({ 'f:a': {}, 'f:b': { '.': {}, 'f:z': {} }, 'f:l': { 'k:{"n":"x"}': {}, 'v:1': {}, 'v:"b"': {} } }));
    expect(() => fromFieldsV1({ 'x:y': {} })).toThrow();
  });

  it('compare reports Added and Modified as changed, Removed apart, new containers as members', () => {
    const { changed, removed } = compare({ spec: { a: 1, b: 2 } }, { spec: { a: 1, b: 3, c: { d: 1 } }, extra: 1 }, SCHEMA);
    expect(toFieldsV1(changed)).toEqual({ 'f:extra': {}, 'f:spec': { 'f:b': {}, 'f:c': { '.': {}, 'f:d': {} } } });
    expect(toFieldsV1(removed)).toEqual({});
    expect(toFieldsV1(compare({ spec: { a: 1 } }, {}, SCHEMA).removed)).toEqual({ 'f:spec': { '.': {}, 'f:a': {} } });
  });

  it('fieldSetOf marks declared struct fields only when empty, map keys always', () => {
    expect(toFieldsV1(fieldSetOf({ spec: { config: { a: '1' }, replicas: 1 }, status: {} }, SCHEMA))).toEqual({
      'f:spec': { 'f:config': { 'f:a': {} }, 'f:replicas': {} },
      'f:status': {},
    });
  });

  it('merge keeps the live order and places new items where the configuration does', () => {
    const s = (SCHEMA.properties!['spec']!.properties!['ports'])!;
    const p = (name: string, port = 1) => ({ name, protocol: 'TCP', port });
    expect(merge([p('a'), p('b'), p('c')], [p('b', 2), p('x')], s)).toEqual([p('a'), p('b', 2), p('c'), p('x')]);
    expect(merge([p('a'), p('c')], [p('x'), p('c', 2)], s)).toEqual([p('a'), p('x'), p('c', 2)]);
    expect(merge([p('a'), p('b')], [p('b'), p('a', 5)], s)).toEqual([p('b'), p('a', 5)]);
  });
});
