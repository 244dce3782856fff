// Deep-copy benchmark (issue 2 target), against the built package (`npm run build` first).
//
//   node bench/deepcopy.js [--rounds N] [--ms M] [--json]
//
// kubegen generates `deepCopyDeployment` for bench/deepcopy/apis (a Deployment-shaped kind) in memory;
// the generated TypeScript is transpiled to a scratch folder inside the repository (.bench-tmp/, git-ignored) (so it imports the
// built @kubegen/runtime), and the copy of a realistic ~3.4 KB object (bench/deepcopy/deployment.json) is
// measured side by side with structuredClone and JSON.parse(JSON.stringify()): N interleaved rounds of
// M milliseconds each, median ops/s per method.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import ts from 'typescript';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const HERE = join(ROOT, 'bench', 'deepcopy');
const DIST = join(ROOT, 'dist');

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : process.argv[i + 1];
}
const ROUNDS = Number(arg('--rounds', '7'));
const ROUND_MS = Number(arg('--ms', '300'));
const JSON_OUT = process.argv.includes('--json');

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Generates and transpiles the deep-copy code; returns the module. */
async function loadGenerated(scratch) {
  const { generateFiles } = await import(pathToFileURL(join(DIST, 'pipeline.js')).href);
  const apis = join(HERE, 'apis');
  const res = generateFiles({
    inputDir: apis,
    outputDir: join(scratch, 'out'),
    crdOutputDir: join(scratch, 'crd'),
    generators: ['deepcopy'],
  });
  if (!res.ok)
    throw new Error(
      `kubegen failed on bench/deepcopy/apis:\n${res.diagnostics.map((d) => `${d.pos.file}:${d.pos.line}:${d.pos.col}: ${d.message}`).join('\n')}`,
    );
  const gen = res.files.find((f) => f.root === 'apis' && f.path === 'apps/v1/zz_generated.deepcopy.ts');
  if (!gen) throw new Error(`no apps/v1/zz_generated.deepcopy.ts among ${res.files.map((f) => f.path).join(', ')}`);
  const pkg = join(scratch, 'apps', 'v1');
  mkdirSync(pkg, { recursive: true });
  const sources = {
    'types.ts': readFileSync(join(apis, 'apps', 'v1', 'types.ts'), 'utf8'),
    'zz_generated.deepcopy.ts': gen.content,
  };
  for (const [name, text] of Object.entries(sources)) {
    const js = ts.transpileModule(text, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      fileName: name,
    }).outputText;
    writeFileSync(join(pkg, name.replace(/\.ts$/, '.js')), js);
  }
  writeFileSync(join(scratch, 'package.json'), '{ "type": "module" }\n');
  return import(pathToFileURL(join(pkg, 'zz_generated.deepcopy.js')).href);
}

/** Runs `fn(obj)` for `ms` milliseconds; returns ops/s. */
function measure(fn, obj, ms) {
  let n = 0;
  let sink = 0;
  const end = performance.now() + ms;
  let now = performance.now();
  while (now < end) {
    for (let i = 0; i < 200; i++) {
      const c = fn(obj);
      sink += c.spec === undefined ? 0 : 1;
    }
    n += 200;
    now = performance.now();
  }
  if (sink < 0) console.log(sink);
  return (n / (ms + (now - end))) * 1000;
}

async function main() {
  if (!existsSync(join(DIST, 'pipeline.js')) || !existsSync(join(ROOT, 'runtime', 'dist', 'index.js'))) {
    console.error('bench/deepcopy.js runs against the built package: run `npm run build` first.');
    process.exit(2);
  }
  const scratch = join(ROOT, '.bench-tmp', 'deepcopy');
  rmSync(scratch, { recursive: true, force: true });
  try {
    const mod = await loadGenerated(scratch);
    const deepCopyDeployment = mod.deepCopyDeployment;
    if (typeof deepCopyDeployment !== 'function')
      throw new Error(`generated module has no deepCopyDeployment: ${Object.keys(mod).join(', ')}`);
    const text = readFileSync(join(HERE, 'deployment.json'), 'utf8');
    const obj = JSON.parse(text);
    const bytes = JSON.stringify(obj).length;

    const methods = {
      'generated deepCopyDeployment': (o) => deepCopyDeployment(o),
      structuredClone: (o) => structuredClone(o),
      'JSON.parse(JSON.stringify())': (o) => JSON.parse(JSON.stringify(o)),
    };
    // Every method must produce an equal, unshared copy before it is timed.
    for (const [name, fn] of Object.entries(methods)) {
      const c = fn(obj);
      if (!isDeepStrictEqual(c, obj)) throw new Error(`${name}: copy differs from the original`);
      if (c === obj || c.spec === obj.spec || c.metadata.labels === obj.metadata.labels)
        throw new Error(`${name}: copy shares objects with the original`);
    }
    // Warm-up, then interleaved rounds so drift affects every method alike.
    for (const fn of Object.values(methods)) measure(fn, obj, ROUND_MS);
    const samples = Object.fromEntries(Object.keys(methods).map((k) => [k, []]));
    for (let r = 0; r < ROUNDS; r++) {
      for (const [name, fn] of Object.entries(methods)) samples[name].push(measure(fn, obj, ROUND_MS));
    }
    const med = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
    const gen = med['generated deepCopyDeployment'];
    const ratios = { structuredClone: gen / med.structuredClone, json: gen / med['JSON.parse(JSON.stringify())'] };
    if (JSON_OUT) {
      console.log(
        JSON.stringify(
          { node: process.version, bytes, rounds: ROUNDS, roundMs: ROUND_MS, opsPerSec: med, ratios },
          null,
          2,
        ),
      );
      return;
    }
    console.log(
      `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}; object ${bytes} bytes of JSON; median of ${ROUNDS} rounds × ${ROUND_MS} ms`,
    );
    for (const [k, v] of Object.entries(med))
      console.log(`  ${k.padEnd(30)} ${Math.round(v).toLocaleString('en-US').padStart(12)} ops/s`);
    console.log(`  generated / structuredClone   ×${ratios.structuredClone.toFixed(2)}   (target ≥ 5)`);
    console.log(`  generated / JSON round trip   ×${ratios.json.toFixed(2)}   (target ≥ 3)`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
