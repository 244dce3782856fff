/**
 * Server-side apply and field ownership for the object tracker, as kube-apiserver's field manager does it
 * (k8s.io/apiserver's fieldmanager over sigs.k8s.io/structured-merge-diff v4):
 *
 * - every write records `metadata.managedFields`: one entry per manager, operation (`Apply` / `Update`),
 *   API version (Update only) and subresource, sorted as the apiserver sorts them (operation, time,
 *   manager, apiVersion, subresource), with `time` (RFC 3339, seconds) of the last change the entry made;
 * - an Update (create, PUT, merge or JSON patch, status) gives its manager the fields that changed,
 *   compared with the stored object, and takes them from every other manager; fields it removed leave
 *   every manager;
 * - an Apply merges the applied configuration into the object and gives its manager exactly the
 *   configuration's fields; a changed field another manager owns is a conflict (409, `FieldManagerConflict`
 *   causes) unless forced; the same value is shared; fields it applied before and omits now are removed
 *   unless another manager owns them (items of associative and set lists likewise);
 * - merge semantics come from the schema: `x-kubernetes-list-type` (atomic, the default; set; map with
 *   `x-kubernetes-list-map-keys`), `x-kubernetes-map-type` (granular, the default; atomic), ObjectMeta's
 *   own rules (labels and annotations granular, finalizers a set, ownerReferences a map keyed by uid),
 *   and the merge keys of the built-in kinds the test API server serves. Without a schema, objects are
 *   granular structs (as the typed schemas of real kinds make most objects) and lists atomic.
 *
 * Field sets are tries keyed by FieldsV1 path elements (`f:name`, `k:{"name":"a"}`, `v:"x"`).
 */
import { ApiError } from '../rest/errors.js';
import { isObj, jsonEqual, type Obj } from '../util/json.js';

/** The parts of an OpenAPI v3 schema (a CRD's structural schema) that decide how values merge. */
export interface MergeSchema {
  type?: string;
  properties?: Record<string, MergeSchema>;
  additionalProperties?: MergeSchema | boolean;
  items?: MergeSchema;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
}

/** metav1.ManagedFieldsEntry as it is stored and served. */
export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: Record<string, unknown>;
  subresource?: string;
}


/** A set of field paths: a trie whose edges are FieldsV1 path elements. */
export class FieldSet {
  /** The path ending here is in the set. */
  member = false;
  children: Map<string, FieldSet> | undefined;

  child(pe: string): FieldSet {
    const c = (this.children ??= new Map());
    let n = c.get(pe);
    if (!n) c.set(pe, (n = new FieldSet()));
    return n;
  }

  get(pe: string): FieldSet | undefined {
    return this.children?.get(pe);
  }

  empty(): boolean {
    if (this.member) return false;
    if (this.children) for (const c of this.children.values()) if (!c.empty()) return false;
    return true;
  }

  insert(path: readonly string[]): void {
    let n: FieldSet = this;
    for (const pe of path) n = n.child(pe);
    n.member = true;
  }

  clone(): FieldSet {
    const out = new FieldSet();
    out.member = this.member;
    if (this.children) out.children = new Map([...this.children].map(([pe, c]) => [pe, c.clone()]));
    return out;
  }

  /** Every path of the set (members), in FieldsV1 order. */
  paths(): string[][] {
    const out: string[][] = [];
    const walk = (n: FieldSet, path: string[]): void => {
      if (n.member) out.push([...path]);
      for (const pe of sortedKeys(n.children)) {
        path.push(pe);
        walk(n.children!.get(pe)!, path);
        path.pop();
      }
    };
    walk(this, []);
    return out;
  }
}

/** a ∪ b (new set). */
export function union(a: FieldSet, b: FieldSet): FieldSet {
  const out = a.clone();
  const add = (into: FieldSet, from: FieldSet): void => {
    if (from.member) into.member = true;
    if (from.children) for (const [pe, c] of from.children) add(into.child(pe), c);
  };
  add(out, b);
  return out;
}

/** The paths of a that are not paths of b (b's members only; descendants of b's members stay); undefined when empty. */
export function difference(a: FieldSet, b: FieldSet): FieldSet | undefined {
  const out = new FieldSet();
  out.member = a.member && !b.member;
  if (a.children) {
    for (const [pe, c] of a.children) {
      const bc = b.get(pe);
      const d = bc ? difference(c, bc) : c;
      if (d && !d.empty()) (out.children ??= new Map()).set(pe, d);
    }
  }
  return out.empty() ? undefined : out;
}

/** The paths of a that are neither paths of b nor under one of b's members. */
export function recursiveDifference(a: FieldSet, b: FieldSet): FieldSet | undefined {
  if (b.member) return undefined;
  const out = new FieldSet();
  out.member = a.member;
  if (a.children) {
    for (const [pe, c] of a.children) {
      const bc = b.get(pe);
      const d = bc ? recursiveDifference(c, bc) : c;
      if (d && !d.empty()) (out.children ??= new Map()).set(pe, d);
    }
  }
  return out.empty() ? undefined : out;
}

/** Whether every path of b is a path of a. */
export function covers(a: FieldSet, b: FieldSet): boolean {
  if (b.member && !a.member) return false;
  if (b.children) {
    for (const [pe, c] of b.children) {
      const ac = a.get(pe);
      if (ac ? !covers(ac, c) : !c.empty()) return false;
    }
  }
  return true;
}

/** The paths in both. */
export function intersection(a: FieldSet, b: FieldSet): FieldSet | undefined {
  const out = new FieldSet();
  out.member = a.member && b.member;
  if (a.children && b.children) {
    for (const [pe, c] of a.children) {
      const bc = b.get(pe);
      if (!bc) continue;
      const i = intersection(c, bc);
      if (i) (out.children ??= new Map()).set(pe, i);
    }
  }
  return out.empty() ? undefined : out;
}

// ---- FieldsV1 ------------------------------------------------------------------------------------------

const RANK: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

/** structured-merge-diff's value order: numbers, strings, booleans, then the rest (lists, maps), null last. */
function compareValues(a: unknown, b: unknown): number {
  const rank = (v: unknown): number => (typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : typeof v === 'boolean' ? 2 : v === null ? 5 : Array.isArray(v) ? 3 : 4);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' || typeof a === 'string') return a < (b as typeof a) ? -1 : a > (b as typeof a) ? 1 : 0;
  if (typeof a === 'boolean') return Number(a) - Number(b);
  const sa = JSON.stringify(a);
  const sb = JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Path-element order of structured-merge-diff: field names, then keys, values, indexes. */
function comparePathElements(a: string, b: string): number {
  const ra = RANK[a[0]!] ?? 9;
  const rb = RANK[b[0]!] ?? 9;
  if (ra !== rb) return ra - rb;
  const ta = a.slice(2);
  const tb = b.slice(2);
  switch (a[0]) {
    case 'f':
      return ta < tb ? -1 : ta > tb ? 1 : 0;
    case 'i':
      return Number(ta) - Number(tb);
    case 'v':
      return compareValues(JSON.parse(ta), JSON.parse(tb));
    default: {
      // Keys: field by field, name then value.
      const ka = Object.entries(JSON.parse(ta) as Obj);
      const kb = Object.entries(JSON.parse(tb) as Obj);
      for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
        const [na, va] = ka[i]!;
        const [nb, vb] = kb[i]!;
        if (na !== nb) return na < nb ? -1 : 1;
        const c = compareValues(va, vb);
        if (c !== 0) return c;
      }
      return ka.length - kb.length;
    }
  }
}

function sortedKeys(m: Map<string, FieldSet> | undefined): string[] {
  if (!m) return [];
  return [...m.keys()].sort(comparePathElements);
}

/** The FieldsV1 encoding of a set (`.` marks a member that also has children). */
export function toFieldsV1(s: FieldSet): Record<string, unknown> {
  const enc = (n: FieldSet, self: boolean): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    const keys = sortedKeys(n.children).filter((pe) => !n.children!.get(pe)!.empty());
    if (self && keys.length > 0) out['.'] = {};
    for (const pe of keys) {
      const c = n.children!.get(pe)!;
      out[pe] = enc(c, c.member);
    }
    return out;
  };
  return enc(s, false);
}

/** Decodes FieldsV1; throws on a malformed trie. */
export function fromFieldsV1(v: unknown): FieldSet {
  const dec = (node: unknown, into: FieldSet, depth: number): void => {
    if (!isObj(node)) throw new Error('a FieldsV1 node must be an object');
    const keys = Object.keys(node);
    if (depth > 0 && keys.length === 0) into.member = true;
    for (const k of keys) {
      if (k === '.') {
        into.member = true;
        continue;
      }
      const p = k[0];
      if (k[1] !== ':' || (p !== 'f' && p !== 'k' && p !== 'v' && p !== 'i')) throw new Error(`unknown path element ${JSON.stringify(k)}`);
      if (p === 'k' || p === 'v') JSON.parse(k.slice(2));
      dec(node[k], into.child(k), depth + 1);
    }
  };
  const out = new FieldSet();
  dec(v, out, 0);
  return out;
}

/** A path as structured-merge-diff prints it: `.spec.containers[name="a"].image`, `[="x"]`, `[0]`. */
export function pathString(path: readonly string[]): string {
  let s = '';
  for (const pe of path) {
    const t = pe.slice(2);
    switch (pe[0]) {
      case 'f':
        s += '.' + t;
        break;
      case 'k':
        s += '[' + Object.entries(JSON.parse(t) as Obj).map(([k, v]) => `${k}=${printValue(v)}`).join(',') + ']';
        break;
      case 'v':
        s += `[=${printValue(JSON.parse(t))}]`;
        break;
      default:
        s += `[${t}]`;
    }
  }
  return s;
}

function printValue(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : v === null ? 'null' : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

// ---- schemas -------------------------------------------------------------------------------------------

const STRING: MergeSchema = { type: 'string' };
const STRING_MAP: MergeSchema = { type: 'object', additionalProperties: STRING };
const ATOMIC_OBJECT: MergeSchema = { type: 'object', 'x-kubernetes-map-type': 'atomic' };
const listMap = (keys: string[], items: MergeSchema = { type: 'object' }): MergeSchema => ({
  type: 'array',
  'x-kubernetes-list-type': 'map',
  'x-kubernetes-list-map-keys': keys,
  items,
});

/** ObjectMeta's merge rules (the apiserver's own, whatever a CRD's schema says about metadata). */
export const OBJECT_META: MergeSchema = {
  type: 'object',
  properties: {
    name: STRING,
    generateName: STRING,
    namespace: STRING,
    selfLink: STRING,
    uid: STRING,
    resourceVersion: STRING,
    generation: { type: 'integer' },
    creationTimestamp: STRING,
    deletionTimestamp: STRING,
    deletionGracePeriodSeconds: { type: 'integer' },
    labels: STRING_MAP,
    annotations: STRING_MAP,
    ownerReferences: listMap(['uid'], {
      type: 'object',
      properties: { apiVersion: STRING, kind: STRING, name: STRING, uid: STRING, controller: { type: 'boolean' }, blockOwnerDeletion: { type: 'boolean' } },
    }),
    finalizers: { type: 'array', 'x-kubernetes-list-type': 'set', items: STRING },
    managedFields: { type: 'array' },
  },
};

const CONDITIONS = listMap(['type']);

const CONTAINER: MergeSchema = {
  type: 'object',
  properties: {
    ports: listMap(['containerPort', 'protocol']),
    env: listMap(['name']),
    volumeMounts: listMap(['mountPath']),
    volumeDevices: listMap(['devicePath']),
    resizePolicy: listMap(['resourceName']),
  },
};

/** core/v1 PodSpec's associative lists. */
const POD_SPEC: MergeSchema = {
  type: 'object',
  properties: {
    containers: listMap(['name'], CONTAINER),
    initContainers: listMap(['name'], CONTAINER),
    ephemeralContainers: listMap(['name'], CONTAINER),
    volumes: listMap(['name']),
    imagePullSecrets: listMap(['name']),
    hostAliases: listMap(['ip']),
    topologySpreadConstraints: listMap(['topologyKey', 'whenUnsatisfiable']),
    resourceClaims: listMap(['name']),
    schedulingGates: listMap(['name']),
  },
};

/** The merge keys of the built-in kinds the test API server serves (group/Kind). */
const BUILTIN_SCHEMAS: Record<string, MergeSchema> = {
  'apps/Deployment': {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          selector: ATOMIC_OBJECT,
          template: { type: 'object', properties: { metadata: OBJECT_META, spec: POD_SPEC } },
        },
      },
      status: { type: 'object', properties: { conditions: CONDITIONS } },
    },
  },
  '/Namespace': { type: 'object', properties: { status: { type: 'object', properties: { conditions: CONDITIONS } } } },
  'apiextensions.k8s.io/CustomResourceDefinition': {
    type: 'object',
    properties: {
      spec: { type: 'object', properties: { versions: listMap(['name']) } },
      status: { type: 'object', properties: { conditions: CONDITIONS } },
    },
  },
};

/** The merge schema of a built-in kind (undefined: deduced everywhere but metadata). */
export function builtinMergeSchema(group: string, kind: string): MergeSchema | undefined {
  return BUILTIN_SCHEMAS[`${group}/${kind}`];
}

/**
 * Whether `key` of an object is a map key (a member of the field set on its own) rather than a named
 * struct field: only where the schema says the object is a map (additionalProperties, preserved unknown
 * fields). Objects without a schema are taken as structs, as the typed schemas of real kinds make them.
 */
function isMapKey(s: MergeSchema | undefined, key: string): boolean {
  if (!s || s.properties?.[key]) return false;
  return (s.additionalProperties !== undefined && s.additionalProperties !== false) || s['x-kubernetes-preserve-unknown-fields'] === true;
}

function fieldSchema(s: MergeSchema | undefined, key: string): MergeSchema | undefined {
  if (!s) return undefined;
  const p = s.properties?.[key];
  if (p) return p;
  return isObj(s.additionalProperties) ? (s.additionalProperties as MergeSchema) : undefined;
}

const DEDUCED_ROOT: MergeSchema = { type: 'object', properties: { metadata: OBJECT_META } };
const rootSchemas = new WeakMap<MergeSchema, MergeSchema>();

/** The root schema with ObjectMeta's rules for metadata (cached per schema). */
function withMeta(s: MergeSchema | undefined): MergeSchema {
  if (!s) return DEDUCED_ROOT;
  let out = rootSchemas.get(s);
  if (!out) rootSchemas.set(s, (out = { ...s, type: 'object', properties: { ...(s.properties ?? {}), metadata: OBJECT_META } }));
  return out;
}

type Kind = 'leaf' | 'map' | 'set' | 'assoc';

function kindOf(s: MergeSchema | undefined, v: unknown): Kind {
  if (Array.isArray(v)) {
    const lt = s?.['x-kubernetes-list-type'];
    if (lt === 'set') return 'set';
    if (lt === 'map' && (s?.['x-kubernetes-list-map-keys']?.length ?? 0) > 0) return 'assoc';
    return 'leaf';
  }
  if (isObj(v)) return s?.['x-kubernetes-map-type'] === 'atomic' ? 'leaf' : 'map';
  return 'leaf';
}

/** The path element of a list item: `k:{…}` (keys sorted) or `v:<json>`. */
function itemElement(kind: Kind, s: MergeSchema | undefined, item: unknown): string {
  if (kind === 'set') return 'v:' + JSON.stringify(item);
  const keys = [...(s?.['x-kubernetes-list-map-keys'] ?? [])].sort();
  const k: Obj = {};
  if (isObj(item)) for (const key of keys) if (item[key] !== undefined) k[key] = item[key];
  return 'k:' + JSON.stringify(k);
}

// ---- field sets of values ------------------------------------------------------------------------------

/** The fields of a value (an applied configuration): structured-merge-diff's ToFieldSet. */
export function fieldSetOf(value: unknown, schema: MergeSchema | undefined): FieldSet {
  const out = new FieldSet();
  const walk = (v: unknown, s: MergeSchema | undefined, node: FieldSet): void => {
    const kind = kindOf(s, v);
    if (kind === 'leaf') {
      node.member = true;
      return;
    }
    if (kind === 'map') {
      for (const [key, child] of Object.entries(v as Obj)) {
        if (child === undefined) continue;
        const n = node.child('f:' + key);
        walk(child, fieldSchema(s, key), n);
        // Map entries are members; struct fields only when they hold no fields.
        if (child === null || (isObj(child) && Object.keys(child).length === 0) || isMapKey(s, key)) n.member = true;
      }
      return;
    }
    for (const item of v as unknown[]) {
      const n = node.child(itemElement(kind, s, item));
      if (kind === 'assoc') walk(item, s?.items, n);
      n.member = true;
    }
  };
  walk(value, schema, out);
  return out;
}

/** What changed from lhs to rhs: Added ∪ Modified, and Removed (structured-merge-diff's Compare). */
export function compare(lhs: unknown, rhs: unknown, schema: MergeSchema | undefined): { changed: FieldSet; removed: FieldSet } {
  const changed = new FieldSet();
  const removed = new FieldSet();
  // The path walked: map keys raw (`field` true) and list items as path elements, turned into path
  // elements only when something is recorded (this walk runs on every write).
  const path: string[] = [];
  const field: boolean[] = [];
  const record = (into: FieldSet): void => {
    let n = into;
    for (let i = 0; i < path.length; i++) n = n.child(field[i] ? 'f:' + path[i]! : path[i]!);
    n.member = true;
  };
  const isEmpty = (v: unknown): boolean => {
    if (v === undefined || v === null) return true;
    if (Array.isArray(v)) return v.length === 0;
    if (typeof v !== 'object') return false;
    for (const _ in v as Obj) return false;
    return true;
  };
  const walk = (l: unknown, r: unknown, s: MergeSchema | undefined): void => {
    if (l === r) return;
    const lk = l === undefined ? undefined : kindOf(s, l);
    const rk = r === undefined ? undefined : kindOf(s, r);
    const kind = lk ?? rk!;
    if (kind === 'leaf' || (lk !== undefined && rk !== undefined && lk !== rk) || (isEmpty(l) && isEmpty(r))) {
      if (l === undefined) record(changed);
      else if (r === undefined) record(removed);
      else if (!jsonEqual(l, r)) record(changed);
      return;
    }
    if (kind === 'map') {
      const lo = l as Obj | undefined;
      const ro = r as Obj | undefined;
      // ObjectMeta's managedFields is bookkeeping, not a field.
      const meta = s === OBJECT_META;
      if (lo) {
        for (const key in lo) {
          if (meta && key === 'managedFields') continue;
          path.push(key);
          field.push(true);
          walk(lo[key], ro?.[key], fieldSchema(s, key));
          path.pop();
          field.pop();
        }
      }
      if (ro) {
        for (const key in ro) {
          if ((lo && key in lo) || (meta && key === 'managedFields')) continue;
          path.push(key);
          field.push(true);
          walk(undefined, ro[key], fieldSchema(s, key));
          path.pop();
          field.pop();
        }
      }
    } else {
      const items = (list: unknown): Map<string, unknown> => {
        const m = new Map<string, unknown>();
        for (const item of (list ?? []) as unknown[]) m.set(itemElement(kind, s, item), item);
        return m;
      };
      const li = items(l);
      const ri = items(r);
      for (const [pe, item] of li) {
        path.push(pe);
        field.push(false);
        if (kind === 'set') {
          if (!ri.has(pe)) record(removed);
        } else walk(item, ri.get(pe), s?.items);
        path.pop();
        field.pop();
      }
      for (const [pe, item] of ri) {
        if (li.has(pe)) continue;
        path.push(pe);
        field.push(false);
        if (kind === 'set') record(changed);
        else walk(undefined, item, s?.items);
        path.pop();
        field.pop();
      }
    }
    if (l === undefined) record(changed);
    else if (r === undefined) record(removed);
  };
  walk(lhs, rhs, schema);
  return { changed, removed };
}

/**
 * Merges an applied configuration into the live object (structured-merge-diff's Merge): maps by key,
 * associative and set lists by item, keeping the live order of items and inserting new ones where the
 * configuration places them; atomic values are replaced.
 */
export function merge(lhs: unknown, rhs: unknown, schema: MergeSchema | undefined): unknown {
  if (rhs === undefined) return lhs;
  if (lhs === undefined) return rhs;
  const kind = kindOf(schema, rhs);
  if (kind === 'leaf' || kindOf(schema, lhs) !== kind) return rhs;
  if (kind === 'map') {
    const out: Obj = { ...(lhs as Obj) };
    for (const [key, v] of Object.entries(rhs as Obj)) out[key] = merge(out[key], v, fieldSchema(schema, key));
    return out;
  }
  const pe = (item: unknown): string => itemElement(kind, schema, item);
  const lItems = lhs as unknown[];
  const rItems = rhs as unknown[];
  const lPEs = lItems.map(pe);
  const rPEs = rItems.map(pe);
  const lByPE = new Map<string, unknown>();
  lPEs.forEach((p, i) => lByPE.set(p, lItems[i]));
  const rByPE = new Map<string, unknown>();
  rPEs.forEach((p, i) => rByPE.set(p, rItems[i]));
  const item = (p: string): unknown => (kind === 'set' ? rByPE.get(p) ?? lByPE.get(p) : merge(lByPE.get(p), rByPE.get(p), schema?.items));
  // Items both sides have, in the configuration's order: each round waits for the next of them.
  const shared = rPEs.filter((p) => lByPE.has(p));
  let next = 0;
  const done = new Set<string>();
  const out: unknown[] = [];
  let li = 0;
  let ri = 0;
  while (li < lPEs.length || ri < rPEs.length) {
    if (li < lPEs.length && ri < rPEs.length) {
      const lp = lPEs[li]!;
      if (lp === rPEs[ri]) {
        done.add(lp);
        out.push(item(lp));
        li++;
        ri++;
        next = shared.indexOf(lp, next) + 1;
        continue;
      }
      if (rByPE.has(lp) && next < shared.length && shared[next] !== lp) {
        li++;
        continue;
      }
    }
    if (li < lPEs.length) {
      const lp = lPEs[li]!;
      if (!rByPE.has(lp)) {
        out.push(lItems[li]);
        li++;
        continue;
      }
      if (done.has(lp)) {
        li++;
        continue;
      }
    }
    if (ri < rPEs.length) {
      const rp = rPEs[ri]!;
      if (!done.has(rp)) {
        done.add(rp);
        out.push(item(rp));
      }
      ri++;
      if (next < shared.length && shared[next] === rp) next++;
    }
  }
  return out;
}

/**
 * Removes from `value` what the applier applied before (`last`) and nobody owns now (`owned`: every
 * manager's fields, the applier's new configuration included), subtrees whole; apiVersion, kind and
 * metadata itself always stay. As structured-merge-diff's prune (EnsureNamedFieldsAreMembers), a struct
 * field is owned when anything under it is, a map key or list item only when it is itself a member: an
 * item whose only other owner changed one of its fields goes with the applier that created it.
 */
function prune(value: unknown, last: FieldSet, owned: FieldSet | undefined, s: MergeSchema | undefined, root: boolean): unknown {
  if (!last.children) return value;
  const kind = kindOf(s, value);
  if (kind === 'map') {
    const o = value as Obj;
    for (const [pe, lastChild] of last.children) {
      if (pe[0] !== 'f') continue;
      const key = pe.slice(2);
      if (!(key in o)) continue;
      const ownedChild = owned?.get(pe);
      const keep = root && (key === 'metadata' || key === 'apiVersion' || key === 'kind');
      const ownedHere = ownedChild !== undefined && (ownedChild.member || (!isMapKey(s, key) && !ownedChild.empty()));
      if (!ownedHere && !keep) {
        delete o[key];
        continue;
      }
      o[key] = prune(o[key], lastChild, ownedChild, fieldSchema(s, key), false);
    }
    return o;
  }
  if (kind === 'set' || kind === 'assoc') {
    const out: unknown[] = [];
    for (const item of value as unknown[]) {
      const pe = itemElement(kind, s, item);
      const lastChild = last.get(pe);
      if (!lastChild) {
        out.push(item);
        continue;
      }
      const ownedChild = owned?.get(pe);
      if (!ownedChild?.member) continue;
      out.push(kind === 'assoc' ? prune(item, lastChild, ownedChild, s?.items, false) : item);
    }
    return out;
  }
  return value;
}

// ---- managers ------------------------------------------------------------------------------------------

/** One decoded managed-fields entry. */
export interface Manager {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource: string;
  time: string | undefined;
  set: FieldSet;
  /** The stored FieldsV1 while the set is unchanged (re-encoding is skipped). */
  encoded: Record<string, unknown> | undefined;
}

/** The identity of an entry: Update entries per API version, Apply entries across versions. */
function identity(m: Pick<Manager, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  return `${m.operation}\u0000${m.manager}\u0000${m.operation === 'Update' ? m.apiVersion : ''}\u0000${m.subresource}`;
}

/**
 * Decodes `metadata.managedFields` (undefined when malformed: an unknown operation or fieldsType, a
 * FieldsV1 that does not parse, a duplicate entry).
 */
export function decodeManagedFields(entries: unknown): Manager[] | undefined {
  if (entries === undefined || entries === null) return [];
  if (!Array.isArray(entries)) return undefined;
  const out: Manager[] = [];
  const seen = new Set<string>();
  for (const e of entries as unknown[]) {
    if (!isObj(e)) return undefined;
    const op = e['operation'];
    if (op !== 'Apply' && op !== 'Update') return undefined;
    if (e['fieldsType'] !== 'FieldsV1') return undefined;
    let set: FieldSet;
    try {
      set = fromFieldsV1(e['fieldsV1'] ?? {});
    } catch {
      return undefined;
    }
    const m: Manager = {
      manager: typeof e['manager'] === 'string' ? e['manager'] : '',
      operation: op,
      apiVersion: typeof e['apiVersion'] === 'string' ? e['apiVersion'] : '',
      subresource: typeof e['subresource'] === 'string' ? e['subresource'] : '',
      time: typeof e['time'] === 'string' ? e['time'] : undefined,
      set,
      encoded: isObj(e['fieldsV1']) ? (e['fieldsV1'] as Record<string, unknown>) : undefined,
    };
    const id = identity(m);
    if (seen.has(id)) return undefined;
    seen.add(id);
    out.push(m);
  }
  return out;
}

/** The apiserver's order: operation (Apply first), time, manager, apiVersion, subresource. */
function sortManagers(ms: Manager[]): Manager[] {
  if (ms.length < 2) return ms;
  const secs = new Map<Manager, number>();
  for (const m of ms) secs.set(m, m.time === undefined ? 0 : Math.floor(Date.parse(m.time) / 1000));
  return ms.sort((p, q) => {
    if (p.operation !== q.operation) return p.operation < q.operation ? -1 : 1;
    const d = secs.get(p)! - secs.get(q)!;
    if (d !== 0) return d;
    if (p.manager !== q.manager) return p.manager < q.manager ? -1 : 1;
    if (p.apiVersion !== q.apiVersion) return p.apiVersion < q.apiVersion ? -1 : 1;
    return p.subresource < q.subresource ? -1 : p.subresource > q.subresource ? 1 : 0;
  });
}

/** `metadata.managedFields` of decoded entries (omitempty as the apiserver encodes them). */
export function encodeManagedFields(ms: readonly Manager[]): ManagedFieldsEntry[] {
  return sortManagers([...ms]).map((m) => {
    const e: ManagedFieldsEntry = {};
    if (m.manager !== '') e.manager = m.manager;
    e.operation = m.operation;
    if (m.apiVersion !== '') e.apiVersion = m.apiVersion;
    if (m.time !== undefined) e.time = m.time;
    e.fieldsType = 'FieldsV1';
    e.fieldsV1 = (m.encoded ??= toFieldsV1(m.set));
    if (m.subresource !== '') e.subresource = m.subresource;
    return e;
  });
}

/** Fields the apiserver never tracks (its stripMetaManager): removed path by path. */
const STRIPPED: FieldSet = (() => {
  const s = new FieldSet();
  s.insert(['f:apiVersion']);
  s.insert(['f:kind']);
  s.insert(['f:metadata']);
  for (const f of ['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion']) {
    s.insert(['f:metadata', 'f:' + f]);
  }
  return s;
})();

/** How a write is tracked. */
export interface FieldManagerContext {
  /** The resource's merge schema (a CRD version's openAPIV3Schema, a built-in kind's merge keys). */
  schema: MergeSchema | undefined;
  apiVersion: string;
  /** '' (the main resource), `status`, `scale`. */
  subresource: string;
  /** The main resource ignores status (and status ignores the rest) when the status subresource exists. */
  statusSubresource: boolean;
  /** RFC 3339 (seconds) time of the write. */
  now: string;
}

function resetFields(ctx: FieldManagerContext): FieldSet | undefined {
  if (!ctx.statusSubresource) return undefined;
  const s = new FieldSet();
  if (ctx.subresource === '') s.insert(['f:status']);
  else if (ctx.subresource === 'status') s.insert(['f:spec']);
  return s;
}

/** Tracked fields of a set: server-owned metadata removed, and what the endpoint resets. */
function tracked(set: FieldSet | undefined, ctx: FieldManagerContext): FieldSet | undefined {
  if (!set) return undefined;
  let out = difference(set, STRIPPED);
  const reset = resetFields(ctx);
  if (out && reset) out = recursiveDifference(out, reset);
  if (out && ctx.subresource === 'status') {
    // The status endpoint writes status only: that is all its manager can own.
    const status = out.get('f:status');
    if (!status) return undefined;
    out = new FieldSet();
    out.children = new Map([['f:status', status]]);
  }
  return out;
}

function withoutManagedFields(o: unknown): Obj {
  if (!isObj(o)) return {};
  const m = o['metadata'];
  if (!isObj(m) || !('managedFields' in m)) return o;
  const { managedFields: _mf, ...meta } = m;
  return { ...o, metadata: meta };
}

/** Whether a client's managedFields asks for a reset: an empty list, or one empty entry. */
export function isResetManagedFields(v: unknown): boolean {
  if (!Array.isArray(v)) return false;
  return v.length === 0 || (v.length === 1 && isObj(v[0]) && Object.keys(v[0]).length === 0);
}

const MAX_UPDATE_MANAGERS = 10;
const ANCIENT_CHANGES = 'ancient-changes';

/** At most ten Update entries: the oldest are merged into `ancient-changes` (the apiserver's capManagersManager). */
function capUpdaters(ms: Manager[]): Manager[] {
  const updaters = ms.filter((m) => m.operation === 'Update');
  if (updaters.length <= MAX_UPDATE_MANAGERS) return ms;
  const seconds = (t: string | undefined): number => (t === undefined ? 0 : Math.floor(Date.parse(t) / 1000));
  updaters.sort((a, b) => seconds(a.time) - seconds(b.time) || (a.manager < b.manager ? -1 : a.manager > b.manager ? 1 : 0));
  const gone = new Set<Manager>();
  const firstByVersion = new Map<string, Manager>();
  const bucketByVersion = new Map<string, Manager>();
  let count = updaters.length;
  for (const m of updaters) {
    if (count <= MAX_UPDATE_MANAGERS) break;
    const first = firstByVersion.get(m.apiVersion);
    if (!first) {
      firstByVersion.set(m.apiVersion, m);
      continue;
    }
    let bucket = bucketByVersion.get(m.apiVersion);
    if (!bucket) {
      bucket = { ...first, manager: ANCIENT_CHANGES, subresource: '', encoded: undefined };
      bucketByVersion.set(m.apiVersion, bucket);
      gone.add(first);
    }
    bucket.set = union(bucket.set, m.set);
    bucket.encoded = undefined;
    bucket.time = m.time;
    gone.add(m);
    count--;
  }
  const out = ms.filter((m) => !gone.has(m));
  out.push(...bucketByVersion.values());
  return out;
}

/**
 * The managed fields after an Update-style write (create, PUT, merge/JSON patch, status, scale) of `next`
 * over `old` (`undefined` for a create) by `manager`. `requested` is the managedFields the client sent in
 * the object (ignored on subresources). Returns undefined when the object is not tracked: a write to an
 * object without managed fields (created before field tracking, or reset) stays untracked until an apply.
 */
export function updateManagedFields(
  live: Manager[],
  liveRaw: unknown,
  requested: unknown,
  old: unknown,
  next: unknown,
  manager: string,
  ctx: FieldManagerContext,
): Manager[] | undefined {
  let base = live;
  if (ctx.subresource === '' && requested !== undefined && !jsonEqual(requested, liveRaw)) {
    if (isResetManagedFields(requested)) base = [];
    else {
      // Entries the client wrote replace the stored ones, unless malformed or empty (clients that do
      // not know managedFields must not lose them).
      const decoded = decodeManagedFields(requested);
      if (decoded !== undefined && decoded.length > 0) base = decoded;
    }
  }
  if (base.length === 0 && old !== undefined) return undefined;
  const schema = withMeta(ctx.schema);
  const diff = compare(old ?? {}, next, schema);
  const reset = resetFields(ctx);
  const changed = tracked(diff.changed, ctx);
  let removed: FieldSet | undefined = diff.removed;
  if (removed && reset) removed = recursiveDifference(removed, reset);
  if (!changed && (!removed || removed.empty())) return base;
  const id = identity({ manager, operation: 'Update', apiVersion: ctx.apiVersion, subresource: ctx.subresource });
  if (changed && (!removed || removed.empty())) {
    // The common controller write: fields the writer alone already owns changed. Only its time moves.
    const i = base.findIndex((m) => identity(m) === id);
    const own = base[i];
    if (own && covers(own.set, changed) && base.every((m, j) => j === i || !intersection(m.set, changed))) {
      if (own.time === ctx.now) return base;
      const out = base.slice();
      out[i] = { ...own, time: ctx.now };
      return out;
    }
  }
  const out: Manager[] = [];
  for (const m of base) {
    let set: FieldSet | undefined = m.set;
    if (changed) set = difference(set, changed);
    if (set && removed) set = difference(set, removed);
    if (!set) continue;
    out.push(set === m.set ? m : { ...m, set, encoded: undefined });
  }
  if (changed) {
    const i = out.findIndex((m) => identity(m) === id);
    const prev = i >= 0 ? out.splice(i, 1)[0]! : undefined;
    out.push({
      manager,
      operation: 'Update',
      apiVersion: ctx.apiVersion,
      subresource: ctx.subresource,
      time: ctx.now,
      set: prev ? union(prev.set, changed) : changed,
      encoded: undefined,
    });
  }
  return capUpdaters(out);
}

/** One field another manager owns with a different value. */
export interface ApplyConflict {
  manager: Manager;
  path: string[];
}

/** The 409 Conflict of an apply, worded as the apiserver words it. */
export function conflictError(conflicts: readonly ApplyConflict[]): ApiError {
  const who = (m: Manager): string => {
    let s = JSON.stringify(m.manager);
    if (m.subresource !== '') s += ` with subresource ${JSON.stringify(m.subresource)}`;
    if (m.operation === 'Update') s += ` using ${m.apiVersion}`;
    return s;
  };
  let message: string;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${who(conflicts[0]!.manager)}: ${pathString(conflicts[0]!.path)}`;
  } else {
    const byManager = new Map<string, ApplyConflict[]>();
    for (const c of conflicts) {
      const k = who(c.manager);
      (byManager.get(k) ?? byManager.set(k, []).get(k)!).push(c);
    }
    const lines: string[] = [];
    for (const k of [...byManager.keys()].sort()) {
      lines.push(`conflicts with ${k}:`);
      for (const c of byManager.get(k)!) lines.push(`- ${pathString(c.path)}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new ApiError({
    code: 409,
    reason: 'Conflict',
    message,
    details: { causes: conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${who(c.manager)}`, field: pathString(c.path) })) },
  });
}

/**
 * What structured-merge-diff refuses when it types an applied configuration: duplicate items of set and
 * associative lists and, where the schema is a CRD's complete structural schema (`strict`), fields it does
 * not declare (ObjectMeta excepted: the apiserver checks metadata itself). Paths as it prints them.
 */
export function configErrors(config: unknown, schema: MergeSchema | undefined, strict: boolean): string[] {
  const errors: string[] = [];
  const path: string[] = [];
  const walk = (v: unknown, s: MergeSchema | undefined, strictHere: boolean, root: boolean): void => {
    const kind = kindOf(s, v);
    if (kind === 'map') {
      const embedded = root || s?.['x-kubernetes-embedded-resource'] === true;
      for (const [key, child] of Object.entries(v as Obj)) {
        const declared = s?.properties?.[key] !== undefined || isMapKey(s, key) || (embedded && (key === 'apiVersion' || key === 'kind' || key === 'metadata'));
        path.push('f:' + key);
        if (strictHere && s && !declared) errors.push(`${pathString(path)}: field not declared in schema`);
        else {
          const cs = embedded && key === 'metadata' ? OBJECT_META : fieldSchema(s, key);
          walk(child, cs, strictHere && cs !== OBJECT_META && cs !== undefined, false);
        }
        path.pop();
      }
      return;
    }
    if (kind === 'set' || kind === 'assoc') {
      const seen = new Set<string>();
      for (const item of v as unknown[]) {
        const pe = itemElement(kind, s, item);
        if (seen.has(pe)) errors.push(`${pathString(path)}: duplicate entries for key ${pathString([pe])}`);
        seen.add(pe);
        if (kind === 'assoc') {
          path.push(pe);
          walk(item, s?.items, strictHere && s?.items !== undefined, false);
          path.pop();
        }
      }
    }
  };
  walk(config, withMeta(schema), strict && schema !== undefined, true);
  return errors;
}

/**
 * A server-side apply of `config` by `manager` over `live` (undefined: the apply creates the object).
 * Returns the object to store (without managedFields) and the managers; `changed` is false when the
 * object itself is unchanged. Throws the apiserver's 409 on conflicts unless `force`, and 400 when the
 * configuration sets managedFields.
 */
export function applyConfiguration(
  liveManagers: Manager[],
  live: unknown,
  config: unknown,
  manager: string,
  force: boolean,
  ctx: FieldManagerContext,
): { object: Obj; managers: Manager[]; changed: boolean } {
  if (!isObj(config)) throw new ApiError({ code: 400, reason: 'BadRequest', message: 'the apply configuration must be an object' });
  const meta = config['metadata'];
  if (isObj(meta) && meta['managedFields'] !== undefined && meta['managedFields'] !== null) {
    throw new ApiError({ code: 400, reason: 'BadRequest', message: 'metadata.managedFields must be nil' });
  }
  const schema = withMeta(ctx.schema);
  const liveObj = live === undefined ? {} : withoutManagedFields(live);
  let managers = liveManagers;
  if (managers.length === 0 && live !== undefined) {
    // An object without managed fields (created before tracking, or reset): its current fields are
    // attributed to `before-first-apply` first, so the apply can conflict with and keep them.
    const set = tracked(compare({}, liveObj, schema).changed, { ...ctx, subresource: '' });
    managers = set ? [{ manager: 'before-first-apply', operation: 'Update', apiVersion: ctx.apiVersion, subresource: '', time: ctx.now, set, encoded: undefined }] : [];
  }
  const id = identity({ manager, operation: 'Apply', apiVersion: ctx.apiVersion, subresource: ctx.subresource });
  const previous = managers.find((m) => identity(m) === id);
  const others = managers.filter((m) => m !== previous);
  const applied = tracked(fieldSetOf(config, schema), ctx) ?? new FieldSet();

  let merged = merge(structuredClone(liveObj), config, schema) as Obj;
  if (previous) {
    let owned = applied;
    for (const m of others) owned = union(owned, m.set);
    merged = prune(merged, previous.set, owned, schema, true) as Obj;
  }

  const diff = compare(liveObj, merged, schema);
  const changedSet = tracked(diff.changed, ctx);
  const reset = resetFields(ctx);
  let removed: FieldSet | undefined = diff.removed;
  if (removed && reset) removed = recursiveDifference(removed, reset);
  const conflicts: ApplyConflict[] = [];
  const next: Manager[] = [];
  for (const m of others) {
    let set: FieldSet | undefined = m.set;
    const c = changedSet ? intersection(set, changedSet) : undefined;
    if (c) {
      for (const path of c.paths()) conflicts.push({ manager: m, path });
      set = difference(set, c);
    }
    if (set && removed) set = difference(set, removed);
    if (set) next.push(set === m.set ? m : { ...m, set, encoded: undefined });
  }
  if (conflicts.length > 0 && !force) throw conflictError(conflicts);
  const changed = !jsonEqual(liveObj, merged);
  const sameSet = previous !== undefined && jsonEqual(toFieldsV1(previous.set), toFieldsV1(applied));
  if (!applied.empty()) {
    next.push({
      manager,
      operation: 'Apply',
      apiVersion: ctx.apiVersion,
      subresource: ctx.subresource,
      time: changed ? ctx.now : previous?.time,
      set: applied,
      encoded: sameSet ? previous!.encoded : undefined,
    });
  }
  return { object: merged, managers: next, changed };
}

/** The manager of a request: the fieldManager given, else the User-Agent up to its first `/` (printable, ≤128 bytes). */
export function managerOrUserAgent(fieldManager: string | undefined, userAgent: string | undefined): string {
  if (fieldManager) return fieldManager;
  const prefix = (userAgent ?? '').split('/')[0]!;
  let out = '';
  let bytes = 0;
  for (const ch of prefix) {
    // Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    if (ch !== ' ' && !/[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(ch)) continue;
    const n = Buffer.byteLength(ch);
    if (bytes + n > 128) break;
    out += ch;
    bytes += n;
  }
  return out;
}
