/** An in-memory ListerWatcher for cache tests: a versioned object set with scriptable watches and failures. */
import type { ListResult, ListWatchOptions, ListerWatcher } from '../../src/cache/index.js';
import type { Watch, WatchEvent } from '../../src/watch/types.js';

export interface Obj {
  metadata: { name: string; namespace?: string; resourceVersion?: string; annotations?: Record<string, string> };
  v?: number;
}

export class FakeWatch<T> implements Watch<T> {
  private queue: (WatchEvent<T> | { error: unknown } | { end: true })[] = [];
  private waiter: (() => void) | undefined;
  stopped = false;

  push(ev: WatchEvent<T>): void {
    this.queue.push(ev);
    this.wake();
  }
  fail(error: unknown): void {
    this.queue.push({ error });
    this.wake();
  }
  end(): void {
    this.queue.push({ end: true });
    this.wake();
  }
  stop(): void {
    this.stopped = true;
    this.wake();
  }
  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }
  async *[Symbol.asyncIterator](): AsyncIterator<WatchEvent<T>> {
    for (;;) {
      if (this.stopped) return;
      const next = this.queue.shift();
      if (!next) {
        await new Promise<void>((r) => (this.waiter = r));
        continue;
      }
      if ('end' in next) return;
      if ('error' in next) throw next.error;
      yield next;
    }
  }
}

export class FakeListerWatcher implements ListerWatcher<Obj> {
  rv = 0;
  readonly objects = new Map<string, Obj>();
  readonly lists: ListWatchOptions[] = [];
  readonly watchOptions: ListWatchOptions[] = [];
  readonly watches: FakeWatch<Obj>[] = [];
  /** Errors thrown by the next list calls, in order. */
  listFailures: unknown[] = [];
  /** Errors thrown by the next watch calls, in order. */
  watchFailures: unknown[] = [];
  private watchWaiters: (() => void)[] = [];

  private key(o: Obj): string {
    return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  }
  /** Changes server state and sends the event to open watches. */
  apply(type: 'ADDED' | 'MODIFIED' | 'DELETED', o: Obj, broadcast = true): Obj {
    const obj: Obj = { ...o, metadata: { ...o.metadata, resourceVersion: String(++this.rv) } };
    if (type === 'DELETED') this.objects.delete(this.key(o));
    else this.objects.set(this.key(o), obj);
    if (broadcast) for (const w of this.watches) if (!w.stopped) w.push({ type, object: obj });
    return obj;
  }
  list(options: ListWatchOptions): Promise<ListResult<Obj>> {
    this.lists.push(options);
    const f = this.listFailures.shift();
    if (f) return Promise.reject(f);
    const all = Array.from(this.objects.values());
    const start = options.continue ? Number(options.continue) : 0;
    const end = options.limit ? Math.min(all.length, start + options.limit) : all.length;
    const metadata: { resourceVersion: string; continue?: string } = { resourceVersion: String(this.rv) };
    if (end < all.length) metadata.continue = String(end);
    return Promise.resolve({ items: all.slice(start, end), metadata });
  }
  watch(options: ListWatchOptions): Promise<Watch<Obj>> {
    this.watchOptions.push(options);
    const f = this.watchFailures.shift();
    if (f) return Promise.reject(f);
    const w = new FakeWatch<Obj>();
    this.watches.push(w);
    for (const r of this.watchWaiters.splice(0)) r();
    return Promise.resolve(w);
  }
  /** Resolves once `n` watches have been opened in total. */
  async waitForWatches(n: number): Promise<FakeWatch<Obj>> {
    while (this.watches.length < n) await new Promise<void>((r) => this.watchWaiters.push(r));
    return this.watches[n - 1]!;
  }
  current(): FakeWatch<Obj> {
    return this.watches[this.watches.length - 1]!;
  }
}

export async function until(cond: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}
