/**
 * Comment blocks above declarations, the way Go's code generators read them.
 *
 * A *block* is a run of comments (`/** … *\/`, `/* … *\/` or `//` lines) with no blank line between them.
 * A declaration's *closest* block ends on the line right above it (or on its own line); its *second-closest*
 * block is the one separated from the closest by exactly one blank line (gengo's SecondClosestCommentLines),
 * or — when there is no closest block — the one separated from the declaration by one blank line.
 * Markers are read from both; the description only from the closest block (as controller-gen does).
 */
import type { ts as tsTypes } from 'ts-morph';
import { ts } from './tsm.js';

/** One logical line of comment text with its position in the file. */
export interface CommentLine {
  /** Text with the comment syntax removed (`//`, `/**`, leading ` * `), trailing spaces trimmed. */
  text: string;
  /** 0-based offset in the file of the first character of `text`. */
  offset: number;
}

export interface CommentBlock {
  lines: CommentLine[];
  /** 0-based first and last line numbers. */
  startLine: number;
  endLine: number;
}

export interface DeclComments {
  /** The block directly above the declaration: markers and description. */
  closest?: CommentBlock;
  /** The detached block before that: markers only. */
  second?: CommentBlock;
}

/** Splits a comment range into logical lines, removing the comment syntax. */
export function commentLines(text: string, range: tsTypes.CommentRange): CommentLine[] {
  const raw = text.slice(range.pos, range.end);
  if (range.kind === ts.SyntaxKind.SingleLineCommentTrivia) {
    // `// text`: drop `//` and one following space (Go's CommentGroup.Text rule).
    let start = range.pos + 2;
    if (text[start] === ' ') start++;
    return [{ text: text.slice(start, range.end).trimEnd(), offset: start }];
  }
  // Block comment: `/**` or `/*` … `*/`.
  const openLen = raw.startsWith('/**') && raw !== '/**/' ? 3 : 2;
  const bodyStart = range.pos + openLen;
  const bodyEnd = raw.endsWith('*/') && raw.length >= openLen + 2 ? range.end - 2 : range.end;
  const out: CommentLine[] = [];
  let lineStart = bodyStart;
  while (lineStart <= bodyEnd) {
    let nl = text.indexOf('\n', lineStart);
    if (nl === -1 || nl > bodyEnd) nl = bodyEnd;
    let s = lineStart;
    // Leading whitespace, then an optional `*` and one space.
    while (s < nl && (text[s] === ' ' || text[s] === '\t')) s++;
    if (text[s] === '*' && lineStart !== bodyStart) {
      s++;
      if (text[s] === ' ') s++;
    } else if (lineStart === bodyStart && text[s] === ' ') {
      // `/** text`: already skipped the spaces.
    }
    let e = nl;
    if (e > s && text[e - 1] === '\r') e--;
    out.push({ text: text.slice(s, e).trimEnd(), offset: s });
    lineStart = nl + 1;
    if (nl === bodyEnd) break;
  }
  // Drop the empty first/last line produced by `/**\n` and `\n */`.
  while (out.length > 0 && out[0]!.text === '') out.shift();
  while (out.length > 0 && out[out.length - 1]!.text === '') out.pop();
  return out;
}

/** Groups comment ranges into blocks separated by blank lines. */
export function commentBlocks(sf: tsTypes.SourceFile, ranges: readonly tsTypes.CommentRange[]): CommentBlock[] {
  const blocks: CommentBlock[] = [];
  let cur: CommentBlock | undefined;
  for (const r of ranges) {
    const startLine = sf.getLineAndCharacterOfPosition(r.pos).line;
    const endLine = sf.getLineAndCharacterOfPosition(r.end).line;
    const lines = commentLines(sf.text, r);
    if (cur && startLine - cur.endLine <= 1) {
      cur.lines.push(...lines);
      cur.endLine = endLine;
    } else {
      cur = { lines, startLine, endLine };
      blocks.push(cur);
    }
  }
  return blocks;
}

/** The closest and second-closest comment blocks above `node`. */
export function declComments(sf: tsTypes.SourceFile, node: tsTypes.Node): DeclComments {
  const ranges = ts.getLeadingCommentRanges(sf.text, node.pos);
  if (!ranges || ranges.length === 0) return {};
  const blocks = commentBlocks(sf, ranges);
  const declLine = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
  const last = blocks[blocks.length - 1]!;
  const out: DeclComments = {};
  if (declLine - last.endLine <= 1) {
    out.closest = last;
    const prev = blocks[blocks.length - 2];
    if (prev && last.startLine - prev.endLine === 2) out.second = prev;
  } else if (declLine - last.endLine === 2) {
    out.second = last;
  }
  return out;
}
