/**
 * SharedIndexInformer: one list/watch per resource, an indexed local cache, and any number of event
 * handlers, as client-go's. A Reflector fills a DeltaFIFO; a single loop pops deltas, updates the
 * indexer, and fans notifications out to every handler's own listener (so handlers never block each
 * other or the reflector). Handlers can be added before or after start; a handler added late first
 * receives an add for every cached object. Each handler may have its own resync period.
 */
import { realClock, type Clock } from '../util/clock.js';
import type { BackoffOptions } from './backoff.js';
import { DeltaFIFO, FIFOClosedError, type Delta } from './delta_fifo.js';
import { DeletedFinalStateUnknown, type ObjectWithMeta } from './keys.js';
import type { ListerWatcher } from './listwatch.js';
import {
  ProcessorListener,
  SharedProcessor,
  type HandlerErrorFunc,
  type HandlerOptions,
  type ResourceEventHandler,
  type ResourceEventHandlerRegistration,
} from './processor.js';
import { Reflector } from './reflector.js';
import { newIndexer, type Indexer, type Indexers } from './store.js';

export interface SharedIndexInformerOptions<T> {
  /** Default resync period for handlers (ms, 0 = none). */
  resyncPeriod?: number;
  indexers?: Indexers<T>;
  clock?: Clock;
  /** Used in log lines and errors. */
  name?: string;
  pageSize?: number;
  backoff?: BackoffOptions;
  useWatchList?: boolean;
  minWatchTimeoutSeconds?: number;
  /** Called when a handler throws (default: a line on stderr). */
  handlerErrorHandler?: HandlerErrorFunc;
}

/** Keys popped per turn of the event loop: a burst of events is absorbed without a promise per object. */
const POP_BATCH = 256;

/** Below this, handler resync periods are raised to it (client-go's minimumResyncPeriod is 1 s). */
const MINIMUM_RESYNC_PERIOD = 1000;

export class SharedIndexInformer<T extends ObjectWithMeta> {
  private readonly indexer: Indexer<T>;
  private readonly processor: SharedProcessor<T>;
  private readonly clock: Clock;
  private readonly name: string;
  private readonly defaultResync: number;
  private resyncCheckPeriod: number;
  private transform: ((obj: T) => T) | undefined;
  private watchErrorHandler: ((err: unknown) => void) | undefined;
  private readonly handlerError: HandlerErrorFunc;
  private fifo: DeltaFIFO<T> | undefined;
  private reflector: Reflector<T> | undefined;
  private started = false;
  private stopped = false;
  private syncedAnnounced = false;

  constructor(
    private readonly lw: ListerWatcher<T>,
    private readonly options: SharedIndexInformerOptions<T> = {},
  ) {
    this.clock = options.clock ?? realClock;
    this.name = options.name ?? 'informer';
    this.indexer = newIndexer<T>(options.indexers ?? {});
    this.processor = new SharedProcessor<T>(this.clock);
    this.defaultResync = options.resyncPeriod ?? 0;
    this.resyncCheckPeriod = this.defaultResync;
    this.handlerError =
      options.handlerErrorHandler ??
      ((err, kind) =>
        process.stderr.write(`${this.name}: ${kind} handler failed: ${err instanceof Error ? err.message : String(err)}\n`));
  }

  /** Registers a handler. After start, it first gets an add for every cached object. */
  addEventHandler(handler: ResourceEventHandler<T>, options: HandlerOptions = {}): ResourceEventHandlerRegistration {
    if (this.stopped) throw new Error(`${this.name}: handler not added: the informer has stopped`);
    let resync = options.resyncPeriod ?? this.defaultResync;
    if (resync > 0 && resync < MINIMUM_RESYNC_PERIOD) resync = MINIMUM_RESYNC_PERIOD;
    if (resync > 0) {
      if (this.started) {
        // The check period is fixed once running: handlers resync no more often than it.
        if (this.resyncCheckPeriod > 0 && resync < this.resyncCheckPeriod) resync = this.resyncCheckPeriod;
      } else if (this.resyncCheckPeriod === 0 || resync < this.resyncCheckPeriod) {
        this.resyncCheckPeriod = resync;
      }
    }
    const listener = new ProcessorListener<T>(handler, resync, this.clock, this.handlerError);
    this.processor.addListener(listener);
    if (this.started) {
      for (const obj of this.indexer.list()) listener.add({ kind: 'add', obj, initial: true });
      if (this.syncedAnnounced) listener.add({ kind: 'synced' });
    }
    return {
      hasSynced: () => listener.hasSynced(),
      remove: () => this.processor.removeListener(listener),
    };
  }

  /** A function applied to every object before it is cached (e.g. drop managedFields); set before run. */
  setTransform(fn: (obj: T) => T): void {
    if (this.started) throw new Error(`${this.name}: setTransform must be called before the informer starts`);
    this.transform = fn;
  }

  /** Receives every list/watch failure (the informer keeps retrying regardless); set before run. */
  setWatchErrorHandler(fn: (err: unknown) => void): void {
    if (this.started) throw new Error(`${this.name}: setWatchErrorHandler must be called before the informer starts`);
    this.watchErrorHandler = fn;
  }

  addIndexers(indexers: Indexers<T>): void {
    this.indexer.addIndexers(indexers);
  }

  getIndexer(): Indexer<T> {
    return this.indexer;
  }
  getStore(): Indexer<T> {
    return this.indexer;
  }

  /** True once the first list has been fully delivered into the cache. */
  hasSynced(): boolean {
    return this.fifo?.hasSynced() ?? false;
  }

  lastSyncResourceVersion(): string {
    return this.reflector?.lastSyncResourceVersion() ?? '';
  }

  isStopped(): boolean {
    return this.stopped;
  }

  /** Runs until the signal aborts; resolves once stopped. Can be called once. */
  async run(signal: AbortSignal): Promise<void> {
    if (this.started) throw new Error(`${this.name}: run called twice`);
    this.started = true;
    const fifo = new DeltaFIFO<T>({
      knownObjects: this.indexer,
      emitDeltaTypeReplaced: true,
      ...(this.transform ? { transformer: this.transform } : {}),
    });
    this.fifo = fifo;
    const reflector = new Reflector<T>(this.lw, fifo, {
      name: this.name,
      resyncPeriod: this.resyncCheckPeriod,
      shouldResync: () => this.processor.shouldResync(),
      clock: this.clock,
      ...(this.options.pageSize !== undefined ? { pageSize: this.options.pageSize } : {}),
      ...(this.options.backoff ? { backoff: this.options.backoff } : {}),
      ...(this.options.useWatchList !== undefined ? { useWatchList: this.options.useWatchList } : {}),
      ...(this.options.minWatchTimeoutSeconds !== undefined
        ? { minWatchTimeoutSeconds: this.options.minWatchTimeoutSeconds }
        : {}),
      ...(this.watchErrorHandler ? { watchErrorHandler: this.watchErrorHandler } : {}),
    });
    this.reflector = reflector;
    const onAbort = (): void => fifo.close();
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) fifo.close();
    const reflecting = reflector.run(signal);
    const process = (deltas: readonly Delta<T>[], initial: boolean): void => this.handleDeltas(deltas, initial);
    try {
      for (;;) {
        try {
          await fifo.popBatch(process, POP_BATCH);
        } catch (err) {
          if (err instanceof FIFOClosedError) break;
          this.handlerError(err, 'cache');
        }
        if (!this.syncedAnnounced && fifo.hasSynced()) {
          this.syncedAnnounced = true;
          this.processor.distribute({ kind: 'synced' }, false);
        }
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      await reflecting;
      this.stopped = true;
      this.processor.stop();
    }
  }

  /** Waits until every handler has processed what was delivered so far (tests, orderly shutdown). */
  handlersIdle(): Promise<void> {
    return this.processor.idle();
  }

  private handleDeltas(deltas: readonly Delta<T>[], isInInitialList: boolean): void {
    for (const d of deltas) {
      const obj = d.object;
      if (d.type === 'Deleted') {
        if (obj instanceof DeletedFinalStateUnknown) {
          const cached = this.indexer.getByKey(obj.key);
          if (cached !== undefined) this.indexer.delete(cached);
        } else {
          this.indexer.delete(obj);
        }
        this.processor.distribute({ kind: 'delete', obj }, false);
        continue;
      }
      if (obj instanceof DeletedFinalStateUnknown) continue;
      const old = this.indexer.get(obj);
      if (old !== undefined) {
        this.indexer.update(obj);
        const isSync =
          d.type === 'Sync' ||
          (d.type === 'Replaced' && old.metadata?.resourceVersion === obj.metadata?.resourceVersion);
        this.processor.distribute({ kind: 'update', oldObj: old, newObj: obj }, isSync);
      } else {
        this.indexer.add(obj);
        this.processor.distribute({ kind: 'add', obj, initial: isInInitialList }, false);
      }
    }
  }
}

/** Resolves true once every function reports synced, false if the signal aborts first. */
export async function waitForCacheSync(signal: AbortSignal, ...hasSynced: (() => boolean)[]): Promise<boolean> {
  const clock = realClock;
  for (;;) {
    if (hasSynced.every((f) => f())) return true;
    if (signal.aborted) return false;
    try {
      await clock.sleep(10, signal);
    } catch {
      return hasSynced.every((f) => f());
    }
  }
}
