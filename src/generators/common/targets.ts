/**
 * What the client-side generators (clientset, fake, listers, informers) emit code for, and how
 * output-root files import the API types. Shared so the four families agree on names and paths.
 */
import { posix } from 'node:path';
import type { ApiModel, Group, StructType, TypeDecl, Verb, Version } from '../../model/types.js';
import type { GeneratorOptions } from '../types.js';
import { kindFileName, lowerCamel, upperFirst, versionAccessor } from '../../model/naming.js';
import { kindList, rootKinds } from '../../model/query.js';

export interface ClientKind {
  group: Group;
  version: Version;
  kind: StructType;
  list: StructType;
  /** `networks`, `httpClients`: the accessor on the group-version client. */
  accessor: string;
  /** `network`: file name without extension. */
  file: string;
  verbs: readonly Verb[];
}

export interface ClientVersion {
  group: Group;
  version: Version;
  /** `samplecrdV1` */
  accessor: string;
  /** `SamplecrdV1` */
  typeName: string;
  kinds: ClientKind[];
}

export interface ClientGroup {
  group: Group;
  versions: ClientVersion[];
}

type PackageFlag = 'clientGen' | 'listerGen' | 'informerGen';

/** Groups → versions → kinds that get a typed client (`+genclient`, package not opted out), in model order. */
export function clientGroups(model: ApiModel, flag: PackageFlag = 'clientGen'): ClientGroup[] {
  const out: ClientGroup[] = [];
  for (const group of model.groups) {
    const versions: ClientVersion[] = [];
    for (const version of group.versions) {
      if (!version.options.clientGen || !version.options[flag]) continue;
      const kinds: ClientKind[] = [];
      for (const kind of rootKinds(version)) {
        const r = kind.resource;
        if (!r || !r.genclient) continue;
        const list = kindList(version, kind.name);
        if (!list) continue;
        kinds.push({
          group,
          version,
          kind,
          list,
          accessor: lowerCamel(r.pluralName),
          file: kindFileName(kind.name),
          verbs: r.verbs,
        });
      }
      if (kinds.length === 0) continue;
      const accessor = versionAccessor(group.goName, version.name);
      versions.push({ group, version, accessor, typeName: upperFirst(accessor), kinds });
    }
    if (versions.length > 0) out.push({ group, versions });
  }
  return out;
}

/**
 * Kinds that get a lister: lister-gen's rule (list and get), and every kind with an informer (whose
 * `lister()` needs one).
 */
export function hasLister(k: ClientKind): boolean {
  return k.verbs.includes('list') && (k.verbs.includes('get') || k.verbs.includes('watch'));
}

/** Kinds that can have an informer: a client with list and watch (informer-gen's rule). */
export function hasListWatch(k: ClientKind): boolean {
  return k.verbs.includes('list') && k.verbs.includes('watch');
}

/** Relative module specifier from one output-root file to another output-root module (no extension in `to`). */
export function relModule(fromFile: string, toModule: string, ext: string): string {
  let rel = posix.relative(posix.dirname(fromFile), toModule);
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return rel + ext;
}

/** Module specifier, from an output-root file, of the API file that declares `decl`. */
export function apiModule(fromFile: string, decl: Pick<TypeDecl, 'file'>, options: GeneratorOptions): string {
  const apis = options.apisFromOutput ?? '../apis';
  const target = posix.join(apis, decl.file.replace(/\.ts$/, ''));
  return relModule(fromFile, target, options.importExtension);
}

/** Groups `import type { A, B } from 'x'` lines: module → names, both sorted. */
export class ImportSet {
  private readonly modules = new Map<string, Set<string>>();
  add(module: string, name: string): void {
    let set = this.modules.get(module);
    if (!set) this.modules.set(module, (set = new Set()));
    set.add(name);
  }
  /** Sorted `{ module, names }` pairs (names joined with `, `). */
  list(): { module: string; names: string }[] {
    return [...this.modules.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([module, names]) => ({ module, names: [...names].sort().join(', ') }));
  }
}

/** Line width of generated TypeScript (kept in step with the Prettier options the format test uses). */
export const PRINT_WIDTH = 120;

/**
 * One import declaration, laid out as Prettier would: on one line when it fits, else one name per line.
 * `names` may carry a `type ` prefix; they are sorted by name.
 */
export function importDecl(names: readonly string[], module: string, typeOnly = false): string {
  if (!typeOnly && names.length > 0 && names.every((n) => n.startsWith('type '))) {
    return importDecl(names.map((n) => n.slice(5)), module, true);
  }
  const sorted = [...new Set(names)].sort((a, b) => {
    const x = a.replace(/^type /, '');
    const y = b.replace(/^type /, '');
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const head = typeOnly ? 'import type' : 'import';
  const one = `${head} { ${sorted.join(', ')} } from '${module}';`;
  if (one.length <= PRINT_WIDTH) return one;
  return `${head} {\n${sorted.map((n) => `  ${n},`).join('\n')}\n} from '${module}';`;
}

/** `export type Name = 'a' | 'b';` on one line when it fits, else Prettier's one-member-per-line form. */
export function unionTypeDecl(name: string, members: readonly string[], exported = true): string {
  const head = `${exported ? 'export ' : ''}type ${name} =`;
  if (members.length === 0) return `${head} never;`;
  const one = `${head} ${members.join(' | ')};`;
  if (one.length <= PRINT_WIDTH) return one;
  const indented = `  ${members.join(' | ')};`;
  if (indented.length <= PRINT_WIDTH) return `${head}\n${indented}`;
  return `${head}\n${members.map((m) => `  | ${m}`).join('\n')};`;
}

/**
 * A call statement `callee(arg1, () => body);` at `indent` spaces, laid out as Prettier does when the last
 * argument is an arrow function: one line when it fits, else the arrow body on its own line.
 */
export function callWithArrow(indent: number, callee: string, args: readonly string[], arrowBody: string): string {
  const pad = ' '.repeat(indent);
  const head = `${pad}${callee}(${[...args, ''].join(', ')}() =>`;
  const one = `${head} ${arrowBody});`;
  if (one.length <= PRINT_WIDTH) return one;
  return `${head}\n${pad}  ${arrowBody},\n${pad});`;
}
