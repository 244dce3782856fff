/**
 * The commander program. `runCli(argv, io)` is the whole CLI as a function (tested in-process);
 * src/cli/main.ts binds it to the process.
 */
import { Command, CommanderError } from 'commander';
import { kubegenVersion, UsageError } from '../config.js';
import { DiagnosticError, formatDiagnostic } from '../diagnostics.js';
import type { PipelineDeps } from '../pipeline.js';
import { COMMANDS } from './commands/index.js';
import type { CliContext, CliIo } from './io.js';

/** Exit codes: documented in the README and `kubegen --help`. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('kubegen');
  program
    .description('Kubernetes code generation for TypeScript: deep-copy, scheme, clientsets, listers, informers and CRDs')
    .version(kubegenVersion(), '-V, --version', 'print the kubegen version')
    .option('-q, --quiet', 'print only errors')
    .option('--verbose', 'also print every file and the time taken')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout(s),
      writeErr: (s) => ctx.io.stderr(s),
    })
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 diagnostics or stale files (verify), 2 usage errors.\n' +
        'A kubegen.config.json (or .yaml) in the working directory supplies defaults; flags override it.\n',
    );
  for (const c of COMMANDS) c.register(program, ctx);
  return program;
}

/**
 * `create api --version v1`, as kubebuilder users type it: commander would take `--version` for the
 * program's own version flag wherever it stands, so after `create api` a `--version` followed by a value
 * is rewritten to `--version=<value>`, the form the subcommand's option receives.
 */
export function normalizeArgv(argv: readonly string[]): string[] {
  const out = [...argv];
  const i = out.indexOf('create');
  if (i < 0 || out[i + 1] !== 'api') return out;
  for (let j = i + 2; j < out.length - 1; j++) {
    if (out[j] === '--') break;
    if (out[j] === '--version' && !out[j + 1]!.startsWith('-')) out.splice(j, 2, `--version=${out[j + 1]}`);
  }
  return out;
}

/** Runs the CLI on `argv` (without `node` and the script), returning the exit code. */
export async function runCli(rawArgv: readonly string[], io: CliIo, deps: PipelineDeps = {}): Promise<number> {
  const argv = normalizeArgv(rawArgv);
  const ctx: CliContext = { io, deps, exitCode: EXIT_OK };
  const command = argv.find((a) => !a.startsWith('-'));
  if (command === 'generate' || command === 'verify') {
    ctx.generators = deps.generators ?? (await import('../generators/index.js')).GENERATORS;
  }
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version end with exit code 0; every parse error (unknown option, missing argument,
      // bad choice, no command) is a usage error.
      return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (e instanceof UsageError) {
      io.stderr(`kubegen: error: ${e.message}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof DiagnosticError) {
      io.stderr(e.diagnostics.map((d) => formatDiagnostic(d) + '\n').join(''));
      return EXIT_FAILURE;
    }
    io.stderr(`kubegen: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT_FAILURE;
  }
}
