/**
 * RBAC manifests from `+kubebuilder:rbac` markers in controller sources (`kubegen rbac`), the job
 * controller-gen's `rbac:roleName=…` generator does for Go. Markers are read from comment lines of any
 * TypeScript file under the given paths:
 *
 *   // +kubebuilder:rbac:groups=apps,resources=deployments,verbs=get;list;watch;create;update;patch;delete
 *   // +kubebuilder:rbac:groups="",resources=events,verbs=create;patch
 *   // +kubebuilder:rbac:urls=/metrics,verbs=get
 *   // +kubebuilder:rbac:groups=coordination.k8s.io,resources=leases,verbs=get;update,namespace=ops
 *
 * Rules without `namespace` go to one ClusterRole (`--role-name`, or the rule's `roleName`), rules with it
 * to a Role in that namespace. Rules are merged as controller-gen merges them, so the same markers give the
 * same role: `core` means the core group `""`; verbs of rules on the same groups, resources, names and
 * URLs are united; then resources with the same groups, names, URLs and verbs share a rule, then groups,
 * then URLs; every list is sorted and de-duplicated, a `*` verb stands alone, rules are sorted.
 *
 * Pure: no file access here (the CLI walks the paths and writes through the usual sinks).
 */
import { dumpYaml, yamlBoilerplate } from '../generators/crd/yaml.js';
import { GENERATED_HEADER_YAML } from '../generators/types.js';
import type { Diagnostic } from '../diagnostics.js';
import { MarkerSyntaxError, parseStructArgument, splitMarker } from '../markers/grammar.js';
import type { ArgType } from '../markers/types.js';

const MARKER = 'kubebuilder:rbac';

const LIST: ArgType = { kind: 'list', of: { kind: 'string' } };

/** The marker's arguments (controller-gen's names). */
export const RBAC_RULE_ARG: Extract<ArgType, { kind: 'struct' }> = {
  kind: 'struct',
  fields: {
    groups: { type: LIST, optional: true, doc: 'API groups; "" or core for the core group' },
    resources: { type: LIST, optional: true, doc: 'resources, subresources as deployments/status' },
    resourceNames: { type: LIST, optional: true, doc: 'object names the rule is limited to' },
    verbs: { type: LIST, doc: 'verbs (get, list, watch, create, update, patch, delete, deletecollection, or *)' },
    urls: { type: LIST, optional: true, doc: 'non-resource URLs such as /metrics (ClusterRole only)' },
    namespace: { type: { kind: 'string' }, optional: true, doc: 'put the rule in a Role of this namespace' },
    roleName: { type: { kind: 'string' }, optional: true, doc: 'name of the role instead of --role-name' },
  },
};

/** One marker, as written. */
export interface RbacMarker {
  groups: string[];
  resources: string[];
  resourceNames: string[];
  verbs: string[];
  urls: string[];
  namespace: string;
  roleName: string;
  /** `file:line:col` of the marker. */
  at: { file: string; line: number; col: number };
}

/** rbac.authorization.k8s.io/v1 PolicyRule, keys in the order they are written. */
export interface PolicyRule {
  apiGroups?: string[];
  nonResourceURLs?: string[];
  resourceNames?: string[];
  resources?: string[];
  verbs: string[];
}

export interface RoleObject {
  apiVersion: 'rbac.authorization.k8s.io/v1';
  kind: 'ClusterRole' | 'Role';
  metadata: { name: string; namespace?: string };
  rules: PolicyRule[];
}

const COMMENT_LINE = /^(\s*)(?:\/\/+|\/\*+|\*+)\s*(\+kubebuilder:rbac\b.*?)\s*(?:\*\/)?\s*$/;

/** Reads every `+kubebuilder:rbac` marker of one file; malformed ones are diagnostics at their position. */
export function scanRbacMarkers(file: string, text: string): { markers: RbacMarker[]; diagnostics: Diagnostic[] } {
  const markers: RbacMarker[] = [];
  const diagnostics: Diagnostic[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const m = COMMENT_LINE.exec(raw);
    if (!m) return;
    const markerText = m[2]!;
    const col = raw.indexOf(markerText) + 1;
    const at = { file, line: i + 1, col };
    const fail = (message: string, offset = 0): void =>
      void diagnostics.push({ severity: 'error', pos: { file, line: i + 1, col: col + offset }, code: 'rbac-marker', message });
    const split = splitMarker(markerText);
    if (!split || !split.name.startsWith(`${MARKER}:`)) {
      fail(`+${MARKER} needs its arguments: write e.g. +${MARKER}:groups=apps,resources=deployments,verbs=get;list;watch`);
      return;
    }
    const firstKey = split.name.slice(MARKER.length + 1);
    let value;
    try {
      value = parseStructArgument(split.args, RBAC_RULE_ARG, split.argsOffset, { key: firstKey, offset: MARKER.length + 2 });
    } catch (e) {
      if (e instanceof MarkerSyntaxError) {
        const known = Object.keys(RBAC_RULE_ARG.fields).join(', ');
        fail(`invalid +${MARKER}: ${e.message} (arguments: ${known}); write e.g. +${MARKER}:groups=apps,resources=deployments,verbs=get;list;watch`, e.offset);
        return;
      }
      throw e;
    }
    const v = value as Record<string, unknown>;
    const list = (k: string): string[] => ((v[k] as unknown[] | undefined) ?? []).map((x) => String(x));
    const rule: RbacMarker = {
      groups: list('groups'),
      resources: list('resources'),
      resourceNames: list('resourceNames'),
      verbs: list('verbs').map((x) => x.trim()),
      urls: list('urls'),
      namespace: typeof v.namespace === 'string' ? v.namespace : '',
      roleName: typeof v.roleName === 'string' ? v.roleName : '',
      at,
    };
    const problem = checkRule(rule);
    if (problem !== undefined) return fail(problem);
    markers.push(rule);
  });
  return { markers, diagnostics };
}

/** What the apiserver would refuse in the rule (rbac validation), or undefined. */
function checkRule(r: RbacMarker): string | undefined {
  if (r.verbs.length === 0 || r.verbs.some((x) => x === '')) return 'verbs must name at least one verb (e.g. verbs=get;list;watch, or * for all)';
  if (r.resources.length === 0 && r.urls.length === 0) return 'give resources (with groups) or urls: a rule without either grants nothing';
  if (r.resources.length > 0 && r.urls.length > 0) return 'a rule applies either to resources or to non-resource urls, not both: split it into two markers';
  if (r.urls.length > 0 && r.namespace !== '') return 'non-resource urls can only be granted cluster-wide: remove namespace, or the urls';
  if (r.urls.length > 0 && (r.groups.length > 0 || r.resourceNames.length > 0)) return 'urls cannot be combined with groups or resourceNames: split the marker';
  if (r.resources.length > 0 && r.groups.length === 0) return 'resources need their API groups: add groups=<group> (groups="" or groups=core for pods, services, …)';
  return undefined;
}

interface WorkRule {
  groups: string[];
  resources: string[];
  resourceNames: string[];
  urls: string[];
  verbs: string[];
}

const uniqSorted = (xs: readonly string[]): string[] => [...new Set(xs)].sort();
const join = (xs: readonly string[]): string => xs.join('&');

function normalise(r: WorkRule): WorkRule {
  return { groups: uniqSorted(r.groups), resources: uniqSorted(r.resources), resourceNames: uniqSorted(r.resourceNames), urls: uniqSorted(r.urls), verbs: uniqSorted(r.verbs) };
}

/** Merges rules that differ in one list only, then sorts them (the behaviour described at the top). */
export function mergeRules(markers: readonly Pick<RbacMarker, 'groups' | 'resources' | 'resourceNames' | 'urls' | 'verbs'>[]): PolicyRule[] {
  // One rule per resource first, so that verbs unite per resource.
  const split: WorkRule[] = [];
  for (const m of markers) {
    const groups = m.groups.map((g) => (g === 'core' ? '' : g));
    const base = { groups, resourceNames: m.resourceNames, urls: m.urls, verbs: m.verbs };
    if (m.resources.length === 0) split.push(normalise({ ...base, resources: [] }));
    else for (const res of m.resources) split.push(normalise({ ...base, resources: [res] }));
  }
  const keyOf = (r: WorkRule, leave?: keyof WorkRule): string =>
    (['groups', 'resources', 'resourceNames', 'urls', 'verbs'] as const)
      .filter((k) => k !== leave && (leave !== undefined || k !== 'verbs'))
      .map((k) => join(r[k]))
      .join(' + ');
  // 1. Same groups, resources, names and URLs: unite the verbs.
  let rules = groupBy(split, (r) => keyOf(r)).map(([, rs]) => normalise({ ...rs[0]!, verbs: rs.flatMap((r) => r.verbs) }));
  // 2.–4. Same everything but one list: unite that list.
  for (const field of ['resources', 'groups', 'urls'] as const) {
    rules = groupBy(rules, (r) => keyOf(r, field)).map(([, rs]) => normalise({ ...rs[0]!, [field]: rs.flatMap((r) => r[field]) }));
  }
  return sortedByKey(rules.map((r) => [keyOf(r), r] as const)).map(([, r]) => ({
    ...(r.urls.length === 0 ? { apiGroups: r.groups } : { nonResourceURLs: r.urls }),
    ...(r.resourceNames.length > 0 ? { resourceNames: r.resourceNames } : {}),
    ...(r.resources.length > 0 ? { resources: r.resources } : {}),
    verbs: r.verbs.includes('*') ? ['*'] : r.verbs,
  }));
}

/** Groups by key, in first-seen order. */
function groupBy<T>(items: readonly T[], key: (t: T) => string): [string, T[]][] {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const g = m.get(k);
    if (g) g.push(it);
    else m.set(k, [it]);
  }
  return [...m.entries()];
}

function sortedByKey<T>(entries: readonly (readonly [string, T])[]): (readonly [string, T])[] {
  return [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The roles the markers describe: the ClusterRole(s) first, then Roles by namespace and name. */
export function buildRoles(markers: readonly RbacMarker[], defaultRoleName: string): RoleObject[] {
  return sortedByKey(groupBy(markers, (m) => `${m.namespace}\0${m.roleName || defaultRoleName}`)).map(([, ms]) => {
    const first = ms[0]!;
    const name = first.roleName || defaultRoleName;
    return {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: first.namespace === '' ? 'ClusterRole' : 'Role',
      metadata: first.namespace === '' ? { name } : { name, namespace: first.namespace },
      rules: mergeRules(ms),
    };
  });
}

/** The manifest file: header, boilerplate, then one `---` document per role. */
export function renderRoles(roles: readonly RoleObject[], boilerplate = ''): string {
  return `${GENERATED_HEADER_YAML}\n${yamlBoilerplate(boilerplate)}${roles.map((r) => `---\n${dumpYaml(r)}`).join('')}`;
}
