// Generation benchmark (issue 2 and 3 targets), against the built package (`npm run build` first).
//
//   node bench/generate.js [--runs N] [--sizes 100,1000] [--json]
//
// For each size (kinds), a synthetic tree from bench/synth.js is written to a temporary directory, then:
//  1. whole-process cold wall time of `node bin/kubegen.js generate deepcopy register …` (a new Node process
//     every run, generated files removed before each run so every run writes everything), median of N;
//  2. the same for `generate crd` (issue 3: CRD generation, parse included);
//  3. in-process phases from dist/: loadModel (parse + model + validation), then each generator alone,
//     median of N runs in one warm process (the first, cold, run reported apart).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { writeSyntheticTree } from './synth.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'kubegen.js');
const DIST = join(ROOT, 'dist');

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : process.argv[i + 1];
}
const RUNS = Number(arg('--runs', '5'));
const SIZES = arg('--sizes', '100,1000').split(',').map(Number);
const JSON_OUT = process.argv.includes('--json');

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Removes kubegen's generated files from the apis tree (deepcopy/register write beside the types). */
function removeGenerated(apisDir) {
  const walk = (d) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (e.startsWith('zz_generated.')) unlinkSync(p);
    }
  };
  walk(apisDir);
}

function coldRun(args, cwd, apisDir, outDirs) {
  removeGenerated(apisDir);
  for (const d of outDirs) rmSync(d, { recursive: true, force: true });
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) {
    throw new Error(`kubegen ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  }
  return ms;
}

async function main() {
  if (!existsSync(join(DIST, 'pipeline.js')) || !existsSync(BIN)) {
    console.error('bench/generate.js runs against the built package: run `npm run build` first.');
    process.exit(2);
  }
  const { loadModel } = await import(pathToFileURL(join(DIST, 'parse', 'index.js')).href);
  const { GENERATORS } = await import(pathToFileURL(join(DIST, 'generators', 'index.js')).href);
  const options = {
    runtimeImport: '@kubegen/runtime',
    boilerplate: '',
    importExtension: '.js',
    version: 'bench',
    apisFromOutput: '../apis',
  };

  const results = [];
  for (const kinds of SIZES) {
    if (kinds % 10 !== 0) throw new Error(`size ${kinds}: must be a multiple of 10 (groups × 2 versions × 5 kinds)`);
    const work = mkdtempSync(join(tmpdir(), `kubegen-bench-${kinds}-`));
    try {
      writeSyntheticTree(work, kinds / 10);
      const apis = join(work, 'apis');
      const out = join(work, 'out');
      const crd = join(work, 'crd');

      const dr = [];
      for (let i = 0; i < RUNS; i++) {
        dr.push(
          coldRun(['generate', 'deepcopy', 'register', '--input', apis, '--output', out, '--quiet'], work, apis, [out]),
        );
      }
      const cr = [];
      for (let i = 0; i < RUNS; i++) {
        cr.push(
          coldRun(['generate', 'crd', '--input', apis, '--output', out, '--crd-output', crd, '--quiet'], work, apis, [
            out,
            crd,
          ]),
        );
      }
      removeGenerated(apis);

      // In-process phases.
      const phases = { loadModel: [] };
      const firstRun = {};
      for (let i = 0; i < RUNS + 1; i++) {
        let t0 = performance.now();
        const { model, diagnostics } = loadModel({ inputDir: apis });
        const loadMs = performance.now() - t0;
        if (!model) throw new Error(`synthetic tree has errors:\n${diagnostics.map((d) => d.message).join('\n')}`);
        if (i === 0) firstRun.loadModel = loadMs;
        else phases.loadModel.push(loadMs);
        for (const g of GENERATORS) {
          t0 = performance.now();
          const res = g.generate(model, options);
          const ms = performance.now() - t0;
          if (res.diagnostics.some((d) => d.severity === 'error'))
            throw new Error(`${g.name}: errors on the synthetic tree`);
          if (i === 0) firstRun[g.name] = ms;
          else (phases[g.name] ??= []).push(ms);
        }
      }
      results.push({
        kinds,
        cold: { deepcopyRegister: { median: median(dr), runs: dr }, crd: { median: median(cr), runs: cr } },
        phases: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, median(v)])),
        firstRun,
      });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }

  if (JSON_OUT) {
    console.log(JSON.stringify({ node: process.version, cpus: cpus().length, results }, null, 2));
    return;
  }
  const f = (ms) => `${ms.toFixed(0)} ms`;
  console.log(
    `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; median of ${RUNS}`,
  );
  for (const r of results) {
    console.log(`\n${r.kinds} kinds`);
    console.log(
      `  cold process: generate deepcopy register  ${f(r.cold.deepcopyRegister.median)}   (runs: ${r.cold.deepcopyRegister.runs.map(f).join(', ')})`,
    );
    console.log(
      `  cold process: generate crd                ${f(r.cold.crd.median)}   (runs: ${r.cold.crd.runs.map(f).join(', ')})`,
    );
    console.log('  in-process phases (warm median; first cold run in brackets):');
    for (const [k, v] of Object.entries(r.phases))
      console.log(`    ${k.padEnd(20)} ${f(v).padStart(8)}   [${f(r.firstRun[k])}]`);
  }
  if (results.length >= 2) {
    const a = results[0];
    const b = results[results.length - 1];
    const size = b.kinds / a.kinds;
    console.log(`\ngrowth ${a.kinds} → ${b.kinds} kinds (×${size}):`);
    console.log(
      `  deepcopy+register cold ×${(b.cold.deepcopyRegister.median / a.cold.deepcopyRegister.median).toFixed(2)}, crd cold ×${(b.cold.crd.median / a.cold.crd.median).toFixed(2)}, loadModel ×${(b.phases.loadModel / a.phases.loadModel).toFixed(2)}`,
    );
  }
}

await main();
