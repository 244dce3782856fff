/** Client-side request throttling: a token bucket with `qps` refill and `burst` capacity (client-go's flowcontrol). */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly qps: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(qps > 0)) throw new RangeError('qps must be > 0');
    if (!(burst >= 1)) throw new RangeError('burst must be ≥ 1');
    this.tokens = burst;
    this.last = now();
  }

  /** Resolves when a token is available (first come, first served). */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.tail.then(() => this.wait(signal));
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  /** Takes a token if one is available now. */
  tryTake(): boolean {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.qps);
    this.last = t;
  }

  private async wait(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      if (this.tryTake()) return;
      const ms = ((1 - this.tokens) / this.qps) * 1000;
      await new Promise<void>((resolve) => setTimeout(resolve, Math.max(1, Math.ceil(ms))));
    }
  }
}
