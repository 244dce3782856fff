/** Read helpers over the model, shared by generators. Pure functions; no caching state. */
import type { ApiModel, Field, Package, StructType, TypeDecl, TypeRef, Version } from './types.js';

/** Every package of the model: group versions (in model order), then shared packages. */
export function allPackages(model: ApiModel): Package[] {
  const out: Package[] = [];
  for (const g of model.groups) out.push(...g.versions);
  out.push(...model.sharedPackages);
  return out;
}

/** Every group version of the model, in model order. */
export function allVersions(model: ApiModel): Version[] {
  return model.groups.flatMap((g) => g.versions);
}

/** The declaration a reference names, or undefined when it is not in the model. */
export function resolveRef(model: ApiModel, ref: TypeRef): TypeDecl | undefined {
  for (const p of allPackages(model)) {
    if (p.id === ref.pkg) return p.types.find((t) => t.name === ref.name);
  }
  return undefined;
}

/** The fields of TypeMeta as they appear when a struct embeds it. */
function typeMetaFields(struct: StructType): Field[] {
  const pos = struct.pos;
  return [
    {
      name: 'apiVersion',
      type: { kind: 'primitive', type: 'string' },
      tsOptional: true,
      optional: true,
      description:
        'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
      markers: [],
      pos,
    },
    {
      name: 'kind',
      type: { kind: 'primitive', type: 'string' },
      tsOptional: true,
      optional: true,
      description:
        'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
      markers: [],
      pos,
    },
  ];
}

/**
 * All fields of a struct with its embeds flattened in order (Go's inline embedding): embedded fields
 * first, in `extends` order, then own fields; a later field of the same name replaces an earlier one in
 * place (own fields win). An embedded `TypeMeta` contributes `apiVersion` and `kind`; embedded aliases
 * are followed to the struct they name.
 */
export function allFields(model: ApiModel, struct: StructType): Field[] {
  const byName = new Map<string, Field>();
  const visit = (s: StructType, seen: Set<string>): void => {
    for (const e of s.embeds) {
      if (e.kind === 'well-known') {
        if (e.name === 'TypeMeta') for (const f of typeMetaFields(s)) byName.set(f.name, f);
        continue;
      }
      if (e.kind !== 'ref') continue;
      let target = resolveRef(model, e.target);
      const hops = new Set<string>();
      while (target && target.declKind === 'alias' && target.target.kind === 'ref') {
        const key = `${target.pkg}.${target.name}`;
        if (hops.has(key)) break;
        hops.add(key);
        target = resolveRef(model, target.target.target);
      }
      if (!target || target.declKind !== 'struct') continue;
      const key = `${target.pkg}.${target.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      visit(target, seen);
    }
    for (const f of s.fields) {
      byName.delete(f.name);
      byName.set(f.name, f);
    }
  };
  visit(struct, new Set([`${struct.pkg}.${struct.name}`]));
  // Map keeps insertion order; own fields re-inserted last, so embeds come first.
  return [...byName.values()];
}

/** The root kinds of a version (structs with `root === 'kind'`), in model order. */
export function rootKinds(version: Package): StructType[] {
  return version.types.filter((t): t is StructType => t.declKind === 'struct' && t.root === 'kind');
}

/** The list type of a kind in the same package, if declared. */
export function kindList(version: Package, kind: string): StructType | undefined {
  return version.types.find(
    (t): t is StructType => t.declKind === 'struct' && t.root === 'list' && t.listOf === kind,
  );
}
