/**
 * DeltaFIFO: client-go's producer/consumer queue between a Reflector and an informer. For every object
 * key it accumulates the list of changes (deltas) not yet processed; `pop` hands one key's deltas to
 * the consumer, oldest key first.
 *
 * - Delta types: Added, Updated, Deleted, Replaced (an object listed by a relist), Sync (a periodic resync).
 * - Two consecutive Deleted deltas collapse into one (the one with the known final state wins).
 * - `replace(list)` after a relist queues Replaced for every listed object, and Deleted with a
 *   `DeletedFinalStateUnknown` tombstone for every key the queue holds or the consumer knows
 *   (`knownObjects`) that is absent from the list: deletes missed while disconnected are never lost.
 * - `resync()` queues Sync for every known object without pending deltas.
 * - `hasSynced()` becomes true once the first replace (or add) and all of its items have been popped.
 */
import { DeletedFinalStateUnknown, deletionHandlingMetaNamespaceKeyFunc, type KeyFunc, type ObjectWithMeta } from './keys.js';

export type DeltaType = 'Added' | 'Updated' | 'Deleted' | 'Replaced' | 'Sync';

export interface Delta<T> {
  type: DeltaType;
  object: T | DeletedFinalStateUnknown<T>;
}

/** What the consumer already holds (the informer's indexer). */
export interface KnownObjects<T> {
  listKeys(): string[];
  getByKey(key: string): T | undefined;
}

export interface DeltaFIFOOptions<T> {
  keyFunction?: KeyFunc<T>;
  knownObjects?: KnownObjects<T>;
  /** Queue `Replaced` (true, as informers use) or `Sync` (false, client-go's legacy default) on replace. */
  emitDeltaTypeReplaced?: boolean;
  /** Applied to every object entering the queue (not to tombstones); must be idempotent. */
  transformer?: (obj: T) => T;
}

export class FIFOClosedError extends Error {
  constructor() {
    super('DeltaFIFO: queue closed');
    this.name = 'FIFOClosedError';
  }
}

export type PopProcessFunc<T> = (deltas: readonly Delta<T>[], isInInitialList: boolean) => void | Promise<void>;

export class DeltaFIFO<T extends ObjectWithMeta> {
  private readonly items = new Map<string, Delta<T>[]>();
  private queue: string[] = [];
  private head = 0;
  private populated = false;
  private initialPopulationCount = 0;
  private closed = false;
  private waiters: (() => void)[] = [];
  private readonly keyFunc: KeyFunc<T>;
  private readonly knownObjects: KnownObjects<T> | undefined;
  private readonly emitReplaced: boolean;
  private readonly transformer: ((obj: T) => T) | undefined;

  constructor(options: DeltaFIFOOptions<T> = {}) {
    this.keyFunc = options.keyFunction ?? deletionHandlingMetaNamespaceKeyFunc;
    this.knownObjects = options.knownObjects;
    this.emitReplaced = options.emitDeltaTypeReplaced ?? false;
    this.transformer = options.transformer;
  }

  /** The key of an object or a tombstone. */
  keyOf(obj: T | DeletedFinalStateUnknown<T>): string {
    return obj instanceof DeletedFinalStateUnknown ? obj.key : this.keyFunc(obj);
  }

  add(obj: T): void {
    this.populated = true;
    this.queueAction('Added', obj);
  }
  update(obj: T): void {
    this.populated = true;
    this.queueAction('Updated', obj);
  }

  /**
   * Queues a deletion — unless nobody knows the object (not in knownObjects nor queued), in which case
   * there is nothing to delete.
   */
  delete(obj: T | DeletedFinalStateUnknown<T>): void {
    const id = this.keyOf(obj);
    this.populated = true;
    const queued = this.items.has(id);
    const known = this.knownObjects ? this.knownObjects.getByKey(id) !== undefined : false;
    if (!queued && !known) return;
    this.queueAction('Deleted', obj);
  }

  replace(list: readonly T[], _resourceVersion: string): void {
    const action: DeltaType = this.emitReplaced ? 'Replaced' : 'Sync';
    const keys = new Set<string>();
    for (const obj of list) {
      const key = this.keyOf(obj);
      keys.add(key);
      this.queueAction(action, obj, key);
    }
    // Deletion detection, first against what the queue holds, then against what the consumer knows
    // and has no pending deltas for: anything absent from the new list was deleted while we were away.
    let queuedDeletions = 0;
    for (const [k, deltas] of this.items) {
      if (keys.has(k)) continue;
      const newest = deltas[deltas.length - 1];
      let last: T | undefined;
      if (newest) last = newest.object instanceof DeletedFinalStateUnknown ? newest.object.obj : newest.object;
      queuedDeletions++;
      this.queueAction('Deleted', new DeletedFinalStateUnknown<T>(k, last), k);
    }
    if (this.knownObjects) {
      for (const k of this.knownObjects.listKeys()) {
        if (keys.has(k) || (this.items.get(k)?.length ?? 0) > 0) continue;
        queuedDeletions++;
        this.queueAction('Deleted', new DeletedFinalStateUnknown<T>(k, this.knownObjects.getByKey(k)), k);
      }
    }
    if (!this.populated) {
      this.populated = true;
      this.initialPopulationCount = keys.size + queuedDeletions;
    }
  }

  /** Queues a Sync delta for every known object that has no pending deltas. */
  resync(): void {
    if (!this.knownObjects) return;
    for (const k of this.knownObjects.listKeys()) {
      if ((this.items.get(k)?.length ?? 0) > 0) continue;
      const obj = this.knownObjects.getByKey(k);
      if (obj === undefined) continue;
      this.queueAction('Sync', obj, k);
    }
  }

  /**
   * Waits for the oldest key with deltas, removes it and calls `process` with its deltas. Rejects
   * with FIFOClosedError once the queue is closed and empty; an error thrown by `process` is passed
   * on (the deltas are not re-queued).
   */
  async pop(process: PopProcessFunc<T>): Promise<void> {
    await this.popBatch(process, 1);
  }

  /**
   * `pop` for up to `max` keys in a row, oldest first, without a turn of the event loop between them
   * (informers drain a burst of watch events this way); waits only while the queue is empty. An
   * asynchronous `process` is awaited before the next key; an error ends the batch and is passed on.
   * A batch also ends after the last key of the initial population (when `hasSynced` turns true).
   * Resolves with the number of keys popped.
   */
  async popBatch(process: PopProcessFunc<T>, max: number): Promise<number> {
    let popped = 0;
    for (;;) {
      while (this.head < this.queue.length && popped < max) {
        const id = this.queue[this.head++]!;
        this.compact();
        const deltas = this.items.get(id);
        if (!deltas) continue;
        this.items.delete(id);
        const isInInitialList = !this.hasSynced();
        if (this.initialPopulationCount > 0) this.initialPopulationCount--;
        popped++;
        const done = process(deltas, isInInitialList);
        // Await only what is asynchronous: a microtask per object adds up at informer rates.
        if (done !== undefined) await done;
        // The last key of the initial population ends a batch, so the consumer sees the moment it syncs.
        if (isInInitialList && this.hasSynced()) return popped;
      }
      if (popped > 0) return popped;
      if (this.closed) throw new FIFOClosedError();
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  close(): void {
    this.closed = true;
    this.wake();
  }
  isClosed(): boolean {
    return this.closed;
  }

  hasSynced(): boolean {
    return this.populated && this.initialPopulationCount === 0;
  }

  /** Keys with pending deltas, oldest first. */
  listKeys(): string[] {
    return this.queue.slice(this.head).filter((k) => this.items.has(k));
  }
  /** Pending deltas of a key (a copy). */
  getByKey(key: string): Delta<T>[] | undefined {
    const d = this.items.get(key);
    return d ? d.slice() : undefined;
  }
  /** Number of keys with pending deltas. */
  len(): number {
    return this.items.size;
  }

  private queueAction(type: DeltaType, obj: T | DeletedFinalStateUnknown<T>, knownKey?: string): void {
    const id = knownKey ?? this.keyOf(obj);
    if (this.transformer && !(obj instanceof DeletedFinalStateUnknown)) obj = this.transformer(obj);
    const old = this.items.get(id);
    const deltas = old ?? [];
    deltas.push({ type, object: obj });
    dedupDeltas(deltas);
    if (!old) {
      this.items.set(id, deltas);
      this.queue.push(id);
    }
    this.wake();
  }

  private wake(): void {
    if (this.waiters.length === 0) return;
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w();
  }

  /** Drops consumed queue slots once they dominate the array. */
  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}

/** Collapses two trailing Deleted deltas into one, keeping the one whose final state is known. */
function dedupDeltas<T>(deltas: Delta<T>[]): void {
  const n = deltas.length;
  if (n < 2) return;
  const newest = deltas[n - 1]!;
  const prev = deltas[n - 2]!;
  if (newest.type !== 'Deleted' || prev.type !== 'Deleted') return;
  deltas[n - 2] = prev.object instanceof DeletedFinalStateUnknown ? newest : prev;
  deltas.length = n - 1;
}
