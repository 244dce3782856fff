import { describe, expect, it } from 'vitest';
import { DeletedFinalStateUnknown, SharedIndexInformer, waitForCacheSync } from '../../src/cache/index.js';
import { FakeClock } from '../../src/util/clock.js';
import { FakeListerWatcher, until, type Obj } from './fake_lw.js';
import { ApiError } from '../../src/rest/errors.js';
import { decodeWatch } from '../../src/watch/decode.js';
import type { ListerWatcher } from '../../src/cache/index.js';

const expiredError = (): ApiError =>
  new ApiError({ code: 410, reason: 'Expired', message: 'too old resource version: 1 (5)' });

const o = (name: string, v = 0, namespace = 'ns'): Obj => ({ metadata: { name, namespace }, v });
const fastBackoff = { initial: 1, max: 5, jitter: 0 };

function recorder(): { events: string[]; handler: Parameters<SharedIndexInformer<Obj>['addEventHandler']>[0] } {
  const events: string[] = [];
  return {
    events,
    handler: {
      onAdd: (x, initial) => void events.push(`add ${x.metadata.name} v${x.v}${initial ? ' initial' : ''}`),
      onUpdate: (a, b) => void events.push(`update ${a.metadata.name} v${a.v}->v${b.v}`),
      onDelete: (x) =>
        void events.push(
          x instanceof DeletedFinalStateUnknown ? `delete tombstone ${x.key}` : `delete ${x.metadata.name}`,
        ),
    },
  };
}

async function started(lw: FakeListerWatcher, inf: SharedIndexInformer<Obj>): Promise<AbortController> {
  const ac = new AbortController();
  void inf.run(ac.signal);
  expect(await waitForCacheSync(ac.signal, () => inf.hasSynced())).toBe(true);
  await lw.waitForWatches(1);
  return ac;
}

describe('SharedIndexInformer', () => {
  it('lists, syncs, then applies watch events to the cache and every handler', async () => {
    const lw = new FakeListerWatcher();
    lw.apply('ADDED', o('a', 1));
    lw.apply('ADDED', o('b', 1));
    const inf = new SharedIndexInformer<Obj>(lw, { backoff: fastBackoff });
    const r1 = recorder();
    const r2 = recorder();
    const reg1 = inf.addEventHandler(r1.handler);
    inf.addEventHandler(r2.handler);
    const ac = await started(lw, inf);
    expect(lw.lists[0]).toMatchObject({ resourceVersion: '0', limit: 500 });
    expect(lw.watchOptions[0]).toMatchObject({ resourceVersion: '2', allowWatchBookmarks: true });
    lw.apply('MODIFIED', o('a', 2));
    lw.apply('ADDED', o('c', 1));
    lw.apply('DELETED', o('b', 1));
    lw.current().push({ type: 'BOOKMARK', object: { metadata: { name: '', resourceVersion: '42' } } });
    await until(() => inf.lastSyncResourceVersion() === '42');
    await inf.handlersIdle();
    const want = ['add a v1 initial', 'add b v1 initial', 'update a v1->v2', 'add c v1', 'delete b'];
    expect(r1.events).toEqual(want);
    expect(r2.events).toEqual(want);
    expect(reg1.hasSynced()).toBe(true);
    expect(inf.getIndexer().listKeys().sort()).toEqual(['ns/a', 'ns/c']);
    expect(inf.getIndexer().getByKey('ns/a')?.v).toBe(2);
    ac.abort();
  });

  it('paginates the initial list', async () => {
    const lw = new FakeListerWatcher();
    for (let i = 0; i < 7; i++) lw.apply('ADDED', o(`o${i}`));
    const inf = new SharedIndexInformer<Obj>(lw, { pageSize: 3, backoff: fastBackoff });
    const ac = await started(lw, inf);
    expect(lw.lists.map((l) => l.continue ?? '')).toEqual(['', '3', '6']);
    expect(inf.getIndexer().listKeys().length).toBe(7);
    ac.abort();
  });

  it('resumes a dropped watch from the last resourceVersion without relisting', async () => {
    const lw = new FakeListerWatcher();
    lw.apply('ADDED', o('a'));
    const inf = new SharedIndexInformer<Obj>(lw, { backoff: fastBackoff });
    const ac = await started(lw, inf);
    lw.apply('MODIFIED', o('a', 5));
    await until(() => inf.getIndexer().getByKey('ns/a')?.v === 5);
    lw.current().end();
    const w2 = await lw.waitForWatches(2);
    expect(w2).toBeDefined();
    expect(lw.watchOptions[1]?.resourceVersion).toBe('2');
    expect(lw.lists.length).toBe(1);
    ac.abort();
  });

  it('relists after 410 Expired and turns objects deleted meanwhile into tombstone deletes', async () => {
    const lw = new FakeListerWatcher();
    lw.apply('ADDED', o('stay', 1));
    lw.apply('ADDED', o('gone', 1));
    lw.apply('ADDED', o('same', 1));
    const inf = new SharedIndexInformer<Obj>(lw, { backoff: fastBackoff });
    const r = recorder();
    inf.addEventHandler(r.handler);
    const ac = await started(lw, inf);
    // Changes happen while the watch is away; history is compacted.
    lw.apply('MODIFIED', o('stay', 2), false);
    lw.apply('DELETED', o('gone', 1), false);
    lw.apply('ADDED', o('new', 1), false);
    lw.current().fail(expiredError());
    await until(() => lw.lists.length === 2 && inf.getIndexer().listKeys().length === 3);
    expect(lw.lists[1]?.resourceVersion).toBe('');
    await inf.handlersIdle();
    expect(r.events.slice(3)).toEqual(['update stay v1->v2', 'add new v1', 'delete tombstone ns/gone']);
    expect(inf.getIndexer().listKeys().sort()).toEqual(['ns/new', 'ns/same', 'ns/stay']);
    ac.abort();
  });

  it('lists again from the latest state when the server has not seen the resourceVersion yet (ResourceVersionTooLarge)', async () => {
    const lw = new FakeListerWatcher();
    lw.apply('ADDED', o('a'));
    lw.listFailures = [
      new ApiError({ code: 504, reason: 'Timeout', message: 'Too large resource version: 7, current: 1', details: { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }] } }),
    ];
    const inf = new SharedIndexInformer<Obj>(lw, { backoff: fastBackoff });
    const errors: unknown[] = [];
    inf.setWatchErrorHandler((e) => errors.push(e));
    const ac = await started(lw, inf);
    expect(lw.lists.map((l) => l.resourceVersion)).toEqual(['0', '']);
    expect(errors).toEqual([]);
    expect(inf.getIndexer().listKeys()).toEqual(['ns/a']);
    ac.abort();
  });

  it('keeps retrying after list failures, reporting each to the watch-error handler', async () => {
    const lw = new FakeListerWatcher();
    lw.apply('ADDED', o('a'));
    lw.listFailures = [new Error('connection refused'), new Error('connection reset')];
    const inf = new SharedIndexInformer<Obj>(lw, { backoff: fastBackoff });
    const errors: string[] = [];
    inf.setWatchErrorHandler((e) => errors.push((e as Error).message));
    const ac = await started(lw, inf);
    expect(errors).toEqual(['connection refused', 'connection reset']);
    expect(inf.getIndexer().listKeys()).toEqual(['ns/a']);
    ac.abort();
  });

  it('delivers a late handler every cached object, then live events', async () => {
    const lw = new FakeListerWatcher();
    lw.apply('ADDED', o('a'));
    const inf = new SharedIndexInformer<Obj>(lw, { backoff: fastBackoff });
    const ac = await started(lw, inf);
    const r = recorder();
    const reg = inf.addEventHandler(r.handler);
    await until(() => reg.hasSynced());
    lw.apply('ADDED', o('b'));
    await until(() => r.events.length === 2);
    expect(r.events).toEqual(['add a v0 initial', 'add b v0']);
    reg.remove();
    lw.apply('ADDED', o('c'));
    await until(() => inf.getIndexer().listKeys().length === 3);
    await inf.handlersIdle();
    expect(r.events.length).toBe(2);
    ac.abort();
  });

  it('a slow or failing handler blocks neither other handlers nor the cache', async () => {
    const lw = new FakeListerWatcher();
    const inf = new SharedIndexInformer<Obj>(lw, { backoff: fastBackoff, handlerErrorHandler: () => {} });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slowSeen: string[] = [];
    inf.addEventHandler({
      onAdd: async (x) => {
        slowSeen.push(x.metadata.name);
        await gate;
      },
    });
    inf.addEventHandler({
      onAdd: () => {
        throw new Error('handler bug');
      },
    });
    const fast = recorder();
    inf.addEventHandler(fast.handler);
    const ac = await started(lw, inf);
    for (let i = 0; i < 5; i++) lw.apply('ADDED', o(`x${i}`));
    await until(() => fast.events.length === 5);
    expect(slowSeen).toEqual(['x0']);
    expect(inf.getIndexer().listKeys().length).toBe(5);
    release();
    await until(() => slowSeen.length === 5);
    ac.abort();
  });

  it('resyncs each handler on its own period with the cached objects', async () => {
    const clock = new FakeClock(0);
    const lw = new FakeListerWatcher();
    lw.apply('ADDED', o('a', 1));
    const inf = new SharedIndexInformer<Obj>(lw, { clock, backoff: fastBackoff });
    const every1s = recorder();
    const every3s = recorder();
    const never = recorder();
    inf.addEventHandler(every1s.handler, { resyncPeriod: 1000 });
    inf.addEventHandler(every3s.handler, { resyncPeriod: 3000 });
    inf.addEventHandler(never.handler);
    const ac = new AbortController();
    void inf.run(ac.signal);
    await until(() => inf.hasSynced());
    await lw.waitForWatches(1);
    for (let i = 0; i < 3; i++) {
      await clock.advance(1000);
      await inf.handlersIdle();
    }
    expect(every1s.events.filter((e) => e.startsWith('update')).length).toBe(3);
    expect(every3s.events.filter((e) => e.startsWith('update')).length).toBe(1);
    expect(never.events).toEqual(['add a v1 initial']);
    ac.abort();
  });

  it('applies the transform before caching', async () => {
    const lw = new FakeListerWatcher();
    lw.apply('ADDED', { metadata: { name: 'a', namespace: 'ns', annotations: { big: 'x'.repeat(100) } }, v: 1 });
    const inf = new SharedIndexInformer<Obj>(lw, { backoff: fastBackoff });
    inf.setTransform((x) => ({ ...x, metadata: { ...x.metadata, annotations: {} } }));
    const ac = await started(lw, inf);
    expect(inf.getIndexer().getByKey('ns/a')?.metadata.annotations).toEqual({});
    expect(() => inf.setTransform((x) => x)).toThrow(/before the informer starts/);
    ac.abort();
  });

  it('streams the initial list with sendInitialEvents when asked', async () => {
    const lw = new FakeListerWatcher();
    lw.apply('ADDED', o('a'));
    const inf = new SharedIndexInformer<Obj>(lw, { backoff: fastBackoff, useWatchList: true });
    const ac = new AbortController();
    void inf.run(ac.signal);
    const w = await lw.waitForWatches(1);
    expect(lw.watchOptions[0]).toMatchObject({ sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan' });
    w.push({ type: 'ADDED', object: lw.objects.get('ns/a')! });
    expect(inf.hasSynced()).toBe(false);
    w.push({
      type: 'BOOKMARK',
      object: { metadata: { name: '', resourceVersion: '1', annotations: { 'k8s.io/initial-events-end': 'true' } } },
    });
    await until(() => inf.hasSynced());
    lw.apply('ADDED', o('b'));
    await until(() => inf.getIndexer().listKeys().length === 2);
    expect(lw.lists.length).toBe(0);
    ac.abort();
  });

  it('applies a decoded stream chunk by chunk: initial events, the end bookmark and later events in one chunk', async () => {
    const ev = (type: string, name: string, rv: number, v: number): string =>
      `${JSON.stringify({ type, object: { metadata: { name, namespace: 'ns', resourceVersion: String(rv) }, v } })}\n`;
    const end = `${JSON.stringify({ type: 'BOOKMARK', object: { metadata: { name: '', resourceVersion: '2', annotations: { 'k8s.io/initial-events-end': 'true' } } } })}\n`;
    // 1,000 more updates in the second chunk: a burst applied batch by batch.
    let burst = '';
    for (let i = 1; i <= 1000; i++) burst += ev('MODIFIED', 'a', 5 + i, 2 + i);
    const body = [ev('ADDED', 'a', 1, 1) + ev('ADDED', 'b', 2, 1) + end + ev('MODIFIED', 'a', 3, 2) + ev('DELETED', 'b', 4, 1) + ev('ADDED', 'c', 5, 1), burst];
    let watches = 0;
    const lw: ListerWatcher<Obj> = {
      list: () => Promise.reject(new Error('no list expected')),
      watch: () => {
        watches++;
        if (watches > 1) return new Promise(() => undefined);
        return Promise.resolve(decodeWatch<Obj>((async function* () { yield* body.map((t) => new TextEncoder().encode(t)); await new Promise(() => undefined); })()));
      },
    };
    const inf = new SharedIndexInformer<Obj>(lw, { backoff: fastBackoff, useWatchList: true });
    const r = recorder();
    const reg = inf.addEventHandler(r.handler);
    const ac = new AbortController();
    void inf.run(ac.signal);
    await until(() => inf.lastSyncResourceVersion() === '1005');
    await inf.handlersIdle();
    expect(r.events.slice(0, 5)).toEqual(['add a v1 initial', 'add b v1 initial', 'update a v1->v2', 'delete b', 'add c v1']);
    expect(r.events.length).toBe(1005);
    expect(r.events[1004]).toBe('update a v1001->v1002');
    expect(reg.hasSynced()).toBe(true);
    expect(inf.getIndexer().listKeys().sort()).toEqual(['ns/a', 'ns/c']);
    expect(inf.getIndexer().getByKey('ns/a')?.v).toBe(1002);
    ac.abort();
  });

  it('stops when the signal aborts and resolves run', async () => {
    const lw = new FakeListerWatcher();
    const inf = new SharedIndexInformer<Obj>(lw, { backoff: fastBackoff });
    const ac = new AbortController();
    const done = inf.run(ac.signal);
    await lw.waitForWatches(1);
    ac.abort();
    await done;
    expect(inf.isStopped()).toBe(true);
    expect(lw.current().stopped).toBe(true);
  });
});
