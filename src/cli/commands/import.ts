/**
 * `kubegen import <crd.yaml|dir|->... --output-dir apis [--force]`: CustomResourceDefinition manifests →
 * annotated TypeScript API types (src/import), the way back of `kubegen generate crd`.
 *
 * The imported files are the user's source from then on (no generated header), so an existing file is
 * never overwritten without `--force` — except a package's `doc.ts` that already declares the same group,
 * which is kept as it is. Files are written all or nothing: each goes to a temporary file beside its
 * target first, and only when every one is written are they renamed into place.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../config.js';
import type { ImportInput, ImportResult } from '../../import/index.js';
import type { CliContext, GlobalOptions } from '../io.js';
import { filesUnder } from '../options.js';
import { formatDiagnostics } from '../report.js';
import type { CommandModule } from './types.js';

interface ImportFlags extends GlobalOptions {
  outputDir?: string;
  output?: string;
  force?: boolean;
  runtimeImport?: string;
}

const YAML_FILE = /\.ya?ml$/i;

/** The YAML files named by the arguments: files as given, directories scanned recursively (sorted). */
export function collectInputs(args: readonly string[], cwd: string, readStdin: () => string): ImportInput[] {
  const out: ImportInput[] = [];
  for (const arg of args) {
    if (arg === '-') {
      out.push({ path: '<stdin>', text: readStdin() });
      continue;
    }
    const abs = path.resolve(cwd, arg);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new UsageError(`${arg}: no such file or directory; pass CRD YAML files or folders holding them`);
    }
    if (st.isDirectory()) {
      const files = filesUnder(abs, (name) => YAML_FILE.test(name));
      if (files.length === 0) throw new UsageError(`${arg}: no .yaml or .yml file in this folder`);
      for (const f of files) out.push({ path: slash(path.join(arg, path.relative(abs, f))), text: readFileSync(f, 'utf8'), scanned: true });
    } else {
      out.push({ path: slash(arg), text: readFileSync(abs, 'utf8') });
    }
  }
  return out;
}

function slash(p: string): string {
  return p.split(path.sep).join('/');
}

/** Groups the output tree already holds (`<dir>/<version>/doc.ts` with `+groupName=`), and every folder name. */
export function scanOutputTree(root: string): { groupDirs: Record<string, string>; takenDirs: string[] } {
  const groupDirs: Record<string, string> = {};
  const takenDirs: string[] = [];
  let entries;
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch {
    return { groupDirs, takenDirs };
  }
  for (const g of entries.filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
    takenDirs.push(g);
    let versions: string[] = [];
    try {
      versions = readdirSync(path.join(root, g)).sort();
    } catch {
      continue;
    }
    for (const v of versions) {
      const group = docGroup(path.join(root, g, v, 'doc.ts'));
      if (group !== undefined && groupDirs[group] === undefined) groupDirs[group] = g;
    }
  }
  return { groupDirs, takenDirs };
}

/** The `+groupName=` of a doc.ts, or undefined. */
function docGroup(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const m = /^\s*(?:\*|\/\/)?\s*\+groupName=(\S+)/m.exec(text);
  return m ? m[1]! : undefined;
}

export interface WritePlan {
  write: { abs: string; rel: string }[];
  kept: string[];
  conflicts: string[];
}

/** Which files to write, keep (a doc.ts of the same group) or refuse (exists, no --force). */
export function planWrites(result: ImportResult, outDir: string, force: boolean): WritePlan & { contents: Map<string, string> } {
  const plan: WritePlan & { contents: Map<string, string> } = { write: [], kept: [], conflicts: [], contents: new Map() };
  for (const f of result.files) {
    const abs = path.join(outDir, ...f.path.split('/'));
    let exists = false;
    try {
      exists = statSync(abs).isFile();
    } catch {
      exists = false;
    }
    if (exists && f.role === 'doc' && docGroup(abs) === f.group) {
      plan.kept.push(f.path);
      continue;
    }
    if (exists && !force) {
      plan.conflicts.push(f.path);
      continue;
    }
    plan.write.push({ abs, rel: f.path });
    plan.contents.set(abs, f.content);
  }
  return plan;
}

/** Writes every file or none: temporary files first, then renames. */
export function writeAtomically(files: readonly { abs: string }[], contents: ReadonlyMap<string, string>): void {
  const temps: { tmp: string; abs: string }[] = [];
  try {
    for (const { abs } of files) {
      mkdirSync(path.dirname(abs), { recursive: true });
      const tmp = `${abs}.kubegen-import-${process.pid}.tmp`;
      writeFileSync(tmp, contents.get(abs)!);
      temps.push({ tmp, abs });
    }
  } catch (e) {
    for (const t of temps) rmSync(t.tmp, { force: true });
    throw e;
  }
  for (const t of temps) renameSync(t.tmp, t.abs);
}

export const importCommand: CommandModule = {
  name: 'import',
  register(program: Command, ctx: CliContext) {
    program
      .command('import')
      .description('import CustomResourceDefinition YAML as annotated TypeScript API types (the way back of generate crd)')
      .argument('<crds...>', 'CRD YAML files, folders of them, or - for standard input')
      .option('-o, --output-dir <dir>', 'apis tree to write <group>/<version>/ packages into (default: apis)')
      .option('--output <dir>', 'same as --output-dir')
      .option('--force', 'overwrite existing files (imported files are your source: kubegen never overwrites them otherwise)')
      .option('--runtime-import <spec>', 'module the imported types import the runtime from (default: @kubegen/runtime)')
      .action(async (args: string[], _flags: ImportFlags, command: Command) => {
        const flags = command.optsWithGlobals<ImportFlags>();
        const { io } = ctx;
        if (flags.outputDir !== undefined && flags.output !== undefined && flags.outputDir !== flags.output) {
          throw new UsageError('--output-dir and --output name different folders: give one');
        }
        const out = flags.outputDir ?? flags.output ?? 'apis';
        const outAbs = path.resolve(io.cwd, out);
        try {
          if (!statSync(outAbs).isDirectory()) throw new UsageError(`--output-dir ${out} is a file: give a folder (it is created when missing)`);
        } catch (e) {
          if (e instanceof UsageError) throw e;
        }
        const inputs = collectInputs(args, io.cwd, () => readFileSync(0, 'utf8'));
        const { importCrds } = await import('../../import/index.js');
        const tree = scanOutputTree(outAbs);
        const result = importCrds(inputs, {
          groupDirs: tree.groupDirs,
          takenDirs: tree.takenDirs,
          ...(flags.runtimeImport !== undefined ? { runtimeImport: flags.runtimeImport } : {}),
        });
        io.stderr(formatDiagnostics(result.diagnostics, undefined, flags.quiet));
        if (!result.ok) {
          const n = result.diagnostics.filter((d) => d.severity === 'error').length;
          io.stderr(`kubegen: ${n} error${n === 1 ? '' : 's'}; no file was written\n`);
          ctx.exitCode = Math.max(ctx.exitCode, 1);
          return;
        }
        const plan = planWrites(result, outAbs, flags.force === true);
        if (plan.conflicts.length > 0) {
          for (const c of plan.conflicts) {
            io.stderr(`${slash(path.join(out, c))}: already exists and is your source now: kubegen import does not overwrite it; pass --force to replace it, or move it away first\n`);
          }
          io.stderr('kubegen: no file was written\n');
          ctx.exitCode = Math.max(ctx.exitCode, 1);
          return;
        }
        writeAtomically(plan.write, plan.contents);
        if (!flags.quiet) {
          const lines = result.kinds.map((k) => `imported ${k.kind} (${k.group}: ${k.versions.join(', ')}) from ${k.source}`);
          for (const w of plan.write) lines.push(`  wrote ${slash(path.join(out, w.rel))}`);
          for (const k of plan.kept) lines.push(`  kept  ${slash(path.join(out, k))} (same group)`);
          lines.push(`next: kubegen generate crd --input ${out} regenerates the CRDs; kubegen generate --input ${out} --output DIR adds clientsets, listers and informers`);
          io.stdout(lines.join('\n') + '\n');
        }
      });
  },
};
