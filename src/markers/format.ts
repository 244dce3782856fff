/**
 * The way back: a typed value → a marker line that the registry parses into the same value. Used by
 * `kubegen import` (markers recovered from a CRD schema) and by tests. Output is canonical and short:
 * bare words where they are unambiguous, backquotes for strings with special characters (readable for
 * regular expressions), double quotes with JSON escapes when a backquote or a control character is inside.
 * The line never contains `*\/`, so it can be written inside a `/** … *\/` doc comment.
 *
 *   formatMarker(def('kubebuilder:validation:Pattern'), '^[a-z]+$')  → +kubebuilder:validation:Pattern=`^[a-z]+$`
 *   formatMarker(def('kubebuilder:validation:Enum'), ['A', 'B c', 1, 'true']) → +kubebuilder:validation:Enum=A;B c;1;`true`
 *   formatMarker(def('kubebuilder:printcolumn'), { name: 'Age', type: 'date', JSONPath: '.metadata.creationTimestamp' })
 *                                                  → +kubebuilder:printcolumn:name=Age,type=date,JSONPath=.metadata.creationTimestamp
 */
import type { MarkerValue } from '../model/types.js';
import type { ArgType, MarkerDefinition } from './types.js';

/** Thrown when a value does not fit the definition's argument type. */
export class MarkerFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MarkerFormatError';
  }
}

/** A marker line (`+name…`) for `value`, which must match `def.arg`. */
export function formatMarker(def: Pick<MarkerDefinition, 'name' | 'arg'>, value: MarkerValue): string {
  const t = def.arg;
  switch (t.kind) {
    case 'flag':
      if (typeof value !== 'boolean') throw mismatch(def.name, 'a boolean', value);
      return value ? `+${def.name}` : `+${def.name}=false`;
    case 'struct': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw mismatch(def.name, 'an object', value);
      for (const k of Object.keys(value)) {
        if (!Object.prototype.hasOwnProperty.call(t.fields, k)) throw new MarkerFormatError(`+${def.name} has no argument ${k}`);
      }
      const parts: string[] = [];
      let positional: string | undefined;
      for (const [k, f] of Object.entries(t.fields)) {
        if (!Object.prototype.hasOwnProperty.call(value, k)) {
          if (!f.optional) throw new MarkerFormatError(`+${def.name} needs the argument ${k}`);
          continue;
        }
        const raw = value[k]!;
        let v = formatValue(f.type, raw, 'struct', `${def.name}:${k}`);
        if (k === t.positional) {
          // A bare positional `x=y` would read as a named argument.
          if (typeof raw === 'string' && v === raw && raw.includes('=')) v = quote(raw);
          positional = v;
        }
        else parts.push(`${k}=${v}`);
      }
      if (positional !== undefined) return `+${def.name}=${[positional, ...parts].join(',')}`;
      if (parts.length === 0) return `+${def.name}`;
      return `+${def.name}:${parts.join(',')}`;
    }
    default:
      return `+${def.name}=${formatValue(t, value, 'top', def.name)}`;
  }
}

type Context = 'top' | 'struct' | 'list' | 'any';

function mismatch(name: string, want: string, v: MarkerValue): MarkerFormatError {
  return new MarkerFormatError(`+${name} takes ${want}, not ${JSON.stringify(v)}`);
}

function formatValue(t: ArgType, v: MarkerValue, ctx: Context, name: string): string {
  switch (t.kind) {
    case 'flag':
    case 'bool':
      if (typeof v !== 'boolean') throw mismatch(name, 'a boolean', v);
      return String(v);
    case 'int':
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw mismatch(name, 'a whole number', v);
      return formatNumber(v);
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) throw mismatch(name, 'a number', v);
      return formatNumber(v);
    case 'string':
      if (typeof v !== 'string') throw mismatch(name, 'a string', v);
      return formatString(v, ctx);
    case 'enum':
      if (typeof v !== 'string' || !t.values.includes(v)) throw mismatch(name, `one of ${t.values.join(', ')}`, v);
      return formatString(v, ctx);
    case 'list': {
      if (!Array.isArray(v)) throw mismatch(name, 'a list', v);
      if (v.length === 0) return '{}';
      const items = v.map((x) => formatValue(t.of, x, 'list', name));
      // `a;b` unless the first item opens a brace, which would read as the `{a,b}` form.
      return items[0]!.startsWith('{') ? `{${items.join(',')}}` : items.join(';');
    }
    case 'any':
      return formatAny(v);
    case 'json':
      return jsonText(v);
    case 'struct':
      throw new MarkerFormatError(`+${name}: a nested struct argument cannot be written`);
  }
}

function formatNumber(n: number): string {
  return String(n === 0 ? 0 : n);
}

const NUMBER_LIKE = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const BARE_KEY = /^[A-Za-z_$][\w$.\-/]*$/;

/** Whether `s` can be written without quotes in `ctx`. */
function bareOk(s: string, ctx: Context): boolean {
  if (s !== s.trim()) return false;
  if (s.startsWith('"') || s.startsWith('`')) return false;
  if (/\s\+[A-Za-z]/.test(s)) return false; // would start an inline marker
  if (/[\u0000-\u001f\u007f]/.test(s)) return false;
  // Quotes and brackets inside a bare value would confuse splitting of several markers on one line;
  // `*/` would end the doc comment the marker is written in.
  if (/["`{}[\]]/.test(s) || s.includes('*/')) return false;
  if (ctx === 'top') return true;
  switch (ctx) {
    case 'struct':
      return s !== '' && !/[,;{]/.test(s[0]!) && !/[,;]/.test(s);
    case 'list':
      return s !== '' && !/[,;{}]/.test(s);
    case 'any':
      return (
        s !== '' &&
        !/[,;{}[\]:]/.test(s) &&
        !NUMBER_LIKE.test(s) &&
        s !== 'true' &&
        s !== 'false' &&
        s !== 'null'
      );
  }
}

function formatString(s: string, ctx: Context): string {
  if (bareOk(s, ctx)) return s;
  return quote(s);
}

function quote(s: string): string {
  if (!s.includes('`') && !s.includes('*/') && !/[\u0000-\u001f\u007f]/.test(s)) return `\`${s}\``;
  return jsonText(s);
}

/** JSON text that never contains `*\/` (which would end a doc comment): `/` after `*` is escaped. */
function jsonText(v: MarkerValue): string {
  return JSON.stringify(v).replace(/\*\//g, '*\\/');
}

function formatAny(v: MarkerValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new MarkerFormatError(`${v} cannot be written as a marker value`);
    return formatNumber(v);
  }
  if (typeof v === 'string') {
    // Bare only when it cannot read as a number, bool, null, list or map (`a;b` at top level is a list).
    return bareOk(v, 'any') ? v : quote(v);
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `{${v.map((x) => formatAny(x)).join(',')}}`;
  }
  const entries = Object.entries(v);
  if (entries.length === 0) return '{}';
  return `{${entries.map(([k, x]) => `${BARE_KEY.test(k) ? k : jsonText(k)}: ${formatAny(x)}`).join(', ')}}`;
}
