/**
 * A work queue with client-go's semantics:
 * - an item is processed by at most one worker at a time;
 * - adding an item that is already waiting is a no-op (duplicates collapse);
 * - adding an item while it is being processed marks it dirty: it is queued again once `done` is called;
 * - items are handed out in FIFO order of their (first) addition.
 *
 * Items are compared with SameValueZero (strings and numbers by value, objects by identity); use
 * string keys such as `namespace/name`, as controllers do.
 */
import { realClock, type Clock } from '../util/clock.js';
import type { QueueMetrics } from './metrics.js';

export interface QueueOptions {
  /** Name reported to metrics. */
  name?: string;
  metrics?: QueueMetrics;
  clock?: Clock;
}

export type GetResult<T> = { item: T; shutdown: false } | { item: undefined; shutdown: true };

const SHUTDOWN: GetResult<never> = Object.freeze({ item: undefined, shutdown: true }) as GetResult<never>;

export interface Interface<T> {
  add(item: T): void;
  len(): number;
  /** Waits for the next item; resolves `{ shutdown: true }` once the queue is shut down and empty. */
  get(): Promise<GetResult<T>>;
  /** Marks an item as processed; a re-add that happened meanwhile queues it again. */
  done(item: T): void;
  /** Stops accepting items; waiting `get` calls resolve with shutdown once the queue is empty. */
  shutDown(): void;
  /** Like `shutDown`, then waits until every item handed out has been marked done. */
  shutDownWithDrain(): Promise<void>;
  shuttingDown(): boolean;
}

/** A growable ring buffer: O(1) push and shift. */
class Ring<T> {
  private buf: (T | undefined)[] = new Array<T | undefined>(16);
  private head = 0;
  private size = 0;
  get length(): number {
    return this.size;
  }
  push(v: T): void {
    if (this.size === this.buf.length) this.grow();
    this.buf[(this.head + this.size) & (this.buf.length - 1)] = v;
    this.size++;
  }
  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const v = this.buf[this.head];
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) & (this.buf.length - 1);
    this.size--;
    return v;
  }
  private grow(): void {
    const next = new Array<T | undefined>(this.buf.length * 2);
    for (let i = 0; i < this.size; i++) next[i] = this.buf[(this.head + i) & (this.buf.length - 1)];
    this.buf = next;
    this.head = 0;
  }
}

export class Queue<T> implements Interface<T> {
  private readonly queue = new Ring<T>();
  /** Items that need processing: waiting in `queue`, or re-added while processing. */
  private readonly dirty = new Set<T>();
  private readonly processing = new Set<T>();
  private readonly waiters: ((r: GetResult<T>) => void)[] = [];
  private drainWaiters: (() => void)[] = [];
  private shutting = false;
  private readonly name: string;
  private readonly metrics: QueueMetrics | undefined;
  protected readonly clock: Clock;
  /** Only maintained with metrics: when each waiting item was added / handed out. */
  private readonly addedAt: Map<T, number> | undefined;
  private readonly startedAt: Map<T, number> | undefined;

  constructor(options: QueueOptions = {}) {
    this.name = options.name ?? '';
    this.metrics = options.metrics;
    this.clock = options.clock ?? realClock;
    if (this.metrics) {
      this.addedAt = new Map();
      this.startedAt = new Map();
    }
  }

  add(item: T): void {
    if (this.shutting) return;
    if (this.dirty.has(item)) return;
    this.metrics?.add?.(this.name);
    this.dirty.add(item);
    if (this.processing.has(item)) return;
    this.enqueue(item);
  }

  private enqueue(item: T): void {
    this.addedAt?.set(item, this.clock.now());
    const waiter = this.waiters.shift();
    if (waiter) {
      waiter(this.take(item));
      return;
    }
    this.queue.push(item);
    this.metrics?.depth?.(this.name, this.queue.length);
  }

  /** Moves an item from waiting to processing and records metrics. */
  private take(item: T): GetResult<T> {
    this.dirty.delete(item);
    this.processing.add(item);
    if (this.metrics) {
      const now = this.clock.now();
      const added = this.addedAt!.get(item);
      this.addedAt!.delete(item);
      if (added !== undefined) this.metrics.latency?.(this.name, (now - added) / 1000);
      this.startedAt!.set(item, now);
    }
    return { item, shutdown: false };
  }

  len(): number {
    return this.queue.length;
  }

  get(): Promise<GetResult<T>> {
    if (this.queue.length > 0) {
      const item = this.queue.shift() as T;
      this.metrics?.depth?.(this.name, this.queue.length);
      return Promise.resolve(this.take(item));
    }
    if (this.shutting) return Promise.resolve(SHUTDOWN);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  done(item: T): void {
    if (!this.processing.delete(item)) return;
    if (this.metrics) {
      const started = this.startedAt!.get(item);
      this.startedAt!.delete(item);
      if (started !== undefined) this.metrics.workDuration?.(this.name, (this.clock.now() - started) / 1000);
    }
    if (this.dirty.has(item)) this.enqueue(item);
    if (this.processing.size === 0 && this.drainWaiters.length > 0) {
      const ws = this.drainWaiters;
      this.drainWaiters = [];
      for (const w of ws) w();
    }
  }

  shutDown(): void {
    if (this.shutting) return;
    this.shutting = true;
    // Waiters exist only while the queue is empty, so they all see shutdown.
    const ws = this.waiters.splice(0);
    for (const w of ws) w(SHUTDOWN);
  }

  shutDownWithDrain(): Promise<void> {
    this.shutDown();
    if (this.processing.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  shuttingDown(): boolean {
    return this.shutting;
  }

  /** Number of items handed out and not yet done (for tests and metrics). */
  processingCount(): number {
    return this.processing.size;
  }
}
