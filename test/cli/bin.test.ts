/**
 * The real executable: bin/kubegen.js over a compiled copy of src/ (transpiled per file into a temp
 * folder — fast, and independent of the shared dist/), spawned as users run it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = path.join(import.meta.dirname, '../..');
let pkgDir: string;

function transpileTree(from: string, to: string): void {
  for (const e of readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    if (e.isDirectory()) {
      transpileTree(src, path.join(to, e.name));
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) {
      const out = ts.transpileModule(readFileSync(src, 'utf8'), {
        fileName: src,
        compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      });
      mkdirSync(to, { recursive: true });
      writeFileSync(path.join(to, e.name.replace(/\.ts$/, '.js')), out.outputText);
    }
  }
}

function kubegen(args: string[], opts: { cwd?: string; guardTsMorph?: boolean; env?: Record<string, string> } = {}): { code: number | null; out: string; err: string } {
  const node = opts.guardTsMorph ? ['--import', path.join(pkgDir, 'guard.mjs')] : [];
  const r = spawnSync(process.execPath, [...node, path.join(pkgDir, 'bin/kubegen.js'), ...args], {
    cwd: opts.cwd ?? pkgDir,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, ...opts.env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  pkgDir = mkdtempSync(path.join(tmpdir(), 'kubegen-bin-'));
  transpileTree(path.join(REPO, 'src'), path.join(pkgDir, 'dist'));
  cpSync(path.join(REPO, 'bin'), path.join(pkgDir, 'bin'), { recursive: true });
  cpSync(path.join(REPO, 'package.json'), path.join(pkgDir, 'package.json'));
  cpSync(path.join(REPO, 'templates'), path.join(pkgDir, 'templates'), { recursive: true });
  symlinkSync(path.join(REPO, 'node_modules'), path.join(pkgDir, 'node_modules'));
  // Fails any run that resolves ts-morph, imported or required (src/parse/tsm.ts requires it): proves the
  // light commands never load it. Node >= 22.15 has synchronous hooks for both (module.registerHooks;
  // module.register is deprecated from Node 26); older Nodes get an ESM loader hook and a patched
  // CommonJS resolver.
  const guard = [
    `import module, { createRequire } from 'node:module';`,
    `const refuse = (s) => { if (s === 'ts-morph' || s.startsWith('ts-morph/')) throw new Error('ts-morph was loaded'); };`,
    `if (typeof module.registerHooks === 'function') {`,
    `  module.registerHooks({ resolve(s, c, next) { refuse(s); return next(s, c); } });`,
    `} else {`,
    `  const Module = createRequire(import.meta.url)('node:module');`,
    `  const resolveFilename = Module._resolveFilename;`,
    `  Module._resolveFilename = function (s, ...rest) { refuse(s); return resolveFilename.call(this, s, ...rest); };`,
    `  const hook = 'export async function resolve(s, c, next) { if (s === "ts-morph" || s.startsWith("ts-morph/")) throw new Error("ts-morph was loaded"); return next(s, c); }';`,
    `  module.register('data:text/javascript,' + encodeURIComponent(hook));`,
    `}`,
  ].join('\n');
  writeFileSync(path.join(pkgDir, 'guard.mjs'), `${guard}\n`);
}, 60_000);
afterAll(() => rmSync(pkgDir, { recursive: true, force: true }));

describe('bin/kubegen.js', () => {
  it('--help and --version work without loading ts-morph', () => {
    const help = kubegen(['--help'], { guardTsMorph: true });
    expect(help.err).toBe('');
    expect(help.code).toBe(0);
    expect(help.out).toContain('Usage: kubegen [options] [command]');
    const version = kubegen(['--version'], { guardTsMorph: true });
    expect(version).toEqual({ code: 0, out: `${(JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version}\n`, err: '' });
  });

  it('generate --help lists the real generators without loading ts-morph', () => {
    const r = kubegen(['generate', '--help'], { guardTsMorph: true });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Generators \(\* = run when none is named; "all" = every one\):\n(  \S+\*?\s+\S.*\n)+/);
    expect(r.out).toMatch(/^  crd\*?\s/m);
  });

  it('markers does not load ts-morph', () => {
    const r = kubegen(['markers'], { guardTsMorph: true });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('+genclient');
  });

  it('the guard does catch ts-morph (model needs the parser)', () => {
    const r = kubegen(['model', '--input', path.join(REPO, 'fixtures/samplecrd/apis')], { guardTsMorph: true });
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('ts-morph was loaded');
  });

  it('verify with a warm generation cache does not load ts-morph, and still finds a stale file', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'kubegen-bin-cache-'));
    try {
      cpSync(path.join(REPO, 'fixtures/samplecrd/apis'), path.join(work, 'apis'), { recursive: true });
      const args = ['-i', 'apis', '-o', 'out', '--crd-output', 'crd'];
      const env = { KUBEGEN_CACHE_DIR: path.join(work, 'cache') };
      expect(kubegen(['generate', ...args], { cwd: work, env }).code).toBe(0);
      const clean = kubegen(['verify', ...args], { cwd: work, env, guardTsMorph: true });
      expect(clean.err).toBe('');
      expect(clean.code).toBe(0);
      const crd = path.join(work, 'crd', 'samplecrd.k8s.io_networks.yaml');
      writeFileSync(crd, readFileSync(crd, 'utf8').replace('type: object', 'type: string'));
      const stale = kubegen(['verify', ...args], { cwd: work, env, guardTsMorph: true });
      expect(stale.code).toBe(1);
      expect(stale.out).toContain('--- a/crd/samplecrd.k8s.io_networks.yaml');
      // Without the cache the parser is needed, and the guard catches it.
      expect(kubegen(['verify', '--no-cache', ...args], { cwd: work, env, guardTsMorph: true }).err).toContain('ts-morph was loaded');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('model reads a real tree', () => {
    const r = kubegen(['model', '--input', path.join(REPO, 'fixtures/samplecrd/apis'), '--json']);
    expect(r.code).toBe(0);
    const model = JSON.parse(r.out) as { groups: { name: string }[] };
    expect(model.groups.map((g) => g.name)).toEqual(['samplecrd.k8s.io']);
  });

  it('a closed pipe ends the run quietly', () => {
    const bin = path.join(pkgDir, 'bin/kubegen.js');
    // `true` exits at once, so kubegen's first write meets a closed pipe (EPIPE).
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" markers --json | true`], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('usage errors exit 2', () => {
    const r = kubegen(['generate', '--no-such-flag']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown option '--no-such-flag'");
  });

  it('a Ctrl-C during a commit waits until every file is in place, then ends the process', () => {
    const script = `
      import { FsSink } from './dist/output/fs-sink.js';
      const H = '// Code generated by kubegen. DO NOT EDIT.\\n';
      const files = Array.from({ length: 5 }, (_, i) => ({ generator: 'g', root: 'output', path: 'f' + i + '.ts', content: H }));
      const sink = new FsSink({ beforeCommitFile: (_f, i) => { if (i === 1) process.kill(process.pid, 'SIGINT'); } });
      const r = await sink.write(files, { roots: { apis: '', output: process.argv[2], crd: '' }, generators: [] });
      await new Promise((res) => setTimeout(res, 200));
      console.log('not reached', r.ok);
    `;
    writeFileSync(path.join(pkgDir, 'sigint.mjs'), script);
    const out = path.join(pkgDir, 'sig-out');
    const r = spawnSync(process.execPath, [path.join(pkgDir, 'sigint.mjs'), out], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stderr).toBe('');
    expect(r.signal).toBe('SIGINT');
    expect(r.stdout).toBe('');
    expect(readdirSync(out).sort()).toEqual(['f0.ts', 'f1.ts', 'f2.ts', 'f3.ts', 'f4.ts']);
  });

  it('a source checkout without dist/ gets a clear message', () => {
    const bare = mkdtempSync(path.join(tmpdir(), 'kubegen-nodist-'));
    try {
      cpSync(path.join(REPO, 'bin'), path.join(bare, 'bin'), { recursive: true });
      const r = spawnSync(process.execPath, [path.join(bare, 'bin/kubegen.js'), '--help'], { encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('run `npm run build` first');
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
