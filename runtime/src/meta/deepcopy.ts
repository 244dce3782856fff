/**
 * Deep copies of the well-known types, called by generated `deepCopy<Type>` functions. Straight-line
 * code: optional keys are copied only when present (absent stays absent), `null` stays `null`.
 */
import type {
  Condition,
  LabelSelector,
  LabelSelectorRequirement,
  ListMeta,
  ManagedFieldsEntry,
  ObjectMeta,
  OwnerReference,
  RawExtension,
  Scale,
  ScaleSpec,
  ScaleStatus,
  Status,
  StatusCause,
  StatusDetails,
  TypeMeta,
} from './types.js';

/**
 * Sets an own property. `out[k] = v` would set the prototype for the key `__proto__` (which JSON from
 * the wire can carry as an ordinary key: label and annotation maps, preserved unknown fields).
 */
function setOwn<V>(out: Record<string, V>, k: string, v: V): void {
  if (k === '__proto__') Object.defineProperty(out, k, { value: v, writable: true, enumerable: true, configurable: true });
  else out[k] = v;
}

/** A deep copy of any JSON value (objects, arrays, scalars); `undefined` stays `undefined`. */
export function deepCopyJSON<T>(x: T): T {
  if (typeof x !== 'object' || x === null) return x;
  if (Array.isArray(x)) {
    const out = new Array(x.length);
    for (let i = 0; i < x.length; i++) out[i] = deepCopyJSON(x[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const k in x) {
    if (Object.prototype.hasOwnProperty.call(x, k)) setOwn(out, k, deepCopyJSON((x as Record<string, unknown>)[k]));
  }
  return out as T;
}

/** A copy of a string-to-string map. */
export function deepCopyStringMap(m: { [key: string]: string }): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  for (const k in m) if (Object.prototype.hasOwnProperty.call(m, k)) setOwn(out, k, m[k]!);
  return out;
}

export function deepCopyTypeMeta(x: TypeMeta): TypeMeta {
  const out: TypeMeta = {};
  if (x.apiVersion !== undefined) out.apiVersion = x.apiVersion;
  if (x.kind !== undefined) out.kind = x.kind;
  return out;
}

export function deepCopyOwnerReference(x: OwnerReference): OwnerReference {
  const out: OwnerReference = { apiVersion: x.apiVersion, kind: x.kind, name: x.name, uid: x.uid };
  if (x.controller !== undefined) out.controller = x.controller;
  if (x.blockOwnerDeletion !== undefined) out.blockOwnerDeletion = x.blockOwnerDeletion;
  return out;
}

export function deepCopyManagedFieldsEntry(x: ManagedFieldsEntry): ManagedFieldsEntry {
  const out: ManagedFieldsEntry = {};
  if (x.manager !== undefined) out.manager = x.manager;
  if (x.operation !== undefined) out.operation = x.operation;
  if (x.apiVersion !== undefined) out.apiVersion = x.apiVersion;
  if (x.time !== undefined) out.time = x.time;
  if (x.fieldsType !== undefined) out.fieldsType = x.fieldsType;
  if (x.fieldsV1 !== undefined) out.fieldsV1 = deepCopyJSON(x.fieldsV1);
  if (x.subresource !== undefined) out.subresource = x.subresource;
  return out;
}

export function deepCopyObjectMeta(x: ObjectMeta): ObjectMeta {
  const out: ObjectMeta = {};
  if (x.name !== undefined) out.name = x.name;
  if (x.generateName !== undefined) out.generateName = x.generateName;
  if (x.namespace !== undefined) out.namespace = x.namespace;
  if (x.selfLink !== undefined) out.selfLink = x.selfLink;
  if (x.uid !== undefined) out.uid = x.uid;
  if (x.resourceVersion !== undefined) out.resourceVersion = x.resourceVersion;
  if (x.generation !== undefined) out.generation = x.generation;
  if (x.creationTimestamp !== undefined) out.creationTimestamp = x.creationTimestamp;
  if (x.deletionTimestamp !== undefined) out.deletionTimestamp = x.deletionTimestamp;
  if (x.deletionGracePeriodSeconds !== undefined) out.deletionGracePeriodSeconds = x.deletionGracePeriodSeconds;
  if (x.labels !== undefined) out.labels = deepCopyStringMap(x.labels);
  if (x.annotations !== undefined) out.annotations = deepCopyStringMap(x.annotations);
  if (x.ownerReferences !== undefined) out.ownerReferences = x.ownerReferences.map(deepCopyOwnerReference);
  if (x.finalizers !== undefined) out.finalizers = x.finalizers.slice();
  if (x.managedFields !== undefined) out.managedFields = x.managedFields.map(deepCopyManagedFieldsEntry);
  return out;
}

export function deepCopyListMeta(x: ListMeta): ListMeta {
  const out: ListMeta = {};
  if (x.selfLink !== undefined) out.selfLink = x.selfLink;
  if (x.resourceVersion !== undefined) out.resourceVersion = x.resourceVersion;
  if (x.continue !== undefined) out.continue = x.continue;
  if (x.remainingItemCount !== undefined) out.remainingItemCount = x.remainingItemCount;
  return out;
}

export function deepCopyCondition(x: Condition): Condition {
  const out: Condition = {
    type: x.type,
    status: x.status,
    lastTransitionTime: x.lastTransitionTime,
    reason: x.reason,
    message: x.message,
  };
  if (x.observedGeneration !== undefined) out.observedGeneration = x.observedGeneration;
  return out;
}

export function deepCopyLabelSelectorRequirement(x: LabelSelectorRequirement): LabelSelectorRequirement {
  const out: LabelSelectorRequirement = { key: x.key, operator: x.operator };
  if (x.values !== undefined) out.values = x.values.slice();
  return out;
}

export function deepCopyLabelSelector(x: LabelSelector): LabelSelector {
  const out: LabelSelector = {};
  if (x.matchLabels !== undefined) out.matchLabels = deepCopyStringMap(x.matchLabels);
  if (x.matchExpressions !== undefined) out.matchExpressions = x.matchExpressions.map(deepCopyLabelSelectorRequirement);
  return out;
}

export function deepCopyRawExtension(x: RawExtension): RawExtension {
  return deepCopyJSON(x);
}

export function deepCopyStatusCause(x: StatusCause): StatusCause {
  const out: StatusCause = {};
  if (x.reason !== undefined) out.reason = x.reason;
  if (x.message !== undefined) out.message = x.message;
  if (x.field !== undefined) out.field = x.field;
  return out;
}

export function deepCopyStatusDetails(x: StatusDetails): StatusDetails {
  const out: StatusDetails = {};
  if (x.name !== undefined) out.name = x.name;
  if (x.group !== undefined) out.group = x.group;
  if (x.kind !== undefined) out.kind = x.kind;
  if (x.uid !== undefined) out.uid = x.uid;
  if (x.causes !== undefined) out.causes = x.causes.map(deepCopyStatusCause);
  if (x.retryAfterSeconds !== undefined) out.retryAfterSeconds = x.retryAfterSeconds;
  return out;
}

export function deepCopyStatus(x: Status): Status {
  const out: Status = {};
  if (x.apiVersion !== undefined) out.apiVersion = x.apiVersion;
  if (x.kind !== undefined) out.kind = x.kind;
  if (x.metadata !== undefined) out.metadata = deepCopyListMeta(x.metadata);
  if (x.status !== undefined) out.status = x.status;
  if (x.message !== undefined) out.message = x.message;
  if (x.reason !== undefined) out.reason = x.reason;
  if (x.details !== undefined) out.details = deepCopyStatusDetails(x.details);
  if (x.code !== undefined) out.code = x.code;
  return out;
}

export function deepCopyScaleSpec(x: ScaleSpec): ScaleSpec {
  const out: ScaleSpec = {};
  if (x.replicas !== undefined) out.replicas = x.replicas;
  return out;
}

export function deepCopyScaleStatus(x: ScaleStatus): ScaleStatus {
  const out: ScaleStatus = { replicas: x.replicas };
  if (x.selector !== undefined) out.selector = x.selector;
  return out;
}

export function deepCopyScale(x: Scale): Scale {
  const out: Scale = {};
  if (x.apiVersion !== undefined) out.apiVersion = x.apiVersion;
  if (x.kind !== undefined) out.kind = x.kind;
  if (x.metadata !== undefined) out.metadata = deepCopyObjectMeta(x.metadata);
  if (x.spec !== undefined) out.spec = deepCopyScaleSpec(x.spec);
  if (x.status !== undefined) out.status = deepCopyScaleStatus(x.status);
  return out;
}

/** A copy of a map whose values are copied with `copy` (generated deep-copy code for `Record<string, T>`). */
export function deepCopyRecord<V>(m: { readonly [key: string]: V }, copy: (v: V) => V): { [key: string]: V } {
  const out: { [key: string]: V } = {};
  for (const k in m) if (Object.prototype.hasOwnProperty.call(m, k)) setOwn(out, k, copy(m[k]!));
  return out;
}
