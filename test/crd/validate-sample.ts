/**
 * Validates sample custom resources against a generated CRD the way the apiserver does on create:
 *
 *   1. pick the version from `apiVersion` (it must be served);
 *   2. default: missing fields with a `default` get it (top-down, so defaulted objects are defaulted
 *      inside), and `null` in a non-nullable field with a default becomes the default;
 *   3. prune: fields the schema does not know are dropped (kept under preserve-unknown-fields; apiVersion,
 *      kind and metadata kept at the root and in embedded resources); remaining `null`s of non-nullable
 *      fields without a default are dropped;
 *   4. validate with ajv (+ ajv-formats) on a JSON-Schema translation of the structural schema that honours
 *      x-kubernetes-int-or-string, preserve-unknown-fields, embedded-resource and nullable;
 *   5. list types: duplicate set items and duplicate map keys;
 *   6. x-kubernetes-validations: each rule without oldSelf is evaluated with @bufbuild/cel (`self` bound to
 *      the node's value, integers as CEL ints); a false result fails at the rule's node (or its fieldPath).
 *
 * Errors carry apiserver-style paths (`spec.replicas`, `spec.ports[1]`), so a sample can state which field
 * it expects to be refused.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { celEnv, isCelError, plan, parse, type CelInput } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import type { CustomResourceDefinition, JSONSchemaProps } from '../../src/generators/crd/schema-types.js';

// ajv-formats is CommonJS with a default export object; normalise for ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  a: Ajv,
) => Ajv;

export interface SampleError {
  /** apiserver-style field path: `spec.ports[1].name`. */
  path: string;
  message: string;
}

export interface SampleResult {
  ok: boolean;
  errors: SampleError[];
  /** The object after defaulting and pruning (what the apiserver would store). */
  object: unknown;
  /** Rules that could not be evaluated here (unsupported CEL functions); not counted as errors. */
  skippedRules: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (isObj(v))
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical(v[k])]),
    );
  return v;
}

/** Step 2: defaults, top-down. */
export function applyDefaults(v: unknown, s: JSONSchemaProps): void {
  if (Array.isArray(v)) {
    if (s.items) for (const x of v) applyDefaults(x, s.items);
    return;
  }
  if (!isObj(v)) return;
  for (const [k, ps] of Object.entries(s.properties ?? {})) {
    if (ps.default === undefined) continue;
    if (!(k in v) || (v[k] === null && !ps.nullable)) v[k] = clone(ps.default);
  }
  for (const [k, x] of Object.entries(v)) {
    const ps = s.properties?.[k] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
    if (ps) applyDefaults(x, ps);
  }
}

/** Step 3: pruning (unknown fields, then nulls of non-nullable fields without a default). */
export function pruneObject(v: unknown, s: JSONSchemaProps, root = false): void {
  if (Array.isArray(v)) {
    if (s.items) for (const x of v) pruneObject(x, s.items);
    return;
  }
  if (!isObj(v)) return;
  const keepMeta = root || s['x-kubernetes-embedded-resource'] === true;
  for (const k of Object.keys(v)) {
    // ObjectMeta at the root and in embedded resources is the apiserver's own; the schema does not prune it.
    if (keepMeta && k === 'metadata') continue;
    const ps = s.properties?.[k] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
    if (ps) {
      if (v[k] === null && !ps.nullable && ps.default === undefined) {
        delete v[k];
        continue;
      }
      pruneObject(v[k], ps);
    } else if (!(
      s['x-kubernetes-preserve-unknown-fields'] ||
      (keepMeta && ['apiVersion', 'kind', 'metadata'].includes(k))
    )) {
      delete v[k];
    }
  }
}

/** Step 4's schema translation: structural schema → JSON Schema (draft-07) for ajv. */
export function toJsonSchema(s: JSONSchemaProps, root = false): Obj {
  const out: Obj = {};
  for (const key of [
    'format',
    'enum',
    'minimum',
    'maximum',
    'multipleOf',
    'minLength',
    'maxLength',
    'pattern',
    'minItems',
    'maxItems',
    'minProperties',
    'maxProperties',
  ] as const) {
    if (s[key] !== undefined) out[key] = s[key];
  }
  if (s.exclusiveMinimum && s.minimum !== undefined) {
    out['exclusiveMinimum'] = s.minimum;
    delete out['minimum'];
  }
  if (s.exclusiveMaximum && s.maximum !== undefined) {
    out['exclusiveMaximum'] = s.maximum;
    delete out['maximum'];
  }
  if (s.type) out['type'] = s.type;
  if (s.required) out['required'] = [...s.required];
  if (s.properties)
    out['properties'] = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, toJsonSchema(v)]));
  if (typeof s.additionalProperties === 'object') out['additionalProperties'] = toJsonSchema(s.additionalProperties);
  if (s.items) out['items'] = toJsonSchema(s.items);
  for (const key of ['anyOf', 'allOf', 'oneOf'] as const) if (s[key]) out[key] = s[key]!.map((x) => toJsonSchema(x));
  if (s.not) out['not'] = toJsonSchema(s.not);
  if (s['x-kubernetes-embedded-resource']) {
    // The apiserver requires apiVersion and kind (non-empty) in embedded objects.
    const props = (out['properties'] ??= {}) as Obj;
    props['apiVersion'] ??= { type: 'string', minLength: 1 };
    props['kind'] ??= { type: 'string', minLength: 1 };
    props['metadata'] ??= { type: 'object' };
    out['required'] = [...new Set([...((out['required'] as string[] | undefined) ?? []), 'apiVersion', 'kind'])];
  }
  if (s.nullable) {
    return { anyOf: [{ type: 'null' }, out] };
  }
  void root;
  return out;
}

function pathOf(instancePath: string): string {
  if (instancePath === '') return '';
  return instancePath
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc === '' ? part : `${acc}.${part}`), '');
}

function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base === '' ? key : `${base}.${key}`;
}

function ajvErrors(errors: readonly ErrorObject[]): SampleError[] {
  const out: SampleError[] = [];
  for (const e of errors) {
    // anyOf branches of nullable / int-or-string repeat the same problem; the anyOf error itself suffices.
    if (e.keyword === 'required') {
      out.push({
        path: joinPath(pathOf(e.instancePath), String((e.params as { missingProperty: string }).missingProperty)),
        message: 'Required value',
      });
    } else {
      out.push({
        path: pathOf(e.instancePath),
        message: `${e.keyword}: ${e.message ?? ''}`,
      });
    }
  }
  return out;
}

let ajvInstance: Ajv | undefined;
function ajv(): Ajv {
  if (ajvInstance) return ajvInstance;
  const a = new Ajv({ allErrors: true, strict: false, validateFormats: true });
  addFormats(a);
  const int = (bits: 32 | 64) => ({
    type: 'number' as const,
    validate: (n: number) => Number.isInteger(n) && (bits === 64 || (n >= -(2 ** 31) && n < 2 ** 31)),
  });
  a.addFormat('int32', int(32));
  a.addFormat('int64', int(64));
  for (const f of ['float', 'double']) a.addFormat(f, { type: 'number', validate: () => true });
  a.addFormat('datetime', (x: string) => !Number.isNaN(Date.parse(x)));
  a.addFormat('cidr', /^[0-9a-fA-F:.]+\/\d{1,3}$/);
  a.addFormat('mac', /^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/);
  for (const f of [
    'bsonobjectid',
    'isbn',
    'isbn10',
    'isbn13',
    'creditcard',
    'ssn',
    'hexcolor',
    'rgbcolor',
    'uuid3',
    'uuid4',
    'uuid5',
  ]) {
    a.addFormat(f, () => true);
  }
  ajvInstance = a;
  return a;
}

const compiled = new WeakMap<JSONSchemaProps, ValidateFunction>();

/** CEL input for a value under a schema: integers as bigint (CEL int), objects and lists recursively. */
function celValue(v: unknown, s: JSONSchemaProps | undefined): CelInput {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') {
    const isInt = s?.type === 'integer' || (s?.['x-kubernetes-int-or-string'] === true && Number.isInteger(v));
    return isInt ? BigInt(v) : v;
  }
  if (Array.isArray(v)) return v.map((x) => celValue(x, s?.items));
  if (isObj(v)) {
    const out: Record<string, CelInput> = {};
    for (const [k, x] of Object.entries(v)) {
      const ps =
        s?.properties?.[k] ?? (typeof s?.additionalProperties === 'object' ? s.additionalProperties : undefined);
      out[k] = celValue(x, ps);
    }
    return out;
  }
  return v as CelInput;
}

const env = celEnv({ funcs: strings });

function evalRule(expr: string, self: CelInput): { value?: unknown; error?: string } {
  try {
    const r = plan(env, parse(expr))({ self });
    if (isCelError(r)) return { error: r.message };
    return { value: r };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** Steps 5 and 6 over the whole tree. */
function checkExtensions(v: unknown, s: JSONSchemaProps, path: string, errors: SampleError[], skipped: string[]): void {
  if (v === undefined) return;
  for (const r of s['x-kubernetes-validations'] ?? []) {
    if (/\boldSelf\b/.test(r.rule)) continue; // transition rules do not run on create
    const res = evalRule(r.rule, celValue(v, s));
    if (res.error !== undefined) {
      skipped.push(`${path || '<root>'}: ${r.rule} (${res.error})`);
      continue;
    }
    if (res.value !== true) {
      let msg = r.message ?? `failed rule: ${r.rule}`;
      if (r.messageExpression) {
        const m = evalRule(r.messageExpression, celValue(v, s));
        if (typeof m.value === 'string') msg = m.value;
      }
      errors.push({
        path: r.fieldPath ? path + r.fieldPath.replace(/^\./, path === '' ? '' : '.') : path,
        message: msg,
      });
    }
  }
  if (Array.isArray(v)) {
    const lt = s['x-kubernetes-list-type'];
    if (lt === 'set') {
      v.forEach((x, i) => {
        if (v.findIndex((y) => deepEqual(x, y)) !== i)
          errors.push({
            path: joinPath(path, i),
            message: `Duplicate value: ${JSON.stringify(x)}`,
          });
      });
    } else if (lt === 'map') {
      const keys = s['x-kubernetes-list-map-keys'] ?? [];
      const seen: unknown[] = [];
      v.forEach((x, i) => {
        if (!isObj(x)) return;
        const k = keys.map((name) => x[name]);
        if (seen.some((o) => deepEqual(o, k)))
          errors.push({
            path: joinPath(path, i),
            message: `Duplicate value: ${JSON.stringify(Object.fromEntries(keys.map((n) => [n, x[n]])))}`,
          });
        seen.push(k);
      });
    }
    if (s.items) v.forEach((x, i) => checkExtensions(x, s.items!, joinPath(path, i), errors, skipped));
    return;
  }
  if (isObj(v)) {
    for (const [k, x] of Object.entries(v)) {
      const ps = s.properties?.[k] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
      if (ps) checkExtensions(x, ps, joinPath(path, k), errors, skipped);
    }
  }
}

/** Validates one sample object against a CRD, as a create request. */
export function validateSample(crd: CustomResourceDefinition, sample: unknown): SampleResult {
  const errors: SampleError[] = [];
  if (!isObj(sample))
    return {
      ok: false,
      errors: [{ path: '', message: 'a custom resource must be an object' }],
      object: sample,
      skippedRules: [],
    };
  const apiVersion = sample['apiVersion'];
  const [group, versionName] =
    typeof apiVersion === 'string' && apiVersion.includes('/') ? apiVersion.split('/') : ['', ''];
  if (group !== crd.spec.group)
    errors.push({
      path: 'apiVersion',
      message: `group must be ${crd.spec.group}`,
    });
  if (sample['kind'] !== crd.spec.names.kind) errors.push({ path: 'kind', message: `must be ${crd.spec.names.kind}` });
  const version = crd.spec.versions.find((v) => v.name === versionName);
  if (!version || !version.served) {
    errors.push({
      path: 'apiVersion',
      message: `version ${String(versionName)} is not served`,
    });
    return { ok: false, errors, object: sample, skippedRules: [] };
  }
  const schema = version.schema.openAPIV3Schema;
  const obj = clone(sample);
  applyDefaults(obj, schema);
  pruneObject(obj, schema, true);
  const meta = obj['metadata'];
  if (!isObj(meta) || (typeof meta['name'] !== 'string' && typeof meta['generateName'] !== 'string')) {
    errors.push({
      path: 'metadata.name',
      message: 'Required value: name or generateName is required',
    });
  }
  let validate = compiled.get(schema);
  if (!validate) {
    const js = toJsonSchema(schema, true);
    // The apiserver validates metadata as ObjectMeta itself; the schema only says object.
    validate = ajv().compile(js);
    compiled.set(schema, validate);
  }
  if (!validate(obj)) errors.push(...ajvErrors(validate.errors ?? []));
  const skipped: string[] = [];
  checkExtensions(obj, schema, '', errors, skipped);
  return {
    ok: errors.length === 0,
    errors,
    object: obj,
    skippedRules: skipped,
  };
}
