/**
 * fake: the fake clientset for unit tests — the generated Clientset over the runtime's FakeTransport,
 * so typed clients, reactors and recorded actions behave as client-go's fake clientsets do.
 */
import type { ApiModel } from '../../model/types.js';
import { fileHeader, renderTemplate } from '../common/render.js';
import { CLIENTSET_DIR } from '../clientset/view.js';
import { clientGroups } from '../common/targets.js';
import type { Generator, GeneratorOptions, GeneratorResult } from '../types.js';

export function generateFake(model: ApiModel, options: GeneratorOptions): GeneratorResult {
  const resources = clientGroups(model).flatMap((cg) =>
    cg.versions.flatMap((cv) =>
      cv.kinds.map((k) => {
        const r = k.kind.resource!;
        return {
          group: r.group,
          version: r.version,
          resource: r.plural,
          kind: r.kind,
          listKind: r.listKind,
          namespaced: r.scope === 'Namespaced',
          status: r.subresources.status || r.verbs.includes('updateStatus'),
        };
      }),
    ),
  );
  if (resources.length === 0) return { files: [], diagnostics: [] };
  return {
    files: [
      {
        root: 'output',
        path: `${CLIENTSET_DIR}/fake/clientset.ts`,
        content: renderTemplate('fake', 'clientset', {
          header: fileHeader(options),
          runtimeImport: options.runtimeImport,
          ext: options.importExtension,
          resources,
        }),
      },
    ],
    diagnostics: [],
  };
}

export const fakeGenerator: Generator = {
  name: 'fake',
  description: 'fake clientset: the Clientset over an in-memory object tracker, with reactors and recorded actions',
  markers: [],
  defaultEnabled: true,
  owns: (root, path) => root === 'output' && path.startsWith(`${CLIENTSET_DIR}/fake/`) && path.endsWith('.ts'),
  generate: generateFake,
};
