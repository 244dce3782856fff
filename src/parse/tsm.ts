/**
 * ts-morph, loaded with `require`: it is a CommonJS package, and importing it from ESM makes Node scan
 * its 9 MB bundled TypeScript compiler for named exports first (~65 ms of every cold start). Types come
 * from `import type { ts as tsTypes } from 'ts-morph'` where needed.
 */
import { createRequire } from 'node:module';
import type * as TsMorph from 'ts-morph';

const tsMorph = createRequire(import.meta.url)('ts-morph') as typeof TsMorph;

export const Project: typeof TsMorph.Project = tsMorph.Project;
export const ts: typeof TsMorph.ts = tsMorph.ts;
