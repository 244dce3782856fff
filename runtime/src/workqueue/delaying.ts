/**
 * A delaying queue: `addAfter(item, ms)` makes the item available once the delay has passed. As in
 * client-go, an item already waiting keeps the earlier of its two ready times, and a non-positive
 * delay adds at once. One timer is armed for the earliest deadline (on the injectable clock).
 */
import type { Timer } from '../util/clock.js';
import { Queue, type Interface, type QueueOptions } from './queue.js';

export interface DelayingInterface<T> extends Interface<T> {
  addAfter(item: T, delayMs: number): void;
}

interface Waiting<T> {
  item: T;
  readyAt: number;
  seq: number;
}

/** A binary min-heap by (readyAt, seq) with an index for O(log n) updates of an item's deadline. */
class DeadlineHeap<T> {
  private readonly heap: Waiting<T>[] = [];
  private readonly index = new Map<T, number>();
  get size(): number {
    return this.heap.length;
  }
  peek(): Waiting<T> | undefined {
    return this.heap[0];
  }
  get(item: T): Waiting<T> | undefined {
    const i = this.index.get(item);
    return i === undefined ? undefined : this.heap[i];
  }
  push(w: Waiting<T>): void {
    this.heap.push(w);
    this.index.set(w.item, this.heap.length - 1);
    this.up(this.heap.length - 1);
  }
  /** Lowers an entry's deadline (only ever moves it up). */
  decrease(w: Waiting<T>, readyAt: number): void {
    w.readyAt = readyAt;
    this.up(this.index.get(w.item)!);
  }
  pop(): Waiting<T> | undefined {
    const top = this.heap[0];
    if (!top) return undefined;
    const last = this.heap.pop()!;
    this.index.delete(top.item);
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.index.set(last.item, 0);
      this.down(0);
    }
    return top;
  }
  clear(): void {
    this.heap.length = 0;
    this.index.clear();
  }
  private less(a: Waiting<T>, b: Waiting<T>): boolean {
    return a.readyAt < b.readyAt || (a.readyAt === b.readyAt && a.seq < b.seq);
  }
  private swap(i: number, j: number): void {
    const a = this.heap[i]!;
    const b = this.heap[j]!;
    this.heap[i] = b;
    this.heap[j] = a;
    this.index.set(b.item, i);
    this.index.set(a.item, j);
  }
  private up(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(this.heap[i]!, this.heap[p]!)) break;
      this.swap(i, p);
      i = p;
    }
  }
  private down(i: number): void {
    const n = this.heap.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(this.heap[l]!, this.heap[m]!)) m = l;
      if (r < n && this.less(this.heap[r]!, this.heap[m]!)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}

export class DelayingQueue<T> extends Queue<T> implements DelayingInterface<T> {
  private readonly waiting = new DeadlineHeap<T>();
  private timer: Timer | undefined;
  private timerAt = Infinity;
  private seq = 0;

  constructor(options: QueueOptions = {}) {
    super(options);
  }

  addAfter(item: T, delayMs: number): void {
    if (this.shuttingDown()) return;
    if (!(delayMs > 0)) {
      this.add(item);
      return;
    }
    const readyAt = this.clock.now() + delayMs;
    const existing = this.waiting.get(item);
    if (existing) {
      if (readyAt < existing.readyAt) this.waiting.decrease(existing, readyAt);
    } else {
      this.waiting.push({ item, readyAt, seq: this.seq++ });
    }
    this.arm();
  }

  /** Number of items waiting for their delay to pass. */
  waitingCount(): number {
    return this.waiting.size;
  }

  override shutDown(): void {
    this.timer?.stop();
    this.timer = undefined;
    this.timerAt = Infinity;
    this.waiting.clear();
    super.shutDown();
  }

  private arm(): void {
    const next = this.waiting.peek();
    if (!next) return;
    if (this.timer && this.timerAt <= next.readyAt) return;
    this.timer?.stop();
    this.timerAt = next.readyAt;
    const delay = Math.max(0, next.readyAt - this.clock.now());
    const fire = (): void => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.release();
    };
    this.timer = this.clock.setTimer(delay, fire);
  }

  private release(): void {
    const now = this.clock.now();
    for (let w = this.waiting.peek(); w && w.readyAt <= now; w = this.waiting.peek()) {
      this.waiting.pop();
      this.add(w.item);
    }
    this.arm();
  }
}
