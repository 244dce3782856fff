/**
 * JSON merge patch (RFC 7386) and JSON patch (RFC 6902), applied to plain JSON values. Used by the fake
 * object tracker; inputs are never mutated.
 */

import { isObj, jsonEqual } from './json.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** RFC 7386: objects merge recursively, `null` removes a key, anything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return clone(patch);
  const out: Record<string, unknown> = isObj(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = applyMergePatch(out[key], value);
  }
  return out;
}

/** Why a JSON patch could not be applied (the apiserver answers 422 or 409 for a failed `test`). */
export class JsonPatchError extends Error {
  override readonly name = 'JsonPatchError';
  constructor(
    message: string,
    /** True when a `test` operation failed. */
    readonly testFailed = false,
  ) {
    super(message);
  }
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new JsonPatchError(`invalid JSON pointer ${JSON.stringify(pointer)}: it must start with "/"`);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function arrayIndex(arr: unknown[], token: string, allowEnd: boolean): number {
  if (allowEnd && token === '-') return arr.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new JsonPatchError(`invalid array index ${JSON.stringify(token)}`);
  const i = Number(token);
  if (i > arr.length || (!allowEnd && i === arr.length)) throw new JsonPatchError(`array index ${i} out of bounds`);
  return i;
}

function getAt(doc: unknown, tokens: string[]): unknown {
  let cur = doc;
  for (const t of tokens) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(cur, t, false)];
    else if (isObj(cur) && Object.hasOwn(cur, t)) cur = cur[t];
    else throw new JsonPatchError(`path /${tokens.join('/')} does not exist`);
  }
  return cur;
}

function parentOf(doc: unknown, tokens: string[]): { parent: unknown; last: string } {
  if (tokens.length === 0) throw new JsonPatchError('the root cannot be the target of this operation');
  return { parent: getAt(doc, tokens.slice(0, -1)), last: tokens[tokens.length - 1]! };
}

function add(doc: unknown, tokens: string[], value: unknown): unknown {
  if (tokens.length === 0) return clone(value);
  const { parent, last } = parentOf(doc, tokens);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, true), 0, clone(value));
  else if (isObj(parent)) parent[last] = clone(value);
  else throw new JsonPatchError(`cannot add at /${tokens.join('/')}: the parent is not an object or array`);
  return doc;
}

function remove(doc: unknown, tokens: string[]): unknown {
  const { parent, last } = parentOf(doc, tokens);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, false), 1);
  else if (isObj(parent) && Object.hasOwn(parent, last)) delete parent[last];
  else throw new JsonPatchError(`cannot remove /${tokens.join('/')}: it does not exist`);
  return doc;
}

export interface JsonPatchOp {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

/** RFC 6902, atomically: either every operation applies or a JsonPatchError is thrown. */
export function applyJsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) throw new JsonPatchError('a JSON patch must be an array of operations');
  let doc = clone(target);
  for (const raw of operations as unknown[]) {
    if (!isObj(raw) || typeof raw['op'] !== 'string' || typeof raw['path'] !== 'string') {
      throw new JsonPatchError('each JSON patch operation needs string "op" and "path"');
    }
    const op = raw as unknown as JsonPatchOp;
    const tokens = parsePointer(op.path);
    switch (op.op) {
      case 'add':
        if (!('value' in op)) throw new JsonPatchError(`add ${op.path}: missing "value"`);
        doc = add(doc, tokens, op.value);
        break;
      case 'remove':
        doc = remove(doc, tokens);
        break;
      case 'replace':
        if (!('value' in op)) throw new JsonPatchError(`replace ${op.path}: missing "value"`);
        getAt(doc, tokens);
        doc = tokens.length === 0 ? clone(op.value) : add(remove(doc, tokens), tokens, op.value);
        break;
      case 'move':
      case 'copy': {
        if (typeof op.from !== 'string') throw new JsonPatchError(`${op.op} ${op.path}: missing "from"`);
        const fromTokens = parsePointer(op.from);
        if (op.op === 'move' && op.path.startsWith(op.from + '/')) {
          throw new JsonPatchError(`move: "${op.from}" cannot be moved into its own child "${op.path}"`);
        }
        const value = clone(getAt(doc, fromTokens));
        if (op.op === 'move') doc = remove(doc, fromTokens);
        doc = add(doc, tokens, value);
        break;
      }
      case 'test':
        if (!jsonEqual(getAt(doc, tokens), op.value)) {
          throw new JsonPatchError(`test operation for path ${JSON.stringify(op.path)} failed`, true);
        }
        break;
      default:
        throw new JsonPatchError(`unknown JSON patch operation ${JSON.stringify(op.op)}`);
    }
  }
  return doc;
}

export type { Json };
