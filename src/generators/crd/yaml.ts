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

/**
 * kubectl reads manifests with a YAML 1.1 parser, where `1_000` is the integer 1000; js-yaml (YAML 1.2)
 * would write that string unquoted. This implicit type only exists so the dumper sees the ambiguity and
 * quotes such strings; it is never used for loading.
 */
const YAML11_NUMBER = new yaml.Type('tag:kubegen.dev,2026:yaml11-number', {
  kind: 'scalar',
  resolve: (data: unknown) =>
    typeof data === 'string' &&
    data.includes('_') &&
    /^[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|\.[0-9_]+)$/.test(data),
  construct: (data: string) => data,
});
const DUMP_SCHEMA = yaml.DEFAULT_SCHEMA.extend({ implicit: [YAML11_NUMBER] });

/** Dumps one value as a YAML document body (ends with a newline). */
export function dumpYaml(value: unknown): string {
  return yaml.dump(value, {
    schema: DUMP_SCHEMA,
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
