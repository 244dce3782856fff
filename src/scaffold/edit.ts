/**
 * Edits of scaffold-owned files that users may also edit: insertions at `+kubegen:scaffold:` marker
 * comments (as kubebuilder's `+kubebuilder:scaffold:` markers), and additions to YAML lists. Every edit
 * is idempotent: what is already there is not added twice.
 */
import yaml from 'js-yaml';

export interface Insertion {
  /** The marker name: the line `// +kubegen:scaffold:<marker>`. */
  marker: string;
  /** Lines to insert before the marker (without indentation). */
  lines: string[];
  /**
   * Text whose presence anywhere in the file means the block is already there (robust to reformatting);
   * default: the block's first line, as a whole (trimmed) line.
   */
  key?: string;
}

export function markerLine(marker: string): string {
  return `// +kubegen:scaffold:${marker}`;
}

/**
 * Inserts each block just above its marker, indented like the marker, unless it is already in the file
 * (its `key`, or else its first line). Returns the new text and the markers not found.
 */
export function insertAtMarkers(text: string, insertions: readonly Insertion[]): { text: string; missing: string[] } {
  const lines = text.split('\n');
  const present = new Set(lines.map((l) => l.trim()));
  const missing: string[] = [];
  for (const ins of insertions) {
    const first = ins.lines[0];
    if (first === undefined) continue;
    if (ins.key !== undefined ? lines.join('\n').includes(ins.key) : present.has(first.trim())) continue;
    const at = lines.findIndex((l) => l.trim() === markerLine(ins.marker));
    if (at < 0) {
      if (!missing.includes(ins.marker)) missing.push(ins.marker);
      continue;
    }
    const indent = /^\s*/.exec(lines[at]!)![0];
    lines.splice(at, 0, ...ins.lines.map((l) => (l === '' ? '' : indent + l)));
    for (const l of ins.lines) present.add(l.trim());
  }
  return { text: lines.join('\n'), missing };
}

/** The comment lines at the top of a YAML file (kept when the file is re-written). */
function leadingComments(text: string): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) out.push(line);
    else break;
  }
  return out.length ? out.join('\n') + '\n' : '';
}

function dumpYaml(header: string, doc: unknown): string {
  return header + yaml.dump(doc, { lineWidth: -1, noRefs: true, sortKeys: false });
}

/**
 * Adds `entries` to the list at `key` of a YAML mapping (kustomization `resources`), keeping the
 * entries already there and the file's leading comments. Throws when the file is not such a mapping.
 */
export function addToYamlList(file: string, text: string, key: string, entries: readonly string[]): string {
  const doc = loadMapping(file, text);
  const current = doc[key] ?? [];
  if (!Array.isArray(current)) throw new Error(`${file}: "${key}" is not a list; make it a YAML list (${key}: []) and run again`);
  const missing = entries.filter((e) => !current.includes(e));
  if (missing.length === 0) return text;
  doc[key] = [...current, ...missing];
  return dumpYaml(leadingComments(text), doc);
}

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

/**
 * Adds RBAC rules to a ClusterRole/Role manifest. A rule counts as present when a rule with the same
 * apiGroups and resources already grants every verb; otherwise the missing verbs are merged into it, or
 * the rule is appended.
 */
export function addRbacRules(file: string, text: string, rules: readonly PolicyRule[]): string {
  const doc = loadMapping(file, text);
  const current = doc['rules'] ?? [];
  if (!Array.isArray(current)) throw new Error(`${file}: "rules" is not a list; make it a YAML list (rules: []) and run again`);
  const out = current.map((r: unknown) => (r && typeof r === 'object' ? { ...(r as Record<string, unknown>) } : r)) as Record<string, unknown>[];
  let changed = false;
  const same = (a: unknown, b: readonly string[]): boolean =>
    Array.isArray(a) && a.length === b.length && [...a].sort().join('\0') === [...b].sort().join('\0');
  for (const rule of rules) {
    const existing = out.find((r) => r && same(r['apiGroups'], rule.apiGroups) && same(r['resources'], rule.resources));
    if (existing) {
      const verbs = Array.isArray(existing['verbs']) ? (existing['verbs'] as unknown[]).map(String) : [];
      if (verbs.includes('*')) continue;
      const add = rule.verbs.filter((v) => !verbs.includes(v));
      if (add.length > 0) {
        existing['verbs'] = [...verbs, ...add];
        changed = true;
      }
      continue;
    }
    out.push({ apiGroups: [...rule.apiGroups], resources: [...rule.resources], verbs: [...rule.verbs] });
    changed = true;
  }
  if (!changed) return text;
  doc['rules'] = out;
  return dumpYaml(leadingComments(text), doc);
}

function loadMapping(file: string, text: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = yaml.load(text);
  } catch (e) {
    throw new Error(`${file}: not valid YAML (${(e as Error).message.split('\n')[0]}); fix or restore it and run again`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${file}: expected a YAML mapping; fix or restore it and run again`);
  return doc as Record<string, unknown>;
}
