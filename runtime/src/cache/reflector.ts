/**
 * Reflector: keeps a store in step with the server. It lists (paginated), replaces the store's content,
 * then watches from the list's resourceVersion with bookmarks, applying every event. As client-go's:
 * - a watch that ends (server timeout, dropped connection) is resumed from the last resourceVersion seen;
 * - a 410 Gone / Expired (history compacted) triggers a relist with no resourceVersion, and the
 *   store's `replace` turns objects that vanished meanwhile into deletes (DeltaFIFO's tombstones);
 * - other failures are reported to the watch-error handler and retried with exponential backoff and
 *   jitter, forever, until the signal ends — an informer never stops for good on an error;
 * - `useWatchList` streams the initial list through a watch with `sendInitialEvents=true` (falling back
 *   to a paginated list when the server refuses it).
 */
import { isResourceExpired, isTooLargeResourceVersion } from '../rest/errors.js';
import { realClock, type Clock, type Timer } from '../util/clock.js';
import { watchBatches } from '../watch/decode.js';
import type { WatchEvent } from '../watch/types.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import type { ObjectWithMeta } from './keys.js';
import type { ListerWatcher, ListWatchOptions } from './listwatch.js';

export interface ReflectorStore<T> {
  add(obj: T): void;
  update(obj: T): void;
  delete(obj: T): void;
  replace(list: readonly T[], resourceVersion: string): void;
  resync(): void;
}

export interface ReflectorOptions {
  /** Used in error messages, e.g. `samplecrd.k8s.io/v1, Resource=networks`. */
  name?: string;
  /** How often to call `store.resync()` (ms, 0 = never). */
  resyncPeriod?: number;
  /** Asked before each resync; skipped when false. */
  shouldResync?: () => boolean;
  clock?: Clock;
  /** Page size of the initial list (default 500, 0 = unpaginated). */
  pageSize?: number;
  backoff?: BackoffOptions;
  /** Called with every list/watch failure (default: a line on stderr). */
  watchErrorHandler?: (err: unknown) => void;
  /** Watches are asked to end after [min, 2·min) seconds, spreading reconnects (default 300). */
  minWatchTimeoutSeconds?: number;
  /** Use a streaming list (`sendInitialEvents=true`) for the initial state. */
  useWatchList?: boolean;
  random?: () => number;
}

/** A watch's events in batches, and events already read from it to apply first. */
interface EventBatches<T> {
  batches: AsyncIterator<readonly WatchEvent<T>[]>;
  first: readonly WatchEvent<T>[];
}

/** The bookmark annotation that ends the initial events of a streaming list. */
export const InitialEventsEndAnnotation = 'k8s.io/initial-events-end';

export class WatchEndedTooSoonError extends Error {
  constructor(name: string) {
    super(`${name}: very short watch: the watch closed at once without any event; retrying with backoff`);
    this.name = 'WatchEndedTooSoonError';
  }
}

export class Reflector<T extends ObjectWithMeta> {
  private lastRV = '';
  private rvUnavailable = false;
  private readonly clock: Clock;
  private readonly backoff: Backoff;
  private readonly name: string;
  private readonly onError: (err: unknown) => void;
  private readonly random: () => number;
  private watchListSupported: boolean;

  constructor(
    private readonly lw: ListerWatcher<T>,
    private readonly store: ReflectorStore<T>,
    private readonly options: ReflectorOptions = {},
  ) {
    this.clock = options.clock ?? realClock;
    this.random = options.random ?? Math.random;
    this.backoff = new Backoff(this.clock, { random: this.random, ...options.backoff });
    this.name = options.name ?? 'reflector';
    this.onError =
      options.watchErrorHandler ??
      ((err) => process.stderr.write(`${this.name}: ${err instanceof Error ? err.message : String(err)}\n`));
    this.watchListSupported = options.useWatchList ?? false;
  }

  /** The resourceVersion of the last list or event applied ('' before the first list). */
  lastSyncResourceVersion(): string {
    return this.lastRV;
  }

  /** Lists and watches until the signal aborts. Never rejects because of server errors. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let relistNow = false;
      try {
        relistNow = await this.listAndWatch(signal);
      } catch (err) {
        if (signal.aborted) break;
        this.onError(err);
      }
      if (signal.aborted) break;
      if (relistNow) continue;
      try {
        await this.clock.sleep(this.backoff.next(), signal);
      } catch {
        break;
      }
    }
  }

  /**
   * One list followed by watches. Returns true when the caller should relist at once (history was
   * compacted); throws on list failures.
   */
  private async listAndWatch(signal: AbortSignal): Promise<boolean> {
    let pendingWatchEvents: EventBatches<T> | undefined;
    let pendingStop: (() => void) | undefined;
    if (this.watchListSupported) {
      const streamed = await this.watchList(signal);
      if (streamed) {
        pendingWatchEvents = streamed.iterator;
        pendingStop = streamed.stop;
      } else {
        await this.list(signal);
      }
    } else {
      await this.list(signal);
    }
    const resync = this.startResync(signal);
    try {
      for (;;) {
        if (signal.aborted) return false;
        let iterator = pendingWatchEvents;
        let stop = pendingStop;
        pendingWatchEvents = undefined;
        pendingStop = undefined;
        if (!iterator) {
          const min = this.options.minWatchTimeoutSeconds ?? 300;
          const opts: ListWatchOptions = {
            resourceVersion: this.lastRV,
            allowWatchBookmarks: true,
            timeoutSeconds: Math.floor(min * (1 + this.random())),
            signal,
          };
          try {
            const w = await raceAbort(this.lw.watch(opts), signal, (late) => late.stop());
            iterator = { batches: watchBatches(w), first: [] };
            stop = () => w.stop();
          } catch (err) {
            if (signal.aborted) return false;
            if (isResourceExpired(err)) {
              this.rvUnavailable = true;
              return true;
            }
            this.onError(err);
            await this.clock.sleep(this.backoff.next(), signal).catch(() => undefined);
            continue;
          }
        }
        try {
          await this.handleWatch(iterator, stop!, signal);
        } catch (err) {
          if (signal.aborted) return false;
          if (isResourceExpired(err)) {
            this.rvUnavailable = true;
            return true;
          }
          this.onError(err);
          await this.clock.sleep(this.backoff.next(), signal).catch(() => undefined);
        }
      }
    } finally {
      resync?.stop();
    }
  }

  /** The resourceVersion to list from: '0' (any, from cache) at first, '' (latest) after a 410. */
  private relistResourceVersion(): string {
    if (this.rvUnavailable) return '';
    return this.lastRV === '' ? '0' : this.lastRV;
  }

  private async list(signal: AbortSignal): Promise<void> {
    const pageSize = this.options.pageSize ?? 500;
    const rv = this.relistResourceVersion();
    const items: T[] = [];
    let listRV = '';
    let cont: string | undefined;
    let first = true;
    for (;;) {
      const opts: ListWatchOptions = { signal };
      if (first) {
        opts.resourceVersion = rv;
        if (rv !== '' && rv !== '0') opts.resourceVersionMatch = 'NotOlderThan';
      }
      if (pageSize > 0) opts.limit = pageSize;
      if (cont) opts.continue = cont;
      let page;
      try {
        page = await raceAbort(this.lw.list(opts), signal);
      } catch (err) {
        if (isResourceExpired(err) || isTooLargeResourceVersion(err)) {
          // The resourceVersion (or a continue token) is too old, or newer than this server has seen (an
          // apiserver behind the one answered before): start over from the latest state, as client-go does.
          this.rvUnavailable = true;
          if (first && rv === '') throw err;
          return this.list(signal);
        }
        throw err;
      }
      for (const item of page.items) items.push(item);
      listRV = page.metadata?.resourceVersion ?? listRV;
      cont = page.metadata?.continue;
      first = false;
      if (!cont) break;
    }
    this.rvUnavailable = false;
    this.store.replace(items, listRV);
    this.lastRV = listRV;
    this.backoff.reset();
  }

  /**
   * Streams the initial state through a watch (`sendInitialEvents=true`): events up to the bookmark
   * annotated `k8s.io/initial-events-end` form the list. Returns the still-open watch to continue
   * from, or undefined when the server does not support it (the caller lists instead).
   */
  private async watchList(
    signal: AbortSignal,
  ): Promise<{ iterator: EventBatches<T>; stop: () => void } | undefined> {
    const opts: ListWatchOptions = {
      resourceVersion: this.rvUnavailable ? '' : this.lastRV,
      resourceVersionMatch: 'NotOlderThan',
      sendInitialEvents: true,
      allowWatchBookmarks: true,
      signal,
    };
    let w;
    try {
      w = await raceAbort(this.lw.watch(opts), signal, (late) => late.stop());
    } catch (err) {
      if (signal.aborted) throw err;
      this.watchListSupported = false;
      this.onError(err);
      return undefined;
    }
    const batches = watchBatches(w);
    const collected = new Map<string, T>();
    const keyOf = (o: T): string => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
    for (;;) {
      const r = await batches.next();
      if (r.done) {
        // The server closed before the end-of-initial-events bookmark: it does not stream lists.
        this.watchListSupported = false;
        return undefined;
      }
      const batch = r.value;
      for (let i = 0; i < batch.length; i++) {
        const ev = batch[i]!;
        const meta = ev.object.metadata as { resourceVersion?: string; annotations?: Record<string, string> } | undefined;
        if (ev.type === 'BOOKMARK') {
          if (meta?.annotations?.[InitialEventsEndAnnotation] === 'true') {
            const rv = meta.resourceVersion ?? '';
            this.store.replace(Array.from(collected.values()), rv);
            this.lastRV = rv;
            this.rvUnavailable = false;
            this.backoff.reset();
            // Events after the bookmark in the same batch are the watch's first ones.
            return { iterator: { batches, first: batch.slice(i + 1) }, stop: () => w.stop() };
          }
          continue;
        }
        if (ev.type === 'DELETED') collected.delete(keyOf(ev.object));
        else collected.set(keyOf(ev.object), ev.object);
      }
    }
  }

  private async handleWatch(events: EventBatches<T>, stop: () => void, signal: AbortSignal): Promise<void> {
    const onAbort = (): void => stop();
    signal.addEventListener('abort', onAbort, { once: true });
    // The signal may have aborted between the watch call settling and this listener: stop now.
    if (signal.aborted) stop();
    const started = this.clock.now();
    let count = 0;
    try {
      // A whole batch (every event of one network chunk) is applied in one turn: no promise per event.
      let batch: readonly WatchEvent<T>[] = events.first;
      for (;;) {
        for (const ev of batch) {
          if (signal.aborted) return;
          count++;
          switch (ev.type) {
            case 'ADDED':
              this.store.add(ev.object);
              break;
            case 'MODIFIED':
              this.store.update(ev.object);
              break;
            case 'DELETED':
              this.store.delete(ev.object);
              break;
            case 'BOOKMARK':
              break;
            default:
              throw new Error(`${this.name}: unexpected watch event type ${JSON.stringify(ev.type)}`);
          }
          const rv = ev.object.metadata?.resourceVersion;
          if (rv) this.lastRV = rv;
        }
        const r = await events.batches.next();
        if (r.done) break;
        batch = r.value;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      stop();
    }
    if (!signal.aborted && count === 0 && this.clock.now() - started < 1000) {
      throw new WatchEndedTooSoonError(this.name);
    }
  }

  private startResync(signal: AbortSignal): Timer | undefined {
    const period = this.options.resyncPeriod ?? 0;
    if (period <= 0) return undefined;
    let timer: Timer;
    const tick = (): void => {
      if (signal.aborted) return;
      if (this.options.shouldResync?.() ?? true) this.store.resync();
      timer = this.clock.setTimer(period, tick);
    };
    timer = this.clock.setTimer(period, tick);
    return { stop: () => timer.stop() };
  }
}

/**
 * Settles with `p`, or rejects as soon as `signal` aborts, so a list or watch call that ignores its
 * signal cannot keep a stopping reflector alive. A value that arrives after the abort goes to `late`.
 */
function raceAbort<R>(p: Promise<R>, signal: AbortSignal, late?: (value: R) => void): Promise<R> {
  if (signal.aborted) {
    p.then((v) => late?.(v), () => undefined);
    return Promise.reject(signal.reason ?? new Error('aborted'));
  }
  return new Promise<R>((resolve, reject) => {
    let done = false;
    const onAbort = (): void => {
      if (done) return;
      done = true;
      reject(signal.reason ?? new Error('aborted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        if (done) late?.(v);
        else {
          done = true;
          resolve(v);
        }
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        if (!done) {
          done = true;
          reject(err);
        }
      },
    );
  });
}
