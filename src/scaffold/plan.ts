/** Turning wanted files into a plan against what the project already holds. */
import type { ReadTree, ScaffoldFile, ScaffoldPlan } from './types.js';

export function emptyPlan(): ScaffoldPlan {
  return { write: [], unchanged: [], kept: [], conflicts: [] };
}

/**
 * How an existing file whose content differs is treated: `conflict` (with the message's tail after
 * `path: `), or `keep` (it is the user's now).
 */
export type OnDiffer = (existing: string) => { keep: true } | { conflict: string };

/** Adds `file` to the plan: written when absent, unchanged when identical, else as `onDiffer` says. */
export function planFile(plan: ScaffoldPlan, read: ReadTree, file: ScaffoldFile, onDiffer: OnDiffer): void {
  const existing = read(file.path);
  if (existing === undefined) {
    plan.write.push(file);
    return;
  }
  if (existing === file.content) {
    plan.unchanged.push(file.path);
    return;
  }
  const verdict = onDiffer(existing);
  if ('keep' in verdict) plan.kept.push(file.path);
  else plan.conflicts.push(`${file.path}: ${verdict.conflict}`);
}

/** Sorts every list of the plan by path, so output and writes are stable. */
export function finishPlan(plan: ScaffoldPlan): ScaffoldPlan {
  const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  plan.write.sort((a, b) => byPath(a.path, b.path));
  plan.unchanged.sort(byPath);
  plan.kept.sort(byPath);
  return plan;
}
