/**
 * `kubegen import`: CustomResourceDefinition YAML → the kubegen input language, the way back of
 * `kubegen generate crd`. Pure: texts in, files and diagnostics out; the CLI reads and writes the disk.
 *
 * For every CRD (apiextensions.k8s.io/v1) and every version of it, the output is the package
 * `<groupDir>/<version>/`: `doc.ts` (`+groupName`, `+k8s:deepcopy-gen=package`) and
 * `<kind>_types.ts` with the kind (`extends TypeMeta`, `metadata?: ObjectMeta`, its schema's fields), its
 * List type, and one exported interface per nested object schema, named after its JSON path
 * (`CertificateSpec`, `CertificateSpecPrivateKey`, …). Kind markers restore names, scope, subresources,
 * printer columns, selectable fields, served/storage/deprecated flags and CRD metadata; field markers
 * restore the schema's validations (see schema.ts). Imported files are the user's source from then on:
 * they carry no generated header.
 */
import { sortDiagnostics, type Diagnostic, type SourcePos } from '../diagnostics.js';
import { isVersionName, kindFileName } from '../model/naming.js';
import { defaultRegistry } from '../markers/registry.js';
import { type Decl, type MarkerSpec, NameAllocator, RUNTIME_NAMES } from './decls.js';
import { markerFormatter } from './markers.js';
import { escapeDescription, renderDecl, renderImport } from './render.js';
import { SchemaConverter } from './schema.js';
import { isRecord } from './util.js';
import { documentLine, loadDocuments, PositionIndex, type JsonPath } from './yaml.js';

export interface ImportInput {
  /** The file's path as shown in diagnostics. */
  path: string;
  text: string;
  /**
   * Found while scanning a directory: a file without any CustomResourceDefinition is skipped with a
   * warning instead of being an error.
   */
  scanned?: boolean;
}

export interface ImportOptions {
  /** Module the imported files import the runtime types from. Default `@kubegen/runtime`. */
  runtimeImport?: string;
  /** Folders already holding a group in the output tree (group name → folder): imports go there. */
  groupDirs?: Readonly<Record<string, string>>;
  /** Folder names of the output tree that belong to other groups (never chosen for a new group). */
  takenDirs?: readonly string[];
}

export interface ImportedFile {
  /** Relative to the output (apis) root, forward slashes. */
  path: string;
  content: string;
  /** `doc` files are shared by every kind of a package: an existing one for the same group is kept. */
  role: 'doc' | 'types';
  /** For `doc` files: the group the package belongs to. */
  group: string;
}

export interface ImportedKind {
  group: string;
  kind: string;
  versions: string[];
  /** Input path and document index of the CRD. */
  source: string;
}

export interface ImportResult {
  /** Sorted by path. Empty when there is any error. */
  files: ImportedFile[];
  kinds: ImportedKind[];
  diagnostics: Diagnostic[];
  ok: boolean;
}

/** The file (without extension) of the types several kinds of a package share. */
const SHARED_FILE = 'types';

/** Annotations a generator writes about itself: not carried into the imported types. */
const GENERATOR_ANNOTATIONS = new Set(['controller-gen.kubebuilder.io/version', 'kubegen.dev/version']);

interface CrdDoc {
  input: ImportInput;
  index: number;
  crd: Record<string, unknown>;
  positions: PositionIndex;
  group: string;
  kind: string;
}

/** Imports CRDs from YAML texts. Deterministic: the same inputs give the same files, byte for byte. */
export function importCrds(inputs: readonly ImportInput[], options: ImportOptions = {}): ImportResult {
  const diagnostics: Diagnostic[] = [];
  const crds: CrdDoc[] = [];
  const seen = new Map<string, string>();

  for (const input of inputs) {
    const loaded = loadDocuments(input.path, input.text);
    if (!loaded.ok) {
      diagnostics.push(err(loaded.pos, 'import-yaml', `${loaded.message}: the file is not valid YAML; fix the syntax here (or import the CRD as the cluster serves it: kubectl get crd <name> -o yaml)`));
      continue;
    }
    const positions = new PositionIndex(input.path, input.text);
    let found = 0;
    for (const { index, value } of loaded.documents) {
      if (value === null || value === undefined) continue;
      const at = (path: JsonPath): SourcePos => positions.at(index, path);
      if (!isRecord(value)) {
        diagnostics.push(err(at([]), 'import-not-crd', `document ${index + 1} is not a Kubernetes object (a mapping with apiVersion and kind): import CustomResourceDefinition manifests only`));
        continue;
      }
      if (value['kind'] !== 'CustomResourceDefinition') {
        diagnostics.push(warn(at(['kind']), 'import-not-crd', `document ${index + 1} is a ${typeof value['kind'] === 'string' ? value['kind'] : 'object without kind'}, not a CustomResourceDefinition: skipped`));
        continue;
      }
      if (value['apiVersion'] !== 'apiextensions.k8s.io/v1') {
        diagnostics.push(
          err(
            at(['apiVersion']),
            'import-not-v1',
            `CustomResourceDefinition with apiVersion ${JSON.stringify(value['apiVersion'])}: only apiextensions.k8s.io/v1 can be imported; convert it first (regenerate it with controller-gen crd:crdVersions=v1, or read it back from a cluster with kubectl get crd <name> -o yaml)`,
          ),
        );
        found++;
        continue;
      }
      found++;
      const spec = value['spec'];
      const names = isRecord(spec) ? spec['names'] : undefined;
      if (!isRecord(spec) || typeof spec['group'] !== 'string' || !isRecord(names) || typeof names['kind'] !== 'string' || typeof names['plural'] !== 'string') {
        diagnostics.push(err(at(isRecord(spec) ? ['spec'] : []), 'import-crd', 'the CustomResourceDefinition needs spec.group, spec.names.kind and spec.names.plural: add them'));
        continue;
      }
      if (!/^[A-Z][A-Za-z0-9]*$/.test(names['kind'])) {
        diagnostics.push(err(at(['spec', 'names', 'kind']), 'import-name', `kind ${JSON.stringify(names['kind'])} cannot name a TypeScript interface: kubegen imports kinds written in UpperCamelCase (letters and digits)`));
        continue;
      }
      const id = `${spec['group']}/${names['kind']}`;
      const prev = seen.get(id);
      const where = `${input.path}:${documentLine(input.text, index)}`;
      if (prev !== undefined) {
        diagnostics.push(err(at(['spec', 'names', 'kind']), 'import-duplicate', `kind ${names['kind']} of group ${spec['group']} is also defined at ${prev}: import one of the two CRDs`));
        continue;
      }
      seen.set(id, where);
      crds.push({ input, index, crd: value, positions, group: spec['group'], kind: names['kind'] });
    }
    if (found === 0 && diagnostics.every((d) => d.pos.file !== input.path || d.severity !== 'error')) {
      const d = { pos: { file: input.path, line: 1, col: 1 }, code: 'import-no-crd' };
      if (input.scanned) diagnostics.push({ ...d, severity: 'warning', message: 'no CustomResourceDefinition in this file: skipped' });
      else diagnostics.push({ ...d, severity: 'error', message: 'no CustomResourceDefinition in this file: give a file with apiextensions.k8s.io/v1 CustomResourceDefinition documents' });
    }
  }

  const dirs = groupDirectories([...new Set(crds.map((c) => c.group))], options);
  const packages = new Map<string, Package>();
  const kinds: ImportedKind[] = [];
  crds.sort((a, b) => cmp(a.group, b.group) || cmp(a.kind, b.kind));

  // Kinds and lists are reserved first in every package, so nested types never take their names.
  const plans: { doc: CrdDoc; versions: { name: string; schema: Record<string, unknown>; raw: Record<string, unknown>; index: number }[] }[] = [];
  for (const c of crds) {
    const at = (path: JsonPath): SourcePos => c.positions.at(c.index, path);
    const spec = c.crd['spec'] as Record<string, unknown>;
    const before = diagnostics.length;
    checkCrdLevel(c, spec, at, diagnostics);
    const versions = spec['versions'];
    if (!Array.isArray(versions) || versions.length === 0) {
      diagnostics.push(err(at(['spec', 'versions']), 'import-crd', 'spec.versions must list at least one version: add one'));
      continue;
    }
    const planned: (typeof plans)[number]['versions'] = [];
    versions.forEach((v, i) => {
      const vp: JsonPath = ['spec', 'versions', i];
      if (!isRecord(v) || typeof v['name'] !== 'string') {
        diagnostics.push(err(at(vp), 'import-crd', 'a version needs a name: add name: v1'));
        return;
      }
      if (!isVersionName(v['name'])) {
        diagnostics.push(err(at([...vp, 'name']), 'import-version', `version ${JSON.stringify(v['name'])} cannot be a kubegen version folder (v1, v1beta1, v2alpha1, …): rename the version`));
        return;
      }
      const schema = isRecord(v['schema']) ? v['schema']['openAPIV3Schema'] : undefined;
      if (!isRecord(schema)) {
        diagnostics.push(err(at([...vp, 'schema']), 'import-crd', `version ${v['name']} has no schema.openAPIV3Schema (required in apiextensions.k8s.io/v1): add the schema`));
        return;
      }
      planned.push({ name: v['name'], schema, raw: v, index: i });
    });
    const storage = planned.filter((v) => v.raw['storage'] === true);
    if (planned.length === versions.length && storage.length !== 1) {
      diagnostics.push(
        err(
          at(['spec', 'versions']),
          'import-crd',
          `${storage.length === 0 ? 'no version is' : `${storage.length} versions are`} marked storage: true; a CRD has exactly one storage version (the apiserver refuses others): mark one`,
        ),
      );
    }
    if (diagnostics.slice(before).some((d) => d.severity === 'error')) continue;
    plans.push({ doc: c, versions: planned });
    for (const v of planned) {
      const pkg = packageFor(packages, dirs.get(c.group)!, v.name, c.group);
      for (const n of [c.kind, `${c.kind}List`]) {
        if (!pkg.names.reserve(n)) {
          const why = RUNTIME_NAMES.includes(n)
            ? `the runtime type ${n} of @kubegen/runtime (imported types and generated code refer to both)`
            : `another type of package ${pkg.id}`;
          diagnostics.push(err(at(['spec', 'names', 'kind']), 'import-name', `kind ${c.kind} would declare ${n}, which collides with ${why}: kubegen cannot import this kind`));
        }
      }
    }
  }
  if (diagnostics.some((d) => d.severity === 'error')) return done([], [], diagnostics);

  const registry = defaultRegistry();
  const escape = (s: string): string => escapeDescription(s, (n) => registry.resolve(n) !== undefined);
  const runtimeImport = options.runtimeImport ?? '@kubegen/runtime';
  const files: ImportedFile[] = [];

  // One converter per package, so object shapes several kinds share are declared once, in types.ts.
  const work = new Map<string, { pkg: Package; items: { c: CrdDoc; v: (typeof plans)[number]['versions'][number]; count: number }[] }>();
  for (const { doc: c, versions } of plans) {
    for (const v of versions) {
      const pkg = packageFor(packages, dirs.get(c.group)!, v.name, c.group);
      let w = work.get(pkg.id);
      if (!w) work.set(pkg.id, (w = { pkg, items: [] }));
      w.items.push({ c, v, count: versions.length });
    }
    kinds.push({ group: c.group, kind: c.kind, versions: versions.map((v) => v.name), source: `${c.input.path}:${documentLine(c.input.text, c.index)}` });
  }
  for (const { pkg, items } of [...work.values()].sort((a, b) => cmp(a.pkg.id, b.pkg.id))) {
    let current = items[0]!.c;
    const at = (path: JsonPath): SourcePos => current.positions.at(current.index, path);
    const report = {
      error: (path: JsonPath, code: string, message: string) => void diagnostics.push(err(at(path), code, message)),
      warn: (path: JsonPath, code: string, message: string) => void diagnostics.push(warn(at(path), code, message)),
    };
    const fmt = markerFormatter(report.error, registry);
    const conv = new SchemaConverter(pkg.names, fmt, report);
    for (const { c, v } of items) {
      current = c;
      conv.planKind(c.kind, v.schema);
    }
    for (const { c, v, count } of items) {
      current = c;
      const target = conv.beginKind(c.kind);
      const spec = c.crd['spec'] as Record<string, unknown>;
      const base: JsonPath = ['spec', 'versions', v.index, 'schema', 'openAPIV3Schema'];
      const root = conv.convertRoot(v.schema, base);
      if (!root) continue;
      const kindMarkers = kindLevelMarkers(c, spec, v.raw, count, ['spec', 'versions', v.index], report.error)
        .map((m) => fmt.format(m.spec, m.path))
        .map((l) => (l === '+kubebuilder:object:root' ? '+kubebuilder:object:root=true' : l));
      const kindDecl: Decl = {
        kind: 'interface',
        name: c.kind,
        extends: 'TypeMeta',
        doc: { description: root.description, markers: [...kindMarkers, ...root.markers] },
        fields: root.fields,
      };
      target.runtime.add('ListMeta');
      const listDecl: Decl = {
        kind: 'interface',
        name: `${c.kind}List`,
        extends: 'TypeMeta',
        doc: { description: `${c.kind}List is a list of ${c.kind} objects.`, markers: ['+kubebuilder:object:root=true'] },
        fields: [
          { name: 'metadata', optional: true, type: 'ListMeta', doc: { description: '', markers: [] } },
          { name: 'items', optional: false, type: `${c.kind}[]`, doc: { description: '', markers: [] } },
        ],
      };
      const source = `${c.input.path}${c.index > 0 ? ` (document ${c.index + 1})` : ''}`;
      const header = [
        `// ${c.kind} ${c.group}/${v.name}, imported by kubegen import from ${source}.`,
        '// This file is yours to edit: kubegen never overwrites it (kubegen import --force does).',
      ].join('\n');
      const parts = [header, renderImport([...target.runtime], runtimeImport), renderImport([...target.shared], `./${SHARED_FILE}.js`)];
      for (const d of [kindDecl, listDecl, ...target.decls]) parts.push(renderDecl(d, escape));
      files.push({ path: `${pkg.id}/${kindFileName(c.kind)}_types.ts`, content: `${parts.filter((p) => p !== '').join('\n\n')}\n`, role: 'types', group: c.group });
      pkg.sources.add(c.input.path);
    }
    const shared = conv.sharedTarget;
    if (shared.decls.length > 0) {
      const kindsOf = [...new Set(items.map((i) => i.c.kind))].join(', ');
      const header = [
        `// Types the kinds ${kindsOf} of ${pkg.group}/${pkg.version} share, imported by kubegen import.`,
        '// This file is yours to edit: kubegen never overwrites it (kubegen import --force does).',
      ].join('\n');
      const parts = [header, renderImport([...shared.runtime], runtimeImport)];
      for (const d of shared.decls) parts.push(renderDecl(d, escape));
      files.push({ path: `${pkg.id}/${SHARED_FILE}.ts`, content: `${parts.filter((p) => p !== '').join('\n\n')}\n`, role: 'types', group: pkg.group });
    }
  }
  for (const pkg of [...packages.values()]) {
    if (pkg.sources.size === 0) continue;
    files.push({ path: `${pkg.id}/doc.ts`, content: docFile(pkg), role: 'doc', group: pkg.group });
  }
  files.sort((a, b) => cmp(a.path, b.path));
  return done(files, kinds, diagnostics);
}

function done(files: ImportedFile[], kinds: ImportedKind[], diagnostics: Diagnostic[]): ImportResult {
  sortDiagnostics(diagnostics);
  const ok = !diagnostics.some((d) => d.severity === 'error');
  return { files: ok ? files : [], kinds: ok ? kinds : [], diagnostics, ok };
}

interface Package {
  id: string;
  version: string;
  group: string;
  groupGoName?: string;
  names: NameAllocator;
  sources: Set<string>;
}

function packageFor(packages: Map<string, Package>, dir: { dir: string; goName?: string }, version: string, group: string): Package {
  const id = `${dir.dir}/${version}`;
  let p = packages.get(id);
  if (!p) {
    p = { id, version, group, names: new NameAllocator(), sources: new Set(), ...(dir.goName !== undefined ? { groupGoName: dir.goName } : {}) };
    packages.set(id, p);
  }
  return p;
}

function docFile(pkg: Package): string {
  const lines = [
    '/**',
    ` * Package ${pkg.version} holds the ${pkg.group}/${pkg.version} API types, imported from CustomResourceDefinitions`,
    ' * by kubegen import (each <kind>_types.ts names the CRD it came from).',
    ' *',
    ' * +k8s:deepcopy-gen=package',
    ` * +groupName=${pkg.group}`,
  ];
  if (pkg.groupGoName !== undefined) lines.push(` * +groupGoName=${pkg.groupGoName}`);
  lines.push(' */', '');
  return lines.join('\n');
}

/**
 * The folder of every group: the one the output tree already uses for it, else its first DNS label
 * (`cert-manager.io` → `cert-manager`), else — when groups share a first label or the label is taken —
 * more labels joined by `-` (`monitoring-coreos`), with a `+groupGoName` so client accessors stay apart.
 */
function groupDirectories(groups: string[], options: ImportOptions): Map<string, { dir: string; goName?: string }> {
  const out = new Map<string, { dir: string; goName?: string }>();
  const taken = new Set(options.takenDirs ?? []);
  const given = options.groupDirs ?? {};
  for (const g of groups) if (given[g] !== undefined) taken.add(given[g]);
  const firstLabels = new Map<string, number>();
  for (const g of groups) {
    const l = g.split('.')[0]!;
    firstLabels.set(l, (firstLabels.get(l) ?? 0) + 1);
  }
  for (const g of [...groups].sort()) {
    const existing = given[g];
    if (existing !== undefined) {
      out.set(g, { dir: existing });
      continue;
    }
    const labels = g.split('.');
    const first = labels[0]!;
    if (firstLabels.get(first) === 1 && !taken.has(first)) {
      taken.add(first);
      out.set(g, { dir: first });
      continue;
    }
    let n = 2;
    let dir = labels.slice(0, n).join('-');
    while (taken.has(dir) && n < labels.length) dir = labels.slice(0, ++n).join('-');
    for (let i = 2; taken.has(dir); i++) dir = `${labels.join('-')}${i}`;
    taken.add(dir);
    const goName = dir
      .split('-')
      .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
      .join('');
    out.set(g, { dir, goName });
  }
  return out;
}

/** CRD-wide facts that markers cannot carry: reported, the rest imported. */
function checkCrdLevel(c: CrdDoc, spec: Record<string, unknown>, at: (p: JsonPath) => SourcePos, diagnostics: Diagnostic[]): void {
  const names = spec['names'] as Record<string, unknown>;
  const listKind = names['listKind'];
  if (listKind !== undefined && listKind !== `${c.kind}List`) {
    diagnostics.push(err(at(['spec', 'names', 'listKind']), 'import-unsupported', `listKind ${JSON.stringify(listKind)} is not ${c.kind}List: kubegen names the list type <Kind>List, so this CRD cannot be imported unchanged; rename the listKind to ${c.kind}List`));
  }
  const scope = spec['scope'];
  if (scope !== 'Namespaced' && scope !== 'Cluster') {
    diagnostics.push(err(at(['spec', 'scope']), 'import-crd', `scope must be Namespaced or Cluster, got ${JSON.stringify(scope)}: set it`));
  }
  if (spec['preserveUnknownFields'] === true) {
    diagnostics.push(err(at(['spec', 'preserveUnknownFields']), 'import-crd', 'spec.preserveUnknownFields: true is not allowed in apiextensions.k8s.io/v1: remove it and mark the fields that keep unknown fields with x-kubernetes-preserve-unknown-fields'));
  }
  const conv = spec['conversion'];
  if (isRecord(conv) && conv['strategy'] !== undefined && conv['strategy'] !== 'None') {
    diagnostics.push(warn(at(['spec', 'conversion']), 'import-conversion', `spec.conversion (strategy ${String(conv['strategy'])}) is not imported: kubegen has no marker for conversion webhooks; add it to the generated CRD with a kustomize patch, as kubebuilder projects do`));
  }
  const meta = c.crd['metadata'];
  const name = isRecord(meta) ? meta['name'] : undefined;
  const want = `${String(names['plural'])}.${c.group}`;
  if (name !== undefined && name !== want) {
    diagnostics.push(warn(at(['metadata', 'name']), 'import-crd-name', `metadata.name ${JSON.stringify(name)} is not ${want} (<plural>.<group>, which the apiserver requires): kubegen generates ${want}`));
  }
}

/** The kind-level markers of one version: client, root, names, scope, versions, subresources, columns. */
function kindLevelMarkers(
  c: CrdDoc,
  spec: Record<string, unknown>,
  v: Record<string, unknown>,
  versionCount: number,
  vp: JsonPath,
  error: (path: JsonPath, code: string, message: string) => void,
): { spec: MarkerSpec; path: JsonPath }[] {
  const out: { spec: MarkerSpec; path: JsonPath }[] = [];
  const add = (name: string, value: MarkerSpec['value'], path: JsonPath): void => void out.push({ spec: { name, value }, path });
  const names = spec['names'] as Record<string, unknown>;
  const subs = isRecord(v['subresources']) ? v['subresources'] : {};
  add('genclient', true, ['spec']);
  if (spec['scope'] === 'Cluster') add('genclient:nonNamespaced', true, ['spec', 'scope']);
  if (!isRecord(subs['status'])) add('genclient:noStatus', true, [...vp]);
  add('kubebuilder:object:root', true, ['spec']);
  const res: Record<string, MarkerSpec['value']> = { path: names['plural'] as string };
  const strList = (k: string): string[] | undefined => {
    const x = names[k];
    if (x === undefined) return undefined;
    if (Array.isArray(x) && x.every((y) => typeof y === 'string')) return x;
    error(['spec', 'names', k], 'import-crd', `spec.names.${k} must be a list of names`);
    return undefined;
  };
  const shortNames = strList('shortNames');
  if (shortNames && shortNames.length > 0) res['shortName'] = shortNames;
  const categories = strList('categories');
  if (categories && categories.length > 0) res['categories'] = categories;
  if (typeof names['singular'] === 'string' && names['singular'] !== '') res['singular'] = names['singular'];
  if (spec['scope'] === 'Cluster') res['scope'] = 'Cluster';
  add('kubebuilder:resource', res, ['spec', 'names']);
  if (versionCount > 1 && v['storage'] === true) add('kubebuilder:storageversion', true, [...vp, 'storage']);
  if (v['served'] === false) add('kubebuilder:unservedversion', true, [...vp, 'served']);
  if (v['deprecated'] === true) {
    add('kubebuilder:deprecatedversion', typeof v['deprecationWarning'] === 'string' ? { warning: v['deprecationWarning'] } : {}, [...vp, 'deprecated']);
  }
  if (isRecord(subs['status'])) add('kubebuilder:subresource:status', true, [...vp, 'subresources', 'status']);
  const scale = subs['scale'];
  if (isRecord(scale)) {
    const sv: Record<string, MarkerSpec['value']> = {
      specpath: String(scale['specReplicasPath'] ?? ''),
      statuspath: String(scale['statusReplicasPath'] ?? ''),
    };
    if (typeof scale['labelSelectorPath'] === 'string') sv['selectorpath'] = scale['labelSelectorPath'];
    add('kubebuilder:subresource:scale', sv, [...vp, 'subresources', 'scale']);
  }
  const cols = v['additionalPrinterColumns'];
  if (Array.isArray(cols)) {
    cols.forEach((col, i) => {
      const cp: JsonPath = [...vp, 'additionalPrinterColumns', i];
      if (!isRecord(col) || typeof col['name'] !== 'string' || typeof col['type'] !== 'string' || typeof col['jsonPath'] !== 'string') {
        error(cp, 'import-crd', 'a printer column needs name, type and jsonPath');
        return;
      }
      const cv: Record<string, MarkerSpec['value']> = { name: col['name'], type: col['type'], JSONPath: col['jsonPath'] };
      if (typeof col['description'] === 'string') cv['description'] = col['description'];
      if (typeof col['format'] === 'string') cv['format'] = col['format'];
      if (typeof col['priority'] === 'number' && col['priority'] !== 0) cv['priority'] = col['priority'];
      add('kubebuilder:printcolumn', cv, cp);
    });
  }
  const sel = v['selectableFields'];
  if (Array.isArray(sel)) {
    sel.forEach((f, i) => {
      if (isRecord(f) && typeof f['jsonPath'] === 'string') add('kubebuilder:selectablefield', { JSONPath: f['jsonPath'] }, [...vp, 'selectableFields', i]);
      else error([...vp, 'selectableFields', i], 'import-crd', 'a selectable field needs jsonPath');
    });
  }
  // CRD metadata: on the storage version only (the generator merges every version's).
  if (v['storage'] === true) {
    const meta = isRecord(c.crd['metadata']) ? c.crd['metadata'] : {};
    const kv = (k: 'annotations' | 'labels'): string[] => {
      const m = meta[k];
      if (!isRecord(m)) return [];
      return Object.keys(m)
        .filter((x) => !GENERATOR_ANNOTATIONS.has(x))
        .sort()
        .map((x) => `${x}=${String(m[x])}`);
    };
    const annotations = kv('annotations');
    const labels = kv('labels');
    if (annotations.length > 0 || labels.length > 0) {
      const mv: Record<string, MarkerSpec['value']> = {};
      if (annotations.length > 0) mv['annotations'] = annotations;
      if (labels.length > 0) mv['labels'] = labels;
      add('kubebuilder:metadata', mv, ['metadata']);
    }
  }
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function err(pos: SourcePos, code: string, message: string): Diagnostic {
  return { severity: 'error', pos, code, message };
}

function warn(pos: SourcePos, code: string, message: string): Diagnostic {
  return { severity: 'warning', pos, code, message };
}
