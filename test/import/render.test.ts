/** Rendering of imported declarations: doc comments, escaping, long unions, quoting. */
import { describe, expect, it } from 'vitest';
import { renderDecl, escapeDescription, docLines, renderImport } from '../../src/import/render.js';
import type { Decl } from '../../src/import/decls.js';
import { documentLine, loadDocuments } from '../../src/import/yaml.js';
import * as prettier from 'prettier';

/** The options the golden test checks generated code with; imported source follows them too. */
const PRETTIER: prettier.Options = { parser: 'typescript', printWidth: 120, singleQuote: true };

const registered = (n: string): boolean => n === 'optional' || n.startsWith('kubebuilder:');
const esc = (s: string): string => escapeDescription(s, registered);

describe('escapeDescription', () => {
  it.each([
    ['plain text', { given: 'The name.', want: 'The name.' }],
    ['end of comment', { given: 'Cron like */5 * * * *', want: 'Cron like *\\/5 * * * *' }],
    ['a line the parser would read as a marker', { given: 'Intro\n+kubebuilder:foo here\n  +bar', want: 'Intro\n\\+kubebuilder:foo here\n  \\+bar' }],
    ['a registered marker inside prose', { given: 'Set +optional to skip', want: 'Set +optional to skip' }],
    ['a registered marker with a value inside prose', { given: 'Use +kubebuilder:default=1 here', want: 'Use \\+kubebuilder:default=1 here' }],
    ['a plus that is arithmetic', { given: 'a +1 b', want: 'a +1 b' }],
  ])('%s', (_n, { given, want }) => {
    expect(esc(given)).toBe(want);
  });
});

describe('docLines', () => {
  it.each([
    ['nothing', { given: { description: '', markers: [] }, want: [] }],
    ['one short line', { given: { description: 'Short.', markers: [] }, want: ['  /** Short. */'] }],
    ['one marker', { given: { description: '', markers: ['+optional'] }, want: ['  /** +optional */'] }],
    [
      'paragraphs, indentation and markers',
      { given: { description: '\nFirst.\n\n  indented  \n\n', markers: ['+listType=atomic'] }, want: ['  /**', '   * First.', '   *', '   *   indented', '   *', '   * +listType=atomic', '   */'] },
    ],
  ])('%s', (_n, { given, want }) => {
    expect(docLines(given, '  ', esc)).toEqual(want);
  });
});

const LONG = "'SHA256WithRSA' | 'SHA384WithRSA' | 'SHA512WithRSA' | 'ECDSAWithSHA256' | 'ECDSAWithSHA384' | 'ECDSAWithSHA512' | 'PureEd25519'";

describe('renderDecl', () => {
  it('breaks a union of literals that does not fit one line, and quotes odd property names', () => {
    const d: Decl = {
      kind: 'interface',
      name: 'Foo',
      doc: { description: '', markers: [] },
      fields: [
        { name: 'algorithm', optional: true, type: LONG, doc: { description: '', markers: [] } },
        { name: 'fits', optional: true, type: "'SHA256WithRSA' | 'SHA384WithRSA' | 'SHA512WithRSA' | 'ECDSAWithSHA256' | 'ECDSAWithSHA384' | 'ECDSAWithSHA512X'", doc: { description: '', markers: [] } },
        { name: 'list', optional: true, type: `(${LONG})[]`, doc: { description: '', markers: [] } },
        { name: 'x-y', optional: false, type: 'string', doc: { description: '', markers: [] } },
      ],
    };
    const rendered = renderDecl(d, esc);
    expect(rendered).toBe(
      [
        'export interface Foo {',
        '  algorithm?:',
        "    | 'SHA256WithRSA'",
        "    | 'SHA384WithRSA'",
        "    | 'SHA512WithRSA'",
        "    | 'ECDSAWithSHA256'",
        "    | 'ECDSAWithSHA384'",
        "    | 'ECDSAWithSHA512'",
        "    | 'PureEd25519';",
        '  fits?:',
        "    'SHA256WithRSA' | 'SHA384WithRSA' | 'SHA512WithRSA' | 'ECDSAWithSHA256' | 'ECDSAWithSHA384' | 'ECDSAWithSHA512X';",
        '  list?: (',
        "    | 'SHA256WithRSA'",
        "    | 'SHA384WithRSA'",
        "    | 'SHA512WithRSA'",
        "    | 'ECDSAWithSHA256'",
        "    | 'ECDSAWithSHA384'",
        "    | 'ECDSAWithSHA512'",
        "    | 'PureEd25519'",
        '  )[];',
        "  'x-y': string;",
        '}',
      ].join('\n'),
    );
    return expect(prettier.format(rendered + '\n', PRETTIER)).resolves.toBe(rendered + '\n');
  });

  it('renders an empty interface and an alias', () => {
    expect(renderDecl({ kind: 'interface', name: 'E', doc: { description: '', markers: [] }, fields: [] }, esc)).toBe('export interface E {}');
    expect(renderDecl({ kind: 'alias', name: 'A', doc: { description: 'A.', markers: [] }, type: 'string' }, esc)).toBe('/** A. */\nexport type A = string;');
  });
});

describe('renderImport', () => {
  it.each([
    ['nothing', { given: [], want: '' }],
    ['sorted on one line', { given: ['int32', 'TypeMeta', 'ObjectMeta'], want: "import type { ObjectMeta, TypeMeta, int32 } from '@kubegen/runtime';" }],
    [
      'one per line when long',
      { given: ['ListMeta', 'ObjectMeta', 'TypeMeta', 'IntOrString', 'Quantity', 'RawExtension', 'Time', 'int32', 'int64'], want: "import type {\n  IntOrString,\n  ListMeta,\n  ObjectMeta,\n  Quantity,\n  RawExtension,\n  Time,\n  TypeMeta,\n  int32,\n  int64,\n} from '@kubegen/runtime';" },
    ],
  ])('%s', (_n, { given, want }) => {
    expect(renderImport(given, '@kubegen/runtime')).toBe(want);
  });
});

describe('documentLine', () => {
  it.each([
    ['one document', { text: 'a: 1\n', index: 0, want: 1 }],
    ['leading comment and separator', { text: '# c\n\n---\n# d\nkind: X\n', index: 0, want: 5 }],
    ['second document', { text: 'a: 1\n---\nb: 2\n', index: 1, want: 3 }],
    ['empty document in between', { text: '---\n---\nb: 2\n', index: 1, want: 3 }],
    ['content on the separator line', { text: 'a: 1\n--- {b: 2}\n', index: 1, want: 2 }],
  ])('%s', (_n, { text, index, want }) => {
    expect(documentLine(text, index)).toBe(want);
    // js-yaml numbers the documents the same way: the one at `index` is the one with content.
    const loaded = loadDocuments('f', text);
    expect(loaded.ok && loaded.documents[index]?.value).toBeTruthy();
  });
});

describe('loadDocuments', () => {
  it('reads scalars as kubectl does: dates stay strings', () => {
    expect(loadDocuments('f', 'a: 2024-01-01\nb: 1\nc: true\nd: null\n')).toEqual({
      ok: true,
      documents: [{ index: 0, value: { a: '2024-01-01', b: 1, c: true, d: null } }],
    });
  });
});
