export * from './options.js';
export * from './transport.js';
export * from './resource.js';
