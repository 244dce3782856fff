/**
 * The file-system sink. A write is all or nothing: every new content is first staged in a temporary
 * folder beside each output root (same file system, so renames are atomic), then moved into place;
 * if anything fails, every file already moved is put back as it was and the staging folders vanish.
 * Unchanged files are not touched (their mtime is kept), files without the generated header are never
 * overwritten or removed, and nothing is written outside the output roots.
 */
import { chmod, copyFile, mkdir, mkdtemp, readdir, rename, rm, rmdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { OutputRoot } from '../generators/types.js';
import { familyReports, planWrite, toChange, type PlannedFile, type ResolvedRoot } from './plan.js';
import type { FileChange, OutputFile, Sink, SinkReport, WriteContext } from './types.js';

export interface FsSinkOptions {
  /**
   * Test hook: called before each file is moved into place (index in the commit order). Throwing
   * simulates a failure mid-commit; the sink must roll everything back.
   */
  beforeCommitFile?: (file: FileChange, index: number) => void;
}

export class FsSink implements Sink {
  constructor(private readonly options: FsSinkOptions = {}) {}

  async write(files: readonly OutputFile[], ctx: WriteContext): Promise<SinkReport> {
    const plan = await planWrite(files, ctx);
    const diagnostics: Diagnostic[] = [...plan.diagnostics];
    const stale = plan.files.some((f) => f.action !== 'unchanged');
    const report = (): SinkReport => ({
      mode: 'write',
      families: familyReports(plan.files, ctx.generators),
      changes: plan.files.map(toChange),
      diagnostics,
      ok: !diagnostics.some((d) => d.severity === 'error'),
      stale,
    });
    if (diagnostics.some((d) => d.severity === 'error') || !stale) return report();
    try {
      await commit(plan.files.filter((f) => f.action !== 'unchanged'), plan.roots, this.options);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      diagnostics.push({
        severity: 'error',
        pos: { file: ctx.roots.output || ctx.roots.apis || '.', line: 1, col: 1 },
        code: 'write-failed',
        message: `writing the generated files failed, so none was changed: ${message}`,
      });
    }
    return report();
  }
}

function errnoCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

/** Replaces `target` with `source` atomically; across file systems, via a temporary sibling. */
async function moveInto(source: string, target: string): Promise<void> {
  try {
    await rename(source, target);
  } catch (e) {
    if (errnoCode(e) !== 'EXDEV') throw e;
    const sibling = `${target}.kubegen-${process.pid}.tmp`;
    await copyFile(source, sibling);
    try {
      await rename(sibling, target);
    } catch (err) {
      await rm(sibling, { force: true });
      throw err;
    }
  }
}

/** Writes `content` to `target` atomically (temporary sibling, then rename). */
async function atomicWrite(target: string, content: string, mode: number | undefined): Promise<void> {
  const sibling = `${target}.kubegen-${process.pid}.tmp`;
  await writeFile(sibling, content);
  if (mode !== undefined) await chmod(sibling, mode);
  await rename(sibling, target);
}

async function commit(work: PlannedFile[], roots: readonly ResolvedRoot[], options: FsSinkOptions): Promise<void> {
  const rootByName = new Map<OutputRoot, ResolvedRoot>(roots.map((r) => [r.name, r]));
  const writes = work.filter((f) => f.action === 'create' || f.action === 'update');
  const removes = work.filter((f) => f.action === 'remove');
  const createdDirs: string[] = [];
  const stagingDirs = new Map<string, string>(); // root abs → staging folder
  const staged = new Map<PlannedFile, string>();
  const applied: PlannedFile[] = [];
  let deferred = false;
  try {
    // 1. Stage every new content beside its root.
    let n = 0;
    for (const f of writes) {
      const root = rootByName.get(f.root)!;
      let dir = stagingDirs.get(root.abs);
      if (dir === undefined) {
        const parent = path.dirname(root.abs);
        const made = await mkdir(parent, { recursive: true });
        if (made !== undefined) createdDirs.push(made);
        await removeAbandonedStaging(parent);
        dir = await mkdtemp(path.join(parent, `${STAGING_PREFIX}${process.pid}-`));
        stagingDirs.set(root.abs, dir);
      }
      const file = path.join(dir, String(n++));
      await writeFile(file, f.newContent ?? '');
      if (f.oldMode !== undefined) await chmod(file, f.oldMode);
      staged.set(f, file);
    }
    // 2. Move them into place, then remove stale files. A Ctrl-C now waits until the tree is whole
    //    again (committed or rolled back); the signal is re-raised afterwards.
    deferSignals();
    deferred = true;
    let i = 0;
    for (const f of writes) {
      options.beforeCommitFile?.(toChange(f), i++);
      const made = await mkdir(path.dirname(f.absPath), { recursive: true });
      if (made !== undefined) createdDirs.push(made);
      await moveInto(staged.get(f)!, f.absPath);
      applied.push(f);
    }
    for (const f of removes) {
      options.beforeCommitFile?.(toChange(f), i++);
      await unlink(f.absPath);
      applied.push(f);
    }
  } catch (e) {
    await rollback(applied, createdDirs);
    throw e;
  } finally {
    await Promise.all([...stagingDirs.values()].map((d) => rm(d, { recursive: true, force: true })));
    if (deferred) releaseSignals();
  }
  // 3. Folders emptied by stale removals go too (never the root itself).
  for (const f of removes) {
    const root = rootByName.get(f.root)!;
    let dir = path.dirname(f.absPath);
    while (dir !== root.abs && dir.startsWith(root.abs + path.sep)) {
      try {
        await rmdir(dir);
      } catch {
        break;
      }
      dir = path.dirname(dir);
    }
  }
}

const STAGING_PREFIX = '.kubegen-staging-';

/** Staging folders left by a run that was killed (its process is gone) are removed. */
async function removeAbandonedStaging(parent: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(STAGING_PREFIX)) continue;
    const pid = Number(name.slice(STAGING_PREFIX.length).split('-')[0]);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || isAlive(pid)) continue;
    await rm(path.join(parent, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errnoCode(e) === 'EPERM';
  }
}

const DEFERRED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let pendingSignal: NodeJS.Signals | undefined;
let deferring = 0;
const onSignal = (sig: NodeJS.Signals): void => {
  pendingSignal ??= sig;
};

function deferSignals(): void {
  if (deferring++ === 0) for (const s of DEFERRED_SIGNALS) process.on(s, onSignal);
}

function releaseSignals(): void {
  if (deferring === 0 || --deferring > 0) return;
  for (const s of DEFERRED_SIGNALS) process.off(s, onSignal);
  const sig = pendingSignal;
  pendingSignal = undefined;
  if (sig !== undefined && process.listenerCount(sig) === 0) process.kill(process.pid, sig);
}

/** Puts every applied change back (best effort: keeps going past individual failures). */
async function rollback(applied: PlannedFile[], createdDirs: string[]): Promise<void> {
  for (const f of [...applied].reverse()) {
    try {
      if (f.action === 'create') {
        await unlink(f.absPath);
      } else {
        await mkdir(path.dirname(f.absPath), { recursive: true });
        await atomicWrite(f.absPath, f.oldContent ?? '', f.oldMode);
      }
    } catch {
      // Keep restoring the others.
    }
  }
  // Created folders, deepest first; only empty ones go.
  const dirs = [...createdDirs].sort((a, b) => b.length - a.length);
  for (const top of dirs) {
    await removeEmptyTree(top);
  }
}

async function removeEmptyTree(dir: string): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) if (e.isDirectory()) await removeEmptyTree(path.join(dir, e.name));
  try {
    await rmdir(dir);
  } catch {
    // Not empty: something else lives there.
  }
}
