/**
 * Field selectors with apimachinery's grammar (`fields.ParseSelector`): comma-separated `path=value`,
 * `path==value` or `path!=value` terms, all of which must hold. `\` escapes `,`, `=`, `!` and `\` in
 * values. Paths are dotted JSON paths (`metadata.name`, `spec.nodeName`); a missing field reads as ''.
 */

export class FieldSelectorParseError extends Error {
  override readonly name = 'FieldSelectorParseError';
}

export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

/** The value of a dotted path in an object, as a field selector compares it ('' when absent). */
export function getFieldValue(obj: unknown, path: string): string {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return '';
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) return '';
  if (typeof cur === 'object') return JSON.stringify(cur);
  return String(cur);
}

export class FieldSelector {
  constructor(readonly requirements: readonly FieldRequirement[]) {}

  empty(): boolean {
    return this.requirements.length === 0;
  }

  /** Matches a set of field values (`{ 'metadata.name': 'x' }`). */
  matches(fields: Readonly<Record<string, string>>): boolean {
    return this.requirements.every((r) => ((fields[r.field] ?? '') === r.value) === (r.operator === '='));
  }

  /** Matches an object, reading each field by its dotted path. */
  matchesObject(obj: unknown): boolean {
    return this.requirements.every((r) => (getFieldValue(obj, r.field) === r.value) === (r.operator === '='));
  }

  /** The fields the selector constrains (to check them against a resource's selectable fields). */
  fields(): string[] {
    return [...new Set(this.requirements.map((r) => r.field))];
  }

  toString(): string {
    return this.requirements.map((r) => `${r.field}${r.operator}${escapeValue(r.value)}`).join(',');
  }
}

export function escapeValue(v: string): string {
  return v.replace(/[\\,=!]/g, (c) => `\\${c}`);
}

/** Splits on unescaped commas. */
function splitTerms(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[i + 1]!;
      i++;
    } else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function unescape(v: string, term: string): string {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c === '\\') {
      const next = v[i + 1];
      if (next === undefined || !'\\,=!'.includes(next)) {
        throw new FieldSelectorParseError(`invalid escape sequence in field selector term ${JSON.stringify(term)}`);
      }
      out += next;
      i++;
    } else if (c === '=' || c === '!' || c === ',') {
      throw new FieldSelectorParseError(`invalid field selector term ${JSON.stringify(term)}: unescaped ${JSON.stringify(c)} in the value`);
    } else out += c;
  }
  return out;
}

/** Parses a field selector; '' selects everything. Throws FieldSelectorParseError. */
export function parseFieldSelector(selector: string): FieldSelector {
  if (selector.trim() === '') return new FieldSelector([]);
  const reqs: FieldRequirement[] = [];
  for (const raw of splitTerms(selector)) {
    const term = raw.trim();
    const m = /^([^=!\s]+)\s*(!=|==|=)(.*)$/.exec(term);
    if (!m) throw new FieldSelectorParseError(`invalid field selector term ${JSON.stringify(term)}: expected field=value, field==value or field!=value`);
    reqs.push({ field: m[1]!, operator: m[2] === '!=' ? '!=' : '=', value: unescape(m[3]!, term) });
  }
  return new FieldSelector(reqs);
}

/** A selector requiring every field of `fields` to equal its value (fields.SelectorFromSet). */
export function fieldSelectorFromSet(fields: Readonly<Record<string, string>>): FieldSelector {
  return new FieldSelector(Object.keys(fields).sort().map((field) => ({ field, operator: '=' as const, value: fields[field]! })));
}
