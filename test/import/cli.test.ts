/** `kubegen import` end to end, in process: files written all or nothing, --force, kept doc.ts, errors. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import type { CliIo } from '../../src/cli/io.js';
import { REAL_CRDS_DIR } from './roundtrip.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kubegen-import-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), cwd: dir, env: {} };
  const code = await runCli(['import', ...args], io);
  return { code, out, err };
}

function tree(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

const FOO = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: foos.example.com
spec:
  group: example.com
  names:
    kind: Foo
    plural: foos
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size:
                type: integer
                format: int32
`;

const BAR = FOO.replace(/Foo/g, 'Bar').replace(/foos/g, 'bars');

describe('kubegen import', () => {
  it('writes doc.ts and <kind>_types.ts under --output-dir, and says what it did', async () => {
    writeFileSync(path.join(dir, 'foo.yaml'), FOO);
    const r = await run('foo.yaml', '--output-dir', 'apis');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(tree(path.join(dir, 'apis'))).toEqual(['example/v1/doc.ts', 'example/v1/foo_types.ts']);
    expect(r.out).toContain('imported Foo (example.com: v1) from foo.yaml:1');
    expect(r.out).toContain('wrote apis/example/v1/foo_types.ts');
    const types = readFileSync(path.join(dir, 'apis/example/v1/foo_types.ts'), 'utf8');
    expect(types).not.toContain('Code generated');
    expect(types).toContain('  size?: int32;');
  });

  it('refuses to overwrite an existing file without --force, writing nothing at all', async () => {
    writeFileSync(path.join(dir, 'foo.yaml'), FOO);
    expect((await run('foo.yaml')).code).toBe(0);
    const file = path.join(dir, 'apis/example/v1/foo_types.ts');
    writeFileSync(file, '// edited by the user\n');
    writeFileSync(path.join(dir, 'bar.yaml'), BAR);
    const r = await run('foo.yaml', 'bar.yaml');
    expect(r.code).toBe(1);
    expect(r.err).toContain('apis/example/v1/foo_types.ts: already exists and is your source now');
    expect(r.err).toContain('--force');
    expect(readFileSync(file, 'utf8')).toBe('// edited by the user\n');
    expect(existsSync(path.join(dir, 'apis/example/v1/bar_types.ts'))).toBe(false);
    const forced = await run('foo.yaml', 'bar.yaml', '--force');
    expect(forced.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('export interface Foo extends TypeMeta');
  });

  it('adds a kind to an existing package, keeping its doc.ts', async () => {
    writeFileSync(path.join(dir, 'foo.yaml'), FOO);
    writeFileSync(path.join(dir, 'bar.yaml'), BAR);
    expect((await run('foo.yaml')).code).toBe(0);
    const doc = path.join(dir, 'apis/example/v1/doc.ts');
    writeFileSync(doc, readFileSync(doc, 'utf8').replace('Package v1', 'Package v1 (mine)'));
    const r = await run('bar.yaml');
    expect(r.code).toBe(0);
    expect(r.out).toContain('kept  apis/example/v1/doc.ts (same group)');
    expect(readFileSync(doc, 'utf8')).toContain('Package v1 (mine)');
    expect(tree(path.join(dir, 'apis'))).toEqual(['example/v1/bar_types.ts', 'example/v1/doc.ts', 'example/v1/foo_types.ts']);
  });

  it('imports a folder of CRDs, skipping YAML files that hold none', async () => {
    mkdirSync(path.join(dir, 'crds'));
    writeFileSync(path.join(dir, 'crds/foo.yaml'), FOO);
    writeFileSync(path.join(dir, 'crds/kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [foo.yaml]\n');
    const r = await run('crds', '-o', 'out');
    expect(r.code).toBe(0);
    expect(r.err).toContain('crds/kustomization.yaml:2:1: warning: document 1 is a Kustomization, not a CustomResourceDefinition: skipped');
    expect(tree(path.join(dir, 'out'))).toEqual(['example/v1/doc.ts', 'example/v1/foo_types.ts']);
  });

  it('reports bad input as file:line:col, exits 1 and writes nothing', async () => {
    writeFileSync(path.join(dir, 'foo.yaml'), FOO);
    writeFileSync(path.join(dir, 'bad.yaml'), BAR.replace('format: int32', 'format: int32\n                allOf: [{minimum: 1}]'));
    const r = await run('foo.yaml', 'bad.yaml');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^bad\.yaml:25:17: allOf cannot be imported: /m);
    expect(r.err).toContain('no file was written');
    expect(tree(path.join(dir, 'apis'))).toEqual([]);
  });

  it('a missing input is a usage error', async () => {
    const r = await run('nope.yaml');
    expect(r.code).toBe(2);
    expect(r.err).toContain('nope.yaml: no such file or directory');
  });

  it.skipIf(!existsSync(REAL_CRDS_DIR))('imports every real CRD folder in one run (groups get distinct folders)', async () => {
    const r = await run(path.join(REAL_CRDS_DIR, 'cert-manager'), path.join(REAL_CRDS_DIR, 'prometheus-operator'), '-o', 'apis');
    expect(r.code).toBe(0);
    const dirs = [...new Set(tree(path.join(dir, 'apis')).map((f) => f.split('/').slice(0, 2).join('/')))];
    expect(dirs).toEqual(['acme/v1', 'cert-manager/v1', 'monitoring/v1', 'monitoring/v1alpha1']);
  });
});

describe('collectInputs', () => {
  it('reads - from standard input, files as given and folders recursively, sorted', async () => {
    const { collectInputs } = await import('../../src/cli/commands/import.js');
    mkdirSync(path.join(dir, 'crds/sub'), { recursive: true });
    writeFileSync(path.join(dir, 'crds/b.yml'), 'b');
    writeFileSync(path.join(dir, 'crds/a.yaml'), 'a');
    writeFileSync(path.join(dir, 'crds/sub/c.yaml'), 'c');
    writeFileSync(path.join(dir, 'crds/notes.txt'), 'x');
    writeFileSync(path.join(dir, 'one.yaml'), 'one');
    const got = collectInputs(['-', 'one.yaml', 'crds'], dir, () => 'from stdin');
    expect(got).toEqual([
      { path: '<stdin>', text: 'from stdin' },
      { path: 'one.yaml', text: 'one' },
      { path: 'crds/a.yaml', text: 'a', scanned: true },
      { path: 'crds/b.yml', text: 'b', scanned: true },
      { path: 'crds/sub/c.yaml', text: 'c', scanned: true },
    ]);
  });
});
