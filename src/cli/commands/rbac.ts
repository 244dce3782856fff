/**
 * `kubegen rbac [paths...] [--role-name manager-role] [--output-dir config/rbac] [--verify]`: a
 * ClusterRole (and namespaced Roles) from the `+kubebuilder:rbac` markers of controller sources
 * (src/rbac), written like every generated file: header-guarded, all or nothing, only when changed;
 * `--verify` writes nothing and prints the diff. With no marker at all, nothing is generated (and a
 * role.yaml kubegen generated earlier is removed).
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../config.js';
import type { Diagnostic } from '../../diagnostics.js';
import type { CliContext, GlobalOptions } from '../io.js';
import { filesUnder, readBoilerplate } from '../options.js';
import { formatDiagnostics, formatReport } from '../report.js';
import type { CommandModule } from './types.js';

interface RbacFlags extends GlobalOptions {
  roleName: string;
  outputDir: string;
  fileName: string;
  verify?: boolean;
  boilerplate?: string;
}

const SOURCE = /\.(ts|mts|cts|tsx)$/;

/** TypeScript sources under `args` (files as given, folders recursively; no node_modules, dist, dot-folders). */
function collectSources(args: readonly string[], cwd: string): { rel: string; abs: string }[] {
  const out: { rel: string; abs: string }[] = [];
  for (const arg of args) {
    const abs = path.resolve(cwd, arg);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new UsageError(`${arg}: no such file or directory; pass the folders of your controller sources (default: src)`);
    }
    const rel = arg.split(path.sep).join('/').replace(/\/+$/, '');
    if (!st.isDirectory()) {
      out.push({ rel, abs });
      continue;
    }
    const isSource = (name: string): boolean => SOURCE.test(name) && !name.endsWith('.d.ts');
    const skip = (name: string): boolean => name.startsWith('.') || name === 'node_modules' || name === 'dist';
    for (const file of filesUnder(abs, isSource, skip)) out.push({ rel: `${rel}/${path.relative(abs, file).split(path.sep).join('/')}`, abs: file });
  }
  return out;
}

/**
 * What to do about a role file kubegen may not overwrite: projects made by an older `kubegen init` keep
 * their ClusterRole by hand there (`create api` used to add rules to it). The guard stays; the way out is
 * to carry its rules over into markers and let kubegen own the file from then on.
 */
function handKeptRole(flags: Pick<RbacFlags, 'outputDir' | 'fileName'>): string {
  const file = path.posix.join(flags.outputDir.split(path.sep).join('/'), flags.fileName);
  return (
    `kubegen: ${file} was written by hand (a project made by an older kubegen init keeps its role there), and kubegen rbac ` +
    'generates it from markers now: write each of its rules that no +kubebuilder:rbac marker gives yet as a marker above ' +
    `the controller that needs it, delete ${file} once, and run kubegen rbac again (to compare first, --output-dir <another ` +
    'folder> writes the generated role elsewhere)\n'
  );
}

export const rbacCommand: CommandModule = {
  name: 'rbac',
  register(program: Command, ctx: CliContext) {
    program
      .command('rbac')
      .description('generate RBAC roles from +kubebuilder:rbac markers in controller sources (controller-gen rbac)')
      .argument('[paths...]', 'files or folders of TypeScript sources to read markers from', ['src'])
      .option('--role-name <name>', 'name of the ClusterRole (rules with roleName= name their own)', 'manager-role')
      .option('--output-dir <dir>', 'folder of the manifest', 'config/rbac')
      .option('--file-name <name>', 'file name of the manifest', 'role.yaml')
      .option('--boilerplate <file>', 'license header, written as # comments; YEAR is replaced')
      .option('--verify', 'write nothing; show the diff and exit 1 when the manifest is stale')
      .action(async (paths: string[], _flags: RbacFlags, command: Command) => {
        const flags = command.optsWithGlobals<RbacFlags>();
        const { io } = ctx;
        if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(flags.roleName)) {
          throw new UsageError(`--role-name ${JSON.stringify(flags.roleName)} is not a valid object name: use lower-case letters, digits, - and .`);
        }
        if (flags.fileName.includes('/') || flags.fileName.includes('\\') || flags.fileName.startsWith('.')) {
          throw new UsageError(`--file-name ${flags.fileName} must be a plain file name; put the folder in --output-dir`);
        }
        const sources = collectSources(paths, io.cwd);
        const boilerplate = flags.boilerplate !== undefined ? readBoilerplate(flags.boilerplate, io) : '';
        const [{ scanRbacMarkers, buildRoles, renderRoles }, { FsSink }, { VerifySink }] = await Promise.all([
          import('../../rbac/index.js'),
          import('../../output/fs-sink.js'),
          import('../../output/verify-sink.js'),
        ]);
        const markers = [];
        const diagnostics: Diagnostic[] = [];
        for (const s of sources) {
          const r = scanRbacMarkers(s.rel, readFileSync(s.abs, 'utf8'));
          markers.push(...r.markers);
          diagnostics.push(...r.diagnostics);
        }
        io.stderr(formatDiagnostics(diagnostics, undefined, flags.quiet));
        if (diagnostics.some((d) => d.severity === 'error')) {
          const n = diagnostics.length;
          io.stderr(`kubegen: ${n} error${n === 1 ? '' : 's'}; ${flags.verify ? 'nothing was verified' : 'no file was written'}\n`);
          ctx.exitCode = Math.max(ctx.exitCode, 1);
          return;
        }
        const roles = buildRoles(markers, flags.roleName);
        const files = roles.length === 0 ? [] : [{ generator: 'rbac', root: 'crd' as const, path: flags.fileName, content: renderRoles(roles, boilerplate) }];
        const generator = { name: 'rbac', owns: (root: string, p: string) => root === 'crd' && p === flags.fileName };
        const sink = flags.verify ? new VerifySink() : new FsSink();
        const report = await sink.write(files, { roots: { apis: '', output: '', crd: flags.outputDir }, generators: [generator], cwd: io.cwd });
        io.stderr(formatDiagnostics(report.diagnostics, undefined, flags.quiet));
        if (!report.ok) {
          if (report.diagnostics.some((d) => d.code === 'not-generated')) io.stderr(handKeptRole(flags));
          io.stderr(`kubegen: ${flags.verify ? 'cannot verify' : 'nothing was written'}: fix the errors above\n`);
          ctx.exitCode = Math.max(ctx.exitCode, 1);
          return;
        }
        if (!flags.quiet) {
          io.stdout(formatReport(report, flags.verbose ? { verbose: true } : {}));
          if (markers.length === 0) io.stdout(`no +kubebuilder:rbac marker in ${paths.join(', ')}: no role generated\n`);
        }
        if (flags.verify && report.stale) {
          io.stderr(`kubegen: ${path.posix.join(flags.outputDir.split(path.sep).join('/'), flags.fileName)} is out of date; run kubegen rbac to update it\n`);
          ctx.exitCode = Math.max(ctx.exitCode, 1);
        }
      });
  },
};
