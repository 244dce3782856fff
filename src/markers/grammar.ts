/**
 * The marker grammar. Knows no generator and no registry: it splits a comment line into a marker
 * name and its argument text, and converts argument text into a typed `MarkerValue` for a given
 * `ArgType`. Errors are `MarkerSyntaxError`s carrying the offset (in the line) where they occur.
 *
 * Syntax (the controller-tools / code-generator syntax Go users already write):
 *
 *   +name                      flag (true); `+name=true` / `+name=false` also accepted
 *   +name=value                one typed value
 *   +name:key=v,key2="x,y"     named arguments (struct); the first key is the last `:` part of the name
 *   +name=positional,key=v     struct whose definition names a positional key (`+genclient:method=Get,verb=get`)
 *
 * A marker name starts with a letter and runs up to `=` or whitespace. Lines such as `+ 1 more` or `+1`
 * are not markers (controller-tools only treats `+` followed by a letter as a marker).
 *
 * Values:
 *   strings    bare (up to the next separator of the context; at top level: the rest of the line, trimmed),
 *              "double quoted" with escapes (\" \\ \n \t \r \b \f \/ \' \xHH \uXXXX), or `backquoted raw`;
 *              a single quote is an ordinary character, as in Go (`rule=self == 'a'` is bare text)
 *   int        a whole number (`1`, `-3`, `1e3`); `1.5` is refused
 *   number     a decimal number (`1.5`, `-2`, `1e-3`)
 *   bool       `true` / `false`
 *   lists      `a;b;c` or `{a,b,c}` (`{}` is empty); at top level `a,b,c` is accepted too (client-gen's
 *              `+genclient:onlyVerbs=create,get`)
 *   any        marker literal: number, bool, `null`, quoted/raw/bare string, `{a,b}` list, `{k: v}` map,
 *              `{}` (empty map), JSON objects and arrays (`{"a": [1, 2]}`); at top level `a;b` is a list
 *   json       strict JSON (quoted strings and keys only)
 */
import type { ArgType } from './types.js';
import type { MarkerValue } from '../model/types.js';

/** A syntax error at `offset` (0-based index into the marker line). */
export class MarkerSyntaxError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.name = 'MarkerSyntaxError';
    this.offset = offset;
  }
}

/** A marker line split into its name and argument text. */
export interface SplitMarker {
  /** Name without the leading `+` (everything up to `=` or whitespace). */
  name: string;
  /** Argument text after `=`, untrimmed; undefined when there is no `=`. */
  args?: string;
  /** Offset of the argument text in the line (meaningful when `args` is set). */
  argsOffset: number;
  /** Text after whitespace following a name without `=` (e.g. `+genclient please`); undefined if none. */
  trailing?: string;
  /** Offset of `trailing` in the line. */
  trailingOffset: number;
}

const NAME_START = /^[A-Za-z]/;

/**
 * Whether a comment line is a marker candidate by syntax alone: `+` immediately followed by a letter.
 * (`+ 1 more`, `+1`, `+=` and `++` are prose.)
 */
export function looksLikeMarker(line: string): boolean {
  const t = line.trimStart();
  return t.startsWith('+') && NAME_START.test(t.slice(1));
}

/** Splits a marker line. Returns undefined when the line is not a marker candidate. */
export function splitMarker(line: string): SplitMarker | undefined {
  const lead = line.length - line.trimStart().length;
  const text = line.trimEnd();
  if (text[lead] !== '+' || !NAME_START.test(text.slice(lead + 1))) return undefined;
  let i = lead + 1;
  while (i < text.length && text[i] !== '=' && !isSpace(text[i]!)) i++;
  const name = text.slice(lead + 1, i);
  if (i >= text.length) return { name, argsOffset: i, trailingOffset: i };
  if (text[i] === '=') return { name, args: text.slice(i + 1), argsOffset: i + 1, trailingOffset: i + 1 };
  let j = i;
  while (j < text.length && isSpace(text[j]!)) j++;
  if (text[j] === '=') {
    // `+name = value`: tolerate spaces around `=`.
    return { name, args: text.slice(j + 1), argsOffset: j + 1, trailingOffset: j + 1 };
  }
  return { name, argsOffset: j, trailing: text.slice(j), trailingOffset: j };
}

/**
 * Splits a comment line holding several markers (`+groupName=x.io  +k8s:deepcopy-gen=package`) into one
 * segment per marker. A new marker starts at whitespace followed by `+` and a letter, outside quotes,
 * backquotes and braces. Text before the first marker is returned as `prose` (may be empty).
 */
export function splitInlineMarkers(line: string): { prose: string; markers: { text: string; offset: number }[] } {
  const starts: number[] = [];
  let quote: string | undefined;
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote !== undefined) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '+' && (i === 0 || isSpace(line[i - 1]!)) && NAME_START.test(line.slice(i + 1, i + 2)) && depth === 0) {
      starts.push(i);
      continue;
    }
    if (starts.length === 0) continue; // prose before the first marker: quotes there mean nothing
    if (c === '"' || c === '`') quote = c;
    else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && depth > 0) depth--;
  }
  if (starts.length === 0) return { prose: line, markers: [] };
  const markers = starts.map((s, k) => ({ text: line.slice(s, k + 1 < starts.length ? starts[k + 1] : line.length).trimEnd(), offset: s }));
  return { prose: line.slice(0, starts[0]).trimEnd(), markers };
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\v' || c === '\f';
}

/** Human description of an argument shape, used in `kubegen markers` and in diagnostics. */
export function describeArgType(t: ArgType): string {
  switch (t.kind) {
    case 'flag':
      return 'flag';
    case 'string':
      return 'string';
    case 'int':
      return 'integer';
    case 'number':
      return 'number';
    case 'bool':
      return 'true|false';
    case 'list':
      return t.of.kind === 'any' ? 'list of values (a;b or {a,b})' : `list of ${describeArgType(t.of)} (a;b or {a,b})`;
    case 'any':
      return 'any value (1, true, text, {a,b}, {k: v} or JSON)';
    case 'json':
      return 'JSON value';
    case 'enum':
      return t.values.join('|');
    case 'struct': {
      const parts = Object.entries(t.fields)
        .filter(([k]) => k !== t.positional)
        .map(([k, f]) => {
          const s = `${k}=${describeScalarShort(f.type)}`;
          return f.optional ? `[${s}]` : s;
        });
      if (t.positional) parts.unshift(`<${t.positional}>`);
      return parts.join(',');
    }
  }
}

function describeScalarShort(t: ArgType): string {
  switch (t.kind) {
    case 'list':
      return `${describeScalarShort(t.of)};…`;
    case 'enum':
      return t.values.join('|');
    case 'int':
      return 'int';
    case 'struct':
      return '{…}';
    case 'any':
      return 'any';
    default:
      return t.kind;
  }
}

/** An example argument for a type, e.g. `1` for int; used in "write it as …" hints. */
export function exampleArg(t: ArgType): string {
  switch (t.kind) {
    case 'flag':
      return '';
    case 'string':
      return 'value';
    case 'int':
      return '1';
    case 'number':
      return '1.5';
    case 'bool':
      return 'true';
    case 'list':
      return `${exampleArg(t.of)};${exampleArg(t.of) === 'value' ? 'other' : exampleArg(t.of)}`;
    case 'any':
      return '{a,b}';
    case 'json':
      return '{"key": "value"}';
    case 'enum':
      return t.values[0] ?? 'value';
    case 'struct': {
      const req = Object.entries(t.fields).filter(([k, f]) => !f.optional && k !== t.positional);
      const shown = req.length > 0 ? req : Object.entries(t.fields).filter(([k]) => k !== t.positional).slice(0, 1);
      const kv = shown.map(([k, f]) => `${k}=${structExampleValue(f.type)}`).join(',');
      if (t.positional) return [positionalExample(t.fields[t.positional]?.type), kv].filter((s) => s !== '').join(',');
      return kv;
    }
  }
}

function positionalExample(t: ArgType | undefined): string {
  return t ? structExampleValue(t) : 'value';
}

function structExampleValue(t: ArgType): string {
  if (t.kind === 'list') return `${exampleArg(t.of)};${exampleArg(t.of)}`;
  if (t.kind === 'flag') return 'true';
  return exampleArg(t);
}

/** A full example marker line for a definition name and type: `+name=1`, `+name:key=v`, `+name`. */
export function exampleMarker(name: string, t: ArgType): string {
  if (t.kind === 'flag') return `+${name}`;
  if (t.kind === 'struct') {
    const ex = exampleArg(t);
    if (ex === '') return `+${name}`;
    return t.positional ? `+${name}=${ex}` : `+${name}:${ex}`;
  }
  return `+${name}=${exampleArg(t)}`;
}

// ---------------------------------------------------------------------------------------------
// Value parsing.

/** Parses the whole argument text of a marker (after `=`) against `type`. `offset`: position in the line. */
export function parseArgument(text: string, type: ArgType, offset: number): MarkerValue {
  const s = new Scanner(text, offset);
  if (type.kind === 'struct') return parseStruct(s, type, undefined);
  if (type.kind === 'flag') {
    s.skipWs();
    if (s.atEnd()) return true;
    const v = parseBool(s, '');
    s.expectEnd();
    return v;
  }
  const v = parseValue(s, type, '', true);
  s.expectEnd();
  return v;
}

/**
 * Parses struct arguments where the first key came from the marker name
 * (`+kubebuilder:printcolumn:name=x,type=string` → key `name`, text `x,type=string`).
 * `firstKeyOffset` is the offset of that key in the line (for diagnostics).
 */
export function parseStructArgument(
  text: string | undefined,
  type: Extract<ArgType, { kind: 'struct' }>,
  offset: number,
  firstKey: { key: string; offset: number } | undefined,
): MarkerValue {
  const s = new Scanner(text ?? '', offset);
  return parseStruct(s, type, firstKey, text === undefined);
}

class Scanner {
  pos = 0;
  constructor(
    readonly src: string,
    readonly base: number,
  ) {}
  peek(): string | undefined {
    return this.src[this.pos];
  }
  atEnd(): boolean {
    return this.pos >= this.src.length;
  }
  skipWs(): void {
    while (this.pos < this.src.length && isSpace(this.src[this.pos]!)) this.pos++;
  }
  offset(at = this.pos): number {
    return this.base + at;
  }
  error(message: string, at = this.pos): MarkerSyntaxError {
    return new MarkerSyntaxError(message, this.offset(at));
  }
  expectEnd(): void {
    this.skipWs();
    if (!this.atEnd()) {
      throw this.error(`unexpected ${JSON.stringify(this.src.slice(this.pos))} after the value`);
    }
  }
  /** Reads up to (not including) any char of `stops`, or the end. */
  readUntil(stops: string): string {
    const start = this.pos;
    while (this.pos < this.src.length && !stops.includes(this.src[this.pos]!)) this.pos++;
    return this.src.slice(start, this.pos);
  }
}

function parseValue(s: Scanner, t: ArgType, stops: string, topLevel: boolean): MarkerValue {
  switch (t.kind) {
    case 'flag':
    case 'bool':
      return parseBool(s, stops);
    case 'string':
      return parseString(s, stops);
    case 'int':
      return parseNumber(s, stops, true);
    case 'number':
      return parseNumber(s, stops, false);
    case 'enum': {
      s.skipWs();
      const at = s.pos;
      const v = parseString(s, stops);
      if (!t.values.includes(v)) {
        throw s.error(`${JSON.stringify(v)} is not one of ${t.values.join(', ')}`, at);
      }
      return v;
    }
    case 'list':
      return parseList(s, t.of, stops, topLevel);
    case 'any':
      return parseAny(s, stops, topLevel, false);
    case 'json':
      return parseAny(s, stops, false, true);
    case 'struct':
      throw s.error('a nested struct argument is not supported');
  }
}

function parseBool(s: Scanner, stops: string): boolean {
  s.skipWs();
  const at = s.pos;
  const tok = s.readUntil(stops + ' \t').trim();
  if (tok === 'true') return true;
  if (tok === 'false') return false;
  throw s.error(`expected true or false, found ${JSON.stringify(tok)}`, at);
}

const NUMBER_RE = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

function parseNumber(s: Scanner, stops: string, whole: boolean): number {
  s.skipWs();
  const at = s.pos;
  const tok = s.readUntil(stops + ' \t');
  if (!NUMBER_RE.test(tok)) {
    throw s.error(`expected ${whole ? 'a whole number' : 'a number'}, found ${JSON.stringify(tok)}`, at);
  }
  const n = Number(tok);
  if (!Number.isFinite(n)) throw s.error(`${tok} is out of range`, at);
  if (whole) {
    if (!Number.isInteger(n)) throw s.error(`expected a whole number, found ${tok}`, at);
    if (!Number.isSafeInteger(n)) throw s.error(`${tok} is too large for an integer`, at);
  }
  return n === 0 ? 0 : n; // no -0
}

/** A string: quoted, backquoted raw, or bare (trimmed, up to a stop char). */
function parseString(s: Scanner, stops: string): string {
  s.skipWs();
  const c = s.peek();
  if (c === '"') return parseQuoted(s);
  if (c === '`') return parseRaw(s);
  return s.readUntil(stops).trim();
}

function parseQuoted(s: Scanner): string {
  const quote = s.peek()!;
  const start = s.pos;
  s.pos++;
  let out = '';
  for (;;) {
    if (s.atEnd()) throw s.error(`unterminated string: add the closing ${quote}`, start);
    const c = s.src[s.pos]!;
    if (c === quote) {
      s.pos++;
      return out;
    }
    if (c !== '\\') {
      out += c;
      s.pos++;
      continue;
    }
    const escAt = s.pos;
    const e = s.src[s.pos + 1];
    s.pos += 2;
    switch (e) {
      case '"':
      case "'":
      case '\\':
      case '/':
        out += e;
        break;
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'x': {
        const hex = s.src.slice(s.pos, s.pos + 2);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw s.error('invalid \\x escape: write two hex digits, e.g. \\x41', escAt);
        out += String.fromCharCode(parseInt(hex, 16));
        s.pos += 2;
        break;
      }
      case 'u': {
        const hex = s.src.slice(s.pos, s.pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw s.error('invalid \\u escape: write four hex digits, e.g. \\u00e9', escAt);
        out += String.fromCharCode(parseInt(hex, 16));
        s.pos += 4;
        break;
      }
      case undefined:
        throw s.error(`unterminated string: add the closing ${quote}`, start);
      default:
        throw s.error(
          `unknown escape \\${e} in a quoted string: write the value in backquotes (\`...\`) to keep backslashes as they are, or double the backslash`,
          escAt,
        );
    }
  }
}

function parseRaw(s: Scanner): string {
  const start = s.pos;
  const end = s.src.indexOf('`', s.pos + 1);
  if (end < 0) throw s.error('unterminated raw string: add the closing backquote', start);
  s.pos = end + 1;
  return s.src.slice(start + 1, end);
}

function parseList(s: Scanner, of: ArgType, stops: string, topLevel: boolean): MarkerValue[] {
  s.skipWs();
  if (s.peek() === '{') {
    const open = s.pos;
    s.pos++;
    const out: MarkerValue[] = [];
    s.skipWs();
    if (s.peek() === '}') {
      s.pos++;
      return out;
    }
    for (;;) {
      out.push(parseValue(s, of, ',}', false));
      s.skipWs();
      const c = s.peek();
      if (c === ',') {
        s.pos++;
        continue;
      }
      if (c === '}') {
        s.pos++;
        return out;
      }
      if (c === undefined) throw s.error('unterminated list: add the closing }', open);
      throw s.error(`expected , or } in the list, found ${JSON.stringify(c)}`);
    }
  }
  // Legacy form: a;b;c (and a,b,c at top level).
  const seps = topLevel ? ';,' : ';';
  const out: MarkerValue[] = [];
  s.skipWs();
  if (s.atEnd() || stops.includes(s.peek()!)) return out;
  for (;;) {
    out.push(parseValue(s, of, stops + seps, false));
    s.skipWs();
    const c = s.peek();
    if (c !== undefined && seps.includes(c)) {
      s.pos++;
      continue;
    }
    return out;
  }
}

const BARE_KEY = /^[A-Za-z_$][\w$.\-/]*$/;

function parseAny(s: Scanner, stops: string, topLevel: boolean, strict: boolean): MarkerValue {
  const first = parseAnyOne(s, topLevel ? ';' : stops, strict);
  if (!topLevel) return first;
  s.skipWs();
  if (s.peek() !== ';') return first;
  // Top-level legacy list: a;b;c
  const out: MarkerValue[] = [first];
  while (s.peek() === ';') {
    s.pos++;
    out.push(parseAnyOne(s, ';', strict));
    s.skipWs();
  }
  return out;
}

function parseAnyOne(s: Scanner, stops: string, strict: boolean): MarkerValue {
  s.skipWs();
  const c = s.peek();
  if (c === '{') return parseBraces(s, strict);
  if (c === '[') return parseBrackets(s, strict);
  if (c === '"') return parseQuoted(s);
  if (!strict && c === '`') return parseRaw(s);
  const at = s.pos;
  const tok = s.readUntil(strict ? stops + ' \t\r\n,]}:' : stops).trim();
  if (tok === 'true') return true;
  if (tok === 'false') return false;
  if (tok === 'null') return null;
  if (NUMBER_RE.test(tok) && !tok.startsWith('+')) {
    const n = Number(tok);
    if (Number.isFinite(n)) return n === 0 ? 0 : n;
  }
  if (strict) {
    throw s.error(
      tok === '' ? 'expected a JSON value' : `${JSON.stringify(tok)} is not JSON: quote strings, e.g. "${tok}"`,
      at,
    );
  }
  if (tok === '') throw s.error('expected a value', at);
  return tok;
}

/** `{}` (empty map), `{k: v, …}` map / JSON object, or `{a, b}` list. */
function parseBraces(s: Scanner, strict: boolean): MarkerValue {
  const open = s.pos;
  s.pos++;
  s.skipWs();
  if (s.peek() === '}') {
    s.pos++;
    return {};
  }
  // Look ahead: a key followed by `:` makes it a map.
  const save = s.pos;
  let isMap = false;
  if (s.peek() === '"' || (!strict && s.peek() === '`')) {
    try {
      if (s.peek() === '`') parseRaw(s);
      else parseQuoted(s);
      s.skipWs();
      isMap = s.peek() === ':';
    } catch {
      isMap = false;
    }
  } else if (!strict) {
    const key = s.readUntil(':,}{[]').trim();
    isMap = s.peek() === ':' && BARE_KEY.test(key);
  }
  s.pos = save;
  if (strict && !isMap) throw s.error('expected a quoted key in the JSON object, e.g. {"key": 1}');
  if (!isMap) {
    const out: MarkerValue[] = [];
    for (;;) {
      out.push(parseAnyOne(s, ',}', strict));
      s.skipWs();
      const c = s.peek();
      if (c === ',') {
        s.pos++;
        continue;
      }
      if (c === '}') {
        s.pos++;
        return out;
      }
      if (c === undefined) throw s.error('unterminated list: add the closing }', open);
      throw s.error(`expected , or } in the list, found ${JSON.stringify(c)}`);
    }
  }
  const out: { [k: string]: MarkerValue } = {};
  for (;;) {
    s.skipWs();
    const keyAt = s.pos;
    let key: string;
    const c = s.peek();
    if (c === '"') key = parseQuoted(s);
    else if (!strict && c === '`') key = parseRaw(s);
    else if (!strict) {
      key = s.readUntil(':,}{[]').trim();
      if (!BARE_KEY.test(key)) throw s.error(`expected a map key, found ${JSON.stringify(key)}`, keyAt);
    } else throw s.error('expected a quoted key in the JSON object, e.g. {"key": 1}', keyAt);
    s.skipWs();
    if (s.peek() !== ':') throw s.error(`expected : after the key ${JSON.stringify(key)}`);
    s.pos++;
    if (Object.prototype.hasOwnProperty.call(out, key)) throw s.error(`duplicate key ${JSON.stringify(key)} in the map`, keyAt);
    const v = parseAnyOne(s, ',}', strict);
    Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    s.skipWs();
    const d = s.peek();
    if (d === ',') {
      s.pos++;
      continue;
    }
    if (d === '}') {
      s.pos++;
      return out;
    }
    if (d === undefined) throw s.error('unterminated map: add the closing }', open);
    throw s.error(`expected , or } in the map, found ${JSON.stringify(d)}`);
  }
}

/** A JSON-style array `[a, b]`. */
function parseBrackets(s: Scanner, strict: boolean): MarkerValue[] {
  const open = s.pos;
  s.pos++;
  const out: MarkerValue[] = [];
  s.skipWs();
  if (s.peek() === ']') {
    s.pos++;
    return out;
  }
  for (;;) {
    out.push(parseAnyOne(s, ',]', strict));
    s.skipWs();
    const c = s.peek();
    if (c === ',') {
      s.pos++;
      continue;
    }
    if (c === ']') {
      s.pos++;
      return out;
    }
    if (c === undefined) throw s.error('unterminated array: add the closing ]', open);
    throw s.error(`expected , or ] in the array, found ${JSON.stringify(c)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Struct arguments.

type StructType = Extract<ArgType, { kind: 'struct' }>;

/** Raised for struct-level problems that the registry words with the marker name. */
export class StructArgError extends MarkerSyntaxError {
  readonly problem:
    | { kind: 'unknown-key'; key: string }
    | { kind: 'missing'; keys: string[] }
    | { kind: 'duplicate-key'; key: string }
    | { kind: 'no-value'; key: string };
  constructor(problem: StructArgError['problem'], message: string, offset: number) {
    super(message, offset);
    this.problem = problem;
  }
}

function parseStruct(
  s: Scanner,
  t: StructType,
  firstKey: { key: string; offset: number } | undefined,
  noArgs = false,
): MarkerValue {
  const out: { [k: string]: MarkerValue } = {};
  const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
  const fieldOf = (key: string, at: number): StructType['fields'][string] => {
    const f = has(t.fields, key) ? t.fields[key] : undefined;
    if (!f) throw new StructArgError({ kind: 'unknown-key', key }, `unknown argument ${key}`, at);
    return f;
  };
  const set = (key: string, at: number, v: MarkerValue): void => {
    if (has(out, key)) throw new StructArgError({ kind: 'duplicate-key', key }, `argument ${key} is given twice`, at);
    Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
  };
  /** `key` written without `=value`: only flags and booleans may be. */
  const setBare = (key: string, at: number): void => {
    const f = fieldOf(key, at);
    if (f.type.kind !== 'flag' && f.type.kind !== 'bool') {
      throw new StructArgError({ kind: 'no-value', key }, `argument ${key} needs a value`, at);
    }
    set(key, at, true);
  };

  let first = true;
  if (firstKey) {
    // The first key came from the marker name: `+kubebuilder:printcolumn:name=Age,…`.
    if (noArgs) setBare(firstKey.key, firstKey.offset);
    else set(firstKey.key, firstKey.offset, parseFieldValue(s, fieldOf(firstKey.key, firstKey.offset).type));
    first = false;
  }
  s.skipWs();
  while (!s.atEnd()) {
    if (!first) {
      if (s.peek() !== ',') throw s.error(`expected , between arguments, found ${JSON.stringify(s.src.slice(s.pos))}`);
      s.pos++;
      s.skipWs();
    }
    const at = s.pos;
    const key = s.readUntil('=,').trim();
    const hasEq = s.peek() === '=';
    const isKey = /^[A-Za-z][\w.\-]*$/.test(key);
    if (first && t.positional !== undefined && !(hasEq && isKey && has(t.fields, key))) {
      // A positional first argument: `+genclient:method=GetScale,verb=get`.
      s.pos = at;
      set(t.positional, s.offset(at), parseFieldValue(s, fieldOf(t.positional, s.offset(at)).type));
    } else if (!isKey) {
      throw s.error(key === '' ? 'expected an argument (key=value)' : `expected key=value, found ${JSON.stringify(key)}`, at);
    } else if (hasEq) {
      const f = fieldOf(key, s.offset(at));
      s.pos++; // '='
      set(key, s.offset(at), parseFieldValue(s, f.type));
    } else {
      setBare(key, s.offset(at));
    }
    first = false;
    s.skipWs();
  }
  const missing = Object.keys(t.fields).filter((k) => !t.fields[k]!.optional && !has(out, k));
  if (missing.length > 0) {
    throw new StructArgError(
      { kind: 'missing', keys: missing },
      `missing required argument${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
      s.offset(s.src.length),
    );
  }
  // Stable key order: the definition's field order.
  const ordered: { [k: string]: MarkerValue } = {};
  for (const k of Object.keys(t.fields)) {
    if (has(out, k)) Object.defineProperty(ordered, k, { value: out[k]!, enumerable: true, writable: true, configurable: true });
  }
  return ordered;
}

function parseFieldValue(s: Scanner, t: ArgType): MarkerValue {
  if (t.kind === 'flag') return parseBool(s, ',');
  return parseValue(s, t, ',', false);
}
