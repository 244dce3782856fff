/**
 * CRD markers: controller-gen's schema (validation, defaults, topology, pruning) and CRD-level
 * (resource names, subresources, printer columns, versions, metadata) markers, plus the Kubernetes
 * `+k8s:` spellings. Names and argument keys are spelled exactly as in Go (`JSONPath`, `specpath`,
 * `shortName`).
 *
 * How each value appears in `Marker.value` (consumer: the crd generator):
 *
 * Schema markers (field and type; each also as `kubebuilder:validation:items:<X>` for array elements):
 *   Maximum, Minimum, MultipleOf                          number (integral-ness is checked against the schema type by the CRD generator)
 *   ExclusiveMaximum, ExclusiveMinimum, UniqueItems       boolean (bare = true)
 *   MaxLength, MinLength, MaxItems, MinItems,
 *   MaxProperties, MinProperties                          number, a whole number >= 0
 *   Pattern, Format                                       string
 *   Enum                                                  MarkerValue[] (mixed JSON values: `A;B;1;true`)
 *   Type                                                  'string'|'number'|'integer'|'boolean'|'object'|'array'
 *   XPreserveUnknownFields, XEmbeddedResource, XIntOrString   boolean
 *   XValidation (repeatable)                              { rule: string, message?: string, messageExpression?: string,
 *                                                           reason?: 'FieldValueInvalid'|'FieldValueForbidden'|
 *                                                                    'FieldValueRequired'|'FieldValueDuplicate',
 *                                                           fieldPath?: string, optionalOldSelf?: boolean }
 * Type-only: kubebuilder:validation:AtMostOneOf / ExactlyOneOf / AtLeastOneOf (repeatable)   string[] of field (JSON) names
 * Field-only:
 *   kubebuilder:validation:EmbeddedResource, kubebuilder:validation:Schemaless   boolean
 *   kubebuilder:default                                   MarkerValue (marker literal: `1`, `Cluster`, `{a,b}`, `{k: v}`, `{}`)
 *   default                                               MarkerValue (parsed JSON)
 *   kubebuilder:example                                   MarkerValue (marker literal)
 *   k8s:immutable                                         boolean
 * Field and type:
 *   kubebuilder:title                                     string
 *   kubebuilder:externalDocs                              { url: string, description?: string }
 *   listType, k8s:listType                                'atomic'|'set'|'map'
 *   listMapKey, k8s:listMapKey (repeatable)               string (one key per marker; keys in marker order)
 *   mapType, structType                                   'granular'|'atomic'
 *   kubebuilder:pruning:PreserveUnknownFields             boolean
 * Type-only: k8s:enum, enum                               boolean
 *
 * Kind markers (on the root type of a version):
 *   kubebuilder:subresource:status                        boolean
 *   kubebuilder:subresource:scale                         { specpath: string, statuspath: string, selectorpath?: string }
 *   kubebuilder:printcolumn (repeatable)                  { name: string, type: 'integer'|'number'|'string'|'boolean'|'date',
 *                                                           JSONPath: string, description?: string, format?: string,
 *                                                           priority?: number }
 *   kubebuilder:resource                                  { path?: string, shortName?: string[], categories?: string[],
 *                                                           singular?: string, scope?: 'Namespaced'|'Cluster' }
 *   kubebuilder:storageversion, kubebuilder:unservedversion, kubebuilder:skipversion   boolean
 *   kubebuilder:deprecatedversion                         { warning?: string }
 *   kubebuilder:selectablefield (repeatable)              { JSONPath: string }
 *   kubebuilder:metadata (repeatable)                     { annotations?: string[], labels?: string[] } each entry "key=value"
 */
import type { ArgType, MarkerDefinition, MarkerTarget, MarkerValue } from '../types.js';

const OWNER = 'crd';
const FIELD_TYPE: readonly MarkerTarget[] = ['field', 'type'];

export const VALIDATION_PREFIX = 'kubebuilder:validation:';
export const VALIDATION_ITEMS_PREFIX = 'kubebuilder:validation:items:';

const nonNegative = (v: MarkerValue): string | undefined =>
  typeof v === 'number' && v < 0 ? `${v} is negative: use a whole number >= 0` : undefined;

const nonEmptyString = (what: string) => (v: MarkerValue): string | undefined =>
  v === '' ? `${what} is empty: give a value` : undefined;

interface SchemaMarker {
  /** Name after `kubebuilder:validation:`. */
  short: string;
  arg: ArgType;
  doc: string;
  repeatable?: boolean;
  example?: string;
  validate?: MarkerDefinition['validate'];
}

/** Markers valid on fields and types, each also in the `items:` form (as controller-tools registers them). */
const SCHEMA_MARKERS: readonly SchemaMarker[] = [
  { short: 'Maximum', arg: { kind: 'number' }, doc: 'Largest allowed value (schema `maximum`).', example: '+kubebuilder:validation:Maximum=10' },
  { short: 'Minimum', arg: { kind: 'number' }, doc: 'Smallest allowed value (schema `minimum`); negative numbers allowed.', example: '+kubebuilder:validation:Minimum=1' },
  { short: 'ExclusiveMaximum', arg: { kind: 'flag' }, doc: 'The maximum itself is not allowed.' },
  { short: 'ExclusiveMinimum', arg: { kind: 'flag' }, doc: 'The minimum itself is not allowed.' },
  { short: 'MultipleOf', arg: { kind: 'number' }, doc: 'The value must be a multiple of this number (whole for integers).', example: '+kubebuilder:validation:MultipleOf=2', validate: (v) => (v === 0 ? 'MultipleOf must not be 0: use a positive number' : typeof v === 'number' && v < 0 ? `${v} is negative: use a positive number` : undefined) },
  { short: 'MaxLength', arg: { kind: 'int' }, doc: 'Longest allowed string.', example: '+kubebuilder:validation:MaxLength=63', validate: nonNegative },
  { short: 'MinLength', arg: { kind: 'int' }, doc: 'Shortest allowed string.', example: '+kubebuilder:validation:MinLength=1', validate: nonNegative },
  { short: 'Pattern', arg: { kind: 'string' }, doc: 'The string must match this regular expression (write it in backquotes).', example: '+kubebuilder:validation:Pattern=`^[a-z]+$`', validate: nonEmptyString('the pattern') },
  { short: 'MaxItems', arg: { kind: 'int' }, doc: 'Longest allowed list.', example: '+kubebuilder:validation:MaxItems=10', validate: nonNegative },
  { short: 'MinItems', arg: { kind: 'int' }, doc: 'Shortest allowed list.', example: '+kubebuilder:validation:MinItems=1', validate: nonNegative },
  { short: 'UniqueItems', arg: { kind: 'flag' }, doc: 'Refused by the apiserver (uniqueItems); use +listType=set instead.' },
  { short: 'MaxProperties', arg: { kind: 'int' }, doc: 'Most keys an object or map may have.', example: '+kubebuilder:validation:MaxProperties=5', validate: nonNegative },
  { short: 'MinProperties', arg: { kind: 'int' }, doc: 'Fewest keys an object or map may have.', example: '+kubebuilder:validation:MinProperties=1', validate: nonNegative },
  {
    short: 'Enum',
    arg: { kind: 'list', of: { kind: 'any' } },
    doc: 'The value must be one of these (mixed JSON values allowed).',
    example: '+kubebuilder:validation:Enum=Always;Never;OnFailure',
    validate: (v) => (Array.isArray(v) && v.length === 0 ? 'the enum lists no value: list at least one, e.g. =A;B' : undefined),
  },
  { short: 'Format', arg: { kind: 'string' }, doc: 'OpenAPI format of the value (date-time, email, uri, …).', example: '+kubebuilder:validation:Format=date-time', validate: nonEmptyString('the format') },
  {
    short: 'Type',
    arg: { kind: 'enum', values: ['string', 'number', 'integer', 'boolean', 'object', 'array'] },
    doc: 'Overrides the schema type (applied before the other markers).',
    example: '+kubebuilder:validation:Type=string',
  },
  { short: 'XPreserveUnknownFields', arg: { kind: 'flag' }, doc: 'Deprecated spelling of +kubebuilder:pruning:PreserveUnknownFields.' },
  { short: 'XEmbeddedResource', arg: { kind: 'flag' }, doc: 'The value is an embedded object with apiVersion, kind and metadata.' },
  { short: 'XIntOrString', arg: { kind: 'flag' }, doc: 'The value is an integer or a string (x-kubernetes-int-or-string).' },
  {
    short: 'XValidation',
    arg: {
      kind: 'struct',
      fields: {
        rule: { type: { kind: 'string' }, doc: 'CEL expression that must be true.' },
        message: { type: { kind: 'string' }, optional: true, doc: 'Message shown when the rule fails (one line).' },
        messageExpression: { type: { kind: 'string' }, optional: true, doc: 'CEL expression producing the message.' },
        reason: {
          type: { kind: 'enum', values: ['FieldValueInvalid', 'FieldValueForbidden', 'FieldValueRequired', 'FieldValueDuplicate'] },
          optional: true,
          doc: 'Machine-readable reason returned on failure.',
        },
        fieldPath: { type: { kind: 'string' }, optional: true, doc: 'Path of the field reported on failure.' },
        optionalOldSelf: { type: { kind: 'bool' }, optional: true, doc: 'Evaluate also on create, with oldSelf an optional.' },
      },
    },
    doc: 'A CEL validation rule (x-kubernetes-validations); repeat for several rules.',
    repeatable: true,
    example: '+kubebuilder:validation:XValidation:rule="self.min <= self.max",message="min must not exceed max"',
    validate: (v) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
      if (v['rule'] === '') return 'rule is empty: write a CEL expression, e.g. rule="self.size() > 0"';
      return undefined;
    },
  },
];

function schemaDefs(): MarkerDefinition[] {
  const out: MarkerDefinition[] = [];
  for (const m of SCHEMA_MARKERS) {
    const base: MarkerDefinition = {
      name: VALIDATION_PREFIX + m.short,
      targets: FIELD_TYPE,
      arg: m.arg,
      doc: m.doc,
      owner: OWNER,
      ...(m.repeatable ? { repeatable: true } : {}),
      ...(m.example !== undefined ? { example: m.example } : {}),
      ...(m.validate ? { validate: m.validate } : {}),
    };
    out.push(base);
    const itemsName = VALIDATION_ITEMS_PREFIX + m.short;
    out.push({
      ...base,
      name: itemsName,
      doc: `For each array item: ${lowerFirst(m.doc)}`,
      ...(m.example !== undefined ? { example: m.example.replace(VALIDATION_PREFIX, VALIDATION_ITEMS_PREFIX) } : {}),
    });
  }
  return out;
}

function lowerFirst(s: string): string {
  const word = /^\S+/.exec(s)?.[0] ?? '';
  // Keep acronyms and names (OpenAPI, CEL) as written.
  return /^[A-Z][a-z]*$/.test(word) ? s[0]!.toLowerCase() + s.slice(1) : s;
}

const oneOfValidate = (min: number, name: string) => (v: MarkerValue): string | undefined => {
  if (!Array.isArray(v)) return undefined;
  if (v.length < min) return `list at least ${min} field names, e.g. +kubebuilder:validation:${name}=foo;bar`;
  const seen = new Set<MarkerValue>();
  for (const x of v) {
    if (typeof x === 'string' && !/^[A-Za-z_$][\w$]*$/.test(x)) return `${JSON.stringify(x)} is not a field name: list the JSON names of fields of this type`;
    if (seen.has(x)) return `field ${String(x)} is listed twice: list it once`;
    seen.add(x);
  }
  return undefined;
};

const keyValueList = (what: string) => (v: MarkerValue): string | undefined => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const entries = v[what];
  if (!Array.isArray(entries)) return undefined;
  for (const e of entries) {
    if (typeof e !== 'string' || e.indexOf('=') <= 0) {
      return `${what} entry ${JSON.stringify(e)} is not key=value: write it quoted, e.g. ${what}="example.com/key=value"`;
    }
  }
  return undefined;
};

export const CRD_MARKERS: readonly MarkerDefinition[] = [
  ...schemaDefs(),
  {
    name: 'kubebuilder:validation:AtMostOneOf',
    targets: ['type'],
    arg: { kind: 'list', of: { kind: 'string' } },
    doc: 'At most one of these fields may be set (becomes a CEL rule).',
    owner: OWNER,
    repeatable: true,
    example: '+kubebuilder:validation:AtMostOneOf=foo;bar',
    validate: oneOfValidate(2, 'AtMostOneOf'),
  },
  {
    name: 'kubebuilder:validation:ExactlyOneOf',
    targets: ['type'],
    arg: { kind: 'list', of: { kind: 'string' } },
    doc: 'Exactly one of these fields must be set (becomes a CEL rule).',
    owner: OWNER,
    repeatable: true,
    example: '+kubebuilder:validation:ExactlyOneOf=foo;bar',
    validate: oneOfValidate(1, 'ExactlyOneOf'),
  },
  {
    name: 'kubebuilder:validation:AtLeastOneOf',
    targets: ['type'],
    arg: { kind: 'list', of: { kind: 'string' } },
    doc: 'At least one of these fields must be set (becomes a CEL rule).',
    owner: OWNER,
    repeatable: true,
    example: '+kubebuilder:validation:AtLeastOneOf=foo;bar',
    validate: oneOfValidate(1, 'AtLeastOneOf'),
  },
  {
    name: 'kubebuilder:validation:EmbeddedResource',
    targets: ['field'],
    arg: { kind: 'flag' },
    doc: 'The field is an embedded object with apiVersion, kind and metadata (x-kubernetes-embedded-resource).',
    owner: OWNER,
  },
  {
    name: 'kubebuilder:validation:Schemaless',
    targets: ['field'],
    arg: { kind: 'flag' },
    doc: 'No schema is generated for the field; combine with other markers to describe it.',
    owner: OWNER,
  },
  {
    name: 'kubebuilder:default',
    targets: ['field'],
    arg: { kind: 'any' },
    doc: 'Default value in marker literal syntax (1, true, Cluster, {a,b}, {k: v}, {}); checked against the schema.',
    owner: OWNER,
    example: '+kubebuilder:default={policy: "Delete"}',
  },
  {
    name: 'default',
    targets: ['field'],
    arg: { kind: 'json' },
    doc: 'Default value as JSON ("Cluster", 1.5, [1,2], {"k": "v"}); checked against the schema.',
    owner: OWNER,
    example: '+default="Cluster"',
  },
  {
    name: 'kubebuilder:example',
    targets: ['field'],
    arg: { kind: 'any' },
    doc: 'Example value (schema `example`) in marker literal syntax.',
    owner: OWNER,
    example: '+kubebuilder:example=3',
  },
  {
    name: 'kubebuilder:title',
    targets: FIELD_TYPE,
    arg: { kind: 'string' },
    doc: 'Schema `title`.',
    owner: OWNER,
    example: '+kubebuilder:title="Replica count"',
  },
  {
    name: 'kubebuilder:externalDocs',
    targets: FIELD_TYPE,
    arg: {
      kind: 'struct',
      fields: {
        url: { type: { kind: 'string' }, doc: 'URL of the documentation.' },
        description: { type: { kind: 'string' }, optional: true, doc: 'Short description of the documentation.' },
      },
    },
    doc: 'Schema `externalDocs`.',
    owner: OWNER,
    example: '+kubebuilder:externalDocs:url="https://example.com/docs",description="Guide"',
    validate: (v) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
      const url = v['url'];
      if (typeof url === 'string' && !/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(url)) {
        return `url ${JSON.stringify(url)} is not an absolute URL: write it with a scheme, e.g. https://example.com/docs`;
      }
      return undefined;
    },
  },
  ...topology('listType', { kind: 'enum', values: ['atomic', 'set', 'map'] }, 'How apply merges the list: atomic (replace), set (scalar items, unique) or map (keyed by +listMapKey).', '+listType=map'),
  ...topology('listMapKey', { kind: 'string' }, 'A key field of a +listType=map list; repeat for compound keys.', '+listMapKey=name', true),
  {
    name: 'mapType',
    targets: FIELD_TYPE,
    arg: { kind: 'enum', values: ['granular', 'atomic'] },
    doc: 'How apply merges the map: granular (per key, default) or atomic (replace).',
    owner: OWNER,
    example: '+mapType=atomic',
  },
  {
    name: 'structType',
    targets: FIELD_TYPE,
    arg: { kind: 'enum', values: ['granular', 'atomic'] },
    doc: 'How apply merges the object: granular (per field, default) or atomic (replace).',
    owner: OWNER,
    example: '+structType=atomic',
  },
  {
    name: 'kubebuilder:pruning:PreserveUnknownFields',
    targets: FIELD_TYPE,
    arg: { kind: 'flag' },
    doc: 'Unknown fields are kept, not pruned (x-kubernetes-preserve-unknown-fields).',
    owner: OWNER,
  },
  {
    name: 'k8s:immutable',
    targets: ['field'],
    arg: { kind: 'flag' },
    doc: 'The field cannot change once set (CEL rule self == oldSelf).',
    owner: OWNER,
  },
  {
    name: 'k8s:enum',
    targets: ['type'],
    arg: { kind: 'flag' },
    doc: 'Marks a string alias as an enum; its values are the alias\'s string literals.',
    owner: OWNER,
  },
  {
    name: 'enum',
    targets: ['type'],
    arg: { kind: 'flag' },
    doc: 'Same as +k8s:enum (the openapi-gen spelling).',
    owner: OWNER,
  },
  // Kind / CRD markers.
  {
    name: 'kubebuilder:subresource:status',
    targets: ['type'],
    arg: { kind: 'flag' },
    doc: 'Enables the /status subresource.',
    owner: OWNER,
  },
  {
    name: 'kubebuilder:subresource:scale',
    targets: ['type'],
    arg: {
      kind: 'struct',
      fields: {
        specpath: { type: { kind: 'string' }, doc: 'JSON path of the desired replicas, under .spec.' },
        statuspath: { type: { kind: 'string' }, doc: 'JSON path of the observed replicas, under .status.' },
        selectorpath: { type: { kind: 'string' }, optional: true, doc: 'JSON path of the serialized label selector, under .status.' },
      },
    },
    doc: 'Enables the /scale subresource (kubectl scale, HorizontalPodAutoscaler).',
    owner: OWNER,
    example: '+kubebuilder:subresource:scale:specpath=.spec.replicas,statuspath=.status.replicas,selectorpath=.status.selector',
  },
  {
    name: 'kubebuilder:printcolumn',
    targets: ['type'],
    arg: {
      kind: 'struct',
      fields: {
        name: { type: { kind: 'string' }, doc: 'Column header.' },
        type: { type: { kind: 'enum', values: ['integer', 'number', 'string', 'boolean', 'date'] }, doc: 'Column type.' },
        JSONPath: { type: { kind: 'string' }, doc: 'JSON path of the value, relative to the object.' },
        description: { type: { kind: 'string' }, optional: true, doc: 'Column help text.' },
        format: {
          type: { kind: 'enum', values: ['int32', 'int64', 'float', 'double', 'byte', 'date', 'date-time', 'password'] },
          optional: true,
          doc: 'Column format.',
        },
        priority: { type: { kind: 'int' }, optional: true, doc: '0 shows the column always; higher only with -o wide.' },
      },
    },
    doc: 'Adds a column to kubectl get output; repeat for several columns.',
    owner: OWNER,
    repeatable: true,
    example: '+kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`',
    validate: (v) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
      const p = v['priority'];
      if (typeof p === 'number' && p < 0) return `priority ${p} is negative: use 0 (always shown) or more`;
      if (v['name'] === '') return 'the column name is empty: give a header, e.g. name=Age';
      return undefined;
    },
  },
  {
    name: 'kubebuilder:resource',
    targets: ['type'],
    arg: {
      kind: 'struct',
      fields: {
        path: { type: { kind: 'string' }, optional: true, doc: 'Plural resource name (default: the client-gen plural).' },
        shortName: { type: { kind: 'list', of: { kind: 'string' } }, optional: true, doc: 'Short names for kubectl (a;b).' },
        categories: { type: { kind: 'list', of: { kind: 'string' } }, optional: true, doc: 'Categories such as all (a;b).' },
        singular: { type: { kind: 'string' }, optional: true, doc: 'Singular name (default: lower-case kind).' },
        scope: { type: { kind: 'enum', values: ['Namespaced', 'Cluster'] }, optional: true, doc: 'Scope; must agree with +genclient:nonNamespaced.' },
      },
    },
    doc: 'Names and scope of the CRD.',
    owner: OWNER,
    example: '+kubebuilder:resource:path=networks,shortName=net;nw,categories=all,scope=Namespaced',
  },
  {
    name: 'kubebuilder:storageversion',
    targets: ['type'],
    arg: { kind: 'flag' },
    doc: 'This version is the storage version (exactly one per kind; a lone version is storage).',
    owner: OWNER,
  },
  {
    name: 'kubebuilder:unservedversion',
    targets: ['type'],
    arg: { kind: 'flag' },
    doc: 'This version is not served by the API.',
    owner: OWNER,
  },
  {
    name: 'kubebuilder:deprecatedversion',
    targets: ['type'],
    arg: {
      kind: 'struct',
      fields: { warning: { type: { kind: 'string' }, optional: true, doc: 'Warning returned to clients using the version.' } },
    },
    doc: 'This version is deprecated, with an optional warning.',
    owner: OWNER,
    example: '+kubebuilder:deprecatedversion:warning="v1alpha1 is deprecated; use v1"',
  },
  {
    name: 'kubebuilder:skipversion',
    targets: ['type'],
    arg: { kind: 'flag' },
    doc: 'This version is left out of the CRD.',
    owner: OWNER,
  },
  {
    name: 'kubebuilder:selectablefield',
    targets: ['type'],
    arg: {
      kind: 'struct',
      fields: { JSONPath: { type: { kind: 'string' }, doc: 'JSON path of a field usable in field selectors.' } },
    },
    doc: 'A field usable with --field-selector (at most 8 per version); repeatable.',
    owner: OWNER,
    repeatable: true,
    example: '+kubebuilder:selectablefield:JSONPath=`.spec.color`',
  },
  {
    name: 'kubebuilder:metadata',
    targets: ['type'],
    arg: {
      kind: 'struct',
      fields: {
        annotations: { type: { kind: 'list', of: { kind: 'string' } }, optional: true, doc: 'Annotations "key=value" for the CRD object.' },
        labels: { type: { kind: 'list', of: { kind: 'string' } }, optional: true, doc: 'Labels "key=value" for the CRD object.' },
      },
    },
    doc: 'Annotations and labels for the CRD object itself; repeatable.',
    owner: OWNER,
    repeatable: true,
    example: '+kubebuilder:metadata:annotations="api-approved.kubernetes.io=https://github.com/org/repo/pull/1"',
    validate: (v) => keyValueList('annotations')(v) ?? keyValueList('labels')(v),
  },
];

function topology(name: string, arg: ArgType, doc: string, example: string, repeatable = false): MarkerDefinition[] {
  const base: MarkerDefinition = { name, targets: FIELD_TYPE, arg, doc, owner: OWNER, example, ...(repeatable ? { repeatable: true } : {}) };
  return [base, { ...base, name: `k8s:${name}`, doc: `Same as +${name} (the Kubernetes spelling).`, example: example.replace('+', '+k8s:') }];
}
