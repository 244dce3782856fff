/**
 * fake: the fake clientset for unit tests — the generated Clientset over the runtime's FakeTransport,
 * so typed clients, reactors and recorded actions behave as client-go's fake clientsets do. Every custom
 * resource carries the merge skeleton of its CRD schema (schema.ts; declared as constants by emit.ts), so
 * server-side apply through the fake merges list-maps, sets and maps, and refuses undeclared fields, as a
 * cluster does; built-in kinds carry none (the tracker knows their merge keys).
 */
import type { ApiModel } from '../../model/types.js';
import { fileHeader, renderTemplate } from '../common/render.js';
import { CLIENTSET_DIR } from '../clientset/view.js';
import { clientGroups } from '../common/targets.js';
import type { Generator, GeneratorOptions, GeneratorResult } from '../types.js';
import { planSchemas, type SchemaInput } from './emit.js';
import { mergeSkeletons, skeletonKey } from './schema.js';

export function generateFake(model: ApiModel, options: GeneratorOptions): GeneratorResult {
  const groups = clientGroups(model);
  if (groups.length === 0) return { files: [], diagnostics: [] };
  const skeletons = mergeSkeletons(model, options);
  const inputs: SchemaInput[] = [];
  const resources = groups.flatMap((cg) =>
    cg.versions.flatMap((cv) =>
      cv.kinds.map((k) => {
        const r = k.kind.resource!;
        const skeleton = skeletons.get(skeletonKey(r.group, r.version, r.kind));
        // `opsToolsV1HTTPClientSchema`: the version accessor is unique per group version, the kind within it.
        if (skeleton) inputs.push({ name: `${cv.accessor}${r.kind}Schema`, skeleton });
        return {
          group: r.group,
          version: r.version,
          resource: r.plural,
          kind: r.kind,
          listKind: r.listKind,
          namespaced: r.scope === 'Namespaced',
          status: r.subresources.status || r.verbs.includes('updateStatus'),
          schema: skeleton ? inputs.length - 1 : -1,
        };
      }),
    ),
  );
  const plan = planSchemas(inputs);
  const view = resources.map(({ schema, ...r }) => ({ ...r, schema: schema < 0 ? '' : plan.refs[schema]! }));
  return {
    files: [
      {
        root: 'output',
        path: `${CLIENTSET_DIR}/fake/clientset.ts`,
        content: renderTemplate('fake', 'clientset', {
          header: fileHeader(options),
          runtimeImport: options.runtimeImport,
          ext: options.importExtension,
          schemas: plan.declarations,
          resources: view,
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
