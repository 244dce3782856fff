/** Hand-built models for the CRD generator's unit tests. */
import type {
  ApiModel,
  Field,
  Marker,
  MarkerValue,
  Package,
  Resource,
  SourcePos,
  StructType,
  AliasType,
  TypeDecl,
  TypeExpr,
  Version,
} from '../../../src/model/types.js';
import { MODEL_VERSION } from '../../../src/model/types.js';

export const FILE = 'example/v1/types.ts';

export function at(line: number, col = 1, file = FILE): SourcePos {
  return { file, line, col };
}

let nextLine = 100;
/** A marker at a fresh line (or the given one). */
export function mk(name: string, value: MarkerValue = true, line?: number): Marker {
  return { name, value, pos: at(line ?? nextLine++, 4) };
}

export const t = {
  string: { kind: 'primitive', type: 'string' } as TypeExpr,
  bool: { kind: 'primitive', type: 'boolean' } as TypeExpr,
  number: { kind: 'primitive', type: 'number' } as TypeExpr,
  int32: { kind: 'primitive', type: 'integer', format: 'int32' } as TypeExpr,
  int64: { kind: 'primitive', type: 'integer', format: 'int64' } as TypeExpr,
  float64: { kind: 'primitive', type: 'number', format: 'double' } as TypeExpr,
  unknown: { kind: 'unknown' } as TypeExpr,
  array: (items: TypeExpr): TypeExpr => ({ kind: 'array', items }),
  map: (values: TypeExpr): TypeExpr => ({ kind: 'map', values }),
  nullable: (inner: TypeExpr): TypeExpr => ({ kind: 'nullable', inner }),
  literals: (...values: string[]): TypeExpr => ({
    kind: 'literals',
    base: 'string',
    values,
  }),
  wk: (name: Extract<TypeExpr, { kind: 'well-known' }>['name']): TypeExpr => ({
    kind: 'well-known',
    name,
  }),
  ref: (name: string, pkg = 'example/v1'): TypeExpr => ({
    kind: 'ref',
    target: { pkg, name },
  }),
  object: (fields: Field[]): TypeExpr => ({ kind: 'object', fields }),
};

export interface FieldOpts {
  optional?: boolean;
  markers?: Marker[];
  description?: string;
  line?: number;
}

export function field(name: string, type: TypeExpr, o: FieldOpts = {}): Field {
  const optional = o.optional ?? false;
  return {
    name,
    type,
    tsOptional: optional,
    optional,
    description: o.description ?? '',
    markers: o.markers ?? [],
    pos: at(o.line ?? nextLine++, 3),
  };
}

export interface StructOpts {
  markers?: Marker[];
  description?: string;
  embeds?: TypeExpr[];
  pkg?: string;
  line?: number;
}

export function struct(name: string, fields: Field[], o: StructOpts = {}): StructType {
  return {
    declKind: 'struct',
    name,
    pkg: o.pkg ?? 'example/v1',
    file: FILE,
    pos: at(o.line ?? nextLine++),
    description: o.description ?? '',
    markers: o.markers ?? [],
    deepcopy: true,
    embeds: o.embeds ?? [],
    fields,
  };
}

export function alias(name: string, target: TypeExpr, o: StructOpts = {}): AliasType {
  return {
    declKind: 'alias',
    name,
    pkg: o.pkg ?? 'example/v1',
    file: FILE,
    pos: at(o.line ?? nextLine++),
    description: o.description ?? '',
    markers: o.markers ?? [],
    deepcopy: true,
    target,
  };
}

export function resource(kind: string, r: Partial<Resource> = {}, group = 'example.com', version = 'v1'): Resource {
  const plural = r.plural ?? `${kind.toLowerCase()}s`;
  return {
    group,
    version,
    kind,
    listKind: `${kind}List`,
    plural,
    pluralName: `${kind}s`,
    singular: kind.toLowerCase(),
    shortNames: [],
    categories: [],
    scope: 'Namespaced',
    genclient: true,
    verbs: [],
    hasStatusField: false,
    subresources: { status: false },
    extensions: [],
    printerColumns: [],
    storage: true,
    served: true,
    deprecated: false,
    skipVersion: false,
    selectableFields: [],
    crdAnnotations: {},
    crdLabels: {},
    pos: at(10),
    ...r,
  };
}

/** A root kind: embeds TypeMeta, `metadata?: ObjectMeta`, then the given fields. */
export function kind(name: string, fields: Field[], r: Partial<Resource> = {}, o: StructOpts = {}): StructType {
  const s = struct(name, [field('metadata', t.wk('ObjectMeta'), { optional: true }), ...fields], {
    ...o,
    embeds: [t.wk('TypeMeta'), ...(o.embeds ?? [])],
    line: o.line ?? 10,
  });
  s.root = 'kind';
  s.resource = resource(name, r);
  return s;
}

export function version(
  name: string,
  types: TypeDecl[],
  group = 'example.com',
  opts: Partial<Package['options']> = {},
): Version {
  const id = `example/${name}`;
  for (const ty of types) {
    ty.pkg = id;
    if (ty.declKind === 'struct' && ty.resource) ty.resource = { ...ty.resource, version: name, group };
  }
  return {
    id,
    name,
    group,
    files: [FILE],
    markers: [],
    options: {
      deepcopyPackage: true,
      clientGen: true,
      listerGen: true,
      informerGen: true,
      applyConfigurationGen: true,
      crdSkip: false,
      defaultOptional: false,
      ...opts,
    },
    handWrittenRegister: false,
    types: [...types].sort((a, b) => (a.name < b.name ? -1 : 1)),
  };
}

export function model(versions: Version[], group = 'example.com'): ApiModel {
  return {
    modelVersion: MODEL_VERSION,
    groups: [{ name: group, goName: 'example', dir: 'example', versions }],
    sharedPackages: [],
  };
}

/** A one-kind model: kind `Widget` with `spec: WidgetSpec` built from the given fields (+ extra types). */
export function widgetModel(
  specFields: Field[],
  extra: TypeDecl[] = [],
  r: Partial<Resource> = {},
  specOpts: StructOpts = {},
): ApiModel {
  return model([
    version('v1', [
      kind('Widget', [field('spec', t.ref('WidgetSpec'), { optional: true })], r),
      struct('WidgetSpec', specFields, specOpts),
      ...extra,
    ]),
  ]);
}
