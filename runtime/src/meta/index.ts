export * from './types.js';
export * from './deepcopy.js';
