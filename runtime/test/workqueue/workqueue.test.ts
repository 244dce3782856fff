import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/util/clock.js';
import {
  BucketRateLimiter,
  DelayingQueue,
  ItemExponentialFailureRateLimiter,
  ItemFastSlowRateLimiter,
  MaxOfRateLimiter,
  Queue,
  RateLimitingQueue,
  defaultControllerRateLimiter,
  type QueueMetrics,
} from '../../src/workqueue/index.js';

async function drain<T>(q: Queue<T>): Promise<T[]> {
  const out: T[] = [];
  while (q.len() > 0) {
    const r = await q.get();
    if (r.shutdown) break;
    out.push(r.item);
    q.done(r.item);
  }
  return out;
}

describe('Queue', () => {
  it.each([
    ['duplicates collapse', { adds: ['a', 'a', 'b', 'a'], want: ['a', 'b'] }],
    ['FIFO by first addition', { adds: ['c', 'b', 'a', 'c'], want: ['c', 'b', 'a'] }],
    ['empty', { adds: [], want: [] }],
  ])('%s', async (_name, { adds, want }) => {
    const q = new Queue<string>();
    for (const a of adds) q.add(a);
    expect(q.len()).toBe(want.length);
    expect(await drain(q)).toEqual(want);
  });

  it('an item re-added while processing is queued again only after done', async () => {
    const q = new Queue<string>();
    q.add('a');
    const r = await q.get();
    expect(r).toEqual({ item: 'a', shutdown: false });
    q.add('a');
    q.add('a');
    expect(q.len()).toBe(0);
    q.done('a');
    expect(q.len()).toBe(1);
    expect(await q.get()).toEqual({ item: 'a', shutdown: false });
  });

  it('never hands the same item to two workers at once', async () => {
    const q = new Queue<string>();
    const active = new Set<string>();
    let overlaps = 0;
    let processed = 0;
    const worker = async (): Promise<void> => {
      for (;;) {
        const r = await q.get();
        if (r.shutdown) return;
        if (active.has(r.item)) overlaps++;
        active.add(r.item);
        await new Promise((res) => setImmediate(res));
        if (processed < 50) q.add(r.item); // re-add while processing
        processed++;
        active.delete(r.item);
        q.done(r.item);
      }
    };
    q.add('x');
    q.add('y');
    const workers = [worker(), worker(), worker()];
    while (processed < 50 || q.len() > 0 || q.processingCount() > 0) await new Promise((res) => setImmediate(res));
    await q.shutDownWithDrain();
    q.shutDown();
    await Promise.all(workers);
    expect(overlaps).toBe(0);
    expect(processed).toBeGreaterThanOrEqual(50);
  });

  it('get waits for an add; shutDown wakes waiters; adds after shutdown are ignored', async () => {
    const q = new Queue<string>();
    const pending = q.get();
    q.add('late');
    expect(await pending).toEqual({ item: 'late', shutdown: false });
    const waiting = q.get();
    q.shutDown();
    expect(await waiting).toEqual({ item: undefined, shutdown: true });
    q.add('ignored');
    expect(q.len()).toBe(0);
    expect(q.shuttingDown()).toBe(true);
  });

  it('items queued before shutDown are still handed out', async () => {
    const q = new Queue<string>();
    q.add('a');
    q.add('b');
    q.shutDown();
    expect((await q.get()).item).toBe('a');
    expect((await q.get()).item).toBe('b');
    expect((await q.get()).shutdown).toBe(true);
  });

  it('a dirty item is re-queued by done even during shutdown', async () => {
    const q = new Queue<string>();
    q.add('a');
    await q.get();
    q.add('a');
    q.shutDown();
    q.done('a');
    expect(await q.get()).toEqual({ item: 'a', shutdown: false });
  });

  it('shutDownWithDrain waits until every handed-out item is done', async () => {
    const q = new Queue<string>();
    q.add('a');
    q.add('b');
    await q.get();
    await q.get();
    let drained = false;
    const p = q.shutDownWithDrain().then(() => (drained = true));
    await Promise.resolve();
    expect(drained).toBe(false);
    q.done('a');
    await Promise.resolve();
    expect(drained).toBe(false);
    q.done('b');
    await p;
    expect(drained).toBe(true);
  });

  it('done of an unknown item is a no-op', () => {
    const q = new Queue<string>();
    q.done('nope');
    expect(q.len()).toBe(0);
  });

  it('reports metrics: adds, depth, queue latency and work duration', async () => {
    const clock = new FakeClock(1_000);
    const seen: string[] = [];
    const metrics: QueueMetrics = {
      add: (n) => seen.push(`add ${n}`),
      depth: (n, d) => seen.push(`depth ${n} ${d}`),
      latency: (n, s) => seen.push(`latency ${n} ${s}`),
      workDuration: (n, s) => seen.push(`work ${n} ${s}`),
    };
    const q = new Queue<string>({ name: 'q', metrics, clock });
    q.add('a');
    q.add('a');
    await clock.advance(250);
    await q.get();
    await clock.advance(2_000);
    q.done('a');
    expect(seen).toEqual(['add q', 'depth q 1', 'depth q 0', 'latency q 0.25', 'work q 2']);
  });
});

describe('DelayingQueue', () => {
  it('makes items available after their delay, earliest first', async () => {
    const clock = new FakeClock();
    const q = new DelayingQueue<string>({ clock });
    q.addAfter('late', 300);
    q.addAfter('early', 100);
    q.addAfter('now', 0);
    expect(q.len()).toBe(1);
    await clock.advance(99);
    expect(q.len()).toBe(1);
    await clock.advance(1);
    expect(q.len()).toBe(2);
    await clock.advance(200);
    expect(await drain(q)).toEqual(['now', 'early', 'late']);
    expect(q.waitingCount()).toBe(0);
  });

  it('an item already waiting keeps the earlier ready time', async () => {
    const clock = new FakeClock();
    const q = new DelayingQueue<string>({ clock });
    q.addAfter('a', 500);
    q.addAfter('a', 100);
    q.addAfter('a', 900);
    expect(q.waitingCount()).toBe(1);
    await clock.advance(100);
    expect(q.len()).toBe(1);
    await clock.advance(1_000);
    expect(q.len()).toBe(1);
  });

  it('shutDown drops waiting items and stops its timer', async () => {
    const clock = new FakeClock();
    const q = new DelayingQueue<string>({ clock });
    q.addAfter('a', 100);
    q.shutDown();
    expect(clock.pendingTimers()).toBe(0);
    await clock.advance(1_000);
    expect(q.len()).toBe(0);
    q.addAfter('b', 10);
    expect(q.waitingCount()).toBe(0);
  });
});

describe('rate limiters', () => {
  it.each([
    ['exponential doubles and caps', { base: 5, max: 60, calls: 6, want: [5, 10, 20, 40, 60, 60] }],
    ['exponential with huge exponent stays capped', { base: 1, max: 1_000, calls: 3, want: [1, 2, 4] }],
  ])('%s', (_n, { base, max, calls, want }) => {
    const rl = new ItemExponentialFailureRateLimiter<string>(base, max);
    expect(Array.from({ length: calls }, () => rl.when('x'))).toEqual(want);
    expect(rl.numRequeues('x')).toBe(calls);
    expect(rl.when('other')).toBe(base);
    rl.forget('x');
    expect(rl.numRequeues('x')).toBe(0);
    expect(rl.when('x')).toBe(base);
  });

  it('exponential never overflows to Infinity', () => {
    const rl = new ItemExponentialFailureRateLimiter<string>(5, 1_000_000);
    let last = 0;
    for (let i = 0; i < 2_000; i++) last = rl.when('x');
    expect(last).toBe(1_000_000);
  });

  it('fast-slow switches after maxFastAttempts', () => {
    const rl = new ItemFastSlowRateLimiter<string>(5, 10_000, 3);
    expect([rl.when('a'), rl.when('a'), rl.when('a'), rl.when('a'), rl.when('b')]).toEqual([5, 5, 5, 10_000, 5]);
    rl.forget('a');
    expect(rl.when('a')).toBe(5);
  });

  it('token bucket allows a burst, then spaces requests at 1/qps, and refills over time', async () => {
    const clock = new FakeClock();
    const rl = new BucketRateLimiter<string>(2, 3, clock);
    expect([rl.when('a'), rl.when('b'), rl.when('c')]).toEqual([0, 0, 0]);
    expect(rl.when('d')).toBe(500);
    expect(rl.when('e')).toBe(1_000);
    await clock.advance(10_000);
    expect([rl.when('f'), rl.when('g'), rl.when('h'), rl.when('i')]).toEqual([0, 0, 0, 500]);
  });

  it('max-of takes the longest delay and forgets in all', () => {
    const clock = new FakeClock();
    const rl = new MaxOfRateLimiter<string>(
      new ItemExponentialFailureRateLimiter<string>(1, 1_000),
      new BucketRateLimiter<string>(1, 1, clock),
    );
    expect(rl.when('a')).toBe(1);
    expect(rl.when('a')).toBe(1_000);
    expect(rl.numRequeues('a')).toBe(2);
    rl.forget('a');
    expect(rl.numRequeues('a')).toBe(0);
  });

  it('the default controller limiter starts at 5ms per item', () => {
    const rl = defaultControllerRateLimiter<string>(new FakeClock());
    expect([rl.when('a'), rl.when('a'), rl.when('b')]).toEqual([5, 10, 5]);
  });
});

describe('RateLimitingQueue', () => {
  it('delays re-adds by the limiter and resets on forget', async () => {
    const clock = new FakeClock();
    let retries = 0;
    const q = new RateLimitingQueue<string>({
      clock,
      rateLimiter: new ItemExponentialFailureRateLimiter<string>(100, 10_000),
      metrics: { retry: () => retries++ },
    });
    q.addRateLimited('a');
    q.addRateLimited('a');
    expect(q.numRequeues('a')).toBe(2);
    await clock.advance(99);
    expect(q.len()).toBe(0);
    await clock.advance(1);
    expect(q.len()).toBe(1);
    q.forget('a');
    expect(q.numRequeues('a')).toBe(0);
    expect(retries).toBe(2);
  });
});
