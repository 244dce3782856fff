/**
 * `kubegen init [dir] --domain example.com [--repo name]`: a new operator project (src/scaffold/init.ts)
 * that works at once: `npm install && make generate manifests test`. Files are written all or nothing;
 * an existing file with other content is never overwritten (exit 1, nothing written).
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { kubegenVersion, UsageError } from '../../config.js';
import type { ReadTree, ScaffoldPlan } from '../../scaffold/types.js';
import type { CliContext, GlobalOptions } from '../io.js';
import { writeAtomically } from './import.js';
import type { CommandModule } from './types.js';

interface InitFlags extends GlobalOptions {
  domain?: string;
  repo?: string;
}

// Disk side of init and create api (create.ts imports these): reading the project, reporting and writing a plan.

/** A ReadTree over `root`; a path that is not a readable file reads as absent. */
export function readTree(root: string, readFile: (p: string, enc: 'utf8') => string): ReadTree {
  return (rel) => {
    try {
      return readFile(path.join(root, ...rel.split('/')), 'utf8');
    } catch {
      return undefined;
    }
  };
}

/**
 * Prints the plan (conflicts to stderr, each `path: what is wrong, and how to fix it`) and returns
 * whether it may be written; on conflicts the exit code becomes 1.
 */
export function reportPlan(plan: ScaffoldPlan, shownRoot: string, ctx: CliContext, quiet: boolean): boolean {
  const show = (p: string): string => (shownRoot === '.' ? p : `${shownRoot}/${p}`);
  if (plan.conflicts.length > 0) {
    for (const c of plan.conflicts) ctx.io.stderr(`${shownRoot === '.' ? c : `${shownRoot}/${c}`}\n`);
    ctx.io.stderr(`kubegen: ${plan.conflicts.length} conflict${plan.conflicts.length === 1 ? '' : 's'}; no file was written\n`);
    ctx.exitCode = Math.max(ctx.exitCode, 1);
    return false;
  }
  if (!quiet) {
    const lines = [
      ...plan.write.map((f) => `  ${f.update ? 'updated' : 'created'}   ${show(f.path)}`),
      ...plan.kept.map((p) => `  kept      ${show(p)} (yours)`),
    ];
    if (plan.unchanged.length > 0) lines.push(`  unchanged ${plan.unchanged.length} file${plan.unchanged.length === 1 ? '' : 's'}`);
    ctx.io.stdout(lines.join('\n') + '\n');
  }
  return true;
}

/** Writes every file of the plan or none (temporary files first, then renames). */
export function writePlan(root: string, plan: ScaffoldPlan): void {
  if (plan.write.length === 0) return;
  const files = plan.write.map((f) => ({ abs: path.join(root, ...f.path.split('/')) }));
  const contents = new Map(plan.write.map((f, i) => [files[i]!.abs, f.content] as const));
  writeAtomically(files, contents);
}

export const initCommand: CommandModule = {
  name: 'init',
  register(program: Command, ctx: CliContext) {
    program
      .command('init')
      .description('create a new operator project: package.json, Makefile, config/, src/main.ts with leader election, tests')
      .argument('[dir]', 'folder of the new project (created when missing)', '.')
      .option('--domain <domain>', 'domain of the project\'s API groups: kinds live in <group>.<domain> (required)')
      .option('--repo <name>', 'npm package name of the project (default: the folder name)')
      .addHelpText('after', '\nThen: cd <dir> && npm install && npx kubegen create api --group <g> --version=v1 --kind <Kind> --controller\n')
      .action(async (dir: string, _flags: InitFlags, command: Command) => {
        const flags = command.optsWithGlobals<InitFlags>();
        const { io } = ctx;
        if (flags.domain === undefined) throw new UsageError('init needs --domain, e.g. kubegen init --domain example.com (API groups become <group>.example.com)');
        const root = path.resolve(io.cwd, dir);
        try {
          if (!statSync(root).isDirectory()) throw new UsageError(`${dir} is a file: give a folder for the new project`);
        } catch (e) {
          if (e instanceof UsageError) throw e;
        }
        const { planInit, ScaffoldInputError } = await import('../../scaffold/index.js');
        const version = kubegenVersion();
        let plan;
        try {
          plan = planInit(
            {
              domain: flags.domain,
              dirName: path.basename(root),
              versions: { kubegen: version, runtime: version },
              ...(flags.repo !== undefined ? { repo: flags.repo } : {}),
            },
            readTree(root, readFileSync),
          );
        } catch (e) {
          if (e instanceof ScaffoldInputError) throw new UsageError(e.message);
          throw e;
        }
        const shown = path.relative(io.cwd, root) || '.';
        if (!reportPlan(plan, shown, ctx, flags.quiet === true)) return;
        writePlan(root, plan);
        if (!flags.quiet) {
          const cd = shown === '.' ? '' : `cd ${shown} && `;
          io.stdout(
            plan.write.length === 0
              ? `${shown} is already this project; nothing to do\n`
              : `next: ${cd}npm install && npx kubegen create api --group <group> --version=v1 --kind <Kind> --controller && make generate manifests test\n`,
          );
        }
      });
  },
};
