/**
 * CustomResourceDefinition handling of the test API server: the apiserver's basic CRD validation and
 * the translation of a CRD into tracker resources (one per served version) whose writes are pruned,
 * defaulted and validated against the version's schema.
 */
import type { TrackedObject, TrackerResource } from '../fake/tracker.js';
import { admit, type FieldCause, type JSONSchemaProps } from './schema.js';

export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  schema?: { openAPIV3Schema?: JSONSchemaProps };
  subresources?: { status?: object; scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string } };
  selectableFields?: { jsonPath: string }[];
}

export interface Crd {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; [k: string]: unknown };
  spec: {
    group: string;
    names: { plural: string; singular?: string; kind: string; listKind?: string; shortNames?: string[]; categories?: string[] };
    scope: 'Namespaced' | 'Cluster';
    versions: CrdVersion[];
  };
  status?: unknown;
}

const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The apiserver's checks of a CRD that matter for serving it (a subset of apiextensions validation). */
export function validateCrd(obj: TrackedObject): FieldCause[] {
  const causes: FieldCause[] = [];
  const add = (field: string, reason: string, message: string): void => void causes.push({ field, reason, message });
  const crd = obj as unknown as Partial<Crd>;
  const spec = crd.spec;
  if (!spec) {
    add('spec', 'FieldValueRequired', 'Required value');
    return causes;
  }
  if (!spec.group || !spec.group.includes('.') || !DNS1123_SUBDOMAIN.test(spec.group)) {
    add('spec.group', 'FieldValueInvalid', `Invalid value: ${JSON.stringify(spec.group ?? '')}: should be a domain with at least one dot`);
  }
  const names = spec.names;
  if (!names?.plural || !DNS1035.test(names.plural)) add('spec.names.plural', 'FieldValueInvalid', `Invalid value: ${JSON.stringify(names?.plural ?? '')}: a lowercase RFC 1035 label`);
  if (!names?.kind) add('spec.names.kind', 'FieldValueRequired', 'Required value');
  if (names?.kind && names.listKind === names.kind) add('spec.names.listKind', 'FieldValueInvalid', 'Invalid value: kind and listKind must be different');
  if (names?.singular && !DNS1035.test(names.singular)) add('spec.names.singular', 'FieldValueInvalid', `Invalid value: ${JSON.stringify(names.singular)}: a lowercase RFC 1035 label`);
  if (crd.metadata?.name !== `${names?.plural}.${spec.group}`) {
    add('metadata.name', 'FieldValueInvalid', `Invalid value: ${JSON.stringify(crd.metadata?.name ?? '')}: must be spec.names.plural+"."+spec.group`);
  }
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') add('spec.scope', 'FieldValueNotSupported', 'Unsupported value: supported values: "Cluster", "Namespaced"');
  const versions = spec.versions ?? [];
  if (versions.length === 0) add('spec.versions', 'FieldValueInvalid', 'Invalid value: must have exactly one version marked as storage version');
  if (versions.filter((v) => v.storage).length !== 1) add('spec.versions', 'FieldValueInvalid', 'Invalid value: must have exactly one version marked as storage version');
  versions.forEach((v, i) => {
    const s = v.schema?.openAPIV3Schema;
    if (!s) add(`spec.versions[${i}].schema.openAPIV3Schema`, 'FieldValueRequired', 'Required value: schemas are required');
    else if (s.type !== 'object') add(`spec.versions[${i}].schema.openAPIV3Schema.type`, 'FieldValueInvalid', 'Invalid value: must be object at the root');
  });
  return causes;
}

/** Tracker resources for the served versions of a CRD. */
export function crdResources(crd: Crd): TrackerResource[] {
  const n = crd.spec.names;
  return crd.spec.versions
    .filter((v) => v.served)
    .map((v) => {
      const schema = v.schema?.openAPIV3Schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
      const r: TrackerResource = {
        group: crd.spec.group,
        version: v.name,
        resource: n.plural,
        kind: n.kind,
        listKind: n.listKind ?? `${n.kind}List`,
        namespaced: crd.spec.scope === 'Namespaced',
        statusSubresource: v.subresources?.status !== undefined,
        custom: true,
        schema,
        selectableFields: (v.selectableFields ?? []).map((f) => f.jsonPath.replace(/^\./, '')),
        admit: (obj, old) => {
          const res = admit(schema, obj, old);
          return { object: res.object as TrackedObject, causes: res.causes };
        },
        ...(n.shortNames ? { shortNames: n.shortNames } : {}),
        ...(n.categories ? { categories: n.categories } : {}),
        ...(v.subresources?.scale ? { scale: v.subresources.scale } : {}),
      };
      return r;
    });
}
