/**
 * clientset: typed clients per group version and kind, and the Clientset that holds them
 * (client-gen's output, in TypeScript). Each per-kind client binds the runtime's ResourceClient to a
 * GroupVersionResource and exposes only the verbs the kind's `+genclient` markers allow.
 */
import type { Diagnostic } from '../../diagnostics.js';
import type { ApiModel } from '../../model/types.js';
import { CLIENTGEN_MARKERS } from '../../markers/defs/clientgen.js';
import { fileHeader, renderTemplate } from '../common/render.js';
import { clientGroups } from '../common/targets.js';
import type { GeneratedFile, Generator, GeneratorOptions } from '../types.js';
import { CLIENTSET_DIR, groupClientFile, groupClientPath, kindPath, kindView } from './view.js';

export function generateClientset(model: ApiModel, options: GeneratorOptions): { files: GeneratedFile[]; diagnostics: Diagnostic[] } {
  const files: GeneratedFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const header = fileHeader(options);
  const groups = clientGroups(model);
  const versions: { typeName: string; accessor: string; dir: string; version: string; file: string; groupVersion: string }[] = [];
  for (const cg of groups) {
    for (const cv of cg.versions) {
      for (const k of cv.kinds) {
        files.push({ root: 'output', path: kindPath(k), content: renderTemplate('clientset', 'kind', kindView(model, k, header, options, diagnostics)) });
      }
      const groupVersion = cg.group.name === '' ? cv.version.name : `${cg.group.name}/${cv.version.name}`;
      files.push({
        root: 'output',
        path: groupClientPath(cg, cv.version.name),
        content: renderTemplate('clientset', 'group', {
          header,
          runtimeImport: options.runtimeImport,
          ext: options.importExtension,
          typeName: cv.typeName,
          groupVersion,
          kinds: cv.kinds.map((k) => ({
            file: k.file,
            accessor: k.accessor,
            pluralName: k.kind.resource!.pluralName,
            interfaceName: `${k.kind.name}Interface`,
            namespaced: k.kind.resource!.scope === 'Namespaced',
          })),
        }),
      });
      versions.push({
        typeName: cv.typeName,
        accessor: cv.accessor,
        dir: cg.group.dir,
        version: cv.version.name,
        file: groupClientFile(cg.group.dir),
        groupVersion,
      });
    }
  }
  if (versions.length > 0) {
    files.push({
      root: 'output',
      path: `${CLIENTSET_DIR}/clientset.ts`,
      content: renderTemplate('clientset', 'clientset', { header, runtimeImport: options.runtimeImport, ext: options.importExtension, versions }),
    });
  }
  return { files, diagnostics };
}

export const clientsetGenerator: Generator = {
  name: 'clientset',
  description: 'typed clientsets: a Clientset with one client per group version and per-kind clients with the allowed verbs',
  markers: CLIENTGEN_MARKERS,
  defaultEnabled: true,
  owns: (root, path) => root === 'output' && path.startsWith(`${CLIENTSET_DIR}/`) && !path.startsWith(`${CLIENTSET_DIR}/fake/`) && path.endsWith('.ts'),
  generate: generateClientset,
};
