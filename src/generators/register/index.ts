/**
 * register: `zz_generated.register.ts` beside the types of every group version (register-gen's
 * output) — GroupName, SchemeGroupVersion, `resource(name)`, a GVK constant per kind, and
 * `addKnownTypes(scheme)` / `addToScheme` mapping each GVK to its list kind, resource, scope and
 * deep-copy functions. Packages with a hand-written `register.ts` are left alone.
 */
import type { ApiModel, Version } from '../../model/types.js';
import { kindList, resolveRef, rootKinds } from '../../model/query.js';
import { fileHeader, renderTemplate } from '../common/render.js';
import { importDecl } from '../common/targets.js';
import { DEEPCOPY_FILE, hasDeepCopyFunction } from '../deepcopy/view.js';
import type { GeneratedFile, Generator, GeneratorOptions, GeneratorResult } from '../types.js';

export const REGISTER_FILE = 'zz_generated.register.ts';

function registerFile(model: ApiModel, v: Version, header: string, options: GeneratorOptions): string {
  const copies = new Set<string>();
  let needJson = false;
  const kinds = [];
  for (const k of rootKinds(v)) {
    const r = k.resource;
    const list = kindList(v, k.name);
    if (!r || !list) continue;
    const fn = (name: string): string => {
      const d = resolveRef(model, { pkg: v.id, name });
      if (d && hasDeepCopyFunction(model, d)) {
        copies.add(`deepCopy${name}`);
        return `deepCopy${name}`;
      }
      needJson = true;
      return 'deepCopyJSON';
    };
    kinds.push({
      kind: r.kind,
      listKind: r.listKind,
      plural: r.plural,
      singular: r.singular,
      namespaced: r.scope === 'Namespaced',
      deepCopy: fn(k.name),
      deepCopyList: fn(list.name),
    });
  }
  const runtimeNames = ['type GroupVersion', 'type GroupVersionResource', 'type Scheme'];
  if (kinds.length > 0) runtimeNames.push('type GroupVersionKind');
  if (needJson) runtimeNames.push('deepCopyJSON');
  const imports = [importDecl(runtimeNames, options.runtimeImport)];
  if (copies.size > 0) imports.push(importDecl([...copies], `./${DEEPCOPY_FILE.replace(/\.ts$/, '')}${options.importExtension}`));
  return renderTemplate('register', 'file', { header, imports, group: v.group, core: v.group === '', version: v.name, kinds });
}

export function generateRegister(model: ApiModel, options: GeneratorOptions): GeneratorResult {
  const files: GeneratedFile[] = [];
  const header = fileHeader(options);
  for (const g of model.groups) {
    for (const v of g.versions) {
      if (v.handWrittenRegister) continue;
      files.push({ root: 'apis', path: `${v.id}/${REGISTER_FILE}`, content: registerFile(model, v, header, options) });
    }
  }
  return { files, diagnostics: [] };
}

export const registerGenerator: Generator = {
  name: 'register',
  description: 'scheme registration beside the types (zz_generated.register.ts): GroupName, GVKs, addToScheme',
  markers: [],
  defaultEnabled: true,
  owns: (root, path) => root === 'apis' && (path === REGISTER_FILE || path.endsWith(`/${REGISTER_FILE}`)),
  generate: generateRegister,
};
