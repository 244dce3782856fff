/**
 * The well-known API types of apimachinery (meta/v1, runtime, resource, intstr, autoscaling/v1 Scale)
 * that kubegen's input language imports from `@kubegen/runtime`. kubegen's parser recognises them by
 * name and knows their schemas; generated deep-copy code calls the `deepCopy<Type>` functions of
 * `./deepcopy.ts` for them.
 */

/** A 32-bit integer (`type: integer, format: int32` in schemas). */
export type int32 = number;
/** A 64-bit integer (`type: integer, format: int64`); JSON numbers beyond 2^53 lose precision in JS. */
export type int64 = number;
/** A 32-bit float (`type: number, format: float`). */
export type float32 = number;
/** A 64-bit float (`type: number, format: double`). */
export type float64 = number;

/** An RFC 3339 timestamp with seconds, e.g. `2026-01-02T15:04:05Z` (metav1.Time). */
export type Time = string;
/** An RFC 3339 timestamp with microseconds, e.g. `2026-01-02T15:04:05.000000Z` (metav1.MicroTime). */
export type MicroTime = string;
/** A Go duration string, e.g. `1h30m`, `500ms` (metav1.Duration). */
export type Duration = string;
/** A resource quantity, e.g. `500m`, `1Gi`, `2` (resource.Quantity), serialised as a string. */
export type Quantity = string;
/** An integer or a string, e.g. `8080` or `http` (intstr.IntOrString). */
export type IntOrString = number | string;

/** TypeMeta: the kind and API version of an object, inlined into every root type. */
export interface TypeMeta {
  apiVersion?: string;
  kind?: string;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: 'Apply' | 'Update';
  apiVersion?: string;
  time?: Time;
  fieldsType?: string;
  /** The fields this manager owns, in the FieldsV1 trie format. */
  fieldsV1?: { [key: string]: unknown };
  subresource?: string;
}

/** ObjectMeta: the metadata every persisted object has (metav1.ObjectMeta). */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  /** Deprecated by the apiserver and never set since 1.20. */
  selfLink?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: int64;
  creationTimestamp?: Time;
  deletionTimestamp?: Time;
  deletionGracePeriodSeconds?: int64;
  labels?: { [key: string]: string };
  annotations?: { [key: string]: string };
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: ManagedFieldsEntry[];
}

/** ListMeta: the metadata of list responses. */
export interface ListMeta {
  selfLink?: string;
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: int64;
}

/**
 * A condition of an object's status (metav1.Condition): the standard shape for `status.conditions`.
 */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  observedGeneration?: int64;
  lastTransitionTime: Time;
  reason: string;
  message: string;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

/** A label query (metav1.LabelSelector): matchLabels and matchExpressions are ANDed. */
export interface LabelSelector {
  matchLabels?: { [key: string]: string };
  matchExpressions?: LabelSelectorRequirement[];
}

/**
 * An embedded object of any kind (runtime.RawExtension): any JSON value, typically a whole object
 * with apiVersion and kind. Schemas preserve its unknown fields.
 */
export type RawExtension = { [key: string]: unknown };

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: int32;
}

/** The result of an operation that returns no object, and every error response (metav1.Status). */
export interface Status extends TypeMeta {
  metadata?: ListMeta;
  status?: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code?: int32;
}

export interface ScaleSpec {
  replicas?: int32;
}

export interface ScaleStatus {
  replicas: int32;
  /** The label selector of the scaled pods, in string form. */
  selector?: string;
}

/** autoscaling/v1 Scale: the scale subresource of a resource. */
export interface Scale extends TypeMeta {
  metadata?: ObjectMeta;
  spec?: ScaleSpec;
  status?: ScaleStatus;
}
