/**
 * Description cleaning for CRD schemas, as controller-gen does it: marker lines are already gone (the parser
 * strips them); lines starting with `TODO` are dropped, everything after a `---` line is cut, surrounding
 * blank lines trimmed, and the result truncated at a word boundary to `--max-desc-len` (0 drops it).
 */

/** Cleans one description; returns '' when nothing is left. */
export function cleanDescription(text: string): string {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+$/, '');
    if (line.trim() === '---') break;
    if (/^\s*TODO\b/.test(line)) continue;
    out.push(line);
  }
  while (out.length > 0 && out[0]!.trim() === '') out.shift();
  while (out.length > 0 && out[out.length - 1]!.trim() === '') out.pop();
  // Collapse runs of blank lines to one paragraph break.
  const collapsed: string[] = [];
  for (const line of out) {
    if (line.trim() === '' && collapsed.length > 0 && collapsed[collapsed.length - 1]!.trim() === '') continue;
    collapsed.push(line);
  }
  return collapsed.join('\n');
}

/**
 * Truncates to at most `maxLen` characters (before the ellipsis), cutting at the last whitespace so no
 * word is split, and appends `...`. `undefined` leaves it whole; 0 yields ''.
 */
export function truncateDescription(text: string, maxLen: number | undefined): string {
  if (maxLen === undefined) return text;
  if (maxLen <= 0) return '';
  if (text.length <= maxLen) return text;
  const head = text.slice(0, maxLen);
  const cut = head.search(/\s\S*$/);
  return (cut > 0 ? head.slice(0, cut) : head).replace(/\s+$/, '') + '...';
}

/** cleanDescription then truncateDescription. */
export function finalDescription(text: string, maxLen: number | undefined): string {
  return truncateDescription(cleanDescription(text), maxLen);
}
