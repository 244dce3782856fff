export * from './types.js';
export * from './discovery.js';
export * from './restmapper.js';
