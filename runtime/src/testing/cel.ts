/**
 * `x-kubernetes-validations` on writes, as the apiserver evaluates them: every rule of every schema node
 * whose value is present, with `self` bound to the value (integers as CEL ints, objects and maps as maps,
 * lists as lists) and, on updates, `oldSelf` bound to the old value at the same place (objects by field
 * name, `x-kubernetes-list-type: map` items by their keys). A transition rule (one that mentions
 * `oldSelf`) is checked only when there is an old value, unless `optionalOldSelf` is set. A failed rule
 * is a field cause with the rule's `message` (or `messageExpression`, or `failed rule: <rule>`), `reason`
 * and `fieldPath`; a rule that reads a missing field fails with `no such key`, as on the apiserver.
 *
 * The CEL engine is @bufbuild/cel with the strings extension. Kubernetes' own libraries (quantity, url,
 * ip/cidr, format, semver, authz) and the optional syntax are not available here: a rule that uses them
 * is not checked (it never rejects a write the apiserver would take).
 */
import { createRequire } from 'node:module';
import type { FieldCause, JSONSchemaProps } from './schema.js';
import { isObj, joinPath, type Obj } from './json.js';

type CelModule = typeof import('@bufbuild/cel');

interface Engine {
  cel: CelModule;
  env: ReturnType<CelModule['celEnv']>;
  programs: Map<string, ((input: Record<string, unknown>) => unknown) | null>;
}

let engine: Engine | undefined;

/** Loaded on first use: servers without CEL rules never pay for it. */
function celEngine(): Engine {
  if (!engine) {
    const require = createRequire(import.meta.url);
    const cel = require('@bufbuild/cel') as CelModule;
    const ext = require('@bufbuild/cel/ext') as typeof import('@bufbuild/cel/ext');
    engine = { cel, env: cel.celEnv({ funcs: ext.strings }), programs: new Map() };
  }
  return engine;
}

type Outcome = { ok: true; value: unknown } | { ok: false; missingKey?: string };

function evaluate(expr: string, input: Record<string, unknown>): Outcome {
  const e = celEngine();
  let program = e.programs.get(expr);
  if (program === undefined) {
    try {
      const planned = e.cel.plan(e.env, e.cel.parse(expr));
      program = (i) => planned(i as never);
    } catch {
      program = null; // syntax this engine lacks (Kubernetes' optional syntax): not checked
    }
    e.programs.set(expr, program);
  }
  if (program === null) return { ok: false };
  let value: unknown;
  try {
    value = program(input);
  } catch {
    return { ok: false };
  }
  if (e.cel.isCelError(value)) {
    const m = /(?:field not found|no such key): (.+)$/.exec((value as { message?: string }).message ?? '');
    return m ? { ok: false, missingKey: m[1]!.trim() } : { ok: false };
  }
  return { ok: true, value };
}

/** A JSON value as CEL sees it under `schema`: integers become ints (bigint). */
function toCel(schema: JSONSchemaProps | undefined, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') {
    const integer = schema?.type === 'integer' || (schema?.type === undefined && Number.isInteger(v)) || schema?.['x-kubernetes-int-or-string'] === true;
    return integer && Number.isInteger(v) ? BigInt(v) : v;
  }
  if (Array.isArray(v)) return v.map((x) => toCel(schema?.items, x));
  if (isObj(v)) {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) {
      const sub = schema?.properties?.[k] ?? (isObj(schema?.additionalProperties) ? schema.additionalProperties : undefined);
      out[k] = toCel(sub, x);
    }
    return out;
  }
  return v;
}

/** The object as rules at the root see it: of metadata, only name and generateName. */
function rootView(v: unknown): unknown {
  if (!isObj(v)) return v;
  const m = isObj(v['metadata']) ? v['metadata'] : {};
  return { ...v, metadata: Object.fromEntries(Object.entries(m).filter(([k]) => k === 'name' || k === 'generateName')) };
}

function typeName(schema: JSONSchemaProps, v: unknown): string {
  if (schema.type) return schema.type;
  if (Array.isArray(v)) return 'array';
  if (isObj(v)) return 'object';
  return typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v;
}

/** `fieldPath: .spec.x` relative to the node, as the field of the cause. */
function withFieldPath(path: string, fieldPath: string | undefined): string {
  if (!fieldPath) return path;
  const rel = fieldPath.replace(/^\./, '');
  return path === '' ? rel : rel.startsWith('[') ? `${path}${rel}` : `${path}.${rel}`;
}

const MENTIONS_OLD_SELF = /\boldSelf\b/;

interface Rule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

/** Causes for the rules of one node, then its children. `old` is undefined on create (or no old counterpart). */
function walk(schema: JSONSchemaProps, v: unknown, old: unknown, path: string, causes: FieldCause[], root: boolean): void {
  if (v === undefined || v === null) return;
  const rules = (schema['x-kubernetes-validations'] ?? []) as Rule[];
  if (rules.length > 0) {
    const self = root ? rootView(toCel(schema, v)) : toCel(schema, v);
    const oldSelf = old === undefined ? undefined : root ? rootView(toCel(schema, old)) : toCel(schema, old);
    for (const r of rules) {
      const transition = MENTIONS_OLD_SELF.test(r.rule);
      if (transition && oldSelf === undefined && r.optionalOldSelf !== true) continue;
      const input: Record<string, unknown> = { self };
      if (transition) input['oldSelf'] = oldSelf ?? null;
      const out = evaluate(r.rule, input);
      const field = withFieldPath(path, r.fieldPath);
      const what = `Invalid value: "${typeName(schema, v)}"`;
      if (!out.ok) {
        if (out.missingKey !== undefined) {
          causes.push({ reason: 'FieldValueInvalid', field, message: `${what}: no such key: ${out.missingKey} evaluating rule: ${r.rule}` });
        }
        continue;
      }
      if (out.value !== false) continue;
      let message = r.message ?? `failed rule: ${r.rule}`;
      if (r.messageExpression) {
        const m = evaluate(r.messageExpression, input);
        if (m.ok && typeof m.value === 'string' && m.value.trim() !== '') message = m.value;
      }
      switch (r.reason) {
        case 'FieldValueForbidden':
          causes.push({ reason: 'FieldValueForbidden', field, message: `Forbidden: ${message}` });
          break;
        case 'FieldValueRequired':
          causes.push({ reason: 'FieldValueRequired', field, message: `Required value: ${message}` });
          break;
        case 'FieldValueDuplicate':
          causes.push({ reason: 'FieldValueDuplicate', field, message: `Duplicate value: ${message}` });
          break;
        default:
          causes.push({ reason: 'FieldValueInvalid', field, message: `${what}: ${message}` });
      }
    }
  }
  if (Array.isArray(v)) {
    if (!schema.items) return;
    const keys = schema['x-kubernetes-list-type'] === 'map' ? (schema['x-kubernetes-list-map-keys'] ?? []) : undefined;
    const oldItems = Array.isArray(old) ? old : [];
    v.forEach((item, i) => {
      // Old list items correlate only through map keys, as on the apiserver.
      const before = keys && keys.length > 0 && isObj(item) ? oldItems.find((o) => isObj(o) && keys.every((k) => o[k] === item[k])) : undefined;
      walk(schema.items!, item, before, joinPath(path, i), causes, false);
    });
    return;
  }
  if (!isObj(v)) return;
  for (const [k, x] of Object.entries(v)) {
    if (root && k === 'metadata') continue;
    const sub = schema.properties?.[k] ?? (isObj(schema.additionalProperties) ? schema.additionalProperties : undefined);
    if (sub) walk(sub, x, isObj(old) ? old[k] : undefined, joinPath(path, k), causes, false);
  }
}

/** Rules in the schema at all (most CRDs have none: no need to walk). */
export function hasRules(schema: JSONSchemaProps): boolean {
  if ((schema['x-kubernetes-validations'] ?? []).length > 0) return true;
  if (schema.properties && Object.values(schema.properties).some(hasRules)) return true;
  if (schema.items && hasRules(schema.items)) return true;
  return isObj(schema.additionalProperties) && hasRules(schema.additionalProperties);
}

/** The causes of every failed rule of `obj` (and `old`, on an update). */
export function celCauses(schema: JSONSchemaProps, obj: unknown, old?: unknown): FieldCause[] {
  const causes: FieldCause[] = [];
  walk(schema, obj, old, '', causes, true);
  return causes;
}
