/**
 * Which types get an apply configuration, where it lives and what it is called (applyconfiguration-gen's
 * target selection): every struct reachable from a `+genclient` kind that has the apply or applyStatus
 * verb (and from the input of `+genclient:method=…,verb=apply` extensions), in a package that does not opt
 * out with `+k8s:applyconfiguration-gen=false`. Reachability follows fields, embeds, aliases, arrays, maps
 * and inline objects; it stops at types of opted-out packages (those are referenced as `DeepPartial<T>`).
 *
 * The clientset reads the plan too: a kind's `apply`/`applyStatus` take its apply configuration when it
 * has one.
 */
import type { Diagnostic } from '../../diagnostics.js';
import { kindFileName, lowerCamel } from '../../model/naming.js';
import { allFields, allPackages, resolveRef, rootKinds } from '../../model/query.js';
import type { ApiModel, Package, StructType, TypeDecl, TypeExpr, TypeRef } from '../../model/types.js';

export const AC_DIR = 'applyconfigurations';
/** Suffix of apply-configuration interfaces, as applyconfiguration-gen names its structs. */
export const AC_SUFFIX = 'ApplyConfiguration';
/** Suffix of the builder classes. */
export const BUILDER_SUFFIX = 'ApplyConfigurationBuilder';

/** One struct that gets an apply configuration. */
export interface AcType {
  decl: StructType;
  pkg: Package;
  /** Output-root module path without extension: `applyconfigurations/samplecrd/v1/networkspec`. */
  module: string;
  /** `NetworkSpecApplyConfiguration` */
  iface: string;
  /** `NetworkSpecApplyConfigurationBuilder` */
  builder: string;
  /** The builder's constructor function: `networkSpec`. */
  ctor: string;
  /** For root kinds: `extractNetwork`, and `extractNetworkStatus` when the kind has a status subresource. */
  extract?: string;
  extractStatus?: string;
}

export interface AcPackage {
  pkg: Package;
  /** `applyconfigurations/samplecrd/v1` */
  dir: string;
  types: AcType[];
}

export interface AcPlan {
  /** Packages with at least one apply configuration, in model order; types in model order. */
  packages: AcPackage[];
  /** `pkg\u0000name` → type. */
  byRef: Map<string, AcType>;
  /** Every declaration of the model by `refKey` (resolveRef without the scans). */
  decls: Map<string, TypeDecl>;
  diagnostics: Diagnostic[];
}

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'yield let static implements interface package private protected public await arguments eval undefined'
  ).split(' '),
);

export function refKey(ref: TypeRef): string {
  return `${ref.pkg}\u0000${ref.name}`;
}

/** Kinds whose apply configuration graph starts the walk: apply verbs, or apply extension inputs. */
function roots(model: ApiModel): StructType[] {
  const out: StructType[] = [];
  for (const p of allPackages(model)) {
    if (!p.options.applyConfigurationGen) continue;
    for (const kind of rootKinds(p)) {
      const r = kind.resource;
      if (!r || !r.genclient) continue;
      if (r.verbs.includes('apply') || r.verbs.includes('applyStatus')) out.push(kind);
      for (const m of r.extensions) {
        if ((m.verb === 'apply' || m.verb === 'applyStatus') && m.input?.kind === 'ref') {
          const d = resolveRef(model, m.input.target);
          if (d && d.declKind === 'struct') out.push(d);
        }
      }
    }
  }
  return out;
}

const cache = new WeakMap<ApiModel, AcPlan>();

/** The plan of a model (computed once per model object). */
export function applyConfigurationPlan(model: ApiModel): AcPlan {
  let plan = cache.get(model);
  if (!plan) cache.set(model, (plan = buildPlan(model)));
  return plan;
}

function buildPlan(model: ApiModel): AcPlan {
  const decls = new Map<string, TypeDecl>();
  for (const p of allPackages(model)) for (const d of p.types) if (!decls.has(refKey(d))) decls.set(refKey(d), d);
  const pkgs = new Map(allPackages(model).map((p) => [p.id, p] as const));
  const reachable = new Set<string>();
  const visitDecl = (d: TypeDecl | undefined): void => {
    if (!d) return;
    const key = refKey(d);
    if (reachable.has(key)) return;
    const pkg = pkgs.get(d.pkg);
    if (!pkg || !pkg.options.applyConfigurationGen) return;
    reachable.add(key);
    if (d.declKind === 'alias') {
      visitExpr(d.target);
      return;
    }
    for (const f of allFields(model, d)) visitExpr(f.type);
  };
  const visitExpr = (t: TypeExpr): void => {
    switch (t.kind) {
      case 'ref':
        visitDecl(decls.get(refKey(t.target)));
        return;
      case 'array':
        visitExpr(t.items);
        return;
      case 'map':
        visitExpr(t.values);
        return;
      case 'nullable':
        visitExpr(t.inner);
        return;
      case 'object':
        for (const f of t.fields) visitExpr(f.type);
        return;
      default:
        return;
    }
  };
  for (const r of roots(model)) visitDecl(r);

  const diagnostics: Diagnostic[] = [];
  const packages: AcPackage[] = [];
  const byRef = new Map<string, AcType>();
  for (const pkg of allPackages(model)) {
    const structs = pkg.types.filter((t): t is StructType => t.declKind === 'struct' && reachable.has(refKey(t)));
    if (structs.length === 0) continue;
    const dir = `${AC_DIR}/${pkg.id}`;
    const names = new Map<string, string>();
    const files = new Map<string, string>();
    const types: AcType[] = [];
    for (const decl of structs) {
      let file = kindFileName(decl.name);
      if (file === 'index') file = 'index_';
      const ctor0 = lowerCamel(decl.name);
      const t: AcType = {
        decl,
        pkg,
        module: `${dir}/${file}`,
        iface: `${decl.name}${AC_SUFFIX}`,
        builder: `${decl.name}${BUILDER_SUFFIX}`,
        ctor: RESERVED.has(ctor0) ? `${ctor0}${AC_SUFFIX}` : ctor0,
      };
      const r = decl.root === 'kind' ? decl.resource : undefined;
      if (decl.root === 'kind') {
        t.extract = `extract${decl.name}`;
        if (r && r.hasStatusField && r.subresources.status) t.extractStatus = `extract${decl.name}Status`;
      }
      const clashFile = files.get(file);
      if (clashFile !== undefined) {
        diagnostics.push({
          severity: 'error',
          pos: decl.pos,
          code: 'applyconfig-file-collision',
          message: `the apply configuration of ${decl.name} would be written to ${dir}/${file}.ts, as that of ${clashFile}: type names of a package must differ in more than letter case`,
        });
        continue;
      }
      files.set(file, decl.name);
      const exported = [t.iface, t.builder, t.ctor, t.extract, t.extractStatus].filter((n): n is string => n !== undefined);
      const clash = exported.find((n) => names.has(n));
      if (clash !== undefined) {
        diagnostics.push({
          severity: 'error',
          pos: decl.pos,
          code: 'applyconfig-name-collision',
          message: `the apply configuration of ${decl.name} exports ${clash}, which the apply configuration of ${names.get(clash)} exports too: rename one of the two types`,
        });
        continue;
      }
      for (const n of exported) names.set(n, decl.name);
      types.push(t);
      byRef.set(refKey(decl), t);
    }
    if (types.length > 0) packages.push({ pkg, dir, types });
  }
  return { packages, byRef, decls, diagnostics };
}

/**
 * The apply configuration of a kind, for the clientset: its interface name and module (output-root path
 * without extension), or undefined when none is generated (the clientset then uses `DeepPartial<Kind>`).
 */
export function applyConfigurationOf(model: ApiModel, ref: TypeRef): { name: string; module: string } | undefined {
  const t = applyConfigurationPlan(model).byRef.get(refKey(ref));
  return t ? { name: t.iface, module: t.module } : undefined;
}
