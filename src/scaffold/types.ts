/**
 * Scaffolding (`kubegen init`, `kubegen create api`) is pure: it reads what it needs through a
 * `ReadTree` and returns the files to write. The CLI does the disk work (all or nothing).
 */

/** One file of a scaffold: a path relative to the project root (forward slashes) and its text. */
export interface ScaffoldFile {
  path: string;
  content: string;
  /** Set when the file exists and the scaffold changes it (an edit of a shared file). */
  update?: true;
}

/** Reads a project file by its relative path; undefined when it does not exist. */
export type ReadTree = (path: string) => string | undefined;

/** What a scaffold would do to a project. Nothing is written when `conflicts` is not empty. */
export interface ScaffoldPlan {
  /** Files to create or replace, in a stable order. */
  write: ScaffoldFile[];
  /** Files that already hold exactly what the scaffold would write. */
  unchanged: string[];
  /** Files that exist with the user's own content, left as they are (e.g. an edited types file). */
  kept: string[];
  /** Why the scaffold cannot proceed: `path: what is wrong, and how to fix it`. */
  conflicts: string[];
}

/** Bad scaffolding input (a flag value): the CLI reports it as a usage error (exit 2). */
export class ScaffoldInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScaffoldInputError';
  }
}

/** Tool versions written into a new project's package.json. */
export interface ToolVersions {
  /** kubegen's own version (also the `@kubegen/runtime` version unless `runtime` says otherwise). */
  kubegen: string;
  runtime: string;
}
