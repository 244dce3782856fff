/**
 * The fake clientset's transport (client-go's `testing.Fake`): every request of a generated client is
 * decoded back into an Action, recorded, and answered by a chain of reactors; the last reactor serves
 * it from the ObjectTracker. Tests prepend reactors to inject errors or canned results and assert on
 * `actions()`. Because generated clients run unchanged over it, a fake test exercises the same request
 * building as production.
 */
import type { RestRequest, Transport } from '../client/transport.js';
import { ApiError } from '../rest/errors.js';
import type { Watch } from '../watch/types.js';
import { ObjectTracker, type PropagationPolicy, type TrackedObject, type TrackerListOptions, type TrackerResource } from './tracker.js';

export type ActionVerb =
  | 'get'
  | 'list'
  | 'watch'
  | 'create'
  | 'update'
  | 'patch'
  | 'delete'
  | 'delete-collection';

/** One recorded call, as client-go's testing.Action. */
export interface Action {
  verb: ActionVerb;
  group: string;
  version: string;
  resource: string;
  /** '' for cluster-scoped resources and all-namespace requests. */
  namespace: string;
  /** '' for collection requests. */
  name: string;
  /** '' unless a subresource was addressed (`status`, `scale`). */
  subresource: string;
  /** The request body (create, update, patch). */
  object?: unknown;
  patchType?: string;
  query: Readonly<Record<string, string>>;
}

/** A reactor's answer: `handled: false` passes the action to the next reactor. */
export type Reaction = { handled: false } | { handled: true; result?: unknown; error?: unknown };
export type ReactionFunc = (action: Action) => Reaction | Promise<Reaction>;
export type WatchReactionFunc = (action: Action) => { handled: false } | { handled: true; watch?: Watch<unknown>; error?: unknown };

interface Reactor<F> {
  verb: string;
  resource: string;
  fn: F;
}

function matches(r: { verb: string; resource: string }, a: Action): boolean {
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  return (r.verb === '*' || r.verb === a.verb) && (r.resource === '*' || r.resource === resource || r.resource === a.resource);
}

function queryStrings(q: RestRequest['query']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(q ?? {})) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.join(',') : String(v);
  }
  return out;
}

export class FakeTransport implements Transport {
  readonly tracker: ObjectTracker;
  private readonly recorded: Action[] = [];
  /** Whether calls are recorded as actions (the test API server turns it off for long runs). */
  recording = true;
  private readonly reactors: Reactor<ReactionFunc>[] = [];
  private readonly watchReactors: Reactor<WatchReactionFunc>[] = [];

  constructor(resources: readonly TrackerResource[], ...objects: TrackedObject[]) {
    this.tracker = new ObjectTracker(resources);
    this.tracker.add(...objects);
  }

  /** Every action so far, oldest first (copies). */
  actions(): Action[] {
    return this.recorded.map((a) => ({ ...a }));
  }

  clearActions(): void {
    this.recorded.length = 0;
  }

  /**
   * Adds a reactor that runs before the others for `verb` ('*' or one of ActionVerb) on `resource`
   * ('*', `networks`, or `networks/status`).
   */
  prependReactor(verb: ActionVerb | '*', resource: string, fn: ReactionFunc): void {
    this.reactors.unshift({ verb, resource, fn });
  }

  /** Adds a reactor after the others but before the tracker. */
  addReactor(verb: ActionVerb | '*', resource: string, fn: ReactionFunc): void {
    this.reactors.push({ verb, resource, fn });
  }

  prependWatchReactor(resource: string, fn: WatchReactionFunc): void {
    this.watchReactors.unshift({ verb: 'watch', resource, fn });
  }

  /** Decodes a REST request of a generated client into an Action. */
  private decode(req: RestRequest, watch: boolean): { action: Action; r: TrackerResource } {
    const parts = req.path.split('/').filter((p) => p !== '').map(decodeURIComponent);
    let group: string;
    let version: string;
    let rest: string[];
    if (parts[0] === 'api' && parts.length >= 2) {
      group = '';
      version = parts[1]!;
      rest = parts.slice(2);
    } else if (parts[0] === 'apis' && parts.length >= 3) {
      group = parts[1]!;
      version = parts[2]!;
      rest = parts.slice(3);
    } else {
      throw new ApiError({ code: 404, reason: 'NotFound', message: `fake: no resource at ${req.path}` });
    }
    let namespace = '';
    if (rest[0] === 'namespaces' && rest.length >= 3 && this.tracker.resource(group, version, rest[2]!)?.namespaced) {
      namespace = rest[1]!;
      rest = rest.slice(2);
    }
    const [resource = '', name = '', subresource = ''] = rest;
    const r = this.tracker.resource(group, version, resource);
    if (!r) throw new ApiError({ code: 404, reason: 'NotFound', message: `fake: the server could not find the requested resource (${req.method} ${req.path})` });
    const q = queryStrings(req.query);
    let verb: ActionVerb;
    switch (req.method) {
      case 'GET':
        verb = watch ? 'watch' : name === '' ? 'list' : 'get';
        break;
      case 'POST':
        verb = 'create';
        break;
      case 'PUT':
        verb = 'update';
        break;
      case 'PATCH':
        verb = 'patch';
        break;
      case 'DELETE':
        verb = name === '' ? 'delete-collection' : 'delete';
        break;
    }
    const action: Action = { verb, group, version, resource, namespace, name, subresource, query: q };
    if (req.body !== undefined && verb !== 'delete' && verb !== 'delete-collection') action.object = structuredClone(req.body);
    if (req.contentType !== undefined && verb === 'patch') action.patchType = req.contentType;
    return { action, r };
  }

  /** Discovery documents of the registered resources (client-go's FakeDiscovery), or undefined. */
  private discovery(req: RestRequest): unknown {
    if (req.method !== 'GET') return undefined;
    const path = req.path.replace(/\/+$/, '');
    const all = this.tracker.resources();
    const apiVersion = (r: TrackerResource): string => (r.group === '' ? r.version : `${r.group}/${r.version}`);
    if (path === '/version') return { major: '1', minor: '34', gitVersion: 'v1.34.0-fake', platform: 'fake' };
    if (path === '/api') {
      const versions = [...new Set(all.filter((r) => r.group === '').map((r) => r.version))].sort();
      return { kind: 'APIVersions', versions };
    }
    if (path === '/apis') {
      const groups = new Map<string, Set<string>>();
      for (const r of all) if (r.group !== '') (groups.get(r.group) ?? groups.set(r.group, new Set()).get(r.group)!).add(r.version);
      return {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: [...groups.keys()].sort().map((name) => {
          const versions = [...groups.get(name)!].sort().map((version) => ({ groupVersion: `${name}/${version}`, version }));
          return { name, versions, preferredVersion: versions[0] };
        }),
      };
    }
    const g = /^\/apis\/([^/]+)$/.exec(path);
    if (g) {
      const versions = [...new Set(all.filter((r) => r.group === g[1]).map((r) => r.version))].sort().map((version) => ({ groupVersion: `${g[1]}/${version}`, version }));
      if (versions.length === 0) return undefined;
      return { kind: 'APIGroup', apiVersion: 'v1', name: g[1], versions, preferredVersion: versions[0] };
    }
    const m = /^\/(?:api\/([^/]+)|apis\/([^/]+)\/([^/]+))$/.exec(path);
    if (!m) return undefined;
    const group = m[2] ?? '';
    const version = m[1] ?? m[3]!;
    const rs = all.filter((r) => r.group === group && r.version === version);
    if (rs.length === 0) return undefined;
    const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
    return {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: apiVersion(rs[0]!),
      resources: rs.flatMap((r) => [
        {
          name: r.resource,
          singularName: r.kind.toLowerCase(),
          namespaced: r.namespaced,
          kind: r.kind,
          verbs,
          ...(r.shortNames?.length ? { shortNames: r.shortNames } : {}),
          ...(r.categories?.length ? { categories: r.categories } : {}),
        },
        ...(r.statusSubresource ? [{ name: `${r.resource}/status`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: ['get', 'patch', 'update'] }] : []),
        ...(r.scale ? [{ name: `${r.resource}/scale`, singularName: '', namespaced: r.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] }] : []),
      ]),
    };
  }

  async request<R = unknown>(req: RestRequest): Promise<R> {
    const doc = this.discovery(req);
    if (doc !== undefined) return doc as R;
    const { action, r } = this.decode(req, false);
    if (this.recording) this.recorded.push(action);
    for (const reactor of this.reactors) {
      if (!matches(reactor, action)) continue;
      const reaction = await reactor.fn({ ...action });
      if (!reaction.handled) continue;
      if (reaction.error !== undefined) throw reaction.error;
      return reaction.result as R;
    }
    return this.serve(action, r, req) as R;
  }

  async watch<T = unknown>(req: RestRequest): Promise<Watch<T>> {
    const { action, r } = this.decode(req, true);
    if (this.recording) this.recorded.push(action);
    for (const reactor of this.watchReactors) {
      if (!matches(reactor, action)) continue;
      const reaction = reactor.fn({ ...action });
      if (!reaction.handled) continue;
      if (reaction.error !== undefined) throw reaction.error;
      if (reaction.watch) return reaction.watch as Watch<T>;
    }
    const q = action.query;
    return this.tracker.watch(r, action.namespace, {
      ...listOptions(q),
      ...(q['resourceVersion'] !== undefined ? { resourceVersion: q['resourceVersion'] } : {}),
      ...(q['sendInitialEvents'] === 'true' ? { sendInitialEvents: true } : {}),
    }) as unknown as Watch<T>;
  }

  /** The default reactor: the object tracker. */
  private serve(a: Action, r: TrackerResource, req: RestRequest): unknown {
    const t = this.tracker;
    const dryRun = a.query['dryRun'] === 'All';
    const sub = {
      ...(a.subresource ? { subresource: a.subresource } : {}),
      ...(a.query['fieldManager'] ? { fieldManager: a.query['fieldManager'] } : {}),
      ...(req.userAgent !== undefined ? { userAgent: req.userAgent } : {}),
    };
    switch (a.verb) {
      case 'get':
        if (a.subresource === 'scale') return t.getScale(r, a.namespace, a.name);
        if (a.subresource === 'status') return t.get(r, a.namespace, a.name);
        if (a.subresource) throw new ApiError({ code: 404, reason: 'NotFound', message: `fake: subresource ${a.subresource} is not served by the object tracker; add a reactor` });
        return t.get(r, a.namespace, a.name);
      case 'list':
        return t.list(r, a.namespace, listOptions(a.query));
      case 'create':
        return t.create(r, a.namespace, a.object as TrackedObject, { dryRun, ...sub });
      case 'update':
        if (a.subresource === 'scale') return t.updateScale(r, a.namespace, a.name, a.object as TrackedObject, { ...sub, dryRun });
        return t.update(r, a.namespace, a.object as TrackedObject, { dryRun, ...sub });
      case 'patch':
        return t.patch(r, a.namespace, a.name, a.patchType ?? 'application/merge-patch+json', a.object, {
          dryRun,
          ...sub,
          ...(a.query['force'] === 'true' ? { force: true } : {}),
        });
      case 'delete': {
        const body = (req.body ?? {}) as DeleteBody;
        const policy = propagationPolicyOf(body, a.query);
        t.delete(r, a.namespace, a.name, { ...(body.preconditions ? { preconditions: body.preconditions } : {}), dryRun, ...(policy ? { propagationPolicy: policy } : {}) });
        return { kind: 'Status', apiVersion: 'v1', status: 'Success', details: { name: a.name, group: a.group, kind: a.resource } };
      }
      case 'delete-collection': {
        const policy = propagationPolicyOf((req.body ?? {}) as DeleteBody, a.query);
        t.deleteCollection(r, a.namespace, listOptions(a.query), dryRun, policy);
        return { kind: 'Status', apiVersion: 'v1', status: 'Success' };
      }
      case 'watch':
        throw new Error('unreachable');
    }
  }
}

interface DeleteBody {
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: unknown;
  orphanDependents?: unknown;
}

const POLICIES: readonly PropagationPolicy[] = ['Foreground', 'Background', 'Orphan'];

/** DeleteOptions' propagationPolicy (body or query), or the deprecated orphanDependents; 422 when unknown. */
function propagationPolicyOf(body: DeleteBody, q: Readonly<Record<string, string>>): PropagationPolicy | undefined {
  const given = body.propagationPolicy ?? q['propagationPolicy'];
  const orphan = body.orphanDependents ?? (q['orphanDependents'] !== undefined ? q['orphanDependents'] === 'true' : undefined);
  if (given !== undefined && orphan !== undefined) {
    throw new ApiError({ code: 422, reason: 'Invalid', message: 'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Invalid value: "' + String(given) + '": orphanDependents and deletionPropagation cannot be both set' });
  }
  if (given !== undefined) {
    if (!POLICIES.includes(given as PropagationPolicy)) {
      throw new ApiError({ code: 422, reason: 'Invalid', message: `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: ${JSON.stringify(given)}: supported values: "Foreground", "Background", "Orphan"` });
    }
    return given as PropagationPolicy;
  }
  if (orphan === true) return 'Orphan';
  if (orphan === false) return 'Background';
  return undefined;
}

function listOptions(q: Readonly<Record<string, string>>): TrackerListOptions {
  const o: TrackerListOptions = {};
  if (q['labelSelector']) o.labelSelector = q['labelSelector'];
  if (q['fieldSelector']) o.fieldSelector = q['fieldSelector'];
  if (q['limit']) o.limit = Number(q['limit']);
  if (q['continue']) o.continue = q['continue'];
  if (q['resourceVersion'] !== undefined) o.resourceVersion = q['resourceVersion'];
  if (q['resourceVersionMatch']) o.resourceVersionMatch = q['resourceVersionMatch'];
  return o;
}
