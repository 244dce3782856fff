/**
 * The dynamic client: every verb on any GroupVersionResource with untyped objects, as client-go's
 * `dynamic.Interface`: `dynamic.resource(gvr).namespace('default').list()`. Objects must carry
 * `apiVersion` and `kind` on writes, as unstructured objects do.
 */
import { ResourceClient, type DeepPartial } from '../client/resource.js';
import type { Transport } from '../client/transport.js';
import type { GroupVersionResourceKey } from '../informers/factory.js';
import { apiVersionOf, gvkString, type GroupVersionKind, type Scheme } from '../scheme/scheme.js';

/** An untyped Kubernetes object. */
export interface Unstructured {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface UnstructuredList {
  apiVersion?: string;
  kind?: string;
  metadata?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  items: Unstructured[];
}

type GroupVersionResource = GroupVersionResourceKey;

export type DynamicResourceClient = ResourceClient<Unstructured, UnstructuredList, DeepPartial<Unstructured>>;

/** A resource, before choosing a namespace: cluster-wide requests, or `.namespace(ns)`. */
export class NamespaceableResource {
  private readonly all: DynamicResourceClient;

  constructor(
    private readonly transport: Transport,
    readonly gvr: GroupVersionResource,
  ) {
    // Cluster-wide: for cluster-scoped resources, and list/watch of namespaced ones across namespaces.
    this.all = new ResourceClient(transport, { ...gvr, kind: '', namespaced: false });
  }

  /** Requests in one namespace. */
  namespace(namespace: string): DynamicResourceClient {
    return new ResourceClient(this.transport, { ...this.gvr, kind: '', namespaced: true }, namespace);
  }

  create: DynamicResourceClient['create'] = (obj, o) => this.all.create(obj, o);
  update: DynamicResourceClient['update'] = (obj, o) => this.all.update(obj, o);
  updateStatus: DynamicResourceClient['updateStatus'] = (obj, o) => this.all.updateStatus(obj, o);
  delete: DynamicResourceClient['delete'] = (name, o) => this.all.delete(name, o);
  deleteCollection: DynamicResourceClient['deleteCollection'] = (o, l) => this.all.deleteCollection(o, l);
  get: DynamicResourceClient['get'] = (name, o) => this.all.get(name, o);
  list: DynamicResourceClient['list'] = (o) => this.all.list(o);
  watch: DynamicResourceClient['watch'] = (o) => this.all.watch(o);
  patch: DynamicResourceClient['patch'] = (name, type, data, o, ...subs) => this.all.patch(name, type, data, o, ...subs);
  apply: DynamicResourceClient['apply'] = (c, o) => this.all.apply(c, o);
  applyStatus: DynamicResourceClient['applyStatus'] = (c, o) => this.all.applyStatus(c, o);
}

export class DynamicClient {
  constructor(readonly transport: Transport) {}

  resource(gvr: GroupVersionResource): NamespaceableResource {
    return new NamespaceableResource(this.transport, gvr);
  }
}

/** A typed object as an unstructured one (a deep copy). */
export function toUnstructured(obj: object): Unstructured {
  return structuredClone(obj) as Unstructured;
}

/**
 * An unstructured object as a typed one, checking its apiVersion and kind: `fromUnstructured<Network>(u,
 * 'samplecrd.k8s.io/v1', 'Network')`. Returns a deep copy.
 */
export function fromUnstructured<T>(u: Unstructured, apiVersion: string, kind: string): T {
  if (u.apiVersion !== apiVersion || u.kind !== kind) {
    throw new Error(`fromUnstructured: expected ${apiVersion}, Kind=${kind}, got ${String(u.apiVersion)}, Kind=${String(u.kind)}`);
  }
  return structuredClone(u) as T;
}

/**
 * An unstructured object as the typed object the scheme registers for its apiVersion and kind, copied
 * by that kind's generated deep-copy (lists too). Throws for kinds the scheme does not know, as
 * client-go's `runtime.DefaultUnstructuredConverter` with a scheme lookup does.
 */
export function fromUnstructuredWithScheme<T>(scheme: Scheme, u: Unstructured | UnstructuredList): T {
  if (!u.apiVersion || !u.kind) throw new Error('fromUnstructuredWithScheme: the object has no apiVersion/kind: set them, or use fromUnstructured(u, apiVersion, kind)');
  return scheme.deepCopy(u as { apiVersion: string; kind: string }) as T;
}

/**
 * A typed object as an unstructured one. `apiVersion`/`kind` come from the object or, when it lacks
 * them (typed objects built in code often do), from `gvk`, which the scheme must know.
 */
export function toUnstructuredWithScheme(scheme: Scheme, obj: object, gvk?: GroupVersionKind): Unstructured {
  const u = toUnstructured(obj);
  if (!u.apiVersion || !u.kind) {
    if (!gvk) throw new Error('toUnstructuredWithScheme: the object has no apiVersion/kind: pass its GroupVersionKind');
    if (!scheme.recognizes(gvk)) throw new Error(`toUnstructuredWithScheme: the scheme does not know ${gvkString(gvk)}: add its group version with addToScheme`);
    u.apiVersion = apiVersionOf(gvk);
    u.kind = gvk.kind;
  }
  return u;
}
