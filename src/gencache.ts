/**
 * The generation cache: what one run generated, keyed by everything generation depends on, so a later
 * run over the same input (`make verify` after `make generate`, a `generate` with nothing edited) skips
 * parsing and generation and goes straight to comparing with the disk.
 *
 * Generation is a pure function of (kubegen's own code and templates, its dependencies, the resolved
 * configuration, the selected generators, the bytes of the input files the parser reads). The key hashes
 * exactly those, all by content: kubegen's `dist`/`src` and `templates` folders and npm's install record,
 * the configuration, the input files. A hit returns the files (and warnings) the
 * earlier run produced; the sinks then compare them with the disk as always, so what is reported —
 * stale files, diffs, files to remove, files without the header — is what a full run would report.
 *
 * Location: `$KUBEGEN_CACHE_DIR`, else `node_modules/.cache/kubegen` of the nearest folder above the
 * working directory holding a package.json and a node_modules; no such folder, no cache.
 * `KUBEGEN_CACHE=off` (or `--no-cache`) turns it off. One file per (working directory, roots,
 * generators), replaced on every miss, so the cache never grows with edits.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { kubegenVersion } from './config.js';
import type { Diagnostic } from './diagnostics.js';
import type { OutputRoot } from './generators/types.js';
import type { OutputFile } from './output/types.js';
import { findPackages } from './parse/walk.js';

/** Bumped whenever the cache file's shape or the key's parts change. */
const FORMAT = 1;

/** The configuration as generation sees it (the pipeline's config with absolute roots). */
export interface CacheConfig {
  inputDir: string;
  outputDir: string;
  crdOutputDir: string;
  pluralExceptions?: Readonly<Record<string, string>>;
  runtimeImport?: string;
  boilerplate?: string;
  importExtension?: '.js' | '';
  maxDescLen?: number;
}

export interface CacheHit {
  files: OutputFile[];
  /** Warnings of the run that filled the cache (a run with errors is never cached). */
  diagnostics: Diagnostic[];
}

export interface GenerationCache {
  /** Where the entry lives (for `--verbose`). */
  readonly file: string;
  lookup(): CacheHit | undefined;
  /** Records a successful run; failures to write are ignored (the cache is an optimisation). */
  store(files: readonly OutputFile[], diagnostics: readonly Diagnostic[]): void;
}

/** The cache folder for a working directory, or undefined when caching is off or has no home. */
export function cacheDir(cwd: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  const off = env.KUBEGEN_CACHE?.toLowerCase();
  if (off === 'off' || off === '0' || off === 'false' || off === 'no') return undefined;
  const explicit = env.KUBEGEN_CACHE_DIR;
  if (explicit !== undefined && explicit !== '') return path.resolve(cwd, explicit);
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) {
      const modules = path.join(dir, 'node_modules');
      return existsSync(modules) ? path.join(modules, '.cache', 'kubegen') : undefined;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

let buildIdMemo: string | undefined;

/**
 * Identifies the kubegen code that generates: its version, and the content of every file of the folder
 * this module was loaded from (`dist/` when installed, `src/` under the test runner; source maps and
 * declaration files aside) and of `templates/`, and of npm's install record (`node_modules/.package-lock.json`,
 * so a dependency update is a new build too). By content, not by time: a fresh `npm ci` of the same lockfile
 * is the same build, so a cache kept by CI (`KUBEGEN_CACHE_DIR`) stays valid across installs. ~7 ms.
 */
export function buildId(): string {
  if (buildIdMemo !== undefined) return buildIdMemo;
  const codeDir = path.dirname(fileURLToPath(import.meta.url));
  buildIdMemo = computeBuildId(codeDir, path.dirname(codeDir), kubegenVersion());
  return buildIdMemo;
}

/** `buildId` for a given code folder and package root (exported for tests). */
export function computeBuildId(codeDir: string, root: string, version: string): string {
  const h = createHash('sha256').update(`kubegen ${version}\n`);
  const walk = (dir: string, rel: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs, `${rel}${e.name}/`);
      else if (e.isFile() && !e.name.endsWith('.map') && !e.name.endsWith('.d.ts')) {
        h.update(`${rel}${e.name}\0`).update(readFileSync(abs)).update('\0');
      }
    }
  };
  walk(codeDir, `${path.basename(codeDir)}/`);
  walk(path.join(root, 'templates'), 'templates/');
  for (const [name, lock] of [
    ['own', path.join(root, 'node_modules', '.package-lock.json')],
    ['host', path.join(root, '..', '.package-lock.json')],
  ] as const) {
    try {
      h.update(`${name}\0`).update(readFileSync(lock)).update('\0');
    } catch {
      // not installed by npm from there
    }
  }
  return h.digest('hex');
}

function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted, so equal configs hash equally whatever order they were built in. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

/** Opens the cache entry for one run; undefined when caching is off or has no home. */
export function openGenerationCache(opts: {
  config: CacheConfig;
  generators: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}): GenerationCache | undefined {
  const dir = cacheDir(opts.cwd, opts.env);
  if (dir === undefined) return undefined;
  const cwd = path.resolve(opts.cwd);
  const slot = sha256(stableJson({ cwd, roots: [opts.config.inputDir, opts.config.outputDir, opts.config.crdOutputDir], generators: opts.generators })).slice(0, 20);
  const file = path.join(dir, `generate-${slot}.json`);

  let keyMemo: string | undefined;
  const key = (): string => {
    if (keyMemo !== undefined) return keyMemo;
    const h = createHash('sha256').update(stableJson({ format: FORMAT, build: buildId(), cwd, config: opts.config, generators: opts.generators }));
    // Exactly the files the parser reads, in its order, by content.
    for (const pkg of findPackages(opts.config.inputDir)) {
      for (const rel of pkg.files) h.update(`\n${rel}\0${sha256(readFileSync(path.join(opts.config.inputDir, rel)))}`);
    }
    keyMemo = h.digest('hex');
    return keyMemo;
  };

  return {
    file,
    lookup() {
      let entry: unknown;
      try {
        entry = JSON.parse(readFileSync(file, 'utf8'));
      } catch {
        return undefined;
      }
      let k: string;
      try {
        k = key();
      } catch {
        return undefined; // an unreadable input: the full run reports it properly
      }
      return isEntry(entry) && entry.format === FORMAT && entry.key === k ? { files: entry.files, diagnostics: entry.diagnostics } : undefined;
    },
    store(files, diagnostics) {
      const tmp = `${file}.${process.pid}.tmp`;
      try {
        const entry: Entry = {
          format: FORMAT,
          key: key(),
          files: files.map((f) => ({ generator: f.generator, root: f.root, path: f.path, content: f.content })),
          diagnostics: [...diagnostics],
        };
        mkdirSync(dir, { recursive: true });
        writeFileSync(tmp, JSON.stringify(entry));
        renameSync(tmp, file);
      } catch {
        rmSync(tmp, { force: true });
      }
    },
  };
}

interface Entry {
  format: number;
  key: string;
  files: OutputFile[];
  diagnostics: Diagnostic[];
}

const ROOTS: ReadonlySet<string> = new Set<OutputRoot>(['apis', 'output', 'crd']);

function isEntry(v: unknown): v is Entry {
  if (!v || typeof v !== 'object') return false;
  const e = v as Partial<Entry>;
  return (
    typeof e.format === 'number' &&
    typeof e.key === 'string' &&
    Array.isArray(e.diagnostics) &&
    Array.isArray(e.files) &&
    e.files.every(
      (f: Partial<OutputFile>) =>
        typeof f.generator === 'string' && typeof f.root === 'string' && ROOTS.has(f.root) && typeof f.path === 'string' && typeof f.content === 'string',
    )
  );
}
