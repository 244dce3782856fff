/**
 * `kubegen markers`: the registry as text (grouped by owner, one line per marker) or as JSON.
 * Output is deterministic: owners in a fixed order, markers sorted by name.
 */
import { describeArgType } from './grammar.js';
import type { ArgType, MarkerDefinition, MarkerRegistryApi, MarkerTarget } from './types.js';

/** Owners first in this order; any other owner follows, alphabetically. */
const OWNER_ORDER = ['core', 'deepcopy', 'register', 'clientgen', 'crd', 'compat'];

export const OWNER_TITLES: Record<string, string> = {
  core: 'core (package options, optionality)',
  deepcopy: 'deepcopy',
  register: 'register',
  clientgen: 'clientgen (clientsets, listers, informers)',
  crd: 'crd (schemas and CRD manifests)',
  compat: 'other tools (accepted, no effect)',
};

function ownerRank(owner: string): [number, string] {
  const i = OWNER_ORDER.indexOf(owner);
  return [i < 0 ? OWNER_ORDER.length : i, owner];
}

export function groupByOwner(defs: readonly MarkerDefinition[]): [string, MarkerDefinition[]][] {
  const groups = new Map<string, MarkerDefinition[]>();
  for (const d of defs) {
    const g = groups.get(d.owner);
    if (g) g.push(d);
    else groups.set(d.owner, [d]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => {
      const [ra, na] = ownerRank(a);
      const [rb, nb] = ownerRank(b);
      return ra - rb || (na < nb ? -1 : na > nb ? 1 : 0);
    })
    .map(([o, ds]) => [o, [...ds].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))]);
}

export function targetsText(targets: readonly MarkerTarget[]): string {
  return [...targets].sort((a, b) => TARGET_ORDER.indexOf(a) - TARGET_ORDER.indexOf(b)).join(',');
}

const TARGET_ORDER: readonly MarkerTarget[] = ['package', 'type', 'field'];
const SHAPE_COLUMN_CAP = 30;

/** The argument shape as printed: `number`, `a|b`, `name=string,[format=…]`, `(flag)`. */
export function argShape(d: MarkerDefinition): string {
  if (d.ignoredReason !== undefined) return '(ignored)';
  const base = d.arg.kind === 'flag' ? '(flag)' : describeArgType(d.arg);
  return d.repeatable ? `${base} (repeatable)` : base;
}

/** Text listing: a header per owner, then `+name  targets  arg-shape  doc` per marker, columns aligned. */
export function formatMarkersText(registry: MarkerRegistryApi): string {
  const out: string[] = [];
  for (const [owner, defs] of groupByOwner(registry.all())) {
    if (out.length > 0) out.push('');
    out.push(`${OWNER_TITLES[owner] ?? owner}:`);
    const rows = defs.map((d) => {
      const doc = d.ignoredReason !== undefined ? `${d.doc} Ignored: ${d.ignoredReason}` : d.doc;
      return [`+${d.name}`, targetsText(d.targets), argShape(d), doc] as const;
    });
    const w0 = Math.max(...rows.map((r) => r[0].length));
    const w1 = Math.max(...rows.map((r) => r[1].length));
    // Shapes can be long (struct arguments): align the doc column only up to a cap.
    const w2 = Math.min(SHAPE_COLUMN_CAP, Math.max(...rows.map((r) => r[2].length)));
    for (const [name, targets, shape, doc] of rows) {
      out.push(`  ${name.padEnd(w0)}  ${targets.padEnd(w1)}  ${shape.padEnd(w2)}  ${doc}`);
    }
  }
  return out.join('\n') + '\n';
}

/** One definition in `kubegen markers --json`. */
export interface MarkerJson {
  name: string;
  owner: string;
  targets: MarkerTarget[];
  /** The typed argument shape (plain data, as in src/markers/types.ts). */
  arg: ArgType;
  /** The shape as text, as in the text listing. */
  argShape: string;
  doc: string;
  repeatable: boolean;
  /** Present for markers accepted for compatibility that have no effect. */
  ignoredReason?: string;
  example?: string;
}

export interface MarkersJson {
  markers: MarkerJson[];
}

/** The registry as plain JSON-ready data, sorted by name. */
export function markersJson(registry: MarkerRegistryApi): MarkersJson {
  const exampleOf = (d: MarkerDefinition): string | undefined =>
    d.example ?? (registry as { example?(d: MarkerDefinition): string }).example?.(d);
  return {
    markers: [...registry.all()]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((d) => {
        const j: MarkerJson = {
          name: d.name,
          owner: d.owner,
          targets: [...d.targets].sort((a, b) => TARGET_ORDER.indexOf(a) - TARGET_ORDER.indexOf(b)),
          arg: cloneArg(d.arg),
          argShape: argShape(d),
          doc: d.doc,
          repeatable: d.repeatable === true,
        };
        if (d.ignoredReason !== undefined) j.ignoredReason = d.ignoredReason;
        const ex = d.ignoredReason === undefined ? exampleOf(d) : undefined;
        if (ex !== undefined) j.example = ex;
        return j;
      }),
  };
}

/** `markersJson` as text: 2-space indented, newline-terminated. */
export function markersJsonText(registry: MarkerRegistryApi): string {
  return JSON.stringify(markersJson(registry), null, 2) + '\n';
}

function cloneArg(t: ArgType): ArgType {
  return JSON.parse(JSON.stringify(t)) as ArgType;
}
