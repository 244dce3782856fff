/**
 * Watch and informer behaviour end to end, over HTTP through the REST client, with the samplecrd
 * fixture's generated clientset, listers and informers: pagination, bookmarks, a 410 after compaction
 * and how the client reports it, cancellation mid-watch, and a shared informer that syncs, delivers
 * events, resyncs, relists after a 410 (deletes missed during the gap arrive as tombstones) and serves
 * lister reads.
 */
import yaml from 'js-yaml';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeletedFinalStateUnknown, isResourceExpired, type ListOptions, type SharedIndexInformer, type Transport, type Watch } from '@kubegen/runtime';
import { startTestApiServer, type TestApiServer } from '@kubegen/runtime/testing';
import { generateFiles } from '../../src/pipeline.js';
import { goldenConfig, materialize, REPO_ROOT } from '../util/fixtures.js';
import { e2eTransport } from './transport.js';

const SCRATCH = join(REPO_ROOT, 'test', 'tmp', 'e2e-watch-informer');

interface Network {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string> };
  spec?: { cidr?: string; gateway?: string };
}
interface NetworkList {
  items: Network[];
  metadata?: { resourceVersion?: string; continue?: string };
}
interface NetworkClient {
  create(o: Network): Promise<Network>;
  update(o: Network): Promise<Network>;
  delete(name: string): Promise<unknown>;
  list(o?: ListOptions): Promise<NetworkList>;
  watch(o?: ListOptions): Promise<Watch<Network>>;
}
interface Clientset {
  samplecrdV1(): { networks(ns: string): NetworkClient };
}
interface Factory {
  samplecrd(): { v1(): { networks(): { informer(): SharedIndexInformer<Network>; lister(): { networks(ns: string): { get(n: string): Network | undefined; list(sel?: string): Network[] }; list(sel?: string): Network[] } } } };
  start(signal: AbortSignal): void;
  waitForCacheSync(signal: AbortSignal): Promise<Record<string, boolean>>;
  shutdown(): Promise<void>;
}

let server: TestApiServer;
let transport: Transport & { close(): Promise<void> };
let cs: Clientset;
let factoryMod: { newSharedInformerFactory(c: Clientset, resync?: number): Factory };

const net = (name: string, labels: Record<string, string> = {}): Network => ({
  apiVersion: 'samplecrd.k8s.io/v1',
  kind: 'Network',
  metadata: { name, labels },
  spec: { cidr: '10.0.0.0/8', gateway: '10.0.0.1' },
});

beforeAll(async () => {
  const config = goldenConfig('samplecrd');
  const result = generateFiles(config);
  expect(result.ok).toBe(true);
  materialize(config.inputDir, result.files, SCRATCH);
  const crds = result.files.filter((f) => f.root === 'crd').flatMap((f) => yaml.loadAll(f.content) as object[]);
  server = await startTestApiServer({ crds, bookmarkIntervalMs: 30, historyLimit: 1000 });
  await server.transport.request({ method: 'POST', path: '/api/v1/namespaces', body: { metadata: { name: 'other' } } });
  transport = (await e2eTransport(server)) as Transport & { close(): Promise<void> };
  const mod = (await import(pathToFileURL(join(SCRATCH, 'out', 'clientset', 'versioned', 'clientset.ts')).href)) as { newForTransport(t: Transport): Clientset };
  cs = mod.newForTransport(transport);
  factoryMod = (await import(pathToFileURL(join(SCRATCH, 'out', 'informers', 'externalversions', 'factory.ts')).href)) as typeof factoryMod;
});

afterAll(async () => {
  await transport?.close();
  await server?.close();
  rmSync(SCRATCH, { recursive: true, force: true });
});

const until = async (cond: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('watch over HTTP', () => {
  it('pages a list with limit/continue at one consistent resourceVersion', async () => {
    const c = cs.samplecrdV1().networks('default');
    for (let i = 0; i < 5; i++) await c.create(net(`page-${i}`, { set: 'paging' }));
    const names: string[] = [];
    const rvs = new Set<string>();
    let cont: string | undefined;
    let pages = 0;
    do {
      const page = await c.list({ labelSelector: 'set=paging', limit: 2, ...(cont ? { continue: cont } : {}) });
      names.push(...page.items.map((i) => i.metadata!.name!));
      rvs.add(page.metadata!.resourceVersion!);
      cont = page.metadata?.continue || undefined;
      pages++;
      if (pages === 1) await c.create(net('page-late', { set: 'paging' })); // not in this snapshot
    } while (cont);
    expect(pages).toBe(3);
    expect(names).toEqual(['page-0', 'page-1', 'page-2', 'page-3', 'page-4']);
    expect(rvs.size).toBe(1);
  });

  it('watches from a resourceVersion with bookmarks, and cancels mid-watch through the AbortSignal', async () => {
    const c = cs.samplecrdV1().networks('default');
    const start = (await c.list()).metadata!.resourceVersion!;
    const created = await c.create(net('w-1'));
    const ac = new AbortController();
    const w = await c.watch({ resourceVersion: start, allowWatchBookmarks: true, signal: ac.signal });
    const seen: string[] = [];
    for await (const ev of w) {
      seen.push(ev.type === 'BOOKMARK' ? 'BOOKMARK' : `${ev.type}:${ev.object.metadata!.name}`);
      if (ev.type === 'BOOKMARK') {
        expect(Number(ev.object.metadata!.resourceVersion)).toBeGreaterThanOrEqual(Number(created.metadata!.resourceVersion));
        ac.abort();
      }
    }
    expect(seen).toEqual(['ADDED:w-1', 'BOOKMARK']);
  });

  it('reports a 410 Expired once history is compacted, distinguishable from other errors', async () => {
    const c = cs.samplecrdV1().networks('default');
    const old = (await c.list()).metadata!.resourceVersion!;
    await c.create(net('gone-1'));
    server.compact();
    const err = await (async () => {
      for await (const _ of await c.watch({ resourceVersion: old })) void _;
    })().catch((e: unknown) => e);
    expect(isResourceExpired(err)).toBe(true);
    // The client's handling: relist, then watch from the list's resourceVersion.
    const list = await c.list();
    expect(list.items.some((i) => i.metadata!.name === 'gone-1')).toBe(true);
    const ac = new AbortController();
    const w = await c.watch({ resourceVersion: list.metadata!.resourceVersion!, signal: ac.signal });
    await c.delete('gone-1');
    for await (const ev of w) {
      expect(`${ev.type}:${ev.object.metadata!.name}`).toBe('DELETED:gone-1');
      ac.abort();
    }
  });
});

describe('generated shared informers over HTTP', () => {
  it('sync, handlers, resync, lister reads, and a relist after 410 that delivers missed deletes as tombstones', async () => {
    const c = cs.samplecrdV1().networks('other');
    await c.create(net('inf-a', { app: 'x' }));
    await c.create(net('inf-b', { app: 'y' }));
    const factory = factoryMod.newSharedInformerFactory(cs);
    const networks = factory.samplecrd().v1().networks();
    const inf = networks.informer();
    const events: string[] = [];
    let resyncs = 0;
    const reg = inf.addEventHandler({
      onAdd: (o, initial) => void events.push(`add:${o.metadata!.namespace}/${o.metadata!.name}${initial ? ':initial' : ''}`),
      onUpdate: (a, b) => {
        if (a.metadata!.resourceVersion === b.metadata!.resourceVersion) resyncs++;
        else events.push(`update:${b.metadata!.name}`);
      },
      onDelete: (o) => void events.push(o instanceof DeletedFinalStateUnknown ? `tombstone:${o.key}` : `delete:${o.metadata!.name}`),
    }, { resyncPeriod: 100 });
    const ac = new AbortController();
    factory.start(ac.signal);
    expect(Object.values(await factory.waitForCacheSync(ac.signal))).toEqual([true]);
    await until(() => reg.hasSynced());
    expect(events).toEqual(expect.arrayContaining(['add:other/inf-a:initial', 'add:other/inf-b:initial']));
    const lister = networks.lister();
    expect(lister.networks('other').get('inf-a')?.metadata?.labels).toEqual({ app: 'x' });
    expect(lister.networks('other').list('app=y').map((n) => n.metadata!.name)).toEqual(['inf-b']);
    expect(lister.networks('default').get('inf-a')).toBeUndefined();

    const a = lister.networks('other').get('inf-a')!;
    await c.update({ ...a, metadata: { ...a.metadata, labels: { app: 'z' } } });
    await until(() => events.includes('update:inf-a'));
    await until(() => resyncs >= 2, 3000);

    // Drop the watch and compact the history, then change things while the informer is away: it must
    // relist (410), see the new object, and deliver the delete it missed as a tombstone.
    server.compact();
    server.dropWatches();
    await c.delete('inf-b');
    await c.create(net('inf-c'));
    server.compact();
    await until(() => events.includes('add:other/inf-c') && events.some((e) => e === 'tombstone:other/inf-b' || e === 'delete:inf-b'));
    expect(lister.list().filter((n) => n.metadata!.namespace === 'other').map((n) => n.metadata!.name).sort()).toEqual(['inf-a', 'inf-c']);
    ac.abort();
    await factory.shutdown();
  });
});
