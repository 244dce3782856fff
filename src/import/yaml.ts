/**
 * YAML documents with source positions, for `kubegen import` diagnostics. Documents are loaded fast
 * (plain js-yaml); positions are computed only when a diagnostic needs one, by loading the file a second
 * time with js-yaml's event listener and walking the resulting node tree along a JSON path.
 */
import yaml from 'js-yaml';
import type { SourcePos } from '../diagnostics.js';

/** A JSON path inside one YAML document: property names and array indexes. */
export type JsonPath = readonly (string | number)[];

/**
 * The YAML 1.2 core schema: scalars become strings, numbers, booleans and null — never Dates (kubectl
 * reads `2024-01-01` as a string; js-yaml's default schema would make it a timestamp). Duplicate keys:
 * the last wins, as in kubectl.
 */
const LOAD_OPTIONS: yaml.LoadOptions = { schema: yaml.CORE_SCHEMA, json: true };

/**
 * The 1-based line where document `index` of a YAML stream starts (its first line that is not blank,
 * a comment or the `---` separator); cheap, for messages that name a document.
 */
export function documentLine(text: string, index: number): number {
  const lines = text.split('\n');
  let doc = 0;
  // Whether the current document has begun (content, or an explicit `---`): a `---` then starts the next.
  let begun = false;
  for (let i = 0; i < lines.length; i++) {
    let l = lines[i]!;
    const sep = /^---(\s|$)/.exec(l);
    if (sep) {
      if (begun) doc++;
      begun = true;
      l = l.slice(3);
    }
    if (l.trim() === '' || /^\s*#/.test(l) || /^\.\.\.(\s|$)/.test(l)) continue;
    if (doc === index) return i + 1;
    begun = true;
  }
  return 1;
}

export interface YamlDocument {
  /** 0-based index of the document in its file. */
  index: number;
  value: unknown;
}

export type LoadResult =
  | { ok: true; documents: YamlDocument[] }
  | { ok: false; pos: SourcePos; message: string };

/** Loads every document of a YAML stream; a syntax error comes back with its position. */
export function loadDocuments(file: string, text: string): LoadResult {
  const values: unknown[] = [];
  try {
    yaml.loadAll(text, (d) => values.push(d), LOAD_OPTIONS);
  } catch (e) {
    if (e instanceof yaml.YAMLException) {
      const mark = e.mark as { line?: number; column?: number } | undefined;
      return {
        ok: false,
        pos: { file, line: (mark?.line ?? 0) + 1, col: (mark?.column ?? 0) + 1 },
        message: e.reason || e.message,
      };
    }
    throw e;
  }
  return { ok: true, documents: values.map((value, index) => ({ index, value })) };
}

interface Node {
  line: number;
  col: number;
  result: unknown;
  children: Node[];
}

/**
 * Resolves JSON paths of one file's documents to positions. The node tree is built on first use; a
 * path that cannot be followed to its end resolves to the deepest node found (at worst the document).
 */
export class PositionIndex {
  private docs: Node[] | undefined;

  constructor(
    private readonly file: string,
    private readonly text: string,
  ) {}

  private build(): Node[] {
    const root: Node = { line: 1, col: 1, result: undefined, children: [] };
    const stack: Node[] = [root];
    const values: unknown[] = [];
    try {
      yaml.loadAll(this.text, (d) => values.push(d), {
        ...LOAD_OPTIONS,
        listener(event, state) {
          if (event === 'open') {
            stack.push({ line: state.line + 1, col: state.position - state.lineStart + 1, result: undefined, children: [] });
            return;
          }
          const node = stack.pop();
          if (!node || stack.length === 0) return;
          node.result = state.result;
          stack[stack.length - 1]!.children.push(node);
        },
      });
    } catch {
      // Positions are best effort; the load error itself is reported elsewhere.
    }
    // Every document's root is a top-level node holding the very object the document loaded to.
    const empty = (): Node => ({ line: 1, col: 1, result: undefined, children: [] });
    return values.map((v) => (v !== null && typeof v === 'object' ? root.children.find((c) => c.result === v) : undefined) ?? empty());
  }

  /** The position of the value at `path` in document `doc` (of the key, for mapping values). */
  at(doc: number, path: JsonPath): SourcePos {
    this.docs ??= this.build();
    let node = this.docs[doc];
    if (!node) return { file: this.file, line: 1, col: 1 };
    let pos = { line: node.line, col: node.col };
    for (const seg of path) {
      const next = child(node, seg);
      if (!next) break;
      node = next.node;
      pos = next.pos;
    }
    return { file: this.file, line: pos.line, col: pos.col };
  }
}

function child(node: Node, seg: string | number): { node: Node; pos: { line: number; col: number } } | undefined {
  const r = node.result;
  if (Array.isArray(r)) {
    if (typeof seg !== 'number') return undefined;
    const c = node.children[seg];
    return c ? { node: c, pos: { line: c.line, col: c.col } } : undefined;
  }
  if (r === null || typeof r !== 'object') return undefined;
  // A mapping's children alternate key, value (stray trailing nodes are ignored).
  for (let i = 0; i + 1 < node.children.length; i += 2) {
    const k = node.children[i]!;
    if (String(k.result) === String(seg)) {
      return { node: node.children[i + 1]!, pos: { line: k.line, col: k.col } };
    }
  }
  return undefined;
}
