/**
 * CRD markers as typed values that apply themselves to a schema. One table maps a marker name to its
 * apply function; every validation marker also exists in the `kubebuilder:validation:items:<Name>` form,
 * which applies the same function to the array's `items`.
 *
 * Markers are applied in priority order (lower first): `Schemaless` (replaces the schema with `{}`),
 * then `Type` and `XIntOrString` (replace the type), then everything else in source order, so a later
 * marker of the same name wins. Type-level markers (on a struct or alias) are applied where the type is
 * used, before the field's own markers, so the field's win.
 */
import type { Marker, MarkerValue, SourcePos } from '../../model/types.js';
import { intOrStringSchema } from './wellknown.js';
import type { JSONSchemaProps, SchemaType, ValidationRule } from './schema-types.js';

/** Where the marker stands and how to report about it. */
export interface ApplyContext {
  /** What the schema describes, for messages: `field "replicas"` or `type Foo`. */
  subject: string;
  error(pos: SourcePos, code: string, message: string): void;
  warn(pos: SourcePos, code: string, message: string): void;
  /** Records where a created schema piece (e.g. a validation rule) came from. */
  track?(node: object, pos: SourcePos): void;
  /** Records where the `default` of a schema node came from. */
  trackDefault?(node: JSONSchemaProps, pos: SourcePos): void;
}

export interface MarkerApplier {
  /** Lower runs first. */
  priority: number;
  /** Returns a replacement schema, or mutates `s` in place and returns undefined. */
  apply(s: JSONSchemaProps, m: Marker, ctx: ApplyContext): JSONSchemaProps | undefined;
}

const V = 'kubebuilder:validation:';
export const ITEMS_PREFIX = `${V}items:`;

/** Formats the OpenAPI/apiserver understands; others are accepted by the apiserver but ignored (warning). */
export const KNOWN_FORMATS: ReadonlySet<string> = new Set([
  'bsonobjectid',
  'uri',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'cidr',
  'mac',
  'uuid',
  'uuid3',
  'uuid4',
  'uuid5',
  'isbn',
  'isbn10',
  'isbn13',
  'creditcard',
  'ssn',
  'hexcolor',
  'rgbcolor',
  'byte',
  'password',
  'date',
  'duration',
  'datetime',
  'date-time',
  'int32',
  'int64',
  'float',
  'double',
]);

export const VALIDATION_REASONS = [
  'FieldValueDuplicate',
  'FieldValueForbidden',
  'FieldValueInvalid',
  'FieldValueRequired',
];

function show(v: MarkerValue): string {
  return JSON.stringify(v);
}

/** Why `v` cannot be a value of `s`'s type, or undefined when it can. */
function enumValueProblem(v: unknown, s: JSONSchemaProps): string | undefined {
  if (v === null) return s.nullable ? undefined : 'is null';
  const kind = Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : typeof v === 'number' ? (Number.isInteger(v) ? 'an integer' : 'a number') : `a ${typeof v}`;
  if (s['x-kubernetes-int-or-string']) return typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v)) ? undefined : `is ${kind}`;
  switch (s.type) {
    case undefined:
      return undefined;
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v) ? undefined : `is ${kind}`;
    case 'number':
      return typeof v === 'number' ? undefined : `is ${kind}`;
    case 'string':
    case 'boolean':
      return typeof v === s.type ? undefined : `is ${kind}`;
    case 'array':
      return Array.isArray(v) ? undefined : `is ${kind}`;
    case 'object':
      return typeof v === 'object' && !Array.isArray(v) ? undefined : `is ${kind}`;
    default:
      return undefined;
  }
}

function describeType(s: JSONSchemaProps): string {
  if (s['x-kubernetes-int-or-string']) return 'int-or-string';
  return s.type ?? 'untyped';
}

function asNumber(m: Marker, ctx: ApplyContext): number | undefined {
  if (typeof m.value === 'number' && Number.isFinite(m.value)) return m.value;
  ctx.error(m.pos, 'invalid-marker-value', `+${m.name} needs a number, got ${show(m.value)}`);
  return undefined;
}

function asNonNegativeInt(m: Marker, ctx: ApplyContext): number | undefined {
  if (typeof m.value === 'number' && Number.isInteger(m.value) && m.value >= 0) return m.value;
  ctx.error(m.pos, 'invalid-marker-value', `+${m.name} needs a non-negative whole number, got ${show(m.value)}`);
  return undefined;
}

function asString(m: Marker, ctx: ApplyContext, v: MarkerValue = m.value): string | undefined {
  if (typeof v === 'string') return v;
  ctx.error(m.pos, 'invalid-marker-value', `+${m.name} needs a string, got ${show(v)}`);
  return undefined;
}

function asStringList(m: Marker, ctx: ApplyContext): string[] | undefined {
  const v = m.value;
  const list = Array.isArray(v) ? v : [v];
  if (list.every((x): x is string => typeof x === 'string')) return list;
  ctx.error(m.pos, 'invalid-marker-value', `+${m.name} needs a list of field names (a;b or {a,b}), got ${show(v)}`);
  return undefined;
}

function isFlagOn(v: MarkerValue): boolean {
  return v !== false;
}

/** Checks the schema has one of `types` (int-or-string counts as integer and string); reports otherwise. */
function requireType(s: JSONSchemaProps, m: Marker, ctx: ApplyContext, types: readonly SchemaType[]): boolean {
  if (s['x-kubernetes-int-or-string'] && (types.includes('integer') || types.includes('string'))) return true;
  if (s.type === undefined && s['x-kubernetes-preserve-unknown-fields']) {
    // Untyped (any JSON): the validation applies to whatever value is present; the apiserver accepts it.
    return true;
  }
  if (s.type !== undefined && types.includes(s.type)) return true;
  const want = types.length === 1 ? types[0]! : `${types.slice(0, -1).join(', ')} or ${types[types.length - 1]!}`;
  ctx.error(
    m.pos,
    'marker-type-mismatch',
    `+${m.name} applies to ${want} schemas, but ${ctx.subject} is ${describeType(s)}; remove the marker or change the type`,
  );
  return false;
}

const numeric = ['integer', 'number'] as const;

function numberBound(key: 'minimum' | 'maximum' | 'multipleOf'): MarkerApplier {
  return {
    priority: 10,
    apply(s, m, ctx) {
      const n = asNumber(m, ctx);
      if (n === undefined || !requireType(s, m, ctx, numeric)) return undefined;
      if (s.type === 'integer' && !Number.isInteger(n)) {
        ctx.error(m.pos, 'invalid-marker-value', `+${m.name}=${n} on an integer field must be a whole number`);
        return undefined;
      }
      if (key === 'multipleOf' && n <= 0) {
        ctx.error(m.pos, 'invalid-marker-value', `+${m.name} must be greater than 0, got ${n}`);
        return undefined;
      }
      s[key] = n;
      return undefined;
    },
  };
}

function intBound(
  key: 'minLength' | 'maxLength' | 'minItems' | 'maxItems' | 'minProperties' | 'maxProperties',
  types: readonly SchemaType[],
): MarkerApplier {
  return {
    priority: 10,
    apply(s, m, ctx) {
      const n = asNonNegativeInt(m, ctx);
      if (n === undefined || !requireType(s, m, ctx, types)) return undefined;
      s[key] = n;
      return undefined;
    },
  };
}

function flag(key: 'exclusiveMinimum' | 'exclusiveMaximum', types: readonly SchemaType[]): MarkerApplier {
  return {
    priority: 10,
    apply(s, m, ctx) {
      if (!requireType(s, m, ctx, types)) return undefined;
      if (isFlagOn(m.value)) s[key] = true;
      else delete s[key];
      return undefined;
    },
  };
}

/** Constructs RE2 (the apiserver's regex engine) refuses although JavaScript accepts them. */
const NON_RE2 = /\(\?<?[=!]|\\[1-9]|\\k</;

/** Why a pattern is not a valid RE2 regular expression, or undefined when it is. */
export function patternProblem(pattern: string): string | undefined {
  // RE2 syntax JavaScript lacks, mapped to equivalents for the syntax check: inline flags, \A and \z.
  const js = pattern
    .replace(/\(\?[imsU-]+\)/g, '')
    .replace(/\(\?[imsU-]+:/g, '(?:')
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$');
  try {
    new RegExp(js);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return msg.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
  }
  const m = NON_RE2.exec(pattern);
  if (m)
    return `"${m[0]}" (lookaround or backreference) is not supported by RE2, the apiserver's regular expression engine`;
  return undefined;
}

function listOfRules(s: JSONSchemaProps): ValidationRule[] {
  return (s['x-kubernetes-validations'] ??= []);
}

function xValidation(m: Marker, ctx: ApplyContext): ValidationRule | undefined {
  const v = m.value;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    ctx.error(
      m.pos,
      'invalid-marker-value',
      `+${m.name} needs rule=... (and optionally message, messageExpression, reason, fieldPath, optionalOldSelf)`,
    );
    return undefined;
  }
  const rule = v['rule'];
  if (typeof rule !== 'string' || rule.trim() === '') {
    ctx.error(m.pos, 'invalid-marker-value', `+${m.name} needs a non-empty rule=...`);
    return undefined;
  }
  const out: ValidationRule = { rule };
  for (const key of ['message', 'messageExpression', 'reason', 'fieldPath'] as const) {
    const x = v[key];
    if (x === undefined) continue;
    const sv = asString(m, ctx, x);
    if (sv !== undefined) out[key] = sv;
  }
  const oos = v['optionalOldSelf'];
  if (oos === true) out.optionalOldSelf = true;
  return out;
}

function oneOfRule(kind: 'AtMostOneOf' | 'ExactlyOneOf' | 'AtLeastOneOf'): MarkerApplier {
  return {
    priority: 20,
    apply(s, m, ctx) {
      const names = asStringList(m, ctx);
      if (!names) return undefined;
      if (names.length < 2) {
        ctx.error(m.pos, 'invalid-marker-value', `+${m.name} needs at least two field names, got ${show(m.value)}`);
        return undefined;
      }
      if (!requireType(s, m, ctx, ['object'])) return undefined;
      const unknown = names.filter((n) => !s.properties || !Object.hasOwn(s.properties, n));
      if (unknown.length > 0) {
        ctx.error(
          m.pos,
          'unknown-field',
          `+${m.name} names ${unknown.map((n) => `"${n}"`).join(', ')}, which ${unknown.length === 1 ? 'is not a field' : 'are not fields'} of ${ctx.subject}`,
        );
        return undefined;
      }
      const sel = names.map((n) => `has(self.${n})`).join(', ');
      const count = `[${sel}].filter(x, x).size()`;
      const list = `[${names.join(', ')}]`;
      const [op, msg] =
        kind === 'AtMostOneOf'
          ? ['<= 1', `at most one of the fields in ${list} may be set`]
          : kind === 'ExactlyOneOf'
            ? ['== 1', `exactly one of the fields in ${list} must be set`]
            : ['>= 1', `at least one of the fields in ${list} must be set`];
      const r: ValidationRule = { rule: `${count} ${op}`, message: msg };
      listOfRules(s).push(r);
      ctx.track?.(r, m.pos);
      return undefined;
    },
  };
}

const noop: MarkerApplier = { priority: 100, apply: () => undefined };

/** The appliers of the validation markers that also exist in the `items:` form (names after the prefix). */
const VALIDATION_APPLIERS: Readonly<Record<string, MarkerApplier>> = {
  Minimum: numberBound('minimum'),
  Maximum: numberBound('maximum'),
  MultipleOf: numberBound('multipleOf'),
  ExclusiveMinimum: flag('exclusiveMinimum', numeric),
  ExclusiveMaximum: flag('exclusiveMaximum', numeric),
  MinLength: intBound('minLength', ['string']),
  MaxLength: intBound('maxLength', ['string']),
  MinItems: intBound('minItems', ['array']),
  MaxItems: intBound('maxItems', ['array']),
  MinProperties: intBound('minProperties', ['object']),
  MaxProperties: intBound('maxProperties', ['object']),
  Pattern: {
    priority: 10,
    apply(s, m, ctx) {
      const p = asString(m, ctx);
      if (p === undefined || !requireType(s, m, ctx, ['string'])) return undefined;
      const problem = patternProblem(p);
      if (problem !== undefined) {
        ctx.error(
          m.pos,
          'invalid-pattern',
          `+${m.name}: ${JSON.stringify(p)} is not a valid regular expression: ${problem}`,
        );
        return undefined;
      }
      s.pattern = p;
      return undefined;
    },
  },
  Format: {
    priority: 10,
    apply(s, m, ctx) {
      const f = asString(m, ctx);
      if (f === undefined) return undefined;
      if (!KNOWN_FORMATS.has(f)) {
        ctx.warn(
          m.pos,
          'unknown-format',
          `+${m.name}=${f} is not a format the apiserver knows; it will not be validated`,
        );
      }
      s.format = f;
      return undefined;
    },
  },
  Enum: {
    priority: 10,
    apply(s, m, ctx) {
      const values = Array.isArray(m.value) ? m.value : [m.value];
      if (values.length === 0) {
        ctx.error(m.pos, 'invalid-marker-value', `+${m.name} needs at least one value`);
        return undefined;
      }
      // Each value must be of the field's type: an enum no valid object can satisfy is a mistake.
      for (const v of values) {
        const problem = enumValueProblem(v, s);
        if (problem !== undefined) {
          ctx.error(
            m.pos,
            'enum-type-mismatch',
            `+${m.name} value ${JSON.stringify(v)} ${problem}, but ${ctx.subject} is of type ${describeType(s)}; write values of that type (quote strings, no quotes for numbers)`,
          );
          return undefined;
        }
      }
      s.enum = values;
      return undefined;
    },
  },
  UniqueItems: {
    priority: 10,
    apply(_s, m, ctx) {
      if (isFlagOn(m.value)) {
        ctx.error(
          m.pos,
          'unique-items-refused',
          `+${m.name}=true is refused by the apiserver (uniqueItems: true has quadratic cost); use +listType=set for a list of unique scalars`,
        );
      }
      return undefined;
    },
  },
  Type: {
    priority: 1,
    apply(s, m, ctx) {
      const t = asString(m, ctx);
      if (t === undefined) return undefined;
      const allowed: readonly string[] = ['object', 'array', 'string', 'integer', 'number', 'boolean'];
      if (!allowed.includes(t)) {
        ctx.error(
          m.pos,
          'invalid-marker-value',
          `+${m.name}=${t} is not a schema type; use one of ${allowed.join(', ')}`,
        );
        return undefined;
      }
      const out: JSONSchemaProps = { type: t as SchemaType };
      if (s.description !== undefined) out.description = s.description;
      // `T | null` stays nullable: like controller-gen, the marker changes the type, not the nullability.
      if (s.nullable) out.nullable = true;
      if (t === 'array') out.items = s.items ?? { 'x-kubernetes-preserve-unknown-fields': true };
      if (t === 'object' && s.properties) {
        out.properties = s.properties;
        if (s.required) out.required = s.required;
      }
      if (t === 'object' && s.additionalProperties !== undefined && !s.properties)
        out.additionalProperties = s.additionalProperties;
      if (t === 'object' && s['x-kubernetes-preserve-unknown-fields'])
        out['x-kubernetes-preserve-unknown-fields'] = true;
      return out;
    },
  },
  XIntOrString: {
    priority: 2,
    apply(s) {
      const out = intOrStringSchema();
      if (s.description !== undefined) out.description = s.description;
      return out;
    },
  },
  Schemaless: {
    priority: 0,
    apply(s) {
      const out: JSONSchemaProps = {};
      if (s.description !== undefined) out.description = s.description;
      return out;
    },
  },
  EmbeddedResource: embedded(),
  XEmbeddedResource: embedded(),
  XPreserveUnknownFields: {
    priority: 10,
    apply(s, m) {
      if (isFlagOn(m.value)) s['x-kubernetes-preserve-unknown-fields'] = true;
      return undefined;
    },
  },
  XValidation: {
    priority: 20,
    apply(s, m, ctx) {
      const r = xValidation(m, ctx);
      if (r) {
        listOfRules(s).push(r);
        ctx.track?.(r, m.pos);
      }
      return undefined;
    },
  },
  Nullable: {
    priority: 10,
    apply(s, m) {
      if (isFlagOn(m.value)) s.nullable = true;
      return undefined;
    },
  },
  Required: noop,
  Optional: noop,
};

function embedded(): MarkerApplier {
  return {
    priority: 5,
    apply(s, m, ctx) {
      if (s.type !== undefined && s.type !== 'object') {
        requireType(s, m, ctx, ['object']);
        return undefined;
      }
      s.type = 'object';
      s['x-kubernetes-embedded-resource'] = true;
      if (!s.properties) s['x-kubernetes-preserve-unknown-fields'] = true;
      return undefined;
    },
  };
}

function setExt(
  key: 'x-kubernetes-list-type' | 'x-kubernetes-map-type',
  values: readonly string[],
  types: readonly SchemaType[],
): MarkerApplier {
  return {
    priority: 10,
    apply(s, m, ctx) {
      const v = asString(m, ctx);
      if (v === undefined) return undefined;
      if (!values.includes(v)) {
        ctx.error(m.pos, 'invalid-marker-value', `+${m.name}=${v} is not supported; use one of ${values.join(', ')}`);
        return undefined;
      }
      if (!requireType(s, m, ctx, types)) return undefined;
      s[key] = v;
      return undefined;
    },
  };
}

const listMapKey: MarkerApplier = {
  priority: 10,
  apply(s, m, ctx) {
    const keys = Array.isArray(m.value) ? m.value : [m.value];
    if (!requireType(s, m, ctx, ['array'])) return undefined;
    for (const k of keys) {
      const key = asString(m, ctx, k);
      if (key === undefined) continue;
      const list = (s['x-kubernetes-list-map-keys'] ??= []);
      if (!list.includes(key)) list.push(key);
    }
    return undefined;
  },
};

const immutable: MarkerApplier = {
  priority: 20,
  apply(s, m, ctx) {
    if (!isFlagOn(m.value)) return undefined;
    const rules = listOfRules(s);
    if (!rules.some((r) => r.rule === 'self == oldSelf')) {
      const r: ValidationRule = {
        rule: 'self == oldSelf',
        message: 'Value is immutable',
      };
      rules.push(r);
      ctx.track?.(r, m.pos);
    }
    return undefined;
  },
};

/** Every marker the CRD generator applies to schemas, by registered name. */
export const SCHEMA_APPLIERS: ReadonlyMap<string, MarkerApplier> = (() => {
  const m = new Map<string, MarkerApplier>();
  for (const [name, a] of Object.entries(VALIDATION_APPLIERS)) m.set(V + name, a);
  m.set(`${V}AtMostOneOf`, oneOfRule('AtMostOneOf'));
  m.set(`${V}ExactlyOneOf`, oneOfRule('ExactlyOneOf'));
  m.set(`${V}AtLeastOneOf`, oneOfRule('AtLeastOneOf'));
  m.set('nullable', VALIDATION_APPLIERS['Nullable']!);
  const setDefault: MarkerApplier = {
    priority: 30,
    apply(s, mk, ctx) {
      s.default = mk.value;
      ctx.trackDefault?.(s, mk.pos);
      return undefined;
    },
  };
  m.set('kubebuilder:default', setDefault);
  m.set('default', setDefault);
  m.set('kubebuilder:example', {
    priority: 30,
    apply(s, mk) {
      s.example = mk.value;
      return undefined;
    },
  });
  m.set('kubebuilder:title', {
    priority: 30,
    apply(s, mk, ctx) {
      const t = asString(mk, ctx);
      if (t !== undefined) s.title = t;
      return undefined;
    },
  });
  m.set('kubebuilder:externalDocs', {
    priority: 30,
    apply(s, mk, ctx) {
      const v = mk.value;
      if (v === null || typeof v !== 'object' || Array.isArray(v)) {
        ctx.error(mk.pos, 'invalid-marker-value', `+${mk.name} needs url=... and/or description=...`);
        return undefined;
      }
      const docs: { url?: string; description?: string } = {};
      if (typeof v['url'] === 'string') docs.url = v['url'];
      if (typeof v['description'] === 'string') docs.description = v['description'];
      s.externalDocs = docs;
      return undefined;
    },
  });
  const listType = setExt('x-kubernetes-list-type', ['atomic', 'set', 'map'], ['array']);
  const mapType = setExt('x-kubernetes-map-type', ['atomic', 'granular'], ['object']);
  for (const prefix of ['', 'k8s:']) {
    m.set(`${prefix}listType`, listType);
    m.set(`${prefix}listMapKey`, listMapKey);
    m.set(`${prefix}mapType`, mapType);
    m.set(`${prefix}structType`, mapType);
  }
  m.set('kubebuilder:pruning:PreserveUnknownFields', {
    priority: 10,
    apply(s, mk) {
      if (isFlagOn(mk.value)) s['x-kubernetes-preserve-unknown-fields'] = true;
      return undefined;
    },
  });
  m.set('k8s:immutable', immutable);
  for (const name of ['optional', 'required', 'k8s:optional', 'k8s:required']) m.set(name, noop);
  const enumFlag: MarkerApplier = {
    priority: 40,
    apply(s, mk, ctx) {
      if (isFlagOn(mk.value) && s.enum === undefined) {
        ctx.warn(
          mk.pos,
          'enum-without-values',
          `+${mk.name} has no effect on ${ctx.subject}: it has no literal values; declare it as a union of string literals ('A' | 'B')`,
        );
      }
      return undefined;
    },
  };
  m.set('k8s:enum', enumFlag);
  m.set('enum', enumFlag);
  return m;
})();

/** The applier for a marker name, including the `items:` forms (wrapped to apply to `items`). */
export function applierFor(name: string): MarkerApplier | undefined {
  const direct = SCHEMA_APPLIERS.get(name);
  if (direct) return direct;
  if (!name.startsWith(ITEMS_PREFIX)) return undefined;
  const inner = VALIDATION_APPLIERS[name.slice(ITEMS_PREFIX.length)];
  if (!inner) return undefined;
  return {
    priority: inner.priority + 50,
    apply(s, m, ctx) {
      if (s.type !== 'array' || !s.items) {
        ctx.error(
          m.pos,
          'marker-type-mismatch',
          `+${m.name} applies to the items of an array, but ${ctx.subject} is ${describeType(s)}`,
        );
        return undefined;
      }
      const replaced = inner.apply(s.items, m, {
        ...ctx,
        subject: `the items of ${ctx.subject}`,
      });
      if (replaced) s.items = replaced;
      return undefined;
    },
  };
}

/**
 * Applies the markers that have appliers to `schema`, in priority order (stable: source order within a
 * priority), and returns the resulting schema (a replacement when a marker replaced it).
 */
export function applyMarkers(schema: JSONSchemaProps, markers: readonly Marker[], ctx: ApplyContext): JSONSchemaProps {
  const todo: { m: Marker; a: MarkerApplier; i: number }[] = [];
  markers.forEach((m, i) => {
    const a = applierFor(m.name);
    if (a) todo.push({ m, a, i });
  });
  todo.sort((x, y) => x.a.priority - y.a.priority || x.i - y.i);
  let s = schema;
  for (const { m, a } of todo) {
    const r = a.apply(s, m, ctx);
    if (r) s = r;
  }
  return s;
}

/** Whether the markers make the element immutable (`+k8s:immutable`). */
export function isImmutable(markers: readonly Marker[]): boolean {
  return markers.some((m) => m.name === 'k8s:immutable' && isFlagOn(m.value));
}
