/**
 * The merge skeletons as TypeScript constants of the fake clientset: one `const <accessor><Kind>Schema`
 * per resource version (versions with the same skeleton share one), and the larger parts that recur
 * across them (conditions, a struct several kinds use) declared once as `shared<Field>` and referenced,
 * as named types are in structured-merge-diff's schemas. Deterministic: names and order follow the
 * resources' order and each skeleton's (sorted) properties.
 */
import { upperFirst } from '../../model/naming.js';
import { LiteralRef, flatLiteral, printLiteral, type LiteralValue } from '../common/literal.js';
import type { MergeSkeleton } from './schema.js';

/** A part with fields, keys or items that recurs is declared once when its one-line form is at least this long. */
export const SHARE_MIN_LENGTH = 80;

export interface SchemaInput {
  /** The constant's name for this resource version's skeleton. */
  name: string;
  skeleton: MergeSkeleton;
}

export interface SchemaPlan {
  /** Declarations in dependency order (each after what it references), one string each. */
  declarations: string[];
  /** Per input (same order), the constant holding its skeleton. */
  refs: string[];
}

type Node = MergeSkeleton;

/** The child skeletons of a node with the field name each stands for (used to name a shared part). */
function children(n: Node, field: string): [Node, string][] {
  const out: [Node, string][] = [];
  for (const [k, v] of Object.entries(n.properties ?? {})) out.push([v, k]);
  if (typeof n.additionalProperties === 'object') out.push([n.additionalProperties, `${field}Value`]);
  if (n.items) out.push([n.items, `${field}Item`]);
  return out;
}

/** `shared` + the field name as an identifier (`ca-secret` → `sharedCaSecret`). */
function sharedBase(field: string): string {
  const words = field.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  const ident = words.map((w) => upperFirst(w)).join('');
  return `shared${ident === '' ? 'Schema' : ident}`;
}

export function planSchemas(inputs: readonly SchemaInput[]): SchemaPlan {
  const keyOf = (n: Node): string => JSON.stringify(n);
  // Resource versions with equal skeletons share the first one's constant.
  const byWhole = new Map<string, string>();
  const refs: string[] = [];
  const unique: SchemaInput[] = [];
  for (const input of inputs) {
    const k = keyOf(input.skeleton);
    const first = byWhole.get(k);
    if (first !== undefined) {
      refs.push(first);
      continue;
    }
    byWhole.set(k, input.name);
    refs.push(input.name);
    unique.push(input);
  }

  // How often each part occurs; a repeated part's own parts are counted once (they come along with it).
  const count = new Map<string, number>();
  const countIn = (n: Node, field: string): void => {
    for (const [c, f] of children(n, field)) {
      const k = keyOf(c);
      const seen = count.get(k) ?? 0;
      count.set(k, seen + 1);
      if (seen === 0) countIn(c, f);
    }
  };
  for (const u of unique) countIn(u.skeleton, '');

  const used = new Set(unique.map((u) => u.name));
  const shared = new Map<string, string>();
  const declarations: string[] = [];
  const declare = (name: string, value: LiteralValue): void => {
    declarations.push(printLiteral(value, 0, `const ${name}: MergeSchema = `, ';'));
  };

  /** The literal of a node, recurring large parts replaced by references (declared on first use). */
  const literal = (n: Node, field: string): LiteralValue => {
    const out: Record<string, LiteralValue> = {};
    for (const [k, v] of Object.entries(n) as [keyof MergeSkeleton, MergeSkeleton[keyof MergeSkeleton]][]) {
      if (k === 'properties') {
        const props: Record<string, LiteralValue> = {};
        for (const [pk, pv] of Object.entries(v as Record<string, Node>)) props[pk] = part(pv, pk);
        out[k] = props;
      } else if (k === 'additionalProperties') {
        out[k] = typeof v === 'object' ? part(v as Node, `${field}Value`) : (v as LiteralValue);
      } else if (k === 'items') {
        out[k] = part(v as Node, `${field}Item`);
      } else {
        out[k] = v as LiteralValue;
      }
    }
    return out;
  };
  const part = (n: Node, field: string): LiteralValue => {
    const k = keyOf(n);
    const structured = n.properties !== undefined || n.additionalProperties !== undefined || n.items !== undefined;
    if (!structured || (count.get(k) ?? 0) < 2 || flatLiteral(n as LiteralValue).length < SHARE_MIN_LENGTH) {
      return literal(n, field);
    }
    let name = shared.get(k);
    if (name === undefined) {
      const base = sharedBase(field);
      name = base;
      for (let i = 2; used.has(name); i++) name = `${base}${i}`;
      used.add(name);
      shared.set(k, name);
      declare(name, literal(n, field));
    }
    return new LiteralRef(name);
  };

  for (const u of unique) {
    // Shared parts are declared while the skeleton is walked, so before the constant that uses them.
    const value = literal(u.skeleton, '');
    declare(u.name, value);
  }
  return { declarations, refs };
}
