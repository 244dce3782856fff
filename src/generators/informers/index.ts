/**
 * informers: a SharedInformerFactory with group → version → kind accessors, per-kind shared
 * informers bound to the typed clients, standalone `newFiltered<Kind>Informer` constructors, and the
 * list of resources `forResource` serves (informer-gen's output).
 */
import { lowerCamel, upperFirst } from '../../model/naming.js';
import type { ApiModel } from '../../model/types.js';
import { fileHeader, renderTemplate } from '../common/render.js';
import { CLIENTSET_DIR } from '../clientset/view.js';
import { apiModule, callWithArrow, clientGroups, hasListWatch, ImportSet, relModule } from '../common/targets.js';
import { listerPath } from '../listers/index.js';
import type { GeneratedFile, Generator, GeneratorOptions, GeneratorResult } from '../types.js';

export const INFORMERS_DIR = 'informers/externalversions';

export function generateInformers(model: ApiModel, options: GeneratorOptions): GeneratorResult {
  const files: GeneratedFile[] = [];
  const header = fileHeader(options);
  const ext = options.importExtension;
  const clientsetModuleFrom = (file: string): string => relModule(file, `${CLIENTSET_DIR}/clientset`, ext);
  const contextModuleFrom = (file: string): string => relModule(file, `${INFORMERS_DIR}/internalinterfaces`, ext);
  const groups: { dir: string; accessor: string; groupType: string; groupLabel: string }[] = [];
  const resources: { key: string; path: string; group: string; version: string; resource: string }[] = [];
  let example = '';
  const registrations: string[] = [];

  for (const cg of clientGroups(model, 'informerGen')) {
    const groupType = upperFirst(cg.group.goName);
    const versions: { version: string; typeName: string }[] = [];
    for (const cv of cg.versions) {
      const kinds = cv.kinds.filter(hasListWatch);
      if (kinds.length === 0) continue;
      const typeName = `${groupType}${upperFirst(cv.version.name)}`;
      for (const k of kinds) {
        const path = `${INFORMERS_DIR}/${cg.group.dir}/${cv.version.name}/${k.file}.ts`;
        const r = k.kind.resource!;
        const imports = new ImportSet();
        imports.add(apiModule(path, k.kind, options), k.kind.name);
        const key = `${r.group}/${r.version}/${r.plural}`;
        files.push({
          root: 'output',
          path,
          content: renderTemplate('informers', 'kind', {
            header,
            runtimeImport: options.runtimeImport,
            imports: imports.list(),
            clientsetModule: clientsetModuleFrom(path),
            listerModule: relModule(path, listerPath(cg.group.dir, cv.version.name, k.file).replace(/\.ts$/, ''), ext),
            contextModule: contextModuleFrom(path),
            kind: k.kind.name,
            lowerKind: lowerCamel(k.kind.name),
            namespaced: r.scope === 'Namespaced',
            versionAccessor: cv.accessor,
            accessor: k.accessor,
            resourceKey: key,
            informerName: `${r.group === '' ? '' : r.group + '/'}${r.version}, Resource=${r.plural}`,
          }),
        });
        const accessPath = `${cg.group.goName}().${cv.version.name}().${k.accessor}()`;
        resources.push({ key, path: accessPath, group: r.group, version: r.version, resource: r.plural });
        registrations.push(callWithArrow(4, 'this.registerResource', [`'${key}'`], `this.${accessPath}.informer()`));
        if (example === '') example = `${accessPath}.informer()`;
      }
      const versionPath = `${INFORMERS_DIR}/${cg.group.dir}/${cv.version.name}/interface.ts`;
      files.push({
        root: 'output',
        path: versionPath,
        content: renderTemplate('informers', 'version', {
          header,
          ext,
          contextModule: contextModuleFrom(versionPath),
          typeName,
          groupVersion: cg.group.name === '' ? cv.version.name : `${cg.group.name}/${cv.version.name}`,
          kinds: kinds.map((k) => ({ kind: k.kind.name, lowerKind: lowerCamel(k.kind.name), file: k.file, accessor: k.accessor })),
        }),
      });
      versions.push({ version: cv.version.name, typeName });
    }
    if (versions.length === 0) continue;
    const groupLabel = cg.group.name === '' ? 'core' : cg.group.name;
    const groupPath = `${INFORMERS_DIR}/${cg.group.dir}/interface.ts`;
    files.push({
      root: 'output',
      path: groupPath,
      content: renderTemplate('informers', 'group', {
        header,
        ext,
        contextModule: contextModuleFrom(groupPath),
        groupType,
        groupLabel,
        versions,
      }),
    });
    groups.push({ dir: cg.group.dir, accessor: cg.group.goName, groupType, groupLabel });
  }
  if (groups.length === 0) return { files, diagnostics: [] };
  const base = { header, runtimeImport: options.runtimeImport, ext };
  files.push(
    {
      root: 'output',
      path: `${INFORMERS_DIR}/internalinterfaces.ts`,
      content: renderTemplate('informers', 'context', { ...base, clientsetModule: clientsetModuleFrom(`${INFORMERS_DIR}/internalinterfaces.ts`) }),
    },
    {
      root: 'output',
      path: `${INFORMERS_DIR}/factory.ts`,
      content: renderTemplate('informers', 'factory', {
        ...base,
        clientsetModule: clientsetModuleFrom(`${INFORMERS_DIR}/factory.ts`),
        groups,
        registrations,
        example,
      }),
    },
    {
      root: 'output',
      path: `${INFORMERS_DIR}/generic.ts`,
      content: renderTemplate('informers', 'generic', { ...base, resources }),
    },
  );
  return { files, diagnostics: [] };
}

export const informersGenerator: Generator = {
  name: 'informers',
  description: 'informers: a SharedInformerFactory with typed accessors and per-kind shared informers',
  markers: [],
  defaultEnabled: true,
  owns: (root, path) => root === 'output' && path.startsWith(`${INFORMERS_DIR}/`) && path.endsWith('.ts'),
  generate: generateInformers,
};

