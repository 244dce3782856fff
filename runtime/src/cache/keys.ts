/**
 * Object keys, as client-go's cache package computes them: `namespace/name` for namespaced objects,
 * `name` for cluster-scoped ones. A `DeletedFinalStateUnknown` tombstone carries its key.
 */
export interface ObjectWithMeta {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string } | undefined;
}

/** A function computing an object's store key. Throws for objects it cannot key. */
export type KeyFunc<T> = (obj: T) => string;

/**
 * An object that was deleted while the watch was disconnected: its final state is unknown and `obj` is
 * the last state the cache held (it may be stale). Delete handlers must be ready to receive it.
 */
export class DeletedFinalStateUnknown<T> {
  constructor(
    readonly key: string,
    readonly obj: T | undefined,
  ) {}
}

export function isDeletedFinalStateUnknown(x: unknown): x is DeletedFinalStateUnknown<unknown> {
  return x instanceof DeletedFinalStateUnknown;
}

export class KeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyError';
  }
}

/** `namespace/name`, or `name` when the object has no namespace. */
export function metaNamespaceKeyFunc(obj: ObjectWithMeta): string {
  const meta = obj.metadata;
  if (!meta || !meta.name) throw new KeyError('object has no metadata.name: cannot compute its key');
  return meta.namespace ? `${meta.namespace}/${meta.name}` : meta.name;
}

/** Like metaNamespaceKeyFunc, but a tombstone yields the key it carries. */
export function deletionHandlingMetaNamespaceKeyFunc(obj: ObjectWithMeta | DeletedFinalStateUnknown<unknown>): string {
  if (obj instanceof DeletedFinalStateUnknown) return obj.key;
  return metaNamespaceKeyFunc(obj);
}

/** Splits a `namespace/name` or `name` key. */
export function splitMetaNamespaceKey(key: string): { namespace: string; name: string } {
  const parts = key.split('/');
  if (parts.length === 1) return { namespace: '', name: parts[0]! };
  if (parts.length === 2) return { namespace: parts[0]!, name: parts[1]! };
  throw new KeyError(`unexpected key format: "${key}"`);
}
