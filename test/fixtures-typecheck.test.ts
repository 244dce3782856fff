/**
 * Every golden fixture's input types and all the TypeScript kubegen generates for them are type-checked
 * together, as a user's project would compile them: strict, exactOptionalPropertyTypes,
 * noUncheckedIndexedAccess (the project's settings), importing `@kubegen/runtime`. Zero errors allowed.
 *
 * A case generated with `importExtension: ''` (extensionless relative imports, for bundlers) is checked
 * with bundler module resolution, the setting such code is meant for; every other case with NodeNext.
 *
 * The files are written to `test/tmp/fixtures-typecheck/<case>/{apis,out}` (inside the repository, so the
 * runtime package resolves through node_modules), laid out as the pipeline writes them.
 */
import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../src/diagnostics.js';
import { generateFiles } from '../src/pipeline.js';
import { REPO_ROOT, goldenCases, goldenConfig, materialize, toPosix } from './util/fixtures.js';
import { STRICT_OPTIONS, typecheckFiles } from './util/typecheck.js';
import ts from 'typescript';

const SCRATCH = join(REPO_ROOT, 'test', 'tmp', 'fixtures-typecheck');
afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

describe.each(goldenCases())('type-check: %s', (name) => {
  it('inputs and generated code compile under strict settings with zero errors', () => {
    const result = generateFiles(goldenConfig(name));
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d))).toEqual([]);
    const generatedTs = result.files.filter((f) => f.path.endsWith('.ts'));
    expect(generatedTs.length).toBeGreaterThan(0);

    const dir = join(SCRATCH, name);
    const paths = materialize(goldenConfig(name).inputDir, result.files, dir);
    const options: ts.CompilerOptions =
      goldenConfig(name).importExtension === ''
        ? { ...STRICT_OPTIONS, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler }
        : STRICT_OPTIONS;
    const errors = typecheckFiles(paths, options);
    // Paths relative to the case folder, so failures read `out/clientset/…: error TS…`.
    expect(
      errors.map((e) =>
        e
          .split(toPosix(dir) + '/')
          .join('')
          .split(toPosix(relative(REPO_ROOT, dir)) + '/')
          .join(''),
      ),
    ).toEqual([]);
  });
});

describe('generator subsets compile on their own', () => {
  it.each([
    ['clientset without applyconfigurations (apply takes DeepPartial)', ['deepcopy', 'register', 'clientset', 'fake']],
    ['listers and informers with the clientset they need', ['clientset', 'listers', 'informers']],
  ])('%s', (_name, generators) => {
    const config = { ...goldenConfig('samplecrd'), generators };
    const result = generateFiles(config);
    expect(result.ok).toBe(true);
    const dir = join(REPO_ROOT, 'test', 'tmp', `subset-${generators.join('-')}`);
    try {
      const paths = materialize(config.inputDir, result.files, dir);
      expect(result.files.some((f) => f.path.includes('applyconfigurations'))).toBe(false);
      expect(typecheckFiles(paths)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
