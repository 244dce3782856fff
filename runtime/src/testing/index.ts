/** `@kubegen/runtime/testing`: tools for testing operators without a cluster. */
export * from './server.js';
export * from './schema.js';
export * from './crd.js';
export * from '../fake/index.js';
