/**
 * Metrics hooks for work queues, mirroring client-go's workqueue metrics: depth, adds, queue latency,
 * work duration, unfinished work and retries. Every hook is optional; a queue without a provider pays
 * nothing for them (no clock reads).
 */
export interface QueueMetrics {
  /** Current number of items waiting (not counting items being processed). */
  depth?(queue: string, depth: number): void;
  /** An item was added (after de-duplication). */
  add?(queue: string): void;
  /** Seconds an item waited between being added and handed to a worker. */
  latency?(queue: string, seconds: number): void;
  /** Seconds a worker held an item, from `get` to `done`. */
  workDuration?(queue: string, seconds: number): void;
  /** A rate-limited re-add. */
  retry?(queue: string): void;
}
