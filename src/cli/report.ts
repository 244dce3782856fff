/** How a run is reported: one line per generator family, then (verify / verbose) the files. */
import { formatDiagnostic, type Diagnostic } from '../diagnostics.js';
import type { FamilyReport, SinkReport } from '../output/types.js';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/**
 * `deepcopy: 3 files (1 created, 1 updated, 1 unchanged), 0 removed` — or, verifying,
 * `deepcopy: 3 files (1 to create, 1 to update, 1 up to date), 0 to remove`.
 */
export function formatFamilyLine(f: FamilyReport, mode: SinkReport['mode'], nameWidth = 0): string {
  const total = f.created + f.updated + f.unchanged;
  const name = `${f.generator}:`.padEnd(nameWidth + 1);
  if (mode === 'verify') {
    return `${name} ${plural(total, 'file')} (${f.created} to create, ${f.updated} to update, ${f.unchanged} up to date), ${f.removed} to remove`;
  }
  return `${name} ${plural(total, 'file')} (${f.created} created, ${f.updated} updated, ${f.unchanged} unchanged), ${f.removed} removed`;
}

export interface ReportOptions {
  verbose?: boolean;
}

/** The stdout text of a sink report. */
export function formatReport(report: SinkReport, opts: ReportOptions = {}): string {
  const width = Math.max(0, ...report.families.map((f) => f.generator.length));
  const lines = report.families.map((f) => formatFamilyLine(f, report.mode, width));
  if (report.mode === 'verify') {
    for (const c of report.changes) {
      if (c.action === 'unchanged') continue;
      const verb = c.action === 'create' ? 'missing' : c.action === 'update' ? 'stale' : 'to remove';
      lines.push(`${verb}: ${c.displayPath}`);
    }
    for (const c of report.changes) {
      if (c.diff) lines.push(c.diff.trimEnd());
    }
  } else if (opts.verbose) {
    for (const c of report.changes) {
      const verb = { create: 'created', update: 'updated', unchanged: 'unchanged', remove: 'removed' }[c.action];
      lines.push(`  ${verb.padEnd(9)} ${c.displayPath}`);
    }
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

/**
 * Diagnostics as `file:line:col: message` lines. Input positions are relative to the input folder, so
 * `inputRoot` (as the user typed it) is prefixed; output diagnostics already carry their display path.
 */
export function formatDiagnostics(ds: readonly Diagnostic[], inputRoot: string | undefined, quiet = false): string {
  return ds
    .filter((d) => !(quiet && d.severity === 'warning'))
    .map((d) => {
      // Output diagnostics (`<root>/path`) carry their own path; `.` is the input folder itself.
      if (d.pos.file.startsWith('<')) return formatDiagnostic(d) + '\n';
      if (d.pos.file === '.' && inputRoot !== undefined) return formatDiagnostic({ ...d, pos: { ...d.pos, file: inputRoot } }) + '\n';
      return formatDiagnostic(d, inputRoot) + '\n';
    })
    .join('');
}
