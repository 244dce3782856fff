/**
 * ObjectTracker: the in-memory store behind the fake clientset (client-go's `testing.ObjectTracker`),
 * with the apiserver semantics unit tests rely on: resourceVersion, uid, generation and
 * creationTimestamp; optimistic concurrency (409 Conflict on a stale resourceVersion); the status
 * subresource split; label and field selectors (client-go's fake ignores field selectors); merge, JSON
 * and apply patches (apply works for custom resources, unlike client-go's `NewClientset`);
 * finalizers and deletionTimestamp; and watches. Objects go in and come out as deep copies.
 */
import { deepCopyJSON } from '../meta/deepcopy.js';
import { randomUUID } from 'node:crypto';
import { ApiError } from '../rest/errors.js';
import { jsonEqual, jsonEqualExcept } from '../util/json.js';
import { applyJsonPatch, applyMergePatch, JsonPatchError } from '../util/patch.js';
import type { Watch, WatchEvent, WatchEventType } from '../watch/types.js';
import { parseFieldSelector } from '../fields/index.js';
import { matchesFieldSelector, matchesLabelSelector } from './selectors.js';
import {
  applyConfiguration,
  builtinMergeSchema,
  configErrors,
  decodeManagedFields,
  encodeManagedFields,
  managerOrUserAgent,
  updateManagedFields,
  type FieldManagerContext,
  type Manager,
  type MergeSchema,
} from './managedfields.js';

export interface TrackerResource {
  group: string;
  version: string;
  /** REST plural. */
  resource: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  /** The status subresource is enabled: the main resource ignores status, `/status` ignores the rest. */
  statusSubresource: boolean;
  /** The scale subresource: JSON paths (`.spec.replicas`) of the replica counts and the selector. */
  scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
  /**
   * Write admission (the test API server's CRD schema: pruning, defaulting, validation, CEL rules; `old` is
   * the stored object on updates). Returns the object to store, or field causes that make the write fail
   * with 422 Invalid.
   */
  admit?: (obj: TrackedObject, old?: TrackedObject) => { object: TrackedObject; causes: { reason: string; message: string; field: string }[] };
  /**
   * Fields a field selector may use besides `metadata.name` and `metadata.namespace` (a CRD's
   * `selectableFields`, a built-in resource's field labels). When set, other fields are refused with 400,
   * as the apiserver refuses them; unset (the fake clientset), any dotted path is accepted.
   */
  selectableFields?: readonly string[];
  /** A custom resource: the apiserver words the field-selector refusal differently. */
  custom?: boolean;
  /**
   * How values merge in server-side apply and field ownership (a CRD version's openAPIV3Schema: list and
   * map types, list-map keys). Unset: the merge keys of the built-in kind, if it is one, else objects are
   * granular and lists atomic.
   */
  schema?: MergeSchema;
  /** Short names and categories, for discovery. */
  shortNames?: string[];
  categories?: string[];
}

export interface TrackedObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    generateName?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
    finalizers?: string[];
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface TrackerListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  /** '' or absent: the most recent state; '0': any state; otherwise read with `resourceVersionMatch`. */
  resourceVersion?: string;
  /**
   * `NotOlderThan` (the default without a limit): the current state, which is never older than a
   * resourceVersion the tracker handed out; `Exact` (the legacy default with a limit): the state at that
   * resourceVersion, rolled back through the history (410 once compacted).
   */
  resourceVersionMatch?: string;
}

export interface TrackerWriteOptions {
  dryRun?: boolean;
  subresource?: string;
  /** The manager recorded in `metadata.managedFields` (required for apply). */
  fieldManager?: string;
  /** The request's User-Agent: its part before the first `/` is the manager when no fieldManager is given. */
  userAgent?: string;
  /** Apply only: take the fields other managers own instead of failing with a conflict. */
  force?: boolean;
}

/** A write's managed fields, computed before the generic write path (apply, scale). */
interface WriteInternals {
  /** Managers decided by an apply (undefined: untracked). */
  managers?: Manager[] | undefined;
  applied?: boolean;
  /** The subresource the managed-fields entry names (`scale`), when the write goes through the main path. */
  managedSubresource?: string;
  /** A seed object (`add`): stored as given, as client-go's tracker.Add does: no managed fields recorded. */
  seed?: boolean;
}

/** Decoded managedFields of stored objects (stored objects are replaced, never mutated). */
const managersCache = new WeakMap<TrackedObject, Manager[]>();

function managersOf(o: TrackedObject): Manager[] {
  let ms = managersCache.get(o);
  if (!ms) managersCache.set(o, (ms = decodeManagedFields(o.metadata?.['managedFields']) ?? []));
  return ms;
}

function setManagers(o: TrackedObject, ms: Manager[] | undefined): void {
  const meta = (o.metadata ??= {});
  if (!ms || ms.length === 0) delete meta['managedFields'];
  else meta['managedFields'] = encodeManagedFields(ms);
  managersCache.set(o, ms ?? []);
}

/** metav1.DeletionPropagation. */
export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

export interface TrackerDeleteOptions {
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
  /** With `garbageCollection` on: what happens to the dependents. Default `Background`. */
  propagationPolicy?: PropagationPolicy;
}

const ORPHAN_FINALIZER = 'orphan';
/** The manager of the garbage collector's writes (kube-controller-manager's User-Agent prefix). */
const GC_MANAGER = 'kube-controller-manager';
const FOREGROUND_FINALIZER = 'foregroundDeletion';

interface OwnerRef {
  uid: string;
  blockOwnerDeletion?: boolean;
  [key: string]: unknown;
}

function ownerRefsOf(o: TrackedObject): OwnerRef[] {
  const refs = o.metadata?.['ownerReferences'];
  return Array.isArray(refs) ? (refs as unknown[]).filter((x): x is OwnerRef => typeof x === 'object' && x !== null && typeof (x as OwnerRef).uid === 'string') : [];
}

function setOwnerRefs(o: TrackedObject, refs: OwnerRef[]): void {
  if (refs.length === 0) delete o.metadata!['ownerReferences'];
  else o.metadata!['ownerReferences'] = refs;
}

interface Stored {
  obj: TrackedObject;
}

interface Watcher {
  key: string;
  namespace: string;
  options: TrackerListOptions;
  push(ev: WatchEvent<TrackedObject> | { error: unknown }): void;
}

interface LoggedEvent {
  key: string;
  rv: number;
  type: WatchEventType;
  obj: TrackedObject;
  old?: TrackedObject;
}

export interface TrackerWatchOptions extends TrackerListOptions {
  resourceVersion?: string;
  sendInitialEvents?: boolean;
}

/** A tracker watch; the server side can also push bookmarks into it. */
export interface TrackerWatch extends Watch<TrackedObject> {
  /** Queues a BOOKMARK with the current resourceVersion (after every event already queued). */
  bookmark(): void;
  stopped(): boolean;
}

// Tracked objects are JSON: the JSON deep copy is several times faster than structuredClone.
const clone = <T>(v: T): T => deepCopyJSON(v);

function resourceKeyOf(r: Pick<TrackerResource, 'group' | 'version' | 'resource'>): string {
  return `${r.group}/${r.version}/${r.resource}`;
}

function apiVersionOf(r: TrackerResource): string {
  return r.group === '' ? r.version : `${r.group}/${r.version}`;
}

function qualified(r: TrackerResource): string {
  return r.group === '' ? r.resource : `${r.resource}.${r.group}`;
}

function notFound(r: TrackerResource, name: string): ApiError {
  return new ApiError({
    code: 404,
    reason: 'NotFound',
    message: `${qualified(r)} "${name}" not found`,
    details: { name, group: r.group, kind: r.resource },
  });
}

function conflict(r: TrackerResource, name: string, why: string): ApiError {
  return new ApiError({
    code: 409,
    reason: 'Conflict',
    message: `Operation cannot be fulfilled on ${qualified(r)} "${name}": ${why}`,
    details: { name, group: r.group, kind: r.resource },
  });
}

function invalid(r: TrackerResource, name: string, field: string, message: string): ApiError {
  return new ApiError({
    code: 422,
    reason: 'Invalid',
    message: `${r.kind}${r.group ? '.' + r.group : ''} "${name}" is invalid: ${field}: ${message}`,
    details: { name, group: r.group, kind: r.kind, causes: [{ reason: 'FieldValueInvalid', message, field }] },
  });
}

function admitted(r: TrackerResource, obj: TrackedObject, old?: TrackedObject): TrackedObject {
  if (!r.admit) return obj;
  const { object, causes } = r.admit(obj, old);
  if (causes.length === 0) return object;
  const name = obj.metadata?.name ?? '';
  const parts = causes.map((c) => `${c.field}: ${c.message}`);
  const summary = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  throw new ApiError({
    code: 422,
    reason: 'Invalid',
    message: `${r.kind}${r.group ? '.' + r.group : ''} "${name}" is invalid: ${summary}`,
    details: { name, group: r.group, kind: r.kind, causes },
  });
}

/** Refuses field selectors on fields the resource does not support (when it declares its selectable fields). */
function checkFieldSelector(r: TrackerResource, selector: string | undefined): void {
  if (!selector || r.selectableFields === undefined) return;
  const allowed = ['metadata.name', 'metadata.namespace', ...r.selectableFields];
  let fields: string[];
  try {
    fields = parseFieldSelector(selector).fields();
  } catch {
    return; // a parse error is reported by the matcher, with its own message
  }
  const unknown = fields.find((f) => !allowed.includes(f));
  if (unknown === undefined) return;
  throw badRequest(
    r.custom ? `"${unknown}" is not a known field selector: only ${allowed.map((f) => `"${f}"`).join(', ')}` : `field label not supported: ${unknown}`,
  );
}

function badRequest(message: string): ApiError {
  return new ApiError({ code: 400, reason: 'BadRequest', message });
}

const NOT_CONTENT: ReadonlySet<string> = new Set(['resourceVersion', 'managedFields']);
const METADATA: ReadonlySet<string> = new Set(['metadata']);

/** The same stored object but for metadata.resourceVersion and managedFields (a write that is a no-op). */
function sameContent(a: TrackedObject, b: TrackedObject): boolean {
  return jsonEqualExcept(a, b, METADATA) && jsonEqualExcept((a.metadata ?? {}) as Record<string, unknown>, (b.metadata ?? {}) as Record<string, unknown>, NOT_CONTENT);
}

/** Everything but metadata and status: a change here bumps `metadata.generation`. */
function specPart(o: TrackedObject): unknown {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = o;
  return rest;
}

export class ObjectTracker {
  private readonly resources_ = new Map<string, TrackerResource>();
  private readonly byKind = new Map<string, TrackerResource>();
  /** resource key → `namespace/name` → object. */
  private readonly objects = new Map<string, Map<string, Stored>>();
  private readonly watchers = new Set<Watcher>();
  private rv = 0;
  private readonly history: LoggedEvent[] = [];
  private compactedRV = 0;
  /** Sorted snapshots of recent paginated lists, by resource, namespace, selectors and resourceVersion. */
  private readonly listSnapshots = new Map<string, { key: string; o: TrackedObject }[]>();
  /** Events kept for watches from a past resourceVersion (the apiserver's watch cache keeps a window too). */
  historyLimit = 10_000;

  constructor(resources: readonly TrackerResource[] = [], private readonly now: () => Date = () => new Date()) {
    for (const r of resources) this.register(r);
  }

  /** Makes a resource known (the fake clientset registers every generated kind). */
  register(r: TrackerResource): void {
    this.resources_.set(resourceKeyOf(r), r);
    this.byKind.set(`${apiVersionOf(r)}/${r.kind}`, r);
  }

  /** Forgets a resource and its objects (a deleted CRD). Open watches on it end. */
  unregister(group: string, version: string, resource: string): void {
    const key = `${group}/${version}/${resource}`;
    const r = this.resources_.get(key);
    if (!r) return;
    this.resources_.delete(key);
    this.byKind.delete(`${apiVersionOf(r)}/${r.kind}`);
    this.objects.delete(key);
    for (const w of [...this.watchers]) if (w.key === key) w.push({ error: CLOSED });
  }

  /** Every registered resource. */
  resources(): TrackerResource[] {
    return [...this.resources_.values()];
  }

  /** The registered resource for a group/version/resource, or undefined. */
  resource(group: string, version: string, resource: string): TrackerResource | undefined {
    return this.resources_.get(`${group}/${version}/${resource}`);
  }

  /**
   * Adds seed objects by their apiVersion and kind (what `newSimpleClientset(...objects)` passes). As
   * client-go's tracker.Add, no managed fields are recorded (those a seed carries are kept): the first
   * apply attributes the seeded fields to `before-first-apply`.
   */
  add(...objects: TrackedObject[]): void {
    for (const o of objects) {
      const r = this.byKind.get(`${o.apiVersion ?? ''}/${o.kind ?? ''}`);
      if (!r) {
        throw new Error(
          `fake: cannot seed an object of apiVersion ${JSON.stringify(o.apiVersion)} kind ${JSON.stringify(o.kind)}: set both to a kind of this clientset`,
        );
      }
      this.create(r, o.metadata?.namespace ?? '', o, {}, { seed: true });
    }
  }

  private bucket(r: TrackerResource): Map<string, Stored> {
    const key = resourceKeyOf(r);
    let b = this.objects.get(key);
    if (!b) this.objects.set(key, (b = new Map()));
    return b;
  }

  private nsKey(r: TrackerResource, namespace: string, name: string): string {
    return r.namespaced ? `${namespace}/${name}` : name;
  }

  private nextRV(): string {
    this.rv += 1;
    return String(this.rv);
  }

  /** The latest resourceVersion handed out. */
  resourceVersion(): string {
    return String(this.rv);
  }

  get(r: TrackerResource, namespace: string, name: string): TrackedObject {
    const s = this.bucket(r).get(this.nsKey(r, namespace, name));
    if (!s) throw notFound(r, name);
    return clone(s.obj);
  }

  /**
   * A list, paginated like the apiserver's: every page of one list is served from the same snapshot (the
   * resourceVersion of the first page, carried in the continue token), so a client that pages through
   * while objects change still gets a consistent list and can watch from its resourceVersion. A token
   * whose snapshot is older than the retained history is answered with 410 Expired.
   */
  list(r: TrackerResource, namespace: string, options: TrackerListOptions = {}): TrackedObject {
    checkFieldSelector(r, options.fieldSelector);
    let snapshot = this.listResourceVersion(options);
    let after: string | undefined;
    if (options.continue) {
      const c = decodeContinue(options.continue);
      snapshot = c.rv;
      after = c.k;
    }
    // The pages of one list share its sorted snapshot (as etcd serves each page as a range read from
    // the continue key), so paging through N objects costs O(N), not O(N²/limit).
    const cacheKey = `${resourceKeyOf(r)}|${namespace}|${options.labelSelector ?? ''}|${options.fieldSelector ?? ''}|${snapshot}`;
    let all = snapshot < this.compactedRV ? undefined : this.listSnapshots.get(cacheKey);
    if (all === undefined) {
      const objects = snapshot === this.rv ? [...this.bucket(r).values()].map((s) => s.obj) : this.stateAt(r, snapshot);
      all = objects
        .filter((o) => !r.namespaced || namespace === '' || o.metadata?.namespace === namespace)
        .filter((o) => this.selected(o, options))
        .map((o) => ({ key: keyOf(o), o }))
        .sort((a, b) => compareKeys(a.key, b.key));
    }
    if (options.limit && options.limit > 0) {
      this.listSnapshots.delete(cacheKey);
      this.listSnapshots.set(cacheKey, all);
      while (this.listSnapshots.size > 8) this.listSnapshots.delete(this.listSnapshots.keys().next().value!);
    }
    let start = 0;
    if (after !== undefined) {
      // First entry whose key sorts after the continue key (binary search).
      let lo = 0;
      let hi = all.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compareKeys(all[mid]!.key, after) > 0) hi = mid;
        else lo = mid + 1;
      }
      start = lo;
    }
    const limit = options.limit && options.limit > 0 ? options.limit : all.length;
    const page = all.slice(start, start + limit);
    const more = start + limit < all.length;
    const metadata: Record<string, unknown> = { resourceVersion: String(snapshot) };
    if (more && page.length > 0) {
      metadata['continue'] = encodeContinue(page[page.length - 1]!.key, snapshot);
      metadata['remainingItemCount'] = all.length - start - page.length;
    }
    return { apiVersion: apiVersionOf(r), kind: r.listKind, metadata, items: page.map((e) => clone(e.o)) } as TrackedObject;
  }

  /**
   * The resourceVersion a list is served at, with the apiserver's validation of resourceVersion and
   * resourceVersionMatch (ValidateListOptions, then the storage's too-old / too-large answers).
   */
  private listResourceVersion(options: TrackerListOptions): number {
    const rv = options.resourceVersion ?? '';
    const match = options.resourceVersionMatch ?? '';
    const errs: string[] = [];
    if (match !== '') {
      if (rv === '') errs.push('resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided');
      if (options.continue) errs.push('resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided');
      if (match !== 'Exact' && match !== 'NotOlderThan') {
        errs.push(`resourceVersionMatch: Unsupported value: ${JSON.stringify(match)}: supported values: "Exact", "NotOlderThan", ""`);
      }
      if (match === 'Exact' && rv === '0') errs.push('resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"');
    }
    if (errs.length > 0) {
      throw new ApiError({
        code: 422,
        reason: 'Invalid',
        message: `ListOptions.meta.k8s.io "" is invalid: ${errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`}`,
        details: {
          group: 'meta.k8s.io',
          kind: 'ListOptions',
          causes: errs.map((e) => ({ reason: e.includes('Unsupported') ? 'FieldValueNotSupported' : 'FieldValueForbidden', message: e.slice(e.indexOf(': ') + 2), field: 'resourceVersionMatch' })),
        },
      });
    }
    if (rv === '' || rv === '0') return this.rv;
    if (options.continue) throw badRequest('specifying resource version is not allowed when using continue');
    if (!/^[0-9]+$/.test(rv)) {
      throw new ApiError({ code: 500, reason: 'InternalError', message: `resourceVersion: Invalid value: ${JSON.stringify(rv)}: strconv.ParseUint: parsing ${JSON.stringify(rv)}: invalid syntax` });
    }
    const n = Number(rv);
    if (n > this.rv) {
      throw new ApiError({
        code: 504,
        reason: 'Timeout',
        message: `Too large resource version: ${n}, current: ${this.rv}`,
        details: { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }], retryAfterSeconds: 1 },
      });
    }
    const exact = match === 'Exact' || (match === '' && (options.limit ?? 0) > 0);
    if (!exact) return this.rv;
    if (n < this.compactedRV) throw new ApiError({ code: 410, reason: 'Expired', message: 'The resourceVersion for the provided list is too old.' });
    return n;
  }

  /** The objects of a resource as they were at resourceVersion `rv`, rolled back through the history. */
  private stateAt(r: TrackerResource, rv: number): TrackedObject[] {
    if (rv < this.compactedRV) {
      throw new ApiError({
        code: 410,
        reason: 'Expired',
        message: `The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.`,
      });
    }
    const key = resourceKeyOf(r);
    const state = new Map<string, TrackedObject>();
    for (const s of this.bucket(r).values()) state.set(keyOf(s.obj), s.obj);
    for (let i = this.history.length - 1; i >= 0; i--) {
      const ev = this.history[i]!;
      if (ev.rv <= rv) break;
      if (ev.key !== key) continue;
      const k = keyOf(ev.obj);
      if (ev.type === 'ADDED') state.delete(k);
      else if (ev.old !== undefined) state.set(k, ev.old);
    }
    return [...state.values()];
  }

  private selected(o: TrackedObject, options: TrackerListOptions): boolean {
    if (options.labelSelector && !matchesLabelSelector(options.labelSelector, o.metadata?.labels ?? {})) return false;
    if (options.fieldSelector && !matchesFieldSelector(options.fieldSelector, o)) return false;
    return true;
  }

  create(r: TrackerResource, namespace: string, input: TrackedObject, options: TrackerWriteOptions = {}, internals: WriteInternals = {}): TrackedObject {
    if (options.subresource) throw badRequest(`fake: create on subresource ${options.subresource} is not supported`);
    const obj = clone(input);
    const meta = (obj.metadata ??= {});
    if (!meta.name) {
      if (!meta.generateName) throw invalid(r, '', 'metadata.name', 'Required value: name or generateName is required');
      meta.name = meta.generateName + randomSuffix();
    }
    if (r.namespaced) {
      const ns = namespace || meta.namespace || '';
      if (!ns) throw invalid(r, meta.name, 'metadata.namespace', 'Required value');
      if (meta.namespace && namespace && meta.namespace !== namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      meta.namespace = ns;
    } else {
      delete meta.namespace;
    }
    const key = this.nsKey(r, meta.namespace ?? '', meta.name);
    const bucket = this.bucket(r);
    if (bucket.has(key)) {
      throw new ApiError({
        code: 409,
        reason: 'AlreadyExists',
        message: `${qualified(r)} "${meta.name}" already exists`,
        details: { name: meta.name, group: r.group, kind: r.resource },
      });
    }
    if (meta.resourceVersion) throw badRequest('resourceVersion should not be set on objects to be created');
    obj.apiVersion = apiVersionOf(r);
    obj.kind = r.kind;
    meta.uid = randomUUID();
    meta.creationTimestamp = this.timestamp();
    meta.generation = 1;
    delete meta.deletionTimestamp;
    if (r.statusSubresource) delete obj['status'];
    // The client's managedFields (our copy): kept for a seed, the base of the create's entries otherwise.
    const requested = meta['managedFields'];
    delete meta['managedFields'];
    const stored = admitted(r, obj);
    if (internals.applied) setManagers(stored, internals.managers);
    else if (internals.seed) setManagers(stored, decodeManagedFields(requested));
    else {
      const manager = managerOrUserAgent(options.fieldManager, options.userAgent);
      setManagers(stored, updateManagedFields([], undefined, requested, undefined, stored, manager, this.fieldContext(r, '')));
    }
    if (options.dryRun) return clone(stored);
    stored.metadata!.resourceVersion = this.nextRV();
    bucket.set(key, { obj: stored });
    this.notify(r, 'ADDED', stored);
    return clone(stored);
  }

  /** The autoscaling/v1 Scale of an object whose resource has the scale subresource. */
  getScale(r: TrackerResource, namespace: string, name: string): TrackedObject {
    if (!r.scale) throw notFound(r, `${name}/scale`);
    return this.scaleOf(r, this.get(r, namespace, name));
  }

  private scaleOf(r: TrackerResource, o: TrackedObject): TrackedObject {
    const { specReplicasPath, statusReplicasPath, labelSelectorPath } = r.scale!;
    const status: Record<string, unknown> = { replicas: Number(readPath(o, statusReplicasPath) ?? 0) };
    const selector = labelSelectorPath ? readPath(o, labelSelectorPath) : undefined;
    if (typeof selector === 'string') status['selector'] = selector;
    const m = o.metadata ?? {};
    const metadata: Record<string, unknown> = { name: m.name, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp };
    if (m.namespace !== undefined) metadata['namespace'] = m.namespace;
    return { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata, spec: { replicas: Number(readPath(o, specReplicasPath) ?? 0) }, status } as TrackedObject;
  }

  /** PUT of a Scale: sets the replica count at the spec path (optimistic concurrency on its resourceVersion). */
  updateScale(r: TrackerResource, namespace: string, name: string, scale: TrackedObject, options: TrackerWriteOptions = {}): TrackedObject {
    if (!r.scale) throw notFound(r, `${name}/scale`);
    const current = this.bucket(r).get(this.nsKey(r, namespace, name));
    if (!current) throw notFound(r, name);
    const sentRV = scale.metadata?.resourceVersion;
    if (sentRV && sentRV !== current.obj.metadata?.resourceVersion) {
      throw conflict(r, name, 'the object has been modified; please apply your changes to the latest version and try again');
    }
    const replicas = (scale['spec'] as { replicas?: unknown } | undefined)?.replicas;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
      throw invalid(r, name, 'spec.replicas', `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`);
    }
    const next = clone(current.obj);
    writePath(next, r.scale.specReplicasPath, replicas);
    const { subresource: _s, ...rest } = options;
    const written = this.replace(r, current, next, rest, { managedSubresource: 'scale' });
    return this.scaleOf(r, written);
  }

  /** PUT: a full replacement (of the main resource or of `status`). */
  update(r: TrackerResource, namespace: string, input: TrackedObject, options: TrackerWriteOptions = {}): TrackedObject {
    const name = input.metadata?.name;
    if (!name) throw invalid(r, '', 'metadata.name', 'Required value: name is required');
    const current = this.bucket(r).get(this.nsKey(r, namespace || input.metadata?.namespace || '', name));
    if (!current) {
      if (options.subresource) throw notFound(r, name);
      // The apiserver creates on update for resources that allow it; custom resources do not.
      throw notFound(r, name);
    }
    const sentRV = input.metadata?.resourceVersion;
    if (sentRV && sentRV !== current.obj.metadata?.resourceVersion) {
      throw conflict(r, name, 'the object has been modified; please apply your changes to the latest version and try again');
    }
    return this.replace(r, current, clone(input), options);
  }

  /** The field manager's view of a resource. */
  private fieldContext(r: TrackerResource, subresource: string): FieldManagerContext {
    return {
      schema: r.schema ?? (r.custom ? undefined : builtinMergeSchema(r.group, r.kind)),
      apiVersion: apiVersionOf(r),
      subresource,
      statusSubresource: r.statusSubresource,
      now: this.timestamp(),
    };
  }

  private replace(r: TrackerResource, current: Stored, next: TrackedObject, options: TrackerWriteOptions, internals: WriteInternals = {}): TrackedObject {
    const old = current.obj;
    const requestedManagedFields = next.metadata?.['managedFields'];
    const name = old.metadata!.name!;
    let result: TrackedObject;
    if (options.subresource === 'status') {
      if (!r.statusSubresource) throw notFound(r, `${name}/status`);
      result = clone(old);
      if (next['status'] === undefined) delete result['status'];
      else result['status'] = next['status'];
    } else if (options.subresource) {
      throw badRequest(`fake: subresource ${options.subresource} is not supported by the object tracker; add a reactor`);
    } else {
      result = next;
      const meta = (result.metadata ??= {});
      // Immutable and server-owned metadata.
      meta.name = old.metadata!.name!;
      if (old.metadata!.namespace !== undefined) meta.namespace = old.metadata!.namespace;
      meta.uid = old.metadata!.uid!;
      meta.creationTimestamp = old.metadata!.creationTimestamp!;
      if (old.metadata!.deletionTimestamp !== undefined) meta.deletionTimestamp = old.metadata!.deletionTimestamp;
      else delete meta.deletionTimestamp;
      meta.generation = old.metadata!.generation ?? 1;
      if (r.statusSubresource) {
        if (old['status'] === undefined) delete result['status'];
        else result['status'] = clone(old['status']);
      }
      if (!jsonEqual(specPart(old), specPart(result))) meta.generation += 1;
    }
    result.apiVersion = apiVersionOf(r);
    result.kind = r.kind;
    if (result.metadata) delete result.metadata['managedFields'];
    result = admitted(r, result, old);
    if (internals.applied) setManagers(result, internals.managers);
    else {
      const manager = managerOrUserAgent(options.fieldManager, options.userAgent);
      const ctx = this.fieldContext(r, internals.managedSubresource ?? options.subresource ?? '');
      const liveRaw = old.metadata?.['managedFields'];
      const live = managersOf(old);
      const ms = updateManagedFields(live, liveRaw, requestedManagedFields, old, result, manager, ctx);
      if (ms === live && liveRaw !== undefined) {
        // Unchanged: stored versions are never mutated, so the entries can be shared.
        result.metadata!['managedFields'] = liveRaw;
        managersCache.set(result, ms);
      } else setManagers(result, ms);
    }
    if (options.dryRun) return clone(result);
    // A no-op write keeps the resourceVersion and sends no event, as the apiserver does.
    // managedFields compared apart (the same array when unchanged): where the key sits does not matter.
    if (jsonEqual(result.metadata?.['managedFields'], old.metadata?.['managedFields']) && sameContent(result, old)) return clone(old);
    result.metadata!.resourceVersion = this.nextRV();
    if (result.metadata!.deletionTimestamp !== undefined && (result.metadata!.finalizers ?? []).length === 0) {
      this.bucket(r).delete(this.nsKey(r, result.metadata!.namespace ?? '', name));
      this.notify(r, 'DELETED', result, old);
      return clone(result);
    }
    current.obj = result;
    this.notify(r, 'MODIFIED', result, old);
    return clone(result);
  }

  patch(
    r: TrackerResource,
    namespace: string,
    name: string,
    patchType: string,
    patch: unknown,
    options: TrackerWriteOptions = {},
  ): TrackedObject {
    const current = this.bucket(r).get(this.nsKey(r, namespace, name));
    if (patchType === 'application/apply-patch+yaml') return this.apply(r, namespace, name, current, patch, options);
    if (options.force) {
      throw new ApiError({ code: 422, reason: 'Invalid', message: `PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch` });
    }
    if (!current) throw notFound(r, name);
    let next: unknown;
    try {
      switch (patchType) {
        case 'application/merge-patch+json':
        case 'application/strategic-merge-patch+json':
          next = applyMergePatch(current.obj, patch);
          break;
        case 'application/json-patch+json':
          next = applyJsonPatch(current.obj, patch);
          break;
        default:
          throw new ApiError({ code: 415, reason: 'UnsupportedMediaType', message: `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml` });
      }
    } catch (err) {
      if (err instanceof JsonPatchError) {
        if (err.testFailed) throw invalid(r, name, '', err.message);
        throw new ApiError({ code: 422, reason: 'Invalid', message: `the server rejected our request due to an error in our request: ${err.message}` });
      }
      throw err;
    }
    const obj = next as TrackedObject;
    const sentRV = (patch as TrackedObject | undefined)?.metadata?.resourceVersion;
    if (typeof sentRV === 'string' && sentRV !== '' && sentRV !== current.obj.metadata?.resourceVersion && patchType !== 'application/json-patch+json') {
      throw conflict(r, name, 'the object has been modified; please apply your changes to the latest version and try again');
    }
    return this.replace(r, current, obj, options);
  }

  /**
   * Server-side apply (`application/apply-patch+yaml`), as the apiserver's field manager does it: the
   * configuration is merged by the schema's list and map types, the manager owns exactly its fields,
   * fields it stopped applying go unless another manager owns them, and a changed field another manager
   * owns is a 409 Conflict unless `force`. A missing object is created.
   */
  private apply(r: TrackerResource, namespace: string, name: string, current: Stored | undefined, patch: unknown, options: TrackerWriteOptions): TrackedObject {
    if (!options.fieldManager) throw badRequest('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    if (Buffer.byteLength(options.fieldManager) > 128) {
      throw new ApiError({ code: 422, reason: 'Invalid', message: `PatchOptions.meta.k8s.io "" is invalid: fieldManager: Too long: may not be more than 128 bytes` });
    }
    const config = patch as TrackedObject | undefined;
    const sentVersion = typeof config?.apiVersion === 'string' ? config.apiVersion : '';
    if (sentVersion !== apiVersionOf(r)) {
      throw badRequest(`Incorrect version specified in apply patch. Specified patch version: ${sentVersion}, expected: ${apiVersionOf(r)}`);
    }
    const subresource = options.subresource ?? '';
    if (!current && subresource) throw notFound(r, name);
    const ctx = this.fieldContext(r, subresource);
    // A CRD's schema is complete (undeclared fields are refused); a built-in kind's here holds only merge keys.
    const typeErrors = configErrors(config, ctx.schema, r.schema !== undefined);
    if (typeErrors.length > 0) {
      const meta = config?.metadata;
      const ns = meta?.namespace ?? (r.namespaced ? namespace : '');
      const what = `(${ns}/${meta?.name ?? name}; ${r.group}/${r.version}, Kind=${r.kind})`;
      const detail = typeErrors.length === 1 ? typeErrors[0]! : `errors:\n  ${typeErrors.join('\n  ')}`;
      // The apiserver passes this error on as it is: a 500 without a reason.
      throw new ApiError({ code: 500, reason: '', message: `failed to create typed patch object ${what}: ${detail}` });
    }
    const live = current?.obj;
    const result = applyConfiguration(live ? managersOf(live) : [], live, patch, options.fieldManager, options.force === true, ctx);
    const internals: WriteInternals = { applied: true, managers: result.managers };
    const { force: _f, ...rest } = options;
    if (!current) {
      const obj = result.object as TrackedObject;
      const meta = (obj.metadata ??= {});
      meta.name ??= name;
      return this.create(r, namespace, obj, { ...rest, subresource: '' }, internals);
    }
    const sentRV = config?.metadata?.resourceVersion;
    if (typeof sentRV === 'string' && sentRV !== '' && sentRV !== current.obj.metadata?.resourceVersion) {
      throw conflict(r, name, 'the object has been modified; please apply your changes to the latest version and try again');
    }
    return this.replace(r, current, result.object as TrackedObject, rest, internals);
  }

  /**
   * Marks an object as being deleted without removing it (`deletionTimestamp`, then `mutate`): what the
   * apiserver does for kinds whose deletion a controller finishes, such as namespaces.
   */
  markDeleting(r: TrackerResource, namespace: string, name: string, mutate: (o: TrackedObject) => void = () => undefined): TrackedObject {
    const current = this.bucket(r).get(this.nsKey(r, namespace, name));
    if (!current) throw notFound(r, name);
    return this.mark(r, current, mutate);
  }

  /** Removes an object whatever its finalizers (the controller that owned its deletion has finished). */
  purge(r: TrackerResource, namespace: string, name: string): void {
    const current = this.bucket(r).get(this.nsKey(r, namespace, name));
    if (current) this.remove(r, current);
  }

  /** Sets deletionTimestamp (once), applies `mutate`, stores the result as a new version. */
  private mark(r: TrackerResource, current: Stored, mutate: (o: TrackedObject) => void): TrackedObject {
    const next = clone(current.obj);
    next.metadata!.deletionTimestamp ??= this.timestamp();
    mutate(next);
    next.metadata!.resourceVersion = this.nextRV();
    const old = current.obj;
    current.obj = next;
    this.notify(r, 'MODIFIED', next, old);
    return clone(next);
  }

  /** Takes a stored object out, with a DELETED event at a new resourceVersion; returns the final state. */
  private remove(r: TrackerResource, current: Stored): TrackedObject {
    const meta = current.obj.metadata!;
    this.bucket(r).delete(this.nsKey(r, meta.namespace ?? '', meta.name!));
    const gone = clone(current.obj);
    gone.metadata!.resourceVersion = this.nextRV();
    this.notify(r, 'DELETED', gone, current.obj);
    return gone;
  }

  /** Timestamps as the apiserver writes them: seconds precision, UTC. */
  private timestamp(): string {
    const seconds = Math.floor(this.now().getTime() / 1000);
    if (seconds !== this.lastSecond) {
      this.lastSecond = seconds;
      this.lastTimestamp = new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    return this.lastTimestamp;
  }
  private lastSecond = NaN;
  private lastTimestamp = '';

  delete(r: TrackerResource, namespace: string, name: string, options: TrackerDeleteOptions = {}): TrackedObject {
    const key = this.nsKey(r, namespace, name);
    const current = this.bucket(r).get(key);
    if (!current) throw notFound(r, name);
    const meta = current.obj.metadata!;
    const pre = options.preconditions;
    if (pre?.uid && pre.uid !== meta.uid) {
      throw conflict(r, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${meta.uid}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== meta.resourceVersion) {
      throw conflict(r, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${meta.resourceVersion}`);
    }
    if (options.dryRun) return clone(current.obj);
    const policy = options.propagationPolicy ?? 'Background';
    if (this.garbageCollection && policy !== 'Background') {
      // The apiserver marks the owner (deletionTimestamp plus the policy's finalizer); the garbage
      // collector then orphans or deletes the dependents and removes the finalizer.
      const finalizer = policy === 'Orphan' ? ORPHAN_FINALIZER : FOREGROUND_FINALIZER;
      const finalizers = meta.finalizers ?? [];
      if (meta.deletionTimestamp !== undefined && finalizers.includes(finalizer)) return clone(current.obj);
      return this.mark(r, current, (o) => {
        o.metadata!.finalizers = [...finalizers.filter((f) => f !== ORPHAN_FINALIZER && f !== FOREGROUND_FINALIZER), finalizer];
      });
    }
    if ((meta.finalizers ?? []).length > 0) {
      if (meta.deletionTimestamp !== undefined) return clone(current.obj);
      return this.mark(r, current, () => undefined);
    }
    return this.remove(r, current);
  }

  deleteCollection(
    r: TrackerResource,
    namespace: string,
    options: TrackerListOptions = {},
    dryRun = false,
    propagationPolicy?: PropagationPolicy,
  ): void {
    const list = this.list(r, namespace, { ...(options.labelSelector ? { labelSelector: options.labelSelector } : {}), ...(options.fieldSelector ? { fieldSelector: options.fieldSelector } : {}) });
    for (const o of (list['items'] as TrackedObject[])) {
      this.delete(r, o.metadata?.namespace ?? '', o.metadata!.name!, { dryRun, ...(propagationPolicy ? { propagationPolicy } : {}) });
    }
  }

  /**
   * Garbage collection through `metadata.ownerReferences`, as kube-controller-manager's garbage collector
   * does it; off by default (client-go's fake tracker has none), on in the test API server. Runs shortly
   * after the writes that can need it (a delete, an object with owner references, an owner marked for
   * orphan or foreground deletion), in rounds until nothing changes:
   * - an owner being deleted with `propagationPolicy: Orphan` loses its `orphan` finalizer once its
   *   dependents no longer reference it;
   * - an owner being deleted in the foreground has its dependents deleted (in the foreground themselves
   *   when they have dependents), and loses its `foregroundDeletion` finalizer once no dependent with
   *   `blockOwnerDeletion: true` is left;
   * - an object whose owners are all gone (no object with the reference's uid, in its namespace or
   *   cluster-scoped) is deleted in the background; one with a live owner only loses the dangling references.
   */
  garbageCollection = false;
  private gcTimer: ReturnType<typeof setTimeout> | undefined;

  private scheduleGc(): void {
    if (!this.garbageCollection || this.gcTimer !== undefined) return;
    this.gcTimer = setTimeout(() => {
      this.gcTimer = undefined;
      this.collectGarbage();
    }, 0);
    this.gcTimer.unref?.();
  }

  /** Runs the garbage collector now, until nothing is left to collect. */
  collectGarbage(): void {
    try {
      for (let round = 0; round < 10_000; round++) if (!this.gcRound()) return;
    } catch {
      // A write the collector could not make (an object its admission now refuses): leave it, as the
      // real collector leaves what it cannot delete; the next delete or owner change tries again.
    }
  }

  /** One change, if any is due; true when something changed (the indexes are then rebuilt). */
  private gcRound(): boolean {
    type Entry = { r: TrackerResource; stored: Stored };
    const byUid = new Map<string, Entry>();
    const dependents = new Map<string, Entry[]>();
    const entries: Entry[] = [];
    for (const r of this.resources_.values()) {
      for (const stored of this.bucket(r).values()) {
        const e = { r, stored };
        entries.push(e);
        const uid = stored.obj.metadata?.uid;
        if (uid) byUid.set(uid, e);
        for (const ref of ownerRefsOf(stored.obj)) {
          const list = dependents.get(ref.uid);
          if (list) list.push(e);
          else dependents.set(ref.uid, [e]);
        }
      }
    }
    const write = (e: Entry, change: (o: TrackedObject) => void): void => {
      const next = clone(e.stored.obj);
      change(next);
      this.replace(e.r, e.stored, next, { fieldManager: GC_MANAGER });
    };
    const dropFinalizer = (e: Entry, f: string): void =>
      write(e, (o) => {
        o.metadata!.finalizers = (o.metadata!.finalizers ?? []).filter((x) => x !== f);
      });
    for (const e of entries) {
      const meta = e.stored.obj.metadata!;
      if (meta.deletionTimestamp === undefined) continue;
      const finalizers = meta.finalizers ?? [];
      const deps = dependents.get(meta.uid!) ?? [];
      if (finalizers.includes(ORPHAN_FINALIZER)) {
        const dep = deps[0];
        if (dep) write(dep, (o) => setOwnerRefs(o, ownerRefsOf(o).filter((ref) => ref.uid !== meta.uid)));
        else dropFinalizer(e, ORPHAN_FINALIZER);
        return true;
      }
      if (finalizers.includes(FOREGROUND_FINALIZER)) {
        const live = deps.find((d) => d.stored.obj.metadata?.deletionTimestamp === undefined);
        if (live) {
          const m = live.stored.obj.metadata!;
          const policy: PropagationPolicy = (dependents.get(m.uid!) ?? []).length > 0 ? 'Foreground' : 'Background';
          this.delete(live.r, m.namespace ?? '', m.name!, { propagationPolicy: policy });
          return true;
        }
        const blocking = deps.some((d) => ownerRefsOf(d.stored.obj).some((ref) => ref.uid === meta.uid && ref.blockOwnerDeletion === true));
        if (!blocking) {
          dropFinalizer(e, FOREGROUND_FINALIZER);
          return true;
        }
      }
    }
    for (const e of entries) {
      const meta = e.stored.obj.metadata!;
      const refs = ownerRefsOf(e.stored.obj);
      if (refs.length === 0 || meta.deletionTimestamp !== undefined) continue;
      const live = (ref: OwnerRef): boolean => {
        const owner = byUid.get(ref.uid);
        if (!owner) return false;
        // A namespaced dependent's owner is in its namespace, or cluster-scoped.
        return !owner.r.namespaced || (owner.stored.obj.metadata?.namespace ?? '') === (meta.namespace ?? '');
      };
      const dangling = refs.filter((ref) => !live(ref));
      if (dangling.length === 0) continue;
      if (dangling.length === refs.length) {
        this.delete(e.r, meta.namespace ?? '', meta.name!, {});
      } else {
        write(e, (o) => setOwnerRefs(o, refs.filter((ref) => live(ref))));
      }
      return true;
    }
    return false;
  }

  /**
   * A watch with the apiserver's resourceVersion semantics: unset, '' or '0' starts with a synthetic
   * ADDED for every current object; a resourceVersion replays the retained events after it, or fails
   * with 410 Expired (as the first event, like the apiserver) when history no longer reaches back that
   * far; `sendInitialEvents` sends the current state then a bookmark annotated
   * `k8s.io/initial-events-end`. Objects entering or leaving a selector arrive as ADDED / DELETED.
   */
  watch(r: TrackerResource, namespace: string, options: TrackerWatchOptions = {}): TrackerWatch {
    checkFieldSelector(r, options.fieldSelector);
    const queue: (WatchEvent<TrackedObject> | { error: unknown })[] = [];
    let wake: (() => void) | undefined;
    let stopped = false;
    const push = (ev: WatchEvent<TrackedObject> | { error: unknown }): void => {
      queue.push(ev);
      const w = wake;
      wake = undefined;
      w?.();
    };
    const watcher: Watcher = {
      key: resourceKeyOf(r),
      namespace: r.namespaced ? namespace : '',
      options,
      push,
    };
    const rv = options.resourceVersion ?? '';
    const current = (): TrackedObject[] =>
      (this.list(r, namespace, { ...(options.labelSelector ? { labelSelector: options.labelSelector } : {}), ...(options.fieldSelector ? { fieldSelector: options.fieldSelector } : {}) })['items'] as TrackedObject[]);
    if (options.sendInitialEvents) {
      for (const o of current()) push({ type: 'ADDED', object: o });
      push({ type: 'BOOKMARK', object: this.bookmarkObject(r, { 'k8s.io/initial-events-end': 'true' }) });
    } else if (rv === '' || rv === '0') {
      for (const o of current()) push({ type: 'ADDED', object: o });
    } else {
      const n = Number(rv);
      if (!Number.isInteger(n) || n < 0) {
        throw new ApiError({ code: 400, reason: 'BadRequest', message: `invalid resource version: ${JSON.stringify(rv)}` });
      }
      if (n < this.compactedRV) {
        push({
          error: new ApiError({ code: 410, reason: 'Expired', message: `too old resource version: ${n} (${this.compactedRV + 1})` }),
        });
      } else {
        for (const ev of this.history) if (ev.rv > n && ev.key === watcher.key) this.deliver(watcher, ev);
      }
    }
    this.watchers.add(watcher);
    const stop = (): void => {
      stopped = true;
      this.watchers.delete(watcher);
      const w = wake;
      wake = undefined;
      w?.();
    };
    return {
      stop,
      bookmark: () => {
        if (!stopped) push({ type: 'BOOKMARK', object: this.bookmarkObject(r) });
      },
      stopped: () => stopped,
      async *[Symbol.asyncIterator](): AsyncIterator<WatchEvent<TrackedObject>> {
        try {
          for (;;) {
            if (stopped) return;
            const ev = queue.shift();
            if (ev) {
              if ('error' in ev) {
                if (ev.error === CLOSED) return;
                throw ev.error;
              }
              yield ev;
              continue;
            }
            await new Promise<void>((resolve) => (wake = resolve));
          }
        } finally {
          stop();
        }
      },
    };
  }

  /** A BOOKMARK object: only kind, apiVersion and the current resourceVersion. */
  private bookmarkObject(r: TrackerResource, annotations?: Record<string, string>): TrackedObject {
    const metadata: Record<string, unknown> = { resourceVersion: this.resourceVersion() };
    if (annotations) metadata['annotations'] = annotations;
    return { apiVersion: apiVersionOf(r), kind: r.kind, metadata } as TrackedObject;
  }

  /** Forgets the event history: watches from an older resourceVersion get 410 Expired. */
  compact(): void {
    this.history.length = 0;
    this.compactedRV = this.rv;
    this.listSnapshots.clear();
  }

  /** Ends every open watch (their iterators finish, as when the apiserver closes connections). */
  closeWatches(): void {
    for (const w of [...this.watchers]) w.push({ error: CLOSED });
  }

  private deliver(w: Watcher, ev: LoggedEvent): void {
    const obj = ev.obj;
    if (w.namespace !== '' && obj.metadata?.namespace !== w.namespace) return;
    const now = this.selected(obj, w.options);
    const before = ev.old !== undefined && this.selected(ev.old, w.options);
    // As the apiserver's watch cache: objects entering the selection arrive as ADDED, leaving as DELETED.
    let t: WatchEventType | undefined = ev.type;
    if (ev.type === 'MODIFIED') t = now && before ? 'MODIFIED' : now ? 'ADDED' : before ? 'DELETED' : undefined;
    else if (!now) t = undefined;
    if (t !== undefined) w.push({ type: t, object: clone(obj) });
  }

  private notify(r: TrackerResource, type: WatchEventType, obj: TrackedObject, old?: TrackedObject): void {
    if (this.garbageCollection && (type === 'DELETED' || ownerRefsOf(obj).length > 0 || obj.metadata?.deletionTimestamp !== undefined)) this.scheduleGc();
    const ev: LoggedEvent = { key: resourceKeyOf(r), rv: this.rv, type, obj: clone(obj), ...(old ? { old: clone(old) } : {}) };
    this.history.push(ev);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.historyLimit);
      this.compactedRV = dropped[dropped.length - 1]!.rv;
    }
    for (const w of this.watchers) if (w.key === ev.key) this.deliver(w, ev);
  }
}

/** Sentinel that ends a watch quietly. */
const CLOSED = Symbol('closed');

/** Reads a simple JSON path (`.spec.replicas`). */
function readPath(o: unknown, path: string): unknown {
  let cur = o;
  for (const p of path.replace(/^\./, '').split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

function writePath(o: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.replace(/^\./, '').split('.');
  let cur = o;
  for (const p of parts.slice(0, -1)) {
    const next = cur[p];
    if (typeof next !== 'object' || next === null) cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]!] = value;
}

function keyOf(o: TrackedObject): string {
  return `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function encodeContinue(key: string, rv: number): string {
  return Buffer.from(JSON.stringify({ v: 1, k: key, rv })).toString('base64url');
}

function decodeContinue(token: string): { k: string; rv: number } {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { k?: unknown; rv?: unknown };
    if (typeof parsed.k === 'string' && typeof parsed.rv === 'number') return { k: parsed.k, rv: parsed.rv };
  } catch {
    // fall through
  }
  throw badRequest(`invalid continue token ${JSON.stringify(token)}`);
}

function randomSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let s = '';
  for (let i = 0; i < 5; i++) s += alphabet[Math.floor(Math.random() * alphabet.length)];
  return s;
}
