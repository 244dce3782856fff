/**
 * A rate-limiting queue: a delaying queue whose `addRateLimited` asks a RateLimiter how long the item
 * must wait. Controllers call `addRateLimited` on failure and `forget` on success.
 */
import { DelayingQueue, type DelayingInterface } from './delaying.js';
import type { QueueOptions } from './queue.js';
import { defaultControllerRateLimiter, type RateLimiter } from './ratelimiter.js';

export interface RateLimitingInterface<T> extends DelayingInterface<T> {
  addRateLimited(item: T): void;
  forget(item: T): void;
  numRequeues(item: T): number;
}

export interface RateLimitingQueueOptions<T> extends QueueOptions {
  rateLimiter?: RateLimiter<T>;
}

export class RateLimitingQueue<T> extends DelayingQueue<T> implements RateLimitingInterface<T> {
  readonly rateLimiter: RateLimiter<T>;
  private readonly queueName: string;
  private readonly retryHook: ((name: string) => void) | undefined;

  constructor(options: RateLimitingQueueOptions<T> = {}) {
    super(options);
    this.rateLimiter = options.rateLimiter ?? defaultControllerRateLimiter<T>(this.clock);
    this.queueName = options.name ?? '';
    this.retryHook = options.metrics?.retry?.bind(options.metrics);
  }

  addRateLimited(item: T): void {
    this.retryHook?.(this.queueName);
    this.addAfter(item, this.rateLimiter.when(item));
  }
  forget(item: T): void {
    this.rateLimiter.forget(item);
  }
  numRequeues(item: T): number {
    return this.rateLimiter.numRequeues(item);
  }
}
