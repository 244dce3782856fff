/**
 * The apiserver's CustomResourceDefinition rules, enforced at generation time so a CRD the apiserver would
 * refuse is never written. Each problem is reported at the source position of the schema node (or marker)
 * that caused it. Rules follow apiextensions-apiserver: structural-schema invariants, OpenAPI restrictions,
 * list/map types, defaults (valid and pruned), CEL validation rules, subresources, printer columns,
 * selectable fields and names.
 */
import type { SourcePos } from '../../model/types.js';
import { isDns1035Label, isDns1123Subdomain } from '../../model/naming.js';
import { patternProblem, VALIDATION_REASONS } from './apply.js';
import { checkCel, selections } from './cel.js';
import {
  isScalarType,
  type CustomResourceDefinition,
  type CustomResourceDefinitionVersion,
  type JSONSchemaProps,
  type ValidationRule,
} from './schema-types.js';
import { applyDefaults, deepClone, failingRules, prune, validateValue } from './values.js';

export interface RuleReporter {
  error(pos: SourcePos, code: string, message: string): void;
  warn(pos: SourcePos, code: string, message: string): void;
}

/** Source positions for the pieces of a CRD. */
export interface CrdPositions {
  /** Schema nodes and validation rules. */
  nodes: WeakMap<object, SourcePos>;
  /** The marker that set each node's `default`. */
  defaults?: WeakMap<object, SourcePos>;
  /** The kind declaration of each version (by version name), the fallback position. */
  versions: ReadonlyMap<string, SourcePos>;
  /** Printer columns (by object identity). */
  columns: WeakMap<object, SourcePos>;
  /** The kind of the storage version (names, group, annotations). */
  crd: SourcePos;
}

const ROOT_KEYS_WITH_STATUS = new Set([
  'description',
  'type',
  'format',
  'title',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'multipleOf',
  'required',
  'items',
  'properties',
  'externalDocs',
  'example',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-validations',
]);

const PRINTER_TYPES = ['integer', 'number', 'string', 'boolean', 'date'];
const PRINTER_FORMATS = ['int32', 'int64', 'float', 'double', 'byte', 'date', 'date-time', 'password'];
const MAX_SELECTABLE_FIELDS = 8;
const PROTECTED_GROUP = /(^|\.)(k8s\.io|kubernetes\.io)$/;
export const APPROVAL_ANNOTATION = 'api-approved.kubernetes.io';

type Level = 'root' | 'item' | 'field';

interface WalkState {
  pos: SourcePos;
  level: Level;
  /** The path of the nearest list/map ancestor that makes oldSelf uncorrelatable, if any. */
  uncorrelatable?: string;
  /** Inside the root metadata/apiVersion/kind (defaults forbidden). */
  topLevelMeta?: string;
  /** Unbounded lists/maps above this node (CEL rules here run once per element). */
  unboundedAncestors: string[];
}

/** A JSON path into the schema, for messages: `.spec.ports[*].name`, `.spec.labels.*`. */
function child(path: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${path}.${key}` : `${path}['${key}']`;
}

/** Checks one CRD; reports through `r`. Returns whether an error was found. */
export function checkCrd(crd: CustomResourceDefinition, pos: CrdPositions, r: RuleReporter): boolean {
  let failed = false;
  const label = crd.metadata.name;
  const err = (p: SourcePos, code: string, msg: string): void => {
    failed = true;
    r.error(p, code, `CRD ${label}: ${msg}`);
  };
  const warn = (p: SourcePos, code: string, msg: string): void => r.warn(p, code, `CRD ${label}: ${msg}`);

  checkNames(crd, pos.crd, err);
  checkVersions(crd, pos, err);
  for (const v of crd.spec.versions) {
    const vpos = pos.versions.get(v.name) ?? pos.crd;
    const verr = (p: SourcePos, code: string, msg: string): void => err(p, code, `version ${v.name}: ${msg}`);
    const vwarn = (p: SourcePos, code: string, msg: string): void => warn(p, code, `version ${v.name}: ${msg}`);
    checkSchema(v.schema.openAPIV3Schema, !!v.subresources?.status, pos, vpos, verr, vwarn);
    checkSubresources(v, vpos, verr, vwarn);
    checkPrinterColumns(v, pos.columns, vpos, verr);
    checkSelectableFields(v, vpos, verr);
    if (v.deprecationWarning !== undefined) {
      if (v.deprecationWarning.length > 256)
        verr(
          vpos,
          'deprecation-warning',
          `the deprecation warning must be at most 256 characters (it has ${v.deprecationWarning.length})`,
        );
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u001f\u007f]/.test(v.deprecationWarning))
        verr(vpos, 'deprecation-warning', 'the deprecation warning must be a single line of printable characters');
    }
  }
  return failed;
}

type Report = (p: SourcePos, code: string, msg: string) => void;

function checkNames(crd: CustomResourceDefinition, p: SourcePos, err: Report): void {
  const { group } = crd.spec;
  // The apiserver defaults singular (lower-cased kind) and listKind (kind + "List") before validating.
  const names = {
    ...crd.spec.names,
    singular: crd.spec.names.singular || crd.spec.names.kind.toLowerCase(),
    listKind: crd.spec.names.listKind || `${crd.spec.names.kind}List`,
  };
  if (group === '') err(p, 'crd-group', 'a CustomResourceDefinition needs an API group; set +groupName= in doc.ts');
  else if (!isDns1123Subdomain(group))
    err(p, 'crd-group', `group "${group}" must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.')`);
  else if (!group.includes('.'))
    err(p, 'crd-group', `group "${group}" must be a domain with at least one dot, e.g. ${group}.example.com`);
  if (!isDns1123Subdomain(crd.metadata.name))
    err(
      p,
      'crd-name',
      `name "${crd.metadata.name}" (plural.group) must be a DNS-1123 subdomain of at most 253 characters`,
    );
  const label = (what: string, v: string, fix: string): void => {
    if (!isDns1035Label(v))
      err(
        p,
        'crd-names',
        `${what} "${v}" must be a DNS-1035 label (lower-case letters, digits and '-', starting with a letter, at most 63 characters); ${fix}`,
      );
  };
  label('plural', names.plural, 'set +kubebuilder:resource:path=...');
  label('singular', names.singular, 'set +kubebuilder:resource:singular=...');
  for (const s of names.shortNames ?? []) label('short name', s, 'fix +kubebuilder:resource:shortName=...');
  for (const c of names.categories ?? []) label('category', c, 'fix +kubebuilder:resource:categories=...');
  if (!isDns1035Label(names.kind.toLowerCase()))
    err(p, 'crd-names', `kind "${names.kind}" may have mixed case but must otherwise be a DNS-1035 label`);
  if (!isDns1035Label(names.listKind.toLowerCase()))
    err(p, 'crd-names', `listKind "${names.listKind}" may have mixed case but must otherwise be a DNS-1035 label`);
  if (names.kind === names.listKind) err(p, 'crd-names', `kind and listKind may not be the same ("${names.kind}")`);
  if (PROTECTED_GROUP.test(group)) {
    const v = crd.metadata.annotations?.[APPROVAL_ANNOTATION];
    if (v === undefined) {
      err(
        p,
        'api-approval',
        `group "${group}" is under k8s.io/kubernetes.io, which the apiserver reserves: it refuses the CRD without the "${APPROVAL_ANNOTATION}" annotation; add +kubebuilder:metadata:annotations="${APPROVAL_ANNOTATION}=https://github.com/kubernetes/kubernetes/pull/<number>" (or "=unapproved, <reason>"), or use a group under a domain you own`,
      );
    } else if (!v.startsWith('unapproved') && !/^https?:\/\/\S+$/.test(v)) {
      err(
        p,
        'api-approval',
        `annotation "${APPROVAL_ANNOTATION}" must be the URL of the approving pull request or start with "unapproved", got "${v}"`,
      );
    }
  }
}

function checkVersions(crd: CustomResourceDefinition, pos: CrdPositions, err: Report): void {
  const vs = crd.spec.versions;
  if (vs.length === 0) {
    err(
      pos.crd,
      'crd-versions',
      'every version is skipped (+kubebuilder:skipversion); a CRD needs at least one version',
    );
    return;
  }
  const storage = vs.filter((v) => v.storage);
  if (storage.length !== 1) {
    const where = storage.length === 0 ? pos.crd : (pos.versions.get(storage[1]!.name) ?? pos.crd);
    err(
      where,
      'storage-version',
      storage.length === 0
        ? `no storage version among ${vs.map((v) => v.name).join(', ')}; mark exactly one kind +kubebuilder:storageversion`
        : `${storage.length} storage versions (${storage.map((v) => v.name).join(', ')}); mark exactly one +kubebuilder:storageversion`,
    );
  }
  for (const v of vs) {
    if (!isDns1035Label(v.name))
      err(pos.versions.get(v.name) ?? pos.crd, 'crd-versions', `version name "${v.name}" must be a DNS-1035 label`);
  }
}

function simplePath(p: string): boolean {
  return /^(\.[A-Za-z_$][A-Za-z0-9_$-]*)+$/.test(p);
}

/** The schema a simple path `.a.b` leads to, or undefined. */
export function schemaAt(root: JSONSchemaProps, path: string): JSONSchemaProps | undefined {
  let s: JSONSchemaProps | undefined = root;
  for (const part of path.split('.').slice(1)) {
    if (!s) return undefined;
    if (s.properties && Object.hasOwn(s.properties, part)) s = s.properties[part];
    else if (typeof s.additionalProperties === 'object') s = s.additionalProperties;
    else return undefined;
  }
  return s;
}

function checkSubresources(v: CustomResourceDefinitionVersion, p: SourcePos, err: Report, warn: Report): void {
  const scale = v.subresources?.scale;
  if (!scale) return;
  const root = v.schema.openAPIV3Schema;
  const check = (what: string, path: string | undefined, prefixes: string[], wantType: string): void => {
    if (path === undefined || path === '') {
      if (what !== 'labelSelectorPath') err(p, 'scale-path', `scale ${what} is required`);
      return;
    }
    if (!simplePath(path)) {
      err(p, 'scale-path', `scale ${what} "${path}" must be a simple JSON path in dot notation, e.g. .spec.replicas`);
      return;
    }
    if (!prefixes.some((x) => path.startsWith(x))) {
      err(p, 'scale-path', `scale ${what} "${path}" must be under ${prefixes.map((x) => x.slice(0, -1)).join(' or ')}`);
      return;
    }
    const s = schemaAt(root, path);
    if (!s) warn(p, 'scale-path', `scale ${what} "${path}" does not name a field of the schema`);
    else if (s.type !== wantType)
      warn(p, 'scale-path', `scale ${what} "${path}" should be a ${wantType} field, but it is ${s.type ?? 'untyped'}`);
  };
  check('specReplicasPath', scale.specReplicasPath, ['.spec.'], 'integer');
  check('statusReplicasPath', scale.statusReplicasPath, ['.status.'], 'integer');
  check('labelSelectorPath', scale.labelSelectorPath, ['.spec.', '.status.'], 'string');
}

function checkPrinterColumns(
  v: CustomResourceDefinitionVersion,
  cols: WeakMap<object, SourcePos>,
  vpos: SourcePos,
  err: Report,
): void {
  const seen = new Set<string>();
  for (const c of v.additionalPrinterColumns ?? []) {
    const p = cols.get(c) ?? vpos;
    const what = `printer column "${c.name}"`;
    if (c.name === '') err(p, 'printer-column', 'a printer column needs a name');
    if (seen.has(c.name)) err(p, 'printer-column', `${what} is declared twice`);
    seen.add(c.name);
    if (!PRINTER_TYPES.includes(c.type))
      err(p, 'printer-column', `${what} has type "${c.type}"; use one of ${PRINTER_TYPES.join(', ')}`);
    if (c.format !== undefined && !PRINTER_FORMATS.includes(c.format))
      err(p, 'printer-column', `${what} has format "${c.format}"; use one of ${PRINTER_FORMATS.join(', ')}`);
    if (c.priority !== undefined && (!Number.isInteger(c.priority) || c.priority < 0))
      err(p, 'printer-column', `${what} priority must be a whole number >= 0`);
    if (c.jsonPath === '') err(p, 'printer-column', `${what} needs a JSONPath`);
    else if (!c.jsonPath.startsWith('.') && !c.jsonPath.startsWith('{'))
      err(p, 'printer-column', `${what} JSONPath "${c.jsonPath}" must start with "." (e.g. .spec.replicas)`);
    else if (!balanced(c.jsonPath))
      err(p, 'printer-column', `${what} JSONPath "${c.jsonPath}" has unbalanced brackets or quotes`);
  }
}

function balanced(path: string): boolean {
  const stack: string[] = [];
  let quote: string | undefined;
  for (const ch of path) {
    if (quote) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '[' || ch === '{' || ch === '(') stack.push(ch);
    else if (ch === ']' || ch === '}' || ch === ')') {
      const open = stack.pop();
      if ((ch === ']' && open !== '[') || (ch === '}' && open !== '{') || (ch === ')' && open !== '(')) return false;
    }
  }
  return stack.length === 0 && quote === undefined;
}

function checkSelectableFields(v: CustomResourceDefinitionVersion, p: SourcePos, err: Report): void {
  const fields = v.selectableFields ?? [];
  const seen = new Set<string>();
  for (const { jsonPath } of fields) {
    const what = `selectable field "${jsonPath}"`;
    if (!simplePath(jsonPath)) {
      err(p, 'selectable-field', `${what} must be a simple JSON path without array notation, e.g. .spec.color`);
      continue;
    }
    if (jsonPath === '.metadata' || jsonPath.startsWith('.metadata.')) {
      err(
        p,
        'selectable-field',
        `${what} must not point into metadata (metadata.name and metadata.namespace are always selectable)`,
      );
      continue;
    }
    const s = schemaAt(v.schema.openAPIV3Schema, jsonPath);
    if (!s) err(p, 'selectable-field', `${what} does not name a field of the schema`);
    else if (s.type !== 'string' && s.type !== 'integer' && s.type !== 'boolean') {
      err(
        p,
        'selectable-field',
        `${what} must point to a string, integer or boolean field, but it is ${s.type ?? 'untyped'}`,
      );
    }
    if (seen.has(jsonPath)) err(p, 'selectable-field', `${what} is declared twice`);
    seen.add(jsonPath);
  }
  if (seen.size > MAX_SELECTABLE_FIELDS) {
    err(p, 'selectable-field', `${seen.size} selectable fields; the apiserver allows at most ${MAX_SELECTABLE_FIELDS}`);
  }
}

/** The structural-schema, OpenAPI, list/map, default and CEL rules for one version's schema. */
function checkSchema(
  root: JSONSchemaProps,
  statusSubresource: boolean,
  pm: CrdPositions,
  vpos: SourcePos,
  err: Report,
  warn: Report,
): void {
  const rootPos = pm.nodes.get(root) ?? vpos;
  if (statusSubresource) {
    const bad = Object.keys(root).filter((k) => !ROOT_KEYS_WITH_STATUS.has(k));
    if (bad.length > 0) {
      err(
        rootPos,
        'status-root',
        `with the status subresource the schema root may not set ${bad.join(', ')} (only ${[...ROOT_KEYS_WITH_STATUS].join(', ')}); move these markers off the kind`,
      );
    }
  }
  if (root.nullable) err(rootPos, 'structural', 'the schema root may not be nullable');
  walk(root, '', { pos: rootPos, level: 'root', unboundedAncestors: [] }, pm, err, warn);
}

function walk(s: JSONSchemaProps, path: string, st: WalkState, pm: CrdPositions, err: Report, warn: Report): void {
  const nodes = pm.nodes;
  const pos = nodes.get(s) ?? st.pos;
  const at = path === '' ? 'schema root' : path;
  const e = (code: string, msg: string, p: SourcePos = pos): void => err(p, code, `${at}: ${msg}`);

  // Typing.
  const ios = s['x-kubernetes-int-or-string'] === true;
  const puf = s['x-kubernetes-preserve-unknown-fields'];
  const emb = s['x-kubernetes-embedded-resource'] === true;
  if (emb && s.type !== 'object') e('structural', 'x-kubernetes-embedded-resource requires type: object');
  else if (s.type === undefined && !ios && puf !== true) {
    const where = st.level === 'root' ? 'at the root' : st.level === 'item' ? 'for array items' : 'for object fields';
    e(
      'structural',
      `type must not be empty ${where}; give the field a concrete type, or mark it +kubebuilder:pruning:PreserveUnknownFields (any JSON) or +kubebuilder:validation:XIntOrString`,
    );
  }
  if (st.level === 'root' && s.type !== undefined && s.type !== 'object')
    e('structural', `the root must be type: object, not ${s.type}`);
  if (puf === false) e('structural', 'x-kubernetes-preserve-unknown-fields must be true or absent');
  if (ios && puf)
    e('structural', 'x-kubernetes-preserve-unknown-fields must not be set with x-kubernetes-int-or-string');
  if (ios && emb) e('structural', 'x-kubernetes-embedded-resource must not be set with x-kubernetes-int-or-string');
  if (s.type === 'array' && !s.items) e('structural', 'an array needs an items schema');
  if (s.uniqueItems)
    e('unique-items-refused', 'uniqueItems: true is refused by the apiserver (quadratic cost); use +listType=set');

  // additionalProperties.
  if (s.additionalProperties !== undefined) {
    if (st.level === 'root') e('structural', 'additionalProperties must not be used at the root');
    if (s.additionalProperties === false)
      e('structural', 'additionalProperties must not be false; unknown fields are pruned anyway');
    if (s.properties && Object.keys(s.properties).length > 0)
      e('structural', 'additionalProperties and properties are mutually exclusive (a struct or a map, not both)');
    if (emb) e('structural', 'additionalProperties must not be used with x-kubernetes-embedded-resource');
  }
  if (emb && puf !== true && (!s.properties || Object.keys(s.properties).length === 0)) {
    e('structural', 'an embedded resource without x-kubernetes-preserve-unknown-fields needs properties');
  }

  // Value validations under logical junctors: only the int-or-string forms may carry types.
  const intOrStringAnyOf = (xs: JSONSchemaProps[] | undefined): boolean =>
    !!xs && xs.length === 2 && isOnly(xs[0]!, { type: 'integer' }) && isOnly(xs[1]!, { type: 'string' });
  if (s.anyOf && !intOrStringAnyOf(s.anyOf)) s.anyOf.forEach((x, i) => nested(x, `${at}.anyOf[${i}]`, e));
  (s.allOf ?? []).forEach((x, i) => {
    if (i === 0 && intOrStringAnyOf(x.anyOf)) {
      const { anyOf: _skip, ...rest } = x;
      nested(rest, `${at}.allOf[0]`, e);
    } else nested(x, `${at}.allOf[${i}]`, e);
  });
  (s.oneOf ?? []).forEach((x, i) => nested(x, `${at}.oneOf[${i}]`, e));
  if (s.not) nested(s.not, `${at}.not`, e);
  if (s.pattern !== undefined) {
    const problem = patternProblem(s.pattern);
    if (problem !== undefined)
      e('invalid-pattern', `pattern ${JSON.stringify(s.pattern)} is not a valid regular expression: ${problem}`);
  }

  if (s.enum) {
    for (const v of s.enum) {
      const problem = enumValueProblem(v, s);
      if (problem !== undefined) e('invalid-enum', `enum value ${JSON.stringify(v)} ${problem}`);
    }
  }

  // Metadata at the root and in embedded resources.
  const checkMeta = st.level === 'root' || emb;
  if (checkMeta && s.properties) {
    for (const k of ['apiVersion', 'kind']) {
      const ks = s.properties[k];
      if (ks && ks.type !== 'string') e('structural', `${k} must be type: string`, nodes.get(ks) ?? pos);
    }
    const md = s.properties['metadata'];
    if (md) {
      const mpos = nodes.get(md) ?? pos;
      if (md.type !== 'object') e('structural', 'metadata must be type: object', mpos);
      if (st.level === 'root') {
        const extra = Object.keys(md).filter((k) => k !== 'type' && k !== 'properties' && k !== 'description');
        const props = Object.keys(md.properties ?? {});
        const badProps = props.filter((p) => p !== 'name' && p !== 'generateName');
        if (extra.length > 0 || badProps.length > 0) {
          e(
            'root-metadata',
            'the root metadata may only be type: object (the apiserver supplies ObjectMeta and may only restrict name and generateName); remove markers from the metadata field',
            mpos,
          );
        }
      }
    }
  }

  // List and map types.
  checkListMap(s, e, nodes, pos);

  // Defaults.
  if (s.default !== undefined) checkDefault(s, st, (code, msg) => e(code, msg, pm.defaults?.get(s) ?? pos));

  // CEL rules.
  if (s['x-kubernetes-validations']) checkRules(s, at, st, nodes, pos, err, warn);

  // Recurse.
  const bounded = (x: JSONSchemaProps): boolean =>
    x.type === 'array' ? x.maxItems !== undefined : x.maxProperties !== undefined;
  if (s.properties) {
    const correlatable = s['x-kubernetes-map-type'] !== 'atomic';
    for (const [k, v] of Object.entries(s.properties)) {
      const p = child(path, k);
      const next: WalkState = {
        pos: nodes.get(v) ?? pos,
        level: 'field',
        unboundedAncestors: st.unboundedAncestors,
      };
      const unc = st.uncorrelatable ?? (correlatable ? undefined : at);
      if (unc !== undefined) next.uncorrelatable = unc;
      const tlm =
        st.topLevelMeta ?? (st.level === 'root' && ['metadata', 'apiVersion', 'kind'].includes(k) ? k : undefined);
      if (tlm !== undefined) next.topLevelMeta = tlm;
      walk(v, p, next, pm, err, warn);
    }
  }
  if (s.items) {
    const next: WalkState = {
      pos: nodes.get(s.items) ?? pos,
      level: 'item',
      unboundedAncestors: bounded(s) ? st.unboundedAncestors : [...st.unboundedAncestors, at],
    };
    const unc = st.uncorrelatable ?? (s['x-kubernetes-list-type'] === 'map' ? undefined : at);
    if (unc !== undefined) next.uncorrelatable = unc;
    if (st.topLevelMeta !== undefined) next.topLevelMeta = st.topLevelMeta;
    walk(s.items, `${path}[*]`, next, pm, err, warn);
  }
  if (typeof s.additionalProperties === 'object') {
    const ap = s.additionalProperties;
    const next: WalkState = {
      pos: nodes.get(ap) ?? pos,
      level: 'field',
      unboundedAncestors: bounded(s) ? st.unboundedAncestors : [...st.unboundedAncestors, at],
    };
    if (st.uncorrelatable !== undefined) next.uncorrelatable = st.uncorrelatable;
    if (st.topLevelMeta !== undefined) next.topLevelMeta = st.topLevelMeta;
    walk(ap, `${path}.*`, next, pm, err, warn);
  }
}

/** Why an enum value can never be valid for the schema's type, or undefined. */
function enumValueProblem(v: unknown, s: JSONSchemaProps): string | undefined {
  if (v === null) return s.nullable ? undefined : 'is null, but the field is not nullable';
  const t = Array.isArray(v)
    ? 'array'
    : typeof v === 'number'
      ? Number.isInteger(v)
        ? 'integer'
        : 'number'
      : typeof v;
  if (s['x-kubernetes-int-or-string'])
    return t === 'integer' || t === 'string' ? undefined : 'is neither an integer nor a string';
  if (s.type === undefined) return undefined;
  if (s.type === t || (s.type === 'number' && t === 'integer')) return undefined;
  return `is ${t === 'object' ? 'an object' : `a${/^[aeiou]/.test(t) ? 'n' : ''} ${t}`}, but the field is ${s.type}`;
}

function isOnly(s: JSONSchemaProps, want: JSONSchemaProps): boolean {
  const ks = Object.keys(s);
  const kw = Object.keys(want);
  return (
    ks.length === kw.length &&
    kw.every((k) => (s as Record<string, unknown>)[k] === (want as Record<string, unknown>)[k])
  );
}

const NESTED_FORBIDDEN: readonly (keyof JSONSchemaProps)[] = [
  'type',
  'additionalProperties',
  'default',
  'title',
  'description',
  'nullable',
  'externalDocs',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-list-type',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
];

/** Inside anyOf/allOf/oneOf/not only value validations may appear (no types, defaults, extensions). */
function nested(s: JSONSchemaProps, at: string, e: (code: string, msg: string) => void): void {
  for (const k of NESTED_FORBIDDEN) {
    if (s[k] !== undefined && s[k] !== false)
      e('structural', `${at}.${k} must not be set inside anyOf/allOf/oneOf/not (only value validations may be)`);
  }
  if (s.properties && Object.hasOwn(s.properties, 'metadata'))
    e('structural', `${at}: metadata must not be specified in a nested context`);
  for (const [k, v] of Object.entries(s.properties ?? {})) nested(v, `${at}.properties.${k}`, e);
  if (s.items) nested(s.items, `${at}.items`, e);
  for (const key of ['anyOf', 'allOf', 'oneOf'] as const)
    (s[key] ?? []).forEach((x, i) => nested(x, `${at}.${key}[${i}]`, e));
  if (s.not) nested(s.not, `${at}.not`, e);
}

function checkListMap(
  s: JSONSchemaProps,
  e: (code: string, msg: string, p?: SourcePos) => void,
  nodes: WeakMap<object, SourcePos>,
  pos: SourcePos,
): void {
  const lt = s['x-kubernetes-list-type'];
  const keys = s['x-kubernetes-list-map-keys'];
  const mt = s['x-kubernetes-map-type'];
  if (mt !== undefined) {
    if (s.type !== 'object') e('list-map', 'x-kubernetes-map-type (+mapType/+structType) requires type: object');
    if (mt !== 'atomic' && mt !== 'granular')
      e('list-map', `x-kubernetes-map-type "${mt}" is not supported; use atomic or granular`);
  }
  if (lt !== undefined) {
    if (s.type !== 'array') e('list-map', 'x-kubernetes-list-type (+listType) requires type: array');
    if (lt !== 'atomic' && lt !== 'set' && lt !== 'map')
      e('list-map', `x-kubernetes-list-type "${lt}" is not supported; use atomic, set or map`);
  }
  if (keys && keys.length > 0 && lt !== 'map') {
    e('list-map', '+listMapKey requires +listType=map');
  }
  const items = s.items;
  if (lt === 'set' && items) {
    if (items.type === 'object' && items['x-kubernetes-map-type'] !== 'atomic') {
      e(
        'list-map',
        'the items of a +listType=set list must be scalars (or atomic objects/lists); use +listType=map with +listMapKey for lists of objects',
      );
    } else if (
      items.type === 'array' &&
      items['x-kubernetes-list-type'] !== undefined &&
      items['x-kubernetes-list-type'] !== 'atomic'
    ) {
      e('list-map', 'the items of a +listType=set list that are lists must be atomic');
    }
  }
  if (lt === 'map') {
    if (!keys || keys.length === 0) {
      e('list-map', '+listType=map needs at least one +listMapKey naming the key field of the items');
      return;
    }
    if (!items || items.type !== 'object') {
      e('list-map', `the items of a +listType=map list must be objects, not ${items?.type ?? 'untyped'}`);
      return;
    }
    const seen = new Set<string>();
    for (const k of keys) {
      if (seen.has(k)) e('list-map', `+listMapKey "${k}" is given twice`);
      seen.add(k);
      const ks = items.properties?.[k];
      if (!ks) {
        e(
          'list-map',
          `+listMapKey "${k}" is not a field of the items (fields: ${Object.keys(items.properties ?? {}).join(', ') || 'none'})`,
        );
        continue;
      }
      const kp = nodes.get(ks) ?? pos;
      if (!isScalarType(ks.type) && !ks['x-kubernetes-int-or-string'])
        e(
          'list-map',
          `list map key "${k}" must be a scalar (string, integer, number or boolean), not ${ks.type ?? 'untyped'}`,
          kp,
        );
      if (ks.nullable) e('list-map', `list map key "${k}" must not be nullable`, kp);
      if (!(items.required ?? []).includes(k) && ks.default === undefined) {
        e(
          'list-map',
          `list map key "${k}" must be required or have a default; remove the "?" (or add +required) or add +default`,
          kp,
        );
      }
    }
  }
}

function checkDefault(s: JSONSchemaProps, st: WalkState, e: (code: string, msg: string) => void): void {
  if (st.topLevelMeta !== undefined) {
    e('invalid-default', `defaults are not allowed in the top-level ${st.topLevelMeta}`);
    return;
  }
  const d = s.default;
  if (d === null && !s.nullable) {
    e('invalid-default', 'default null needs a nullable field (add | null to the type or +nullable)');
    return;
  }
  const copy = deepClone(d);
  const removed = prune(copy, s);
  if (removed.length > 0) {
    e(
      'invalid-default',
      `default ${JSON.stringify(d)} has fields the schema does not know (${removed.join(', ')}); the apiserver requires defaults to be pruned already`,
    );
    return;
  }
  applyDefaults(copy, s);
  const problems = validateValue(copy, s);
  if (problems.length > 0) {
    e('invalid-default', `default ${JSON.stringify(d)} is invalid: ${problems.join('; ')}`);
    return;
  }
  const ruleProblems = failingRules(copy, s);
  if (ruleProblems.length > 0) {
    e('invalid-default', `default ${JSON.stringify(d)} fails a validation rule: ${ruleProblems.join('; ')}`);
  }
}

function checkRules(
  s: JSONSchemaProps,
  at: string,
  st: WalkState,
  nodes: WeakMap<object, SourcePos>,
  pos: SourcePos,
  err: Report,
  warn: Report,
): void {
  const rules = s['x-kubernetes-validations'] ?? [];
  for (const r of rules) {
    const rp = nodes.get(r) ?? pos;
    const e = (msg: string): void =>
      err(rp, 'invalid-validation-rule', `${at}: rule ${JSON.stringify(r.rule)}: ${msg}`);
    checkOneRule(r, s, e);
    const c = checkCel(r.rule);
    if (c.error !== undefined) e(`CEL syntax error at ${c.error}`);
    if (r.messageExpression !== undefined && r.messageExpression.trim() !== '') {
      const m = checkCel(r.messageExpression);
      if (m.error !== undefined) e(`messageExpression: CEL syntax error at ${m.error}`);
    }
    if (c.error === undefined && st.topLevelMeta === undefined) {
      for (const sel of selections(r.rule)) {
        const problem = selectionProblem(s, sel, st.level === 'root');
        if (problem !== undefined) e(problem);
      }
    }
    if (c.usesOldSelf && st.uncorrelatable !== undefined) {
      e(
        `oldSelf cannot be used here: the value is inside ${st.uncorrelatable}, whose elements the apiserver cannot pair between old and new objects; use +listType=map with +listMapKey on that list (or drop the transition rule)`,
      );
    }
    if (r.optionalOldSelf === true && !c.usesOldSelf) e('optionalOldSelf may only be set when the rule uses oldSelf');
    if (c.error === undefined && c.costlyReceivers.length > 0) {
      const where: string[] = [];
      for (const recv of c.costlyReceivers) {
        const target = recv === '' ? s : resolvePath(s, recv);
        if (target && unbounded(target)) where.push(`self${recv}`);
      }
      for (const a of st.unboundedAncestors) where.push(`${a} (the rule runs once per element)`);
      if (where.length > 0) {
        warn(
          rp,
          'cel-cost',
          `${at}: rule ${JSON.stringify(r.rule)} works on data without a size bound: ${where.join(', ')}; the apiserver estimates CEL cost from maxItems/maxLength/maxProperties and may refuse the CRD as too expensive: add +kubebuilder:validation:MaxItems, MaxLength or MaxProperties`,
        );
      }
    }
  }
}

function checkOneRule(r: ValidationRule, s: JSONSchemaProps, e: (msg: string) => void): void {
  if (r.rule.trim() === '') e('the rule is empty');
  if (r.message !== undefined) {
    if (r.message.trim() === '') e('message must be non-empty when given');
    else if (/[\r\n]/.test(r.message.trim())) e('message must be a single line');
  } else if (/[\r\n]/.test(r.rule.trim())) e('a rule spanning several lines needs a message');
  if (r.messageExpression !== undefined && r.messageExpression.trim() === '')
    e('messageExpression must be non-empty when given');
  if (r.reason !== undefined && !VALIDATION_REASONS.includes(r.reason))
    e(`reason "${r.reason}" is not supported; use one of ${VALIDATION_REASONS.join(', ')}`);
  if (r.fieldPath !== undefined) {
    if (r.fieldPath.trim() === '') e('fieldPath must be non-empty when given');
    else if (/[\r\n]/.test(r.fieldPath)) e('fieldPath must be a single line');
    else if (!fieldPathValid(s, r.fieldPath))
      e(
        `fieldPath "${r.fieldPath}" does not name a field below this schema (write it like .spec.name or .items['key'])`,
      );
  }
}

/**
 * Why `self.<segs>` cannot compile against the schema (the apiserver type-checks rules: selecting a field
 * the schema does not declare is an error), or undefined. Untyped and preserve-unknown values are dynamic;
 * maps accept any key; escaped names (`__dash__`) are not checked; at the root, metadata exposes only
 * name and generateName.
 */
function selectionProblem(s: JSONSchemaProps, segs: string[], isRoot: boolean): string | undefined {
  let cur = s;
  let path = 'self';
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    if (seg.includes('__')) return undefined;
    if (isRoot && i === 1 && segs[0] === 'metadata') {
      return seg === 'name' || seg === 'generateName'
        ? undefined
        : `${path}.${seg}: rules see only metadata.name and metadata.generateName of the object`;
    }
    if (isRoot && i === 0 && seg === 'metadata') {
      if (segs.length === 1) return undefined;
      path += '.metadata';
      continue;
    }
    if (cur.properties && Object.hasOwn(cur.properties, seg)) {
      cur = cur.properties[seg]!;
    } else if (typeof cur.additionalProperties === 'object') {
      cur = cur.additionalProperties;
    } else if (
      cur['x-kubernetes-preserve-unknown-fields'] ||
      cur.type === undefined ||
      cur.additionalProperties === true
    ) {
      return undefined;
    } else {
      const known = Object.keys(cur.properties ?? {});
      return cur.type === 'object'
        ? `${path}.${seg}: no such field${known.length > 0 ? ` (fields: ${known.join(', ')})` : ''}; the apiserver compiles rules against the schema and refuses undefined fields`
        : `${path}.${seg}: ${path} is ${cur.type}, which has no fields`;
    }
    path += `.${seg}`;
  }
  return undefined;
}

/** A CEL fieldPath (`.a.b`, `.a['b']`, `.list[0]`) that exists in the schema. */
export function fieldPathValid(s: JSONSchemaProps, path: string): boolean {
  const re = /\.([A-Za-z_$][A-Za-z0-9_$-]*)|\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\]/y;
  let cur: JSONSchemaProps | undefined = s;
  let i = 0;
  while (i < path.length) {
    re.lastIndex = i;
    const m = re.exec(path);
    if (!m || !cur) return false;
    i = re.lastIndex;
    if (m[3] !== undefined) {
      if (cur.type !== 'array' || !cur.items) return false;
      cur = cur.items;
      continue;
    }
    const key = m[1] ?? m[2]!;
    if (cur.properties && Object.hasOwn(cur.properties, key)) cur = cur.properties[key];
    else if (typeof cur.additionalProperties === 'object') cur = cur.additionalProperties;
    else return false;
  }
  return i > 0;
}

/** A list without maxItems, a map without maxProperties, or a free-form string without maxLength. */
function unbounded(s: JSONSchemaProps): boolean {
  if (s.type === 'array') return s.maxItems === undefined;
  if (s.type === 'string') return s.maxLength === undefined && s.enum === undefined;
  if (s.type === 'object') return typeof s.additionalProperties === 'object' && s.maxProperties === undefined;
  return false;
}

/** The schema at a dotted path below `s` (`.a.b`), or undefined. */
function resolvePath(s: JSONSchemaProps, path: string): JSONSchemaProps | undefined {
  return fieldPathValid(s, path) ? schemaAt(s, path) : undefined;
}
