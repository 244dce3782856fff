/**
 * Sinks: where the pipeline's files go. Generators never touch the disk; the pipeline hands every
 * file to a sink — in memory (tests), the file system (atomic, header-guarded) or verify (dry run).
 */
import type { Diagnostic } from '../diagnostics.js';
import type { GeneratedFile, Generator, OutputRoot } from '../generators/types.js';

/** A generated file tagged with the generator (family) that produced it. */
export interface OutputFile extends GeneratedFile {
  generator: string;
}

/** What a sink needs besides the files. */
export interface WriteContext {
  /**
   * Directory of each output root, as the user gave it (relative to `cwd`, or absolute).
   * `''` means the root is not configured: a file aimed at it is an error, and it is not scanned.
   */
  roots: Readonly<Record<OutputRoot, string>>;
  /**
   * The selected generators, in order: families are reported in this order, and a file on disk that
   * one of them `owns` (and that carries the generated header) is removed when it is no longer generated.
   */
  generators: readonly Pick<Generator, 'name' | 'owns'>[];
  /** Base for relative roots. Default `process.cwd()`. */
  cwd?: string;
}

export type FileAction = 'create' | 'update' | 'unchanged' | 'remove';

export interface FileChange {
  generator: string;
  root: OutputRoot;
  /** Path relative to the root, forward slashes. */
  path: string;
  /** Path as shown to the user: the root as given joined with `path`. */
  displayPath: string;
  action: FileAction;
  /** Unified diff (verify sink; created and removed files against /dev/null). */
  diff?: string;
}

/** Per generator family counts. `create + update + unchanged` is the number of files generated. */
export interface FamilyReport {
  generator: string;
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
}

export interface SinkReport {
  mode: 'write' | 'verify' | 'memory';
  families: FamilyReport[];
  /** Every file, sorted by display path. */
  changes: FileChange[];
  /** Errors (unsafe paths, files without the header, I/O failures); when any, nothing was written. */
  diagnostics: Diagnostic[];
  /** No error diagnostics. */
  ok: boolean;
  /** Something differs from what is on disk (for `write`, before the write). */
  stale: boolean;
}

export interface Sink {
  write(files: readonly OutputFile[], ctx: WriteContext): Promise<SinkReport>;
}
