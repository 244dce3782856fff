/** Server-side apply configurations: meta/v1 builders, the kind builder base, managed-fields extraction. */
export * from './extract.js';
export * from './meta.js';
