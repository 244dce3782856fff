/**
 * listers: typed read-only views of informer caches (lister-gen's output). Namespaced kinds get
 * `list(selector)` and `<plural>(namespace).list/get`; cluster-scoped kinds get `list` and `get`.
 */
import type { ApiModel } from '../../model/types.js';
import { fileHeader, renderTemplate } from '../common/render.js';
import { apiModule, clientGroups, hasLister, ImportSet } from '../common/targets.js';
import type { GeneratedFile, Generator, GeneratorOptions, GeneratorResult } from '../types.js';

export const LISTERS_DIR = 'listers';

export function listerPath(groupDir: string, version: string, file: string): string {
  return `${LISTERS_DIR}/${groupDir}/${version}/${file}.ts`;
}

export function generateListers(model: ApiModel, options: GeneratorOptions): GeneratorResult {
  const files: GeneratedFile[] = [];
  const header = fileHeader(options);
  for (const cg of clientGroups(model, 'listerGen')) {
    for (const cv of cg.versions) {
      for (const k of cv.kinds.filter(hasLister)) {
        const path = listerPath(cg.group.dir, cv.version.name, k.file);
        const imports = new ImportSet();
        imports.add(apiModule(path, k.kind, options), k.kind.name);
        const r = k.kind.resource!;
        files.push({
          root: 'output',
          path,
          content: renderTemplate('listers', 'kind', {
            header,
            runtimeImport: options.runtimeImport,
            imports: imports.list(),
            kind: k.kind.name,
            accessor: k.accessor,
            namespaced: r.scope === 'Namespaced',
            groupResource: r.group === '' ? r.plural : `${r.plural}.${r.group}`,
          }),
        });
      }
    }
  }
  return { files, diagnostics: [] };
}

export const listersGenerator: Generator = {
  name: 'listers',
  description: 'listers: typed read-only views of informer caches, per namespace or cluster-wide',
  markers: [],
  defaultEnabled: true,
  owns: (root, path) => root === 'output' && path.startsWith(`${LISTERS_DIR}/`) && path.endsWith('.ts'),
  generate: generateListers,
};
