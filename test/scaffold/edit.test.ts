import { describe, expect, it } from 'vitest';
import { addToYamlList, insertAtMarkers } from '../../src/scaffold/index.js';

const file = ['function f() {', '  const a = 1;', '  // +kubegen:scaffold:one', '}', '// +kubegen:scaffold:two', ''].join('\n');

describe('insertAtMarkers', () => {
  it.each([
    [
      'inserts above the marker, indented like it',
      { given: file, insertions: [{ marker: 'one', lines: ['x();', 'y();'] }] },
      { text: ['function f() {', '  const a = 1;', '  x();', '  y();', '  // +kubegen:scaffold:one', '}', '// +kubegen:scaffold:two', ''].join('\n'), missing: [] },
    ],
    [
      'skips a block whose first line is already there',
      { given: file, insertions: [{ marker: 'one', lines: ['const a = 1;', 'z();'] }] },
      { text: file, missing: [] },
    ],
    [
      'inserts each distinct line once, in order',
      { given: file, insertions: [{ marker: 'two', lines: ['import a;'] }, { marker: 'two', lines: ['import b;'] }, { marker: 'two', lines: ['import a;'] }] },
      { text: file.replace('// +kubegen:scaffold:two', 'import a;\nimport b;\n// +kubegen:scaffold:two'), missing: [] },
    ],
    [
      'skips a block whose key is anywhere in the file',
      { given: file, insertions: [{ marker: 'two', key: 'a = 1', lines: ['const a = 1 + 0;'] }] },
      { text: file, missing: [] },
    ],
    [
      'reports missing markers',
      { given: file, insertions: [{ marker: 'three', lines: ['q();'] }, { marker: 'three', lines: ['r();'] }] },
      { text: file, missing: ['three'] },
    ],
  ])('%s', (_name, { given, insertions }, want) => {
    expect(insertAtMarkers(given, insertions)).toEqual(want);
  });

  it('is idempotent', () => {
    const ins = [{ marker: 'one', lines: ['x();'] }];
    const once = insertAtMarkers(file, ins).text;
    expect(insertAtMarkers(once, ins).text).toBe(once);
  });
});

describe('addToYamlList', () => {
  const kustomization = '# comment one\n# comment two\nresources: []\n';
  it.each([
    ['adds to an empty list, keeping the leading comments', kustomization, ['a.yaml'], '# comment one\n# comment two\nresources:\n  - a.yaml\n'],
    ['appends what is missing only', 'resources:\n  - a.yaml\n', ['a.yaml', 'b.yaml'], 'resources:\n  - a.yaml\n  - b.yaml\n'],
    ['leaves the text alone when nothing is missing', 'resources: [a.yaml]  # flow style\n', ['a.yaml'], 'resources: [a.yaml]  # flow style\n'],
    ['creates the key', 'namespace: x\n', ['a.yaml'], 'namespace: x\nresources:\n  - a.yaml\n'],
  ])('%s', (_name, given, entries, want) => {
    expect(addToYamlList('k.yaml', given, 'resources', entries)).toBe(want);
  });

  it.each([
    ['a non-list value', 'resources: a.yaml\n', /k.yaml: "resources" is not a list/],
    ['a list document', '- a\n', /k.yaml: expected a YAML mapping/],
    ['broken YAML', 'resources: [a\n', /k.yaml: not valid YAML/],
  ])('refuses %s', (_name, given, want) => {
    expect(() => addToYamlList('k.yaml', given, 'resources', ['x'])).toThrow(want);
  });
});
