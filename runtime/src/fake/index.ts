export * from './tracker.js';
export * from './transport.js';
export type { MergeSchema } from './managedfields.js';
