/**
 * Garbage collection through ownerReferences (ObjectTracker.garbageCollection, on in the test API
 * server): background, foreground and orphan propagation as kube-controller-manager's garbage collector
 * applies them, driven synchronously with collectGarbage(); and over HTTP with DeleteOptions.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ObjectTracker, type TrackedObject, type TrackerResource } from '../../src/fake/tracker.js';
import { startTestApiServer, type TestApiServer } from '../../src/testing/index.js';
import { client } from '../testing/http.js';

const configmaps: TrackerResource = { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', listKind: 'ConfigMapList', namespaced: true, statusSubresource: false };
const nodes: TrackerResource = { group: '', version: 'v1', resource: 'nodes', kind: 'Node', listKind: 'NodeList', namespaced: false, statusSubresource: false };

function setup(gc = true): { t: ObjectTracker; cm: (name: string, owners?: TrackedObject[], extra?: Record<string, unknown>, ns?: string) => TrackedObject; names: (ns?: string) => string[] } {
  const t = new ObjectTracker([configmaps, nodes]);
  t.garbageCollection = gc;
  const ref = (o: TrackedObject, block = true): Record<string, unknown> => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata!.name, uid: o.metadata!.uid, blockOwnerDeletion: block });
  const cm = (name: string, owners: TrackedObject[] = [], extra: Record<string, unknown> = {}, ns = 'default'): TrackedObject =>
    t.create(configmaps, ns, { metadata: { name, ...(owners.length > 0 ? { ownerReferences: owners.map((o) => ref(o)) } : {}), ...extra } });
  const names = (ns = 'default'): string[] => (t.list(configmaps, ns)['items'] as TrackedObject[]).map((o) => o.metadata!.name!).sort();
  return { t, cm, names };
}

describe('garbage collection', () => {
  it('is off by default (client-go fake semantics): dependents outlive their owner, no policy marks it', async () => {
    const { t, cm, names } = setup(false);
    expect(new ObjectTracker().garbageCollection).toBe(false);
    const owner = cm('owner');
    cm('child', [owner]);
    t.delete(configmaps, 'default', 'owner', { propagationPolicy: 'Foreground' });
    await new Promise((r) => setTimeout(r, 10));
    expect(names()).toEqual(['child']);
  });

  it('background (the default): the owner goes at once, its dependents after, recursively', () => {
    const { t, cm, names } = setup();
    const owner = cm('owner');
    const child = cm('child', [owner]);
    cm('grandchild', [child]);
    cm('unrelated');
    t.delete(configmaps, 'default', 'owner');
    expect(names()).toEqual(['child', 'grandchild', 'unrelated']);
    t.collectGarbage();
    expect(names()).toEqual(['unrelated']);
  });

  it('keeps a dependent that still has a live owner, dropping only the dangling reference', () => {
    const { t, cm, names } = setup();
    const a = cm('a');
    const b = cm('b');
    cm('shared', [a, b]);
    t.delete(configmaps, 'default', 'a');
    t.collectGarbage();
    expect(names()).toEqual(['b', 'shared']);
    const refs = t.get(configmaps, 'default', 'shared').metadata!['ownerReferences'] as { name: string }[];
    expect(refs.map((r) => r.name)).toEqual(['b']);
  });

  it('orphan: the owner is marked, the dependents lose the reference and stay, then the owner goes', () => {
    const { t, cm, names } = setup();
    const owner = cm('owner');
    cm('child', [owner]);
    const marked = t.delete(configmaps, 'default', 'owner', { propagationPolicy: 'Orphan' });
    expect(marked.metadata!.deletionTimestamp).toBeDefined();
    expect(marked.metadata!.finalizers).toEqual(['orphan']);
    t.collectGarbage();
    expect(names()).toEqual(['child']);
    expect(t.get(configmaps, 'default', 'child').metadata!['ownerReferences']).toBeUndefined();
  });

  it('foreground: dependents first (bottom-up), blocked by a dependent finalizer, then the owner', () => {
    const { t, cm, names } = setup();
    const owner = cm('owner');
    const child = cm('child', [owner], { finalizers: ['example.com/cleanup'] });
    cm('grandchild', [child]);
    const marked = t.delete(configmaps, 'default', 'owner', { propagationPolicy: 'Foreground' });
    expect(marked.metadata!.finalizers).toEqual(['foregroundDeletion']);
    t.collectGarbage();
    // The grandchild is gone; the child waits on its own finalizer; the owner waits on the child.
    expect(names()).toEqual(['child', 'owner']);
    expect(t.get(configmaps, 'default', 'child').metadata!.deletionTimestamp).toBeDefined();
    const c = t.get(configmaps, 'default', 'child');
    t.update(configmaps, 'default', { ...c, metadata: { ...c.metadata, finalizers: [] } });
    t.collectGarbage();
    expect(names()).toEqual([]);
  });

  it('collects objects created with owners that do not exist, or that live in another namespace', () => {
    const { t, cm, names } = setup();
    const elsewhere = cm('elsewhere', [], {}, 'other');
    const node = t.create(nodes, '', { metadata: { name: 'n1' } });
    cm('ghost', [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'gone', uid: '00000000-0000-0000-0000-000000000000' } }]);
    cm('cross', [elsewhere]);
    cm('owned-by-node', [node]); // a cluster-scoped owner is fine for a namespaced dependent
    t.collectGarbage();
    expect(names()).toEqual(['owned-by-node']);
  });

  it('runs by itself shortly after the write that needs it', async () => {
    const { t, cm, names } = setup();
    const owner = cm('owner');
    cm('child', [owner]);
    t.delete(configmaps, 'default', 'owner');
    await new Promise((r) => setTimeout(r, 10));
    expect(names()).toEqual([]);
  });
});

describe('garbage collection in the test API server', () => {
  let server: TestApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('honours DeleteOptions.propagationPolicy and refuses an unknown one', async () => {
    server = await startTestApiServer();
    const http = client(server);
    const base = '/api/v1/namespaces/default/configmaps';
    const owner = (await http.call('POST', base, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner' } })).body;
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid, blockOwnerDeletion: true };
    expect((await http.call('POST', base, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'child', ownerReferences: [ref] } })).status).toBe(201);

    const bad = await http.call('DELETE', `${base}/owner`, { propagationPolicy: 'Sometimes' });
    expect(bad.status).toBe(422);
    expect(bad.body.message).toContain('supported values: "Foreground", "Background", "Orphan"');

    expect((await http.call('DELETE', `${base}/owner`, { propagationPolicy: 'Foreground' })).status).toBe(200);
    const until = async (cond: () => Promise<boolean>): Promise<void> => {
      for (let i = 0; i < 200 && !(await cond()); i++) await new Promise((r) => setTimeout(r, 10));
    };
    await until(async () => (await http.call('GET', `${base}/owner`)).status === 404);
    expect((await http.call('GET', `${base}/child`)).status).toBe(404);
    expect((await http.call('GET', `${base}/owner`)).status).toBe(404);
  });
});
