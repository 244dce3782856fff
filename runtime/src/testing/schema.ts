/**
 * What the apiserver does with a custom resource's OpenAPI v3 schema on every write, in its order:
 * prune unknown fields (except under x-kubernetes-preserve-unknown-fields, and keeping apiVersion,
 * kind and metadata of embedded resources), apply defaults (after pruning, so defaults are themselves
 * pruned), then validate, reporting every failure as a field cause (`spec.replicas`) with the
 * apiserver's reasons (FieldValueRequired, FieldValueInvalid, FieldValueNotSupported, FieldValueTypeInvalid,
 * FieldValueTooLong, FieldValueTooMany, FieldValueDuplicate).
 */

import { isIPv4, isIPv6 } from 'node:net';
import { celCauses, hasRules } from './cel.js';
import { isObj, joinPath, type Obj } from './json.js';

export interface JSONSchemaProps {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, JSONSchemaProps>;
  additionalProperties?: JSONSchemaProps | boolean;
  items?: JSONSchemaProps;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  anyOf?: JSONSchemaProps[];
  allOf?: JSONSchemaProps[];
  oneOf?: JSONSchemaProps[];
  not?: JSONSchemaProps;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-validations'?: { rule: string; message?: string; messageExpression?: string; reason?: string; fieldPath?: string; optionalOldSelf?: boolean }[];
}

export interface FieldCause {
  reason: string;
  message: string;
  field: string;
}

/** Removes fields the schema does not declare. `root`: the object root, whose apiVersion/kind/metadata stay. */
export function prune(schema: JSONSchemaProps, value: unknown, root = true): unknown {
  if (schema['x-kubernetes-preserve-unknown-fields'] && !schema.properties && !schema.items && !schema.additionalProperties) return value;
  if (Array.isArray(value)) {
    if (schema.items) return value.map((v) => prune(schema.items!, v, false));
    return value;
  }
  if (!isObj(value)) return value;
  const keepMeta = root || schema['x-kubernetes-embedded-resource'] === true;
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) {
    if (keepMeta && (k === 'apiVersion' || k === 'kind' || k === 'metadata')) {
      // ObjectMeta is the apiserver's own; a schema cannot prune it (it says only `type: object`).
      out[k] = v;
      continue;
    }
    const prop = schema.properties?.[k];
    if (prop) out[k] = prune(prop, v, false);
    else if (isObj(schema.additionalProperties)) out[k] = prune(schema.additionalProperties, v, false);
    else if (schema.additionalProperties === true || schema['x-kubernetes-preserve-unknown-fields']) out[k] = v;
    // else: unknown field, dropped
  }
  return out;
}

/** Applies `default`s of absent properties, recursively (array items and map values too). */
export function applyDefaults(schema: JSONSchemaProps, value: unknown): unknown {
  if (Array.isArray(value)) return schema.items ? value.map((v) => applyDefaults(schema.items!, v)) : value;
  if (!isObj(value)) return value;
  const out: Obj = { ...value };
  if (schema.properties) {
    for (const [k, prop] of Object.entries(schema.properties)) {
      if (out[k] === undefined && prop.default !== undefined) out[k] = structuredClone(prop.default);
      if (out[k] !== undefined) out[k] = applyDefaults(prop, out[k]);
    }
  }
  if (isObj(schema.additionalProperties)) {
    for (const k of Object.keys(out)) if (!schema.properties?.[k]) out[k] = applyDefaults(schema.additionalProperties, out[k]);
  }
  return out;
}

const patternCache = new Map<string, RegExp>();

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/**
 * The string formats the apiserver checks for custom resources (kube-openapi's format registry), those
 * with a check that cannot be stricter than the apiserver's; any other format (hostname, uri, isbn, …) is
 * accepted as the apiserver accepts an unknown one.
 */
function formatOk(format: string, v: string): boolean {
  switch (format) {
    case 'date-time':
    case 'datetime':
      return /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v.replace(' ', 'T')));
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v));
    case 'ipv4':
      return isIPv4(v);
    case 'ipv6':
      return isIPv6(v);
    case 'cidr': {
      const slash = v.indexOf('/');
      if (slash < 0) return false;
      const ip = v.slice(0, slash);
      const bits = v.slice(slash + 1);
      if (!/^\d{1,3}$/.test(bits)) return false;
      return (isIPv4(ip) && Number(bits) <= 32) || (isIPv6(ip) && Number(bits) <= 128);
    }
    case 'mac':
      return /^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$|^([0-9A-Fa-f]{2}[:-]){7}[0-9A-Fa-f]{2}$|^([0-9A-Fa-f]{2}[:-]){19}[0-9A-Fa-f]{2}$|^([0-9A-Fa-f]{4}\.){2,9}[0-9A-Fa-f]{4}$/.test(v);
    case 'uuid':
    case 'uuid3':
    case 'uuid4':
    case 'uuid5':
      return /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(v);
    case 'email':
      // net/mail.ParseAddress accepts more (display names, quoted local parts); a bare address needs an @.
      return v.includes('@') && !/^\s|\s$/.test(v);
    case 'byte':
      return /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(v);
    default:
      return true;
  }
}

/** Validates `value` against `schema`; returns every failure (empty when valid). */
export function validate(schema: JSONSchemaProps, value: unknown, path = ''): FieldCause[] {
  const causes: FieldCause[] = [];
  walk(schema, value, path, causes);
  return causes;
}

function quote(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v);
}

function walk(s: JSONSchemaProps, v: unknown, path: string, causes: FieldCause[]): void {
  const fail = (reason: string, message: string): void => void causes.push({ reason, message, field: path });
  if (v === null) {
    if (!s.nullable && !s['x-kubernetes-preserve-unknown-fields']) fail('FieldValueTypeInvalid', `Invalid value: "null": ${path || 'body'} in body must be of type ${s.type ?? 'object'}: "null"`);
    return;
  }
  if (s['x-kubernetes-int-or-string']) {
    if (typeof v !== 'string' && !(typeof v === 'number' && Number.isInteger(v))) {
      fail('FieldValueTypeInvalid', `Invalid value: ${quote(v)}: ${path} in body must be of type integer,string: "${typeOf(v)}"`);
      return;
    }
  } else if (s.type) {
    const t = typeOf(v);
    const ok = s.type === t || (s.type === 'number' && t === 'integer');
    if (!ok) {
      fail('FieldValueTypeInvalid', `Invalid value: "${t}": ${path || 'body'} in body must be of type ${s.type}: "${t}"`);
      return;
    }
  }
  if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) {
    fail('FieldValueNotSupported', `Unsupported value: ${quote(v)}: supported values: ${s.enum.map(quote).join(', ')}`);
  }
  if (typeof v === 'number') {
    if (s.minimum !== undefined && (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum)) {
      fail('FieldValueInvalid', `Invalid value: ${v}: ${path} in body should be greater than ${s.exclusiveMinimum ? '' : 'or equal to '}${s.minimum}`);
    }
    if (s.maximum !== undefined && (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum)) {
      fail('FieldValueInvalid', `Invalid value: ${v}: ${path} in body should be less than ${s.exclusiveMaximum ? '' : 'or equal to '}${s.maximum}`);
    }
    if (s.multipleOf !== undefined && Math.abs(v / s.multipleOf - Math.round(v / s.multipleOf)) > 1e-9) {
      fail('FieldValueInvalid', `Invalid value: ${v}: ${path} in body should be a multiple of ${s.multipleOf}`);
    }
  }
  if (typeof v === 'string') {
    const len = [...v].length;
    if (s.maxLength !== undefined && len > s.maxLength) fail('FieldValueTooLong', `Too long: may not be more than ${s.maxLength} bytes`);
    if (s.minLength !== undefined && len < s.minLength) fail('FieldValueInvalid', `Invalid value: ${quote(v)}: ${path} in body should be at least ${s.minLength} chars long`);
    if (s.pattern !== undefined) {
      let re = patternCache.get(s.pattern);
      if (!re) patternCache.set(s.pattern, (re = new RegExp(s.pattern, 'u')));
      if (!re.test(v)) fail('FieldValueInvalid', `Invalid value: ${quote(v)}: ${path} in body should match '${s.pattern}'`);
    }
    if (s.format !== undefined && !formatOk(s.format, v)) fail('FieldValueInvalid', `Invalid value: ${quote(v)}: ${path} in body must be of type ${s.format}: ${quote(v)}`);
  }
  if (Array.isArray(v)) {
    if (s.maxItems !== undefined && v.length > s.maxItems) fail('FieldValueTooMany', `Too many: ${v.length}: must have at most ${s.maxItems} items`);
    if (s.minItems !== undefined && v.length < s.minItems) fail('FieldValueInvalid', `Invalid value: ${v.length}: ${path} in body should have at least ${s.minItems} items`);
    const lt = s['x-kubernetes-list-type'];
    if (lt === 'set') {
      const seen = new Set<string>();
      v.forEach((item, i) => {
        const k = JSON.stringify(item);
        if (seen.has(k)) causes.push({ reason: 'FieldValueDuplicate', message: `Duplicate value: ${k}`, field: joinPath(path, i) });
        seen.add(k);
      });
    } else if (lt === 'map') {
      const keys = s['x-kubernetes-list-map-keys'] ?? [];
      const seen = new Set<string>();
      v.forEach((item, i) => {
        if (!isObj(item)) return;
        const k = JSON.stringify(keys.map((key) => item[key]));
        if (seen.has(k)) causes.push({ reason: 'FieldValueDuplicate', message: `Duplicate value: ${JSON.stringify(Object.fromEntries(keys.map((key) => [key, item[key]])))}`, field: joinPath(path, i) });
        seen.add(k);
      });
    }
    if (s.items) v.forEach((item, i) => walk(s.items!, item, joinPath(path, i), causes));
  }
  if (isObj(v)) {
    const n = Object.keys(v).length;
    if (s.maxProperties !== undefined && n > s.maxProperties) fail('FieldValueTooMany', `Too many: ${n}: must have at most ${s.maxProperties} items`);
    if (s.minProperties !== undefined && n < s.minProperties) fail('FieldValueInvalid', `Invalid value: ${n}: ${path} in body should have at least ${s.minProperties} properties`);
    for (const req of s.required ?? []) {
      if (v[req] === undefined) causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: joinPath(path, req) });
    }
    for (const [k, child] of Object.entries(v)) {
      const prop = s.properties?.[k];
      if (prop) walk(prop, child, joinPath(path, k), causes);
      else if (isObj(s.additionalProperties)) walk(s.additionalProperties, child, joinPath(path, k), causes);
    }
  }
  for (const sub of s.allOf ?? []) walk(sub, v, path, causes);
  if (s.anyOf && !s['x-kubernetes-int-or-string'] && !s.anyOf.some((sub) => validate(sub, v, path).length === 0)) {
    fail('FieldValueInvalid', `Invalid value: ${quote(v)}: ${path} in body must match at least one schema in anyOf`);
  }
  if (s.oneOf && s.oneOf.filter((sub) => validate(sub, v, path).length === 0).length !== 1) {
    fail('FieldValueInvalid', `Invalid value: ${quote(v)}: ${path} in body must match exactly one schema in oneOf`);
  }
  if (s.not && validate(s.not, v, path).length === 0) fail('FieldValueInvalid', `Invalid value: ${quote(v)}: ${path} in body must not match the schema in not`);
}

/**
 * The whole write-path treatment of a custom resource: prune, default, validate, then the
 * `x-kubernetes-validations` rules (with `old`, the stored object, on updates). As on the apiserver, the
 * rules are not evaluated when the object has the wrong types somewhere; one cause says so.
 */
export function admit(schema: JSONSchemaProps, obj: unknown, old?: unknown): { object: unknown; causes: FieldCause[] } {
  const pruned = prune(schema, obj, true);
  const defaulted = applyDefaults(schema, pruned);
  // metadata is validated by the apiserver's own rules, not the CRD schema.
  const { metadata: _m, ...checkable } = (defaulted ?? {}) as Obj;
  const forSchema: JSONSchemaProps = { ...schema, properties: { ...(schema.properties ?? {}) } };
  delete forSchema.properties!['metadata'];
  const causes = validate(forSchema, checkable);
  if (hasRules(schema)) {
    if (causes.some((c) => c.reason === 'FieldValueTypeInvalid')) {
      causes.push({
        reason: 'FieldValueInvalid',
        field: '<nil>',
        message: 'Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
      });
    } else {
      causes.push(...celCauses(schema, defaulted, old));
    }
  }
  return { object: defaulted, causes };
}
