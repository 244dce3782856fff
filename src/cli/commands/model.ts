/** `kubegen model --input DIR [--json]`: the intermediate model every generator reads. */
import path from 'node:path';
import type { Command } from 'commander';
import { parsePluralExceptions } from '../../config.js';
import { versionAccessor } from '../../model/naming.js';
import type { ApiModel, TypeDecl } from '../../model/types.js';
import type { CliContext, GlobalOptions } from '../io.js';
import { readConfig, requireInputDir } from '../options.js';
import { formatDiagnostics } from '../report.js';
import type { CommandModule } from './types.js';

interface ModelFlags extends GlobalOptions {
  input?: string;
  json?: boolean;
  pluralExceptions?: string;
  runtimeImport?: string;
  config?: string;
}

function describeType(t: TypeDecl): string {
  if (t.declKind === 'alias') return `alias  ${t.name}`;
  if (t.root === 'list') return `list   ${t.name}${t.listOf ? ` of ${t.listOf}` : ''}`;
  const r = t.resource;
  if (t.root === 'kind' && r) {
    const facts = [
      r.plural,
      r.scope,
      r.storage ? 'storage' : undefined,
      r.genclient ? `verbs: ${r.verbs.join(',') || 'none'}` : 'no client',
      r.shortNames.length > 0 ? `short names: ${r.shortNames.join(',')}` : undefined,
      r.subresources.status ? 'status' : undefined,
      r.subresources.scale ? 'scale' : undefined,
    ].filter((x): x is string => x !== undefined);
    return `kind   ${t.name} (${facts.join('; ')})`;
  }
  return `struct ${t.name}`;
}

/** A readable outline of the model: groups, versions, types with their resource facts. */
export function formatModelText(model: ApiModel): string {
  const out: string[] = [];
  for (const g of model.groups) {
    out.push(`${g.name === '' ? '(core)' : g.name}  [${g.dir}/]`);
    for (const v of g.versions) {
      out.push(`  ${v.name}  clientset.${versionAccessor(g.goName, v.name)}()`);
      for (const t of v.types) out.push(`    ${describeType(t)}`);
    }
  }
  for (const p of model.sharedPackages) {
    out.push(`shared ${p.id}/`);
    for (const t of p.types) out.push(`  ${describeType(t)}`);
  }
  if (out.length === 0) out.push('no API packages found');
  return out.join('\n') + '\n';
}

export const modelCommand: CommandModule = {
  name: 'model',
  register(program: Command, ctx: CliContext) {
    program
      .command('model')
      .description('print the intermediate model built from the input tree')
      .option('-i, --input <dir>', 'input tree of API packages')
      .option('--json', 'print the model as JSON (documented in docs/model.md)')
      .option('--plural-exceptions <list>', 'Kind:plural overrides, comma-separated')
      .option('--runtime-import <spec>', 'module the input may import the runtime types from')
      .option('--config <file>', 'config file (default: kubegen.config.json or .yaml in the working directory)')
      .action(async (_flags: ModelFlags, command: Command) => {
        const flags = command.optsWithGlobals<ModelFlags>();
        const { config } = readConfig(flags.config, ctx.io);
        const input = requireInputDir(flags.input ?? config.input, ctx.io);
        const plural = flags.pluralExceptions !== undefined ? parsePluralExceptions(flags.pluralExceptions) : config.pluralExceptions;
        const runtimeImport = flags.runtimeImport ?? config.runtimeImport;
        const load = ctx.deps.loadModel ?? (await import('../../parse/index.js')).loadModel;
        const loaded = load({
          inputDir: path.resolve(ctx.io.cwd, input),
          ...(plural ? { pluralExceptions: plural } : {}),
          ...(runtimeImport ? { runtimeImport } : {}),
        });
        ctx.io.stderr(formatDiagnostics(loaded.diagnostics, input, flags.quiet));
        if (!loaded.model) {
          ctx.exitCode = Math.max(ctx.exitCode, 1);
          return;
        }
        ctx.io.stdout(flags.json ? JSON.stringify(loaded.model, null, 2) + '\n' : formatModelText(loaded.model));
      });
  },
};
