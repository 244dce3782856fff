/**
 * Assembles one apiextensions.k8s.io/v1 CustomResourceDefinition per group and kind, every version of the
 * kind merged in, versions ordered by Kubernetes version priority (v1 > v1beta2 > v1beta1 > v1alpha1 …).
 */
import type { DiagnosticBag } from '../../diagnostics.js';
import type { ApiModel, Resource, SourcePos, StructType, Version } from '../../model/types.js';
import { compareVersions } from '../../model/naming.js';
import { rootKinds } from '../../model/query.js';
import { checkCrd, type CrdPositions } from './rules.js';
import { SchemaBuilder } from './schema.js';
import type { CustomResourceDefinition, CustomResourceDefinitionVersion, PrinterColumnDef } from './schema-types.js';

/** The annotation recording the kubegen version that wrote a CRD (controller-gen writes its own likewise). */
export const VERSION_ANNOTATION = 'kubegen.dev/version';

/** The apiserver's limit on all annotations of an object, which client-side apply fills with the object. */
const LAST_APPLIED_LIMIT = 262144;

export interface CrdBuildOptions {
  /** kubegen version for the annotation. */
  version: string;
  maxDescLen?: number;
}

export interface BuiltCrd {
  crd: CustomResourceDefinition;
  /** `<group>_<plural>.yaml`. */
  path: string;
  /** Whether the apiserver would accept it (no error diagnostic for it). */
  ok: boolean;
}

interface KindVersion {
  version: Version;
  kind: StructType;
  resource: Resource;
}

/** Builds every CRD of the model; problems go to `bag`. CRDs with errors come back with `ok: false`. */
export function buildCrds(model: ApiModel, options: CrdBuildOptions, bag: DiagnosticBag): BuiltCrd[] {
  const builder = new SchemaBuilder(
    model,
    bag,
    options.maxDescLen === undefined ? {} : { maxDescLen: options.maxDescLen },
  );
  const out: BuiltCrd[] = [];
  for (const group of model.groups) {
    // The legacy core group holds built-in kinds; they are never CRDs.
    if (group.name === '') continue;
    const byKind = new Map<string, KindVersion[]>();
    for (const version of group.versions) {
      if (version.options.crdSkip) continue;
      for (const kind of rootKinds(version)) {
        if (!kind.resource) continue;
        const list = byKind.get(kind.name) ?? [];
        list.push({ version, kind, resource: kind.resource });
        byKind.set(kind.name, list);
      }
    }
    for (const name of [...byKind.keys()].sort()) {
      const all = byKind.get(name)!.sort((a, b) => compareVersions(a.version.name, b.version.name));
      const built = buildOne(group.name, all, builder, options, bag);
      if (built) out.push(built);
    }
  }
  return out;
}

function buildOne(
  group: string,
  all: KindVersion[],
  builder: SchemaBuilder,
  options: CrdBuildOptions,
  bag: DiagnosticBag,
): BuiltCrd | undefined {
  const kvs = all.filter((kv) => !kv.resource.skipVersion);
  if (kvs.length === 0) return undefined;
  const before = bag.items.filter((d) => d.severity === 'error').length;
  const storage = kvs.filter((kv) => kv.resource.storage);
  const lone = kvs.length === 1;
  const primary = storage[0] ?? kvs[0]!;
  const r0 = primary.resource;
  const crdPos = primary.kind.pos;

  // Facts a CRD holds once must agree across versions.
  for (const kv of kvs) {
    const r = kv.resource;
    const differs = (what: string, a: string, b: string, fix: string): void =>
      bag.error(
        r.pos,
        'crd-version-mismatch',
        `kind ${r.kind} has ${what} "${b}" in ${kv.version.name} but "${a}" in ${primary.version.name}; a CRD has one ${what} for all versions: ${fix}`,
      );
    if (r.plural !== r0.plural) differs('plural', r0.plural, r.plural, 'use the same +kubebuilder:resource:path');
    if (r.singular !== r0.singular)
      differs('singular', r0.singular, r.singular, 'use the same +kubebuilder:resource:singular');
    if (r.scope !== r0.scope) differs('scope', r0.scope, r.scope, 'use the same +kubebuilder:resource:scope');
    if (r.listKind !== r0.listKind) differs('listKind', r0.listKind, r.listKind, 'name the list types alike');
  }

  const union = (pick: (r: Resource) => string[]): string[] => {
    const seen: string[] = [];
    for (const kv of [primary, ...kvs]) for (const x of pick(kv.resource)) if (!seen.includes(x)) seen.push(x);
    return seen;
  };
  const shortNames = union((r) => r.shortNames);
  const categories = union((r) => r.categories);

  const annotations: Record<string, string> = {};
  const labels: Record<string, string> = {};
  for (const kv of [...kvs].reverse()) Object.assign(annotations, kv.resource.crdAnnotations);
  Object.assign(annotations, r0.crdAnnotations);
  for (const kv of [...kvs].reverse()) Object.assign(labels, kv.resource.crdLabels);
  Object.assign(labels, r0.crdLabels);
  annotations[VERSION_ANNOTATION] = options.version;

  const positions: CrdPositions = {
    nodes: builder.positions,
    defaults: builder.defaultPositions,
    versions: new Map(kvs.map((kv) => [kv.version.name, kv.kind.pos] as const)),
    columns: new WeakMap(),
    crd: crdPos,
  };

  const versions = kvs.map((kv) => versionOf(kv, lone, builder, positions.columns));

  const names: CustomResourceDefinition['spec']['names'] = {
    kind: r0.kind,
    listKind: r0.listKind,
    plural: r0.plural,
    singular: r0.singular,
  };
  if (shortNames.length > 0) names.shortNames = shortNames;
  if (categories.length > 0) names.categories = categories;

  const metadata: CustomResourceDefinition['metadata'] = {
    name: `${r0.plural}.${group}`,
    annotations,
  };
  if (Object.keys(labels).length > 0) metadata.labels = labels;

  const crd: CustomResourceDefinition = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata,
    spec: { group, names, scope: r0.scope, versions },
  };
  if (!versions.some((v) => v.served)) {
    bag.warn(
      crdPos,
      'crd-versions',
      `CRD ${crd.metadata.name}: no version is served, so no client can use it; remove +kubebuilder:unservedversion from one`,
    );
  }
  const size = JSON.stringify(crd).length;
  if (size > LAST_APPLIED_LIMIT) {
    bag.warn(
      crdPos,
      'crd-size',
      `CRD ${crd.metadata.name} is ${Math.round(size / 1024)} KiB as JSON: client-side kubectl apply keeps a copy in the last-applied-configuration annotation, limited to 256 KiB, so apply it with kubectl apply --server-side (or shorten descriptions with --max-desc-len)`,
    );
  }
  const failed = checkCrd(crd, positions, bag);
  const after = bag.items.filter((d) => d.severity === 'error').length;
  return {
    crd,
    path: `${group}_${r0.plural}.yaml`,
    ok: !failed && after === before,
  };
}

function versionOf(
  kv: KindVersion,
  lone: boolean,
  builder: SchemaBuilder,
  columns: WeakMap<object, SourcePos>,
): CustomResourceDefinitionVersion {
  const r = kv.resource;
  const v: CustomResourceDefinitionVersion = {
    name: kv.version.name,
    served: r.served,
    storage: lone ? true : r.storage,
    schema: { openAPIV3Schema: builder.kindSchema(kv.kind) },
  };
  if (r.deprecated) {
    v.deprecated = true;
    if (r.deprecationWarning !== undefined) v.deprecationWarning = r.deprecationWarning;
  }
  if (r.printerColumns.length > 0) {
    v.additionalPrinterColumns = r.printerColumns.map((c) => {
      const col: PrinterColumnDef = {
        name: c.name,
        type: c.type,
        jsonPath: c.jsonPath,
      };
      if (c.description !== undefined) col.description = c.description;
      if (c.format !== undefined) col.format = c.format;
      if (c.priority !== undefined) col.priority = c.priority;
      columns.set(col, c.pos);
      return col;
    });
  }
  if (r.selectableFields.length > 0) v.selectableFields = r.selectableFields.map((jsonPath) => ({ jsonPath }));
  if (r.subresources.status || r.subresources.scale) {
    const sub: NonNullable<CustomResourceDefinitionVersion['subresources']> = {};
    if (r.subresources.status) sub.status = {};
    if (r.subresources.scale) {
      const sc = r.subresources.scale;
      sub.scale = {
        specReplicasPath: sc.specReplicasPath,
        statusReplicasPath: sc.statusReplicasPath,
      };
      if (sc.labelSelectorPath !== undefined) sub.scale.labelSelectorPath = sc.labelSelectorPath;
    }
    v.subresources = sub;
  }
  return v;
}
