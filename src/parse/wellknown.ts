/** Names the parser understands when imported from `@kubegen/runtime`. */
import type { PrimitiveFormat, WellKnownName } from '../model/types.js';

const WELL_KNOWN = {
  TypeMeta: true,
  ObjectMeta: true,
  ListMeta: true,
  OwnerReference: true,
  ManagedFieldsEntry: true,
  Time: true,
  MicroTime: true,
  Duration: true,
  Quantity: true,
  IntOrString: true,
  Condition: true,
  LabelSelector: true,
  LabelSelectorRequirement: true,
  RawExtension: true,
  Status: true,
  StatusDetails: true,
  StatusCause: true,
  Scale: true,
  ScaleSpec: true,
  ScaleStatus: true,
} as const satisfies Record<WellKnownName, true>;

export const WELL_KNOWN_NAMES: readonly WellKnownName[] = Object.keys(WELL_KNOWN).sort() as WellKnownName[];

export function isWellKnownName(name: string): name is WellKnownName {
  return Object.hasOwn(WELL_KNOWN, name);
}

/** The runtime's number aliases: `int32`/`int64` → integer, `float32`/`float64` → number, with format. */
export const NUMBER_ALIASES: Readonly<Record<string, { type: 'integer' | 'number'; format: PrimitiveFormat }>> = {
  int32: { type: 'integer', format: 'int32' },
  int64: { type: 'integer', format: 'int64' },
  float32: { type: 'number', format: 'float' },
  float64: { type: 'number', format: 'double' },
};

export function isNumberAlias(name: string): boolean {
  return Object.hasOwn(NUMBER_ALIASES, name);
}

/** Module specifiers that denote the runtime package. */
export function isRuntimeModule(spec: string, extra?: string): boolean {
  return spec === '@kubegen/runtime' || spec.startsWith('@kubegen/runtime/') || (extra !== undefined && spec === extra);
}
