import { describe, expect, it } from 'vitest';
import { ResourceClient } from '../../src/client/index.js';
import { FakeTransport, type TrackerResource } from '../../src/fake/index.js';
import { isAlreadyExists, isConflict, isInvalid, isNotFound } from '../../src/rest/errors.js';

interface Foo {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; generation?: number; labels?: Record<string, string>; finalizers?: string[]; deletionTimestamp?: string; uid?: string; managedFields?: { manager?: string; operation?: string }[] };
  spec?: { replicas?: number; image?: string };
  status?: { ready?: number };
}
interface FooList {
  items: Foo[];
  metadata?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
}

const FOOS: TrackerResource = {
  group: 'example.com', version: 'v1', resource: 'foos', kind: 'Foo', listKind: 'FooList', namespaced: true, statusSubresource: true,
};
const BARS: TrackerResource = {
  group: 'example.com', version: 'v1', resource: 'bars', kind: 'Bar', listKind: 'BarList', namespaced: false, statusSubresource: false,
};
const info = { group: 'example.com', version: 'v1', resource: 'foos', kind: 'Foo', namespaced: true };

function setup(...objects: Foo[]): { t: FakeTransport; foos: ResourceClient<Foo, FooList>; all: ResourceClient<Foo, FooList> } {
  const t = new FakeTransport([FOOS, BARS], ...(objects as never[]));
  return { t, foos: new ResourceClient<Foo, FooList>(t, info, 'default'), all: new ResourceClient<Foo, FooList>(t, info, '') };
}

const foo = (name: string, labels: Record<string, string> = {}, namespace = 'default'): Foo => ({
  apiVersion: 'example.com/v1', kind: 'Foo', metadata: { name, namespace, labels }, spec: { replicas: 1 },
});

describe('FakeTransport + ObjectTracker', () => {
  it('seeds objects and serves get/list with server-set metadata', async () => {
    const { foos } = setup(foo('a'), foo('b'));
    const a = await foos.get('a');
    expect(a.metadata).toMatchObject({ name: 'a', namespace: 'default', generation: 1, resourceVersion: '1' });
    expect(a.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    const list = await foos.list();
    expect(list.items.map((x) => x.metadata?.name)).toEqual(['a', 'b']);
    expect(list.metadata?.resourceVersion).toBe('2');
  });

  it('reports NotFound, AlreadyExists and Conflict like the apiserver', async () => {
    const { foos } = setup(foo('a'));
    await expect(foos.get('zz')).rejects.toSatisfy(isNotFound);
    await expect(foos.create(foo('a'))).rejects.toSatisfy(isAlreadyExists);
    const a = await foos.get('a');
    await foos.update({ ...a, spec: { replicas: 2 } });
    const err = await foos.update({ ...a, spec: { replicas: 3 } }).catch((e: unknown) => e);
    expect(isConflict(err)).toBe(true);
    expect((err as Error).message).toBe(
      'Operation cannot be fulfilled on foos.example.com "a": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('splits spec and status when the status subresource is on, bumping generation on spec changes only', async () => {
    const { foos } = setup(foo('a'));
    const a = await foos.get('a');
    const u1 = await foos.update({ ...a, spec: { replicas: 5 }, status: { ready: 9 } });
    expect(u1.metadata?.generation).toBe(2);
    expect(u1.status).toBeUndefined();
    const u2 = await foos.updateStatus({ ...u1, spec: { replicas: 100 }, status: { ready: 5 } });
    expect(u2.spec).toEqual({ replicas: 5 });
    expect(u2.status).toEqual({ ready: 5 });
    expect(u2.metadata?.generation).toBe(2);
  });

  it('filters by label and field selectors and paginates', async () => {
    const { all } = setup(foo('a', { app: 'x' }), foo('b', { app: 'y' }), foo('c', { app: 'x' }, 'other'));
    expect((await all.list({ labelSelector: 'app=x' })).items.map((x) => x.metadata?.name)).toEqual(['a', 'c']);
    expect((await all.list({ fieldSelector: 'metadata.namespace=other' })).items.map((x) => x.metadata?.name)).toEqual(['c']);
    expect((await all.list({ labelSelector: 'app in (x,y),app!=y', fieldSelector: 'metadata.name!=c' })).items.map((x) => x.metadata?.name)).toEqual(['a']);
    const p1 = await all.list({ limit: 2 });
    expect(p1.items).toHaveLength(2);
    expect(p1.metadata?.remainingItemCount).toBe(1);
    const p2 = await all.list({ limit: 2, continue: p1.metadata!.continue! });
    expect(p2.items).toHaveLength(1);
    expect(p2.metadata?.continue).toBeUndefined();
  });

  it('applies merge, JSON and apply patches; apply creates custom resources', async () => {
    const { foos } = setup(foo('a'));
    expect((await foos.mergePatch('a', { spec: { image: 'nginx' } })).spec).toEqual({ replicas: 1, image: 'nginx' });
    expect((await foos.jsonPatch('a', [{ op: 'replace', path: '/spec/replicas', value: 4 }])).spec?.replicas).toBe(4);
    await expect(foos.jsonPatch('a', [{ op: 'test', path: '/spec/replicas', value: 99 }])).rejects.toSatisfy(isInvalid);
    const created = await foos.apply({ metadata: { name: 'n' }, spec: { replicas: 7 } }, { fieldManager: 'me' });
    expect(created).toMatchObject({ apiVersion: 'example.com/v1', kind: 'Foo', spec: { replicas: 7 } });
    // Server-side apply: the manager's configuration is now exactly { image }, so the replicas it applied
    // before (and nobody else owns) are removed; another manager's apply adds to the object.
    const applied = await foos.apply({ metadata: { name: 'n' }, spec: { image: 'x' } }, { fieldManager: 'me' });
    expect(applied.spec).toEqual({ image: 'x' });
    const other = await foos.apply({ metadata: { name: 'n' }, spec: { replicas: 2 } }, { fieldManager: 'other' });
    expect(other.spec).toEqual({ image: 'x', replicas: 2 });
    expect(other.metadata?.managedFields?.map((m) => `${m.manager} ${m.operation}`)).toEqual(['me Apply', 'other Apply']);
  });

  it('keeps objects with finalizers until the finalizers are removed', async () => {
    const { foos } = setup({ ...foo('a'), metadata: { name: 'a', namespace: 'default', finalizers: ['x/y'] } });
    await foos.delete('a');
    const terminating = await foos.get('a');
    expect(terminating.metadata?.deletionTimestamp).toBeDefined();
    await foos.update({ ...terminating, metadata: { ...terminating.metadata, finalizers: [] } });
    await expect(foos.get('a')).rejects.toSatisfy(isNotFound);
  });

  it('honours delete preconditions and deleteCollection selectors', async () => {
    const { foos } = setup(foo('a', { app: 'x' }), foo('b', { app: 'y' }));
    await expect(foos.delete('a', { preconditions: { resourceVersion: '999' } })).rejects.toSatisfy(isConflict);
    await foos.deleteCollection({}, { labelSelector: 'app=x' });
    expect((await foos.list()).items.map((x) => x.metadata?.name)).toEqual(['b']);
  });

  it('watches changes, turning selection changes into ADDED/DELETED', async () => {
    const { foos } = setup(foo('a', { app: 'x' }));
    const rv = (await foos.list()).metadata!.resourceVersion!;
    const w = await foos.watch({ labelSelector: 'app=x', resourceVersion: rv });
    const events: string[] = [];
    const done = (async () => {
      for await (const ev of w) {
        events.push(`${ev.type} ${ev.object.metadata?.name}`);
        if (events.length === 3) w.stop();
      }
    })();
    await foos.create(foo('b', { app: 'x' }));
    await foos.create(foo('c', { app: 'y' }));
    const a = await foos.get('a');
    await foos.update({ ...a, metadata: { ...a.metadata, labels: { app: 'y' } } });
    await foos.delete('b');
    await done;
    expect(events).toEqual(['ADDED b', 'DELETED a', 'DELETED b']);
  });

  it('records actions and lets reactors inject errors and results', async () => {
    const { t, foos } = setup(foo('a'));
    t.prependReactor('get', 'foos', (action) =>
      action.name === 'boom' ? { handled: true, error: new Error('injected') } : { handled: false },
    );
    t.prependReactor('create', '*', () => ({ handled: true, result: { metadata: { name: 'canned' } } }));
    await expect(foos.get('boom')).rejects.toThrow('injected');
    expect((await foos.create(foo('z'))).metadata?.name).toBe('canned');
    await foos.get('a');
    expect(t.actions().map((a) => `${a.verb} ${a.resource} ${a.namespace}/${a.name}`)).toEqual([
      'get foos default/boom',
      'create foos default/',
      'get foos default/a',
    ]);
    expect(t.actions()[1]!.object).toMatchObject({ metadata: { name: 'z' } });
  });

  it('serves cluster-scoped resources without a namespace', async () => {
    const t = new FakeTransport([BARS]);
    const bars = new ResourceClient<Foo, FooList>(t, { ...info, resource: 'bars', kind: 'Bar', namespaced: false });
    await bars.create({ metadata: { name: 'x' } });
    expect((await bars.get('x')).metadata?.namespace).toBeUndefined();
    expect(t.actions()[0]!.namespace).toBe('');
  });
});

describe('tracker watch semantics (apiserver resourceVersion rules)', () => {
  const collect = async (w: AsyncIterable<{ type: string; object: Foo }>, n: number): Promise<string[]> => {
    const out: string[] = [];
    for await (const ev of w) {
      out.push(`${ev.type} ${ev.object.metadata?.name ?? ''}${ev.type === 'BOOKMARK' ? ev.object.metadata?.resourceVersion : ''}`);
      if (out.length === n) break;
    }
    return out;
  };

  it('starts with the current state when no resourceVersion is given', async () => {
    const { foos } = setup(foo('a'), foo('b'));
    expect(await collect(await foos.watch(), 2)).toEqual(['ADDED a', 'ADDED b']);
  });

  it('replays the events after a resourceVersion, then streams', async () => {
    const { foos } = setup(foo('a'));
    const rv = (await foos.list()).metadata!.resourceVersion!;
    await foos.create(foo('b'));
    await foos.delete('a');
    const w = await foos.watch({ resourceVersion: rv });
    const events = collect(w, 3);
    await foos.create(foo('c'));
    expect(await events).toEqual(['ADDED b', 'DELETED a', 'ADDED c']);
  });

  it('answers 410 Expired once history is compacted, which isResourceExpired recognises', async () => {
    const { t, foos } = setup(foo('a'));
    await foos.create(foo('b'));
    t.tracker.compact();
    const w = await foos.watch({ resourceVersion: '1' });
    const err = await collect(w, 1).catch((e: unknown) => e);
    const { isResourceExpired } = await import('../../src/rest/errors.js');
    expect(isResourceExpired(err)).toBe(true);
    expect((err as Error).message).toBe('too old resource version: 1 (3)');
  });

  it('streams the initial state with sendInitialEvents and marks its end with a bookmark', async () => {
    const { foos } = setup(foo('a'));
    const w = await foos.watch({ sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan', allowWatchBookmarks: true });
    const seen: { type: string; annotations?: Record<string, string> }[] = [];
    for await (const ev of w) {
      seen.push({ type: ev.type, ...((ev.object.metadata as { annotations?: Record<string, string> })?.annotations ? { annotations: (ev.object.metadata as { annotations: Record<string, string> }).annotations } : {}) });
      if (ev.type === 'BOOKMARK') break;
    }
    expect(seen).toEqual([{ type: 'ADDED' }, { type: 'BOOKMARK', annotations: { 'k8s.io/initial-events-end': 'true' } }]);
  });
});

describe('fake discovery', () => {
  it('serves discovery documents of the registered resources', async () => {
    const { DiscoveryClient, RESTMapper } = await import('../../src/discovery/index.js');
    const core: TrackerResource = { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', listKind: 'ConfigMapList', namespaced: true, statusSubresource: false };
    const t = new FakeTransport([FOOS, BARS, core]);
    const d = new DiscoveryClient(t);
    expect((await d.serverVersion()).gitVersion).toBe('v1.34.0-fake');
    const groups = await d.serverGroups();
    expect(groups.groups.map((g) => g.name)).toEqual(['', 'example.com']);
    const all = await d.serverGroupsAndResources();
    expect(all.failed).toBeUndefined();
    expect(all.resources.flatMap((l) => l.resources.map((r) => `${l.groupVersion} ${r.name}`)).sort()).toEqual([
      'example.com/v1 bars',
      'example.com/v1 foos',
      'example.com/v1 foos/status',
      'v1 configmaps',
    ]);
    const mapper = new RESTMapper(d);
    expect(await mapper.restMapping('example.com', 'Foo')).toEqual({ group: 'example.com', version: 'v1', resource: 'foos', kind: 'Foo', namespaced: true });
    expect(await mapper.isNamespaced('example.com', 'v1', 'bars')).toBe(false);
    await expect(mapper.restMapping('example.com', 'Nope')).rejects.toThrow(/no matches for kind "Nope"/);
  });

  it('compares objects as the apiserver does (encoded, keys sorted): reordered keys are a no-op and bump no generation', async () => {
    const { foos } = setup({ ...foo('a'), spec: { replicas: 1, image: 'x' } });
    const a = await foos.get('a');
    // The same content with the keys of spec and metadata in another order, and a key holding undefined.
    const same = { kind: 'Foo', apiVersion: 'example.com/v1', spec: { image: 'x', replicas: 1 }, metadata: { ...a.metadata, labels: {} }, status: undefined } as unknown as Foo;
    const again = await foos.update(same);
    expect(again.metadata?.resourceVersion).toBe(a.metadata?.resourceVersion);
    expect(again.metadata?.generation).toBe(1);
    // A real spec change is a new resourceVersion and generation.
    const changed = await foos.update({ ...again, spec: { image: 'y', replicas: 1 } });
    expect(Number(changed.metadata?.resourceVersion)).toBeGreaterThan(Number(a.metadata?.resourceVersion));
    expect(changed.metadata?.generation).toBe(2);
  });
});
