import { describe, expect, it } from 'vitest';
import { Lister, SharedIndexInformer } from '../../src/cache/index.js';
import { SharedInformerFactoryBase, resourceKey, stripManagedFields } from '../../src/informers/index.js';
import { FakeListerWatcher, until, type Obj } from '../cache/fake_lw.js';

const o = (name: string, namespace: string, labels: Record<string, string> = {}): Obj =>
  ({ metadata: { name, namespace, labels }, v: 1 }) as Obj;

const GVR = { group: 'samplecrd.k8s.io', version: 'v1', resource: 'networks' };

class TestFactory extends SharedInformerFactoryBase {
  readonly lw = new FakeListerWatcher();
  networks(): SharedIndexInformer<Obj> {
    const key = resourceKey(GVR);
    return this.informerFor(key, (resync) => new SharedIndexInformer<Obj>(this.lw, { resyncPeriod: resync, backoff: { initial: 1, max: 5, jitter: 0 } }));
  }
  constructor(...args: ConstructorParameters<typeof SharedInformerFactoryBase>) {
    super(...args);
    this.registerResource(resourceKey(GVR), () => this.networks());
  }
}

describe('SharedInformerFactoryBase', () => {
  it('shares one informer per resource, starts, syncs and shuts down together', async () => {
    const f = new TestFactory({ customResync: { [resourceKey(GVR)]: 60_000 } });
    f.lw.apply('ADDED', o('a', 'ns1', { app: 'x' }));
    f.lw.apply('ADDED', o('b', 'ns2'));
    expect(f.networks()).toBe(f.networks());
    expect(f.resyncFor(resourceKey(GVR))).toBe(60_000);
    expect(f.resyncFor('other')).toBe(0);
    const ac = new AbortController();
    f.start(ac.signal);
    expect(await f.waitForCacheSync(ac.signal)).toEqual({ 'samplecrd.k8s.io/v1/networks': true });
    const lister = new Lister(f.networks().getIndexer());
    expect(lister.list().map((x) => x.metadata.name).sort()).toEqual(['a', 'b']);
    expect(lister.namespace('ns1').get('a')?.metadata.name).toBe('a');
    expect(lister.namespace('ns2').get('a')).toBeUndefined();
    expect(lister.list({ matches: (l) => l['app'] === 'x' }).map((x) => x.metadata.name)).toEqual(['a']);
    const generic = f.forResource(GVR);
    expect(generic.informer()).toBe(f.networks());
    expect(generic.lister().list()).toHaveLength(2);
    expect(() => f.forResource({ ...GVR, resource: 'foos' })).toThrow(/no informer for resource samplecrd.k8s.io\/v1\/foos/);
    await f.shutdown();
    expect(f.networks().isStopped()).toBe(true);
  });

  it('applies the factory transform to cached objects', async () => {
    const f = new TestFactory({ transform: stripManagedFields });
    f.lw.apply('ADDED', { metadata: { name: 'a', namespace: 'n', managedFields: [{ manager: 'm' }] }, v: 1 } as unknown as Obj);
    f.networks(); // informers start only once requested, as in client-go
    const ac = new AbortController();
    f.start(ac.signal);
    await f.waitForCacheSync(ac.signal);
    await until(() => f.networks().getIndexer().list().length === 1);
    const cached = f.networks().getIndexer().list()[0]!.metadata;
    expect(cached).toMatchObject({ name: 'a', namespace: 'n' });
    expect(cached).not.toHaveProperty('managedFields');
    ac.abort();
    await f.shutdown();
  });

  it('reports unsynced informers when the signal aborts first', async () => {
    const f = new TestFactory();
    f.lw.list = () => new Promise(() => {});
    f.networks();
    const ac = new AbortController();
    f.start(ac.signal);
    setTimeout(() => ac.abort(), 20);
    expect(await f.waitForCacheSync(ac.signal)).toEqual({ 'samplecrd.k8s.io/v1/networks': false });
    await f.shutdown();
  });
});
