/**
 * One CRD schema node → a TypeScript type of the kubegen input language plus the markers that make the
 * CRD generator (src/generators/crd) produce the same node again. This is the inverse of
 * src/generators/crd/schema.ts + apply.ts + wellknown.ts:
 *
 *   type string                         string; `format: date-time` → Time; string enum → 'A' | 'B'
 *   type integer, format int32/int64    int32 / int64; no format → number + Type=integer
 *   type number                         number (a format other than the TS type's → Format marker)
 *   type boolean                        boolean
 *   type array + items                  T[] (items validations → +kubebuilder:validation:items:X)
 *   type object + properties            a named exported interface (KindSpecFoo…)
 *   type object + additionalProperties  Record<string, T>
 *   type object + preserve-unknown      RawExtension (embedded-resource → +…:EmbeddedResource)
 *   preserve-unknown, no type           unknown
 *   x-kubernetes-int-or-string          IntOrString; with the Quantity pattern → Quantity
 *   nullable: true                      T | null
 *   validations, defaults, list/map types, CEL rules, title, externalDocs, example → markers
 *
 * Anything a marker cannot say (allOf/oneOf/not, anyOf other than int-or-string, $ref, …) is a
 * diagnostic at the node's position, never a silent approximation.
 */
import { QUANTITY_PATTERN } from '../generators/crd/wellknown.js';
import { isRecord } from './util.js';
import type { JsonPath } from './yaml.js';
import { namePart, type Decl, type FieldDecl, type MarkerSpec, type NameAllocator } from './decls.js';
import type { MarkerFormatter } from './markers.js';

const V = 'kubebuilder:validation:';
const ITEMS = 'kubebuilder:validation:items:';

/** Marker names (after `kubebuilder:validation:`) that also exist in the `items:` form. */
const ITEMABLE = new Set([
  'Maximum',
  'Minimum',
  'ExclusiveMaximum',
  'ExclusiveMinimum',
  'MultipleOf',
  'MaxLength',
  'MinLength',
  'Pattern',
  'MaxItems',
  'MinItems',
  'MaxProperties',
  'MinProperties',
  'Enum',
  'Format',
  'Type',
  'XPreserveUnknownFields',
  'XEmbeddedResource',
  'XIntOrString',
  'XValidation',
]);

/** Markers only valid on fields (not on type declarations). */
const FIELD_ONLY = new Set(['default', 'kubebuilder:example', `${V}EmbeddedResource`, `${V}Schemaless`]);

/** Markers on an object node that describe the object itself: written on its interface. */
const OBJECT_TYPE_MARKERS = new Set([
  `${V}XValidation`,
  'structType',
  `${V}MinProperties`,
  `${V}MaxProperties`,
  'kubebuilder:pruning:PreserveUnknownFields',
  'kubebuilder:title',
  'kubebuilder:externalDocs',
]);

/** The keywords this converter understands; any other keyword of a node is a diagnostic. */
const KNOWN_KEYWORDS = new Set([
  'type',
  'format',
  'title',
  'description',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'default',
  'example',
  'nullable',
  'maximum',
  'minimum',
  'exclusiveMaximum',
  'exclusiveMinimum',
  'multipleOf',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'maxProperties',
  'minProperties',
  'anyOf',
  'externalDocs',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
]);

const HOW_TO_FIX_KEYWORD: Readonly<Record<string, string>> = {
  allOf: 'kubegen has no marker for allOf: merge the alternatives into the node or express them as +kubebuilder:validation:XValidation CEL rules, then import again',
  oneOf: 'kubegen has no marker for oneOf: express it as a CEL rule (x-kubernetes-validations, e.g. exactly one field set), then import again',
  not: 'kubegen has no marker for not: express it as a CEL rule (x-kubernetes-validations), then import again',
  anyOf: 'only the int-or-string form (anyOf integer/string with x-kubernetes-int-or-string: true) can be imported: express other alternatives as a CEL rule (x-kubernetes-validations)',
  $ref: 'CRD schemas cannot use $ref (the apiserver rejects it): inline the referenced schema',
  definitions: 'CRD schemas cannot hold definitions (the apiserver rejects them): inline them where they are used',
  patternProperties: 'CRD schemas cannot use patternProperties (the apiserver rejects it): use additionalProperties and a CEL rule on the keys',
  dependencies: 'CRD schemas cannot use dependencies (the apiserver rejects it): express it as a CEL rule',
  additionalItems: 'CRD schemas cannot use additionalItems (the apiserver rejects it): remove it',
};

/** Where a node stands: a property (field), the items of an array, the values of a map, or a kind root. */
export type Placement = 'field' | 'items' | 'values';

/** The result of converting one node. */
export interface Converted {
  /** TypeScript type text, without `| null`. */
  type: string;
  nullable: boolean;
  /** Markers for the place that uses the type (the field; for items, prefixed by the parent). */
  markers: MarkerSpec[];
  /** The node's description, for the place that uses the type ('' when it went on a declaration). */
  description: string;
}

export interface SchemaReport {
  error(path: JsonPath, code: string, message: string): void;
  warn(path: JsonPath, code: string, message: string): void;
}

/** One output file of a package: its declarations and what they import. */
export interface OutputTarget {
  /** Declarations in output order (each parent before the types it uses). */
  decls: Decl[];
  /** Runtime names the declarations use (for the import line). */
  runtime: Set<string>;
  /** Names of the package's shared file (`types.ts`) the declarations use. */
  shared: Set<string>;
}

function newTarget(): OutputTarget {
  return { decls: [], runtime: new Set(), shared: new Set() };
}

/** Where an interface shape occurs: the kind and the JSON path as name parts. */
interface Occurrence {
  kind: string;
  parts: string[];
}

/**
 * Converts the schemas of the kinds of one package (a group version) into declarations: each kind's
 * own types go to its file, object shapes that several kinds share to the package's shared file.
 */
export class SchemaConverter {
  /** The file of the kind being converted. */
  private target: OutputTarget = newTarget();
  /** The package's shared file. */
  readonly sharedTarget: OutputTarget = newTarget();

  /** Runtime names of the current target. */
  get runtime(): Set<string> {
    return this.target.runtime;
  }

  /** Declarations of the current target. */
  get decls(): Decl[] {
    return this.target.decls;
  }

  /** Object nodes that become interfaces, by their shape: where they occur. */
  private readonly shapes = new Map<string, Occurrence[]>();
  /** The shape key of each object node, per placement class. */
  private readonly keys = new WeakMap<object, { field?: string; other?: string }>();
  /** The interface made for each shape (so identical nested objects share one declaration). */
  private readonly byShape = new Map<string, Extract<Decl, { kind: 'interface' }>>();

  /**
   * `prefix` starts the type names of the kind being converted (see beginKind). Identical nested object
   * schemas share one interface (see interfaceName for its name); a lone one is named after its whole
   * path (`CertificateSpecPrivateKey`).
   */
  constructor(
    private readonly names: NameAllocator,
    private readonly markers: MarkerFormatter,
    private readonly report: SchemaReport,
    private prefix = '',
  ) {}

  /** Starts (or resumes) the kind `kind`: names get its prefix, declarations go to its file. */
  beginKind(kind: string, target: OutputTarget = newTarget()): OutputTarget {
    this.prefix = kind;
    this.target = target;
    return target;
  }

  /** First pass over a kind's root schema (the properties besides apiVersion, kind and metadata). */
  planKind(kind: string, root: unknown): void {
    this.prefix = kind;
    if (!isRecord(root) || !isRecord(root['properties'])) return;
    for (const [n, p] of Object.entries(root['properties'])) {
      if (n !== 'apiVersion' && n !== 'kind' && n !== 'metadata') this.plan(p, [namePart(n)], 'field');
    }
  }

  /**
   * Whether a shape's interface goes to the shared file: it occurs in several kinds, and the words its
   * paths end with make a name (at least two: `IssuerSpec`, `SpecIssuerRef`) — a lone `Spec` or `Tls`
   * is too generic to share under, so each kind keeps its own.
   */
  private crossKind(key: string): boolean {
    const all = this.shapes.get(key);
    if (all === undefined || !all.some((o) => o.kind !== all[0]!.kind)) return false;
    return commonTail(all.map((o) => [...camelWords(o.kind), ...o.parts])).length >= 2;
  }

  /** The shape key of an object node that becomes an interface, or undefined for any other node. */
  private shapeKey(s: Record<string, unknown>, placement: Placement, parts: readonly string[]): string | undefined {
    if (s['type'] !== 'object' || s['x-kubernetes-int-or-string'] === true || s['additionalProperties'] !== undefined) return undefined;
    const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
    if (s['properties'] === undefined && preserve) return undefined;
    const cls = placement === 'field' ? 'field' : 'other';
    const cached = this.keys.get(s)?.[cls];
    if (cached !== undefined) return cached;
    // The tail from the last property name on (`…Solvers`, `…MatrixItem`) is part of the shape, so a
    // shared interface is named after at least that.
    let i = parts.length - 1;
    while (i > 0 && (parts[i] === 'Item' || parts[i] === 'Value')) i--;
    const props = s['properties'];
    const key = JSON.stringify([
      parts.slice(Math.max(0, i)).join(''),
      isRecord(props) ? Object.entries(props).map(([n, p]) => [n, this.nodeId(p)]) : (props ?? null),
      s['required'] ?? null,
      s['x-kubernetes-map-type'] ?? null,
      s['x-kubernetes-validations'] ?? null,
      s['minProperties'] ?? null,
      s['maxProperties'] ?? null,
      preserve,
      s['title'] ?? null,
      s['externalDocs'] ?? null,
      // Off a field, the description and the embedded-resource flag go on the interface too.
      cls === 'other' ? (s['description'] ?? null) : null,
      cls === 'other' ? s['x-kubernetes-embedded-resource'] === true : null,
    ]);
    this.keys.set(s, { ...this.keys.get(s), [cls]: key });
    return key;
  }

  private readonly ids = new WeakMap<object, number>();
  private readonly interned = new Map<string, number>();

  /**
   * A number identifying a schema node by its content (equal numbers ⇔ equal JSON), computed bottom-up
   * from the children's numbers, so comparing shapes costs linear time however deep the schema is.
   */
  private nodeId(s: unknown): number {
    if (s === null || typeof s !== 'object') return this.intern(JSON.stringify(s) ?? 'undefined');
    const cached = this.ids.get(s);
    if (cached !== undefined) return cached;
    let text: string;
    if (Array.isArray(s)) {
      text = `[${s.map((x) => this.nodeId(x)).join(',')}]`;
    } else {
      const o = s as Record<string, unknown>;
      text = `{${Object.keys(o)
        .map((k) => `${JSON.stringify(k)}:${this.nodeId(o[k])}`)
        .join(',')}}`;
    }
    const id = this.intern(text);
    this.ids.set(s, id);
    return id;
  }

  private intern(text: string): number {
    let id = this.interned.get(text);
    if (id === undefined) {
      id = this.interned.size;
      this.interned.set(text, id);
    }
    return id;
  }

  /** First pass over a kind's schema: where each interface shape occurs. */
  plan(s: unknown, parts: readonly string[], placement: Placement): void {
    if (!isRecord(s)) return;
    const key = this.shapeKey(s, placement, parts);
    if (key !== undefined) {
      const list = this.shapes.get(key);
      // Children of a repeated shape are visited again, so they are named after the same common tail.
      const o = { kind: this.prefix, parts: [...parts] };
      if (list) list.push(o);
      else this.shapes.set(key, [o]);
    }
    if (isRecord(s['properties'])) for (const [n, p] of Object.entries(s['properties'])) this.plan(p, [...parts, namePart(n)], 'field');
    if (s['items'] !== undefined) this.plan(s['items'], placement === 'field' ? parts : [...parts, 'Item'], 'items');
    if (isRecord(s['additionalProperties'])) this.plan(s['additionalProperties'], [...parts, 'Value'], 'values');
  }

  /**
   * The name of an interface of shape `key` first met at `parts`: a lone shape after its path
   * (`CertificateSpecPrivateKey`); one repeated in a kind after the kind and the common tail of its paths
   * (`AlertmanagerConfigTlsConfig`); one shared by kinds after the common tail of kind and path words
   * when that includes a kind word (Issuer and ClusterIssuer's `spec` → `IssuerSpec`), else after the
   * first kind and the common tail of the paths.
   */
  private interfaceName(key: string, parts: readonly string[], cross: boolean): string {
    const found = this.shapes.get(key) ?? [];
    // A shape that stays per kind is named from this kind's occurrences only.
    const all = cross ? found : found.filter((o) => o.kind === this.prefix);
    if (all.length < 2) return this.prefix + parts.join('');
    const tail = commonTail(all.map((o) => o.parts));
    if (!all.some((o) => o.kind !== all[0]!.kind)) return this.prefix + tail.join('');
    const words = commonTail(all.map((o) => [...camelWords(o.kind), ...o.parts]));
    if (words.length > tail.length) return words.join('');
    // No kind word in common: the kinds' common leading words, if any (Certificate, CertificateRequest →
    // `CertificateSpecIssuerRef`), else the tail alone, without a leading Spec/Status (`IssuerRef`).
    const lead = commonHead([...new Set(all.map((o) => o.kind))].map(camelWords));
    if (lead.length > 0) return lead.join('') + tail.join('');
    const t = tail.length >= 2 && (tail[0] === 'Spec' || tail[0] === 'Status') ? tail.slice(1) : tail;
    return t.join('');
  }

  private use(name: string): string {
    this.target.runtime.add(name);
    return name;
  }

  /**
   * Converts a node used at `placement`. `name` is the type name a declaration made for the node would
   * get (derived from the JSON path); `itemsAtField` says, for an items node, whether its array is a
   * field (so validations may be written as `items:` markers on that field).
   */
  convert(s: unknown, path: JsonPath, parts: readonly string[], placement: Placement, itemsAtField = false): Converted {
    const fail: Converted = { type: 'unknown', nullable: false, markers: [], description: '' };
    if (!isRecord(s)) {
      this.report.error(path, 'import-schema', `the schema must be a mapping, got ${JSON.stringify(s)}: write it as a JSON schema object`);
      return fail;
    }
    if (!this.checkKeywords(s, path)) return fail;
    const description = typeof s['description'] === 'string' ? s['description'] : '';
    const nullable = s['nullable'] === true;
    const m: MarkerSpec[] = [];
    let type: string;
    let iface: { decl: Extract<Decl, { kind: 'interface' }>; fresh: boolean } | undefined;

    const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
    const embedded = s['x-kubernetes-embedded-resource'] === true;
    const consumed = new Set<string>(['description', 'nullable']);

    if (s['x-kubernetes-int-or-string'] === true) {
      consumed.add('x-kubernetes-int-or-string');
      if (s['type'] !== undefined) {
        this.report.error(
          [...path, 'type'],
          'import-schema',
          'x-kubernetes-int-or-string excludes type: remove type (the apiserver requires it absent with int-or-string)',
        );
        return fail;
      }
      if (s['anyOf'] !== undefined) {
        if (!isIntOrStringAnyOf(s['anyOf'])) {
          this.report.error([...path, 'anyOf'], 'import-unsupported', `anyOf beside x-kubernetes-int-or-string must be [{type: integer}, {type: string}]: ${HOW_TO_FIX_KEYWORD['anyOf']!}`);
          return fail;
        }
        consumed.add('anyOf');
      }
      if (s['pattern'] === QUANTITY_PATTERN) {
        consumed.add('pattern');
        type = this.use('Quantity');
      } else {
        type = this.use('IntOrString');
      }
    } else if (s['anyOf'] !== undefined) {
      this.report.error([...path, 'anyOf'], 'import-unsupported', `anyOf cannot be imported: ${HOW_TO_FIX_KEYWORD['anyOf']!}`);
      return fail;
    } else if (s['type'] === undefined) {
      if (!preserve) {
        this.report.error(
          path,
          'import-schema',
          'the schema has no type and does not preserve unknown fields, so it is not structural: give it a type, or x-kubernetes-preserve-unknown-fields: true for any JSON value',
        );
        return fail;
      }
      consumed.add('x-kubernetes-preserve-unknown-fields');
      type = 'unknown';
      if (embedded) {
        this.report.error(
          path,
          'import-schema',
          'x-kubernetes-embedded-resource needs type: object: add it (an embedded resource is an object)',
        );
        return fail;
      }
    } else {
      consumed.add('type');
      const t = s['type'];
      switch (t) {
        case 'string':
          type = this.stringType(s, consumed);
          break;
        case 'integer':
          type = this.integerType(s, m, consumed);
          break;
        case 'number':
          type = 'number';
          if (s['format'] !== undefined) {
            consumed.add('format');
            m.push({ name: `${V}Format`, value: s['format'] as string });
          }
          break;
        case 'boolean':
          type = 'boolean';
          break;
        case 'array': {
          const r = this.arrayType(s, path, parts, placement, m, consumed);
          if (r === undefined) return fail;
          type = r;
          break;
        }
        case 'object': {
          const r = this.objectType(s, path, parts, placement, m, consumed, preserve, embedded);
          if (r === undefined) return fail;
          type = r.type;
          if (r.decl) iface = { decl: r.decl, fresh: r.fresh === true };
          break;
        }
        default:
          this.report.error(
            [...path, 'type'],
            'import-schema',
            `type ${JSON.stringify(t)} is not a schema type: use one of object, array, string, integer, number, boolean`,
          );
          return fail;
      }
    }

    this.validations(s, path, m, consumed);
    if (!consumed.has('format') && s['format'] !== undefined) {
      consumed.add('format');
      m.push({ name: `${V}Format`, value: s['format'] as string });
    }
    if (preserve && !consumed.has('x-kubernetes-preserve-unknown-fields')) {
      consumed.add('x-kubernetes-preserve-unknown-fields');
      m.push({ name: 'kubebuilder:pruning:PreserveUnknownFields', value: true });
    }
    if (embedded && !consumed.has('x-kubernetes-embedded-resource')) {
      consumed.add('x-kubernetes-embedded-resource');
      m.push({ name: `${V}EmbeddedResource`, value: true });
    }
    for (const k of ['x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource', 'x-kubernetes-int-or-string', 'exclusiveMinimum', 'exclusiveMaximum', 'nullable', 'uniqueItems']) {
      // Explicit `false` is the default: nothing to write.
      if (s[k] === false) consumed.add(k);
    }
    for (const k of Object.keys(s)) {
      if (!consumed.has(k)) {
        this.report.error([...path, k], 'import-unsupported', `${k} cannot be imported here: kubegen has no marker that writes it on a ${describe(s)} schema; remove it or express it as a CEL rule (x-kubernetes-validations)`);
        return fail;
      }
    }
    if (iface) {
      // Object-level markers go on the interface; field-level ones stay with the user of the type.
      const own = m.filter((x) => OBJECT_TYPE_MARKERS.has(x.name) || (placement !== 'field' && x.name === `${V}EmbeddedResource`));
      const rest = m.filter((x) => !own.includes(x));
      if (iface.fresh) {
        iface.decl.doc.markers.push(
          ...own.map((x) => this.markers.format(x.name === `${V}EmbeddedResource` ? { name: `${V}XEmbeddedResource`, value: x.value } : x, path)),
        );
        if (placement !== 'field') iface.decl.doc.description = description;
      }
      if (placement !== 'field') return this.place({ type, nullable, markers: rest, description: '' }, path, parts, placement, itemsAtField);
      return { type, nullable, markers: rest, description };
    }
    if (nullable && m.some((x) => x.name === `${V}Type`)) {
      // The generator's Type marker replaces the schema the TypeScript type gave, `nullable` included;
      // on a field, +nullable (applied after it) says it again. Off a field an alias carries the Type
      // marker, and the `| null` of its use applies after it.
      if (placement === 'field') m.push({ name: 'nullable', value: true });
      else return this.place({ type, nullable, markers: m, description }, path, parts, placement, false);
    }
    return this.place({ type, nullable, markers: m, description }, path, parts, placement, itemsAtField);
  }

  /**
   * A node that is not a field: its markers become `items:` markers of the field holding the array when
   * they all have that form and there is no description; otherwise a named type alias carries them.
   */
  private place(c: Converted, path: JsonPath, parts: readonly string[], placement: Placement, itemsAtField: boolean): Converted {
    if (placement === 'field' || (c.markers.length === 0 && c.description === '')) return c;
    if (
      placement === 'items' &&
      itemsAtField &&
      c.description === '' &&
      c.markers.every((x) => x.name.startsWith(V) && ITEMABLE.has(itemsName(x.name)))
    ) {
      return { ...c, markers: c.markers.map((x) => ({ name: ITEMS + itemsName(x.name), value: x.value })) };
    }
    const fieldOnly = c.markers.filter((x) => FIELD_ONLY.has(x.name));
    for (const x of fieldOnly) {
      if (x.name === `${V}EmbeddedResource`) continue;
      this.report.error(
        path,
        'import-unsupported',
        `${x.name === 'default' ? 'a default' : x.name === 'kubebuilder:example' ? 'an example' : x.name} on the ${placement === 'items' ? 'items of an array' : 'values of a map'} cannot be written as a marker (kubegen puts ${x.name === 'default' ? 'defaults' : 'it'} on fields only): move it to the field that holds the ${placement === 'items' ? 'array' : 'map'}, or remove it`,
      );
    }
    const aliasName = this.names.alloc(this.prefix + parts.join(''));
    this.target.decls.push({
      kind: 'alias',
      name: aliasName,
      type: c.type,
      doc: {
        description: c.description,
        markers: c.markers
          .filter((x) => !FIELD_ONLY.has(x.name) || x.name === `${V}EmbeddedResource`)
          .map((x) => this.markers.format(x.name === `${V}EmbeddedResource` ? { name: `${V}XEmbeddedResource`, value: x.value } : x, path)),
      },
    });
    return { type: aliasName, nullable: c.nullable, markers: [], description: '' };
  }

  private checkKeywords(s: Record<string, unknown>, path: JsonPath): boolean {
    for (const k of Object.keys(s)) {
      if (KNOWN_KEYWORDS.has(k)) continue;
      const fix = HOW_TO_FIX_KEYWORD[k];
      this.report.error(
        [...path, k],
        'import-unsupported',
        fix ? `${k} cannot be imported: ${fix}` : `${k} is not a keyword of a CRD schema (apiextensions.k8s.io/v1 JSONSchemaProps): remove it`,
      );
      return false;
    }
    if (s['uniqueItems'] === true) {
      this.report.error([...path, 'uniqueItems'], 'import-unsupported', 'uniqueItems: true is refused by the apiserver: use x-kubernetes-list-type: set for a list of unique scalars');
      return false;
    }
    return true;
  }

  private stringType(s: Record<string, unknown>, consumed: Set<string>): string {
    const e = s['enum'];
    if (Array.isArray(e) && e.length > 0 && e.every((x) => typeof x === 'string') && new Set(e).size === e.length) {
      consumed.add('enum');
      return (e as string[]).map((x) => quoteLiteral(x)).join(' | ');
    }
    if (s['format'] === 'date-time' && e === undefined) {
      consumed.add('format');
      return this.use('Time');
    }
    return 'string';
  }

  private integerType(s: Record<string, unknown>, m: MarkerSpec[], consumed: Set<string>): string {
    const f = s['format'];
    if (f === 'int32' || f === 'int64') {
      consumed.add('format');
      return this.use(f);
    }
    const e = s['enum'];
    if (
      f === undefined &&
      Array.isArray(e) &&
      e.length > 0 &&
      e.every((x) => typeof x === 'number' && Number.isInteger(x)) &&
      new Set(e).size === e.length
    ) {
      // An integer literal union is `type: integer` with the enum (the parser's literal base).
      consumed.add('enum');
      return (e as number[]).map((x) => String(x)).join(' | ');
    }
    m.push({ name: `${V}Type`, value: 'integer' });
    return 'number';
  }

  private arrayType(
    s: Record<string, unknown>,
    path: JsonPath,
    parts: readonly string[],
    placement: Placement,
    m: MarkerSpec[],
    consumed: Set<string>,
  ): string | undefined {
    if (s['items'] === undefined) {
      this.report.error(path, 'import-schema', 'an array schema needs items (a structural schema types every element): add items with the element schema');
      return undefined;
    }
    consumed.add('items');
    const itemParts = placement === 'field' ? parts : [...parts, 'Item'];
    const it = this.convert(s['items'], [...path, 'items'], itemParts, 'items', placement === 'field');
    m.push(...it.markers);
    const inner = it.nullable ? `(${it.type} | null)` : needsParens(it.type) ? `(${it.type})` : it.type;
    return `${inner}[]`;
  }

  private objectType(
    s: Record<string, unknown>,
    path: JsonPath,
    parts: readonly string[],
    placement: Placement,
    m: MarkerSpec[],
    consumed: Set<string>,
    preserve: boolean,
    embedded: boolean,
  ): { type: string; decl?: Extract<Decl, { kind: 'interface' }>; fresh?: boolean } | undefined {
    const props = s['properties'];
    const ap = s['additionalProperties'];
    const mapType = s['x-kubernetes-map-type'];
    if (props !== undefined && ap !== undefined) {
      this.report.error([...path, 'additionalProperties'], 'import-schema', 'properties and additionalProperties exclude each other in a structural schema: keep one');
      return undefined;
    }
    if (ap !== undefined) {
      consumed.add('additionalProperties');
      if (!isRecord(ap)) {
        this.report.error(
          [...path, 'additionalProperties'],
          'import-schema',
          `additionalProperties: ${JSON.stringify(ap)} is not allowed in a structural schema: give the schema of the values, or use x-kubernetes-preserve-unknown-fields: true`,
        );
        return undefined;
      }
      const v = this.convert(ap, [...path, 'additionalProperties'], [...parts, 'Value'], 'values');
      if (typeof mapType === 'string') {
        consumed.add('x-kubernetes-map-type');
        m.push({ name: 'mapType', value: mapType });
      }
      return { type: `Record<string, ${v.nullable ? `${v.type} | null` : v.type}>` };
    }
    if (props === undefined) {
      if (preserve) {
        consumed.add('x-kubernetes-preserve-unknown-fields');
        if (embedded) {
          consumed.add('x-kubernetes-embedded-resource');
          m.push({ name: `${V}EmbeddedResource`, value: true });
        }
        if (typeof mapType === 'string') {
          consumed.add('x-kubernetes-map-type');
          m.push({ name: 'mapType', value: mapType });
        }
        return { type: this.use('RawExtension') };
      }
      if (embedded) {
        this.report.error(
          path,
          'import-unsupported',
          'an embedded resource without properties and without x-kubernetes-preserve-unknown-fields cannot be imported (kubegen writes it with preserve-unknown-fields): add x-kubernetes-preserve-unknown-fields: true or the properties it has',
        );
        return undefined;
      }
    }
    if (props !== undefined && !isRecord(props)) {
      this.report.error([...path, 'properties'], 'import-schema', 'properties must be a mapping of property names to schemas');
      return undefined;
    }
    consumed.add('properties');
    consumed.add('required');
    if (typeof mapType === 'string') {
      consumed.add('x-kubernetes-map-type');
      m.push({ name: 'structType', value: mapType });
    }
    const shape = this.shapeKey(s, placement, parts) ?? '';
    const cross = this.crossKind(shape);
    const key = cross ? shape : `${this.prefix}\u0000${shape}`;
    const known = this.byShape.get(key);
    if (known) {
      if (cross && this.target !== this.sharedTarget) this.target.shared.add(known.name);
      return { type: known.name, decl: known, fresh: false };
    }
    const iface = this.names.alloc(this.interfaceName(shape, parts, cross));
    const decl: Extract<Decl, { kind: 'interface' }> = { kind: 'interface', name: iface, doc: { description: '', markers: [] }, fields: [] };
    this.byShape.set(key, decl);
    if (!cross) {
      this.target.decls.push(decl);
      decl.fields.push(...this.fields(s, path, parts));
      return { type: iface, decl, fresh: true };
    }
    // A shape of several kinds: declared in the shared file, named there after itself.
    const outer = { target: this.target, prefix: this.prefix };
    if (outer.target !== this.sharedTarget) outer.target.shared.add(iface);
    this.target = this.sharedTarget;
    this.prefix = '';
    try {
      this.target.decls.push(decl);
      decl.fields.push(...this.fields(s, path, [iface]));
    } finally {
      this.target = outer.target;
      this.prefix = outer.prefix;
    }
    return { type: iface, decl, fresh: true };
  }

  /** The fields of an object node, required ones in the order of `required` (the generator keeps it). */
  fields(s: Record<string, unknown>, path: JsonPath, parts: readonly string[], skip: ReadonlySet<string> = new Set()): FieldDecl[] {
    const props = isRecord(s['properties']) ? s['properties'] : {};
    const reqRaw = s['required'];
    let required: string[] = [];
    if (reqRaw !== undefined) {
      if (!Array.isArray(reqRaw) || !reqRaw.every((x) => typeof x === 'string')) {
        this.report.error([...path, 'required'], 'import-schema', 'required must be a list of property names');
      } else {
        required = [...new Set(reqRaw as string[])];
        for (const r of required) {
          if (!Object.hasOwn(props, r)) {
            this.report.error(
              [...path, 'required'],
              'import-schema',
              `required lists "${r}", which is not a property of this object: add the property or remove it from required`,
            );
          }
        }
        required = required.filter((r) => Object.hasOwn(props, r) && !skip.has(r));
      }
    }
    const names = Object.keys(props).filter((n) => !skip.has(n));
    // Required properties take the slots of required properties in document order, in `required` order.
    const reqQueue = [...required];
    const ordered = names.map((n) => (required.includes(n) ? reqQueue.shift()! : n));
    const out: FieldDecl[] = [];
    for (const n of ordered) {
      const c = this.convert(props[n], [...path, 'properties', n], [...parts, namePart(n)], 'field');
      out.push({
        name: n,
        optional: !required.includes(n),
        type: c.nullable ? `${c.type} | null` : c.type,
        doc: { description: c.description, markers: c.markers.map((x) => this.markers.format(x, [...path, 'properties', n])) },
      });
    }
    return out;
  }

  /**
   * The root schema of a kind: its fields (apiVersion/kind come from TypeMeta, metadata is ObjectMeta
   * unless the schema says otherwise) and the markers of the root node, for the kind's interface.
   */
  convertRoot(s: unknown, path: JsonPath): { fields: FieldDecl[]; markers: string[]; description: string } | undefined {
    if (!isRecord(s)) {
      this.report.error(path, 'import-schema', 'openAPIV3Schema must be a mapping (the schema of the whole object)');
      return undefined;
    }
    if (!this.checkKeywords(s, path)) return undefined;
    if (s['type'] !== 'object') {
      this.report.error(path, 'import-schema', `the root of a CRD schema must be type: object, got ${JSON.stringify(s['type'])}: set type: object`);
      return undefined;
    }
    if (s['nullable'] === true) {
      this.report.error([...path, 'nullable'], 'import-schema', 'the root of a CRD schema cannot be nullable: remove nullable');
      return undefined;
    }
    const consumed = new Set(['type', 'description', 'properties', 'required', 'nullable']);
    const props = isRecord(s['properties']) ? s['properties'] : {};
    const skip = new Set<string>();
    for (const k of ['apiVersion', 'kind'] as const) {
      const p = props[k];
      // TypeMeta supplies `type: string` with the standard description; anything more stays a field.
      if (isRecord(p) && p['type'] === 'string' && Object.keys(p).every((x) => x === 'type' || x === 'description')) skip.add(k);
    }
    const meta = props['metadata'];
    if (meta !== undefined) {
      if (!isRecord(meta) || meta['type'] !== 'object' || !Object.keys(meta).every((x) => x === 'type' || x === 'description')) {
        this.report.error(
          [...path, 'properties', 'metadata'],
          'import-unsupported',
          'the root metadata can only be imported as type: object (kubegen writes ObjectMeta so; the apiserver supplies its schema): remove the other keywords, and check metadata.name with a CEL rule on the kind instead (+kubebuilder:validation:XValidation:rule="self.metadata.name.size() <= 63")',
        );
        return undefined;
      }
      skip.add('metadata');
    }
    const fields = this.fields(s, path, [], skip);
    fields.unshift({ name: 'metadata', optional: true, type: this.use('ObjectMeta'), doc: { description: '', markers: [] } });
    this.use('TypeMeta');
    const m: MarkerSpec[] = [];
    this.validations(s, path, m, consumed);
    if (s['x-kubernetes-preserve-unknown-fields'] === true) {
      consumed.add('x-kubernetes-preserve-unknown-fields');
      m.push({ name: 'kubebuilder:pruning:PreserveUnknownFields', value: true });
    }
    for (const k of Object.keys(s)) {
      if (consumed.has(k) || s[k] === false) continue;
      this.report.error([...path, k], 'import-unsupported', `${k} cannot be imported on the root of a CRD schema: kubegen has no kind marker that writes it; remove it`);
      return undefined;
    }
    const fieldOnly = m.filter((x) => FIELD_ONLY.has(x.name));
    if (fieldOnly.length > 0) {
      this.report.error(path, 'import-unsupported', `${fieldOnly[0]!.name === 'default' ? 'a default' : fieldOnly[0]!.name} on the root of a CRD schema cannot be imported: remove it`);
      return undefined;
    }
    return {
      fields,
      markers: m.map((x) => this.markers.format(x, path)),
      description: typeof s['description'] === 'string' ? s['description'] : '',
    };
  }

  /** Value validations, defaults, list/map topology, CEL rules, title and docs of a node. */
  private validations(s: Record<string, unknown>, path: JsonPath, m: MarkerSpec[], consumed: Set<string>): void {
    const num = (key: string, marker: string): void => {
      const v = s[key];
      if (v === undefined) return;
      consumed.add(key);
      if (typeof v !== 'number') {
        this.report.error([...path, key], 'import-schema', `${key} must be a number, got ${JSON.stringify(v)}`);
        return;
      }
      m.push({ name: V + marker, value: v });
    };
    const flag = (key: string, marker: string): void => {
      if (s[key] !== true) return;
      consumed.add(key);
      m.push({ name: V + marker, value: true });
    };
    if (s['enum'] !== undefined && !consumed.has('enum')) {
      consumed.add('enum');
      const e = s['enum'];
      if (!Array.isArray(e) || e.length === 0) {
        this.report.error([...path, 'enum'], 'import-schema', 'enum must be a non-empty list of values');
      } else {
        m.push({ name: `${V}Enum`, value: e as MarkerSpec['value'] });
      }
    }
    num('minimum', 'Minimum');
    flag('exclusiveMinimum', 'ExclusiveMinimum');
    num('maximum', 'Maximum');
    flag('exclusiveMaximum', 'ExclusiveMaximum');
    num('multipleOf', 'MultipleOf');
    num('minLength', 'MinLength');
    num('maxLength', 'MaxLength');
    if (typeof s['pattern'] === 'string' && !consumed.has('pattern')) {
      consumed.add('pattern');
      m.push({ name: `${V}Pattern`, value: s['pattern'] });
    }
    num('minItems', 'MinItems');
    num('maxItems', 'MaxItems');
    num('minProperties', 'MinProperties');
    num('maxProperties', 'MaxProperties');
    const lt = s['x-kubernetes-list-type'];
    if (typeof lt === 'string') {
      consumed.add('x-kubernetes-list-type');
      m.push({ name: 'listType', value: lt });
    }
    const keys = s['x-kubernetes-list-map-keys'];
    if (Array.isArray(keys)) {
      consumed.add('x-kubernetes-list-map-keys');
      for (const k of keys) m.push({ name: 'listMapKey', value: String(k) });
    }
    if (typeof s['x-kubernetes-map-type'] === 'string' && !consumed.has('x-kubernetes-map-type')) {
      consumed.add('x-kubernetes-map-type');
      m.push({ name: s['type'] === 'object' && s['additionalProperties'] === undefined ? 'structType' : 'mapType', value: s['x-kubernetes-map-type'] });
    }
    if (typeof s['title'] === 'string') {
      consumed.add('title');
      m.push({ name: 'kubebuilder:title', value: s['title'] });
    }
    const docs = s['externalDocs'];
    if (docs !== undefined) {
      consumed.add('externalDocs');
      if (!isRecord(docs) || typeof docs['url'] !== 'string') {
        this.report.error([...path, 'externalDocs'], 'import-unsupported', 'externalDocs without a url cannot be written as +kubebuilder:externalDocs (url is required): add url or remove externalDocs');
      } else {
        const v: Record<string, string> = { url: docs['url'] };
        if (typeof docs['description'] === 'string') v['description'] = docs['description'];
        m.push({ name: 'kubebuilder:externalDocs', value: v });
      }
    }
    const rules = s['x-kubernetes-validations'];
    if (rules !== undefined) {
      consumed.add('x-kubernetes-validations');
      if (!Array.isArray(rules)) {
        this.report.error([...path, 'x-kubernetes-validations'], 'import-schema', 'x-kubernetes-validations must be a list of rules');
      } else {
        rules.forEach((r, i) => {
          if (!isRecord(r) || typeof r['rule'] !== 'string') {
            this.report.error([...path, 'x-kubernetes-validations', i], 'import-schema', 'a validation rule needs rule: <CEL expression>');
            return;
          }
          const v: Record<string, MarkerSpec['value']> = { rule: r['rule'] };
          for (const k of ['message', 'messageExpression', 'reason', 'fieldPath'] as const) {
            if (typeof r[k] === 'string') v[k] = r[k];
          }
          if (r['optionalOldSelf'] === true) v['optionalOldSelf'] = true;
          for (const k of Object.keys(r)) {
            if (!['rule', 'message', 'messageExpression', 'reason', 'fieldPath', 'optionalOldSelf'].includes(k)) {
              this.report.error([...path, 'x-kubernetes-validations', i, k], 'import-unsupported', `${k} is not a field of a validation rule: remove it`);
            }
          }
          m.push({ name: `${V}XValidation`, value: v });
        });
      }
    }
    if (s['default'] !== undefined) {
      consumed.add('default');
      m.push({ name: 'default', value: s['default'] as MarkerSpec['value'] });
    }
    if (s['example'] !== undefined) {
      consumed.add('example');
      m.push({ name: 'kubebuilder:example', value: s['example'] as MarkerSpec['value'] });
    }
  }
}

/** The longest common tail of word lists. */
function commonTail(lists: readonly (readonly string[])[]): string[] {
  const first = lists[0] ?? [];
  let n = 0;
  while (n < first.length && lists.every((l) => l.length > n && l[l.length - 1 - n] === first[first.length - 1 - n])) n++;
  return first.slice(first.length - n);
}

/** The longest common head of word lists. */
function commonHead(lists: readonly (readonly string[])[]): string[] {
  const first = lists[0] ?? [];
  let n = 0;
  while (n < first.length && lists.every((l) => l.length > n && l[n] === first[n])) n++;
  return first.slice(0, n);
}

/** `ClusterIssuer` → `Cluster`, `Issuer`; `HTTPRoute` → `HTTP`, `Route`. */
function camelWords(s: string): string[] {
  return s.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+/g) ?? [s];
}

function itemsName(full: string): string {
  return full.startsWith(V) ? full.slice(V.length) : full;
}

function isIntOrStringAnyOf(a: unknown): boolean {
  if (!Array.isArray(a) || a.length !== 2) return false;
  const types = a.map((x) => (isRecord(x) && Object.keys(x).length === 1 ? x['type'] : undefined));
  return types.includes('integer') && types.includes('string');
}

function describe(s: Record<string, unknown>): string {
  if (s['x-kubernetes-int-or-string'] === true) return 'int-or-string';
  return typeof s['type'] === 'string' ? s['type'] : 'untyped';
}

function needsParens(t: string): boolean {
  return t.includes(' | ');
}

function quoteLiteral(s: string): string {
  const json = JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${json}'`;
}
