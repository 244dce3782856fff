/**
 * Model type → structural OpenAPI v3 schema. Pure: reads the model, reports problems through the context,
 * and records the source position of every schema node it creates (for the rule checks that follow).
 */
import type { ApiModel, Field, Marker, SourcePos, StructType, TypeDecl, TypeExpr } from '../../model/types.js';
import { allFields, allPackages, resolveRef } from '../../model/query.js';
import { applyMarkers, isImmutable, type ApplyContext } from './apply.js';
import { finalDescription } from './description.js';
import type { JSONSchemaProps, ValidationRule } from './schema-types.js';
import { wellKnownSchema } from './wellknown.js';

export interface SchemaReporter {
  error(pos: SourcePos, code: string, message: string): void;
  warn(pos: SourcePos, code: string, message: string): void;
}

export interface SchemaOptions {
  /** Maximum description length (undefined: unlimited; 0 drops descriptions). */
  maxDescLen?: number;
}

const OPTIONAL_MARKERS = new Set(['optional', 'k8s:optional', 'kubebuilder:validation:Optional']);
const REQUIRED_MARKERS = new Set(['required', 'k8s:required', 'kubebuilder:validation:Required']);

function lastFlag(markers: readonly Marker[], names: ReadonlySet<string>): boolean {
  for (let i = markers.length - 1; i >= 0; i--) {
    const m = markers[i]!;
    if (names.has(m.name)) return m.value !== false;
  }
  return false;
}

/** Whether a field is required in the schema, given the markers of the struct that declares it. */
export function isFieldRequired(field: Field, structMarkers: readonly Marker[]): boolean {
  let explicit: boolean | undefined;
  for (const m of field.markers) {
    if (m.value === false) continue;
    if (OPTIONAL_MARKERS.has(m.name)) explicit = false;
    else if (REQUIRED_MARKERS.has(m.name)) explicit = true;
  }
  if (explicit !== undefined) return explicit;
  if (lastFlag(structMarkers, new Set(['kubebuilder:validation:Optional']))) return false;
  if (lastFlag(structMarkers, new Set(['kubebuilder:validation:Required']))) return !field.tsOptional;
  return !field.optional;
}

/** Builds the schemas of one model. Positions are kept per node in `positions`. */
export class SchemaBuilder {
  readonly positions = new WeakMap<object, SourcePos>();
  /** Where each schema node's `default` came from (its marker). */
  readonly defaultPositions = new WeakMap<object, SourcePos>();
  /** Declarations being expanded (`pkg.Name`), to detect recursive types. */
  private readonly stack: string[] = [];

  /** Declarations by `pkg.Name`, built once (resolveRef scans the model). */
  private readonly decls = new Map<string, TypeDecl>();

  constructor(
    private readonly model: ApiModel,
    private readonly report: SchemaReporter,
    private readonly options: SchemaOptions = {},
  ) {
    for (const p of allPackages(model)) for (const d of p.types) this.decls.set(key(p.id, d.name), d);
  }

  private resolve(pkg: string, name: string): TypeDecl | undefined {
    return this.decls.get(key(pkg, name)) ?? resolveRef(this.model, { pkg, name });
  }

  /** The `openAPIV3Schema` of a root kind. */
  kindSchema(kind: StructType): JSONSchemaProps {
    this.stack.length = 0;
    this.stack.push(key(kind.pkg, kind.name));
    const root = this.objectFromFields(allFields(this.model, kind), kind.markers, kind.pos, true);
    this.setDescription(root, kind.description);
    const out = this.applyTypeMarkers(root, kind.markers, `kind ${kind.name}`);
    this.positions.set(out, kind.pos);
    this.finish(out);
    return out;
  }

  /** Cleans and truncates every description in place; drops empty ones. */
  private finish(s: JSONSchemaProps): void {
    const visit = (n: JSONSchemaProps): void => {
      if (n.description !== undefined) {
        const d = finalDescription(n.description, this.options.maxDescLen);
        if (d === '') delete n.description;
        else n.description = d;
      }
      if (n.properties) for (const p of Object.values(n.properties)) visit(p);
      if (n.items) visit(n.items);
      if (n.additionalProperties && typeof n.additionalProperties === 'object') visit(n.additionalProperties);
    };
    visit(s);
  }

  private setDescription(s: JSONSchemaProps, d: string): void {
    if (d.trim() !== '') s.description = d;
  }

  private ctx(subject: string): ApplyContext {
    return {
      subject,
      error: (p, c, m) => this.report.error(p, c, m),
      warn: (p, c, m) => this.report.warn(p, c, m),
      track: (node, p) => this.positions.set(node, p),
      trackDefault: (node, p) => this.defaultPositions.set(node, p),
    };
  }

  private applyTypeMarkers(s: JSONSchemaProps, markers: readonly Marker[], subject: string): JSONSchemaProps {
    return markers.length === 0 ? s : applyMarkers(s, markers, this.ctx(subject));
  }

  /**
   * An object schema from fields. At the root, `metadata` is `type: object` only (the apiserver owns
   * ObjectMeta's schema and forbids restricting it), and `apiVersion`/`kind` are plain strings.
   */
  private objectFromFields(
    fields: readonly Field[],
    structMarkers: readonly Marker[],
    pos: SourcePos,
    isRoot: boolean,
  ): JSONSchemaProps {
    const properties: Record<string, JSONSchemaProps> = {};
    const required: string[] = [];
    const presenceRules: Field[] = [];
    for (const f of fields) {
      let fs: JSONSchemaProps;
      if (isRoot && f.name === 'metadata') {
        // Markers here would restrict ObjectMeta; they are applied so the rule check refuses them visibly.
        fs = this.applyTypeMarkers({ type: 'object' }, f.markers, 'the root metadata');
        this.positions.set(fs, f.pos);
      } else {
        fs = this.fieldSchema(f);
      }
      properties[f.name] = fs;
      // The root metadata is never required: the apiserver fills it in (controller-gen behaves alike).
      const req = !(isRoot && f.name === 'metadata') && isFieldRequired(f, structMarkers);
      if (req) required.push(f.name);
      else if (this.fieldImmutable(f)) presenceRules.push(f);
    }
    const s: JSONSchemaProps = { type: 'object' };
    if (fields.length > 0) s.properties = properties;
    if (required.length > 0) s.required = required;
    for (const f of presenceRules) {
      const rule: ValidationRule = {
        rule: `has(self.${f.name}) == has(oldSelf.${f.name})`,
        message: `${f.name} is immutable: it may not be added or removed once set`,
      };
      (s['x-kubernetes-validations'] ??= []).push(rule);
      this.positions.set(rule, f.pos);
    }
    this.positions.set(s, pos);
    return s;
  }

  /** Whether a field is immutable by its own markers or its type's. */
  private fieldImmutable(f: Field): boolean {
    if (isImmutable(f.markers)) return true;
    const decl = this.declOf(f.type);
    return decl !== undefined && isImmutable(decl.markers);
  }

  private declOf(t: TypeExpr): TypeDecl | undefined {
    const inner = t.kind === 'nullable' ? t.inner : t;
    return inner.kind === 'ref' ? this.resolve(inner.target.pkg, inner.target.name) : undefined;
  }

  /** The schema of one field: its type's schema, then its markers, then its description. */
  fieldSchema(f: Field): JSONSchemaProps {
    const schemaless = f.markers.some((m) => m.name === 'kubebuilder:validation:Schemaless' && m.value !== false);
    let s: JSONSchemaProps = schemaless ? {} : this.typeSchema(f.type, f.pos, `field "${f.name}"`);
    s = this.applyTypeMarkers(s, f.markers, `field "${f.name}"`);
    this.setDescription(s, f.description);
    this.positions.set(s, f.pos);
    return s;
  }

  /** The schema of a type expression at `pos`. */
  typeSchema(t: TypeExpr, pos: SourcePos, subject: string): JSONSchemaProps {
    const s = this.typeSchemaInner(t, pos, subject);
    if (!this.positions.has(s)) this.positions.set(s, pos);
    return s;
  }

  private typeSchemaInner(t: TypeExpr, pos: SourcePos, subject: string): JSONSchemaProps {
    switch (t.kind) {
      case 'primitive': {
        const s: JSONSchemaProps = { type: t.type };
        if (t.format === 'int32' || t.format === 'int64') s.format = t.format;
        return s;
      }
      case 'literals': {
        const base = t.base === 'integer' ? 'integer' : t.base;
        return { type: base, enum: [...t.values] };
      }
      case 'array':
        return {
          type: 'array',
          items: this.typeSchema(t.items, pos, `the items of ${subject}`),
        };
      case 'map':
        return {
          type: 'object',
          additionalProperties: this.typeSchema(t.values, pos, `the values of ${subject}`),
        };
      case 'object':
        return this.objectFromFields(t.fields, [], pos, false);
      case 'unknown':
        return { 'x-kubernetes-preserve-unknown-fields': true };
      case 'nullable': {
        const s = this.typeSchema(t.inner, pos, subject);
        s.nullable = true;
        return s;
      }
      case 'well-known':
        return wellKnownSchema(t.name);
      case 'ref':
        return this.refSchema(t.target.pkg, t.target.name, pos, subject);
    }
  }

  private refSchema(pkg: string, name: string, pos: SourcePos, subject: string): JSONSchemaProps {
    const decl = this.resolve(pkg, name);
    if (!decl) {
      this.report.error(
        pos,
        'unknown-type',
        `${subject} refers to type ${name} (package ${pkg}), which is not in the input`,
      );
      return { 'x-kubernetes-preserve-unknown-fields': true };
    }
    const k = key(pkg, name);
    if (this.stack.includes(k)) {
      const cycle = [...this.stack.slice(this.stack.indexOf(k)), k].map((x) => x.slice(x.indexOf('.') + 1)).join(' → ');
      this.report.error(
        pos,
        'recursive-type',
        `${subject} makes type ${name} recursive (${cycle}); a structural schema cannot describe a type that contains itself: mark the recursive field +kubebuilder:validation:Schemaless, +kubebuilder:validation:Type=<object or array> and +kubebuilder:pruning:PreserveUnknownFields, or give it type unknown`,
      );
      return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    }
    this.stack.push(k);
    try {
      let s: JSONSchemaProps;
      if (decl.declKind === 'alias') {
        s = this.typeSchema(decl.target, decl.pos, `type ${decl.name}`);
      } else {
        s = this.objectFromFields(allFields(this.model, decl), decl.markers, decl.pos, false);
      }
      this.setDescription(s, decl.description);
      s = this.applyTypeMarkers(s, decl.markers, `type ${decl.name}`);
      this.positions.set(s, decl.pos);
      return s;
    } finally {
      this.stack.pop();
    }
  }
}

function key(pkg: string, name: string): string {
  return `${pkg}.${name}`;
}
