/**
 * Whole-model checks: the problems only visible across declarations, versions or groups. Every problem
 * is reported (not just the first), sorted by position, each with what is wrong and how to fix it.
 */
import { sortDiagnostics, type Diagnostic, type SourcePos } from '../diagnostics.js';
import { isDns1035Label, isDns1123Subdomain, isVersionName } from './naming.js';
import { allPackages, allFields, kindList, resolveRef, rootKinds } from './query.js';
import type { ApiModel, Field, Group, Marker, Package, StructType, TypeDecl, TypeExpr } from './types.js';

class Checker {
  readonly diags: Diagnostic[] = [];
  constructor(private readonly model: ApiModel) {}

  error(pos: SourcePos, code: string, message: string): void {
    this.diags.push({ severity: 'error', pos, code, message });
  }

  run(): Diagnostic[] {
    for (const p of allPackages(this.model)) this.duplicateTypes(p);
    for (const g of this.model.groups) this.group(g);
    this.goNameCollisions();
    for (const p of this.model.sharedPackages) this.kindsOutsideVersions(p);
    for (const p of allPackages(this.model)) this.kindMarkersOnNonKinds(p);
    this.embeds();
    this.recursion();
    return sortDiagnostics(this.diags);
  }

  private duplicateTypes(p: Package): void {
    const first = new Map<string, TypeDecl>();
    for (const t of p.types) {
      const prev = first.get(t.name);
      if (!prev) {
        first.set(t.name, t);
        continue;
      }
      const isKind = (d: TypeDecl): boolean => d.declKind === 'struct' && d.root === 'kind';
      const what = isKind(t) || isKind(prev) ? 'kind' : 'type';
      this.error(
        t.pos,
        what === 'kind' ? 'duplicate-kind' : 'duplicate-type',
        `${what} ${t.name} is declared twice in package ${p.id} (also at ${fmt(prev.pos)}): each name may be declared once per package; rename or remove one`,
      );
    }
  }

  private group(g: Group): void {
    const gm = this.groupNameMarker(g);
    if (g.name !== '' && !isDns1123Subdomain(g.name)) {
      this.error(
        gm?.pos ?? pkgPos(g.versions[0]!),
        'invalid-group-name',
        `group name ${JSON.stringify(g.name)} is not a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', at most 253 characters): e.g. ${g.dir.toLowerCase().replace(/[^a-z0-9-]/g, '')}.example.com`,
      );
    }
    for (const v of g.versions) {
      if (!isVersionName(v.name)) {
        this.error(
          v.markers.find((m) => m.name === 'versionName')?.pos ?? pkgPos(v),
          'invalid-version-name',
          `${v.name} is not a Kubernetes version name (v1, v2beta1, v1alpha2 …; no zero major or minor): rename the folder ${v.id} or set +versionName`,
        );
      }
    }
    // Per version: kind shape, list type, names, plural collisions.
    const pluralKinds = new Map<
      string,
      { kind: string; pos: SourcePos; plural: string; scope: string; version: string }
    >();
    for (const v of g.versions) {
      const plurals = new Map<string, StructType>();
      for (const k of rootKinds(v)) {
        const r = k.resource!;
        this.kindShape(k);
        this.kindDeepCopy(v, k);
        if (!/^[A-Z][A-Za-z0-9]*$/.test(k.name)) {
          this.error(
            k.pos,
            'invalid-kind-name',
            `kind ${k.name} is not an UpperCamelCase identifier of letters and digits: rename it (e.g. ${k.name.replace(/[^A-Za-z0-9]/g, '')})`,
          );
        }
        if (!kindList(v, k.name)) {
          this.error(
            k.pos,
            'missing-list-type',
            `kind ${k.name} has no list type: declare export interface ${k.name}List extends TypeMeta { metadata?: ListMeta; items: ${k.name}[] }`,
          );
        }
        const resM = k.markers.filter((m) => m.name === 'kubebuilder:resource');
        const argPos = (key: string): SourcePos =>
          resM.findLast(
            (m) => typeof m.value === 'object' && m.value !== null && !Array.isArray(m.value) && key in m.value,
          )?.pos ?? k.pos;
        if (!isDns1035Label(r.plural)) {
          this.error(
            argPos('path'),
            'invalid-plural',
            `plural ${JSON.stringify(r.plural)} of ${k.name} is not a DNS-1035 label (lower-case letters, digits and '-', starting with a letter, at most 63 characters): set +kubebuilder:resource:path=<plural>`,
          );
        }
        if (!isDns1035Label(r.singular)) {
          this.error(
            argPos('singular'),
            'invalid-singular',
            `singular ${JSON.stringify(r.singular)} of ${k.name} is not a DNS-1035 label (lower-case letters, digits and '-', starting with a letter, at most 63 characters): set +kubebuilder:resource:singular=<name>`,
          );
        }
        for (const sn of r.shortNames) {
          if (!isDns1035Label(sn)) {
            this.error(
              argPos('shortName'),
              'invalid-short-name',
              `short name ${JSON.stringify(sn)} of ${k.name} is not a DNS-1035 label (lower-case letters, digits and '-', starting with a letter, at most 63 characters): e.g. ${
                sn
                  .toLowerCase()
                  .replace(/[^a-z0-9-]/g, '')
                  .replace(/^[^a-z]+/, '') || 'th'
              }`,
            );
          }
        }
        const clash = plurals.get(r.plural);
        if (clash && clash.name !== k.name) {
          this.error(
            k.pos,
            'plural-collision',
            `kinds ${clash.name} and ${k.name} of ${gv(g.name, v.name)} both have the plural ${r.plural}: set +kubebuilder:resource:path on one of them`,
          );
        } else plurals.set(r.plural, k);
        // Across versions: one CRD per group+kind, so plural and scope must agree.
        const seen = pluralKinds.get(k.name);
        if (!seen) {
          pluralKinds.set(k.name, { kind: k.name, pos: k.pos, plural: r.plural, scope: r.scope, version: v.name });
        } else {
          if (seen.plural !== r.plural) {
            this.error(
              k.pos,
              'plural-mismatch',
              `kind ${k.name} has the plural ${r.plural} in ${v.name} but ${seen.plural} in ${seen.version}: a kind has one plural in all versions; make the markers agree`,
            );
          }
          if (seen.scope !== r.scope) {
            this.error(
              k.pos,
              'scope-mismatch',
              `kind ${k.name} is ${r.scope} in ${v.name} but ${seen.scope} in ${seen.version}: a kind has one scope in all versions; make the markers agree`,
            );
          }
        }
      }
    }
    // A plural names one kind across the whole group.
    const byPlural = new Map<string, string>();
    for (const v of g.versions) {
      for (const k of rootKinds(v)) {
        const owner = byPlural.get(k.resource!.plural);
        if (owner === undefined) byPlural.set(k.resource!.plural, k.name);
        else if (owner !== k.name && !rootKinds(v).some((o) => o.name === owner)) {
          this.error(
            k.pos,
            'plural-collision',
            `plural ${k.resource!.plural} of ${k.name} in ${v.name} is also the plural of kind ${owner} in another version of ${g.name === '' ? 'the core group' : g.name}: set +kubebuilder:resource:path on one of them`,
          );
        }
      }
    }
    this.storageVersions(g);
  }

  /** Accessors (`clientset.<goName>V1()`, `factory.<goName>()`) must be distinct across groups. */
  private goNameCollisions(): void {
    const byGoName = new Map<string, Group>();
    for (const g of this.model.groups) {
      const prev = byGoName.get(g.goName);
      if (!prev) {
        byGoName.set(g.goName, g);
        continue;
      }
      const name = (x: Group): string => (x.name === '' ? 'the core group' : x.name);
      this.error(
        this.groupGoNameMarker(g)?.pos ?? this.groupNameMarker(g)?.pos ?? pkgPos(g.versions[0]!),
        'group-go-name-collision',
        `${name(prev)} and ${name(g)} both get the accessor name ${g.goName} (clientset.${g.goName}…()): set a distinct +groupGoName in the doc.ts of one of them`,
      );
    }
  }

  private groupGoNameMarker(g: Group): Marker | undefined {
    for (const v of g.versions) {
      const m = v.markers.find((x) => x.name === 'groupGoName');
      if (m) return m;
    }
    return undefined;
  }

  private groupNameMarker(g: Group): Marker | undefined {
    for (const v of g.versions) {
      const m = v.markers.find((x) => x.name === 'groupName');
      if (m) return m;
    }
    return undefined;
  }

  /** A root kind embeds TypeMeta and has `metadata: ObjectMeta`. */
  private kindShape(k: StructType): void {
    if (!this.embedsTypeMeta(k, new Set())) {
      this.error(
        k.pos,
        'kind-without-typemeta',
        `kind ${k.name} must embed TypeMeta: declare export interface ${k.name} extends TypeMeta { … }`,
      );
    }
    const meta = allFields(this.model, k).find((f) => f.name === 'metadata');
    if (!meta) {
      this.error(
        k.pos,
        'kind-without-metadata',
        `kind ${k.name} has no metadata field: add \`metadata?: ObjectMeta\` (import type { ObjectMeta } from '@kubegen/runtime')`,
      );
    } else if (!(meta.type.kind === 'well-known' && meta.type.name === 'ObjectMeta')) {
      this.error(
        meta.pos,
        'kind-without-metadata',
        `metadata of kind ${k.name} must be ObjectMeta: declare \`metadata?: ObjectMeta\``,
      );
    }
  }

  /**
   * The generated scheme registers a deep-copy function for every kind and its list. A warning, not an
   * error: generators may fall back to copying through JSON; Go's deepcopy-gen users always mark the package.
   */
  private kindDeepCopy(v: Package, k: StructType): void {
    if (v.handWrittenRegister) return;
    const list = kindList(v, k.name);
    for (const t of list ? [k, list] : [k]) {
      if (t.deepcopy) continue;
      const optedOut = t.markers.some((m) => m.name === 'k8s:deepcopy-gen' || m.name === 'kubebuilder:object:generate');
      this.diags.push({
        severity: 'warning',
        pos: t.pos,
        code: 'kind-without-deepcopy',
        message: `kind ${t.name} gets no generated deep-copy function: ${
          optedOut
            ? `remove the deep-copy opt-out marker from ${t.name}`
            : `add +k8s:deepcopy-gen=package to ${v.docFile ?? `${v.id}/doc.ts`}`
        }`,
      });
    }
  }

  private embedsTypeMeta(s: StructType, seen: Set<string>): boolean {
    for (const e of s.embeds) {
      if (e.kind === 'well-known' && e.name === 'TypeMeta') return true;
      if (e.kind !== 'ref') continue;
      const key = `${e.target.pkg}.${e.target.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const t = this.structOf(e);
      if (t && this.embedsTypeMeta(t, seen)) return true;
    }
    return false;
  }

  private structOf(e: TypeExpr): StructType | undefined {
    const seen = new Set<string>();
    let cur: TypeExpr = e;
    while (cur.kind === 'ref') {
      const key = `${cur.target.pkg}.${cur.target.name}`;
      if (seen.has(key)) return undefined;
      seen.add(key);
      const d = resolveRef(this.model, cur.target);
      if (!d) return undefined;
      if (d.declKind === 'struct') return d;
      cur = d.target;
    }
    return undefined;
  }

  /** Exactly one storage version per kind served by several versions. */
  private storageVersions(g: Group): void {
    const byKind = new Map<string, StructType[]>();
    for (const v of g.versions) {
      for (const k of rootKinds(v)) {
        const list = byKind.get(k.name);
        if (list) list.push(k);
        else byKind.set(k.name, [k]);
      }
    }
    for (const [kind, all] of byKind) {
      for (const k of all) {
        if (k.resource!.skipVersion && k.resource!.storage && all.length > 1) {
          this.error(
            k.markers.find((m) => m.name === 'kubebuilder:storageversion')?.pos ?? k.pos,
            'skipped-storage-version',
            `kind ${kind} in ${k.resource!.version} is marked both +kubebuilder:storageversion and +kubebuilder:skipversion: the storage version must be in the CRD; move +kubebuilder:storageversion to another version`,
          );
        }
      }
      const ks = all.filter((k) => !k.resource!.skipVersion);
      if (ks.length < 2) continue;
      const marked = ks.filter((k) => k.resource!.storage);
      if (marked.length === 0) {
        this.error(
          ks[0]!.pos,
          'no-storage-version',
          `kind ${kind} is in versions ${ks.map((k) => k.resource!.version).join(', ')} but none is the storage version: mark exactly one with +kubebuilder:storageversion`,
        );
      }
      for (const k of marked.slice(1)) {
        this.error(
          k.markers.find((m) => m.name === 'kubebuilder:storageversion')?.pos ?? k.pos,
          'multiple-storage-versions',
          `kind ${kind} is marked +kubebuilder:storageversion in ${marked.map((x) => x.resource!.version).join(' and ')}: keep the marker on exactly one version`,
        );
      }
    }
  }

  private kindsOutsideVersions(p: Package): void {
    for (const t of p.types) {
      const m = t.markers.find(
        (x) => (x.name === 'genclient' || x.name === 'kubebuilder:object:root') && x.value !== false,
      );
      if (m) {
        this.error(
          m.pos,
          'kind-outside-version',
          `+${m.name} on ${t.name} in ${p.id}: kinds live in <group>/<version>/ folders (with a doc.ts naming the group); move ${t.name} there`,
        );
      }
    }
  }

  /** Kind-level markers on a type that is not a kind do nothing: say so (controller-gen ignores them silently). */
  private kindMarkersOnNonKinds(p: Package): void {
    for (const t of p.types) {
      if (t.declKind === 'struct' && t.root !== undefined) continue;
      if (
        t.markers.some((m) => (m.name === 'genclient' || m.name === 'kubebuilder:object:root') && m.value !== false)
      ) {
        continue; // reported as a kind in the wrong place, or checked as a kind
      }
      for (const m of t.markers) {
        if (!KIND_MARKERS.has(m.name) && !m.name.startsWith('genclient:')) continue;
        this.diags.push({
          severity: 'warning',
          pos: m.pos,
          code: 'marker-without-effect',
          message: `+${m.name} has no effect on ${t.name}, which is not a kind (a kind extends TypeMeta, has metadata?: ObjectMeta and is marked +genclient or +kubebuilder:object:root): move the marker to the kind`,
        });
      }
    }
  }

  /** `extends` must name object types. */
  private embeds(): void {
    for (const p of allPackages(this.model)) {
      for (const t of p.types) {
        if (t.declKind !== 'struct') continue;
        for (const e of t.embeds) {
          if (e.kind === 'well-known') {
            if (!OBJECT_WELL_KNOWN.has(e.name)) {
              this.error(
                t.pos,
                'bad-embed',
                `${t.name} extends ${e.name}, which is not an object type: declare a field of type ${e.name} instead`,
              );
            }
          } else if (e.kind === 'ref') {
            const d = resolveRef(this.model, e.target);
            if (d && !this.structOf(e)) {
              this.error(
                t.pos,
                'bad-embed',
                `${t.name} extends ${e.target.name}, which is not an object type: declare a field of type ${e.target.name} instead`,
              );
            }
          }
        }
      }
    }
  }

  /** Reference cycles through fields, embeds and aliases: a structural schema cannot express them. */
  private recursion(): void {
    type Edge = { to: string; via: string; pos: SourcePos };
    const decls = new Map<string, TypeDecl>();
    for (const p of allPackages(this.model)) for (const t of p.types) decls.set(`${t.pkg}.${t.name}`, t);
    const edgesOf = (t: TypeDecl): Edge[] => {
      const out: Edge[] = [];
      const walk = (x: TypeExpr, via: string, pos: SourcePos): void => {
        switch (x.kind) {
          case 'ref':
            out.push({ to: `${x.target.pkg}.${x.target.name}`, via, pos });
            break;
          case 'array':
            walk(x.items, via, pos);
            break;
          case 'map':
            walk(x.values, via, pos);
            break;
          case 'nullable':
            walk(x.inner, via, pos);
            break;
          case 'object':
            fields(x.fields, via);
            break;
          default:
            break;
        }
      };
      const fields = (fs: readonly Field[], prefix: string): void => {
        for (const f of fs) {
          if (f.markers.some((m) => m.name === 'kubebuilder:validation:Schemaless')) continue;
          walk(f.type, `${prefix}.${f.name}`, f.pos);
        }
      };
      if (t.declKind === 'struct') {
        for (const e of t.embeds) walk(e, `${t.name} (extends)`, t.pos);
        fields(t.fields, t.name);
      } else walk(t.target, t.name, t.pos);
      return out;
    };
    const state = new Map<string, 1 | 2>();
    const stack: { key: string; via: string }[] = [];
    const visit = (key: string): void => {
      state.set(key, 1);
      const d = decls.get(key)!;
      for (const e of edgesOf(d)) {
        if (!decls.has(e.to)) continue;
        const st = state.get(e.to);
        if (st === 1) {
          const start = e.to === key ? stack.length : stack.findIndex((s) => s.key === e.to);
          const path = [...stack.slice(start).map((s) => s.via), e.via];
          const name = decls.get(e.to)!.name;
          this.error(
            e.pos,
            'recursive-type',
            `recursive type: ${path.join(' → ')} leads back to ${name}; a structural schema cannot express recursion: break the cycle, or mark the field +kubebuilder:validation:Schemaless with +kubebuilder:pruning:PreserveUnknownFields`,
          );
        } else if (st === undefined) {
          stack.push({ key, via: e.via });
          visit(e.to);
          stack.pop();
        }
      }
      state.set(key, 2);
    };
    for (const key of decls.keys()) if (!state.has(key)) visit(key);
  }
}

/** Markers that describe a kind (its resource, client and CRD version); `genclient:*` too. */
const KIND_MARKERS = new Set<string>([
  'resourceName',
  'kubebuilder:resource',
  'kubebuilder:subresource:status',
  'kubebuilder:subresource:scale',
  'kubebuilder:printcolumn',
  'kubebuilder:storageversion',
  'kubebuilder:unservedversion',
  'kubebuilder:deprecatedversion',
  'kubebuilder:skipversion',
  'kubebuilder:selectablefield',
  'kubebuilder:metadata',
]);

const OBJECT_WELL_KNOWN = new Set<string>([
  'TypeMeta',
  'ObjectMeta',
  'ListMeta',
  'OwnerReference',
  'ManagedFieldsEntry',
  'Condition',
  'LabelSelector',
  'LabelSelectorRequirement',
  'Status',
  'StatusDetails',
  'StatusCause',
  'Scale',
  'ScaleSpec',
  'ScaleStatus',
]);

function fmt(p: SourcePos): string {
  return `${p.file}:${p.line}:${p.col}`;
}

function pkgPos(p: Package): SourcePos {
  return { file: p.docFile ?? p.files[0] ?? '.', line: 1, col: 1 };
}

function gv(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** Every whole-model problem, sorted by position. */
export function validateModel(model: ApiModel): Diagnostic[] {
  return new Checker(model).run();
}
