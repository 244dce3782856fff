/**
 * Handler dispatch for shared informers. Each registered handler gets its own listener: an unbounded
 * buffer and a loop that delivers notifications in order, one at a time, awaiting async handlers. A
 * slow or failing handler never blocks other handlers or the reflector (client-go's processorListener).
 */
import type { Clock } from '../util/clock.js';
import type { DeletedFinalStateUnknown } from './keys.js';

export interface ResourceEventHandler<T> {
  /** An object appeared; `isInInitialList` is true for objects of the informer's first list. */
  onAdd?(obj: T, isInInitialList: boolean): void | Promise<void>;
  /** An object changed, or a periodic resync re-delivered it (then `oldObj === newObj` in content). */
  onUpdate?(oldObj: T, newObj: T): void | Promise<void>;
  /** An object was deleted; a tombstone when the final state was missed while disconnected. */
  onDelete?(obj: T | DeletedFinalStateUnknown<T>): void | Promise<void>;
}

export interface HandlerOptions {
  /** Resync period for this handler in ms (0: none). Rounded up to the informer's check period. */
  resyncPeriod?: number;
}

export interface ResourceEventHandlerRegistration {
  /** True once every object of the informer's initial list has been delivered to this handler. */
  hasSynced(): boolean;
  /** Stops delivering to this handler. */
  remove(): void;
}

export type Notification<T> =
  | { kind: 'add'; obj: T; initial: boolean }
  | { kind: 'update'; oldObj: T; newObj: T }
  | { kind: 'delete'; obj: T | DeletedFinalStateUnknown<T> }
  | { kind: 'synced' };

/** Called when a handler throws; the default logs to stderr. */
export type HandlerErrorFunc = (err: unknown, notification: string) => void;

export class ProcessorListener<T> {
  private buffer: Notification<T>[] = [];
  private head = 0;
  private running = false;
  private stopped = false;
  private synced = false;
  private idleWaiters: (() => void)[] = [];
  nextResync: number;

  constructor(
    readonly handler: ResourceEventHandler<T>,
    readonly resyncPeriod: number,
    private readonly clock: Clock,
    private readonly onError: HandlerErrorFunc,
  ) {
    this.nextResync = resyncPeriod > 0 ? clock.now() + resyncPeriod : Infinity;
  }

  hasSynced(): boolean {
    return this.synced;
  }

  add(n: Notification<T>): void {
    if (this.stopped) return;
    this.buffer.push(n);
    if (!this.running) {
      this.running = true;
      queueMicrotask(() => void this.loop());
    }
  }

  stop(): void {
    this.stopped = true;
    this.buffer = [];
    this.head = 0;
    this.wakeIdle();
  }

  /** Resolves when everything buffered so far has been delivered (for tests and orderly shutdown). */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  shouldResync(now: number): boolean {
    return this.resyncPeriod > 0 && now >= this.nextResync;
  }

  determineNextResync(now: number): void {
    this.nextResync = this.resyncPeriod > 0 ? now + this.resyncPeriod : Infinity;
  }

  private async loop(): Promise<void> {
    while (!this.stopped && this.head < this.buffer.length) {
      const n = this.buffer[this.head]!;
      this.buffer[this.head++] = undefined as unknown as Notification<T>;
      if (this.head > 1024 && this.head * 2 > this.buffer.length) {
        this.buffer = this.buffer.slice(this.head);
        this.head = 0;
      }
      try {
        let done: void | Promise<void> = undefined;
        switch (n.kind) {
          case 'add':
            done = this.handler.onAdd?.(n.obj, n.initial);
            break;
          case 'update':
            done = this.handler.onUpdate?.(n.oldObj, n.newObj);
            break;
          case 'delete':
            done = this.handler.onDelete?.(n.obj);
            break;
          case 'synced':
            this.synced = true;
            break;
        }
        // An asynchronous handler is awaited (one notification at a time per handler); a synchronous
        // one costs no microtask.
        if (done !== undefined) await done;
      } catch (err) {
        this.onError(err, n.kind);
      }
    }
    this.buffer = [];
    this.head = 0;
    this.running = false;
    this.wakeIdle();
  }

  private wakeIdle(): void {
    const ws = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of ws) w();
  }
}

/** Fans notifications out to listeners; tracks which listeners a resync is due for. */
export class SharedProcessor<T> {
  private readonly listeners = new Set<ProcessorListener<T>>();
  private syncing = new Set<ProcessorListener<T>>();

  constructor(private readonly clock: Clock) {}

  addListener(l: ProcessorListener<T>): void {
    this.listeners.add(l);
  }
  removeListener(l: ProcessorListener<T>): void {
    this.listeners.delete(l);
    this.syncing.delete(l);
    l.stop();
  }
  listenerCount(): number {
    return this.listeners.size;
  }

  /** Sends to every listener, or — for resync notifications — only to those whose resync is due. */
  distribute(n: Notification<T>, isSync: boolean): void {
    for (const l of isSync ? this.syncing : this.listeners) l.add(n);
  }

  /** Decides which listeners a resync goes to; true when at least one is due. */
  shouldResync(): boolean {
    const now = this.clock.now();
    this.syncing = new Set();
    for (const l of this.listeners) {
      if (l.shouldResync(now)) {
        this.syncing.add(l);
        l.determineNextResync(now);
      }
    }
    return this.syncing.size > 0;
  }

  stop(): void {
    for (const l of this.listeners) l.stop();
  }

  async idle(): Promise<void> {
    await Promise.all(Array.from(this.listeners, (l) => l.idle()));
  }
}
