/**
 * deepcopy: `zz_generated.deepcopy.ts` beside the types of every package with selected types
 * (deepcopy-gen's output): a typed `deepCopy<Type>(x)` per struct and non-scalar alias.
 */
import type { ApiModel } from '../../model/types.js';
import { DEEPCOPY_MARKERS } from '../../markers/defs/core.js';
import { allPackages } from '../../model/query.js';
import { fileHeader, renderTemplate } from '../common/render.js';
import type { GeneratedFile, Generator, GeneratorOptions, GeneratorResult } from '../types.js';
import { DEEPCOPY_FILE, deepcopyView } from './view.js';

export function generateDeepcopy(model: ApiModel, options: GeneratorOptions): GeneratorResult {
  const files: GeneratedFile[] = [];
  const header = fileHeader(options);
  for (const pkg of allPackages(model)) {
    const view = deepcopyView(model, pkg, header, options);
    if (!view) continue;
    files.push({ root: 'apis', path: `${pkg.id}/${DEEPCOPY_FILE}`, content: renderTemplate('deepcopy', 'file', view) });
  }
  return { files, diagnostics: [] };
}

export const deepcopyGenerator: Generator = {
  name: 'deepcopy',
  description: 'deep-copy functions beside the types (zz_generated.deepcopy.ts)',
  markers: DEEPCOPY_MARKERS,
  defaultEnabled: true,
  owns: (root, path) => root === 'apis' && (path === DEEPCOPY_FILE || path.endsWith(`/${DEEPCOPY_FILE}`)),
  generate: generateDeepcopy,
};
