/**
 * Declarations → TypeScript source text in the style of the repository's fixtures (2-space indent,
 * single quotes, one blank line between declarations, doc comments with marker lines last).
 */
import { propertyName, type Decl, type DocComment } from './decls.js';

const INLINE_MARKER = /(^|\s)\+([A-Za-z][\w.\-/]*(?::[\w.\-/]+)*)(?==|$)/g;

/**
 * Description text made safe for a doc comment: `*\/` would end the comment (written `*\/`), and a line
 * that the parser would read as a marker (`+name…` at the start, or a registered `+name=` in prose) gets
 * its `+` escaped as `\+`. Both are rare in real descriptions and listed in docs/import.md.
 */
export function escapeDescription(text: string, isMarkerName: (name: string) => boolean): string {
  return text
    .replace(/\*\//g, '*\\/')
    .split('\n')
    .map((line) => {
      let l = line.replace(/^(\s*)\+(?=[A-Za-z])/, '$1\\+');
      INLINE_MARKER.lastIndex = 0;
      l = l.replace(INLINE_MARKER, (all, lead: string, name: string) => (isMarkerName(name) ? `${lead}\\+${name}` : all));
      return l;
    })
    .join('\n');
}

/** The lines of a doc comment at `indent`, or none when it is empty. */
export function docLines(doc: DocComment, indent: string, escape: (s: string) => string): string[] {
  const desc = doc.description.trim() === '' ? [] : escape(doc.description.replace(/\r\n?/g, '\n')).split('\n').map((l) => l.trimEnd());
  // Drop leading/trailing blank lines the parser would drop anyway.
  while (desc.length > 0 && desc[0] === '') desc.shift();
  while (desc.length > 0 && desc[desc.length - 1] === '') desc.pop();
  const markers = doc.markers.filter((m) => m !== '');
  if (desc.length === 0 && markers.length === 0) return [];
  const body = [...desc];
  if (desc.length > 0 && markers.length > 0) body.push('');
  body.push(...markers);
  if (body.length === 1 && body[0]!.length + indent.length + 7 <= 120) return [`${indent}/** ${body[0]!} */`];
  return [`${indent}/**`, ...body.map((l) => (l === '' ? `${indent} *` : `${indent} * ${l}`)), `${indent} */`];
}

const LITERAL = String.raw`(?:'(?:[^'\\]|\\.)*'|-?\d+(?:\.\d+)?|null)`;
const LITERAL_UNION = new RegExp(`^${LITERAL}(?: \\| ${LITERAL})+$`);
const MAX_LINE = 120;

/**
 * `head type;` — a union of literals too long for one line broken as Prettier (printWidth 120) breaks
 * it: onto the next line when it fits there, else one member per line; an array of such a union inside
 * its parentheses.
 */
function typed(head: string, type: string, indent: string): string {
  const line = `${indent}${head} ${type};`;
  if (line.length <= MAX_LINE) return line;
  if (LITERAL_UNION.test(type)) {
    if (indent.length + 2 + type.length + 1 <= MAX_LINE) return `${indent}${head}\n${indent}  ${type};`;
    return [`${indent}${head}`, ...type.split(' | ').map((m) => `${indent}  | ${m}`)].join('\n') + ';';
  }
  const arr = /^\((.*)\)\[\]$/.exec(type);
  if (arr && LITERAL_UNION.test(arr[1]!)) {
    return [`${indent}${head} (`, ...arr[1]!.split(' | ').map((m) => `${indent}  | ${m}`), `${indent})[];`].join('\n');
  }
  return line;
}

export function renderDecl(d: Decl, escape: (s: string) => string): string {
  const out = docLines(d.doc, '', escape);
  if (d.kind === 'alias') {
    out.push(typed(`export type ${d.name} =`, d.type, ''));
    return out.join('\n');
  }
  const ext = d.extends !== undefined ? ` extends ${d.extends}` : '';
  if (d.fields.length === 0) {
    out.push(`export interface ${d.name}${ext} {}`);
    return out.join('\n');
  }
  out.push(`export interface ${d.name}${ext} {`);
  for (const f of d.fields) {
    out.push(...docLines(f.doc, '  ', escape));
    out.push(typed(`${propertyName(f.name)}${f.optional ? '?' : ''}:`, f.type, '  '));
  }
  out.push('}');
  return out.join('\n');
}

/** `import type { A, B } from 'spec';`, wrapped one name per line when long. */
export function renderImport(names: readonly string[], spec: string): string {
  if (names.length === 0) return '';
  const sorted = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const one = `import type { ${sorted.join(', ')} } from '${spec}';`;
  if (one.length <= MAX_LINE) return one;
  return `import type {\n${sorted.map((n) => `  ${n},`).join('\n')}\n} from '${spec}';`;
}
