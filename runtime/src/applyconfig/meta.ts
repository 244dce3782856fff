/**
 * Apply configurations of the meta/v1 well-known types (client-go's `applyconfigurations/meta/v1`), and
 * the base every generated kind builder extends.
 *
 * An apply configuration is plain data: an interface whose fields are all optional, so an object
 * literal is one. A builder is a class that implements it and adds fluent `with…` methods; its methods
 * live on the prototype and its only own properties are the fields that were set, so the builder itself
 * (or `JSON.stringify` of it) is exactly the body of the apply request.
 */
import type { Condition, LabelSelector, LabelSelectorRequirement, ManagedFieldsEntry, ObjectMeta, OwnerReference, Time, int64 } from '../meta/types.js';
import { extractOwnedFields, type ObjectWithManagedFields } from './extract.js';

// The meta/v1 apply configurations are the meta types with every field optional (a nested type becomes its
// apply configuration), derived so that the two cannot drift apart.

/** metav1.OwnerReference as an apply configuration. */
export type OwnerReferenceApplyConfiguration = Partial<OwnerReference>;

/** metav1.ObjectMeta as an apply configuration: the fields a client may set (no managedFields, no selfLink). */
export type ObjectMetaApplyConfiguration = Omit<ObjectMeta, 'selfLink' | 'managedFields' | 'ownerReferences'> & {
  ownerReferences?: OwnerReferenceApplyConfiguration[];
};

/** metav1.Condition as an apply configuration. */
export type ConditionApplyConfiguration = Partial<Condition>;

/** metav1.LabelSelectorRequirement as an apply configuration. */
export type LabelSelectorRequirementApplyConfiguration = Partial<LabelSelectorRequirement>;

/** metav1.LabelSelector as an apply configuration. */
export type LabelSelectorApplyConfiguration = Omit<LabelSelector, 'matchExpressions'> & {
  matchExpressions?: LabelSelectorRequirementApplyConfiguration[];
};

/** metav1.ManagedFieldsEntry as an apply configuration (for types that embed one; apply ignores it on objects). */
export type ManagedFieldsEntryApplyConfiguration = ManagedFieldsEntry;

/** The part every top-level object's apply configuration shares: type meta and object meta. */
export interface ObjectApplyConfiguration {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMetaApplyConfiguration;
}

// The `with…` helpers below set, append (lists) or merge (maps), as client-go's builders do. Maps are
// copied before a merge, so a record passed in earlier is never modified.

/** Builds an ObjectMetaApplyConfiguration. */
export interface ObjectMetaApplyConfigurationBuilder extends ObjectMetaApplyConfiguration {}
export class ObjectMetaApplyConfigurationBuilder {
  /** Sets name (the last call wins). */
  withName(value: string): this {
    this.name = value;
    return this;
  }
  /** Sets generateName, the prefix the server completes when name is empty. */
  withGenerateName(value: string): this {
    this.generateName = value;
    return this;
  }
  withNamespace(value: string): this {
    this.namespace = value;
    return this;
  }
  withUid(value: string): this {
    this.uid = value;
    return this;
  }
  withResourceVersion(value: string): this {
    this.resourceVersion = value;
    return this;
  }
  withGeneration(value: int64): this {
    this.generation = value;
    return this;
  }
  withCreationTimestamp(value: Time): this {
    this.creationTimestamp = value;
    return this;
  }
  withDeletionTimestamp(value: Time): this {
    this.deletionTimestamp = value;
    return this;
  }
  withDeletionGracePeriodSeconds(value: int64): this {
    this.deletionGracePeriodSeconds = value;
    return this;
  }
  /** Merges entries into labels (an existing key is overwritten). */
  withLabels(entries: { readonly [key: string]: string }): this {
    this.labels = { ...this.labels, ...entries };
    return this;
  }
  /** Merges entries into annotations (an existing key is overwritten). */
  withAnnotations(entries: { readonly [key: string]: string }): this {
    this.annotations = { ...this.annotations, ...entries };
    return this;
  }
  /** Appends owner references. */
  withOwnerReferences(...values: OwnerReferenceApplyConfiguration[]): this {
    this.ownerReferences = [...(this.ownerReferences ?? []), ...values];
    return this;
  }
  /** Appends finalizers. */
  withFinalizers(...values: string[]): this {
    this.finalizers = [...(this.finalizers ?? []), ...values];
    return this;
  }
}

/** An empty ObjectMeta apply configuration, for object metadata nested in a type (templates). */
export function objectMeta(): ObjectMetaApplyConfigurationBuilder {
  return new ObjectMetaApplyConfigurationBuilder();
}

/** Builds an OwnerReferenceApplyConfiguration. */
export interface OwnerReferenceApplyConfigurationBuilder extends OwnerReferenceApplyConfiguration {}
export class OwnerReferenceApplyConfigurationBuilder {
  withApiVersion(value: string): this {
    this.apiVersion = value;
    return this;
  }
  withKind(value: string): this {
    this.kind = value;
    return this;
  }
  withName(value: string): this {
    this.name = value;
    return this;
  }
  withUid(value: string): this {
    this.uid = value;
    return this;
  }
  withController(value: boolean): this {
    this.controller = value;
    return this;
  }
  withBlockOwnerDeletion(value: boolean): this {
    this.blockOwnerDeletion = value;
    return this;
  }
}

export function ownerReference(): OwnerReferenceApplyConfigurationBuilder {
  return new OwnerReferenceApplyConfigurationBuilder();
}

/** Builds a ConditionApplyConfiguration. */
export interface ConditionApplyConfigurationBuilder extends ConditionApplyConfiguration {}
export class ConditionApplyConfigurationBuilder {
  withType(value: string): this {
    this.type = value;
    return this;
  }
  withStatus(value: 'True' | 'False' | 'Unknown'): this {
    this.status = value;
    return this;
  }
  withObservedGeneration(value: int64): this {
    this.observedGeneration = value;
    return this;
  }
  withLastTransitionTime(value: Time): this {
    this.lastTransitionTime = value;
    return this;
  }
  withReason(value: string): this {
    this.reason = value;
    return this;
  }
  withMessage(value: string): this {
    this.message = value;
    return this;
  }
}

export function condition(): ConditionApplyConfigurationBuilder {
  return new ConditionApplyConfigurationBuilder();
}

/** Builds a LabelSelectorRequirementApplyConfiguration. */
export interface LabelSelectorRequirementApplyConfigurationBuilder extends LabelSelectorRequirementApplyConfiguration {}
export class LabelSelectorRequirementApplyConfigurationBuilder {
  withKey(value: string): this {
    this.key = value;
    return this;
  }
  withOperator(value: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'): this {
    this.operator = value;
    return this;
  }
  /** Appends values. */
  withValues(...values: string[]): this {
    this.values = [...(this.values ?? []), ...values];
    return this;
  }
}

export function labelSelectorRequirement(): LabelSelectorRequirementApplyConfigurationBuilder {
  return new LabelSelectorRequirementApplyConfigurationBuilder();
}

/** Builds a LabelSelectorApplyConfiguration. */
export interface LabelSelectorApplyConfigurationBuilder extends LabelSelectorApplyConfiguration {}
export class LabelSelectorApplyConfigurationBuilder {
  /** Merges entries into matchLabels. */
  withMatchLabels(entries: { readonly [key: string]: string }): this {
    this.matchLabels = { ...this.matchLabels, ...entries };
    return this;
  }
  /** Appends requirements. */
  withMatchExpressions(...values: LabelSelectorRequirementApplyConfiguration[]): this {
    this.matchExpressions = [...(this.matchExpressions ?? []), ...values];
    return this;
  }
}

export function labelSelector(): LabelSelectorApplyConfigurationBuilder {
  return new LabelSelectorApplyConfigurationBuilder();
}

/**
 * The base of every generated kind builder (`NetworkApplyConfigurationBuilder`): apiVersion and kind,
 * and the ObjectMeta `with…` methods, which create `metadata` on first use. Generated subclasses add one
 * method per field of the kind (`withSpec`, `withStatus`, …).
 */
export interface ObjectApplyConfigurationBuilder extends ObjectApplyConfiguration {}
export abstract class ObjectApplyConfigurationBuilder {
  /**
   * Sets apiVersion and kind, then name and namespace when given (in this order, which is the key order
   * of the serialised body).
   */
  constructor(apiVersion: string, kind: string, name?: string, namespace?: string) {
    this.apiVersion = apiVersion;
    this.kind = kind;
    if (name !== undefined) this.withName(name);
    if (namespace !== undefined) this.withNamespace(namespace);
  }

  private meta(): ObjectMetaApplyConfiguration {
    return (this.metadata ??= {});
  }

  withApiVersion(value: string): this {
    this.apiVersion = value;
    return this;
  }
  withKind(value: string): this {
    this.kind = value;
    return this;
  }
  withName(value: string): this {
    this.meta().name = value;
    return this;
  }
  /** Sets generateName, the prefix the server completes when name is empty. */
  withGenerateName(value: string): this {
    this.meta().generateName = value;
    return this;
  }
  withNamespace(value: string): this {
    this.meta().namespace = value;
    return this;
  }
  withUid(value: string): this {
    this.meta().uid = value;
    return this;
  }
  /** Sets resourceVersion: the apply then fails with a conflict unless the object is at that version. */
  withResourceVersion(value: string): this {
    this.meta().resourceVersion = value;
    return this;
  }
  withGeneration(value: int64): this {
    this.meta().generation = value;
    return this;
  }
  withCreationTimestamp(value: Time): this {
    this.meta().creationTimestamp = value;
    return this;
  }
  withDeletionTimestamp(value: Time): this {
    this.meta().deletionTimestamp = value;
    return this;
  }
  withDeletionGracePeriodSeconds(value: int64): this {
    this.meta().deletionGracePeriodSeconds = value;
    return this;
  }
  /** Merges entries into metadata.labels (an existing key is overwritten). */
  withLabels(entries: { readonly [key: string]: string }): this {
    const m = this.meta();
    m.labels = { ...m.labels, ...entries };
    return this;
  }
  /** Merges entries into metadata.annotations (an existing key is overwritten). */
  withAnnotations(entries: { readonly [key: string]: string }): this {
    const m = this.meta();
    m.annotations = { ...m.annotations, ...entries };
    return this;
  }
  /** Appends to metadata.ownerReferences. */
  withOwnerReferences(...values: OwnerReferenceApplyConfiguration[]): this {
    const m = this.meta();
    m.ownerReferences = [...(m.ownerReferences ?? []), ...values];
    return this;
  }
  /** Appends to metadata.finalizers. */
  withFinalizers(...values: string[]): this {
    const m = this.meta();
    m.finalizers = [...(m.finalizers ?? []), ...values];
    return this;
  }
  /** metadata.name, or undefined. */
  getName(): string | undefined {
    return this.metadata?.name;
  }
  /** metadata.namespace, or undefined. */
  getNamespace(): string | undefined {
    return this.metadata?.namespace;
  }
}

/**
 * Fills `builder` (fresh from a generated constructor: apiVersion and kind set) with the fields
 * `fieldManager` owns in `obj` through its last apply on `subresource` ('' for apply, `status` for
 * applyStatus), then sets metadata.name and metadata.namespace from `obj` (client-go's generated
 * `Extract<Kind>` functions do the same). Nested values are plain data (copies), not builders. A manager
 * that never applied gives an apply configuration with only apiVersion, kind, name and namespace.
 */
export function extractInto<B extends ObjectApplyConfigurationBuilder>(builder: B, obj: ObjectWithManagedFields, fieldManager: string, subresource = ''): B {
  const owned = extractOwnedFields(obj, fieldManager, subresource);
  const { apiVersion: _apiVersion, kind: _kind, metadata, ...rest } = owned;
  const name = obj.metadata?.name;
  const namespace = obj.metadata?.namespace;
  const meta: Record<string, unknown> = {};
  if (name !== undefined) meta['name'] = name;
  if (namespace !== undefined && namespace !== '') meta['namespace'] = namespace;
  if (typeof metadata === 'object' && metadata !== null) {
    for (const [k, v] of Object.entries(metadata)) if (k !== 'name' && k !== 'namespace') meta[k] = v;
  }
  builder.metadata = meta as ObjectMetaApplyConfiguration;
  Object.assign(builder, rest);
  return builder;
}
