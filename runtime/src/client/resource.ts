/**
 * The generic typed client every generated per-kind client binds to (client-go's `gentype.Client[T]`):
 * all verbs over one GroupVersionResource, optionally in one namespace. Generated interfaces expose only
 * the verbs a kind's markers allow (`Pick<ResourceInterface<…>, …>`), so removed verbs are type errors.
 */
import type { ListResult } from '../cache/listwatch.js';
import type { Watch } from '../watch/types.js';
import type {
  ApplyOptions,
  CreateOptions,
  DeleteOptions,
  GetOptions,
  JsonPatchOperation,
  ListOptions,
  PatchOptions,
  PatchType,
  RequestOptions,
  UpdateOptions,
} from './options.js';
import type { QueryValue, RestRequest, Transport } from './transport.js';

export interface ResourceInfo {
  group: string;
  version: string;
  /** REST plural, e.g. `networks`. */
  resource: string;
  kind: string;
  namespaced: boolean;
}

/** What a client needs of an object: its metadata. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string } | undefined;
}

/** Every verb of a resource. Generated interfaces pick the allowed subset. */
export interface ResourceInterface<T extends KubeObject, TList extends ListResult<T>, TApply = unknown> {
  create(obj: T, options?: CreateOptions): Promise<T>;
  update(obj: T, options?: UpdateOptions): Promise<T>;
  updateStatus(obj: T, options?: UpdateOptions): Promise<T>;
  delete(name: string, options?: DeleteOptions): Promise<void>;
  deleteCollection(options?: DeleteOptions, listOptions?: ListOptions): Promise<void>;
  get(name: string, options?: GetOptions): Promise<T>;
  list(options?: ListOptions): Promise<TList>;
  watch(options?: ListOptions): Promise<Watch<T>>;
  patch(name: string, type: PatchType, data: unknown, options?: PatchOptions, ...subresources: string[]): Promise<T>;
  apply(configuration: TApply, options: ApplyOptions): Promise<T>;
  applyStatus(configuration: TApply, options: ApplyOptions): Promise<T>;
}

/** The API path prefix of a group version: `/api/v1` for the core group, `/apis/<group>/<version>` otherwise. */
export function groupVersionPath(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

/** `apiVersion` of a group version: `v1` for the core group, `<group>/<version>` otherwise. */
export function apiVersionFor(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

function listQuery(o: ListOptions | undefined): Record<string, QueryValue> {
  if (!o) return {};
  return {
    labelSelector: o.labelSelector,
    fieldSelector: o.fieldSelector,
    limit: o.limit,
    continue: o.continue,
    resourceVersion: o.resourceVersion,
    resourceVersionMatch: o.resourceVersionMatch,
    timeoutSeconds: o.timeoutSeconds,
    allowWatchBookmarks: o.allowWatchBookmarks,
    sendInitialEvents: o.sendInitialEvents,
  };
}

function writeQuery(o: CreateOptions | PatchOptions | undefined): Record<string, QueryValue> {
  if (!o) return {};
  return {
    dryRun: o.dryRun,
    fieldManager: o.fieldManager,
    fieldValidation: o.fieldValidation,
    force: 'force' in o ? o.force : undefined,
  };
}

function deleteBody(o: DeleteOptions | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1' };
  if (o?.gracePeriodSeconds !== undefined) body['gracePeriodSeconds'] = o.gracePeriodSeconds;
  if (o?.preconditions !== undefined) body['preconditions'] = o.preconditions;
  if (o?.propagationPolicy !== undefined) body['propagationPolicy'] = o.propagationPolicy;
  if (o?.dryRun !== undefined) body['dryRun'] = o.dryRun;
  return body;
}

function transportOptions(o: RequestOptions | undefined): Pick<RestRequest, 'signal' | 'timeoutMs'> {
  const out: { signal?: AbortSignal; timeoutMs?: number } = {};
  if (o?.signal !== undefined) out.signal = o.signal;
  if (o?.timeoutMs !== undefined) out.timeoutMs = o.timeoutMs;
  return out;
}

/** The verbs an extension method may use. */
export type ExtensionVerb =
  | 'get' | 'list' | 'watch' | 'create' | 'update' | 'updateStatus' | 'delete' | 'deleteCollection' | 'patch' | 'apply' | 'applyStatus';

export interface ExtensionRequest {
  verb: ExtensionVerb;
  name?: string;
  subresource?: string;
  body?: unknown;
  patchType?: PatchType;
  options?: RequestOptions | undefined;
}

/**
 * A recursive partial of an API type: the shape of a server-side apply request body until the
 * applyconfigurations generator emits dedicated builders. `apiVersion`/`kind` are filled by the client.
 */
export type DeepPartial<T> = T extends readonly (infer U)[]
  ? DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

export class ResourceClient<T extends KubeObject, TList extends ListResult<T>, TApply = unknown>
  implements ResourceInterface<T, TList, TApply>
{
  readonly apiVersion: string;
  private readonly base: string;

  constructor(
    readonly transport: Transport,
    readonly info: ResourceInfo,
    /** Namespace of a namespaced resource; '' means all namespaces (list, watch, deleteCollection). */
    readonly namespace: string = '',
  ) {
    if (!info.namespaced && namespace !== '') {
      throw new Error(`${info.resource}.${info.group || 'core'} is cluster-scoped: it takes no namespace`);
    }
    this.apiVersion = apiVersionFor(info.group, info.version);
    const ns = info.namespaced && namespace !== '' ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    this.base = `${groupVersionPath(info.group, info.version)}${ns}/${info.resource}`;
  }

  /** The collection path (`…/namespaces/ns/networks`). */
  collectionPath(): string {
    return this.base;
  }

  /** The path of one object or one of its subresources. */
  objectPath(name: string, ...subresources: string[]): string {
    if (name === '') throw new Error(`${this.info.resource}: a resource name is required`);
    const sub = subresources.map((s) => `/${encodeURIComponent(s)}`).join('');
    return `${this.base}/${encodeURIComponent(name)}${sub}`;
  }

  private requireNamespace(verb: string): void {
    if (this.info.namespaced && this.namespace === '') {
      throw new Error(`${this.info.resource}.${verb}: a namespace is required (the client was made for all namespaces)`);
    }
  }

  private nameOf(obj: KubeObject, verb: string): string {
    const name = obj.metadata?.name;
    if (name === undefined || name === '') throw new Error(`${this.info.resource}.${verb}: metadata.name is required`);
    return name;
  }

  /** Fills apiVersion and kind when the caller left them out (the apiserver needs them for custom resources). */
  private withTypeMeta<O extends KubeObject>(obj: O): O {
    if (obj.apiVersion !== undefined && obj.kind !== undefined) return obj;
    if (this.info.kind === '') return obj; // the dynamic client: objects carry their own type
    return { ...obj, apiVersion: obj.apiVersion ?? this.apiVersion, kind: obj.kind ?? this.info.kind };
  }

  create(obj: T, options?: CreateOptions): Promise<T> {
    this.requireNamespace('create');
    return this.transport.request<T>({
      method: 'POST',
      path: this.base,
      query: writeQuery(options),
      body: this.withTypeMeta(obj),
      ...transportOptions(options),
    });
  }

  update(obj: T, options?: UpdateOptions): Promise<T> {
    this.requireNamespace('update');
    return this.transport.request<T>({
      method: 'PUT',
      path: this.objectPath(this.nameOf(obj, 'update')),
      query: writeQuery(options),
      body: this.withTypeMeta(obj),
      ...transportOptions(options),
    });
  }

  updateStatus(obj: T, options?: UpdateOptions): Promise<T> {
    this.requireNamespace('updateStatus');
    return this.transport.request<T>({
      method: 'PUT',
      path: this.objectPath(this.nameOf(obj, 'updateStatus'), 'status'),
      query: writeQuery(options),
      body: this.withTypeMeta(obj),
      ...transportOptions(options),
    });
  }

  async delete(name: string, options?: DeleteOptions): Promise<void> {
    this.requireNamespace('delete');
    await this.transport.request({
      method: 'DELETE',
      path: this.objectPath(name),
      body: deleteBody(options),
      ...transportOptions(options),
    });
  }

  async deleteCollection(options?: DeleteOptions, listOptions?: ListOptions): Promise<void> {
    await this.transport.request({
      method: 'DELETE',
      path: this.base,
      query: listQuery(listOptions),
      body: deleteBody(options),
      ...transportOptions(options ?? listOptions),
    });
  }

  get(name: string, options?: GetOptions): Promise<T> {
    this.requireNamespace('get');
    return this.transport.request<T>({
      method: 'GET',
      path: this.objectPath(name),
      query: { resourceVersion: options?.resourceVersion },
      ...transportOptions(options),
    });
  }

  list(options?: ListOptions): Promise<TList> {
    return this.transport.request<TList>({
      method: 'GET',
      path: this.base,
      query: listQuery(options),
      ...transportOptions(options),
    });
  }

  watch(options?: ListOptions): Promise<Watch<T>> {
    return this.transport.watch<T>({
      method: 'GET',
      path: this.base,
      query: { ...listQuery(options), watch: true },
      ...transportOptions(options),
    });
  }

  patch(name: string, type: PatchType, data: unknown, options?: PatchOptions, ...subresources: string[]): Promise<T> {
    this.requireNamespace('patch');
    if (type === 'application/apply-patch+yaml' && !options?.fieldManager) {
      throw new Error(`${this.info.resource}.patch: an apply patch needs options.fieldManager`);
    }
    return this.transport.request<T>({
      method: 'PATCH',
      path: this.objectPath(name, ...subresources),
      query: writeQuery(options),
      body: data,
      contentType: type,
      ...transportOptions(options),
    });
  }

  /** A JSON patch (RFC 6902) — typed convenience over `patch`. */
  jsonPatch(name: string, operations: readonly JsonPatchOperation[], options?: PatchOptions, ...subresources: string[]): Promise<T> {
    return this.patch(name, 'application/json-patch+json', operations, options, ...subresources);
  }

  /** A JSON merge patch (RFC 7386) — typed convenience over `patch`. */
  mergePatch(name: string, patch: unknown, options?: PatchOptions, ...subresources: string[]): Promise<T> {
    return this.patch(name, 'application/merge-patch+json', patch, options, ...subresources);
  }

  apply(configuration: TApply, options: ApplyOptions): Promise<T> {
    return this.applyTo(configuration, options, []);
  }

  applyStatus(configuration: TApply, options: ApplyOptions): Promise<T> {
    return this.applyTo(configuration, options, ['status']);
  }

  private applyTo(configuration: TApply, options: ApplyOptions, subresources: string[]): Promise<T> {
    this.requireNamespace('apply');
    if (!options.fieldManager) throw new Error(`${this.info.resource}.apply: options.fieldManager is required`);
    const body = this.withTypeMeta(configuration as KubeObject);
    const name = this.nameOf(body, subresources.length ? 'applyStatus' : 'apply');
    return this.transport.request<T>({
      method: 'PATCH',
      path: this.objectPath(name, ...subresources),
      query: { fieldManager: options.fieldManager, force: options.force, dryRun: options.dryRun },
      body,
      contentType: 'application/apply-patch+yaml',
      ...transportOptions(options),
    });
  }

  /**
   * One request of an extension method (`+genclient:method=…`): the verb picks the HTTP method (get and
   * list → GET, create → POST, update → PUT, patch and apply → PATCH, delete → DELETE); a name and a
   * subresource pick the path.
   */
  subresourceRequest<R>(req: ExtensionRequest): Promise<R> {
    const { verb, name, subresource, body, options } = req;
    const subs = subresource === undefined || subresource === '' ? [] : [subresource];
    const isList = verb === 'list' || verb === 'watch' || verb === 'deleteCollection';
    if (!isList || name !== undefined) this.requireNamespace(verb);
    const path = name === undefined ? this.base : this.objectPath(name, ...subs);
    const method =
      verb === 'get' || verb === 'list' || verb === 'watch' ? 'GET'
        : verb === 'create' ? 'POST'
        : verb === 'update' || verb === 'updateStatus' ? 'PUT'
        : verb === 'delete' || verb === 'deleteCollection' ? 'DELETE'
        : 'PATCH';
    const query: Record<string, QueryValue> =
      method === 'GET' ? (isList ? listQuery(options as ListOptions) : { resourceVersion: (options as GetOptions | undefined)?.resourceVersion })
        : method === 'DELETE' ? {}
        : writeQuery(options as PatchOptions | undefined);
    const contentType = verb === 'apply' || verb === 'applyStatus' ? 'application/apply-patch+yaml' : req.patchType;
    return this.transport.request<R>({
      method,
      path,
      query,
      ...(method === 'DELETE' ? { body: deleteBody(options as DeleteOptions | undefined) } : body !== undefined ? { body } : {}),
      ...(contentType !== undefined && method === 'PATCH' ? { contentType } : {}),
      ...transportOptions(options),
    });
  }

  /** GET of a subresource (extension methods such as `getScale`). */
  getSubresource<R>(name: string, subresource: string, options?: GetOptions): Promise<R> {
    this.requireNamespace('get');
    return this.transport.request<R>({
      method: 'GET',
      path: this.objectPath(name, subresource),
      query: { resourceVersion: options?.resourceVersion },
      ...transportOptions(options),
    });
  }

  /** PUT of a subresource (extension methods such as `updateScale`). */
  updateSubresource<I, R>(name: string, subresource: string, body: I, options?: UpdateOptions): Promise<R> {
    this.requireNamespace('update');
    return this.transport.request<R>({
      method: 'PUT',
      path: this.objectPath(name, subresource),
      query: writeQuery(options),
      body,
      ...transportOptions(options),
    });
  }

  /** POST to a subresource (extension methods with verb=create, e.g. `eviction`). */
  createSubresource<I, R>(name: string, subresource: string, body: I, options?: CreateOptions): Promise<R> {
    this.requireNamespace('create');
    return this.transport.request<R>({
      method: 'POST',
      path: this.objectPath(name, subresource),
      query: writeQuery(options),
      body,
      ...transportOptions(options),
    });
  }
}
