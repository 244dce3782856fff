// `kubegen import` benchmark (issue 3 target: import of 100 real-size CRDs in ≤ 5 s), against the built
// package (`npm run build` first).
//
//   node bench/import.mjs [--runs N] [--count 100] [--dir ../shared/crds] [--json]
//
// The CRDs are every CustomResourceDefinition file under --dir (cert-manager, prometheus-operator,
// sample-controller: 14 files, 0.9 KiB to 780 KiB, 2.7 MB in all). Measured:
//  1. in process (warm): --count CRD files imported one call each (the files taken round-robin, so 100
//     imports hold every file about seven times), YAML parse + conversion + rendering; median of N runs;
//  2. in process: every distinct CRD of --dir in ONE importCrds call (the whole folder at once);
//  3. cold CLI: `node bin/kubegen.js import <cert-manager> <prometheus-operator> -o TMP` in a new Node
//     process, files written, median of N runs (the output folder removed before each run).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { flag, median } from './common.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'kubegen.js');

const RUNS = Number(flag('--runs', '5'));
const COUNT = Number(flag('--count', '100'));
const DIR = flag('--dir', join(ROOT, '..', 'shared', 'crds'));
const JSON_OUT = process.argv.includes('--json');


const entry = join(ROOT, 'dist', 'import', 'index.js');
if (!existsSync(entry)) {
  process.stderr.write('bench/import.mjs: dist/import/index.js is missing: run `npm run build` first\n');
  process.exit(2);
}
const { importCrds } = await import(pathToFileURL(entry).href);

const projects = readdirSync(DIR).filter((p) => statSync(join(DIR, p)).isDirectory()).sort();
const files = projects.flatMap((p) =>
  readdirSync(join(DIR, p))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ path: `${p}/${f}`, text: readFileSync(join(DIR, p, f), 'utf8') })),
);
const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);

// Sanity: every file imports cleanly.
for (const f of files) {
  const r = importCrds([f]);
  if (!r.ok) throw new Error(`${f.path} does not import: ${r.diagnostics.map((d) => d.message).join('; ')}`);
}

// 1. COUNT imports, one file per call, round-robin.
const batch = Array.from({ length: COUNT }, (_, i) => files[i % files.length]);
const batchBytes = batch.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
const perRun = [];
let out = 0;
for (let r = 0; r < RUNS + 1; r++) {
  const t0 = performance.now();
  for (const f of batch) out += importCrds([f]).files.length;
  const ms = performance.now() - t0;
  if (r > 0) perRun.push(ms); // the first run warms the JIT
}
const batchMs = median(perRun);

// 2. One call with every distinct CRD (a kind defined by two files is taken once).
const seen = new Set();
const distinct = files.filter((f) => {
  const kind = /^\s*kind:\s*(\S+)\s*$/m.exec(f.text.slice(f.text.indexOf('names:')))?.[1];
  const group = /^\s*group:\s*(\S+)\s*$/m.exec(f.text)?.[1];
  const id = `${group}/${kind}`;
  if (seen.has(id)) return false;
  seen.add(id);
  return true;
});
const oneCall = [];
for (let r = 0; r < RUNS; r++) {
  const t0 = performance.now();
  const res = importCrds(distinct);
  oneCall.push(performance.now() - t0);
  if (!res.ok) throw new Error('the whole folder does not import in one call');
}
const oneCallMs = median(oneCall);

// 3. Cold CLI over the cert-manager and prometheus-operator folders.
const cliDirs = ['cert-manager', 'prometheus-operator'].map((p) => join(DIR, p)).filter((p) => existsSync(p));
const cold = [];
let cliCrds = 0;
if (existsSync(BIN) && existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
  const tmp = mkdtempSync(join(tmpdir(), 'kubegen-bench-import-'));
  try {
    for (let r = 0; r < RUNS; r++) {
      rmSync(join(tmp, 'apis'), { recursive: true, force: true });
      const t0 = performance.now();
      const p = spawnSync(process.execPath, [BIN, 'import', ...cliDirs, '-o', join(tmp, 'apis'), '-q'], { encoding: 'utf8' });
      cold.push(performance.now() - t0);
      if (p.status !== 0) throw new Error(`kubegen import failed: ${p.stderr}`);
    }
    cliCrds = cliDirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.yaml'))).length;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
const coldMs = cold.length > 0 ? median(cold) : undefined;

const result = {
  machine: `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`,
  runs: RUNS,
  corpus: { files: files.length, bytes },
  batch: { crds: COUNT, bytes: batchBytes, ms: Math.round(batchMs), crdsPerSecond: Math.round((COUNT / batchMs) * 1000), mbPerSecond: +((batchBytes / 1e6 / batchMs) * 1000).toFixed(1) },
  oneCall: { crds: distinct.length, ms: Math.round(oneCallMs) },
  ...(coldMs !== undefined ? { cli: { crds: cliCrds, ms: Math.round(coldMs) } } : {}),
  filesWritten: out / RUNS / COUNT,
};

if (JSON_OUT) {
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
} else {
  const lines = [
    `machine: ${result.machine}; median of ${RUNS} runs`,
    `corpus: ${files.length} CRD files, ${(bytes / 1e6).toFixed(2)} MB`,
    `${COUNT} imports (one file per call): ${result.batch.ms} ms, ${result.batch.crdsPerSecond} CRDs/s, ${result.batch.mbPerSecond} MB/s of YAML (target: 100 in ≤ 5,000 ms)`,
    `${distinct.length} distinct CRDs in one call: ${result.oneCall.ms} ms`,
  ];
  if (result.cli) lines.push(`cold CLI, ${result.cli.crds} CRDs (cert-manager + prometheus-operator), writing the files: ${result.cli.ms} ms`);
  process.stdout.write(lines.join('\n') + '\n');
}
