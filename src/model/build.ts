/**
 * Raw parsed packages (src/parse/raw.ts) → the model: package options, groups and versions, deep-copy
 * selection, field optionality, root kinds and lists, and every kind's `Resource` facts. Problems that one
 * kind's markers show on their own (contradicting scope, a verb both skipped and kept, …) are reported
 * here; checks that need the whole model are in validate.ts.
 */
import type { Diagnostic, SourcePos } from '../diagnostics.js';
import type { RawPackage, RawTree } from '../parse/raw.js';
import {
  DEFAULT_PLURAL_EXCEPTIONS,
  compareVersions,
  groupGoName,
  lowerCamel,
  pluralize,
  resourcePlural,
} from './naming.js';
import { allFields } from './query.js';
import {
  ALL_VERBS,
  MODEL_VERSION,
  type ApiModel,
  type ExtensionMethod,
  type Field,
  type Group,
  type Marker,
  type MarkerValue,
  type Package,
  type PackageOptions,
  type PrinterColumn,
  type Resource,
  type ScaleSubresource,
  type Scope,
  type StructType,
  type TypeDecl,
  type TypeExpr,
  type Verb,
  type Version,
} from './types.js';

export interface BuildOptions {
  /** `--plural-exceptions`, merged over client-gen's defaults. */
  pluralExceptions?: Readonly<Record<string, string>>;
}

export interface BuildResult {
  model: ApiModel;
  diagnostics: Diagnostic[];
}

// ---------------------------------------------------------------------------------------------------
// Marker access (values as documented in src/markers/defs/*.ts)

function last(markers: readonly Marker[], name: string): Marker | undefined {
  for (let i = markers.length - 1; i >= 0; i--) if (markers[i]!.name === name) return markers[i];
  return undefined;
}
function all(markers: readonly Marker[], name: string): Marker[] {
  return markers.filter((m) => m.name === name);
}
function flag(markers: readonly Marker[], name: string): boolean {
  const m = last(markers, name);
  return m !== undefined && m.value !== false && m.value !== 'false';
}
function isObj(v: MarkerValue | undefined): v is { [key: string]: MarkerValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function str(v: MarkerValue | undefined): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}
/** A list value: `a;b`, `{a,b}`, or a lone string (`a,b` split on commas). */
function strList(v: MarkerValue | undefined): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.map((x) => str(x)).filter((x): x is string => x !== undefined);
  const s = str(v);
  return s === undefined
    ? []
    : s
        .split(/[,;]/)
        .map((x) => x.trim())
        .filter((x) => x !== '');
}
/** The named arguments of every occurrence of a struct marker, later keys winning. */
function structArgs(
  markers: readonly Marker[],
  name: string,
): { args: Record<string, MarkerValue>; pos?: SourcePos; posOf: Record<string, SourcePos> } {
  const args: Record<string, MarkerValue> = {};
  const posOf: Record<string, SourcePos> = {};
  let pos: SourcePos | undefined;
  for (const m of all(markers, name)) {
    pos = m.pos;
    if (!isObj(m.value)) continue;
    for (const [k, v] of Object.entries(m.value)) {
      args[k] = v;
      posOf[k] = m.pos;
    }
  }
  return pos ? { args, pos, posOf } : { args, posOf };
}
function arg(args: Record<string, MarkerValue>, ...keys: string[]): MarkerValue | undefined {
  for (const k of keys) if (Object.hasOwn(args, k)) return args[k];
  // controller-gen keys are case-insensitive in practice (`JSONPath`, `jsonPath`).
  const lower = keys.map((k) => k.toLowerCase());
  for (const [k, v] of Object.entries(args)) if (lower.includes(k.toLowerCase())) return v;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------

class Builder {
  readonly diags: Diagnostic[] = [];
  private readonly exceptions: Readonly<Record<string, string>>;

  constructor(private readonly opts: BuildOptions) {
    this.exceptions = { ...DEFAULT_PLURAL_EXCEPTIONS, ...(opts.pluralExceptions ?? {}) };
  }

  error(pos: SourcePos, code: string, message: string): void {
    this.diags.push({ severity: 'error', pos, code, message });
  }

  build(tree: RawTree): ApiModel {
    const groups = new Map<string, Group>();
    const groupDirs = new Map<string, { name: string; pos: SourcePos }>();
    const goNameOverride = new Map<string, { value: string; pos: SourcePos }>();
    const sharedPackages: Package[] = [];

    for (const raw of tree.packages) {
      const options = this.packageOptions(raw.markers);
      const types = this.finishTypes(raw, options);
      const base: Package = {
        id: raw.id,
        files: raw.files,
        markers: raw.markers,
        options,
        handWrittenRegister: raw.handWrittenRegister,
        types,
      };
      if (raw.docFile !== undefined) base.docFile = raw.docFile;
      if (raw.groupDir === undefined || raw.versionDir === undefined) {
        sharedPackages.push(base);
        continue;
      }
      const gm = last(raw.markers, 'groupName');
      if (!gm) {
        // A malformed +groupName was reported by the registry already.
        if (!raw.rejectedMarkers.includes('groupName')) {
          this.error(
            raw.pos,
            'missing-group-name',
            raw.docFile !== undefined
              ? `package ${raw.id} has no +groupName: add \`// +groupName=${raw.groupDir}.example.com\` to ${raw.docFile}`
              : `package ${raw.id} has no doc.ts: create ${raw.id}/doc.ts with \`// +groupName=${raw.groupDir}.example.com\``,
          );
        }
        continue;
      }
      const groupName = str(gm.value) ?? '';
      const vm = last(raw.markers, 'versionName');
      const versionName = (vm && str(vm.value)) || raw.versionDir;
      const version: Version = { ...base, name: versionName, group: groupName };

      const byDir = groupDirs.get(raw.groupDir);
      if (byDir && byDir.name !== groupName) {
        this.error(
          gm.pos,
          'group-name-mismatch',
          `+groupName=${groupName} differs from +groupName=${byDir.name} of another version in ${raw.groupDir}/ (${byDir.pos.file}): every version of a group folder names the same group`,
        );
        continue;
      }
      groupDirs.set(raw.groupDir, { name: groupName, pos: gm.pos });

      let group = groups.get(groupName);
      if (!group) {
        group = { name: groupName, goName: '', dir: raw.groupDir, versions: [] };
        groups.set(groupName, group);
      } else if (group.dir !== raw.groupDir) {
        this.error(
          gm.pos,
          'group-split',
          `group ${groupName === '' ? '(core)' : groupName} is also declared in ${group.dir}/: keep all versions of a group in one folder`,
        );
        continue;
      }
      const dup = group.versions.find((v) => v.name === versionName);
      if (dup) {
        this.error(
          vm?.pos ?? raw.pos,
          'duplicate-version',
          `version ${versionName} of group ${groupName === '' ? '(core)' : groupName} is declared twice (${dup.id} and ${raw.id}): rename one folder or fix +versionName`,
        );
        continue;
      }
      const go = last(raw.markers, 'groupGoName');
      if (go) {
        const value = str(go.value) ?? '';
        const prev = goNameOverride.get(groupName);
        if (prev && prev.value !== value) {
          this.error(
            go.pos,
            'group-go-name-conflict',
            `+groupGoName=${value} differs from +groupGoName=${prev.value} at ${prev.pos.file}:${prev.pos.line}:${prev.pos.col}: give every version of the group the same name`,
          );
        } else goNameOverride.set(groupName, { value, pos: go.pos });
      }
      group.versions.push(version);
    }

    const model: ApiModel = {
      modelVersion: MODEL_VERSION,
      groups: [...groups.values()].sort((a, b) => cmp(a.name, b.name)),
      sharedPackages: sharedPackages.sort((a, b) => cmp(a.id, b.id)),
    };
    for (const g of model.groups) {
      g.goName = groupGoName(g.name, goNameOverride.get(g.name)?.value);
      g.versions.sort((a, b) => compareVersions(a.name, b.name) || cmp(a.id, b.id));
      for (const v of g.versions) this.roots(model, v);
      this.storage(g);
    }
    return model;
  }

  private packageOptions(markers: readonly Marker[]): PackageOptions {
    const dc = last(markers, 'k8s:deepcopy-gen');
    const og = last(markers, 'kubebuilder:object:generate');
    const off = (name: string): boolean => {
      const m = last(markers, name);
      return m !== undefined && (m.value === false || m.value === 'false');
    };
    // Later of Optional / Required decides the package default.
    let defaultOptional = false;
    for (const m of markers) {
      if (m.name === 'kubebuilder:validation:Optional') defaultOptional = m.value !== false;
      if (m.name === 'kubebuilder:validation:Required' && m.value !== false) defaultOptional = false;
    }
    return {
      deepcopyPackage: dc !== undefined ? dc.value === 'package' : og !== undefined && og.value === true,
      clientGen: !off('k8s:client-gen'),
      listerGen: !off('k8s:lister-gen'),
      informerGen: !off('k8s:informer-gen'),
      applyConfigurationGen: !off('k8s:applyconfiguration-gen'),
      crdSkip: flag(markers, 'kubebuilder:skip'),
      defaultOptional,
    };
  }

  /** Deep-copy selection and field optionality; types sorted by name (then file). */
  private finishTypes(raw: RawPackage, options: PackageOptions): TypeDecl[] {
    for (const t of raw.types) {
      const dc = last(t.markers, 'k8s:deepcopy-gen');
      const og = last(t.markers, 'kubebuilder:object:generate');
      if (dc !== undefined && (dc.value === 'true' || dc.value === true)) t.deepcopy = true;
      else if (dc !== undefined && (dc.value === 'false' || dc.value === false)) t.deepcopy = false;
      else if (og !== undefined) t.deepcopy = og.value === true;
      else t.deepcopy = options.deepcopyPackage;
      if (t.declKind === 'struct') this.fieldsOptionality(t.fields, options);
      else this.exprOptionality(t.target, options);
    }
    return [...raw.types].sort((a, b) => cmp(a.name, b.name) || cmp(a.file, b.file));
  }

  private fieldsOptionality(fields: readonly Field[], options: PackageOptions): void {
    for (const f of fields) {
      const req = f.markers.find((m) => REQUIRED_MARKERS.has(m.name) && m.value !== false);
      const opt = f.markers.find((m) => OPTIONAL_MARKERS.has(m.name) && m.value !== false);
      if (req && opt) {
        this.error(
          req.pos,
          'optionality-conflict',
          `field ${f.name} is marked both +${opt.name} and +${req.name}: keep one`,
        );
      }
      f.optional = req ? false : opt !== undefined || f.tsOptional || options.defaultOptional;
      this.exprOptionality(f.type, options);
    }
  }

  private exprOptionality(t: TypeExpr, options: PackageOptions): void {
    switch (t.kind) {
      case 'object':
        this.fieldsOptionality(t.fields, options);
        break;
      case 'array':
        this.exprOptionality(t.items, options);
        break;
      case 'map':
        this.exprOptionality(t.values, options);
        break;
      case 'nullable':
        this.exprOptionality(t.inner, options);
        break;
      default:
        break;
    }
  }

  // -------------------------------------------------------------------------------------------------
  // Root kinds and lists

  private roots(model: ApiModel, v: Version): void {
    const structs = new Map<string, StructType>();
    for (const t of v.types) if (t.declKind === 'struct' && !structs.has(t.name)) structs.set(t.name, t);
    const marked = (s: StructType): boolean =>
      flag(s.markers, 'genclient') || flag(s.markers, 'kubebuilder:object:root');

    // Lists: `<X>List` where X is a struct of the package and the list looks like (or is marked as) a root.
    const listOf = new Map<string, StructType>();
    for (const s of structs.values()) {
      if (!s.name.endsWith('List') || s.name.length <= 4) continue;
      const item = structs.get(s.name.slice(0, -4));
      if (!item) continue;
      const embedsTypeMeta = s.embeds.some((e) => e.kind === 'well-known' && e.name === 'TypeMeta');
      if (!embedsTypeMeta && !flag(s.markers, 'kubebuilder:object:root') && !marked(item)) continue;
      // A malformed list is reported here and still counts as the kind's list (no second "missing" error).
      this.checkList(s, item.name, embedsTypeMeta);
      s.root = 'list';
      s.listOf = item.name;
      listOf.set(item.name, s);
    }
    for (const s of structs.values()) {
      if (s.root === 'list') continue;
      // Marked, or listed by a `<Kind>List` sibling: validate.ts checks that it has the shape of a kind.
      if (!marked(s) && !listOf.has(s.name)) continue;
      s.root = 'kind';
      s.resource = this.resource(model, v, s);
    }
  }

  private checkList(s: StructType, item: string, embedsTypeMeta: boolean): void {
    const shape = `export interface ${s.name} extends TypeMeta { metadata?: ListMeta; items: ${item}[] }`;
    if (!embedsTypeMeta) {
      this.error(s.pos, 'bad-list-type', `list type ${s.name} must embed TypeMeta: declare ${shape}`);
    }
    const meta = s.fields.find((f) => f.name === 'metadata');
    if (!meta || !(meta.type.kind === 'well-known' && meta.type.name === 'ListMeta')) {
      this.error(
        meta?.pos ?? s.pos,
        'bad-list-type',
        `list type ${s.name} needs \`metadata?: ListMeta\`${meta ? ` (found ${describeExpr(meta.type)})` : ''}: declare ${shape}`,
      );
    }
    const items = s.fields.find((f) => f.name === 'items');
    const itemsOk =
      items !== undefined &&
      items.type.kind === 'array' &&
      items.type.items.kind === 'ref' &&
      items.type.items.target.pkg === s.pkg &&
      items.type.items.target.name === item;
    if (!itemsOk) {
      this.error(
        items?.pos ?? s.pos,
        'bad-list-type',
        `list type ${s.name} needs \`items: ${item}[]\`${items ? ` (found ${describeExpr(items.type)})` : ''}: declare ${shape}`,
      );
    }
  }

  // -------------------------------------------------------------------------------------------------
  // Resource facts

  private resource(model: ApiModel, v: Version, s: StructType): Resource {
    const m = s.markers;
    const kind = s.name;
    const res = structArgs(m, 'kubebuilder:resource');
    const genclient = flag(m, 'genclient');

    // Plural: +kubebuilder:resource:path and +resourceName override the namer; they must agree.
    const path = str(arg(res.args, 'path'));
    const rn = last(m, 'resourceName');
    const resourceName = rn ? str(rn.value) : undefined;
    if (path !== undefined && resourceName !== undefined && path !== resourceName) {
      this.error(
        rn!.pos,
        'plural-conflict',
        `+resourceName=${resourceName} disagrees with +kubebuilder:resource:path=${path}: the client and the CRD share one plural; keep one of them`,
      );
    }
    const plural = path ?? resourceName ?? resourcePlural(kind, this.exceptions);

    // Scope: client-gen's +genclient:nonNamespaced, and +kubebuilder:resource:scope must agree.
    const nonNamespaced = flag(m, 'genclient:nonNamespaced');
    const scopeArg = str(arg(res.args, 'scope'));
    let scope: Scope = nonNamespaced ? 'Cluster' : 'Namespaced';
    if (scopeArg !== undefined) {
      const scopePos = res.posOf['scope'] ?? s.pos;
      if (scopeArg !== 'Cluster' && scopeArg !== 'Namespaced') {
        this.error(
          scopePos,
          'invalid-scope',
          `+kubebuilder:resource:scope=${scopeArg} is not a scope: use Namespaced or Cluster`,
        );
      } else if ((genclient || nonNamespaced) && scopeArg !== scope) {
        this.error(
          scopePos,
          'scope-conflict',
          scope === 'Cluster'
            ? `+kubebuilder:resource:scope=Namespaced contradicts +genclient:nonNamespaced: remove one of them`
            : `+kubebuilder:resource:scope=Cluster contradicts +genclient (namespaced): add +genclient:nonNamespaced`,
        );
      } else scope = scopeArg;
    }

    const fields = allFields(model, s);
    const hasStatusField = fields.some((f) => f.name === 'status');
    const verbs = genclient ? this.verbs(s, hasStatusField) : [];

    const subStatus = flag(m, 'kubebuilder:subresource:status');
    const subresources: Resource['subresources'] = { status: subStatus };
    const scaleM = last(m, 'kubebuilder:subresource:scale');
    if (scaleM && isObj(scaleM.value)) {
      const a = scaleM.value;
      const scale: ScaleSubresource = {
        specReplicasPath: str(arg(a, 'specpath', 'specReplicasPath')) ?? '',
        statusReplicasPath: str(arg(a, 'statuspath', 'statusReplicasPath')) ?? '',
      };
      const sel = str(arg(a, 'selectorpath', 'labelSelectorPath'));
      if (sel !== undefined) scale.labelSelectorPath = sel;
      subresources.scale = scale;
    }

    const printerColumns: PrinterColumn[] = [];
    for (const pm of all(m, 'kubebuilder:printcolumn')) {
      if (!isObj(pm.value)) continue;
      const a = pm.value;
      const col: Omit<PrinterColumn, 'pos'> = {
        name: str(arg(a, 'name')) ?? '',
        type: str(arg(a, 'type')) ?? '',
        jsonPath: str(arg(a, 'JSONPath', 'jsonPath')) ?? '',
      };
      const d = str(arg(a, 'description'));
      if (d !== undefined) col.description = d;
      const f = str(arg(a, 'format'));
      if (f !== undefined) col.format = f;
      const p = arg(a, 'priority');
      if (typeof p === 'number') col.priority = p;
      printerColumns.push({ ...col, pos: pm.pos });
    }

    const deprecated = last(m, 'kubebuilder:deprecatedversion');
    const selectableFields: string[] = [];
    for (const sf of all(m, 'kubebuilder:selectablefield')) {
      const p = isObj(sf.value) ? str(arg(sf.value, 'JSONPath', 'jsonPath')) : str(sf.value);
      if (p !== undefined) selectableFields.push(p);
    }
    const crdAnnotations: Record<string, string> = {};
    const crdLabels: Record<string, string> = {};
    for (const mm of all(m, 'kubebuilder:metadata')) {
      if (!isObj(mm.value)) continue;
      this.keyValues(mm, strList(arg(mm.value, 'annotations')), crdAnnotations, 'annotations');
      this.keyValues(mm, strList(arg(mm.value, 'labels')), crdLabels, 'labels');
    }

    const extensions = this.extensions(v, s);
    for (const e of extensions) {
      const method = lowerCamel(e.name);
      if ((verbs as readonly string[]).includes(method)) {
        this.error(
          e.pos,
          'method-collision',
          `+genclient:method=${e.name} becomes ${method}(), which the client of ${kind} already has for the verb ${method}: rename the method (or drop the verb with +genclient:skipVerbs=${method})`,
        );
      }
    }

    const r: Resource = {
      group: v.group,
      version: v.name,
      kind,
      listKind: `${kind}List`,
      plural,
      pluralName: pluralize(kind, this.exceptions),
      singular: str(arg(res.args, 'singular')) ?? kind.toLowerCase(),
      shortNames: strList(arg(res.args, 'shortName', 'shortNames')),
      categories: strList(arg(res.args, 'categories')),
      scope,
      genclient,
      verbs,
      hasStatusField,
      subresources,
      extensions,
      printerColumns,
      storage: flag(m, 'kubebuilder:storageversion'),
      served: !flag(m, 'kubebuilder:unservedversion'),
      deprecated: deprecated !== undefined && deprecated.value !== false,
      skipVersion: flag(m, 'kubebuilder:skipversion'),
      selectableFields,
      crdAnnotations,
      crdLabels,
      pos: s.pos,
    };
    if (deprecated && isObj(deprecated.value)) {
      const w = str(arg(deprecated.value, 'warning'));
      if (w !== undefined) r.deprecationWarning = w;
    }
    return r;
  }

  private keyValues(m: Marker, items: string[], into: Record<string, string>, what: string): void {
    for (const item of items) {
      const eq = item.indexOf('=');
      if (eq <= 0) {
        this.error(
          m.pos,
          'invalid-metadata',
          `+kubebuilder:metadata:${what} entry ${JSON.stringify(item)} is not key=value: write +kubebuilder:metadata:${what}="example.com/key=value"`,
        );
        continue;
      }
      into[item.slice(0, eq)] = item.slice(eq + 1);
    }
  }

  /** client-gen's verb selection (code-generator's ParseClientGenTags). */
  private verbs(s: StructType, hasStatusField: boolean): Verb[] {
    const m = s.markers;
    if (flag(m, 'genclient:noVerbs')) return [];
    const readonly = flag(m, 'genclient:readonly');
    const onlyM = last(m, 'genclient:onlyVerbs');
    const skipM = last(m, 'genclient:skipVerbs');
    const only = new Set<string>(readonly ? ['get', 'list', 'watch'] : []);
    for (const x of onlyM ? strList(onlyM.value) : []) only.add(x);
    const skip = new Set<string>(skipM ? strList(skipM.value) : []);
    for (const x of [...only, ...skip]) {
      if (!(ALL_VERBS as readonly string[]).includes(x)) {
        this.error(
          (only.has(x) ? onlyM : skipM)?.pos ?? s.pos,
          'unknown-verb',
          `unknown verb ${x}: client-gen's verbs are ${ALL_VERBS.join(', ')}`,
        );
      }
    }
    let verbs: Verb[];
    if (onlyM || readonly) {
      for (const x of skip) {
        if (only.has(x)) {
          this.error(
            skipM!.pos,
            'verb-conflict',
            `verb ${x} is both kept (${onlyM ? '+genclient:onlyVerbs' : '+genclient:readonly'}) and skipped (+genclient:skipVerbs): list it in only one`,
          );
        }
      }
      verbs = ALL_VERBS.filter((x) => only.has(x));
    } else {
      verbs = ALL_VERBS.filter((x) => !skip.has(x));
    }
    const noStatus = flag(m, 'genclient:noStatus');
    if (noStatus || !hasStatusField) {
      // Listing a status verb for a kind without status would otherwise vanish silently.
      for (const x of ['updateStatus', 'applyStatus'] as const) {
        if (onlyM && only.has(x)) {
          this.error(
            onlyM.pos,
            'status-verb-without-status',
            noStatus
              ? `+genclient:onlyVerbs lists ${x}, but ${s.name} is +genclient:noStatus: remove ${x} from the list, or drop +genclient:noStatus`
              : `+genclient:onlyVerbs lists ${x}, but ${s.name} has no status field: remove ${x} from the list, or add a status field`,
          );
        }
      }
      verbs = verbs.filter((x) => x !== 'updateStatus' && x !== 'applyStatus');
    }
    return verbs;
  }

  private extensions(v: Version, s: StructType): ExtensionMethod[] {
    const out: ExtensionMethod[] = [];
    for (const mm of all(s.markers, 'genclient:method')) {
      if (!isObj(mm.value)) continue;
      const a = mm.value;
      const name = str(arg(a, 'name')) ?? '';
      const verb = str(arg(a, 'verb')) ?? '';
      if (!(ALL_VERBS as readonly string[]).includes(verb)) {
        this.error(
          mm.pos,
          'unknown-verb',
          `+genclient:method=${name}: unknown verb ${verb}; use one of ${ALL_VERBS.join(', ')}`,
        );
        continue;
      }
      if (out.some((e) => e.name === name)) {
        this.error(
          mm.pos,
          'duplicate-method',
          `+genclient:method=${name} is declared twice on ${s.name}: give each extension method its own name`,
        );
        continue;
      }
      const e: Omit<ExtensionMethod, 'pos'> = { name, verb: verb as Verb };
      const sub = str(arg(a, 'subresource'));
      if (sub !== undefined) e.subresource = sub;
      const input = str(arg(a, 'input'));
      if (input !== undefined) {
        const t = this.methodType(v, input, mm, 'input');
        if (t) e.input = t;
      }
      const result = str(arg(a, 'result'));
      if (result !== undefined) {
        const t = this.methodType(v, result, mm, 'result');
        if (t) e.result = t;
      }
      out.push({ ...e, pos: mm.pos });
    }
    return out;
  }

  /**
   * An extension method's input/result type: a type of the same package, or a well-known type, written
   * bare (`Scale`) or with a Go package path (`k8s.io/api/autoscaling/v1.Scale`).
   */
  private methodType(v: Version, written: string, m: Marker, what: string): TypeExpr | undefined {
    const dot = written.lastIndexOf('.');
    const name = dot >= 0 ? written.slice(dot + 1) : written;
    const path = dot >= 0 ? written.slice(0, dot) : '';
    if (path === '' && v.types.some((t) => t.name === name)) return { kind: 'ref', target: { pkg: v.id, name } };
    const wk = WELL_KNOWN_EXT[name];
    if (wk && (path === '' || wk.paths.includes(path))) return { kind: 'well-known', name: wk.name };
    this.error(
      m.pos,
      'unknown-method-type',
      `${what}=${written} of +genclient:method names no type of package ${v.id} nor a well-known type: use a type declared in ${v.id} or one of ${Object.keys(WELL_KNOWN_EXT).join(', ')}`,
    );
    return undefined;
  }

  /** Storage version per kind: the marked one; a kind in a single (not skipped) version is stored there. */
  private storage(g: Group): void {
    const byKind = new Map<string, Resource[]>();
    for (const v of g.versions) {
      for (const t of v.types) {
        if (t.declKind !== 'struct' || !t.resource) continue;
        const list = byKind.get(t.name);
        if (list) list.push(t.resource);
        else byKind.set(t.name, [t.resource]);
      }
    }
    // Versions left out of the CRD (+kubebuilder:skipversion) do not compete for storage.
    for (const rs of byKind.values()) {
      const kept = rs.filter((r) => !r.skipVersion);
      if (kept.length === 1 && !rs.some((r) => r.storage)) kept[0]!.storage = true;
    }
  }
}

const REQUIRED_MARKERS = new Set(['required', 'k8s:required', 'kubebuilder:validation:Required']);
const OPTIONAL_MARKERS = new Set(['optional', 'k8s:optional', 'kubebuilder:validation:Optional']);

/** Well-known types accepted as extension-method input/result, with the Go paths that denote them. */
const WELL_KNOWN_EXT: Readonly<Record<string, { name: 'Scale' | 'Status'; paths: readonly string[] }>> = {
  Scale: { name: 'Scale', paths: ['k8s.io/api/autoscaling/v1'] },
  Status: { name: 'Status', paths: ['k8s.io/apimachinery/pkg/apis/meta/v1'] },
};

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Short human form of a type expression, for messages. */
export function describeExpr(t: TypeExpr): string {
  switch (t.kind) {
    case 'primitive':
      return t.format ?? t.type;
    case 'literals':
      return t.values.map((x) => JSON.stringify(x)).join(' | ');
    case 'array':
      return `${describeExpr(t.items)}[]`;
    case 'map':
      return `Record<string, ${describeExpr(t.values)}>`;
    case 'object':
      return 'an object literal';
    case 'ref':
      return t.target.name;
    case 'well-known':
      return t.name;
    case 'unknown':
      return 'unknown';
    case 'nullable':
      return `${describeExpr(t.inner)} | null`;
  }
}

/** Builds the model from the parser's raw packages. Takes ownership of (and completes) the raw declarations. */
export function buildModel(tree: RawTree, opts: BuildOptions = {}): BuildResult {
  const b = new Builder(opts);
  const model = b.build(tree);
  return { model, diagnostics: b.diags };
}
