export * from './lease.js';
export * from './leaderelection.js';
