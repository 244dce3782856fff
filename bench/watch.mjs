// `kubegen generate --watch` and `kubegen verify` on the 100-kind synthetic tree (issue 6 targets:
// watch ≤ 300 ms from the save to the last file written; verify with nothing stale ≤ 0.5 s wall).
// Runs the built CLI (`npm run build` first).
//
//   node bench/watch.mjs [--runs N] [--groups G] [--node-compile-cache]   (G groups × 10 kinds; default 10 → 100)
//
// watch: one `kubegen generate --watch` process; each run saves types.ts of one package with one field
// added (or removed again), and measures from just before the write to the moment the process prints its
// summary line, which it does after the last file is written (so the figure includes the debounce, the
// file-system event, parse, generation, the write and the pipe). The process's own figure (parse to
// last write) is reported beside it.
// verify: a new process each run (what CI pays): cold, with the generation cache off (`--no-cache`, also
// what a fresh CI checkout pays on its first run), and warm, with the cache filled by `generate`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { writeSyntheticTree } from './synth.js';
import { flag, median } from './common.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'kubegen.js');

const RUNS = Number(flag('--runs', '7'));
const GROUPS = Number(flag('--groups', '10'));

const ms = (x) => `${Math.round(x)} ms`;

const dir = mkdtempSync(join(tmpdir(), 'kubegen-bench-watch-'));
writeSyntheticTree(dir, GROUPS);
// A project home for the generation cache (node_modules/.cache/kubegen), as in any npm project.
writeFileSync(join(dir, 'package.json'), '{ "name": "bench", "private": true }\n');
mkdirSync(join(dir, 'node_modules'));
const ROOTS = ['-i', 'apis', '-o', 'out', '--crd-output', 'crd'];
// Node >= 22.1 has a compile cache (bin/kubegen.js turns it on); off unless --node-compile-cache, so runs on
// different Node versions compare like with like.
const NODE_COMPILE_CACHE = process.argv.includes('--node-compile-cache');
const env = NODE_COMPILE_CACHE ? { ...process.env } : { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' };

try {
  const first = spawnSync(process.execPath, [BIN, 'generate', ...ROOTS, '--no-cache'], { cwd: dir, env, encoding: 'utf8' });
  if (first.status !== 0) throw new Error(`generate failed:\n${first.stderr}`);
  const files = first.stdout.match(/(\d+) files? \(/g).reduce((n, m) => n + Number(m.match(/\d+/)[0]), 0);
  console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.split(' ').slice(0, 2).join(' ')}, ${Math.round(totalmem() / 2 ** 30)} GiB; ${GROUPS * 10} kinds, ${files} generated files; median of ${RUNS}; Node compile cache ${NODE_COMPILE_CACHE ? 'on' : 'off'}\n`);

  // verify, cold and warm, alternated so both see the same machine state.
  const timeVerify = (extra) => {
    const t = performance.now();
    const r = spawnSync(process.execPath, [BIN, 'verify', ...ROOTS, ...extra], { cwd: dir, env, encoding: 'utf8' });
    const took = performance.now() - t;
    if (r.status !== 0) throw new Error(`verify failed (${r.status}):\n${r.stderr}`);
    return took;
  };
  spawnSync(process.execPath, [BIN, 'generate', ...ROOTS], { cwd: dir, env }); // fills the cache
  const cold = [];
  const warm = [];
  for (let i = 0; i < RUNS; i++) {
    cold.push(timeVerify(['--no-cache']));
    warm.push(timeVerify([]));
  }
  // A reinstall (`npm ci` in CI, with KUBEGEN_CACHE_DIR kept): every installed file of kubegen gets new times;
  // the build is identified by content, so the cache stays warm.
  const afterReinstall = [];
  for (let i = 0; i < RUNS; i++) {
    const now = new Date();
    const touch = (d) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) touch(p);
        else utimesSync(p, now, now);
      }
    };
    touch(join(ROOT, 'dist'));
    touch(join(ROOT, 'templates'));
    afterReinstall.push(timeVerify([]));
  }
  const nodeStart = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    nodeStart.push(performance.now() - t);
  }
  console.log('verify, nothing stale (new process per run)');
  console.log(`  cold (--no-cache: parse + generate + compare)  ${ms(median(cold))}   (runs: ${cold.map(ms).join(', ')})`);
  console.log(`  warm (generation cache hit + compare)         ${ms(median(warm))}   (runs: ${warm.map(ms).join(', ')})`);
  console.log(`  warm after a reinstall (files touched)        ${ms(median(afterReinstall))}   (runs: ${afterReinstall.map(ms).join(', ')})`);
  console.log(`  bare \`node -e 0\` for scale                    ${ms(median(nodeStart))}`);
  console.log(`  ratio cold / warm                             ×${(median(cold) / median(warm)).toFixed(1)}\n`);

  // watch
  const child = spawn(process.execPath, [BIN, 'generate', '--watch', ...ROOTS], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let buf = '';
  let waiter;
  const lines = [];
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    buf += chunk;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      lines.push(line);
      if (waiter && waiter.test(line)) {
        const w = waiter;
        waiter = undefined;
        w.resolve({ line, at: performance.now() });
      }
    }
  });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  const waitLine = (test) =>
    new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timed out waiting; stdout:\n${lines.join('\n')}\nstderr:\n${stderr}`)), 30_000);
      waiter = { test, resolve: (v) => (clearTimeout(t), resolve(v)) };
    });
  await waitLine((l) => l.includes('watching'));

  const target = join(dir, 'apis', `bench${Math.min(3, GROUPS - 1)}`, 'v1', 'types.ts');
  const original = readFileSync(target, 'utf8');
  const anchor = original.match(/export interface \w+Spec \{\n/)[0];
  const edited = original.replace(anchor, `${anchor}  /** Tier of the object, added by the benchmark. */\n  tier?: string;\n`);
  const total = [];
  const inProcess = [];
  // One warm-up edit (JIT), then the measured ones; every edit changes the output.
  for (let i = 0; i <= RUNS; i++) {
    const next = i % 2 === 0 ? edited : original;
    await new Promise((r) => setTimeout(r, 150)); // let the previous burst of events settle
    const done = waitLine((l) => l.includes('changed:'));
    const t = performance.now();
    writeFileSync(target, next);
    const { line, at } = await done;
    if (!/ [1-9]\d* written/.test(line)) throw new Error(`expected files to be written: ${line}`);
    if (i === 0) continue;
    total.push(at - t);
    inProcess.push(Number(line.match(/\((\d+) ms\)/)[1]));
  }
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  console.log('generate --watch, one field added to / removed from one types.ts');
  console.log(`  save → summary line (after the last write)    ${ms(median(total))}   (runs: ${total.map(ms).join(', ')})`);
  console.log(`  of which regeneration (parse → last write)     ${ms(median(inProcess))}   (runs: ${inProcess.map(ms).join(', ')})`);
  console.log(`  debounce                                       30 ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
