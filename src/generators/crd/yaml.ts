/**
 * YAML emission for CRD manifests, in controller-gen's layout: the generated header, the boilerplate as
 * `#` comments, a `---` document start, then the object with keys sorted, 2-space indent, sequences not
 * indented under their key, no line folding, no anchors.
 */
import yaml from 'js-yaml';
import { GENERATED_HEADER_YAML } from '../types.js';

/** Turns a boilerplate text (usually a `/* … *\/` or `//` licence comment) into `#` comment lines. */
export function yamlBoilerplate(boilerplate: string): string {
  if (boilerplate.trim() === '') return '';
  let text = boilerplate.replace(/\r\n/g, '\n').trim();
  const block = /^\/\*+([\s\S]*?)\*+\/$/.exec(text);
  if (block) text = block[1]!;
  const lines = text.split('\n').map((l) => {
    if (block) return l.replace(/^\s*\* ?/, '');
    if (/^\s*\/\//.test(l)) return l.replace(/^\s*\/\/ ?/, '');
    if (/^\s*#/.test(l)) return l.replace(/^\s*# ?/, '');
    return l;
  });
  while (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  return lines.map((l) => (l.trimEnd() === '' ? '#' : `# ${l.trimEnd()}`)).join('\n') + '\n';
}

/** Dumps one value as a YAML document body (ends with a newline). */
export function dumpYaml(value: unknown): string {
  return yaml.dump(value, {
    sortKeys: true,
    noArrayIndent: true,
    lineWidth: -1,
    noRefs: true,
    indent: 2,
  });
}

/** A complete manifest file: header, boilerplate, `---`, the document. */
export function renderManifest(value: unknown, boilerplate: string): string {
  return `${GENERATED_HEADER_YAML}\n${yamlBoilerplate(boilerplate)}---\n${dumpYaml(value)}`;
}
