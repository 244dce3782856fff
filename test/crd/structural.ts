/**
 * An independent checker of the apiserver's CustomResourceDefinition rules, for tests: every CRD kubegen
 * writes must pass it. Written from apiextensions-apiserver's behaviour (ValidateCustomResourceDefinition,
 * ValidateStructural, the OpenAPI schema checks, list-type rules, default validation), separately from the
 * generator's own enforcement (src/generators/crd/rules.ts), so each checks the other.
 *
 * Works on plain data (a CRD parsed from YAML). Errors use the apiserver's field paths:
 * `spec.versions[0].schema.openAPIV3Schema.properties[spec].type`.
 */

export interface StructuralError {
  path: string;
  type: 'Required' | 'Forbidden' | 'Invalid' | 'NotSupported' | 'TooMany' | 'Duplicate';
  detail: string;
}

type S = Record<string, unknown>;
const isObj = (v: unknown): v is S => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const isDns1035 = (s: string): boolean => s.length <= 63 && DNS1035.test(s);
const isDns1123Subdomain = (s: string): boolean =>
  s.length > 0 && s.length <= 253 && s.split('.').every((l) => DNS1123_LABEL.test(l));

const ROOT_ALLOWED_WITH_STATUS = new Set([
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
const SCHEMA_TYPES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);
const FORBIDDEN_IN_JUNCTORS = [
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
const REASONS = new Set(['FieldValueInvalid', 'FieldValueForbidden', 'FieldValueRequired', 'FieldValueDuplicate']);

class Errs {
  readonly list: StructuralError[] = [];
  add(type: StructuralError['type'], path: string, detail: string): void {
    this.list.push({ type, path, detail });
  }
}

type Level = 'root' | 'item' | 'field';

/** Checks a CRD object (as parsed from YAML); returns every violation. */
export function checkStructuralCrd(crd: unknown): StructuralError[] {
  const e = new Errs();
  if (!isObj(crd)) {
    e.add('Invalid', '', 'not an object');
    return e.list;
  }
  if (crd['apiVersion'] !== 'apiextensions.k8s.io/v1')
    e.add('Invalid', 'apiVersion', 'must be apiextensions.k8s.io/v1');
  if (crd['kind'] !== 'CustomResourceDefinition') e.add('Invalid', 'kind', 'must be CustomResourceDefinition');
  if ('status' in crd) e.add('Forbidden', 'status', 'generated manifests carry no status');
  const md = isObj(crd['metadata']) ? crd['metadata'] : {};
  if ('creationTimestamp' in md)
    e.add('Forbidden', 'metadata.creationTimestamp', 'generated manifests carry no creationTimestamp');
  const spec = isObj(crd['spec']) ? crd['spec'] : {};
  const group = str(spec['group']) ?? '';
  const rawNames = isObj(spec['names']) ? spec['names'] : {};
  // The apiserver defaults singular (lower-cased kind) and listKind (kind + "List") before validating.
  const kindName = str(rawNames['kind']);
  const names: S = {
    ...rawNames,
    singular: rawNames['singular'] ?? kindName?.toLowerCase(),
    listKind: rawNames['listKind'] ?? (kindName === undefined ? undefined : `${kindName}List`),
  };
  const plural = str(names['plural']) ?? '';
  if (str(md['name']) !== `${plural}.${group}`)
    e.add('Invalid', 'metadata.name', 'must be spec.names.plural+"."+spec.group');

  if (group === '') e.add('Required', 'spec.group', '');
  else if (!isDns1123Subdomain(group)) e.add('Invalid', 'spec.group', 'must be a DNS-1123 subdomain');
  else if (group.split('.').length < 2) e.add('Invalid', 'spec.group', 'should be a domain with at least one dot');
  if (/(^|\.)(k8s\.io|kubernetes\.io)$/.test(group)) {
    const ann = isObj(md['annotations']) ? md['annotations'] : {};
    if (!('api-approved.kubernetes.io' in ann))
      e.add(
        'Required',
        'metadata.annotations[api-approved.kubernetes.io]',
        'protected groups must have approval annotation',
      );
  }
  const scope = spec['scope'];
  if (scope !== 'Namespaced' && scope !== 'Cluster') e.add('NotSupported', 'spec.scope', 'Namespaced or Cluster');

  for (const k of ['plural', 'singular', 'kind', 'listKind'])
    if (!str(names[k])) e.add('Required', `spec.names.${k}`, '');
  for (const k of ['plural', 'singular']) {
    const v = str(names[k]);
    if (v && !isDns1035(v)) e.add('Invalid', `spec.names.${k}`, 'a DNS-1035 label');
  }
  for (const k of ['kind', 'listKind']) {
    const v = str(names[k]);
    if (v && !isDns1035(v.toLowerCase()))
      e.add('Invalid', `spec.names.${k}`, 'may have mixed case, but should otherwise match a DNS-1035 label');
  }
  if (names['kind'] !== undefined && names['kind'] === names['listKind'])
    e.add('Invalid', 'spec.names.listKind', 'kind and listKind may not be the same');
  for (const k of ['shortNames', 'categories']) {
    const xs = Array.isArray(names[k]) ? (names[k] as unknown[]) : [];
    xs.forEach((x, i) => {
      if (typeof x !== 'string' || !isDns1035(x)) e.add('Invalid', `spec.names.${k}[${i}]`, 'a DNS-1035 label');
    });
  }

  const versions = Array.isArray(spec['versions']) ? (spec['versions'] as unknown[]) : [];
  if (versions.length === 0)
    e.add('Required', 'spec.versions', 'must have exactly one version marked as storage version');
  let storage = 0;
  const seenNames = new Set<string>();
  versions.forEach((raw, i) => {
    const vp = `spec.versions[${i}]`;
    const v = isObj(raw) ? raw : {};
    const name = str(v['name']) ?? '';
    if (!isDns1035(name)) e.add('Invalid', `${vp}.name`, 'a DNS-1035 label');
    if (seenNames.has(name)) e.add('Invalid', 'spec.versions', 'must contain unique version names');
    seenNames.add(name);
    if (v['storage'] === true) storage++;
    if (typeof v['served'] !== 'boolean') e.add('Required', `${vp}.served`, '');
    if (typeof v['storage'] !== 'boolean') e.add('Required', `${vp}.storage`, '');
    const sub = isObj(v['subresources']) ? v['subresources'] : undefined;
    const statusOn = !!sub && isObj(sub['status']);
    const schemaWrap = isObj(v['schema']) ? v['schema'] : undefined;
    const schema = schemaWrap && isObj(schemaWrap['openAPIV3Schema']) ? schemaWrap['openAPIV3Schema'] : undefined;
    if (!schema) {
      e.add('Required', `${vp}.schema.openAPIV3Schema`, 'schemas are required');
      return;
    }
    checkVersionSchema(schema, statusOn, `${vp}.schema.openAPIV3Schema`, e);
    if (sub && isObj(sub['scale'])) checkScale(sub['scale'], `${vp}.subresources.scale`, e);
    checkColumns(v['additionalPrinterColumns'], `${vp}.additionalPrinterColumns`, e);
    checkSelectable(v['selectableFields'], schema, `${vp}.selectableFields`, e);
  });
  if (versions.length > 0 && storage !== 1)
    e.add('Invalid', 'spec.versions', 'must have exactly one version marked as storage version');
  return e.list;
}

function checkScale(scale: S, p: string, e: Errs): void {
  const simple = (s: string): boolean => /^(\.[^.[\]]+)+$/.test(s);
  const spec = str(scale['specReplicasPath']);
  if (!spec) e.add('Required', `${p}.specReplicasPath`, '');
  else if (!simple(spec) || !spec.startsWith('.spec.'))
    e.add('Invalid', `${p}.specReplicasPath`, 'should be a json path under .spec');
  const status = str(scale['statusReplicasPath']);
  if (!status) e.add('Required', `${p}.statusReplicasPath`, '');
  else if (!simple(status) || !status.startsWith('.status.'))
    e.add('Invalid', `${p}.statusReplicasPath`, 'should be a json path under .status');
  const sel = str(scale['labelSelectorPath']);
  if (sel !== undefined && (!simple(sel) || !(sel.startsWith('.spec.') || sel.startsWith('.status.')))) {
    e.add('Invalid', `${p}.labelSelectorPath`, 'should be a json path under either .spec or .status');
  }
}

function checkColumns(cols: unknown, p: string, e: Errs): void {
  if (!Array.isArray(cols)) return;
  cols.forEach((raw, i) => {
    const c = isObj(raw) ? raw : {};
    if (!str(c['name'])) e.add('Required', `${p}[${i}].name`, '');
    if (!['integer', 'number', 'string', 'boolean', 'date'].includes(String(c['type'])))
      e.add('NotSupported', `${p}[${i}].type`, 'integer, number, string, boolean, date');
    if (
      c['format'] !== undefined &&
      !['int32', 'int64', 'float', 'double', 'byte', 'date', 'date-time', 'password'].includes(String(c['format']))
    ) {
      e.add('NotSupported', `${p}[${i}].format`, 'int32, int64, float, double, byte, date, date-time, password');
    }
    if (typeof c['priority'] === 'number' && c['priority'] < 0) e.add('Invalid', `${p}[${i}].priority`, 'must be >= 0');
    if (!str(c['jsonPath'])) e.add('Required', `${p}[${i}].jsonPath`, '');
  });
}

function lookup(schema: S, path: string): S | undefined {
  let cur: S | undefined = schema;
  for (const part of path.split('.').slice(1)) {
    const props: S | undefined = cur && isObj(cur['properties']) ? cur['properties'] : undefined;
    if (props && isObj(props[part])) cur = props[part];
    else if (cur && isObj(cur['additionalProperties'])) cur = cur['additionalProperties'];
    else return undefined;
  }
  return cur;
}

function checkSelectable(fields: unknown, schema: S, p: string, e: Errs): void {
  if (!Array.isArray(fields)) return;
  const unique = new Set<string>();
  fields.forEach((raw, i) => {
    const jp = isObj(raw) ? str(raw['jsonPath']) : undefined;
    if (!jp) {
      e.add('Required', `${p}[${i}].jsonPath`, '');
      return;
    }
    if (jp.includes('[')) e.add('Invalid', `${p}[${i}].jsonPath`, 'is an invalid path: array notation is not allowed');
    if (jp.split('.')[1] === 'metadata')
      e.add('Invalid', `${p}[${i}].jsonPath`, 'must not point to fields in metadata');
    const target = lookup(schema, jp);
    if (!target) e.add('Invalid', `${p}[${i}].jsonPath`, 'is an invalid path: does not refer to a valid field');
    else if (!['string', 'boolean', 'integer'].includes(String(target['type'])))
      e.add('Invalid', `${p}[${i}].jsonPath`, 'must point to a field of type string, boolean or integer');
    if (unique.has(jp)) e.add('Duplicate', `${p}[${i}].jsonPath`, jp);
    unique.add(jp);
  });
  if (unique.size > 8) e.add('TooMany', p, 'must have at most 8 items');
}

function checkVersionSchema(schema: S, statusOn: boolean, p: string, e: Errs): void {
  if (statusOn) {
    for (const k of Object.keys(schema)) {
      if (!ROOT_ALLOWED_WITH_STATUS.has(k))
        e.add(
          'Invalid',
          p,
          `only ${[...ROOT_ALLOWED_WITH_STATUS].join(', ')} fields are allowed at the root of the schema if the status subresource is enabled (found ${k})`,
        );
    }
    if (schema['type'] !== undefined && schema['type'] !== 'object')
      e.add(
        'Invalid',
        `${p}.type`,
        'only "object" is allowed as the type at the root of the schema if the status subresource is enabled',
      );
  }
  if (schema['nullable'] === true) e.add('Forbidden', `${p}.nullable`, 'nullable cannot be true at the root');
  structural(schema, 'root', p, e);
  openapi(schema, p, e, {
    root: true,
    metaDefaultsForbidden: undefined,
    oldSelfForbidden: undefined,
  });
}

// ---- ValidateStructural: invariants of a structural schema ----

function isIntOrStringAnyOf(xs: unknown): boolean {
  if (!Array.isArray(xs) || xs.length !== 2) return false;
  const only = (x: unknown, t: string): boolean => isObj(x) && Object.keys(x).length === 1 && x['type'] === t;
  return only(xs[0], 'integer') && only(xs[1], 'string');
}

function structural(s: S, lvl: Level, p: string, e: Errs): void {
  const type = str(s['type']) ?? '';
  const ios = s['x-kubernetes-int-or-string'] === true;
  const puf = s['x-kubernetes-preserve-unknown-fields'] === true;
  const emb = s['x-kubernetes-embedded-resource'] === true;
  if (type === 'array' && !isObj(s['items'])) e.add('Required', `${p}.items`, 'must be specified');
  if (isObj(s['items'])) structural(s['items'], 'item', `${p}.items`, e);
  const props = isObj(s['properties']) ? s['properties'] : {};
  for (const [k, v] of Object.entries(props)) if (isObj(v)) structural(v, 'field', `${p}.properties[${k}]`, e);
  if (s['additionalProperties'] !== undefined) {
    if (lvl === 'root') e.add('Forbidden', `${p}.additionalProperties`, 'must not be used at the root');
    if (isObj(s['additionalProperties']))
      structural(s['additionalProperties'], 'field', `${p}.additionalProperties`, e);
  }
  if (ios && puf)
    e.add(
      'Invalid',
      `${p}.x-kubernetes-preserve-unknown-fields`,
      'must be false if x-kubernetes-int-or-string is true',
    );
  if (ios && emb)
    e.add('Invalid', `${p}.x-kubernetes-embedded-resource`, 'must be false if x-kubernetes-int-or-string is true');

  const skipAnyOf = isIntOrStringAnyOf(s['anyOf']);
  const allOf = Array.isArray(s['allOf']) ? (s['allOf'] as unknown[]) : [];
  const skipFirstAllOfAnyOf = allOf.length > 0 && isObj(allOf[0]) && isIntOrStringAnyOf(allOf[0]['anyOf']);
  valueValidation(s, skipAnyOf, skipFirstAllOfAnyOf, p, e);
  completeness(s, s, p, e);

  if (emb && type !== 'object') {
    e.add(
      type === '' ? 'Required' : 'Invalid',
      `${p}.type`,
      'must be object if x-kubernetes-embedded-resource is true',
    );
  } else if (type === '' && !ios && !puf) {
    const where =
      lvl === 'root' ? 'at the root' : lvl === 'item' ? 'for specified array items' : 'for specified object fields';
    e.add('Required', `${p}.type`, `must not be empty ${where}`);
  }
  if (type !== '' && !SCHEMA_TYPES.has(type)) e.add('NotSupported', `${p}.type`, [...SCHEMA_TYPES].join(', '));
  if (emb && s['additionalProperties'] !== undefined)
    e.add('Forbidden', `${p}.additionalProperties`, 'must not be used if x-kubernetes-embedded-resource is set');
  if (lvl === 'root' && type !== '' && type !== 'object') e.add('Invalid', `${p}.type`, 'must be object at the root');
  const checkMeta = lvl === 'root' || emb;
  if (checkMeta) {
    for (const k of ['kind', 'apiVersion']) {
      const ks = props[k];
      if (isObj(ks) && ks['type'] !== 'string') e.add('Invalid', `${p}.properties[${k}].type`, 'must be string');
    }
  }
  const meta = props['metadata'];
  if (isObj(meta)) {
    if (checkMeta && meta['type'] !== 'object') e.add('Invalid', `${p}.properties[metadata].type`, 'must be object');
    if (lvl === 'root') {
      const rest = { ...meta };
      delete rest['type'];
      const mprops = isObj(rest['properties']) ? Object.keys(rest['properties']) : [];
      if (mprops.length > 0 && mprops.every((k) => k === 'name' || k === 'generateName')) delete rest['properties'];
      delete rest['default'];
      delete rest['description'];
      if (Object.keys(rest).length > 0) {
        e.add(
          'Forbidden',
          `${p}.properties[metadata]`,
          'must not specify anything other than name and generateName, but metadata is implicitly specified',
        );
      }
    }
  }
  if (emb && !puf && Object.keys(props).length === 0) {
    e.add(
      'Required',
      `${p}.properties`,
      'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields',
    );
  }
}

function valueValidation(s: S, skipAnyOf: boolean, skipFirstAllOfAnyOf: boolean, p: string, e: Errs): void {
  const each = (key: string, skip: (i: number) => boolean): void => {
    const xs = Array.isArray(s[key]) ? (s[key] as unknown[]) : [];
    xs.forEach((x, i) => {
      if (!isObj(x)) return;
      nestedValueValidation(x, skip(i), `${p}.${key}[${i}]`, e);
    });
  };
  if (!skipAnyOf) each('anyOf', () => false);
  each('allOf', (i) => i === 0 && skipFirstAllOfAnyOf);
  each('oneOf', () => false);
  if (isObj(s['not'])) nestedValueValidation(s['not'], false, `${p}.not`, e);
  const pattern = str(s['pattern']);
  if (pattern !== undefined) {
    try {
      new RegExp(pattern.replace(/\(\?[imsU]+\)/g, ''));
    } catch (err) {
      e.add('Invalid', `${p}.pattern`, `must be a valid regular expression, but isn't: ${String(err)}`);
    }
  }
}

/**
 * Structural completeness: every property or items schema named inside anyOf/allOf/oneOf/not must also be
 * specified in the structural part of the same node.
 */
function completeness(s: S, structuralNode: S, p: string, e: Errs): void {
  const visit = (v: S, node: S | undefined, vp: string): void => {
    const props = isObj(v['properties']) ? v['properties'] : {};
    const nodeProps: S = node && isObj(node['properties']) ? node['properties'] : {};
    for (const [k, x] of Object.entries(props)) {
      const target = isObj(nodeProps[k]) ? nodeProps[k] : undefined;
      if (!target && !(node && isObj(node['additionalProperties']))) {
        e.add(
          'Required',
          `${vp}.properties[${k}]`,
          'must be specified in the structural schema too (not only in a logical junctor)',
        );
      }
      if (isObj(x)) visit(x, target, `${vp}.properties[${k}]`);
    }
    if (isObj(v['items'])) {
      const target = node && isObj(node['items']) ? node['items'] : undefined;
      if (!target)
        e.add(
          'Required',
          `${vp}.items`,
          'must be specified in the structural schema too (not only in a logical junctor)',
        );
      visit(v['items'], target, `${vp}.items`);
    }
    for (const key of ['anyOf', 'allOf', 'oneOf']) {
      const xs = Array.isArray(v[key]) ? (v[key] as unknown[]) : [];
      xs.forEach((x, i) => isObj(x) && visit(x, node, `${vp}.${key}[${i}]`));
    }
    if (isObj(v['not'])) visit(v['not'], node, `${vp}.not`);
  };
  for (const key of ['anyOf', 'allOf', 'oneOf']) {
    const xs = Array.isArray(s[key]) ? (s[key] as unknown[]) : [];
    xs.forEach((x, i) => isObj(x) && visit(x, structuralNode, `${p}.${key}[${i}]`));
  }
  if (isObj(s['not'])) visit(s['not'], structuralNode, `${p}.not`);
}

function nestedValueValidation(v: S, skipAnyOf: boolean, p: string, e: Errs): void {
  const copy = skipAnyOf ? { ...v, anyOf: undefined } : v;
  valueValidation(copy, false, false, p, e);
  if (isObj(v['items'])) nestedValueValidation(v['items'], false, `${p}.items`, e);
  const props = isObj(v['properties']) ? v['properties'] : {};
  for (const [k, x] of Object.entries(props)) if (isObj(x)) nestedValueValidation(x, false, `${p}.properties[${k}]`, e);
  for (const k of FORBIDDEN_IN_JUNCTORS) {
    const x = v[k];
    if (x === undefined || x === false || x === '' || (Array.isArray(x) && x.length === 0)) continue;
    e.add('Forbidden', `${p}.${k}`, 'must be empty to be structural');
  }
  if ('metadata' in props) e.add('Forbidden', `${p}.properties[metadata]`, 'must not be specified in a nested context');
}

// ---- OpenAPI schema checks (ValidateCustomResourceDefinitionOpenAPISchema) ----

interface Ctx {
  root: boolean;
  /** Defaults are forbidden here (top-level metadata/apiVersion/kind). */
  metaDefaultsForbidden: string | undefined;
  /** Set when oldSelf cannot be used (uncorrelatable position). */
  oldSelfForbidden: string | undefined;
}

function openapi(s: S, p: string, e: Errs, ctx: Ctx): void {
  for (const k of ['$ref', 'id', 'additionalItems', 'patternProperties', 'definitions', 'dependencies']) {
    if (s[k] !== undefined) e.add('Forbidden', `${p}.${k}`, `${k} is not supported`);
  }
  if (s['type'] === 'null') e.add('Forbidden', `${p}.type`, 'type cannot be set to null');
  if (Array.isArray(s['items'])) e.add('Forbidden', `${p}.items`, 'items must be a schema object and not an array');
  if (s['uniqueItems'] === true)
    e.add(
      'Forbidden',
      `${p}.uniqueItems`,
      'uniqueItems cannot be set to true since the runtime complexity becomes quadratic',
    );
  const props = isObj(s['properties']) ? s['properties'] : {};
  const ap = s['additionalProperties'];
  if (ap !== undefined) {
    if (ap === false) e.add('Forbidden', `${p}.additionalProperties`, 'additionalProperties cannot be set to false');
    if (Object.keys(props).length > 0 && (ap === false || isObj(ap)))
      e.add('Forbidden', `${p}.additionalProperties`, 'additionalProperties and properties are mutual exclusive');
    if (isObj(ap)) openapi(ap, `${p}.additionalProperties`, e, { ...ctx, root: false });
  }
  const mapCorrelatable = s['x-kubernetes-map-type'] !== 'atomic';
  for (const [k, v] of Object.entries(props)) {
    if (!isObj(v)) continue;
    const sub: Ctx = {
      root: false,
      metaDefaultsForbidden: ctx.metaDefaultsForbidden,
      oldSelfForbidden: ctx.oldSelfForbidden ?? (mapCorrelatable ? undefined : p),
    };
    if (ctx.root && ['metadata', 'kind', 'apiVersion'].includes(k)) sub.metaDefaultsForbidden = `in top-level ${k}`;
    openapi(v, `${p}.properties[${k}]`, e, sub);
  }
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const xs = Array.isArray(s[key]) ? (s[key] as unknown[]) : [];
    xs.forEach((x, i) => isObj(x) && openapi(x, `${p}.${key}[${i}]`, e, { ...ctx, root: false }));
  }
  if (isObj(s['not'])) openapi(s['not'], `${p}.not`, e, { ...ctx, root: false });
  const lt = s['x-kubernetes-list-type'];
  if (isObj(s['items'])) {
    const sub: Ctx = {
      root: false,
      metaDefaultsForbidden: ctx.metaDefaultsForbidden,
      oldSelfForbidden: ctx.oldSelfForbidden ?? (lt === 'map' ? undefined : p),
    };
    openapi(s['items'], `${p}.items`, e, sub);
  }
  if (s['x-kubernetes-preserve-unknown-fields'] === false)
    e.add('Invalid', `${p}.x-kubernetes-preserve-unknown-fields`, 'must be true or undefined');
  const mt = s['x-kubernetes-map-type'];
  if (mt !== undefined) {
    if (s['type'] !== 'object')
      e.add(
        s['type'] === undefined ? 'Required' : 'Invalid',
        `${p}.type`,
        'must be object if x-kubernetes-map-type is specified',
      );
    if (mt !== 'atomic' && mt !== 'granular') e.add('NotSupported', `${p}.x-kubernetes-map-type`, 'atomic, granular');
  }
  if (lt !== undefined) {
    if (s['type'] !== 'array')
      e.add(
        s['type'] === undefined ? 'Required' : 'Invalid',
        `${p}.type`,
        'must be array if x-kubernetes-list-type is specified',
      );
    if (lt !== 'atomic' && lt !== 'set' && lt !== 'map')
      e.add('NotSupported', `${p}.x-kubernetes-list-type`, 'atomic, set, map');
  }
  const items = isObj(s['items']) ? s['items'] : undefined;
  if (lt === 'set' && items) {
    if (
      items['type'] === 'array' &&
      items['x-kubernetes-list-type'] !== undefined &&
      items['x-kubernetes-list-type'] !== 'atomic'
    ) {
      e.add(
        'Invalid',
        `${p}.items.x-kubernetes-list-type`,
        'must be atomic as item of a list with x-kubernetes-list-type=set',
      );
    }
    if (items['type'] === 'object' && items['x-kubernetes-map-type'] !== 'atomic') {
      e.add(
        'Invalid',
        `${p}.items.x-kubernetes-map-type`,
        'must be atomic as item of a list with x-kubernetes-list-type=set',
      );
    }
  }
  const keys = Array.isArray(s['x-kubernetes-list-map-keys']) ? (s['x-kubernetes-list-map-keys'] as unknown[]) : [];
  if (keys.length > 0 && lt !== 'map')
    e.add(
      lt === undefined ? 'Required' : 'Invalid',
      `${p}.x-kubernetes-list-type`,
      'must be map if x-kubernetes-list-map-keys is non-empty',
    );
  if (lt === 'map') {
    if (keys.length === 0)
      e.add('Required', `${p}.x-kubernetes-list-map-keys`, 'must not be empty if x-kubernetes-list-type is map');
    if (!items) e.add('Required', `${p}.items`, 'must have a schema if x-kubernetes-list-type is map');
    else if (items['type'] !== 'object')
      e.add('Invalid', `${p}.items.type`, "must be object if parent array's x-kubernetes-list-type is map");
    else {
      const iprops = isObj(items['properties']) ? items['properties'] : {};
      const req = Array.isArray(items['required']) ? (items['required'] as unknown[]) : [];
      const seen = new Set<unknown>();
      for (const k of keys) {
        const ks = iprops[String(k)];
        if (!isObj(ks))
          e.add('Invalid', `${p}.x-kubernetes-list-map-keys`, 'entries must all be names of item properties');
        else {
          if (ks['type'] === 'array' || ks['type'] === 'object')
            e.add(
              'Invalid',
              `${p}.items.properties[${String(k)}].type`,
              "must be a scalar type if parent array's x-kubernetes-list-type is map",
            );
          if (!req.includes(k) && ks['default'] === undefined)
            e.add(
              'Required',
              `${p}.items.properties[${String(k)}]`,
              'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property',
            );
          if (ks['nullable'] === true)
            e.add(
              'Forbidden',
              `${p}.items.properties[${String(k)}].nullable`,
              'this property is in x-kubernetes-list-map-keys, so it must not be nullable',
            );
        }
        if (seen.has(k)) e.add('Invalid', `${p}.x-kubernetes-list-map-keys`, 'must not contain duplicate entries');
        seen.add(k);
      }
    }
  }
  if (s['default'] !== undefined) {
    if (ctx.metaDefaultsForbidden) e.add('Forbidden', `${p}.default`, `must not be set ${ctx.metaDefaultsForbidden}`);
    if (s['default'] === null && s['nullable'] !== true)
      e.add('Invalid', `${p}.default`, 'must not be null for a non-nullable schema');
  }
  const rules = Array.isArray(s['x-kubernetes-validations']) ? (s['x-kubernetes-validations'] as unknown[]) : [];
  rules.forEach((raw, i) => {
    const rp = `${p}.x-kubernetes-validations[${i}]`;
    const r = isObj(raw) ? raw : {};
    const rule = (str(r['rule']) ?? '').trim();
    const msg = str(r['message']);
    if (rule === '') e.add('Required', `${rp}.rule`, 'rule is not specified');
    if (msg !== undefined && msg.trim() === '')
      e.add('Invalid', `${rp}.message`, 'message must be non-empty if specified');
    if (msg !== undefined && /[\r\n]/.test(msg.trim()))
      e.add('Invalid', `${rp}.message`, 'message must not contain line breaks');
    if (msg === undefined && /[\r\n]/.test(rule))
      e.add('Required', `${rp}.message`, 'message must be specified if rule contains line breaks');
    const me = str(r['messageExpression']);
    if (me !== undefined && me.trim() === '')
      e.add('Required', `${rp}.messageExpression`, 'messageExpression must be non-empty if specified');
    const reason = r['reason'];
    if (reason !== undefined && !REASONS.has(String(reason)))
      e.add('NotSupported', `${rp}.reason`, [...REASONS].join(', '));
    const fp = str(r['fieldPath']);
    if (fp !== undefined && (fp.trim() === '' || /[\r\n]/.test(fp)))
      e.add('Invalid', `${rp}.fieldPath`, 'fieldPath must be non-empty and on one line');
    const usesOldSelf = /\boldSelf\b/.test(rule.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''"));
    if (usesOldSelf && ctx.oldSelfForbidden !== undefined)
      e.add(
        'Invalid',
        `${rp}.rule`,
        `oldSelf cannot be used on the uncorrelatable portion of the schema within ${ctx.oldSelfForbidden}`,
      );
    if (!usesOldSelf && r['optionalOldSelf'] !== undefined)
      e.add('Invalid', `${rp}.optionalOldSelf`, 'may not be set if rule does not use oldSelf');
  });
}
