/** An in-memory project tree for scaffold plans. */
import type { ReadTree, ScaffoldPlan } from '../../src/scaffold/index.js';

export class Tree {
  readonly files = new Map<string, string>();
  readonly read: ReadTree = (p) => this.files.get(p);

  /** Applies a plan that has no conflicts (as the CLI does). */
  apply(plan: ScaffoldPlan): this {
    if (plan.conflicts.length > 0) throw new Error(`plan has conflicts:\n${plan.conflicts.join('\n')}`);
    for (const f of plan.write) this.files.set(f.path, f.content);
    return this;
  }

  get(p: string): string {
    const v = this.files.get(p);
    if (v === undefined) throw new Error(`${p} is not in the tree`);
    return v;
  }
}

export const VERSIONS = { kubegen: '9.8.7', runtime: '9.8.6' } as const;
