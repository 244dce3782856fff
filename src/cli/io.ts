/** What the CLI needs from the process, injectable so the program is tested in-process. */
import type { Generator } from '../generators/types.js';
import type { PipelineConfig, PipelineDeps } from '../pipeline.js';
import type { GenerateFlags } from './commands/generate.js';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Working directory: config file lookup and relative paths. */
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Ends long-running commands (`generate --watch`); without it they stop on SIGINT/SIGTERM. */
  signal?: AbortSignal;
}

/** Shared by every command of one run. */
export interface CliContext {
  io: CliIo;
  /** Pipeline injection points (tests); empty in production. */
  deps: PipelineDeps;
  /** Exit code the run ends with; commands raise it (0 ok, 1 diagnostics or stale files, 2 usage). */
  exitCode: number;
  /**
   * Hook for `kubegen generate --watch`: a command module (src/cli/commands/watch.ts) adds the `--watch`
   * option to `generate` and sets this; `generate --watch` then hands over the resolved config and
   * returns the handler's exit code. Without it, `--watch` is an unknown option.
   */
  watch?: (config: PipelineConfig, flags: GenerateFlags & { watch?: boolean }) => Promise<number>;
  /**
   * The generators, for `generate --help` / `verify --help`; loaded by runCli only when one of those
   * commands runs, so other commands start without loading any generator.
   */
  generators?: readonly Generator[];
}

/** Global flags, available to every command through `optsWithGlobals()`. */
export interface GlobalOptions {
  quiet?: boolean;
  verbose?: boolean;
}

export function processIo(): CliIo {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
  };
}
