/**
 * The cache's store and indexer (client-go's ThreadSafeStore + Indexer). JavaScript runs handlers on
 * one thread, so no locking is needed; the store keeps client-go's contract otherwise: objects by key,
 * any number of named indexes kept up to date on every write, and `replace` swapping the whole content.
 *
 * Objects in the store are shared with handlers and listers: treat them as read-only and deep-copy
 * before modifying (the generated `deepCopy<Kind>` functions exist for that).
 */
import { metaNamespaceKeyFunc, type KeyFunc, type ObjectWithMeta } from './keys.js';

/** Computes the index values of an object (for example its namespace, or its owner's name). */
export type IndexFunc<T> = (obj: T) => readonly string[];
export type Indexers<T> = Record<string, IndexFunc<T>>;

export const NamespaceIndex = 'namespace';

/** The default namespace index. */
export function metaNamespaceIndexFunc(obj: ObjectWithMeta): string[] {
  return [obj.metadata?.namespace ?? ''];
}

export interface Store<T> {
  add(obj: T): void;
  update(obj: T): void;
  delete(obj: T): void;
  list(): T[];
  listKeys(): string[];
  get(obj: T): T | undefined;
  getByKey(key: string): T | undefined;
  /** Replaces the whole content with `list` (resourceVersion is informational). */
  replace(list: readonly T[], resourceVersion: string): void;
  /** Stores with queues send resync events; plain stores do nothing. */
  resync(): void;
}

export interface Indexer<T> extends Store<T> {
  /** Objects whose index values intersect those of `obj` under the named index. */
  index(indexName: string, obj: T): T[];
  /** Keys of the objects with `indexedValue` under the named index. */
  indexKeys(indexName: string, indexedValue: string): string[];
  /** Every value currently present in the named index. */
  listIndexFuncValues(indexName: string): string[];
  /** Objects with `indexedValue` under the named index. */
  byIndex(indexName: string, indexedValue: string): T[];
  getIndexers(): Indexers<T>;
  /** Adds indexers; existing objects are indexed at once. Names must be new. */
  addIndexers(indexers: Indexers<T>): void;
}

export class IndexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IndexError';
  }
}

export class CacheIndexer<T> implements Indexer<T> {
  private readonly items = new Map<string, T>();
  private readonly indexers: Indexers<T> = {};
  /** index name → index value → keys. */
  private readonly indices = new Map<string, Map<string, Set<string>>>();

  constructor(
    private readonly keyFunc: KeyFunc<T>,
    indexers: Indexers<T> = {},
  ) {
    this.addIndexers(indexers);
  }

  add(obj: T): void {
    this.put(this.keyFunc(obj), obj);
  }
  update(obj: T): void {
    this.put(this.keyFunc(obj), obj);
  }
  delete(obj: T): void {
    this.deleteKey(this.keyFunc(obj));
  }

  /** Stores `obj` under `key`, updating every index. */
  put(key: string, obj: T): void {
    const old = this.items.get(key);
    this.items.set(key, obj);
    this.updateIndices(old, obj, key);
  }

  deleteKey(key: string): void {
    const old = this.items.get(key);
    if (old === undefined) return;
    this.items.delete(key);
    this.updateIndices(old, undefined, key);
  }

  list(): T[] {
    return Array.from(this.items.values());
  }
  listKeys(): string[] {
    return Array.from(this.items.keys());
  }
  get(obj: T): T | undefined {
    return this.items.get(this.keyFunc(obj));
  }
  getByKey(key: string): T | undefined {
    return this.items.get(key);
  }

  replace(list: readonly T[], _resourceVersion: string): void {
    this.items.clear();
    for (const idx of this.indices.values()) idx.clear();
    for (const obj of list) {
      const key = this.keyFunc(obj);
      this.items.set(key, obj);
      this.updateIndices(undefined, obj, key);
    }
  }

  resync(): void {}

  index(indexName: string, obj: T): T[] {
    const fn = this.indexFunc(indexName);
    const idx = this.indices.get(indexName)!;
    const values = fn(obj);
    const keys = new Set<string>();
    for (const v of values) for (const k of idx.get(v) ?? []) keys.add(k);
    return this.objectsFor(keys);
  }

  indexKeys(indexName: string, indexedValue: string): string[] {
    this.indexFunc(indexName);
    return Array.from(this.indices.get(indexName)!.get(indexedValue) ?? []);
  }

  listIndexFuncValues(indexName: string): string[] {
    return Array.from(this.indices.get(indexName)?.keys() ?? []);
  }

  byIndex(indexName: string, indexedValue: string): T[] {
    this.indexFunc(indexName);
    return this.objectsFor(this.indices.get(indexName)!.get(indexedValue) ?? []);
  }

  getIndexers(): Indexers<T> {
    return { ...this.indexers };
  }

  addIndexers(indexers: Indexers<T>): void {
    for (const name of Object.keys(indexers)) {
      if (name in this.indexers) throw new IndexError(`indexer conflict: an indexer named "${name}" already exists`);
    }
    for (const [name, fn] of Object.entries(indexers)) {
      this.indexers[name] = fn;
      const idx = new Map<string, Set<string>>();
      this.indices.set(name, idx);
      for (const [key, obj] of this.items) addToIndex(idx, fn(obj), key);
    }
  }

  private indexFunc(indexName: string): IndexFunc<T> {
    const fn = this.indexers[indexName];
    if (!fn) throw new IndexError(`index "${indexName}" does not exist`);
    return fn;
  }

  private objectsFor(keys: Iterable<string>): T[] {
    const out: T[] = [];
    for (const k of keys) {
      const o = this.items.get(k);
      if (o !== undefined) out.push(o);
    }
    return out;
  }

  private updateIndices(oldObj: T | undefined, newObj: T | undefined, key: string): void {
    for (const [name, fn] of Object.entries(this.indexers)) {
      const idx = this.indices.get(name)!;
      const oldValues = oldObj === undefined ? EMPTY : fn(oldObj);
      const newValues = newObj === undefined ? EMPTY : fn(newObj);
      // The common case — one unchanged value — touches nothing.
      if (oldValues.length === 1 && newValues.length === 1 && oldValues[0] === newValues[0]) continue;
      for (const v of oldValues) {
        if (newValues.includes(v)) continue;
        const set = idx.get(v);
        if (!set) continue;
        set.delete(key);
        if (set.size === 0) idx.delete(v);
      }
      addToIndex(idx, newValues, key);
    }
  }
}

const EMPTY: readonly string[] = [];

function addToIndex(idx: Map<string, Set<string>>, values: readonly string[], key: string): void {
  for (const v of values) {
    let set = idx.get(v);
    if (!set) {
      set = new Set();
      idx.set(v, set);
    }
    set.add(key);
  }
}

/** A new indexer keyed by `namespace/name` with the namespace index, as informers use. */
export function newIndexer<T extends ObjectWithMeta>(indexers: Indexers<T> = {}): CacheIndexer<T> {
  return new CacheIndexer<T>(metaNamespaceKeyFunc, { [NamespaceIndex]: metaNamespaceIndexFunc, ...indexers });
}
