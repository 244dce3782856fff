import { describe, expect, it } from 'vitest';
import {
  describeArgType,
  exampleMarker,
  looksLikeMarker,
  MarkerSyntaxError,
  parseArgument,
  parseStructArgument,
  splitInlineMarkers,
  splitMarker,
  StructArgError,
} from '../../src/markers/grammar.js';
import type { ArgType } from '../../src/markers/types.js';
import type { MarkerValue } from '../../src/model/types.js';

const S: ArgType = { kind: 'string' };
const I: ArgType = { kind: 'int' };
const N: ArgType = { kind: 'number' };
const B: ArgType = { kind: 'bool' };
const F: ArgType = { kind: 'flag' };
const ANY: ArgType = { kind: 'any' };
const JSONT: ArgType = { kind: 'json' };
const LS: ArgType = { kind: 'list', of: S };
const LI: ArgType = { kind: 'list', of: I };
const LANY: ArgType = { kind: 'list', of: ANY };
const EN: ArgType = { kind: 'enum', values: ['Namespaced', 'Cluster'] };
const COLUMN = {
  kind: 'struct',
  fields: {
    name: { type: S },
    type: { type: { kind: 'enum', values: ['string', 'integer', 'date'] } },
    JSONPath: { type: S },
    priority: { type: I, optional: true },
    shortName: { type: LS, optional: true },
    wide: { type: F, optional: true },
  },
} as const satisfies ArgType;
const METHOD = {
  kind: 'struct',
  positional: 'name',
  fields: { name: { type: S }, verb: { type: S }, subresource: { type: S, optional: true } },
} as const satisfies ArgType;

describe('looksLikeMarker / splitMarker', () => {
  const cases: [string, { given: string; want: ReturnType<typeof splitMarker> }][] = [
    ['flag', { given: '+genclient', want: { name: 'genclient', argsOffset: 10, trailingOffset: 10 } }],
    ['value', { given: '+groupName=a.io', want: { name: 'groupName', args: 'a.io', argsOffset: 11, trailingOffset: 11 } }],
    ['empty value', { given: '+groupName=', want: { name: 'groupName', args: '', argsOffset: 11, trailingOffset: 11 } }],
    [
      'named args in name',
      { given: '+a:b:k=v,k2="x,y"', want: { name: 'a:b:k', args: 'v,k2="x,y"', argsOffset: 7, trailingOffset: 7 } },
    ],
    ['spaces around =', { given: '+a = 1', want: { name: 'a', args: ' 1', argsOffset: 4, trailingOffset: 4 } }],
    ['trailing prose', { given: '+genclient please', want: { name: 'genclient', argsOffset: 11, trailing: 'please', trailingOffset: 11 } }],
    ['leading spaces kept in offsets', { given: '  +x=1', want: { name: 'x', args: '1', argsOffset: 5, trailingOffset: 5 } }],
    ['not a marker: space', { given: '+ 1 more', want: undefined }],
    ['not a marker: digit', { given: '+1', want: undefined }],
    ['not a marker: no plus', { given: 'genclient', want: undefined }],
    ['not a marker: ++', { given: '++x', want: undefined }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(splitMarker(given)).toEqual(want);
    expect(looksLikeMarker(given)).toBe(want !== undefined);
  });
});

describe('parseArgument: values', () => {
  const cases: [string, { type: ArgType; given: string; want: MarkerValue }][] = [
    ['bare string: rest of the line', { type: S, given: 'a, b; c', want: 'a, b; c' }],
    ['bare string trimmed', { type: S, given: '  x.io  ', want: 'x.io' }],
    ['empty string', { type: S, given: '', want: '' }],
    ['quoted string with escapes', { type: S, given: '"a\\"b\\\\c\\n\\u00e9\\x41"', want: 'a"b\\c\né' + 'A' }],
    ['single quotes are ordinary characters', { type: S, given: "'it' s", want: "'it' s" }],
    ['escaped single quote in double quotes', { type: S, given: '"it\\\'s"', want: "it's" }],
    ['raw string keeps backslashes', { type: S, given: '`^\\d+(,\\d+)*$`', want: '^\\d+(,\\d+)*$' }],
    ['int', { type: I, given: '42', want: 42 }],
    ['negative int', { type: I, given: '-3', want: -3 }],
    ['int in exponent form', { type: I, given: '1e3', want: 1000 }],
    ['number', { type: N, given: '1.5', want: 1.5 }],
    ['number negative zero normalised', { type: N, given: '-0', want: 0 }],
    ['number exponent', { type: N, given: '2.5e-3', want: 0.0025 }],
    ['bool true', { type: B, given: 'true', want: true }],
    ['bool false', { type: B, given: ' false ', want: false }],
    ['flag =false', { type: F, given: 'false', want: false }],
    ['flag empty', { type: F, given: '', want: true }],
    ['enum', { type: EN, given: 'Cluster', want: 'Cluster' }],
    ['enum quoted', { type: EN, given: '"Namespaced"', want: 'Namespaced' }],
    ['list with ;', { type: LS, given: 'a;b;c', want: ['a', 'b', 'c'] }],
    ['list with , at top level', { type: LS, given: 'create,get', want: ['create', 'get'] }],
    ['list in braces', { type: LS, given: '{a, "b,c", `d`}', want: ['a', 'b,c', 'd'] }],
    ['empty list in braces', { type: LS, given: '{}', want: [] }],
    ['empty list', { type: LS, given: '', want: [] }],
    ['list of ints', { type: LI, given: '1;2;3', want: [1, 2, 3] }],
    ['list of any: mixed', { type: LANY, given: 'A;"B C";1;true;null', want: ['A', 'B C', 1, true, null] }],
    ['any: number', { type: ANY, given: '1.24', want: 1.24 }],
    ['any: bool', { type: ANY, given: 'true', want: true }],
    ['any: bare string', { type: ANY, given: 'Cluster', want: 'Cluster' }],
    ['any: quoted string', { type: ANY, given: '"a;b"', want: 'a;b' }],
    ['any: {} is an empty map', { type: ANY, given: '{}', want: {} }],
    ['any: {a,b} list', { type: ANY, given: '{a,b}', want: ['a', 'b'] }],
    ['any: {1,2} list', { type: ANY, given: '{1, 2}', want: [1, 2] }],
    ['any: map', { type: ANY, given: '{policy: "Delete", n: 2}', want: { policy: 'Delete', n: 2 } }],
    [
      'any: nested map and list',
      { type: ANY, given: '{a: {b: {x,y}}, c: [1, {d: true}]}', want: { a: { b: ['x', 'y'] }, c: [1, { d: true }] } },
    ],
    ['any: JSON object', { type: ANY, given: '{"a": [1, 2], "b": {"c": null}}', want: { a: [1, 2], b: { c: null } } }],
    ['any: JSON array', { type: ANY, given: '["x", 2]', want: ['x', 2] }],
    ['any: top-level ; list', { type: ANY, given: 'a;b', want: ['a', 'b'] }],
    ['json: object', { type: JSONT, given: '{"k": "v", "n": [1.5]}', want: { k: 'v', n: [1.5] } }],
    ['json: string', { type: JSONT, given: '"Cluster"', want: 'Cluster' }],
    ['json: number', { type: JSONT, given: '3', want: 3 }],
  ];
  it.each(cases)('%s', (_name, { type, given, want }) => {
    expect(parseArgument(given, type, 0)).toEqual(want);
  });
});

describe('parseArgument: errors', () => {
  const cases: [string, { type: ArgType; given: string; message: RegExp; offset: number }][] = [
    ['int not whole', { type: I, given: '1.5', message: /expected a whole number, found 1\.5/, offset: 0 }],
    ['int not a number', { type: I, given: 'abc', message: /expected a whole number, found "abc"/, offset: 0 }],
    ['number not a number', { type: N, given: ' x1', message: /expected a number, found "x1"/, offset: 1 }],
    ['bool', { type: B, given: 'yes', message: /expected true or false, found "yes"/, offset: 0 }],
    ['enum unknown', { type: EN, given: 'Global', message: /"Global" is not one of Namespaced, Cluster/, offset: 0 }],
    ['unterminated quote', { type: S, given: '"abc', message: /unterminated string: add the closing "/, offset: 0 }],
    ['unterminated raw', { type: S, given: '`abc', message: /unterminated raw string/, offset: 0 }],
    ['unknown escape', { type: S, given: '"\\d"', message: /unknown escape \\d in a quoted string: write the value in backquotes/, offset: 1 }],
    ['bad \\u escape', { type: S, given: '"\\u12"', message: /invalid \\u escape/, offset: 1 }],
    ['text after quoted value', { type: S, given: '"a" b', message: /unexpected "b" after the value/, offset: 4 }],
    ['unterminated braces list', { type: LS, given: '{a,b', message: /unterminated list: add the closing }/, offset: 0 }],
    ['unterminated map', { type: ANY, given: '{a: 1', message: /unterminated map/, offset: 0 }],
    ['duplicate map key', { type: ANY, given: '{a: 1, a: 2}', message: /duplicate key "a"/, offset: 7 }],
    ['unterminated array', { type: ANY, given: '[1, 2', message: /unterminated array/, offset: 0 }],
    ['json bare string', { type: JSONT, given: 'Cluster', message: /"Cluster" is not JSON: quote strings/, offset: 0 }],
    ['json unquoted key', { type: JSONT, given: '{a: 1}', message: /expected a quoted key/, offset: 1 }],
    ['json trailing text', { type: JSONT, given: '1 2', message: /unexpected "2"/, offset: 2 }],
    ['flag with junk', { type: F, given: 'yes', message: /expected true or false/, offset: 0 }],
  ];
  it.each(cases)('%s', (_name, { type, given, message, offset }) => {
    let caught: unknown;
    try {
      parseArgument(given, type, 10);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(MarkerSyntaxError);
    const e = caught as MarkerSyntaxError;
    expect(e.message).toMatch(message);
    expect(e.offset).toBe(10 + offset);
  });
});

describe('parseArgument: struct (named arguments)', () => {
  const cases: [string, { type: ArgType; given: string; want: MarkerValue }][] = [
    [
      'all keys, quotes, raw strings, canonical key order',
      {
        type: COLUMN,
        given: 'JSONPath=`.status.phase`,name="Phase, now",type=string,priority=1',
        want: { name: 'Phase, now', type: 'string', JSONPath: '.status.phase', priority: 1 },
      },
    ],
    ['list value inside struct ends at ,', { type: COLUMN, given: 'name=a,type=date,JSONPath=.x,shortName=a;b,priority=0', want: { name: 'a', type: 'date', JSONPath: '.x', priority: 0, shortName: ['a', 'b'] } }],
    ['braced list inside struct', { type: COLUMN, given: 'name=a,type=date,JSONPath=.x,shortName={"p-q","r"}', want: { name: 'a', type: 'date', JSONPath: '.x', shortName: ['p-q', 'r'] } }],
    ['bare flag key', { type: COLUMN, given: 'name=a,type=date,JSONPath=.x,wide', want: { name: 'a', type: 'date', JSONPath: '.x', wide: true } }],
    ['spaces between arguments', { type: COLUMN, given: ' name = a , type = date , JSONPath = .x ', want: { name: 'a', type: 'date', JSONPath: '.x' } }],
    ['positional first argument', { type: METHOD, given: 'GetScale,verb=get,subresource=scale', want: { name: 'GetScale', verb: 'get', subresource: 'scale' } }],
    ['positional given by name', { type: METHOD, given: 'name=GetScale,verb=get', want: { name: 'GetScale', verb: 'get' } }],
    ['bare CEL with single quotes', { type: METHOD, given: "X,verb=self == 'a'", want: { name: 'X', verb: "self == 'a'" } }],
    ['value containing =', { type: COLUMN, given: 'name=a=b,type=date,JSONPath=.x', want: { name: 'a=b', type: 'date', JSONPath: '.x' } }],
  ];
  it.each(cases)('%s', (_name, { type, given, want }) => {
    const got = parseArgument(given, type, 0);
    expect(got).toEqual(want);
    expect(Object.keys(got as object)).toEqual(Object.keys(want as object));
  });

  it('takes the first key from the marker name', () => {
    expect(parseStructArgument('Age,type=date,JSONPath=.metadata.creationTimestamp', COLUMN, 30, { key: 'name', offset: 25 })).toEqual({
      name: 'Age',
      type: 'date',
      JSONPath: '.metadata.creationTimestamp',
    });
  });

  it('accepts no arguments when every key is optional', () => {
    const t: ArgType = { kind: 'struct', fields: { warning: { type: S, optional: true } } };
    expect(parseStructArgument(undefined, t, 0, undefined)).toEqual({});
  });

  const errors: [string, { given: string; problem: StructArgError['problem']; message: RegExp }][] = [
    ['unknown key', { given: 'name=a,type=date,jsonPath=.x', problem: { kind: 'unknown-key', key: 'jsonPath' }, message: /unknown argument jsonPath/ }],
    ['missing keys', { given: 'name=a', problem: { kind: 'missing', keys: ['type', 'JSONPath'] }, message: /missing required arguments type, JSONPath/ }],
    ['duplicate key', { given: 'name=a,name=b,type=date,JSONPath=.x', problem: { kind: 'duplicate-key', key: 'name' }, message: /given twice/ }],
    ['key without value', { given: 'name,type=date,JSONPath=.x', problem: { kind: 'no-value', key: 'name' }, message: /needs a value/ }],
  ];
  it.each(errors)('error: %s', (_name, { given, problem, message }) => {
    let caught: unknown;
    try {
      parseArgument(given, COLUMN, 0);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(StructArgError);
    expect((caught as StructArgError).problem).toEqual(problem);
    expect((caught as StructArgError).message).toMatch(message);
  });

  it('reports a trailing comma', () => {
    expect(() => parseArgument('name=a,type=date,JSONPath=.x,', COLUMN, 0)).toThrow(/expected an argument \(key=value\)/);
  });

  it('reports a missing comma between arguments', () => {
    expect(() => parseArgument('name="a" type=date', COLUMN, 0)).toThrow(/expected , between arguments/);
  });

  it('reports an enum value outside the set inside a struct', () => {
    expect(() => parseArgument('name=a,type=float,JSONPath=.x', COLUMN, 0)).toThrow(/"float" is not one of string, integer, date/);
  });
});

describe('splitInlineMarkers', () => {
  const cases: [string, { given: string; want: ReturnType<typeof splitInlineMarkers> }][] = [
    ['no marker', { given: 'just text, 1 + 2', want: { prose: 'just text, 1 + 2', markers: [] } }],
    [
      'two markers on one line',
      {
        given: '+groupName=samplecrd.k8s.io  +k8s:deepcopy-gen=package',
        want: { prose: '', markers: [{ text: '+groupName=samplecrd.k8s.io', offset: 0 }, { text: '+k8s:deepcopy-gen=package', offset: 29 }] },
      },
    ],
    [
      'prose then marker',
      { given: 'The CIDR. +kubebuilder:validation:Pattern=`^a +b$`', want: { prose: 'The CIDR.', markers: [{ text: '+kubebuilder:validation:Pattern=`^a +b$`', offset: 10 }] } },
    ],
    [
      'quoted " +x" stays in the value',
      { given: '+a:msg="x +y",k=1 +b', want: { prose: '', markers: [{ text: '+a:msg="x +y",k=1', offset: 0 }, { text: '+b', offset: 18 }] } },
    ],
    ['braces protect', { given: '+d={a: "x", b: +c}', want: { prose: '', markers: [{ text: '+d={a: "x", b: +c}', offset: 0 }] } }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(splitInlineMarkers(given)).toEqual(want);
  });
});

describe('describeArgType / exampleMarker', () => {
  const cases: [string, { type: ArgType; name: string; shape: string; example: string }][] = [
    ['flag', { type: F, name: 'genclient', shape: 'flag', example: '+genclient' }],
    ['int', { type: I, name: 'x:MaxLength', shape: 'integer', example: '+x:MaxLength=1' }],
    ['list', { type: LS, name: 'x', shape: 'list of string (a;b or {a,b})', example: '+x=value;other' }],
    ['enum', { type: EN, name: 'x', shape: 'Namespaced|Cluster', example: '+x=Namespaced' }],
    [
      'struct',
      { type: COLUMN, name: 'kubebuilder:printcolumn', shape: 'name=string,type=string|integer|date,JSONPath=string,[priority=int],[shortName=string;…],[wide=flag]', example: '+kubebuilder:printcolumn:name=value,type=string,JSONPath=value' },
    ],
    ['positional struct', { type: METHOD, name: 'genclient:method', shape: '<name>,verb=string,[subresource=string]', example: '+genclient:method=value,verb=value' }],
  ];
  it.each(cases)('%s', (_name, { type, name, shape, example }) => {
    expect(describeArgType(type)).toBe(shape);
    expect(exampleMarker(name, type)).toBe(example);
  });
});
