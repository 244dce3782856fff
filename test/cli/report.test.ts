import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics.js';
import { formatDiagnostics, formatFamilyLine, formatReport } from '../../src/cli/report.js';
import type { FamilyReport } from '../../src/output/types.js';

const fam = (generator: string, created: number, updated: number, unchanged: number, removed: number): FamilyReport => ({ generator, created, updated, unchanged, removed });
const d = (file: string, severity: Diagnostic['severity'] = 'error'): Diagnostic => ({ severity, pos: { file, line: 2, col: 7 }, code: 'c', message: 'msg' });

describe('formatFamilyLine', () => {
  it.each([
    ['write', { given: [fam('deepcopy', 1, 1, 1, 2), 'write'] as const, want: 'deepcopy: 3 files (1 created, 1 updated, 1 unchanged), 2 removed' }],
    ['one file', { given: [fam('crd', 0, 0, 1, 0), 'write'] as const, want: 'crd: 1 file (0 created, 0 updated, 1 unchanged), 0 removed' }],
    ['verify', { given: [fam('listers', 2, 0, 3, 1), 'verify'] as const, want: 'listers: 5 files (2 to create, 0 to update, 3 up to date), 1 to remove' }],
  ])('%s', (_n, { given, want }) => {
    expect(formatFamilyLine(given[0], given[1])).toBe(want);
  });

  it('aligns family names', () => {
    const text = formatReport({ mode: 'write', families: [fam('crd', 1, 0, 0, 0), fam('clientset', 0, 0, 2, 0)], changes: [], diagnostics: [], ok: true, stale: true });
    expect(text).toBe('crd:       1 file (1 created, 0 updated, 0 unchanged), 0 removed\nclientset: 2 files (0 created, 0 updated, 2 unchanged), 0 removed\n');
  });
});

describe('formatDiagnostics', () => {
  it.each([
    ['input-relative file gets the input folder', { given: d('g/v1/types.ts'), want: 'apis/g/v1/types.ts:2:7: msg\n' }],
    ['the input folder itself', { given: d('.'), want: 'apis:2:7: msg\n' }],
    ['internal output path stays', { given: d('<output>/x.ts'), want: '<output>/x.ts:2:7: msg\n' }],
    ['warning', { given: d('a.ts', 'warning'), want: 'apis/a.ts:2:7: warning: msg\n' }],
  ])('%s', (_n, { given, want }) => {
    expect(formatDiagnostics([given], 'apis')).toBe(want);
  });

  it('--quiet drops warnings, keeps errors', () => {
    expect(formatDiagnostics([d('a.ts', 'warning'), d('b.ts')], 'in', true)).toBe('in/b.ts:2:7: msg\n');
  });
});
