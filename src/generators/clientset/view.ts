/** Views of the clientset generator: plain objects the templates print. */
import type { Diagnostic } from '../../diagnostics.js';
import type { ExtensionMethod, TypeExpr, TypeRef } from '../../model/types.js';
import { lowerCamel } from '../../model/naming.js';
import type { ApiModel } from '../../model/types.js';
import { resolveRef } from '../../model/query.js';
import type { GeneratorOptions } from '../types.js';
import { applyConfigurationOf } from '../applyconfigurations/plan.js';
import { apiModule, importDecl, ImportSet, relModule, unionTypeDecl, type ClientGroup, type ClientKind } from '../common/targets.js';

export const CLIENTSET_DIR = 'clientset/versioned';

export function kindPath(k: ClientKind): string {
  return `${CLIENTSET_DIR}/typed/${k.group.dir}/${k.version.name}/${k.file}.ts`;
}

export function groupClientFile(groupDir: string): string {
  return `${groupDir.replace(/[^A-Za-z0-9]/g, '_')}_client`;
}

export function groupClientPath(cg: ClientGroup, version: string): string {
  return `${CLIENTSET_DIR}/typed/${cg.group.dir}/${version}/${groupClientFile(cg.group.dir)}.ts`;
}

interface ExtensionView {
  method: string;
  params: string;
  result: string;
  call: string;
}

export interface KindView {
  header: string;
  importLines: string[];
  hasExtensions: boolean;
  group: string;
  version: string;
  resource: string;
  kind: string;
  listKind: string;
  scope: string;
  namespaced: boolean;
  verbsDecl: string;
  interfaceName: string;
  className: string;
  pluralName: string;
  extensions: ExtensionView[];
  /** The body type of apply/applyStatus: the kind's generated apply configuration, else `DeepPartial<Kind>`. */
  applyType: string;
}

/** The TypeScript name of a type expression an extension method takes or returns, recording its import. */
function typeName(
  model: ApiModel,
  t: TypeExpr,
  file: string,
  imports: ImportSet,
  runtimeTypes: Set<string>,
  options: GeneratorOptions,
): string | undefined {
  if (t.kind === 'well-known') {
    runtimeTypes.add(t.name);
    return t.name;
  }
  if (t.kind === 'ref') {
    const decl = resolveRef(model, t.target);
    if (!decl) return undefined;
    imports.add(apiModule(file, decl, options), decl.name);
    return decl.name;
  }
  return undefined;
}

export function kindView(model: ApiModel, k: ClientKind, header: string, options: GeneratorOptions, diagnostics: Diagnostic[]): KindView {
  const file = kindPath(k);
  const r = k.kind.resource!;
  const imports = new ImportSet();
  const runtimeTypes = new Set<string>();
  const applyType = applyTypeOf(model, { pkg: k.kind.pkg, name: k.kind.name }, k.kind.name, file, imports, runtimeTypes, options);
  imports.add(apiModule(file, k.kind, options), k.kind.name);
  imports.add(apiModule(file, k.list, options), k.list.name);
  const extensions: ExtensionView[] = [];
  for (const m of r.extensions) {
    const view = extensionView(model, k, m, file, imports, runtimeTypes, options);
    if (typeof view === 'string') {
      diagnostics.push({ severity: 'error', pos: m.pos, code: 'clientset-extension', message: view });
    } else {
      extensions.push(view);
    }
  }
  const runtimeNames = ['ResourceClient', ...['ResourceInfo', 'ResourceInterface', 'Transport', ...runtimeTypes].map((n) => `type ${n}`)];
  const importLines = [
    importDecl(runtimeNames, options.runtimeImport),
    ...imports.list().map((i) => importDecl(i.names.split(', '), i.module, true)),
  ];
  return {
    header,
    importLines,
    hasExtensions: extensions.length > 0,
    group: r.group,
    version: r.version,
    resource: r.plural,
    kind: r.kind,
    listKind: r.listKind,
    scope: r.scope === 'Namespaced' ? 'namespaced' : 'cluster-scoped',
    namespaced: r.scope === 'Namespaced',
    verbsDecl: unionTypeDecl(`${r.kind}Verbs`, r.verbs.map((v) => `'${v}'`)),
    interfaceName: `${r.kind}Interface`,
    className: `${lowerCamel(r.kind)}Client`,
    pluralName: r.pluralName,
    extensions,
    applyType,
  };
}

/**
 * The type an apply takes for `ref`: its generated apply configuration (imported from the
 * applyconfigurations family, when that family runs too) when the type has one, else `DeepPartial<name>`.
 */
function applyTypeOf(
  model: ApiModel,
  ref: TypeRef,
  name: string,
  file: string,
  imports: ImportSet,
  runtimeTypes: Set<string>,
  options: GeneratorOptions,
): string {
  // Only when the applyconfigurations family is generated in the same run (else its imports would dangle).
  const ac = (options.generators?.includes('applyconfigurations') ?? true) ? applyConfigurationOf(model, ref) : undefined;
  if (ac) {
    imports.add(relModule(file, ac.module, options.importExtension), ac.name);
    return ac.name;
  }
  runtimeTypes.add('DeepPartial');
  return `DeepPartial<${name}>`;
}

const OPTIONS_TYPE: Record<string, string> = {
  get: 'GetOptions',
  list: 'ListOptions',
  create: 'CreateOptions',
  update: 'UpdateOptions',
  patch: 'PatchOptions',
  apply: 'ApplyOptions',
  delete: 'DeleteOptions',
};

function extensionView(
  model: ApiModel,
  k: ClientKind,
  m: ExtensionMethod,
  file: string,
  imports: ImportSet,
  runtimeTypes: Set<string>,
  options: GeneratorOptions,
): ExtensionView | string {
  const verb = m.verb === 'updateStatus' ? 'update' : m.verb === 'applyStatus' ? 'apply' : m.verb;
  const optionsType = OPTIONS_TYPE[verb];
  if (optionsType === undefined) {
    return `+genclient:method=${m.name} uses verb=${m.verb}, which extension methods do not support: use one of ${Object.keys(OPTIONS_TYPE).join(', ')}`;
  }
  runtimeTypes.add(optionsType);
  const kindType: TypeExpr = { kind: 'ref', target: { pkg: k.kind.pkg, name: k.kind.name } };
  const result = typeName(model, m.result ?? kindType, file, imports, runtimeTypes, options);
  const input = typeName(model, m.input ?? kindType, file, imports, runtimeTypes, options);
  if (result === undefined || input === undefined) {
    return `+genclient:method=${m.name}: input and result must name a declared type or a runtime type such as Scale`;
  }
  const sub = m.subresource !== undefined ? `subresource: '${m.subresource}', ` : '';
  const subVerb = m.verb === 'updateStatus' || m.verb === 'applyStatus' ? m.verb : verb;
  const method = lowerCamel(m.name);
  switch (verb) {
    case 'get':
    case 'delete':
      return {
        method,
        params: `name: string, options?: ${optionsType}`,
        result: verb === 'delete' ? 'void' : result,
        call: `{ verb: '${subVerb}', name, ${sub}options }`,
      };
    case 'list':
      return { method, params: `options?: ${optionsType}`, result, call: `{ verb: 'list', ${sub}options }` };
    case 'create':
    case 'update':
      return {
        method,
        params: `name: string, body: ${input}, options?: ${optionsType}`,
        result,
        call: `{ verb: '${subVerb}', name, ${sub}body, options }`,
      };
    case 'apply': {
      const inputRef = m.input?.kind === 'ref' ? m.input.target : m.input === undefined ? { pkg: k.kind.pkg, name: k.kind.name } : undefined;
      const body = inputRef ? applyTypeOf(model, inputRef, input, file, imports, runtimeTypes, options) : `DeepPartial<${input}>`;
      if (!inputRef) runtimeTypes.add('DeepPartial');
      return {
        method,
        params: `name: string, body: ${body}, options: ApplyOptions`,
        result,
        call: `{ verb: '${subVerb}', name, ${sub}body, options }`,
      };
    }
    case 'patch':
      runtimeTypes.add('PatchType');
      return {
        method,
        params: `name: string, patchType: PatchType, data: unknown, options?: PatchOptions`,
        result,
        call: `{ verb: 'patch', name, ${sub}body: data, patchType, options }`,
      };
    default:
      return `+genclient:method=${m.name}: unsupported verb ${m.verb}`;
  }
}

export { relModule };
