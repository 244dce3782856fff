import { describe, expect, it } from 'vitest';
import type { TypeExpr } from '../../src/model/types.js';
import { DOC, RUNTIME_IMPORT, findField, model } from './helpers.js';

const v1 = (types: string, extra: Record<string, string> = {}): Record<string, string> => ({
  'things/v1/doc.ts': DOC(),
  'things/v1/types.ts': types,
  ...extra,
});
const ref = (pkg: string, name: string): TypeExpr => ({ kind: 'ref', target: { pkg, name } });
/** The shared package's doc.ts: deep-copied like the versions that use it. */
const COMMON_DOC = { 'common/doc.ts': '// +k8s:deepcopy-gen=package\n' };

describe('type references', () => {
  const cases: [string, { files: Record<string, string>; want: TypeExpr }][] = [
    [
      'same file',
      {
        files: v1('export interface Foo { x: Bar }\nexport interface Bar { a: string }'),
        want: ref('things/v1', 'Bar'),
      },
    ],
    [
      'another file of the package (.js extension)',
      {
        files: v1("import type { Bar } from './bar.js';\nexport interface Foo { x: Bar }", {
          'things/v1/bar.ts': 'export interface Bar { a: string }',
        }),
        want: ref('things/v1', 'Bar'),
      },
    ],
    [
      'another version without extension',
      {
        files: v1("import type { Bar } from '../v2/types';\nexport interface Foo { x: Bar }", {
          'things/v2/doc.ts': DOC(),
          'things/v2/types.ts': 'export interface Bar { a: string }',
        }),
        want: ref('things/v2', 'Bar'),
      },
    ],
    [
      'a .ts extension',
      {
        files: v1("import type { Bar } from './bar.ts';\nexport interface Foo { x: Bar }", {
          'things/v1/bar.ts': 'export interface Bar { a: string }',
        }),
        want: ref('things/v1', 'Bar'),
      },
    ],
    [
      'a shared package through its index.ts barrel (export *)',
      {
        files: v1("import type { Bar } from '../../common';\nexport interface Foo { x: Bar }", {
          ...COMMON_DOC,
          'common/index.ts': "export * from './bar.js';",
          'common/bar.ts': 'export interface Bar { a: string }',
        }),
        want: ref('common', 'Bar'),
      },
    ],
    [
      'a renamed re-export',
      {
        files: v1("import type { Baz } from '../../common/index.js';\nexport interface Foo { x: Baz }", {
          ...COMMON_DOC,
          'common/index.ts': "export type { Bar as Baz } from './bar.js';",
          'common/bar.ts': 'export interface Bar { a: string }',
        }),
        want: ref('common', 'Bar'),
      },
    ],
    [
      'an import alias',
      {
        files: v1("import type { Bar as Other } from '../../common/bar.js';\nexport interface Foo { x: Other }", {
          ...COMMON_DOC,
          'common/bar.ts': 'export interface Bar { a: string }',
        }),
        want: ref('common', 'Bar'),
      },
    ],
    [
      'a namespace import',
      {
        files: v1("import type * as common from '../../common/bar.js';\nexport interface Foo { x: common.Bar }", {
          ...COMMON_DOC,
          'common/bar.ts': 'export interface Bar { a: string }',
        }),
        want: ref('common', 'Bar'),
      },
    ],
    [
      'a declaration exported by a separate export list',
      {
        files: v1('interface Bar { a: string }\nexport { Bar };\nexport interface Foo { x: Bar }'),
        want: ref('things/v1', 'Bar'),
      },
    ],
    [
      'a well-known type re-exported by a shared module',
      {
        files: v1("import type { Time } from '../../common/meta.js';\nexport interface Foo { x: Time }", {
          'common/meta.ts': "export type { Time } from '@kubegen/runtime';",
        }),
        want: { kind: 'well-known', name: 'Time' },
      },
    ],
    [
      'a runtime subpath',
      {
        files: v1("import type { Quantity } from '@kubegen/runtime/meta';\nexport interface Foo { x: Quantity }"),
        want: { kind: 'well-known', name: 'Quantity' },
      },
    ],
    [
      'a renamed runtime number alias',
      {
        files: v1("import type { int32 as Int } from '@kubegen/runtime';\nexport interface Foo { x: Int }"),
        want: { kind: 'primitive', type: 'integer', format: 'int32' },
      },
    ],
    [
      'a type beside a companion const of the same name',
      {
        files: v1(
          "export const Phase = { A: 'A', B: 'B' } as const;\nexport type Phase = 'A' | 'B';\nexport interface Foo { x: Phase }",
        ),
        want: ref('things/v1', 'Phase'),
      },
    ],
    [
      'a local declaration shadows a global name',
      {
        files: v1('export interface Foo { x: Record }\nexport interface Record { a: string }'),
        want: ref('things/v1', 'Record'),
      },
    ],
  ];
  it.each(cases)('%s', (_name, { files, want }) => {
    const m = model(files);
    expect(findField(m, 'things/v1', 'Foo', 'x').type).toEqual(want);
  });

  it('the runtime import given as an option is understood', () => {
    const m = model(v1("import type { Time } from '../../runtime/index.js';\nexport interface Foo { x: Time }"), {
      runtimeImport: '../../runtime/index.js',
    });
    expect(findField(m, 'things/v1', 'Foo', 'x').type).toEqual({ kind: 'well-known', name: 'Time' });
  });

  it('a type reused across versions is referenced, not copied', () => {
    const m = model({
      'things/v1/doc.ts': DOC(),
      'things/v1/types.ts': `${RUNTIME_IMPORT}\nexport interface Shared { a: int32 }`,
      'things/v2/doc.ts': DOC(),
      'things/v2/types.ts': "import type { Shared } from '../v1/types.js';\nexport interface Foo { x: Shared[] }",
    });
    expect(findField(m, 'things/v2', 'Foo', 'x').type).toEqual({ kind: 'array', items: ref('things/v1', 'Shared') });
    expect(m.groups[0]!.versions.map((v) => v.types.map((t) => t.name))).toEqual([['Foo'], ['Shared']]);
  });
});
