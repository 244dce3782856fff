/**
 * The merge schemas the fake clientset hands its object tracker: for every kind kubegen writes a CRD for,
 * the skeleton of that CRD version's structural schema that the tracker's server-side apply reads
 * (runtime/src/fake/managedfields.ts), so a plain fake-clientset test merges and prunes as a cluster does.
 *
 * The schemas come from `buildCrdsFor`, the CRD generator's own build (shared within a run) (one source for list and map types),
 * and keep exactly what decides the tracker's behaviour:
 *
 * - `x-kubernetes-list-type` set/map and `x-kubernetes-list-map-keys` (atomic, the default, is dropped),
 *   `x-kubernetes-map-type: atomic` (granular, the default, is dropped), `x-kubernetes-embedded-resource`
 *   and `x-kubernetes-preserve-unknown-fields`;
 * - `properties` with every declared field name, and `additionalProperties` for maps. A declared field
 *   cannot be pruned even when everything under it merges by default: the tracker types an applied
 *   configuration against a CRD's schema as structured-merge-diff does, refusing fields the schema does not
 *   declare (as the apiserver refuses them), so dropping a name would refuse a field the CRD accepts;
 *   and a struct without its schema is not the same as a map (map keys are owned one by one, struct fields
 *   only through what they hold), so `additionalProperties` stays wherever the CRD has it;
 * - nothing under what the tracker never descends into: the items of atomic and set lists (an atomic list
 *   is one value; a set item is its own JSON) and the content of atomic maps and structs;
 * - the root `metadata` is left out (the tracker always merges it by ObjectMeta's own rules);
 * - no `type` (the tracker reads the value's own shape), no descriptions, formats, enums, patterns,
 *   bounds, defaults, CEL rules: a leaf is `{}`.
 *
 * The result merges, prunes, records ownership and refuses configurations exactly as the full schema does
 * (test/generators/fake/equivalence.test.ts applies random configurations through both and compares).
 */
import type { ApiModel } from '../../model/types.js';
import { buildCrdsFor, type JSONSchemaProps } from '../crd/index.js';
import type { GeneratorOptions } from '../types.js';

/** The merge-relevant part of a structural schema: the runtime's `MergeSchema`, as generated. */
export interface MergeSkeleton {
  'x-kubernetes-embedded-resource'?: true;
  'x-kubernetes-preserve-unknown-fields'?: true;
  'x-kubernetes-map-type'?: 'atomic';
  'x-kubernetes-list-type'?: 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  properties?: Record<string, MergeSkeleton>;
  additionalProperties?: MergeSkeleton | true;
  items?: MergeSkeleton;
}

/** Key order of a skeleton node as generated: the merge flags, then its structure. */
export const SKELETON_KEY_ORDER: readonly (keyof MergeSkeleton)[] = [
  'x-kubernetes-embedded-resource',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-map-type',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'properties',
  'additionalProperties',
  'items',
];

/**
 * The merge skeleton of a node of a structural schema. `root`: the node is a kind's `openAPIV3Schema`
 * (its `metadata` is left out).
 */
export function mergeSkeleton(s: JSONSchemaProps, root = false): MergeSkeleton {
  const out: MergeSkeleton = {};
  if (s['x-kubernetes-embedded-resource'] === true) out['x-kubernetes-embedded-resource'] = true;
  if (s['x-kubernetes-preserve-unknown-fields'] === true) out['x-kubernetes-preserve-unknown-fields'] = true;

  const listType = s['x-kubernetes-list-type'];
  const keys = s['x-kubernetes-list-map-keys'] ?? [];
  if (listType === 'set') {
    out['x-kubernetes-list-type'] = 'set';
  } else if (listType === 'map' && keys.length > 0) {
    out['x-kubernetes-list-type'] = 'map';
    out['x-kubernetes-list-map-keys'] = [...keys];
    out.items = mergeSkeleton(s.items ?? {});
  }
  // Any other array (atomic, whatever its items) is one value: nothing under it is read.
  if (s.type === 'array' || s.items !== undefined || listType !== undefined) return out;

  if (s['x-kubernetes-map-type'] === 'atomic') {
    // Replaced as a whole: neither its fields nor its keys are read. (The flags above only matter inside.)
    return { 'x-kubernetes-map-type': 'atomic' };
  }
  if (s.properties) {
    const props: Record<string, MergeSkeleton> = {};
    for (const name of Object.keys(s.properties).sort()) {
      if (root && name === 'metadata') continue;
      props[name] = mergeSkeleton(s.properties[name]!);
    }
    if (Object.keys(props).length > 0) out.properties = props;
  }
  const ap = s.additionalProperties;
  if (ap === true) out.additionalProperties = true;
  else if (ap !== undefined && ap !== false) out.additionalProperties = mergeSkeleton(ap);
  return out;
}

/** `group/version/kind` → the merge skeleton of that CRD version's schema, for every CRD kubegen builds. */
export function mergeSkeletons(model: ApiModel, options: Pick<GeneratorOptions, 'version' | 'maxDescLen'>): Map<string, MergeSkeleton> {
  // The same build as the CRD generator's (shared within a run; descriptions play no part in a skeleton).
  // The CRD generator reports the problems of these schemas; here they would be duplicates.
  const { crds } = buildCrdsFor(model, options);
  const out = new Map<string, MergeSkeleton>();
  for (const { crd } of crds) {
    for (const v of crd.spec.versions) {
      const s = v.schema?.openAPIV3Schema;
      if (s) out.set(skeletonKey(crd.spec.group, v.name, crd.spec.names.kind), mergeSkeleton(s, true));
    }
  }
  return out;
}

export function skeletonKey(group: string, version: string, kind: string): string {
  return `${group}/${version}/${kind}`;
}
