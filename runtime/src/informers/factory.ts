/**
 * The shared informer factory, as client-go's `SharedInformerFactory`: one informer per resource however
 * many controllers ask for it, started together, synced together, shut down together. Generated
 * factories extend this class with typed accessors (`factory.samplecrd().v1().networks()`); the
 * behaviour lives here once.
 */
import { Lister } from '../cache/lister.js';
import type { ListWatchOptions } from '../cache/listwatch.js';
import type { ObjectWithMeta } from '../cache/keys.js';
import { SharedIndexInformer, waitForCacheSync } from '../cache/shared_informer.js';
import { realClock, type Clock } from '../util/clock.js';

export interface GroupVersionResourceKey {
  group: string;
  version: string;
  resource: string;
}

/** `group/version/resource` (`/v1/configmaps` for the core group): the key informers are shared by. */
export function resourceKey(gvr: GroupVersionResourceKey): string {
  return `${gvr.group}/${gvr.version}/${gvr.resource}`;
}

export interface SharedInformerFactoryOptions {
  /** Watch one namespace only ('' or absent: all namespaces). */
  namespace?: string;
  /** Adjusts every list and watch (label/field selectors), like client-go's `WithTweakListOptions`. */
  tweakListOptions?: (options: ListWatchOptions) => void;
  /** Default resync period in ms (0: none). */
  defaultResync?: number;
  /** Per-resource resync periods in ms, keyed by `resourceKey(gvr)`, like `WithCustomResyncConfig`. */
  customResync?: Readonly<Record<string, number>>;
  /** Transform applied to every object before it is cached (e.g. `stripManagedFields`). */
  transform?: (obj: unknown) => unknown;
  clock?: Clock;
}

/** An informer and a lister of untyped objects, as returned by `forResource`. */
export interface GenericInformer {
  informer(): SharedIndexInformer<ObjectWithMeta>;
  lister(): Lister<ObjectWithMeta>;
}

/** Drops `metadata.managedFields`: the usual transform to save cache memory. */
export function stripManagedFields<T>(obj: T): T {
  const meta = (obj as { metadata?: { managedFields?: unknown } }).metadata;
  if (meta !== undefined && meta.managedFields !== undefined) {
    const { managedFields: _dropped, ...rest } = meta;
    return { ...obj, metadata: rest } as T;
  }
  return obj;
}

export class SharedInformerFactoryBase {
  readonly namespace: string;
  readonly tweakListOptions: ((options: ListWatchOptions) => void) | undefined;
  readonly clock: Clock;
  private readonly defaultResync: number;
  private readonly customResync: Readonly<Record<string, number>>;
  private readonly transform: ((obj: unknown) => unknown) | undefined;
  private readonly informers = new Map<string, SharedIndexInformer<ObjectWithMeta>>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly generic = new Map<string, () => SharedIndexInformer<ObjectWithMeta>>();
  private readonly controller = new AbortController();
  private shuttingDown = false;

  constructor(options: SharedInformerFactoryOptions = {}) {
    this.namespace = options.namespace ?? '';
    this.tweakListOptions = options.tweakListOptions;
    this.defaultResync = options.defaultResync ?? 0;
    this.customResync = options.customResync ?? {};
    this.transform = options.transform;
    this.clock = options.clock ?? realClock;
  }

  /** The resync period for a resource: its custom period, else the default. */
  resyncFor(key: string): number {
    return this.customResync[key] ?? this.defaultResync;
  }

  /**
   * The shared informer of a resource, created by `create(resync)` on first request. Generated code calls
   * this; every later call for the same key returns the same informer.
   */
  informerFor<T extends ObjectWithMeta>(key: string, create: (resyncPeriod: number) => SharedIndexInformer<T>): SharedIndexInformer<T> {
    const existing = this.informers.get(key);
    if (existing !== undefined) return existing as unknown as SharedIndexInformer<T>;
    const informer = create(this.resyncFor(key));
    if (this.transform !== undefined) informer.setTransform(this.transform as (obj: T) => T);
    this.informers.set(key, informer as unknown as SharedIndexInformer<ObjectWithMeta>);
    return informer;
  }

  /** Registers how `forResource(gvr)` builds the informer of a resource (generated factories do this). */
  protected registerResource<T extends ObjectWithMeta>(key: string, get: () => SharedIndexInformer<T>): void {
    this.generic.set(key, get as unknown as () => SharedIndexInformer<ObjectWithMeta>);
  }

  /** A generic informer for a resource this factory knows; throws for an unknown resource. */
  forResource(gvr: GroupVersionResourceKey): GenericInformer {
    const key = resourceKey(gvr);
    const get = this.generic.get(key);
    if (get === undefined) {
      const known = [...this.generic.keys()].sort().join(', ') || 'none';
      throw new Error(`no informer for resource ${key}: this factory knows ${known}`);
    }
    return {
      informer: get,
      lister: () => new Lister(get().getIndexer(), `${gvr.group}/${gvr.resource}`),
    };
  }

  /**
   * Starts every informer requested so far that is not running yet. Call again after requesting more
   * informers. They stop when `signal` aborts or on `shutdown()`.
   */
  start(signal: AbortSignal): void {
    if (this.shuttingDown) return;
    for (const [key, informer] of this.informers) {
      if (this.running.has(key)) continue;
      const both = AbortSignal.any([signal, this.controller.signal]);
      this.running.set(key, informer.run(both));
    }
  }

  /**
   * Waits until every started informer has synced, or `signal` aborts. Resolves to each resource key's
   * sync state, as client-go's `WaitForCacheSync` returns a map.
   */
  async waitForCacheSync(signal: AbortSignal): Promise<Record<string, boolean>> {
    const keys = [...this.running.keys()].sort();
    const result: Record<string, boolean> = {};
    await Promise.all(
      keys.map(async (key) => {
        const informer = this.informers.get(key)!;
        result[key] = await waitForCacheSync(signal, () => informer.hasSynced());
      }),
    );
    const ordered: Record<string, boolean> = {};
    for (const key of keys) ordered[key] = result[key] ?? false;
    return ordered;
  }

  /** Stops every informer and waits until all have returned. Further `start` calls do nothing. */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    this.controller.abort();
    await Promise.allSettled([...this.running.values()]);
  }

  /** Keys of the informers requested so far, sorted. */
  resources(): string[] {
    return [...this.informers.keys()].sort();
  }
}
