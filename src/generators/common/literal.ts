/**
 * Plain JSON-like data (objects, arrays, strings, numbers, booleans) as a TypeScript literal, laid out as
 * Prettier lays it out (printWidth 120, single quotes, trailing commas): a value stays on its line when it
 * fits there, else it breaks one entry per line and each entry is laid out the same way. Keys are bare
 * where they are identifiers, quoted otherwise. Key order is the data's own. A `LiteralRef` prints as the
 * name it holds (a reference to a constant declared elsewhere).
 */
import { PRINT_WIDTH } from './targets.js';

/** A bare identifier in a literal: a reference to a declared constant. */
export class LiteralRef {
  constructor(readonly name: string) {}
}

export type LiteralValue =
  | string
  | number
  | boolean
  | null
  | LiteralRef
  | readonly LiteralValue[]
  | { readonly [key: string]: LiteralValue };

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A string literal as Prettier writes it with singleQuote: single quotes unless that needs more escapes. */
export function quote(s: string): string {
  const singles = s.split("'").length - 1;
  const doubles = s.split('"').length - 1;
  const q = singles > doubles ? '"' : "'";
  let out = '';
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += `\\${q}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else out += ch;
  }
  return q + out + q;
}

/** A property name as written in a type or an object literal: bare when an identifier, else quoted. */
export function propertyName(k: string): string {
  return IDENTIFIER.test(k) ? k : quote(k);
}

function entries(v: LiteralValue): [string, LiteralValue][] | undefined {
  if (v === null || typeof v !== 'object' || v instanceof LiteralRef) return undefined;
  if (Array.isArray(v)) return (v as readonly LiteralValue[]).map((x) => ['', x]);
  return Object.entries(v as { readonly [key: string]: LiteralValue });
}

/** One-line forms of objects and arrays already printed (a broken value asks its entries again). */
const flatCache = new WeakMap<object, string>();

/** The value on one line. */
export function flatLiteral(v: LiteralValue): string {
  if (typeof v === 'string') return quote(v);
  if (v === null || typeof v !== 'object') return String(v);
  if (v instanceof LiteralRef) return v.name;
  let out = flatCache.get(v);
  if (out !== undefined) return out;
  if (Array.isArray(v)) {
    out = `[${(v as readonly LiteralValue[]).map(flatLiteral).join(', ')}]`;
  } else {
    const es = Object.entries(v as { readonly [key: string]: LiteralValue });
    out = es.length === 0 ? '{}' : `{ ${es.map(([k, x]) => `${propertyName(k)}: ${flatLiteral(x)}`).join(', ')} }`;
  }
  flatCache.set(v, out);
  return out;
}

/**
 * `head` + the value + `tail`, starting at column `indent` (a line of its own): on one line when it fits
 * within the print width, else broken as Prettier breaks objects and arrays.
 */
export function printLiteral(v: LiteralValue, indent: number, head = '', tail = ''): string {
  const pad = ' '.repeat(indent);
  const flat = flatLiteral(v);
  const es = entries(v);
  if (!es || es.length === 0 || indent + head.length + flat.length + tail.length <= PRINT_WIDTH) {
    return `${pad}${head}${flat}${tail}`;
  }
  const array = Array.isArray(v);
  const lines = es.map(([k, x]) => printLiteral(x, indent + 2, array ? '' : `${propertyName(k)}: `, ','));
  return `${pad}${head}${array ? '[' : '{'}\n${lines.join('\n')}\n${pad}${array ? ']' : '}'}${tail}`;
}
