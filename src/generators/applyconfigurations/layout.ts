/**
 * Prettier's layout of the few constructs the apply-configuration templates print whose width depends on
 * user names (signatures, calls, union-typed members, JSDoc), so generated files are already formatted.
 */
import { propertyName, quote } from '../common/literal.js';
import { PRINT_WIDTH } from '../common/targets.js';

/**
 * `head(params)tail` on one line when it fits, else one parameter per line (a trailing comma except after
 * a rest parameter), as Prettier breaks a parameter or argument list.
 */
export function brokenList(indent: string, head: string, items: readonly string[], tail: string): string[] {
  const one = `${indent}${head}(${items.join(', ')})${tail}`;
  if (one.length <= PRINT_WIDTH || items.length === 0) return [one];
  return [`${indent}${head}(`, ...items.flatMap((p) => parameterLines(`${indent}  `, p, p.startsWith('...') ? '' : ',')), `${indent})${tail}`];
}

/** One parameter `name: type` of a broken list; a long union type moves to the next line, or one member per line. */
function parameterLines(indent: string, param: string, comma: string): string[] {
  const one = `${indent}${param}${comma}`;
  const colon = param.indexOf(': ');
  if (one.length <= PRINT_WIDTH || colon < 0 || param.includes('\n')) return [one];
  return unionLines(indent, param.slice(0, colon + 1), param.slice(colon + 2), comma) ?? [one];
}

/**
 * `head` followed by a long union `type` as Prettier prints it: on the next line, indented, when it fits
 * there, else one `| member` per line. Undefined when the type is not a union.
 */
function unionLines(indent: string, head: string, type: string, end: string): string[] | undefined {
  const members = splitTopLevelUnion(type);
  if (members.length < 2) return undefined;
  const next = `${indent}  ${type}${end}`;
  if (next.length <= PRINT_WIDTH) return [`${indent}${head}`, next];
  return [`${indent}${head}`, ...members.map((m, i) => `${indent}  | ${m}${i === members.length - 1 ? end : ''}`)];
}

/** A property signature `name?: type;`, with a long union broken one member per line as Prettier does. */
export function propertyLines(indent: string, name: string, type: string): string[] {
  const one = `${indent}${name}?: ${type};`;
  if (one.length <= PRINT_WIDTH || type.includes('\n')) return [one];
  return unionLines(indent, `${name}?:`, type, ';') ?? [one];
}

/** `a | (b | c)[] | { x: y | z }` → its top-level members. */
export function splitTopLevelUnion(type: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < type.length; i++) {
    const c = type[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '(' || c === '{' || c === '[' || c === '<') depth++;
    else if (c === ')' || c === '}' || c === ']' || c === '>') depth--;
    else if (c === '|' && depth === 0) {
      out.push(type.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(type.slice(start).trim());
  return out.filter((m) => m !== '');
}

/** A JSDoc block for `text` at `indent`: one line when short and single-line, else the starred form. */
export function jsdoc(indent: string, text: string): string[] {
  const lines = text
    .replace(/\*\//g, '*\\/')
    .split('\n')
    .map((l) => l.trimEnd());
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) return [];
  if (lines.length === 1) {
    const one = `${indent}/** ${lines[0]!.trim()} */`;
    if (one.length <= PRINT_WIDTH) return [one];
  }
  return [`${indent}/**`, ...lines.map((l) => (l.trim() === '' ? `${indent} *` : `${indent} * ${l}`)), `${indent} */`];
}

/** `this.x` or `this['x-y']`. */
export function thisAccess(name: string): string {
  return propertyName(name) === name ? `this.${name}` : `this[${quote(name)}]`;
}

/** `with` + the field name in UpperCamel, non-identifier characters dropped as word breaks: `x-max` → `withXMax`. */
export function withMethodName(field: string): string {
  const words = field.split(/[^A-Za-z0-9_$]+/).filter((w) => w !== '');
  const name = `with${words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}`;
  return name === 'with' ? 'withField' : name;
}
