/**
 * Helpers shared by the fixture-driven tests (golden, bad, fixtures-typecheck): locating cases,
 * reading and writing file trees, and readable differences between expected and actual output.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';

/** The repository root. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** `fixtures/` of the repository. */
export const FIXTURES_DIR = join(REPO_ROOT, 'fixtures');
/** `fixtures/bad/`. */
export const BAD_FIXTURES_DIR = join(FIXTURES_DIR, 'bad');

/** True when the run should rewrite expected files instead of comparing (`UPDATE_GOLDEN=1`). */
export const UPDATE_GOLDEN = process.env['UPDATE_GOLDEN'] === '1' || process.env['UPDATE_GOLDEN'] === 'true';

/** The golden cases: folders of `fixtures/` with an `apis/` tree, `bad` excluded, sorted. */
export function goldenCases(): string[] {
  return readdirSync(FIXTURES_DIR)
    .filter((name) => name !== 'bad' && isDir(join(FIXTURES_DIR, name, 'apis')))
    .sort();
}

/** The bad cases: folders of `fixtures/bad/` with an `apis/` tree, sorted. */
export function badCases(): string[] {
  if (!isDir(BAD_FIXTURES_DIR)) return [];
  return readdirSync(BAD_FIXTURES_DIR)
    .filter((name) => isDir(join(BAD_FIXTURES_DIR, name, 'apis')))
    .sort();
}

export function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Options a golden case may set in `fixtures/<case>/pipeline.json` (the CLI flags of the same names). */
export interface GoldenOptions {
  boilerplate?: string;
  pluralExceptions?: Record<string, string>;
  importExtension?: '.js' | '';
  runtimeImport?: string;
  maxDescLen?: number;
}

/**
 * The pipeline configuration of a golden case: the `apis/` tree as input, output roots as its siblings
 * (`out/`, `crd/`), so generated code imports the API types through `../apis`; every generator, the
 * opt-in ones too; and the options of the case's `pipeline.json`, when it has one.
 */
export function goldenConfig(name: string): GoldenOptions & {
  inputDir: string;
  outputDir: string;
  crdOutputDir: string;
  generators: string[];
} {
  const dir = join(FIXTURES_DIR, name);
  const optionsText = readIfExists(join(dir, 'pipeline.json'));
  const options = optionsText === undefined ? {} : (JSON.parse(optionsText) as GoldenOptions);
  return {
    ...options,
    inputDir: join(dir, 'apis'),
    outputDir: join(dir, 'out'),
    crdOutputDir: join(dir, 'crd'),
    generators: ['all'],
  };
}

/** Every file under `dir`, as a map from forward-slash relative path to content; empty when `dir` is absent. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!isDir(dir)) return out;
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile()) out.set(toPosix(relative(dir, p)), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Replaces the tree at `dir` with exactly `files` (relative forward-slash path → content). */
export function writeTree(dir: string, files: ReadonlyMap<string, string>): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [rel, content] of files) {
    const p = join(dir, ...rel.split('/'));
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
}

export function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

export function readIfExists(p: string): string | undefined {
  return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
}

/** Paths only in `expected` (missing) and only in `actual` (extra), both sorted. */
export function diffPathSets(
  expected: Iterable<string>,
  actual: Iterable<string>,
): { missing: string[]; extra: string[] } {
  const e = new Set(expected);
  const a = new Set(actual);
  return {
    missing: [...e].filter((p) => !a.has(p)).sort(),
    extra: [...a].filter((p) => !e.has(p)).sort(),
  };
}

/** A message listing missing and extra files, or '' when the sets match. */
export function describePathSetDiff(d: { missing: string[]; extra: string[] }): string {
  const parts: string[] = [];
  if (d.missing.length > 0) parts.push(`missing (expected but not generated):\n  ${d.missing.join('\n  ')}`);
  if (d.extra.length > 0) parts.push(`extra (generated but not expected):\n  ${d.extra.join('\n  ')}`);
  return parts.join('\n');
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Parses every document of a YAML stream (empty documents dropped). */
export function parseYamlDocs(text: string): unknown[] {
  return yaml.loadAll(text).filter((d) => d !== null && d !== undefined);
}

/**
 * A structural difference between two JSON-like values, one line per differing leaf, each with its
 * path (`$.spec.versions[0].schema…`): what was expected and what was found. Empty when equal.
 */
export function structuralDiff(expected: unknown, actual: unknown, path = '$', out: string[] = []): string[] {
  if (Object.is(expected, actual)) return out;
  const ek = kindOf(expected);
  const ak = kindOf(actual);
  if (ek !== ak) {
    out.push(`${path}: expected ${show(expected)}, got ${show(actual)}`);
    return out;
  }
  if (ek === 'array') {
    const ea = expected as Json[];
    const aa = actual as Json[];
    const n = Math.max(ea.length, aa.length);
    for (let i = 0; i < n; i++) {
      const p = `${path}[${i}]`;
      if (i >= ea.length) out.push(`${p}: unexpected ${show(aa[i])}`);
      else if (i >= aa.length) out.push(`${p}: missing, expected ${show(ea[i])}`);
      else structuralDiff(ea[i], aa[i], p, out);
    }
    return out;
  }
  if (ek === 'object') {
    const eo = expected as Record<string, Json>;
    const ao = actual as Record<string, Json>;
    const keys = [...new Set([...Object.keys(eo), ...Object.keys(ao)])].sort();
    for (const k of keys) {
      const p = /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`;
      if (!Object.hasOwn(ao, k)) out.push(`${p}: missing, expected ${show(eo[k])}`);
      else if (!Object.hasOwn(eo, k)) out.push(`${p}: unexpected ${show(ao[k])}`);
      else structuralDiff(eo[k], ao[k], p, out);
    }
    return out;
  }
  out.push(`${path}: expected ${show(expected)}, got ${show(actual)}`);
  return out;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  if (s === undefined) return String(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

/**
 * The first differing line of two texts with a little context, for failures that would otherwise print
 * two long strings. '' when equal.
 */
export function firstDifference(expected: string, actual: string, context = 3): string {
  if (expected === actual) return '';
  const el = expected.split('\n');
  const al = actual.split('\n');
  let i = 0;
  while (i < el.length && i < al.length && el[i] === al[i]) i++;
  const from = Math.max(0, i - context);
  const lines: string[] = [`first difference at line ${i + 1}:`];
  for (let j = from; j < i; j++) lines.push(`    ${el[j]}`);
  for (let j = i; j < Math.min(el.length, i + context); j++) lines.push(`  - ${JSON.stringify(el[j]).slice(1, -1)}`);
  for (let j = i; j < Math.min(al.length, i + context); j++) lines.push(`  + ${JSON.stringify(al[j]).slice(1, -1)}`);
  if (el.length !== al.length) lines.push(`(expected ${el.length} lines, got ${al.length})`);
  return lines.join('\n');
}

/**
 * Writes a golden case's input tree plus generated files into `dir`, laid out as the pipeline would write
 * them: `apis/` (inputs and files of the `apis` root), `out/` (the `output` root), `crd/`. Returns the
 * absolute paths of every `.ts` file written, sorted. `dir` must lie inside the repository, so that
 * `@kubegen/runtime` resolves through its node_modules.
 */
export function materialize(
  inputDir: string,
  files: readonly { root: 'apis' | 'output' | 'crd'; path: string; content: string }[],
  dir: string,
): string[] {
  const tree = new Map<string, string>();
  for (const [p, content] of readTree(inputDir)) tree.set(`apis/${p}`, content);
  const rootDir = { apis: 'apis', output: 'out', crd: 'crd' } as const;
  for (const f of files) tree.set(`${rootDir[f.root]}/${f.path}`, f.content);
  writeTree(dir, tree);
  return [...tree.keys()]
    .filter((p) => p.endsWith('.ts'))
    .sort()
    .map((p) => join(dir, ...p.split('/')));
}
