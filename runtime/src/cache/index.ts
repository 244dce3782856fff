export * from './keys.js';
export * from './store.js';
export * from './delta_fifo.js';
