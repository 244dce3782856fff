import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CRD_OUTPUT, resolveGenerateConfig, type GenerateFlags } from '../../src/cli/commands/generate.js';
import type { CliContext } from '../../src/cli/io.js';
import { boilerplateYear } from '../../src/cli/options.js';
import { parsePluralExceptions, UsageError, validateConfig } from '../../src/config.js';
import type { PipelineConfig } from '../../src/pipeline.js';

let tmp: string;
let ctx: CliContext;
beforeEach(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'kubegen-opts-'));
  mkdirSync(path.join(tmp, 'apis'));
  mkdirSync(path.join(tmp, 'other'));
  writeFileSync(path.join(tmp, 'bp.txt'), '// (c) YEAR\n');
  ctx = { io: { stdout: () => {}, stderr: () => {}, cwd: tmp, env: { SOURCE_DATE_EPOCH: '0' } }, deps: {}, exitCode: 0 };
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe('resolveGenerateConfig', () => {
  const FILE = {
    input: 'apis',
    output: 'gen',
    crdOutput: 'manifests',
    generators: ['crd'],
    pluralExceptions: { Chassis: 'Chassis' },
    runtimeImport: '@acme/runtime',
    maxDescLen: 40,
    importExtension: '',
    boilerplate: 'bp.txt',
  };
  it.each<[string, { config?: object; names?: string[]; flags: GenerateFlags; want: PipelineConfig }]>([
    ['defaults', { flags: { input: 'apis' }, want: { inputDir: 'apis', outputDir: '', crdOutputDir: DEFAULT_CRD_OUTPUT } }],
    [
      'every flag',
      {
        names: ['clientset', 'listers'],
        flags: { input: 'apis', output: 'o', crdOutput: 'c', pluralExceptions: 'Foo:Fooz', runtimeImport: 'rt', maxDescLen: 0, importExtension: 'none', boilerplate: 'bp.txt' },
        want: {
          inputDir: 'apis',
          outputDir: 'o',
          crdOutputDir: 'c',
          generators: ['clientset', 'listers'],
          pluralExceptions: { Foo: 'Fooz' },
          runtimeImport: 'rt',
          maxDescLen: 0,
          importExtension: '',
          boilerplate: '// (c) 1970\n',
        },
      },
    ],
    [
      'config file only',
      {
        config: FILE,
        flags: {},
        want: {
          inputDir: 'apis',
          outputDir: 'gen',
          crdOutputDir: 'manifests',
          generators: ['crd'],
          pluralExceptions: { Chassis: 'Chassis' },
          runtimeImport: '@acme/runtime',
          maxDescLen: 40,
          importExtension: '',
          boilerplate: '// (c) 1970\n',
        },
      },
    ],
    [
      'flags and names override the file',
      {
        config: FILE,
        names: ['listers'],
        flags: { input: 'other', output: 'o2', pluralExceptions: 'A:Bs', runtimeImport: 'r2', maxDescLen: 1, importExtension: '.js' },
        want: {
          inputDir: 'other',
          outputDir: 'o2',
          crdOutputDir: 'manifests',
          generators: ['listers'],
          pluralExceptions: { A: 'Bs' },
          runtimeImport: 'r2',
          maxDescLen: 1,
          importExtension: '.js',
          boilerplate: '// (c) 1970\n',
        },
      },
    ],
  ])('%s', (_name, { config, names, flags, want }) => {
    if (config) writeFileSync(path.join(tmp, 'kubegen.config.json'), JSON.stringify(config));
    expect(resolveGenerateConfig(names ?? [], flags, ctx)).toEqual(want);
  });
});

describe('parsePluralExceptions', () => {
  it.each([
    ['one', { given: 'Endpoints:Endpoints', want: { Endpoints: 'Endpoints' } }],
    ['several with spaces', { given: ' Chassis:Chassis , Foo:Fooz,', want: { Chassis: 'Chassis', Foo: 'Fooz' } }],
    ['empty', { given: '', want: {} }],
  ])('%s', (_n, { given, want }) => {
    expect(parsePluralExceptions(given)).toEqual(want);
  });

  it.each([
    ['no colon', 'Foo', '"Foo" is not Kind:plural'],
    ['two colons', 'A:B:C', '"A:B:C" is not Kind:plural'],
    ['bad kind', 'foo-bar:x', 'kind "foo-bar" must be an identifier'],
    ['conflict', 'A:As,A:Aes', 'A is given two plurals, As and Aes'],
  ])('rejects %s', (_n, given, want) => {
    expect(() => parsePluralExceptions(given)).toThrow(UsageError);
    expect(() => parsePluralExceptions(given)).toThrow(want);
  });
});

describe('validateConfig', () => {
  it.each([
    ['pluralExceptions as a string', { given: { pluralExceptions: 'A:As' }, want: { pluralExceptions: { A: 'As' } } }],
    ['$schema is allowed', { given: { $schema: 'x', input: 'a' }, want: { input: 'a' } }],
  ])('%s', (_n, { given, want }) => {
    expect(validateConfig(given, 'k.json')).toEqual(want);
  });

  it.each([
    ['generators not a list', { generators: 'crd' }, '"generators" must be a list of generator names, got "crd"'],
    ['importExtension', { importExtension: '.ts' }, '"importExtension" must be ".js" or "", got ".ts"'],
    ['empty input', { input: '' }, '"input" must be a directory path, got ""'],
    ['plural map value', { pluralExceptions: { A: 1 } }, '"pluralExceptions" must be an object'],
  ])('rejects %s', (_n, given, want) => {
    expect(() => validateConfig(given, 'k.json')).toThrow(`k.json: ${want}`);
  });
});

describe('boilerplateYear', () => {
  it.each([
    ['SOURCE_DATE_EPOCH', { env: { SOURCE_DATE_EPOCH: '1700000000' }, want: 2023 }],
    ['now', { env: {}, want: 2031 }],
    ['ignores garbage', { env: { SOURCE_DATE_EPOCH: 'soon' }, want: 2031 }],
  ])('%s', (_n, { env, want }) => {
    expect(boilerplateYear(env, new Date('2031-06-01T00:00:00Z'))).toBe(want);
  });
});
