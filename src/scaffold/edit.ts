/**
 * Edits of scaffold-owned files that users may also edit: insertions at `+kubegen:scaffold:` marker
 * comments (as kubebuilder's `+kubebuilder:scaffold:` markers), and additions to YAML lists. Every edit
 * is idempotent: what is already there is not added twice. (RBAC rules are no edit: controllers carry
 * `+kubebuilder:rbac` markers and `kubegen rbac` generates the role.)
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
