export * from './queue.js';
export * from './delaying.js';
export * from './ratelimiter.js';
export * from './ratelimiting.js';
export type * from './metrics.js';
