export * from './tracker.js';
export * from './transport.js';
