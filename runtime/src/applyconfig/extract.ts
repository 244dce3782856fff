/**
 * Extraction of the fields a field manager owns, from `metadata.managedFields` (client-go's
 * `managedfields.ExtractInto`): the generated `extract<Kind>(obj, fieldManager)` functions call it to
 * turn an object read from the server into the apply configuration that manager last applied, ready to be
 * modified and applied again.
 *
 * FieldsV1 is a trie encoded as nested JSON objects whose keys are path elements:
 *
 *   `f:<name>`   a field of a struct, or a key of a map
 *   `k:<json>`   the item of an associative list (`+listType=map`) whose key fields equal the JSON object
 *   `v:<json>`   the item of a set list (`+listType=set`) equal to the JSON value
 *   `i:<index>`  the item at an index (lists without keys)
 *   `.`          the node itself is a member of the set (used when it also has children)
 *
 * A node whose object is empty, or holds only `.`, is a leaf: the manager owns the whole value there
 * (a scalar, an atomic list or map, or a struct it set as a unit), so the whole value is extracted. Other
 * nodes are walked: only their owned descendants are kept. This is the structured-merge-diff walk of
 * `ExtractItems(set.Leaves())`, done without a schema because the trie itself says whether a level is a
 * struct/map (`f:`) or a list (`k:`, `v:`, `i:`). Key fields of `k:` items are always kept, as
 * `WithAppendKeyFields` does, so the extracted items still identify themselves.
 */
import { isObj, jsonEqual } from '../util/json.js';

/** The FieldsV1 trie of a managed-fields entry. */
export type FieldsV1 = { readonly [key: string]: unknown };

/** A malformed FieldsV1 trie (unknown prefix, undecodable key, non-object node). */
export class FieldsV1Error extends Error {
  constructor(
    message: string,
    /** The path elements from the root to the bad element. */
    readonly path: readonly string[],
  ) {
    super(path.length > 0 ? `${message} (at ${path.join(' → ')})` : message);
    this.name = 'FieldsV1Error';
  }
}

/** What a managed-fields entry needs for extraction (a subset of meta's ManagedFieldsEntry). */
export interface ManagedFieldsLike {
  manager?: string;
  operation?: string;
  subresource?: string;
  fieldsType?: string;
  fieldsV1?: { readonly [key: string]: unknown };
}

/** An object with the metadata extraction reads. */
export interface ObjectWithManagedFields {
  metadata?: { name?: string; namespace?: string; managedFields?: readonly ManagedFieldsLike[] | undefined } | undefined;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A deep copy of a JSON value, so the extracted configuration shares nothing with the object. */
function copy<T>(v: T): T {
  return v === null || typeof v !== 'object' ? v : structuredClone(v);
}

/**
 * The managed-fields entry of `fieldManager`'s apply on `subresource` ('' = the main resource), as the
 * apiserver records it (operation `Apply`); undefined when the manager never applied there.
 */
export function findManagedFieldsEntry<E extends ManagedFieldsLike>(
  managedFields: readonly E[] | undefined,
  fieldManager: string,
  subresource = '',
): E | undefined {
  return managedFields?.find(
    (e) => e.manager === fieldManager && e.operation === 'Apply' && (e.subresource ?? '') === subresource,
  );
}

/** Children of a trie node without `.`; undefined when the node is a leaf. */
function childrenOf(node: unknown, path: readonly string[]): [string, unknown][] | undefined {
  if (!isObj(node)) throw new FieldsV1Error(`a FieldsV1 node must be a JSON object, not ${JSON.stringify(node)}`, path);
  const entries = Object.entries(node).filter(([k]) => k !== '.');
  return entries.length === 0 ? undefined : entries;
}

function decodeJson(text: string, element: string, path: readonly string[]): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw new FieldsV1Error(`the path element ${JSON.stringify(element)} does not hold valid JSON`, path);
  }
}

/** One list-level path element, decoded. */
type ListElement = { kind: 'k'; key: Record<string, Json> } | { kind: 'v'; value: Json } | { kind: 'i'; index: number };

function listElement(element: string, path: readonly string[]): ListElement {
  const body = element.slice(2);
  if (element.startsWith('k:')) {
    const key = decodeJson(body, element, path);
    if (!isObj(key)) throw new FieldsV1Error(`the key of ${JSON.stringify(element)} must be a JSON object`, path);
    return { kind: 'k', key: key as Record<string, Json> };
  }
  if (element.startsWith('v:')) return { kind: 'v', value: decodeJson(body, element, path) };
  if (element.startsWith('i:')) {
    const index = Number(body);
    if (!/^[0-9]+$/.test(body) || !Number.isSafeInteger(index)) {
      throw new FieldsV1Error(`${JSON.stringify(element)} is not a list index`, path);
    }
    return { kind: 'i', index };
  }
  throw new FieldsV1Error(`unknown FieldsV1 path element ${JSON.stringify(element)}: expected f:, k:, v:, i: or .`, path);
}

function matches(el: ListElement, item: unknown, index: number): boolean {
  switch (el.kind) {
    case 'k':
      return isObj(item) && Object.entries(el.key).every(([k, v]) => Object.hasOwn(item, k) && jsonEqual(item[k], v));
    case 'v':
      return jsonEqual(item, el.value);
    case 'i':
      return index === el.index;
  }
}

/**
 * The part of `value` that the FieldsV1 trie `fields` names: owned leaves whole, owned containers with
 * only their owned descendants. Returns undefined when nothing named exists in `value`. The result is a
 * fresh copy; `value` is not modified. Throws `FieldsV1Error` on a malformed trie.
 */
export function extractFields(value: unknown, fields: FieldsV1): unknown {
  return walk(value, fields, []);
}

function walk(value: unknown, node: unknown, path: readonly string[]): unknown {
  const children = childrenOf(node, path);
  if (children === undefined) return copy(value);
  if (value === undefined || value === null) return undefined;
  const fieldChildren = children.filter(([k]) => k.startsWith('f:'));
  if (fieldChildren.length === children.length) {
    if (!isObj(value)) return undefined;
    const out: Record<string, unknown> = {};
    for (const [element, child] of fieldChildren) {
      const name = element.slice(2);
      if (!Object.hasOwn(value, name)) continue;
      const sub = walk(value[name], child, [...path, element]);
      // defineProperty: a map key named `__proto__` is data, not the prototype.
      if (sub !== undefined) Object.defineProperty(out, name, { value: sub, enumerable: true, writable: true, configurable: true });
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  if (fieldChildren.length > 0) {
    const odd = children.find(([k]) => !k.startsWith('f:'))![0];
    throw new FieldsV1Error(`a FieldsV1 node mixes field elements (f:) with list elements (${JSON.stringify(odd)})`, path);
  }
  const elements = children.map(([k, child]) => ({ element: k, child, el: listElement(k, [...path, k]) }));
  if (!Array.isArray(value)) return undefined;
  const out: unknown[] = [];
  value.forEach((item, index) => {
    const hit = elements.find((e) => matches(e.el, item, index));
    if (!hit) return;
    const sub = walk(item, hit.child, [...path, hit.element]);
    if (hit.el.kind === 'k' && isObj(item)) {
      // Keep the key fields, so the item still names the entry it configures.
      const keyed: Record<string, unknown> = {};
      for (const k of Object.keys(hit.el.key)) keyed[k] = copy(item[k]);
      out.push(isObj(sub) ? { ...keyed, ...sub } : keyed);
    } else if (sub !== undefined) {
      out.push(sub);
    }
  });
  return out.length === 0 ? undefined : out;
}

/**
 * The fields of `obj` that `fieldManager` owns through its last apply on `subresource` ('' = the main
 * resource, `status` for applyStatus), as a plain object (`{}` when the manager has no apply entry).
 * Throws `FieldsV1Error` when the entry's trie is malformed, and an Error when it is not FieldsV1.
 */
export function extractOwnedFields(obj: ObjectWithManagedFields, fieldManager: string, subresource = ''): Record<string, unknown> {
  const entry = findManagedFieldsEntry(obj.metadata?.managedFields, fieldManager, subresource);
  if (!entry) return {};
  if (entry.fieldsType !== undefined && entry.fieldsType !== 'FieldsV1') {
    throw new Error(`managed fields of ${fieldManager} use fieldsType ${JSON.stringify(entry.fieldsType)}: only FieldsV1 can be extracted`);
  }
  if (entry.fieldsV1 === undefined) return {};
  const out = extractFields(obj, entry.fieldsV1);
  return isObj(out) ? out : {};
}
