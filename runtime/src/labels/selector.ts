/**
 * Label selectors with apimachinery's grammar and semantics (`labels.Parse`): comma-separated
 * requirements, each `key`, `!key`, `key=v`, `key==v`, `key!=v`, `key in (a,b)`, `key notin (a,b)`,
 * `key>n`, `key<n`. All requirements must hold. `!=` and `notin` also match objects without the key.
 */
import type { LabelSelector } from '../meta/types.js';

export type Operator = 'exists' | 'doesNotExist' | '=' | '!=' | 'in' | 'notin' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

export class SelectorParseError extends Error {
  override readonly name = 'SelectorParseError';
}

const NAME_RE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const DNS_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A qualified name: `[prefix/]name`, name ≤ 63 characters, prefix a DNS subdomain ≤ 253. */
export function validateLabelKey(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN_RE.test(prefix))) {
    return `invalid label key ${JSON.stringify(key)}: prefix part must be a lowercase RFC 1123 subdomain`;
  }
  if (name.length === 0 || name.length > 63 || !NAME_RE.test(name)) {
    return `invalid label key ${JSON.stringify(key)}: name part must be 63 characters or less, start and end with an alphanumeric character, and contain only alphanumerics, '-', '_' or '.'`;
  }
  return undefined;
}

/** A label value: empty, or ≤ 63 characters of alphanumerics, '-', '_', '.' starting and ending alphanumeric. */
export function validateLabelValue(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63 || !NAME_RE.test(value)) {
    return `invalid label value ${JSON.stringify(value)}: must be 63 characters or less and consist of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric`;
  }
  return undefined;
}

export class Selector {
  constructor(readonly requirements: readonly Requirement[]) {}

  empty(): boolean {
    return this.requirements.length === 0;
  }

  matches(labels: Readonly<Record<string, string>>): boolean {
    for (const r of this.requirements) if (!matchRequirement(r, labels)) return false;
    return true;
  }

  /** The canonical string form (requirements sorted by key, as apimachinery prints them). */
  toString(): string {
    return [...this.requirements]
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map(formatRequirement)
      .join(',');
  }
}

function matchRequirement(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = has ? labels[r.key]! : undefined;
  switch (r.operator) {
    case 'exists':
      return has;
    case 'doesNotExist':
      return !has;
    case '=':
    case 'in':
      return has && r.values.includes(v!);
    case '!=':
    case 'notin':
      return !has || !r.values.includes(v!);
    case 'gt':
    case 'lt': {
      if (!has || !/^-?[0-9]+$/.test(v!)) return false;
      const n = Number(v);
      const bound = Number(r.values[0]);
      return r.operator === 'gt' ? n > bound : n < bound;
    }
  }
}

function formatRequirement(r: Requirement): string {
  switch (r.operator) {
    case 'exists':
      return r.key;
    case 'doesNotExist':
      return `!${r.key}`;
    case '=':
      return `${r.key}=${r.values[0]}`;
    case '!=':
      return `${r.key}!=${r.values[0]}`;
    case 'in':
      return `${r.key} in (${[...r.values].sort().join(',')})`;
    case 'notin':
      return `${r.key} notin (${[...r.values].sort().join(',')})`;
    case 'gt':
      return `${r.key}>${r.values[0]}`;
    case 'lt':
      return `${r.key}<${r.values[0]}`;
  }
}

/** Splits on commas outside parentheses. */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

function check(err: string | undefined): void {
  if (err !== undefined) throw new SelectorParseError(err);
}

function parseRequirement(raw: string): Requirement {
  const text = raw.trim();
  if (text === '') throw new SelectorParseError('found an empty requirement: remove the extra comma');
  let m = /^!\s*([^\s!=<>(),]+)$/.exec(text);
  if (m) {
    check(validateLabelKey(m[1]!));
    return { key: m[1]!, operator: 'doesNotExist', values: [] };
  }
  m = /^([^\s!=<>(),]+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(text);
  if (m) {
    check(validateLabelKey(m[1]!));
    const values = m[3]!.split(',').map((v) => v.trim());
    for (const v of values) check(validateLabelValue(v));
    return { key: m[1]!, operator: m[2] === 'in' ? 'in' : 'notin', values };
  }
  m = /^([^\s!=<>(),]+)\s*(==|=|!=|>|<)\s*([^\s!=<>(),]*)$/.exec(text);
  if (m) {
    check(validateLabelKey(m[1]!));
    const op = m[2]!;
    const value = m[3]!;
    if (op === '>' || op === '<') {
      if (!/^-?[0-9]+$/.test(value)) throw new SelectorParseError(`for '${op}' operator, the value must be an integer, got ${JSON.stringify(value)}`);
      return { key: m[1]!, operator: op === '>' ? 'gt' : 'lt', values: [value] };
    }
    check(validateLabelValue(value));
    return { key: m[1]!, operator: op === '!=' ? '!=' : '=', values: [value] };
  }
  m = /^([^\s!=<>(),]+)$/.exec(text);
  if (m) {
    check(validateLabelKey(m[1]!));
    return { key: m[1]!, operator: 'exists', values: [] };
  }
  throw new SelectorParseError(
    `unable to parse requirement ${JSON.stringify(text)}: expected key, !key, key=value, key!=value, key in (a,b) or key notin (a,b)`,
  );
}

/** Parses a label selector string; '' selects everything. Throws SelectorParseError. */
export function parseSelector(selector: string): Selector {
  if (selector.trim() === '') return new Selector([]);
  return new Selector(splitTopLevel(selector).map(parseRequirement));
}

/** The selector that matches everything. */
export function everything(): Selector {
  return new Selector([]);
}

/** A selector requiring every label of `labels` (labels.SelectorFromSet). */
export function selectorFromSet(labels: Readonly<Record<string, string>>): Selector {
  return new Selector(
    Object.keys(labels)
      .sort()
      .map((key) => ({ key, operator: '=' as const, values: [labels[key]!] })),
  );
}

/** metav1.LabelSelectorAsSelector: matchLabels and matchExpressions ANDed; undefined selects nothing. */
export function labelSelectorAsSelector(ls: LabelSelector | undefined): Selector | undefined {
  if (ls === undefined) return undefined;
  const reqs: Requirement[] = [];
  for (const key of Object.keys(ls.matchLabels ?? {}).sort()) {
    check(validateLabelKey(key));
    const value = ls.matchLabels![key]!;
    check(validateLabelValue(value));
    reqs.push({ key, operator: '=', values: [value] });
  }
  for (const e of ls.matchExpressions ?? []) {
    check(validateLabelKey(e.key));
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) throw new SelectorParseError(`${e.operator} requires at least one value for key ${JSON.stringify(e.key)}`);
        reqs.push({ key: e.key, operator: e.operator === 'In' ? 'in' : 'notin', values: [...values] });
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) throw new SelectorParseError(`${e.operator} takes no values for key ${JSON.stringify(e.key)}`);
        reqs.push({ key: e.key, operator: e.operator === 'Exists' ? 'exists' : 'doesNotExist', values: [] });
        break;
      default:
        throw new SelectorParseError(`${JSON.stringify(e.operator)} is not a valid label selector operator`);
    }
  }
  return new Selector(reqs);
}

/** The string form of a LabelSelector, for list options. */
export function formatLabelSelector(ls: LabelSelector): string {
  return labelSelectorAsSelector(ls)?.toString() ?? '';
}
