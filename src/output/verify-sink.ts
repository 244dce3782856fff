/**
 * The verify sink (`kubegen generate --verify`): plans the write exactly as the file-system sink would,
 * writes nothing, and reports every file that would be created, updated or removed, each with a unified
 * diff (created and removed files against /dev/null, as git shows them). The CLI exits 1 when anything is stale.
 */
import { unifiedDiff } from './diff.js';
import { familyReports, planWrite, toChange } from './plan.js';
import type { OutputFile, Sink, SinkReport, WriteContext } from './types.js';

export interface VerifySinkOptions {
  /** Lines of context in diffs. Default 3. */
  context?: number;
}

export class VerifySink implements Sink {
  constructor(private readonly options: VerifySinkOptions = {}) {}

  async write(files: readonly OutputFile[], ctx: WriteContext): Promise<SinkReport> {
    const plan = await planWrite(files, ctx);
    const changes = plan.files.map((f) => {
      const c = toChange(f);
      if (f.action !== 'unchanged') {
        // As git shows them: a missing file against /dev/null, a file to remove against /dev/null.
        const diffOpts = {
          oldLabel: f.action === 'create' ? '/dev/null' : `a/${f.displayPath}`,
          newLabel: f.action === 'remove' ? '/dev/null' : `b/${f.displayPath}`,
        };
        const oldText = f.action === 'create' ? '' : (f.oldContent ?? '');
        const newText = f.action === 'remove' ? '' : (f.newContent ?? '');
        c.diff = unifiedDiff(oldText, newText, this.options.context === undefined ? diffOpts : { ...diffOpts, context: this.options.context });
      }
      return c;
    });
    return {
      mode: 'verify',
      families: familyReports(plan.files, ctx.generators),
      changes,
      diagnostics: plan.diagnostics,
      ok: !plan.diagnostics.some((d) => d.severity === 'error'),
      stale: plan.files.some((f) => f.action !== 'unchanged'),
    };
  }
}
