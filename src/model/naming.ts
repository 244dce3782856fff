/**
 * Naming rules, in one place: plurals (client-gen's namer), identifier casing, group accessors, version
 * priority, DNS name checks and file names. Generators and the parser both use these; nothing else
 * re-implements them.
 */

/** Plural exceptions client-gen and lister-gen apply by default. */
export const DEFAULT_PLURAL_EXCEPTIONS: Readonly<Record<string, string>> = Object.freeze({ Endpoints: 'Endpoints' });

const VOWELS = 'aeiou';

/**
 * The plural of a kind, case kept, by client-gen's namer: exceptions first; names under 2 characters
 * unchanged; -s/-x/-z → +es; consonant+y → -ies; -ch/-sh → +es, other -h → +s; -fe/-f → -ves; else +s.
 */
export function pluralize(kind: string, exceptions: Readonly<Record<string, string>> = DEFAULT_PLURAL_EXCEPTIONS): string {
  const exception = Object.hasOwn(exceptions, kind) ? exceptions[kind] : undefined;
  if (exception !== undefined) return exception;
  if (kind.length < 2) return kind;
  const last = kind[kind.length - 1]!;
  const before = kind[kind.length - 2]!;
  switch (last) {
    case 's':
    case 'x':
    case 'z':
      return kind + 'es';
    case 'y':
      // gengo compares against lower-case vowels only.
      return VOWELS.includes(before) ? kind + 's' : kind.slice(0, -1) + 'ies';
    case 'h':
      return before === 'c' || before === 's' ? kind + 'es' : kind + 's';
    case 'e':
      return before === 'f' ? kind.slice(0, -2) + 'ves' : kind + 's';
    case 'f':
      return kind.slice(0, -1) + 'ves';
    default:
      return kind + 's';
  }
}

/** The REST resource name: the lower-cased plural (`HTTPClient` → `httpclients`). */
export function resourcePlural(kind: string, exceptions?: Readonly<Record<string, string>>): string {
  return pluralize(kind, exceptions).toLowerCase();
}

/** Parses `Kind:plural,Kind2:plural2` (the `--plural-exceptions` flag). Throws on a malformed entry. */
export function parsePluralExceptions(spec: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of spec.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const parts = entry.split(':');
    if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
      throw new Error(`malformed plural exception "${entry}": write Kind:plural, e.g. Endpoints:Endpoints`);
    }
    out[parts[0]!.trim()] = parts[1]!.trim();
  }
  return out;
}

export function upperFirst(s: string): string {
  return s === '' ? s : s[0]!.toUpperCase() + s.slice(1);
}

/**
 * lowerCamelCase of an UpperCamel name, treating a leading acronym as one word:
 * `Network` → `network`, `HTTPClient` → `httpClient`, `GetScale` → `getScale`, `URLs` → `urls`, `ABC` → `abc`.
 */
export function lowerCamel(s: string): string {
  if (s === '') return s;
  let upper = 0;
  while (upper < s.length && isUpper(s[upper]!)) upper++;
  if (upper === 0) return s;
  if (upper === 1) return s[0]!.toLowerCase() + s.slice(1);
  if (upper === s.length) return s.toLowerCase();
  const next = s[upper]!;
  // `HTTPClient`: the last capital starts the next word; `URLs`: a lone lower-case `s` is a plural suffix.
  if (isLower(next) && !(next === 's' && (upper + 1 === s.length || !isLower(s[upper + 1]!)))) {
    return s.slice(0, upper - 1).toLowerCase() + s.slice(upper - 1);
  }
  return s.slice(0, upper).toLowerCase() + s.slice(upper);
}

function isUpper(c: string): boolean {
  return c >= 'A' && c <= 'Z';
}
function isLower(c: string): boolean {
  return c >= 'a' && c <= 'z';
}

/** UpperCamel from a DNS label or dashed/underscored word: `ops-tools` → `OpsTools`. */
export function upperCamelFromDashed(s: string): string {
  return s
    .split(/[-_]/)
    .filter((p) => p !== '')
    .map(upperFirst)
    .join('');
}

/**
 * The group's identifier for accessors: `+groupGoName` lower-camel-cased when given, else the first DNS
 * label of the group in lowerCamelCase (`samplecrd.k8s.io` → `samplecrd`, `ops-tools.example.com` →
 * `opsTools`); `core` for the legacy core group.
 */
export function groupGoName(groupName: string, override?: string): string {
  if (override !== undefined && override !== '') return lowerCamel(upperCamelFromDashed(override));
  if (groupName === '') return 'core';
  const first = groupName.split('.')[0]!;
  const camel = upperCamelFromDashed(first);
  const ident = camel === '' ? 'group' : lowerCamel(camel);
  return /^[0-9]/.test(ident) ? `g${ident}` : ident;
}

/** The clientset accessor of a group version: `samplecrdV1`, `coreV1`, `opsToolsV1beta1`. */
export function versionAccessor(groupGoName: string, version: string): string {
  return groupGoName + upperFirst(version);
}

const VERSION_RE = /^v([1-9][0-9]*)(?:(alpha|beta)([1-9][0-9]*))?$/;

/** A Kubernetes API version name: `v1`, `v1beta1`, `v2alpha3`. */
export function isVersionName(s: string): boolean {
  return VERSION_RE.test(s);
}

/**
 * Kubernetes version priority as a sort comparator, highest first: GA before beta before alpha, higher
 * major first, then higher minor (v2 > v1 > v11beta2 > v10beta3 > v3beta1 > v12alpha1 > v11alpha2);
 * names that are not Kubernetes versions sort after, alphabetically.
 */
export function compareVersions(a: string, b: string): number {
  const ma = VERSION_RE.exec(a);
  const mb = VERSION_RE.exec(b);
  if (!ma || !mb) {
    if (ma) return -1;
    if (mb) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const stage = (m: RegExpExecArray): number => (m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0);
  const sa = stage(ma);
  const sb = stage(mb);
  if (sa !== sb) return sb - sa;
  const majA = Number(ma[1]);
  const majB = Number(mb[1]);
  if (majA !== majB) return majB - majA;
  const minA = Number(ma[3] ?? 0);
  const minB = Number(mb[3] ?? 0);
  return minB - minA;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

export function isDns1123Label(s: string): boolean {
  return s.length <= 63 && DNS1123_LABEL.test(s);
}

export function isDns1123Subdomain(s: string): boolean {
  return s.length > 0 && s.length <= 253 && s.split('.').every((l) => DNS1123_LABEL.test(l));
}

export function isDns1035Label(s: string): boolean {
  return s.length <= 63 && DNS1035_LABEL.test(s);
}

/** The file name (without extension) generated for a kind: the kind lower-cased (`httpclient`). */
export function kindFileName(kind: string): string {
  return kind.toLowerCase();
}
