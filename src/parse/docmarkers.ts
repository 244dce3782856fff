/**
 * Splits comment blocks into a description and parsed markers (through the registry). No ts-morph here:
 * positions come from a callback.
 */
import type { Diagnostic, SourcePos } from '../diagnostics.js';
import type { MarkerRegistryApi, MarkerTarget } from '../markers/types.js';
import type { Marker } from '../model/types.js';
import type { CommentBlock, CommentLine } from './comments.js';

export interface DocAndMarkers {
  description: string;
  markers: Marker[];
  /** Written names of marker lines that were rejected (so later stages do not also call them missing). */
  rejected: string[];
}

/** The written name of a marker line: `+a:b=c` → `a:b`. */
function writtenName(text: string): string {
  const m = /^\+([^=\s]*)/.exec(text);
  return m ? m[1]! : '';
}

const MARKER_LINE = /^\+[A-Za-z]/;
/** `+name` after prose, followed by `=`/`:` arguments or the end of the line (not by more prose). */
const INLINE_MARKER = /(^|\s)\+([A-Za-z][\w.\-/]*(?::[\w.\-/]+)*)(?==|$)/g;

/** Whether `name` (possibly with `:key=...` argument segments) names a registered marker. */
function isRegistered(registry: MarkerRegistryApi, name: string): boolean {
  let n = name;
  for (;;) {
    if (registry.lookup(n)) return true;
    const i = n.lastIndexOf(':');
    if (i <= 0) return false;
    n = n.slice(0, i);
  }
}

interface SplitLine {
  desc: string | undefined;
  marker?: { text: string; offset: number };
}

/**
 * A line that starts with `+` is a marker line. A registered marker may also follow description text on
 * the same line (`/** The CIDR. +kubebuilder:validation:Pattern=`^x$` *\/`): it runs to the end of the line,
 * and is recognised only when its name is registered and is followed by `=` or the end of the line, so prose
 * such as "use +optional to …" stays prose.
 */
function splitLine(registry: MarkerRegistryApi, line: CommentLine): SplitLine {
  const t = line.text;
  const lead = t.length - t.trimStart().length;
  const trimmed = t.trimStart();
  if (trimmed.startsWith('+') && (registry.isMarker ? registry.isMarker(trimmed) : MARKER_LINE.test(trimmed))) {
    return { desc: undefined, marker: { text: trimmed, offset: line.offset + lead } };
  }
  INLINE_MARKER.lastIndex = 0;
  for (let m = INLINE_MARKER.exec(t); m; m = INLINE_MARKER.exec(t)) {
    const name = m[2]!;
    if (!isRegistered(registry, name)) continue;
    const at = m.index + m[1]!.length;
    return { desc: t.slice(0, at).trimEnd(), marker: { text: t.slice(at).trimEnd(), offset: line.offset + at } };
  }
  return { desc: t };
}

/** Joins description lines: marker lines dropped, runs of blank lines collapsed, ends trimmed. */
export function joinDescription(lines: readonly string[]): string {
  const out: string[] = [];
  for (const l of lines) {
    if (l.trim() === '') {
      if (out.length > 0 && out[out.length - 1] !== '') out.push('');
    } else {
      out.push(l.trimEnd());
    }
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

/**
 * Markers of all `markerBlocks` (in source order) and the description of `descBlock`.
 * Malformed or unknown markers become diagnostics.
 */
export function extractDocAndMarkers(
  registry: MarkerRegistryApi,
  target: MarkerTarget,
  markerBlocks: readonly (CommentBlock | undefined)[],
  descBlock: CommentBlock | undefined,
  posAt: (offset: number) => SourcePos,
  diags: Diagnostic[],
): DocAndMarkers {
  const markers: Marker[] = [];
  const rejected: string[] = [];
  const desc: string[] = [];
  for (const block of markerBlocks) {
    if (!block) continue;
    for (const line of block.lines) {
      const s = splitLine(registry, line);
      if (block === descBlock && s.desc !== undefined) desc.push(s.desc);
      if (!s.marker) continue;
      const r = registry.parse(s.marker.text, target, posAt(s.marker.offset));
      if (r.ok) {
        markers.push(r.marker);
        continue;
      }
      diags.push(r.diagnostic);
      if (!r.notMarker) rejected.push(writtenName(s.marker.text));
      // Prose that merely starts with `+` (`+1 more`) stays in the description.
      if (r.notMarker && block === descBlock) {
        if (s.desc === undefined) desc.push(line.text);
        else desc[desc.length - 1] = line.text;
      }
    }
  }
  const withRepeats = registry as MarkerRegistryApi & { checkRepeats?(ms: readonly Marker[]): Diagnostic[] };
  if (withRepeats.checkRepeats) diags.push(...withRepeats.checkRepeats(markers));
  return { description: joinDescription(desc), markers, rejected };
}
