/**
 * Exponential backoff with jitter (client-go's wait.Backoff as the reflector uses it): the delay
 * starts at `initial`, is multiplied by `factor` after every failure up to `max`, gets up to
 * `jitter`×delay added at random, and resets after `resetAfter` ms without a failure.
 */
import type { Clock } from '../util/clock.js';

export interface BackoffOptions {
  initial?: number;
  max?: number;
  factor?: number;
  jitter?: number;
  resetAfter?: number;
  random?: () => number;
}

export class Backoff {
  private current: number;
  private lastFailure = -Infinity;
  private readonly initial: number;
  private readonly max: number;
  private readonly factor: number;
  private readonly jitter: number;
  private readonly resetAfter: number;
  private readonly random: () => number;

  constructor(
    private readonly clock: Clock,
    o: BackoffOptions = {},
  ) {
    this.initial = o.initial ?? 800;
    this.max = o.max ?? 30_000;
    this.factor = o.factor ?? 2;
    this.jitter = o.jitter ?? 1;
    this.resetAfter = o.resetAfter ?? 120_000;
    this.random = o.random ?? Math.random;
    this.current = this.initial;
  }

  /** The delay to wait after a failure now. */
  next(): number {
    const now = this.clock.now();
    if (now - this.lastFailure > this.resetAfter) this.current = this.initial;
    this.lastFailure = now;
    const base = this.current;
    this.current = Math.min(this.max, this.current * this.factor);
    return base + (this.jitter > 0 ? this.random() * this.jitter * base : 0);
  }

  reset(): void {
    this.current = this.initial;
    this.lastFailure = -Infinity;
  }
}
