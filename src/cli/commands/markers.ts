/** `kubegen markers [--json]`: every marker kubegen understands, from the registry. */
import type { Command } from 'commander';
import type { CliContext } from '../io.js';
import type { CommandModule } from './types.js';

export const markersCommand: CommandModule = {
  name: 'markers',
  register(program: Command, ctx: CliContext) {
    program
      .command('markers')
      .description('list every marker: where it may stand, its argument and what it does')
      .option('--json', 'print the registry as JSON')
      .action(async (flags: { json?: boolean }) => {
        const [{ defaultRegistry }, print] = await Promise.all([import('../../markers/registry.js'), import('../../markers/print.js')]);
        const registry = defaultRegistry();
        ctx.io.stdout(flags.json ? print.markersJsonText(registry) : print.formatMarkersText(registry));
      });
  },
};
