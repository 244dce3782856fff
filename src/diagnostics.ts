/**
 * Diagnostics: every problem kubegen reports about its input carries a source position.
 * Printed as `file:line:col: severity: message` (severity omitted for errors, as compilers do).
 */

/** A position in an input file. `file` is relative to the current working directory when printed. */
export interface SourcePos {
  /** Path of the file, relative to the input root (forward slashes). */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  col: number;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  pos: SourcePos;
  message: string;
  /** A stable machine-readable code, e.g. `unknown-marker`, `missing-list-type`. */
  code: string;
}

/** Thrown by the pipeline when a stage ends with errors; carries every diagnostic collected. */
export class DiagnosticError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => formatDiagnostic(d)).join('\n'));
    this.name = 'DiagnosticError';
    this.diagnostics = diagnostics;
  }
}

/**
 * Formats a diagnostic as `file:line:col: message` (errors) or `file:line:col: warning: message`.
 * `root` is prefixed to the file when given (the input directory as the user typed it).
 */
export function formatDiagnostic(d: Diagnostic, root?: string): string {
  const file = root ? joinPath(root, d.pos.file) : d.pos.file;
  const sev = d.severity === 'warning' ? 'warning: ' : '';
  return `${file}:${d.pos.line}:${d.pos.col}: ${sev}${d.message}`;
}

function joinPath(root: string, file: string): string {
  if (root === '' || root === '.') return file;
  return root.endsWith('/') ? root + file : `${root}/${file}`;
}

/** Sorts diagnostics by file, line, column, then message, so output is stable. */
export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return ds.sort(
    (a, b) =>
      (a.pos.file < b.pos.file ? -1 : a.pos.file > b.pos.file ? 1 : 0) ||
      a.pos.line - b.pos.line ||
      a.pos.col - b.pos.col ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}

/** Collects diagnostics during one stage. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];
  error(pos: SourcePos, code: string, message: string): void {
    this.items.push({ severity: 'error', pos, code, message });
  }
  warn(pos: SourcePos, code: string, message: string): void {
    this.items.push({ severity: 'warning', pos, code, message });
  }
  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }
  addAll(ds: readonly Diagnostic[]): void {
    this.items.push(...ds);
  }
}

/** Levenshtein-based suggestion: the closest candidate within a distance budget, or undefined. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const lw = word.toLowerCase();
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    const d = editDistance(lw, c.toLowerCase());
    if (d < bestDist) {
      bestDist = d;
      best = c;
    }
  }
  const budget = Math.max(2, Math.floor(word.length / 4));
  return bestDist <= budget ? best : undefined;
}

export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const m = a.length;
  const n = b.length;
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[n]!;
}
