import { describe, expect, it } from 'vitest';
import { blankStrings, checkCel } from '../../../src/generators/crd/cel.js';
import { cleanDescription, truncateDescription } from '../../../src/generators/crd/description.js';
import { patternProblem } from '../../../src/generators/crd/apply.js';
import { applyDefaults, prune, validateValue } from '../../../src/generators/crd/values.js';
import { dumpYaml, yamlBoilerplate } from '../../../src/generators/crd/yaml.js';
import type { JSONSchemaProps } from '../../../src/generators/crd/schema-types.js';

describe('CEL checks', () => {
  const cases: [
    string,
    { given: string; want: { error?: string; usesOldSelf: boolean; costlyReceivers: string[] } },
  ][] = [
    ['plain rule', { given: 'self.a <= self.b', want: { usesOldSelf: false, costlyReceivers: [] } }],
    ['transition rule', { given: 'self == oldSelf', want: { usesOldSelf: true, costlyReceivers: [] } }],
    [
      'oldSelf inside a string is not a use',
      { given: "self.x == 'oldSelf'", want: { usesOldSelf: false, costlyReceivers: [] } },
    ],
    [
      'optional field syntax parses',
      {
        given: 'self.?spec.orValue(1) == 1 && [?self.?a].size() >= 0',
        want: { usesOldSelf: false, costlyReceivers: [] },
      },
    ],
    [
      'syntax error',
      {
        given: 'self.a ==',
        want: { error: '1:8: found = but expecting end of input', usesOldSelf: false, costlyReceivers: [] },
      },
    ],
    ['iteration over self', { given: 'self.all(x, x > 0)', want: { usesOldSelf: false, costlyReceivers: [''] } }],
    [
      'string function on a field',
      {
        given: "self.spec.name.matches('^a') && self.tags.exists(t, t == 'x')",
        want: { usesOldSelf: false, costlyReceivers: ['.spec.name', '.tags'] },
      },
    ],
    [
      'iteration over a literal is not costly',
      {
        given: '[has(self.a), has(self.b)].filter(x, x).size() <= 1',
        want: { usesOldSelf: false, costlyReceivers: [] },
      },
    ],
  ];
  it.each(cases)('%s', (_n, { given, want }) => {
    const got = checkCel(given);
    expect(got).toEqual(want);
  });

  it('blanks string contents, keeping length and delimiters', () => {
    const src = `self.a == "x\\"y" && r'\\d' == '''a'b'''`;
    const out = blankStrings(src);
    expect(out).toHaveLength(src.length);
    expect(out).toBe(`self.a == "    " && r'  ' == '''   '''`);
  });
});

describe('descriptions', () => {
  const cases: [string, { given: string; max?: number; want: string }][] = [
    ['kept', { given: 'A field.', want: 'A field.' }],
    ['TODO lines dropped', { given: 'A.\nTODO: later\nB.', want: 'A.\nB.' }],
    ['cut after ---', { given: 'Public.\n---\nPrivate.', want: 'Public.' }],
    ['blank runs collapsed, ends trimmed', { given: '\n\nA.\n\n\nB.\n\n', want: 'A.\n\nB.' }],
    ['truncated at a word boundary', { given: 'The quick brown fox jumps', max: 12, want: 'The quick...' }],
    ['one long word is cut', { given: 'Supercalifragilistic', max: 5, want: 'Super...' }],
    ['0 drops it', { given: 'Anything', max: 0, want: '' }],
  ];
  it.each(cases)('%s', (_n, { given, max, want }) => {
    expect(truncateDescription(cleanDescription(given), max)).toBe(want);
  });
});

describe('patterns (RE2)', () => {
  const cases: [string, { given: string; ok: boolean }][] = [
    ['plain', { given: '^[a-z]+$', ok: true }],
    ['inline flags', { given: '(?i)^abc$', ok: true }],
    ['\\A and \\z', { given: '\\Aabc\\z', ok: true }],
    ['lookahead', { given: '^(?=a)', ok: false }],
    ['negative lookbehind', { given: '(?<!a)b', ok: false }],
    ['backreference', { given: '(a)\\1', ok: false }],
    ['unbalanced', { given: '(a', ok: false }],
  ];
  it.each(cases)('%s', (_n, { given, ok }) => {
    expect(patternProblem(given) === undefined).toBe(ok);
  });
});

describe('values: prune, default, validate', () => {
  const schema: JSONSchemaProps = {
    type: 'object',
    properties: {
      a: { type: 'integer', default: 1, minimum: 0 },
      b: { type: 'object', default: {}, properties: { c: { type: 'string', default: 'x' } } },
      m: { type: 'object', additionalProperties: { type: 'string' } },
      free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      l: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
    },
    required: ['a'],
  };
  it('prunes unknown fields, keeps maps and preserved objects', () => {
    const v = { a: 1, zz: 2, b: { c: 'y', d: 1 }, m: { k: 'v' }, free: { any: 1 } };
    expect(prune(v, schema)).toEqual(['.zz', '.b.d']);
    expect(v).toEqual({ a: 1, b: { c: 'y' }, m: { k: 'v' }, free: { any: 1 } });
  });
  it('keeps apiVersion, kind and metadata at the root', () => {
    const v = { apiVersion: 'x/v1', kind: 'K', metadata: { name: 'n' }, a: 1 };
    expect(prune(v, schema, '', true)).toEqual([]);
    expect(v.metadata).toEqual({ name: 'n' });
  });
  it('applies defaults top-down', () => {
    const v: Record<string, unknown> = {};
    applyDefaults(v, schema);
    expect(v).toEqual({ a: 1, b: { c: 'x' } });
  });
  it('validates', () => {
    expect(validateValue({ a: -1, l: ['x', 'x'], m: { k: 1 } }, schema)).toEqual([
      '.a: must be greater than or equal to 0',
      '.l[1]: duplicate entry "x" in a set',
      '.m.k: must be string, got integer',
    ]);
    expect(validateValue({}, schema)).toEqual(['.a: required']);
  });
});

describe('YAML boilerplate', () => {
  const cases: [string, { given: string; want: string }][] = [
    ['empty', { given: '', want: '' }],
    [
      'block comment',
      { given: '/*\nCopyright 2026 X.\n\nLicensed.\n*/\n', want: '# Copyright 2026 X.\n#\n# Licensed.\n' },
    ],
    ['line comments', { given: '// Copyright 2026 X.\n// Licensed.\n', want: '# Copyright 2026 X.\n# Licensed.\n' }],
    ['hash comments', { given: '# Copyright\n', want: '# Copyright\n' }],
  ];
  it.each(cases)('%s', (_n, { given, want }) => {
    expect(yamlBoilerplate(given)).toBe(want);
  });
});

describe('YAML emission', () => {
  it('quotes strings a YAML 1.1 reader (kubectl) would take for something else', () => {
    expect(dumpYaml({ enum: ['yes', 'on', '1_000', '0x1_0', 'a_b', '1.2', '~'] })).toBe(
      "enum:\n- 'yes'\n- 'on'\n- '1_000'\n- '0x1_0'\n- a_b\n- '1.2'\n- '~'\n",
    );
  });
  it('sorts keys, keeps sequences flush with their key, never folds lines', () => {
    const long = 'word '.repeat(40).trim();
    expect(dumpYaml({ b: [{ m: 1, k: long }], a: 'multi\nline' })).toBe(
      `a: |-\n  multi\n  line\nb:\n- k: ${long}\n  m: 1\n`,
    );
  });
});
