/**
 * What `kubegen import` writes, before it is printed: TypeScript declarations with their doc comments
 * (description + marker lines), and the naming of the types made from nested schemas.
 */
import { toSafeString } from 'json-schema-to-typescript/dist/src/utils.js';
import type { MarkerValue } from '../model/types.js';
import { NUMBER_ALIASES, WELL_KNOWN_NAMES } from '../parse/wellknown.js';

/** A marker to write: its registered name and typed value (formatted by src/markers/format.ts). */
export interface MarkerSpec {
  name: string;
  value: MarkerValue;
}

export interface DocComment {
  description: string;
  /** Marker lines, already formatted (`+kubebuilder:validation:Minimum=1`). */
  markers: string[];
}

export interface FieldDecl {
  name: string;
  optional: boolean;
  /** TypeScript type text. */
  type: string;
  doc: DocComment;
}

export type Decl =
  | { kind: 'interface'; name: string; doc: DocComment; extends?: string; fields: FieldDecl[] }
  | { kind: 'alias'; name: string; doc: DocComment; type: string };

/**
 * Names the runtime exports that imported files may use (the parser's well-known types and number
 * aliases); never given to an imported type.
 */
export const RUNTIME_NAMES: readonly string[] = [...WELL_KNOWN_NAMES, ...Object.keys(NUMBER_ALIASES)];

/** Global types the parser treats specially (a declaration of that name would shadow them). */
const GLOBAL_NAMES = ['Record', 'Array', 'ReadonlyArray', 'Partial', 'Pick', 'Omit', 'Exclude', 'Extract'];

/**
 * Allocates type names in one package (a group version): the same base name twice gets `2`, `3`, …
 * in allocation order, so names are stable for the same input and never collide with each other, with
 * runtime names or with the kinds and lists of the package (reserved first).
 */
export class NameAllocator {
  private readonly used = new Set<string>([...RUNTIME_NAMES, ...GLOBAL_NAMES]);

  reserve(name: string): boolean {
    if (this.used.has(name)) return false;
    this.used.add(name);
    return true;
  }

  isTaken(name: string): boolean {
    return this.used.has(name);
  }

  alloc(base: string): string {
    if (this.reserve(base)) return base;
    for (let i = 2; ; i++) {
      const n = `${base}${i}`;
      if (this.reserve(n)) return n;
    }
  }
}

/**
 * The name part a JSON property contributes to a type name, by json-schema-to-typescript's identifier
 * rules (`dns01` → `Dns01`, `http-01` → `Http01`, `privateKey` → `PrivateKey`, `$ref` → `$Ref`).
 */
export function namePart(property: string): string {
  const s = toSafeString(property);
  return s === '' ? 'Field' : s;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A property name as written in an interface: bare when it is an identifier, else quoted. */
export function propertyName(name: string): string {
  return IDENTIFIER.test(name) ? name : quoteString(name);
}

/** A single-quoted TypeScript string literal. */
export function quoteString(s: string): string {
  const json = JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${json}'`;
}
