/**
 * The intermediate model: plain, JSON-serialisable data (no ts-morph objects, no Maps, no classes).
 * Parse builds it; every generator reads it. Documented for users in docs/model.md.
 *
 *   ApiModel → Group → Version (a Package) → TypeDecl (struct | alias) → Field → TypeExpr
 *
 * Conventions:
 * - Every array is sorted deterministically (groups by name, versions by Kubernetes version priority,
 *   types by name, fields in declaration order) so output is byte-identical from run to run.
 * - Every element that came from source carries `pos` (file relative to the input root).
 * - Marker values are already parsed and typed against the registry (see src/markers).
 */
import type { SourcePos } from '../diagnostics.js';

export type { SourcePos } from '../diagnostics.js';

export const MODEL_VERSION = 1 as const;

/** A JSON-like value produced by the marker parser. */
export type MarkerValue = boolean | number | string | null | MarkerValue[] | { [key: string]: MarkerValue };

/** One marker occurrence, already validated against its registry definition. */
export interface Marker {
  /** Registered name without the leading `+`, e.g. `kubebuilder:validation:Minimum`. */
  name: string;
  /**
   * Typed argument: `true` for a bare flag; the scalar / list / JSON value for `+name=value`;
   * an object of named arguments for `+name:k=v,k2=v2` (a positional first argument is stored
   * under the key the definition names, e.g. `name` for `+genclient:method=GetScale,...`).
   */
  value: MarkerValue;
  pos: SourcePos;
}

export interface ApiModel {
  modelVersion: typeof MODEL_VERSION;
  /** Groups sorted by name; the legacy core group (name '') sorts first. */
  groups: Group[];
  /** Packages in the input tree that are not `<group>/<version>` folders (shared local modules). */
  sharedPackages: Package[];
}

export interface Group {
  /** API group name, e.g. `samplecrd.k8s.io`; '' is the legacy core group (served under /api). */
  name: string;
  /**
   * Identifier used for accessors (`clientset.<goName>V1()`, `factory.<goName>()`): `+groupGoName`
   * lower-camel-cased, else the first DNS label in lowerCamelCase (`ops-tools.example.com` → `opsTools`),
   * `core` for the legacy group.
   */
  goName: string;
  /** Input-relative folder of the group, e.g. `samplecrd`. */
  dir: string;
  /** Versions sorted by Kubernetes version priority, highest first (v1 > v1beta2 > v1beta1 > v1alpha1). */
  versions: Version[];
}

export interface PackageOptions {
  /** `+k8s:deepcopy-gen=package`: deep-copy every type unless the type opts out. */
  deepcopyPackage: boolean;
  /** `+k8s:client-gen=false` etc. turn a generator off for the package. */
  clientGen: boolean;
  listerGen: boolean;
  informerGen: boolean;
  applyConfigurationGen: boolean;
  /** `+kubebuilder:skip`: no CRDs from this package. */
  crdSkip: boolean;
  /** `+kubebuilder:validation:Optional` on the package: fields default to optional. */
  defaultOptional: boolean;
}

export interface Package {
  /** Stable id = input-relative folder, forward slashes: `samplecrd/v1`, `common`. */
  id: string;
  /** Input-relative `.ts` files of the package, sorted, excluding generated `zz_generated.*` files. */
  files: string[];
  /** The package comment's file (`doc.ts`), when present. */
  docFile?: string;
  /** Package-level markers from doc.ts. */
  markers: Marker[];
  options: PackageOptions;
  /** A hand-written `register.ts` exists: the register generator writes nothing for this package. */
  handWrittenRegister: boolean;
  /** Types declared in the package, sorted by name. */
  types: TypeDecl[];
}

export interface Version extends Package {
  /** Version name, e.g. `v1beta1`. */
  name: string;
  /** The group's name (denormalised for convenience). */
  group: string;
}

/** Identity of a declared type: its package id and its name. */
export interface TypeRef {
  pkg: string;
  name: string;
}

export type TypeDecl = StructType | AliasType;

interface TypeDeclBase {
  name: string;
  /** Package id. */
  pkg: string;
  /** Input-relative file that declares it. */
  file: string;
  pos: SourcePos;
  /** Doc comment with marker lines removed; '' when none. */
  description: string;
  markers: Marker[];
  /** Whether deep-copy code is generated for it (package default and `+k8s:deepcopy-gen=true|false`). */
  deepcopy: boolean;
}

export interface StructType extends TypeDeclBase {
  declKind: 'struct';
  /** `extends` clauses in order: Go's inline embedding. Each is a `ref` or a `well-known` type expr. */
  embeds: TypeExpr[];
  /** Own fields in declaration order (embedded fields are not repeated here; see model/query allFields). */
  fields: Field[];
  /**
   * `kind`: a root object (embeds TypeMeta, has `metadata: ObjectMeta`); `list`: a list of a kind
   * (embeds TypeMeta, `metadata: ListMeta`, `items: Kind[]`); undefined: a plain struct.
   */
  root?: 'kind' | 'list';
  /** For root kinds: the resource facts. */
  resource?: Resource;
  /** For list types: the kind it lists (same package). */
  listOf?: string;
}

export interface AliasType extends TypeDeclBase {
  declKind: 'alias';
  /** What the alias stands for; markers on the alias apply wherever it is used. */
  target: TypeExpr;
}

export interface Field {
  /** Property name = JSON name. */
  name: string;
  type: TypeExpr;
  /** TypeScript optionality: the property was declared with `?` (may be absent). */
  tsOptional: boolean;
  /**
   * Schema optionality after markers: `?`, `+optional`, `+kubebuilder:validation:Optional` or the
   * package default make it optional; `+required` / `+kubebuilder:validation:Required` force required.
   */
  optional: boolean;
  description: string;
  markers: Marker[];
  pos: SourcePos;
}

/** The runtime's well-known types (exported by `@kubegen/runtime`) the parser understands by name. */
export type WellKnownName =
  | 'TypeMeta'
  | 'ObjectMeta'
  | 'ListMeta'
  | 'OwnerReference'
  | 'ManagedFieldsEntry'
  | 'Time'
  | 'MicroTime'
  | 'Duration'
  | 'Quantity'
  | 'IntOrString'
  | 'Condition'
  | 'LabelSelector'
  | 'LabelSelectorRequirement'
  | 'RawExtension'
  | 'Status'
  | 'StatusDetails'
  | 'StatusCause'
  | 'Scale'
  | 'ScaleSpec'
  | 'ScaleStatus';

export type PrimitiveFormat = 'int32' | 'int64' | 'float' | 'double';

export type TypeExpr =
  /** string / boolean / number; `int32`/`int64` aliases → integer with format; `float32`/`float64` → number with format. */
  | { kind: 'primitive'; type: 'string' | 'boolean' | 'number' | 'integer'; format?: PrimitiveFormat }
  /** A union of literals of one base type: `'A' | 'B'` → enum. */
  | { kind: 'literals'; base: 'string' | 'number' | 'integer' | 'boolean'; values: (string | number | boolean)[] }
  | { kind: 'array'; items: TypeExpr }
  /** `Record<string, T>` or `{ [key: string]: T }`. */
  | { kind: 'map'; values: TypeExpr }
  /** An inline anonymous object type. */
  | { kind: 'object'; fields: Field[] }
  /** A declared type of the input tree (struct or alias). */
  | { kind: 'ref'; target: TypeRef }
  /** A well-known type of `@kubegen/runtime`. */
  | { kind: 'well-known'; name: WellKnownName }
  /** `unknown`: any JSON value (schema: preserve unknown fields). */
  | { kind: 'unknown' }
  /** `T | null`. */
  | { kind: 'nullable'; inner: TypeExpr };

export type Scope = 'Namespaced' | 'Cluster';

/** client-gen's verbs, in client-gen's canonical order. */
export const ALL_VERBS = [
  'create',
  'update',
  'updateStatus',
  'delete',
  'deleteCollection',
  'get',
  'list',
  'watch',
  'patch',
  'apply',
  'applyStatus',
] as const;
export type Verb = (typeof ALL_VERBS)[number];

export interface ScaleSubresource {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  format?: string;
  priority?: number;
  pos: SourcePos;
}

/** `+genclient:method=Name,verb=…,subresource=…,input=…,result=…`. */
export interface ExtensionMethod {
  /** Method name as written (Go style, e.g. `GetScale`); generators lower-camel it. */
  name: string;
  verb: Verb;
  subresource?: string;
  /** Request body type; defaults to the kind itself for create/update/apply verbs. */
  input?: TypeExpr;
  /** Result type; defaults to the kind itself. */
  result?: TypeExpr;
  pos: SourcePos;
}

export interface Resource {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  /** Lower-case REST plural (`networks`, `httpclients`), shared by clientset and CRD. */
  plural: string;
  /** Plural for identifiers (`Networks`, `HTTPClients`); generators lower-camel it for methods. */
  pluralName: string;
  singular: string;
  shortNames: string[];
  categories: string[];
  scope: Scope;
  /** `+genclient` present: a client, lister and informer are generated. */
  genclient: boolean;
  /** Verbs of the typed client after `+genclient:*` markers; status verbs only when `status` exists. */
  verbs: Verb[];
  hasStatusField: boolean;
  subresources: { status: boolean; scale?: ScaleSubresource };
  extensions: ExtensionMethod[];
  printerColumns: PrinterColumn[];
  /** Storage version of the kind (a lone version is storage). */
  storage: boolean;
  served: boolean;
  deprecated: boolean;
  deprecationWarning?: string;
  /** `+kubebuilder:skipversion`: omitted from the CRD. */
  skipVersion: boolean;
  /** `+kubebuilder:selectablefield:JSONPath=…`. */
  selectableFields: string[];
  /** `+kubebuilder:metadata:annotations/labels` for the CRD object. */
  crdAnnotations: Record<string, string>;
  crdLabels: Record<string, string>;
  pos: SourcePos;
}
