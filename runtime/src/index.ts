/**
 * @kubegen/runtime — the small runtime kubegen-generated code imports.
 * Each area has its own barrel; this file re-exports them.
 */
export * from './meta/index.js';
export * from './util/clock.js';
export * from './workqueue/index.js';
export * from './cache/index.js';
export * from './informers/index.js';
export * from './client/index.js';
export * from './leaderelection/index.js';
export * from './fake/index.js';
export * from './discovery/index.js';
export * from './dynamic/index.js';
export * from './labels/index.js';
export * from './fields/index.js';
export * from './scheme/index.js';
export * from './rest/index.js';
export * from './watch/decode.js';
export * from './watch/types.js';
export * from './applyconfig/index.js';
