/**
 * `kubegen create api --group g --version=v --kind K [--namespaced=false] [--controller]`: adds a kind
 * (and optionally its controller) to the project in the working directory (src/scaffold/create.ts).
 * Idempotent; never overwrites a file the user owns (exit 1, nothing written).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { kubegenVersion, UsageError } from '../../config.js';
import type { CliContext, GlobalOptions } from '../io.js';
import type { CommandModule } from './types.js';
import { readTree, reportPlan, writePlan } from './init.js';

interface CreateApiFlags extends GlobalOptions {
  group?: string;
  version?: string;
  kind?: string;
  namespaced: boolean;
  controller: boolean;
}

/** `--flag`, `--flag=true|false`, `--flag true|false`. */
export function parseBool(flag: string) {
  return (value: string | undefined): boolean => {
    if (value === undefined || value === 'true') return true;
    if (value === 'false') return false;
    throw new UsageError(`--${flag} takes true or false, not ${JSON.stringify(value)} (write --${flag}=false)`);
  };
}

export const createCommand: CommandModule = {
  name: 'create',
  register(program: Command, ctx: CliContext) {
    // runCli rewrites `create api --version v1` to `--version=v1` (see normalizeArgv), so the global
    // -V/--version flag only fires here for a `--version` without a value: say what is missing.
    (program as unknown as NodeJS.EventEmitter).prependListener('option:version', () => {
      const rawArgs = (program as unknown as { rawArgs?: readonly string[] }).rawArgs ?? [];
      if (rawArgs.find((a) => !a.startsWith('-')) === 'create') {
        throw new UsageError('create api needs a value after --version, e.g. --version v1');
      }
    });
    const create = program.command('create').description('add to the project in the working directory: create api');
    create
      .command('api')
      .description('add a kind: apis/<group>/<version>/{doc.ts,<kind>_types.ts}, a sample, and with --controller a controller (its RBAC as +kubebuilder:rbac markers) and its tests')
      .option('--group <group>', 'API group, without the domain: kinds live in <group>.<domain> (required)')
      .option('--version <version>', 'API version: v1, v1beta1, v2alpha1, … (required)')
      .option('--kind <Kind>', 'kind, UpperCamelCase (required)')
      .option('--namespaced [bool]', 'a namespaced kind; --namespaced=false for a cluster-scoped one', parseBool('namespaced'), true)
      .option('--controller [bool]', 'also scaffold a controller with a reconcile loop and its +kubebuilder:rbac markers, and register it', parseBool('controller'), false)
      .addHelpText('after', '\nThen: make generate manifests test\n')
      .action(async (_flags: CreateApiFlags, command: Command) => {
        const flags = command.optsWithGlobals<CreateApiFlags>();
        const { io } = ctx;
        const missing = (['group', 'version', 'kind'] as const).filter((k) => flags[k] === undefined);
        if (missing.length > 0) {
          throw new UsageError(`create api needs ${missing.map((m) => `--${m}`).join(', ')}, e.g. kubegen create api --group batch --version=v1 --kind CronJob`);
        }
        const { planCreateApi, ScaffoldInputError } = await import('../../scaffold/index.js');
        const version = kubegenVersion();
        let plan;
        try {
          plan = planCreateApi(
            {
              group: flags.group!,
              version: flags.version!,
              kind: flags.kind!,
              namespaced: flags.namespaced,
              controller: flags.controller,
              versions: { kubegen: version, runtime: version },
            },
            readTree(io.cwd, readFileSync),
          );
        } catch (e) {
          if (e instanceof ScaffoldInputError) throw new UsageError(e.message);
          throw e;
        }
        if (!reportPlan(plan, '.', ctx, flags.quiet === true)) return;
        writePlan(io.cwd, plan);
        if (!flags.quiet) {
          io.stdout(plan.write.length === 0 ? `${flags.kind} is already scaffolded; nothing changed\n` : 'next: make generate manifests test\n');
        }
      });
  },
};
