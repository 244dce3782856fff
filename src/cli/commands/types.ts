import type { Command } from 'commander';
import type { CliContext } from '../io.js';

/**
 * One CLI command. Each lives in its own file under src/cli/commands/ and is listed once in
 * src/cli/commands/index.ts. A command imports heavy modules (the parser, ts-morph) lazily inside its
 * action, so `kubegen --help` stays fast.
 */
export interface CommandModule {
  name: string;
  /** Adds the command to the program (use `program.command(...)` so exit/output settings are inherited). */
  register(program: Command, ctx: CliContext): void;
}
