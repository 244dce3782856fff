/**
 * Every example's generated code is current: regenerating it in memory gives exactly the committed
 * files, and `make generate manifests` in a copy of the example changes no file and adds none (the CI form of
 * "a clean git diff after make generate").
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../src/diagnostics.js';
import { generateFiles } from '../src/pipeline.js';
import { REPO_ROOT } from './util/fixtures.js';

const EXAMPLES = join(REPO_ROOT, 'examples');
const examples = readdirSync(EXAMPLES).filter((d) => existsSync(join(EXAMPLES, d, 'apis')));

describe.each(examples)('example %s', (name) => {
  it('has its generated files up to date', () => {
    const dir = join(EXAMPLES, name);
    const roots = { apis: join(dir, 'apis'), output: join(dir, 'generated'), crd: join(dir, 'config', 'crd', 'bases') };
    const result = generateFiles({ inputDir: roots.apis, outputDir: roots.output, crdOutputDir: roots.crd });
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d))).toEqual([]);
    const stale = result.files
      .filter((f) => {
        const p = join(roots[f.root], f.path);
        return !existsSync(p) || readFileSync(p, 'utf8') !== f.content;
      })
      .map((f) => `${f.root}/${f.path}`);
    expect(stale, 'run: node bin/kubegen.js generate --input apis --output generated --crd-output config/crd/bases (in the example)').toEqual([]);
  });
});

const HAS_MAKE = spawnSync('make', ['--version']).status === 0;
const withMakefile = examples.filter((d) => existsSync(join(EXAMPLES, d, 'Makefile')));

/** Every file below `dir` (relative paths), leaving out build output and dependencies. */
function files(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'dist' || e.name === 'node_modules' || e.name.startsWith('.')) return [];
    const p = join(dir, e.name);
    return e.isDirectory() ? files(p, root) : [relative(root, p)];
  });
}

describe.skipIf(!HAS_MAKE || !existsSync(join(REPO_ROOT, 'dist', 'cli', 'main.js'))).each(withMakefile)('example %s: make generate manifests', (name) => {
  it('changes no file and adds none', () => {
    const src = join(EXAMPLES, name);
    const copy = mkdtempSync(join(tmpdir(), `kubegen-example-${name}-`));
    try {
      cpSync(src, copy, { recursive: true, filter: (p) => !/[/\\](dist|node_modules)$/.test(p) });
      const before = new Map(files(copy).map((f) => [f, readFileSync(join(copy, f), 'utf8')]));
      const r = spawnSync('make', ['generate', 'manifests', `KUBEGEN=${process.execPath} ${join(REPO_ROOT, 'bin', 'kubegen.js')} --quiet`], {
        cwd: copy,
        encoding: 'utf8',
        env: { ...process.env, KUBEGEN_CACHE: 'off' },
      });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const after = files(copy);
      expect(after.sort()).toEqual([...before.keys()].sort());
      expect(after.filter((f) => readFileSync(join(copy, f), 'utf8') !== before.get(f))).toEqual([]);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
