/**
 * Listers: typed, read-only views of an informer's indexer, as client-go's `listers.ResourceIndexer[T]`.
 * Generated listers bind `Lister<T>` to a kind. Reads never go to the apiserver and return the cached
 * objects themselves: treat them as read-only and deep-copy before mutating (the generated
 * `deepCopy<Kind>` functions exist for this).
 */
import { NamespaceIndex, type Indexer } from './store.js';
import type { ObjectWithMeta } from './keys.js';
import { parseSelector } from '../labels/selector.js';

/** Anything that can decide whether a label set matches (a parsed label selector). */
export interface LabelMatcher {
  matches(labels: Readonly<Record<string, string>>): boolean;
  /** True when the selector matches everything (lets listers skip the per-object test). */
  empty?(): boolean;
}

interface Labeled {
  metadata?: { labels?: Record<string, string> | undefined } | undefined;
}

const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

function filter<T>(items: T[], sel: LabelMatcher | string | undefined): T[] {
  const selector = typeof sel === 'string' ? parseSelector(sel) : sel;
  if (selector === undefined || (selector.empty !== undefined && selector.empty())) return items;
  return items.filter((o) => selector.matches((o as Labeled).metadata?.labels ?? NO_LABELS));
}

/** Reads of one namespace. */
export class NamespaceLister<T extends ObjectWithMeta> {
  constructor(
    private readonly indexer: Indexer<T>,
    private readonly namespace: string,
  ) {}

  /** Objects of the namespace whose labels match `selector` (all when omitted). */
  list(selector?: LabelMatcher | string): T[] {
    return filter(this.indexer.byIndex(NamespaceIndex, this.namespace), selector);
  }

  /** The object named `name` in the namespace, or undefined when the cache has none. */
  get(name: string): T | undefined {
    return this.indexer.getByKey(`${this.namespace}/${name}`);
  }
}

/** Reads of every object of a resource in the cache. */
export class Lister<T extends ObjectWithMeta> {
  constructor(
    private readonly indexer: Indexer<T>,
    /** `group/resource` (e.g. `samplecrd.k8s.io/networks`), for messages. */
    readonly resource: string = '',
  ) {}

  /** All cached objects whose labels match `selector` (all when omitted). */
  list(selector?: LabelMatcher | string): T[] {
    return filter(this.indexer.list(), selector);
  }

  /** A cluster-scoped object by name (for namespaced kinds use `namespace(ns).get(name)`). */
  get(name: string): T | undefined {
    return this.indexer.getByKey(name);
  }

  /** Reads limited to one namespace. */
  namespace(namespace: string): NamespaceLister<T> {
    return new NamespaceLister(this.indexer, namespace);
  }

  /** Objects whose index `indexName` contains `value` (custom indexers added to the informer). */
  byIndex(indexName: string, value: string): T[] {
    return this.indexer.byIndex(indexName, value);
  }

  /** The underlying indexer. */
  getIndexer(): Indexer<T> {
    return this.indexer;
  }
}
