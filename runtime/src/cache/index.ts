export * from './keys.js';
export * from './store.js';
export * from './delta_fifo.js';
export * from './listwatch.js';
export * from './backoff.js';
export * from './processor.js';
export * from './reflector.js';
export * from './shared_informer.js';
