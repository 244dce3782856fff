/**
 * Fault test: while objects are created, updated and deleted, the test API server drops every watch at
 * random moments (real socket closes: the informers talk HTTP through the REST client) and compacts its history (so re-watches get 410 Expired and must relist). Afterwards
 * every informer's cache equals the server's state, and every handler's last event for each object is its
 * final state (its latest version, or its deletion). Bounded in time and seeded, so it is repeatable.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DeletedFinalStateUnknown, SharedIndexInformer, waitForCacheSync } from '../../src/cache/index.js';
import { ResourceClient } from '../../src/client/index.js';
import { loadKubeConfig, RestClient } from '../../src/rest/index.js';
import { startTestApiServer, type TestApiServer } from '../../src/testing/index.js';

interface Foo {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
  spec?: { n?: number };
}
interface FooList {
  items: Foo[];
  metadata?: { resourceVersion?: string; continue?: string };
}

const crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'foos.example.com' },
  spec: {
    group: 'example.com',
    names: { plural: 'foos', singular: 'foo', kind: 'Foo', listKind: 'FooList' },
    scope: 'Namespaced',
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { n: { type: 'integer' } } } } } } }],
  },
};
const info = { group: 'example.com', version: 'v1', resource: 'foos', kind: 'Foo', namespaced: true };

/** mulberry32: a small seeded PRNG. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let server: TestApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('informers under faults', () => {
  it.each([42, 7, 20261123])('converge to the server state through dropped watches and 410 relists (seed %i)', async (seed) => {
    server = await startTestApiServer({ crds: [crd], historyLimit: 40, bookmarkIntervalMs: 20 });
    await server.transport.request({ method: 'POST', path: '/api/v1/namespaces', body: { metadata: { name: 'other' } } });
    // Over HTTP, so dropped connections are real socket closes the REST client must notice.
    const t = new RestClient(await loadKubeConfig({ kubeconfig: server.kubeconfigPath }));
    const all = new ResourceClient<Foo, FooList>(t, info, '');
    const ns = { default: new ResourceClient<Foo, FooList>(t, info, 'default'), other: new ResourceClient<Foo, FooList>(t, info, 'other') };

    // Three informers, each with one handler recording the last event per object key.
    const informers = [0, 1, 2].map((i) => {
      const inf = new SharedIndexInformer<Foo>(all, { backoff: { initial: 1, max: 20, jitter: 0 }, pageSize: 7, name: `inf${i}` });
      const last = new Map<string, string>();
      const key = (o: Foo): string => `${o.metadata?.namespace}/${o.metadata?.name}`;
      inf.addEventHandler({
        onAdd: (o) => void last.set(key(o), o.metadata!.resourceVersion!),
        onUpdate: (_old, o) => void last.set(key(o), o.metadata!.resourceVersion!),
        onDelete: (o) => void last.set(o instanceof DeletedFinalStateUnknown ? o.key : key(o), 'deleted'),
      });
      return { inf, last };
    });
    const ac = new AbortController();
    for (const { inf } of informers) void inf.run(ac.signal);
    expect(await waitForCacheSync(ac.signal, ...informers.map(({ inf }) => () => inf.hasSynced()))).toBe(true);

    const random = rng(seed);
    const live = new Map<string, Foo>();
    let drops = 0;
    let compactions = 0;
    for (let op = 0; op < 600; op++) {
      const nsName = random() < 0.5 ? 'default' : 'other';
      const name = `foo-${Math.floor(random() * 40)}`;
      const k = `${nsName}/${name}`;
      const c = ns[nsName as 'default' | 'other'];
      const existing = live.get(k);
      if (!existing) {
        live.set(k, await c.create({ apiVersion: 'example.com/v1', kind: 'Foo', metadata: { name }, spec: { n: op } }));
      } else if (random() < 0.7) {
        live.set(k, await c.update({ ...existing, spec: { n: op } }));
      } else {
        await c.delete(name);
        live.delete(k);
      }
      const f = random();
      if (f < 0.04) {
        server.dropWatches();
        drops++;
      } else if (f < 0.07) {
        server.compact();
        server.dropWatches();
        compactions++;
      }
      if (op % 25 === 0) await new Promise((r) => setTimeout(r, 1));
    }
    expect(drops).toBeGreaterThan(5);
    expect(compactions).toBeGreaterThan(5);

    const truth = new Map((await all.list()).items.map((o) => [`${o.metadata?.namespace}/${o.metadata?.name}`, o.metadata!.resourceVersion!]));
    const cacheState = (inf: SharedIndexInformer<Foo>): Map<string, string> =>
      new Map(inf.getIndexer().list().map((o) => [`${o.metadata?.namespace}/${o.metadata?.name}`, o.metadata!.resourceVersion!]));
    const deadline = Date.now() + 15_000;
    for (const { inf } of informers) {
      while (JSON.stringify([...cacheState(inf)].sort()) !== JSON.stringify([...truth].sort())) {
        if (Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect([...cacheState(inf)].sort()).toEqual([...truth].sort());
      await inf.handlersIdle();
    }
    for (const { last } of informers) {
      for (const [k, rv] of truth) expect(last.get(k), k).toBe(rv);
      for (const [k, v] of last) if (!truth.has(k)) expect(v, k).toBe('deleted');
    }
    ac.abort();
    await t.close();
  }, 60_000);
});
