/**
 * Planning a write: compare the generated files with the disk, without changing anything. Both the
 * file-system sink and the verify sink start here, so `--verify` reports exactly what a write would do.
 */
import { lstat, readFile, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { GENERATED_HEADER, GENERATED_HEADER_YAML, type OutputRoot } from '../generators/types.js';
import { hasGeneratedHeader } from './header.js';
import type { FamilyReport, FileAction, FileChange, OutputFile, WriteContext } from './types.js';

export interface PlannedFile {
  generator: string;
  root: OutputRoot;
  path: string;
  displayPath: string;
  /** Absolute path written or removed. */
  absPath: string;
  action: FileAction;
  /** Content on disk (update, remove). */
  oldContent?: string;
  /** Permission bits of the file on disk (update, remove). */
  oldMode?: number;
  /** Content to write (create, update, unchanged). */
  newContent?: string;
}

export interface ResolvedRoot {
  name: OutputRoot;
  /** As the user gave it. */
  given: string;
  abs: string;
  /** Real path of the root (of its deepest existing ancestor, plus the missing rest). */
  real: string;
  exists: boolean;
}

export interface WritePlan {
  roots: ResolvedRoot[];
  files: PlannedFile[];
  diagnostics: Diagnostic[];
}

const ROOT_NAMES: readonly OutputRoot[] = ['apis', 'output', 'crd'];
const ROOT_FLAGS: Readonly<Record<OutputRoot, string>> = { apis: '--input', output: '--output', crd: '--crd-output' };
const IO_CONCURRENCY = 32;

/** Why a generated path is not a safe relative path, or undefined when it is. */
export function unsafePathReason(p: string): string | undefined {
  if (p === '') return 'is empty';
  if (p.includes('\0')) return 'contains a NUL byte';
  if (p.includes('\\')) return 'contains a backslash (paths use forward slashes)';
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p)) return 'is absolute';
  for (const seg of p.split('/')) {
    if (seg === '..') return 'contains ".."';
    if (seg === '' || seg === '.') return 'has an empty or "." segment';
  }
  return undefined;
}

/** `root` as given joined with a relative path, forward slashes, for messages. */
export function displayJoin(given: string, rel: string): string {
  const g = given.replace(/\\/g, '/');
  if (g === '' || g === '.' || g === './') return rel;
  return g.endsWith('/') ? g + rel : `${g}/${rel}`;
}

function within(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function outputError(file: string, code: string, message: string): Diagnostic {
  return { severity: 'error', pos: { file, line: 1, col: 1 }, code, message };
}

function errnoCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

/** Real path of `p`, or of its deepest existing ancestor joined with the missing rest. */
async function realpathLoose(p: string): Promise<string> {
  try {
    return await realpath(p);
  } catch (e) {
    if (errnoCode(e) !== 'ENOENT') throw e;
    const parent = path.dirname(p);
    if (parent === p) return p;
    return path.join(await realpathLoose(parent), path.basename(p));
  }
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

type DirState = { kind: 'dir'; real: string } | { kind: 'missing' } | { kind: 'error'; file: string; message: string; code: string };

/**
 * Computes, for every generated file, whether it would be created, updated or left unchanged, and which
 * stale generated files would be removed. Reads the disk, writes nothing. Unsafe paths, symlink escapes
 * and files without the generated header are error diagnostics.
 */
export async function planWrite(files: readonly OutputFile[], ctx: WriteContext): Promise<WritePlan> {
  const cwd = ctx.cwd ?? process.cwd();
  const diagnostics: Diagnostic[] = [];
  const roots = new Map<OutputRoot, ResolvedRoot>();
  for (const name of ROOT_NAMES) {
    const given = ctx.roots[name];
    if (given === '') continue;
    const abs = path.resolve(cwd, given);
    let exists = false;
    try {
      const st = await stat(abs);
      if (!st.isDirectory()) {
        diagnostics.push(outputError(given, 'output-root-not-directory', `output root ${given} (${ROOT_FLAGS[name]}) is not a directory; pass a directory`));
        continue;
      }
      exists = true;
    } catch (e) {
      if (errnoCode(e) === 'ENOTDIR') {
        diagnostics.push(outputError(given, 'output-root-not-directory', `output root ${given} (${ROOT_FLAGS[name]}) lies below a file, not a directory; pass a directory`));
        continue;
      }
      if (errnoCode(e) !== 'ENOENT') throw e;
    }
    roots.set(name, { name, given, abs, real: await realpathLoose(abs), exists });
  }

  // Directory checks are cached: many files share directories.
  const dirCache = new Map<string, Promise<DirState>>();
  const checkDir = (dirAbs: string, root: ResolvedRoot): Promise<DirState> => {
    const key = `${root.real}\0${dirAbs}`;
    let p = dirCache.get(key);
    if (!p) {
      p = checkDirUncached(dirAbs, root);
      dirCache.set(key, p);
    }
    return p;
  };
  const checkDirUncached = async (dirAbs: string, root: ResolvedRoot): Promise<DirState> => {
    if (dirAbs === root.abs) return root.exists ? { kind: 'dir', real: root.real } : { kind: 'missing' };
    const parent = await checkDir(path.dirname(dirAbs), root);
    if (parent.kind !== 'dir') return parent;
    const shown = path.relative(cwd, dirAbs).split(path.sep).join('/') || '.';
    let st;
    try {
      st = await lstat(dirAbs);
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') return { kind: 'missing' };
      throw e;
    }
    if (st.isSymbolicLink()) {
      let real: string;
      try {
        real = await realpath(dirAbs);
      } catch {
        return { kind: 'error', file: shown, code: 'dangling-symlink', message: `${shown} is a symbolic link to a missing target; remove it or point it at a directory inside ${root.given}` };
      }
      if (!within(root.real, real)) {
        return { kind: 'error', file: shown, code: 'symlink-escape', message: `${shown} is a symbolic link to ${real}, outside the output root ${root.given}; kubegen never writes outside its output roots` };
      }
      const rst = await stat(real);
      if (!rst.isDirectory()) return { kind: 'error', file: shown, code: 'not-a-directory', message: `${shown} is not a directory; move it away so kubegen can create the directory` };
      return { kind: 'dir', real };
    }
    if (!st.isDirectory()) return { kind: 'error', file: shown, code: 'not-a-directory', message: `${shown} is not a directory; move it away so kubegen can create the directory` };
    return { kind: 'dir', real: path.join(parent.real, path.basename(dirAbs)) };
  };

  // Generated files.
  const seen = new Map<string, string>();
  const missingRoots = new Set<OutputRoot>();
  const candidates: { file: OutputFile; root: ResolvedRoot; abs: string; display: string }[] = [];
  for (const file of files) {
    const root = roots.get(file.root);
    const given = ctx.roots[file.root];
    const display = displayJoin(given, file.path);
    if (!root) {
      if (given === '' && !missingRoots.has(file.root)) {
        missingRoots.add(file.root);
        diagnostics.push(outputError(file.path, 'missing-output-root', `generator ${file.generator} writes ${file.path} into the ${file.root} root, but no ${ROOT_FLAGS[file.root]} directory was given; pass ${ROOT_FLAGS[file.root]} DIR`));
      }
      continue;
    }
    const reason = unsafePathReason(file.path);
    if (reason !== undefined) {
      diagnostics.push(outputError(display, 'unsafe-output-path', `generator ${file.generator} produced the path ${JSON.stringify(file.path)}, which ${reason}; generated paths must stay inside ${root.given}`));
      continue;
    }
    const abs = path.join(root.abs, ...file.path.split('/'));
    candidates.push({ file, root, abs, display });
  }

  const planned = await mapLimit(candidates, IO_CONCURRENCY, async ({ file, root, abs, display }): Promise<{ planned: PlannedFile; key: string } | Diagnostic> => {
    const dir = await checkDir(path.dirname(abs), root);
    if (dir.kind === 'error') return outputError(dir.file, dir.code, dir.message);
    const base: PlannedFile = { generator: file.generator, root: file.root, path: file.path, displayPath: display, absPath: abs, action: 'create', newContent: file.content };
    if (dir.kind === 'missing') return { planned: base, key: abs };
    const real = path.join(dir.real, path.basename(abs));
    let st;
    try {
      st = await lstat(abs);
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') return { planned: base, key: real };
      throw e;
    }
    if (st.isSymbolicLink()) return outputError(display, 'output-is-symlink', `${display} is a symbolic link; kubegen does not write through links: remove the link and run again`);
    if (st.isDirectory()) return outputError(display, 'output-is-directory', `${display} is a directory, but ${file.generator} generates a file there; move the directory away`);
    if (!st.isFile()) return outputError(display, 'output-not-regular', `${display} is not a regular file; move it away`);
    const old = await readFile(abs, 'utf8');
    if (old === file.content) return { planned: { ...base, action: 'unchanged' }, key: real };
    if (!hasGeneratedHeader(old)) return notOurs(display, 'overwrite');
    return { planned: { ...base, action: 'update', oldContent: old, oldMode: st.mode & 0o7777 }, key: real };
  });

  const out: PlannedFile[] = [];
  const targets = new Set<string>();
  const reported = new Set<string>();
  for (const r of planned) {
    if ('severity' in r) {
      // Every file below a bad folder hits the same problem: report it once.
      const id = `${r.code}\0${r.pos.file}\0${r.message}`;
      if (!reported.has(id)) diagnostics.push(r);
      reported.add(id);
      continue;
    }
    const { planned: p, key } = r;
    const prev = seen.get(key);
    if (prev !== undefined) {
      diagnostics.push(outputError(p.displayPath, 'duplicate-output', `${p.displayPath} is generated twice (by ${prev} and ${p.generator}); give the outputs distinct paths`));
      continue;
    }
    seen.set(key, p.generator);
    targets.add(p.absPath);
    out.push(p);
  }

  // Stale generated files owned by the selected generators.
  if (ctx.generators.length > 0) {
    const rootAbsSet = new Set([...roots.values()].map((r) => r.abs));
    const removed = new Set<string>();
    for (const root of roots.values()) {
      if (!root.exists) continue;
      const found: { rel: string; abs: string; generator: string }[] = [];
      await walk(root.abs, '', rootAbsSet, (rel, abs) => {
        if (targets.has(abs) || removed.has(abs)) return;
        const owner = ctx.generators.find((g) => g.owns(root.name, rel));
        if (owner) {
          removed.add(abs);
          found.push({ rel, abs, generator: owner.name });
        }
      });
      const stale = await mapLimit(found, IO_CONCURRENCY, async (f) => {
        const [content, st] = await Promise.all([readFile(f.abs, 'utf8'), stat(f.abs)]);
        return { ...f, content, mode: st.mode & 0o7777 };
      });
      for (const f of stale) {
        // A file the generator's pattern matches but that lacks the header is the user's: left alone.
        if (!hasGeneratedHeader(f.content)) continue;
        out.push({ generator: f.generator, root: root.name, path: f.rel, displayPath: displayJoin(root.given, f.rel), absPath: f.abs, action: 'remove', oldContent: f.content, oldMode: f.mode });
      }
    }
  }

  out.sort((a, b) => (a.displayPath < b.displayPath ? -1 : a.displayPath > b.displayPath ? 1 : 0));
  return { roots: [...roots.values()], files: out, diagnostics };
}

function notOurs(display: string, verb: 'overwrite'): Diagnostic {
  return outputError(
    display,
    'not-generated',
    `refusing to ${verb} ${display}: it does not carry the header "${GENERATED_HEADER}" (YAML: "${GENERATED_HEADER_YAML}"), so it may be hand-written; move the file away, or add the header as its first line (after any license boilerplate) to let kubegen own it`,
  );
}

/** Walks regular files under `dirAbs`, not following symbolic links, skipping dot-folders, node_modules and nested roots. */
async function walk(dirAbs: string, rel: string, otherRoots: ReadonlySet<string>, visit: (rel: string, abs: string) => void): Promise<void> {
  let entries;
  try {
    entries = await readdir(dirAbs, { withFileTypes: true });
  } catch (e) {
    if (errnoCode(e) === 'ENOENT' || errnoCode(e) === 'ENOTDIR') return;
    throw e;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const ent of entries) {
    const childRel = rel === '' ? ent.name : `${rel}/${ent.name}`;
    const childAbs = path.join(dirAbs, ent.name);
    if (ent.isDirectory()) {
      if (ent.name.startsWith('.') || ent.name === 'node_modules' || otherRoots.has(childAbs)) continue;
      await walk(childAbs, childRel, otherRoots, visit);
    } else if (ent.isFile()) {
      visit(childRel, childAbs);
    }
  }
}

/** Family counts, in the order of the selected generators (families that only appear in files come after). */
export function familyReports(files: readonly { generator: string; action: FileAction }[], order: readonly { name: string }[]): FamilyReport[] {
  const byName = new Map<string, FamilyReport>();
  for (const g of order) byName.set(g.name, { generator: g.name, created: 0, updated: 0, unchanged: 0, removed: 0 });
  for (const f of files) {
    let r = byName.get(f.generator);
    if (!r) {
      r = { generator: f.generator, created: 0, updated: 0, unchanged: 0, removed: 0 };
      byName.set(f.generator, r);
    }
    if (f.action === 'create') r.created++;
    else if (f.action === 'update') r.updated++;
    else if (f.action === 'unchanged') r.unchanged++;
    else r.removed++;
  }
  return [...byName.values()];
}

/** The public view of a planned file. */
export function toChange(p: PlannedFile): FileChange {
  return { generator: p.generator, root: p.root, path: p.path, displayPath: p.displayPath, action: p.action };
}
