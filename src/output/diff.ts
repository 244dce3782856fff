/**
 * A small line diff (Myers' O(ND) algorithm) and unified-diff rendering, for `--verify`.
 */

export type DiffOp = { op: 'equal' | 'delete' | 'insert'; line: string };

/** Past this many differences the middle is shown as one replacement (keeps memory bounded). */
const MAX_EDIT_DISTANCE = 2000;

/** Splits text into lines without their `\n`; a final newline does not produce an empty last line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The shortest edit script turning `a` into `b`, as a sequence of equal/delete/insert lines. */
export function diffLines(a: readonly string[], b: readonly string[]): DiffOp[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const out: DiffOp[] = [];
  for (let i = 0; i < pre; i++) out.push({ op: 'equal', line: a[i]! });
  out.push(...myers(a.slice(pre, a.length - suf), b.slice(pre, b.length - suf)));
  for (let i = a.length - suf; i < a.length; i++) out.push({ op: 'equal', line: a[i]! });
  return out;
}

function myers(a: readonly string[], b: readonly string[]): DiffOp[] {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.map((line) => ({ op: 'insert', line }));
  if (m === 0) return a.map((line) => ({ op: 'delete', line }));
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] = the part of V that step d reads: diagonals -(d-1)..(d-1) after step d-1.
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice(offset - d + 1, offset + d));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) {
    return [...a.map((line): DiffOp => ({ op: 'delete', line })), ...b.map((line): DiffOp => ({ op: 'insert', line }))];
  }
  const ops: DiffOp[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const w = trace[d]!;
    const at = (k: number): number => w[k + d - 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ op: 'equal', line: a[--x]! });
      y--;
    }
    if (x === prevX) ops.push({ op: 'insert', line: b[--y]! });
    else ops.push({ op: 'delete', line: a[--x]! });
  }
  while (x > 0 && y > 0) {
    ops.push({ op: 'equal', line: a[--x]! });
    y--;
  }
  return ops.reverse();
}

export interface UnifiedDiffOptions {
  oldLabel: string;
  newLabel: string;
  /** Lines of context around each change. Default 3. */
  context?: number;
}

/**
 * A unified diff (`--- a`, `+++ b`, `@@ -l,s +l,s @@` hunks) of two texts, '' when they are equal.
 * A missing final newline is marked with `\ No newline at end of file`, as diff(1) does.
 */
export function unifiedDiff(oldText: string, newText: string, opts: UnifiedDiffOptions): string {
  if (oldText === newText) return '';
  const context = opts.context ?? 3;
  const a = splitLines(oldText);
  const b = splitLines(newText);
  const ops = diffLines(a, b);
  const oldNoEol = oldText !== '' && !oldText.endsWith('\n');
  const newNoEol = newText !== '' && !newText.endsWith('\n');
  const changeIdx: number[] = [];
  ops.forEach((o, i) => {
    if (o.op !== 'equal') changeIdx.push(i);
  });
  // A final line whose only difference is the missing newline counts as changed.
  if (changeIdx.length === 0) {
    // Same lines, different trailing newline: mark the last line as replaced.
    const last = ops.length - 1;
    const line = ops[last]!.line;
    ops.splice(last, 1, { op: 'delete', line }, { op: 'insert', line });
    changeIdx.push(last, last + 1);
  } else if (oldNoEol !== newNoEol) {
    const lastEq = ops.length - 1;
    if (ops[lastEq]!.op === 'equal') {
      const line = ops[lastEq]!.line;
      ops.splice(lastEq, 1, { op: 'delete', line }, { op: 'insert', line });
      changeIdx.push(lastEq, lastEq + 1);
    }
  }
  const lines: string[] = [`--- ${opts.oldLabel}`, `+++ ${opts.newLabel}`];
  const aLine: number[] = [];
  const bLine: number[] = [];
  let ai = 0;
  let bi = 0;
  for (const o of ops) {
    aLine.push(ai);
    bLine.push(bi);
    if (o.op !== 'insert') ai++;
    if (o.op !== 'delete') bi++;
  }
  let i = 0;
  while (i < changeIdx.length) {
    const startOp = Math.max(0, changeIdx[i]! - context);
    let j = i;
    while (j + 1 < changeIdx.length && changeIdx[j + 1]! - changeIdx[j]! <= 2 * context + 1) j++;
    const endOp = Math.min(ops.length - 1, changeIdx[j]! + context);
    let aCount = 0;
    let bCount = 0;
    const body: string[] = [];
    for (let p = startOp; p <= endOp; p++) {
      const o = ops[p]!;
      const prefix = o.op === 'equal' ? ' ' : o.op === 'delete' ? '-' : '+';
      body.push(prefix + o.line);
      if (o.op !== 'insert') aCount++;
      if (o.op !== 'delete') bCount++;
      const endsOld = o.op !== 'insert' && oldNoEol && aLine[p] === a.length - 1;
      const endsNew = o.op !== 'delete' && newNoEol && bLine[p] === b.length - 1;
      if (endsOld || endsNew) body.push('\\ No newline at end of file');
    }
    const aStart = aCount === 0 ? aLine[startOp]! : aLine[startOp]! + 1;
    const bStart = bCount === 0 ? bLine[startOp]! : bLine[startOp]! + 1;
    lines.push(`@@ -${range(aStart, aCount)} +${range(bStart, bCount)} @@`, ...body);
    i = j + 1;
  }
  return lines.join('\n') + '\n';
}

function range(start: number, count: number): string {
  return count === 1 ? `${start}` : `${start},${count}`;
}
