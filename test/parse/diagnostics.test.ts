/**
 * Parse-level diagnostics: each malformed input (test/parse/diag-cases.ts) yields exactly these
 * diagnostics — code, position and message — and no model.
 */
import { describe, expect, it } from 'vitest';
import { DIAG_CASES } from './diag-cases.js';
import { load, lines } from './helpers.js';

const WANT: [string, { codes: string[]; want: string[] }][] = [
  [
    'any',
    {
      codes: ['unsupported-type'],
      want: [
        'things/v1/types.ts:14:6: `any` is not allowed: use `unknown` for arbitrary JSON (preserved unknown fields)',
      ],
    },
  ],
  [
    'object',
    {
      codes: ['unsupported-type'],
      want: [
        'things/v1/types.ts:14:6: `object` says nothing about the fields: use a named interface or Record<string, unknown>',
      ],
    },
  ],
  [
    'never',
    {
      codes: ['unsupported-type'],
      want: ['things/v1/types.ts:14:6: `never` has no JSON value: remove the field or give it a data type'],
    },
  ],
  [
    'void',
    {
      codes: ['unsupported-type'],
      want: ['things/v1/types.ts:14:6: `void` has no JSON value: remove the field or give it a data type'],
    },
  ],
  [
    'undefined alone',
    {
      codes: ['unsupported-type'],
      want: ['things/v1/types.ts:14:6: `undefined` has no JSON value: remove the field or give it a data type'],
    },
  ],
  [
    'symbol',
    {
      codes: ['unsupported-type'],
      want: ['things/v1/types.ts:14:6: `symbol` has no JSON representation: use string'],
    },
  ],
  [
    'bigint',
    {
      codes: ['unsupported-type'],
      want: ['things/v1/types.ts:14:6: `bigint` has no JSON representation: use int64 from @kubegen/runtime'],
    },
  ],
  [
    'null alone',
    {
      codes: ['unsupported-type'],
      want: ['things/v1/types.ts:14:6: `null` alone has no schema: write `T | null` for a nullable T'],
    },
  ],
  [
    'tuple',
    {
      codes: ['unsupported-type'],
      want: [
        'things/v1/types.ts:14:6: tuples cannot be expressed in a structural schema: use an array of one type or an object with named fields',
      ],
    },
  ],
  [
    'function',
    {
      codes: ['unsupported-type'],
      want: ['things/v1/types.ts:14:6: functions cannot be expressed in a structural schema: API types are plain data'],
    },
  ],
  [
    'constructor',
    {
      codes: ['unsupported-type'],
      want: ['things/v1/types.ts:14:6: functions cannot be expressed in a structural schema: API types are plain data'],
    },
  ],
  [
    'keyof',
    {
      codes: ['unsupported-type'],
      want: ['things/v1/types.ts:14:6: `keyof ThingSpec` is computed by the type system: write the resulting type out'],
    },
  ],
  [
    'typeof',
    {
      codes: ['unsupported-type'],
      want: ['things/v1/types.ts:14:6: `typeof helper` is computed by the type system: write the resulting type out'],
    },
  ],
  [
    'indexed access',
    {
      codes: ['unsupported-type'],
      want: [
        "things/v1/types.ts:14:6: `ThingSpec['size']` is computed by the type system: write the resulting type out",
      ],
    },
  ],
  [
    'template literal',
    {
      codes: ['unsupported-type'],
      want: [
        'things/v1/types.ts:14:6: template literal types cannot be expressed: use string with +kubebuilder:validation:Pattern',
      ],
    },
  ],
  [
    'import type',
    {
      codes: ['unsupported-type'],
      want: ['things/v1/types.ts:14:6: import() types are not resolved: use an import declaration'],
    },
  ],
  [
    'method signature',
    {
      codes: ['unsupported-member'],
      want: [
        'things/v1/types.ts:14:3: method grow() in ThingSpec cannot be expressed in a structural schema: API types are plain data; remove it',
      ],
    },
  ],
  [
    'call signature',
    {
      codes: ['unsupported-member'],
      want: [
        'things/v1/types.ts:14:3: ThingSpec has a call or construct signature: API types are plain data; remove it',
      ],
    },
  ],
  [
    'getter',
    {
      codes: ['unsupported-member'],
      want: [
        'things/v1/types.ts:14:3: accessor in ThingSpec cannot be expressed in a structural schema: declare a plain property',
      ],
    },
  ],
  [
    'computed name',
    {
      codes: ['unsupported-member'],
      want: [
        'things/v1/types.ts:14:3: property [k] in ThingSpec: use an identifier or a quoted string as the property name',
      ],
    },
  ],
  [
    'missing annotation',
    {
      codes: ['missing-type'],
      want: ['things/v1/types.ts:14:3: property size in ThingSpec has no type annotation: declare its type'],
    },
  ],
  [
    'non-literal union',
    {
      codes: ['non-literal-union'],
      want: [
        'things/v1/types.ts:14:6: union string | boolean cannot be expressed in a structural schema: use one type, a union of literals, or a struct with one optional field per alternative',
      ],
    },
  ],
  [
    'int or string union',
    {
      codes: ['non-literal-union'],
      want: [
        'things/v1/types.ts:14:6: union int32 | string cannot be expressed in a structural schema: use IntOrString from @kubegen/runtime',
      ],
    },
  ],
  [
    'mixed literal union',
    {
      codes: ['mixed-literal-union'],
      want: [
        "things/v1/types.ts:14:6: union 'a' | 1 mixes literal types: an enum has one type; use literals of one type",
      ],
    },
  ],
  [
    'union with ref',
    {
      codes: ['non-literal-union'],
      want: [
        "things/v1/types.ts:14:6: union 'a' | ThingSpec cannot be expressed in a structural schema: use one type, a union of literals, or a struct with one optional field per alternative",
      ],
    },
  ],
  [
    'required | undefined',
    {
      codes: ['undefined-type'],
      want: [
        'things/v1/types.ts:14:15: `undefined` in the type of a required property: declare the property optional with `?` instead',
      ],
    },
  ],
  [
    'undefined inside an array',
    {
      codes: ['undefined-type'],
      want: ['things/v1/types.ts:14:16: `undefined` has no JSON value here: remove it'],
    },
  ],
  [
    'intersection field',
    {
      codes: ['intersection'],
      want: [
        'things/v1/types.ts:14:6: intersection ThingSpec & { b: string } cannot be used here: declare a named type (export interface X extends A, B {}) and use it',
      ],
    },
  ],
  [
    'intersection alias with a primitive',
    {
      codes: ['intersection'],
      want: [
        'things/v1/types.ts:21:31: intersection member string cannot be flattened into a struct: intersect only named object types and object literals',
      ],
    },
  ],
  [
    'intersection alias with an index signature',
    {
      codes: ['intersection'],
      want: [
        'things/v1/types.ts:21:33: an index signature cannot be part of an intersection: declare the map as a field of a named interface',
      ],
    },
  ],
  [
    'generic declaration',
    {
      codes: ['open-generic'],
      want: [
        'things/v1/types.ts:21:22: generic type Box<T> cannot be expressed in a structural schema: declare a concrete type for each use',
      ],
    },
  ],
  [
    'generic use',
    {
      codes: ['open-generic'],
      want: [
        'things/v1/types.ts:14:6: Box<string>: generic types cannot be expressed in a structural schema; declare a concrete type',
      ],
    },
  ],
  [
    'generic extends',
    {
      codes: ['open-generic'],
      want: [
        'things/v1/types.ts:22:30: Box<string>: generic types cannot be expressed in a structural schema; extend a concrete interface',
      ],
    },
  ],
  [
    'unresolved type',
    {
      codes: ['unresolved-type'],
      want: [
        'things/v1/types.ts:14:6: cannot find type Missing: declare and export it, or import it from a file of the input tree or from @kubegen/runtime',
      ],
    },
  ],
  [
    'not exported',
    {
      codes: ['not-exported'],
      want: [
        'things/v1/types.ts:14:6: type Hidden is not exported: add `export` to its declaration so generated code can import it',
      ],
    },
  ],
  [
    'not imported',
    {
      codes: ['not-imported'],
      want: [
        "things/v1/types.ts:14:6: cannot find Peer: it is declared in things/v1/peer.ts; add import type { Peer } from './peer.js'",
      ],
    },
  ],
  [
    'well-known not imported',
    {
      codes: ['unresolved-type'],
      want: [
        "things/v1/types.ts:14:6: cannot find LabelSelector: import it with import type { LabelSelector } from '@kubegen/runtime'",
      ],
    },
  ],
  [
    'unknown runtime type',
    {
      codes: ['unknown-runtime-type'],
      want: [
        "things/v1/types.ts:15:6: Secret from '@kubegen/runtime' is not a type kubegen understands; use one of Condition, Duration, IntOrString, LabelSelector, LabelSelectorRequirement, ListMeta, ManagedFieldsEntry, MicroTime, ObjectMeta, OwnerReference, Quantity, RawExtension, Scale, ScaleSpec, ScaleStatus, Status, StatusCause, StatusDetails, Time, TypeMeta, int32, int64, float32, float64",
      ],
    },
  ],
  [
    'external module',
    {
      codes: ['external-type'],
      want: [
        "things/v1/types.ts:15:6: type Pod comes from 'kubernetes-models', outside the input tree: kubegen reads only the input tree and @kubegen/runtime; declare the type in a shared package of the input tree",
      ],
    },
  ],
  [
    'import outside the tree',
    {
      codes: ['external-type'],
      want: [
        "things/v1/types.ts:15:6: '../../../out.js' points outside the input tree: move the type into the input tree (a shared package such as common/)",
      ],
    },
  ],
  [
    'import of a missing file',
    {
      codes: ['unresolved-import'],
      want: [
        "things/v1/types.ts:15:6: cannot resolve './gone.js' from things/v1/types.ts: no such .ts file in the input tree",
      ],
    },
  ],
  [
    'import of a missing export',
    {
      codes: ['unresolved-type'],
      want: ["things/v1/types.ts:15:6: './peer.js' (things/v1/peer.ts) exports no type named Nope"],
    },
  ],
  [
    'import of a non-exported type',
    {
      codes: ['not-exported'],
      want: [
        'things/v1/types.ts:15:6: type Peer is declared in things/v1/peer.ts but not exported: add `export` to its declaration',
      ],
    },
  ],
  [
    'default import',
    {
      codes: ['unresolved-type'],
      want: [
        "things/v1/types.ts:15:6: default import of './peer.js' used as a type: import the type by name, e.g. import type { X } from './peer.js'",
      ],
    },
  ],
  [
    'Date',
    {
      codes: ['unsupported-type'],
      want: [
        'things/v1/types.ts:14:6: Date cannot be expressed in a structural schema: use Time (or MicroTime) from @kubegen/runtime (timestamps are RFC 3339 strings on the wire)',
      ],
    },
  ],
  [
    'Map',
    {
      codes: ['unsupported-type'],
      want: [
        'things/v1/types.ts:14:6: Map cannot be expressed in a structural schema: use Record<string, V> (JSON objects are the only maps on the wire)',
      ],
    },
  ],
  [
    'Partial',
    {
      codes: ['unsupported-type'],
      want: [
        'things/v1/types.ts:14:6: Partial cannot be expressed in a structural schema: declare a named interface with optional fields',
      ],
    },
  ],
  [
    'Record with number keys',
    {
      codes: ['map-key'],
      want: [
        'things/v1/types.ts:14:13: map keys must be string (JSON object keys are strings): write Record<string, string>',
      ],
    },
  ],
  [
    'index signature with number keys',
    {
      codes: ['map-key'],
      want: [
        'things/v1/types.ts:14:8: index signature keys must be string: JSON object keys are strings; write { [key: string]: string }',
      ],
    },
  ],
  [
    'index signature beside properties',
    {
      codes: ['index-signature-mixed'],
      want: [
        'things/v1/types.ts:21:35: Bag mixes an index signature with named properties or extends: a structural schema cannot express both; move the map into a field, e.g. `entries: Record<string, string>`',
      ],
    },
  ],
  [
    'two index signatures',
    {
      codes: ['index-signature-mixed'],
      want: ['things/v1/types.ts:21:45: Bag has more than one index signature: declare one'],
    },
  ],
  [
    'namespace',
    {
      codes: ['unsupported-declaration'],
      want: ['things/v1/types.ts:21:18: namespace N is not read: declare API types at the top level of the file'],
    },
  ],
  [
    'module declaration',
    {
      codes: ['unsupported-declaration'],
      want: ['things/v1/types.ts:21:16: module "x" is not read: declare API types at the top level of the file'],
    },
  ],
  [
    'class export',
    {
      codes: ['unsupported-declaration'],
      want: [
        'things/v1/types.ts:21:14: class Helper cannot be an API type: API types are plain data; declare an interface, or move the class out of the input tree',
      ],
    },
  ],
  [
    'enum export',
    {
      codes: ['unsupported-declaration'],
      want: [
        "things/v1/types.ts:21:13: enum Phase cannot be an API type: use a union of literals, e.g. export type Phase = 'A' | 'B'",
      ],
    },
  ],
  [
    'enum reference',
    {
      codes: ['not-a-type', 'not-a-type'],
      want: [
        "things/v1/types.ts:14:6: Phase is an enum, not an API type: use a union of literals instead (export type Phase = 'A' | 'B')",
        "things/v1/types.ts:22:17: Phase is an enum, not an API type: use a union of literals instead (export type Phase = 'A' | 'B')",
      ],
    },
  ],
  [
    'class reference',
    {
      codes: ['unsupported-declaration', 'not-a-type'],
      want: [
        'things/v1/helper.ts:1:14: class Helper cannot be an API type: API types are plain data; declare an interface, or move the class out of the input tree',
        'things/v1/types.ts:15:6: Helper is a class, not an API type: declare it as an exported interface (API types are plain data)',
      ],
    },
  ],
  [
    'declaration merging',
    {
      codes: ['declaration-merging'],
      want: [
        'things/v1/types.ts:22:18: Twice is declared more than once in this file: merged declarations are not supported; declare it once',
      ],
    },
  ],
  [
    'export rename',
    {
      codes: ['export-rename'],
      want: [
        'things/v1/types.ts:21:11: Inner is exported as Outer: API types are exported under their own name; rename the declaration',
      ],
    },
  ],
  [
    'syntax error',
    {
      codes: ['syntax-error'],
      want: ["things/v1/types.ts:21:37: '}' expected: fix the TypeScript syntax"],
    },
  ],
  [
    'unknown marker',
    {
      codes: ['marker-arg'],
      want: [
        'things/v1/types.ts:7:26: +kubebuilder:resource has no argument shortNme: did you mean shortName? its arguments are path, shortName, categories, singular, scope',
      ],
    },
  ],
  [
    'package marker on a field',
    {
      codes: ['marker-target'],
      want: [
        'things/v1/types.ts:14:7: +groupName is not allowed on a field: it may stand only on the package (in doc.ts); move it there',
      ],
    },
  ],
  [
    'missing +groupName',
    {
      codes: ['missing-group-name'],
      want: [
        'things/v1/doc.ts:1:1: package things/v1 has no +groupName: add `// +groupName=things.example.com` to things/v1/doc.ts',
      ],
    },
  ],
  [
    'malformed +groupName is not also reported missing',
    {
      codes: ['marker-arg'],
      want: [
        "things/v1/doc.ts:1:4: invalid +groupName: \"Bad_Group\" is not a DNS-1123 subdomain (lower-case letters, digits, '-' and '.'), e.g. samplecrd.example.com",
      ],
    },
  ],
  [
    'another bad package marker does not hide a missing +groupName',
    {
      codes: ['missing-group-name', 'marker-arg'],
      want: [
        'things/v1/doc.ts:1:1: package things/v1 has no +groupName: add `// +groupName=things.example.com` to things/v1/doc.ts',
        'things/v1/doc.ts:1:22: invalid argument for +k8s:deepcopy-gen: "pakage" is not one of package, true, false; write it as +k8s:deepcopy-gen=package',
      ],
    },
  ],
  [
    'a rejected deep-copy package marker is not also reported missing',
    {
      codes: ['marker-arg'],
      want: [
        'things/v1/doc.ts:1:22: invalid argument for +k8s:deepcopy-gen: "always" is not one of package, true, false; write it as +k8s:deepcopy-gen=package',
      ],
    },
  ],
  [
    'missing doc.ts',
    {
      codes: ['missing-group-name'],
      want: [
        'things/v1/types.ts:1:1: package things/v1 has no doc.ts: create things/v1/doc.ts with `// +groupName=things.example.com`',
      ],
    },
  ],
  [
    'empty input',
    {
      codes: ['empty-input'],
      want: ['.:1:1: the input directory holds no .ts files: expected <group>/<version>/doc.ts and types.ts; add an API with kubegen create api --group <group> --version=v1 --kind <Kind>, or pass the folder of your API types as --input'],
    },
  ],
  [
    'group name mismatch across versions',
    {
      codes: ['group-name-mismatch'],
      want: [
        'things/v2/doc.ts:2:4: +groupName=other.example.com differs from +groupName=things.example.com of another version in things/ (things/v1/doc.ts): every version of a group folder names the same group',
      ],
    },
  ],
  [
    'group split over two folders',
    {
      codes: ['group-split'],
      want: [
        'things/v1/doc.ts:2:4: group things.example.com is also declared in stuff/: keep all versions of a group in one folder',
      ],
    },
  ],
  [
    'duplicate version via +versionName',
    {
      codes: ['duplicate-version'],
      want: [
        'things/v2/doc.ts:3:4: version v1 of group things.example.com is declared twice (things/v1 and things/v2): rename one folder or fix +versionName',
      ],
    },
  ],
  [
    'groupGoName disagreement',
    {
      codes: ['group-go-name-conflict'],
      want: [
        'things/v2/doc.ts:3:4: +groupGoName=Things differs from +groupGoName=Stuff at things/v1/doc.ts:3:4: give every version of the group the same name',
      ],
    },
  ],
];

describe('parse diagnostics', () => {
  it('covers every case', () => {
    expect(WANT.map(([n]) => n).sort()).toEqual(Object.keys(DIAG_CASES).sort());
  });
  it.each(WANT)('%s', (name, { codes, want }) => {
    const r = load(DIAG_CASES[name]!);
    expect(lines(r)).toEqual(want);
    expect(r.diagnostics.map((d) => d.code)).toEqual(codes);
    expect(r.diagnostics.every((d) => d.severity === 'error')).toBe(true);
    expect(r.model).toBeUndefined();
  });
});
