/**
 * Golden tests: every `fixtures/<case>/apis` tree (except `fixtures/bad`) is run through the whole
 * pipeline in memory, with every generator (`all`), and compared with `fixtures/<case>/expected/`:
 *
 *   expected/apis/…    files of the `apis` root (zz_generated.* beside the types)
 *   expected/output/…  files of the `output` root (clientset, listers, informers, …)
 *   expected/crd/…     files of the `crd` root (CRD manifests)
 *   expected/diagnostics.txt  warnings the run prints, one `file:line:col: warning: …` per line (absent: none)
 *
 * The set of paths must match (missing and extra files are listed), and each file byte for byte; CRD
 * YAML is also parsed and diffed structurally first, so a failure names the schema paths that differ.
 * `UPDATE_GOLDEN=1` (or `npm run test:update`) rewrites `expected/` from the current output; read the
 * diff before committing it.
 *
 * Generated TypeScript must already be formatted: Prettier (the project's style, 120 columns, single
 * quotes) leaves every file unchanged, so no formatter runs on kubegen's hot path.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, sortDiagnostics } from '../src/diagnostics.js';
import type { GeneratedFile } from '../src/generators/types.js';
import { generateFiles } from '../src/pipeline.js';
import {
  FIXTURES_DIR,
  REPO_ROOT,
  UPDATE_GOLDEN,
  describePathSetDiff,
  diffPathSets,
  firstDifference,
  goldenCases,
  goldenConfig,
  parseYamlDocs,
  readIfExists,
  readTree,
  structuralDiff,
  writeTree,
} from './util/fixtures.js';

const ROOTS = ['apis', 'output', 'crd'] as const;

/** The project's Prettier style; generated TypeScript must be a fixed point of it. */
const PRETTIER: prettier.Options = { parser: 'typescript', printWidth: 120, singleQuote: true };

function keyOf(f: GeneratedFile): string {
  return `${f.root}/${f.path}`;
}

function filesByKey(files: readonly GeneratedFile[]): Map<string, string> {
  return new Map(files.map((f) => [keyOf(f), f.content] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function readExpected(name: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const root of ROOTS) {
    for (const [p, content] of readTree(join(FIXTURES_DIR, name, 'expected', root))) out.set(`${root}/${p}`, content);
  }
  return out;
}

const cases = goldenCases();

describe('golden fixtures', () => {
  it('has the fixtures the foundation and CRD issues ask for', () => {
    expect(cases).toEqual(expect.arrayContaining(['markers', 'multi-group', 'sample-controller', 'samplecrd']));
  });
});

describe.each(cases)('golden: %s', (name) => {
  const config = goldenConfig(name);
  const result = generateFiles(config);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  const warnings = sortDiagnostics(result.diagnostics.filter((d) => d.severity === 'warning'));
  const actual = filesByKey(result.files);
  const warningText = warnings.map((d) => formatDiagnostic(d)).join('\n');

  if (UPDATE_GOLDEN && errors.length === 0) {
    const dir = join(FIXTURES_DIR, name, 'expected');
    writeTree(
      dir,
      new Map([...actual, ...(warningText === '' ? [] : [['diagnostics.txt', `${warningText}\n`] as const])]),
    );
  }
  const expected = readExpected(name);

  it('generates without errors', () => {
    expect(errors.map((d) => formatDiagnostic(d))).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.files.length).toBeGreaterThan(0);
  });

  it('prints exactly the expected warnings', () => {
    const want = (readIfExists(join(FIXTURES_DIR, name, 'expected', 'diagnostics.txt')) ?? '').trimEnd();
    expect(warningText).toBe(want);
  });

  it('keeps nothing in expected/ but the three roots and diagnostics.txt', () => {
    const entries = readdirSync(join(FIXTURES_DIR, name, 'expected')).sort();
    expect(entries.filter((e) => !(ROOTS as readonly string[]).includes(e) && e !== 'diagnostics.txt')).toEqual([]);
  });

  it('generates exactly the expected set of files', () => {
    expect(expected.size, `no expected files: run UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts`).toBeGreaterThan(
      0,
    );
    const d = diffPathSets(expected.keys(), actual.keys());
    expect(describePathSetDiff(d)).toBe('');
  });

  it('emits no file twice and only files under the three roots', () => {
    const keys = result.files.map(keyOf);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    for (const f of result.files) {
      expect(ROOTS).toContain(f.root);
      expect(f.path).not.toMatch(/(^|\/)\.\.(\/|$)|^\/|\\/);
    }
  });

  const shared = [...expected.keys()].filter((k) => actual.has(k));
  it.each(shared.length > 0 ? shared : ['(none)'])('%s matches byte for byte', (key) => {
    if (key === '(none)') {
      expect(expected.size, 'nothing to compare: expected/ is empty').toBeGreaterThan(0);
      return;
    }
    const want = expected.get(key)!;
    const got = actual.get(key)!;
    if (key.endsWith('.yaml') || key.endsWith('.yml')) {
      // Readable failure first: which schema paths differ.
      expect(structuralDiff(parseYamlDocs(want), parseYamlDocs(got)).join('\n')).toBe('');
    }
    expect(firstDifference(want, got)).toBe('');
    expect(got).toBe(want);
  });

  it('is deterministic: a second run produces identical bytes', () => {
    const again = filesByKey(generateFiles(config).files);
    expect([...again.keys()]).toEqual([...actual.keys()]);
    const differing = [...actual.keys()].filter((k) => again.get(k) !== actual.get(k));
    expect(differing).toEqual([]);
  });

  it('does not depend on how the paths are given: relative paths give the same bytes, no absolute path leaks', () => {
    expect(process.cwd()).toBe(REPO_ROOT);
    const rel = (p: string): string => relative(REPO_ROOT, p);
    const again = filesByKey(
      generateFiles({
        ...config,
        inputDir: rel(config.inputDir),
        outputDir: rel(config.outputDir),
        crdOutputDir: rel(config.crdOutputDir),
      }).files,
    );
    expect([...again.keys()]).toEqual([...actual.keys()]);
    expect([...actual.keys()].filter((k) => again.get(k) !== actual.get(k))).toEqual([]);
    expect([...actual.entries()].filter(([, c]) => c.includes(REPO_ROOT)).map(([k]) => k)).toEqual([]);
  });

  it('emits TypeScript that Prettier leaves unchanged', async () => {
    const unformatted: string[] = [];
    for (const f of result.files.filter((x) => x.path.endsWith('.ts'))) {
      if ((await prettier.format(f.content, PRETTIER)) !== f.content) unformatted.push(keyOf(f));
    }
    expect(unformatted).toEqual([]);
  });

  it('starts every TypeScript file with the boilerplate, then the generated header; ends every file with a newline', () => {
    const boilerplate = config.boilerplate === undefined ? '' : `${config.boilerplate.trimEnd()}\n`;
    for (const f of result.files) {
      expect(f.content.endsWith('\n'), keyOf(f)).toBe(true);
      if (f.path.endsWith('.ts')) {
        expect(f.content.startsWith(boilerplate), keyOf(f)).toBe(true);
        const rest = f.content.slice(boilerplate.length).replace(/^\n/, '');
        expect(rest.startsWith('// Code generated by kubegen. DO NOT EDIT.\n'), keyOf(f)).toBe(true);
      }
    }
  });
});
