import { describe, expect, it } from 'vitest';
import { DOC, RUNTIME_IMPORT, findStruct, findType, lines, load, model } from './helpers.js';

/** A tree whose types.ts is `RUNTIME_IMPORT` + blank line + `body` (so `body` starts on line 3). */
const tree = (body: string, doc = DOC()): Record<string, string> => ({
  'things/v1/doc.ts': doc,
  'things/v1/types.ts': `${RUNTIME_IMPORT}\n\n${body}`,
});
const markerNames = (t: { markers: { name: string }[] }): string[] => t.markers.map((m) => m.name);

describe('type comments', () => {
  const cases: [string, { body: string; description: string; markers: string[] }][] = [
    [
      'JSDoc with description and markers',
      {
        body: '/**\n * Foo is a thing.\n *\n * It has two paragraphs.\n * +kubebuilder:resource:shortName=f\n */\nexport interface Foo { a: string }',
        description: 'Foo is a thing.\n\nIt has two paragraphs.',
        markers: ['kubebuilder:resource'],
      },
    ],
    [
      '// line comments',
      {
        body: '// Foo is a thing.\n// +kubebuilder:subresource:status\nexport interface Foo { a: string }',
        description: 'Foo is a thing.',
        markers: ['kubebuilder:subresource:status'],
      },
    ],
    [
      'JSDoc and // block adjacent form one block',
      {
        body: '/** Foo is a thing. */\n// +kubebuilder:subresource:status\nexport interface Foo { a: string }',
        description: 'Foo is a thing.',
        markers: ['kubebuilder:subresource:status'],
      },
    ],
    [
      'detached marker block before the doc (code-generator style)',
      {
        body: '// +kubebuilder:subresource:status\n// +kubebuilder:storageversion\n\n// Foo is a thing.\nexport interface Foo { a: string }',
        description: 'Foo is a thing.',
        markers: ['kubebuilder:subresource:status', 'kubebuilder:storageversion'],
      },
    ],
    [
      'description in the detached block is not the description',
      {
        body: '// Foo is a thing.\n\n// +kubebuilder:subresource:status\nexport interface Foo { a: string }',
        description: '',
        markers: ['kubebuilder:subresource:status'],
      },
    ],
    [
      'markers separated from the declaration by one blank line',
      {
        body: '// +kubebuilder:subresource:status\n\nexport interface Foo { a: string }',
        description: '',
        markers: ['kubebuilder:subresource:status'],
      },
    ],
    [
      'a block two blank lines away is not read',
      {
        body: '// +kubebuilder:subresource:status\n\n\nexport interface Foo { a: string }',
        description: '',
        markers: [],
      },
    ],
    [
      'a third block is not read',
      {
        body: '// +kubebuilder:skipversion\n\n// +kubebuilder:storageversion\n\n// Foo doc.\nexport interface Foo { a: string }',
        description: 'Foo doc.',
        markers: ['kubebuilder:storageversion'],
      },
    ],
    [
      'repeated markers accumulate across blocks in source order',
      {
        body: '// +kubebuilder:printcolumn:name=A,type=string,JSONPath=.a\n\n// +kubebuilder:printcolumn:name=B,type=string,JSONPath=.b\nexport interface Foo { a: string }',
        description: '',
        markers: ['kubebuilder:printcolumn', 'kubebuilder:printcolumn'],
      },
    ],
    [
      'marker after prose on one line',
      {
        body: '/** Foo is a thing. +kubebuilder:subresource:status */\nexport interface Foo { a: string }',
        description: 'Foo is a thing.',
        markers: ['kubebuilder:subresource:status'],
      },
    ],
    [
      'prose mentioning a marker stays prose',
      {
        body: '/**\n * Use +kubebuilder:subresource:status to get a status.\n * Costs +1 more.\n */\nexport interface Foo { a: string }',
        description: 'Use +kubebuilder:subresource:status to get a status.\nCosts +1 more.',
        markers: [],
      },
    ],
    [
      'blank runs collapse, indentation inside lines is kept',
      {
        body: '/**\n * Foo:\n *   - one\n *\n *\n *   - two\n */\nexport interface Foo { a: string }',
        description: 'Foo:\n  - one\n\n  - two',
        markers: [],
      },
    ],
    [
      'block comment without stars',
      {
        body: '/*\n  Foo is plain.\n  +kubebuilder:subresource:status\n*/\nexport interface Foo { a: string }',
        description: 'Foo is plain.',
        markers: ['kubebuilder:subresource:status'],
      },
    ],
  ];
  it.each(cases)('%s', (_name, { body, description, markers }) => {
    const m = model(tree(body));
    const foo = findType(m, 'things/v1', 'Foo');
    expect(foo.description).toBe(description);
    expect(markerNames(foo)).toEqual(markers);
  });
});

describe('field comments', () => {
  it('reads JSDoc, // blocks and the detached block; not the previous field’s trailing comment', () => {
    const m = model(
      tree(`export interface Foo {
  /** A is the first. +kubebuilder:validation:MinLength=1 */
  a: string; // trailing, not a doc
  // B is the second.
  // +optional
  b: string;

  // +kubebuilder:validation:Maximum=3

  // C is the third.
  c?: number;
}`),
    );
    const foo = findStruct(m, 'things/v1', 'Foo');
    expect(foo.fields.map((f) => [f.name, f.description, markerNames(f)])).toEqual([
      ['a', 'A is the first.', ['kubebuilder:validation:MinLength']],
      ['b', 'B is the second.', ['optional']],
      ['c', 'C is the third.', ['kubebuilder:validation:Maximum']],
    ]);
  });

  it('a marker with a raw-string argument after prose on one JSDoc line (the design example)', () => {
    const m = model(
      tree(
        "export interface Foo {\n  /** The network's CIDR. +kubebuilder:validation:Pattern=`^[0-9./]+$` */\n  cidr: string;\n}",
      ),
    );
    const f = findStruct(m, 'things/v1', 'Foo').fields[0]!;
    expect([f.description, f.markers]).toEqual([
      "The network's CIDR.",
      [
        {
          name: 'kubebuilder:validation:Pattern',
          value: '^[0-9./]+$',
          pos: { file: 'things/v1/types.ts', line: 4, col: 27 },
        },
      ],
    ]);
  });

  it('marker values and positions point at the +', () => {
    const m = model(
      tree('export interface Foo {\n  /**\n   * +kubebuilder:validation:Pattern=`^a+$`\n   */\n  a: string;\n}'),
    );
    expect(findStruct(m, 'things/v1', 'Foo').fields[0]!.markers).toEqual([
      { name: 'kubebuilder:validation:Pattern', value: '^a+$', pos: { file: 'things/v1/types.ts', line: 5, col: 6 } },
    ]);
  });

  it('marker errors carry the marker position', () => {
    const r = load(tree('export interface Foo {\n  // +kubebuilder:validation:Minimun=1\n  a: number;\n}'));
    expect(lines(r)).toEqual([
      'things/v1/types.ts:4:6: unknown marker +kubebuilder:validation:Minimun: did you mean +kubebuilder:validation:Minimum?',
    ]);
  });

  it('prose starting with + is kept in the description', () => {
    const r = load(
      tree('export interface Foo {\n  /**\n   * The limit.\n   * +Inf is allowed\n   */\n  a: number;\n}'),
    );
    expect(r.model).toBeDefined();
    expect(findStruct(r.model!, 'things/v1', 'Foo').fields[0]!.description).toBe('The limit.\n+Inf is allowed');
    expect(r.diagnostics).toEqual([]);
  });
});

describe('package comments (doc.ts)', () => {
  it.each<[string, { doc: string; markers: string[] }]>([
    [
      '// lines',
      {
        doc: '// +groupName=things.example.com\n// +k8s:deepcopy-gen=package\n',
        markers: ['groupName', 'k8s:deepcopy-gen'],
      },
    ],
    [
      'JSDoc before export {}',
      {
        doc: '/**\n * Package v1 is the v1 API.\n *\n * +groupName=things.example.com\n */\nexport {};\n',
        markers: ['groupName'],
      },
    ],
    [
      'license header and several blocks',
      {
        doc: '/*\nCopyright 2026 The Authors.\n*/\n\n// Package v1 holds things.\n// +k8s:deepcopy-gen=package\n\n// +groupName=things.example.com\n// +kubebuilder:validation:Optional\n',
        markers: ['k8s:deepcopy-gen', 'groupName', 'kubebuilder:validation:Optional'],
      },
    ],
    [
      'comments of a type declared in doc.ts are not package markers',
      {
        doc: '// +groupName=things.example.com\n\n// +kubebuilder:subresource:status\nexport interface Foo { a: string }\n',
        markers: ['groupName'],
      },
    ],
  ])('%s', (_name, { doc, markers }) => {
    const m = model(tree('export interface Bar { a: string }', doc));
    expect(markerNames(m.groups[0]!.versions[0]!)).toEqual(markers);
  });

  it('a type marker in doc.ts is an error at its position', () => {
    const r = load(tree('export interface Bar { a: string }', '// +groupName=things.example.com\n// +genclient\n'));
    expect(lines(r)).toEqual([
      'things/v1/doc.ts:2:4: +genclient is not allowed on the package (in doc.ts): it may stand only on a type; move it there',
    ]);
  });
});
