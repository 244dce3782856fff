/**
 * Value-level operations on a structural schema, as the apiserver does them: pruning unknown fields,
 * applying defaults, and validating a value. Used to check `default` values at generation time (a default
 * must already be pruned and must validate), and by tests as a reference.
 */
import { patternProblem } from './apply.js';
import { evaluateRule } from './cel.js';
import type { CelInput } from '@bufbuild/cel';
import type { JSONSchemaProps } from './schema-types.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

export function deepClone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

const META_FIELDS = ['apiVersion', 'kind', 'metadata'];

/**
 * Removes, in place, object fields the schema does not specify (unless preserve-unknown-fields), and
 * returns the JSON paths of what was removed. At the root and in embedded resources, apiVersion, kind and
 * metadata are kept.
 */
export function prune(value: unknown, s: JSONSchemaProps, path = '', isRoot = false): string[] {
  const removed: string[] = [];
  if (Array.isArray(value)) {
    if (s.items) value.forEach((v, i) => removed.push(...prune(v, s.items!, `${path}[${i}]`)));
    return removed;
  }
  if (!isObject(value)) return removed;
  const keepMeta = isRoot || s['x-kubernetes-embedded-resource'] === true;
  for (const k of Object.keys(value)) {
    // ObjectMeta at the root and in embedded resources is the apiserver's own; the schema does not prune it.
    if (keepMeta && k === 'metadata') continue;
    const child = value[k];
    if (s.properties && Object.hasOwn(s.properties, k)) {
      removed.push(...prune(child, s.properties[k]!, `${path}.${k}`));
    } else if (typeof s.additionalProperties === 'object') {
      removed.push(...prune(child, s.additionalProperties, `${path}.${k}`));
    } else if (s.additionalProperties === true || s['x-kubernetes-preserve-unknown-fields']) {
      continue;
    } else if (keepMeta && META_FIELDS.includes(k)) {
      continue;
    } else {
      delete value[k];
      removed.push(`${path}.${k}`);
    }
  }
  return removed;
}

/** Applies defaults in place (objects: missing properties with a default get a copy of it), top-down. */
export function applyDefaults(value: unknown, s: JSONSchemaProps): void {
  if (Array.isArray(value)) {
    if (s.items) for (const v of value) applyDefaults(v, s.items);
    return;
  }
  if (!isObject(value)) return;
  if (s.properties) {
    for (const [k, ps] of Object.entries(s.properties)) {
      if (!Object.hasOwn(value, k) && ps.default !== undefined) value[k] = deepClone(ps.default);
      // A null for a non-nullable field with a default is replaced by the default, as the apiserver does.
      else if (value[k] === null && ps.default !== undefined && !ps.nullable) value[k] = deepClone(ps.default);
    }
    for (const [k, v] of Object.entries(value)) {
      const ps = s.properties[k];
      if (ps) applyDefaults(v, ps);
    }
  } else if (typeof s.additionalProperties === 'object') {
    for (const v of Object.values(value)) applyDefaults(v, s.additionalProperties);
  }
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function re2ToJs(pattern: string): RegExp | undefined {
  if (patternProblem(pattern) !== undefined) return undefined;
  const js = pattern.replace(/\\A/g, '^').replace(/\\z/g, '$');
  const flags = /^\(\?([imsU]+)\)/.exec(js);
  try {
    if (flags) return new RegExp(js.slice(flags[0].length), flags[1]!.replace(/U/g, '').includes('i') ? 'i' : '');
    return new RegExp(js);
  } catch {
    return undefined;
  }
}

/** Validates a value against a schema; returns single-line errors `path: problem`. */
export function validateValue(value: unknown, s: JSONSchemaProps, path = ''): string[] {
  const errs: string[] = [];
  const at = path === '' ? '<value>' : path;
  if (value === null) {
    if (!s.nullable && !(s['x-kubernetes-preserve-unknown-fields'] && s.type === undefined))
      errs.push(`${at}: must not be null`);
    return errs;
  }
  const t = typeOf(value);
  if (s['x-kubernetes-int-or-string']) {
    if (t !== 'integer' && t !== 'string') errs.push(`${at}: must be an integer or a string, got ${t}`);
  } else if (s.type !== undefined) {
    const ok = s.type === t || (s.type === 'number' && t === 'integer');
    if (!ok) {
      errs.push(`${at}: must be ${s.type}, got ${t}`);
      return errs;
    }
  }
  if (s.enum && !s.enum.some((e) => deepEqual(e, value))) {
    errs.push(`${at}: must be one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}, got ${JSON.stringify(value)}`);
  }
  if (typeof value === 'number') {
    if (s.minimum !== undefined && (s.exclusiveMinimum ? value <= s.minimum : value < s.minimum)) {
      errs.push(`${at}: must be ${s.exclusiveMinimum ? 'greater than' : 'greater than or equal to'} ${s.minimum}`);
    }
    if (s.maximum !== undefined && (s.exclusiveMaximum ? value >= s.maximum : value > s.maximum)) {
      errs.push(`${at}: must be ${s.exclusiveMaximum ? 'less than' : 'less than or equal to'} ${s.maximum}`);
    }
    if (s.multipleOf !== undefined && s.multipleOf > 0) {
      const q = value / s.multipleOf;
      if (Math.abs(q - Math.round(q)) > 1e-9) errs.push(`${at}: must be a multiple of ${s.multipleOf}`);
    }
    if (s.format === 'int32' && (value < -2147483648 || value > 2147483647)) errs.push(`${at}: must fit in int32`);
  }
  if (typeof value === 'string') {
    const len = [...value].length;
    if (s.minLength !== undefined && len < s.minLength)
      errs.push(`${at}: must be at least ${s.minLength} characters long`);
    if (s.maxLength !== undefined && len > s.maxLength)
      errs.push(`${at}: must be at most ${s.maxLength} characters long`);
    if (s.pattern !== undefined) {
      const re = re2ToJs(s.pattern);
      if (re && !re.test(value)) errs.push(`${at}: must match the pattern ${s.pattern}`);
    }
    if ((s.format === 'date-time' || s.format === 'datetime') && !DATE_TIME.test(value))
      errs.push(`${at}: must be an RFC 3339 date-time`);
    if (s.format === 'date' && !DATE.test(value)) errs.push(`${at}: must be a date (YYYY-MM-DD)`);
  }
  if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems)
      errs.push(`${at}: must have at least ${s.minItems} items`);
    if (s.maxItems !== undefined && value.length > s.maxItems)
      errs.push(`${at}: must have at most ${s.maxItems} items`);
    if (s.items) value.forEach((v, i) => errs.push(...validateValue(v, s.items!, `${path}[${i}]`)));
    const lt = s['x-kubernetes-list-type'];
    if (lt === 'set') {
      value.forEach((v, i) => {
        if (value.findIndex((w) => deepEqual(v, w)) !== i)
          errs.push(`${path}[${i}]: duplicate entry ${JSON.stringify(v)} in a set`);
      });
    } else if (lt === 'map') {
      const keys = s['x-kubernetes-list-map-keys'] ?? [];
      const seen: unknown[][] = [];
      value.forEach((v, i) => {
        if (!isObject(v)) return;
        const k = keys.map((x) => v[x] ?? s.items?.properties?.[x]?.default);
        if (seen.some((o) => deepEqual(o, k)))
          errs.push(`${path}[${i}]: duplicate entry with key ${JSON.stringify(k)}`);
        seen.push(k);
      });
    }
  }
  if (isObject(value)) {
    const n = Object.keys(value).length;
    if (s.minProperties !== undefined && n < s.minProperties)
      errs.push(`${at}: must have at least ${s.minProperties} properties`);
    if (s.maxProperties !== undefined && n > s.maxProperties)
      errs.push(`${at}: must have at most ${s.maxProperties} properties`);
    for (const r of s.required ?? []) if (!Object.hasOwn(value, r)) errs.push(`${path}.${r}: required`);
    for (const [k, v] of Object.entries(value)) {
      const ps = s.properties?.[k];
      if (ps) errs.push(...validateValue(v, ps, `${path}.${k}`));
      else if (typeof s.additionalProperties === 'object')
        errs.push(...validateValue(v, s.additionalProperties, `${path}.${k}`));
    }
  }
  for (const sub of s.allOf ?? []) errs.push(...validateValue(value, sub, path));
  return errs;
}

export type { Json };

/** A JSON value as CEL input under its schema: integers as bigint (CEL int), recursively. */
export function celInput(v: unknown, s: JSONSchemaProps | undefined): CelInput {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') {
    const isInt = s?.type === 'integer' || (s?.['x-kubernetes-int-or-string'] === true && Number.isInteger(v));
    return isInt && Number.isInteger(v) ? BigInt(v) : v;
  }
  if (Array.isArray(v)) return v.map((x) => celInput(x, s?.items));
  if (isObject(v)) {
    const out: Record<string, CelInput> = {};
    for (const [k, x] of Object.entries(v)) {
      const ps =
        s?.properties?.[k] ?? (typeof s?.additionalProperties === 'object' ? s.additionalProperties : undefined);
      out[k] = celInput(x, ps);
    }
    return out;
  }
  return v as CelInput;
}

/**
 * Evaluates the x-kubernetes-validations rules that apply to a value (the node's and its descendants'),
 * skipping transition rules (they need an old object) and rules this evaluator cannot run. Returns the
 * failures as `path: message`.
 */
export function failingRules(value: unknown, s: JSONSchemaProps, path = ''): string[] {
  const out: string[] = [];
  if (value === undefined) return out;
  for (const r of s['x-kubernetes-validations'] ?? []) {
    if (/\boldSelf\b/.test(r.rule)) continue;
    if (evaluateRule(r.rule, celInput(value, s)) === false) {
      out.push(`${path === '' ? '<value>' : path}: ${r.message ?? `rule ${JSON.stringify(r.rule)} is false`}`);
    }
  }
  if (Array.isArray(value)) {
    if (s.items) value.forEach((v, i) => out.push(...failingRules(v, s.items!, `${path}[${i}]`)));
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      const ps = s.properties?.[k] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
      if (ps) out.push(...failingRules(v, ps, `${path}.${k}`));
    }
  }
  return out;
}
