/**
 * An injectable clock, so timing behaviour (backoff, resync, delaying queues, leases, watch
 * inactivity) is tested without sleeping. Everything in the runtime that waits takes a `Clock`.
 */
export interface Timer {
  /** Cancels the timer; returns false if it already fired or was cancelled. */
  stop(): boolean;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `fn` after `ms` milliseconds. */
  setTimer(ms: number, fn: () => void): Timer;
  /** Resolves after `ms` milliseconds, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

function sleepWith(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      timer.stop();
      reject(abortReason(signal!));
    };
    const timer = clock.setTimer(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The real clock, on Node's timers. */
export class RealClock implements Clock {
  now(): number {
    return Date.now();
  }
  setTimer(ms: number, fn: () => void): Timer {
    let fired = false;
    let stopped = false;
    const handle = setTimeout(() => {
      fired = true;
      fn();
    }, Math.max(0, ms));
    return {
      stop: () => {
        if (fired || stopped) return false;
        stopped = true;
        clearTimeout(handle);
        return true;
      },
    };
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepWith(this, ms, signal);
  }
}

export const realClock: Clock = new RealClock();

interface PendingTimer {
  at: number;
  seq: number;
  fn: () => void;
  active: boolean;
}

/**
 * A manual clock for tests: time moves only when `advance`/`setTime` is called; due timers fire
 * in order of their deadline (then creation), and `advance` awaits microtasks between firings so
 * promise chains that schedule new timers run as they would in real time.
 */
export class FakeClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: PendingTimer[] = [];

  constructor(start = 0) {
    this.current = start;
  }
  now(): number {
    return this.current;
  }
  setTimer(ms: number, fn: () => void): Timer {
    const t: PendingTimer = { at: this.current + Math.max(0, ms), seq: this.seq++, fn, active: true };
    this.timers.push(t);
    return {
      stop: () => {
        if (!t.active) return false;
        t.active = false;
        this.timers = this.timers.filter((x) => x !== t);
        return true;
      },
    };
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepWith(this, ms, signal);
  }
  /** Number of timers waiting to fire. */
  pendingTimers(): number {
    return this.timers.length;
  }
  /** Moves time forward by `ms`, firing due timers in order and letting microtasks settle between them. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      await flushMicrotasks();
      let next: PendingTimer | undefined;
      for (const t of this.timers) {
        if (t.at <= target && (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq))) next = t;
      }
      if (!next) break;
      this.timers = this.timers.filter((x) => x !== next);
      next.active = false;
      this.current = Math.max(this.current, next.at);
      next.fn();
    }
    this.current = target;
    await flushMicrotasks();
  }
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await new Promise<void>((r) => setImmediate(r));
}
