import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffLines, splitLines, unifiedDiff } from '../../src/output/diff.js';

function lcsLength(a: readonly string[], b: readonly string[]): number {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      dp[i]![j] = a[i - 1] === b[j - 1] ? dp[i - 1]![j - 1]! + 1 : Math.max(dp[i - 1]![j]!, dp[i]![j - 1]!);
  return dp[a.length]![b.length]!;
}

describe('diffLines', () => {
  it('is a minimal edit script that rebuilds both sides', () => {
    const line = fc.constantFrom('a', 'b', 'c', 'd', '');
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.array(line, { maxLength: 30 }), (a, b) => {
        const ops = diffLines(a, b);
        expect(ops.filter((o) => o.op !== 'insert').map((o) => o.line)).toEqual(a);
        expect(ops.filter((o) => o.op !== 'delete').map((o) => o.line)).toEqual(b);
        const edits = ops.filter((o) => o.op !== 'equal').length;
        expect(edits).toBe(a.length + b.length - 2 * lcsLength(a, b));
      }),
      { numRuns: 300 },
    );
  });

  it('stays correct and bounded past the edit-distance cap', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`);
    const b = Array.from({ length: 3000 }, (_, i) => (i === 1500 ? 'a1500' : `b${i}`));
    const t0 = performance.now();
    const ops = diffLines(['same', ...a, 'end'], ['same', ...b, 'end']);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(ops.filter((o) => o.op !== 'insert').map((o) => o.line)).toEqual(['same', ...a, 'end']);
    expect(ops.filter((o) => o.op !== 'delete').map((o) => o.line)).toEqual(['same', ...b, 'end']);
  });

  it.each([
    ['empty text', { given: '', want: [] as string[] }],
    ['final newline', { given: 'a\nb\n', want: ['a', 'b'] }],
    ['no final newline', { given: 'a\nb', want: ['a', 'b'] }],
    ['blank last line', { given: 'a\n\n', want: ['a', ''] }],
  ])('splitLines: %s', (_name, { given, want }) => {
    expect(splitLines(given)).toEqual(want);
  });
});

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\n', 'a\n', { oldLabel: 'a', newLabel: 'b' })).toBe('');
  });

  it('renders hunks with context and line ranges', () => {
    const oldText = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15'].join('\n') + '\n';
    const newText = oldText.replace('2\n', 'two\n').replace('14\n', '');
    expect(unifiedDiff(oldText, newText, { oldLabel: 'a/f.ts', newLabel: 'b/f.ts' })).toBe(
      [
        '--- a/f.ts',
        '+++ b/f.ts',
        '@@ -1,5 +1,5 @@',
        ' 1',
        '-2',
        '+two',
        ' 3',
        ' 4',
        ' 5',
        '@@ -11,5 +11,4 @@',
        ' 11',
        ' 12',
        ' 13',
        '-14',
        ' 15',
        '',
      ].join('\n'),
    );
  });

  it('merges hunks whose context touches', () => {
    // Six unchanged lines between two changes: one hunk (as diff -u); seven: two.
    const hunks = (o: string, n: string): string[] => unifiedDiff(o, n, { oldLabel: 'x', newLabel: 'y' }).split('\n').filter((l) => l.startsWith('@@'));
    expect(hunks('a\nb\nc\nd\ne\nf\ng\nh\n', 'A\nb\nc\nd\ne\nf\ng\nH\n')).toEqual(['@@ -1,8 +1,8 @@']);
    expect(hunks('a\nb\nc\nd\ne\nf\ng\nh\ni\n', 'A\nb\nc\nd\ne\nf\ng\nh\nI\n')).toEqual(['@@ -1,4 +1,4 @@', '@@ -6,4 +6,4 @@']);
  });

  it('marks a missing final newline', () => {
    expect(unifiedDiff('a\nb', 'a\nb\n', { oldLabel: 'x', newLabel: 'y' })).toBe(
      ['--- x', '+++ y', '@@ -1,2 +1,2 @@', ' a', '-b', '\\ No newline at end of file', '+b', ''].join('\n'),
    );
  });

  const patchCases: [string, { old: string; new: string }][] = [
    ['insert at start', { old: 'b\nc\n', new: 'a\nb\nc\n' }],
    ['delete everything', { old: 'a\nb\n', new: '' }],
    ['create from empty', { old: '', new: 'x\ny\n' }],
    ['scattered edits', { old: Array.from({ length: 40 }, (_, i) => `l${i}`).join('\n') + '\n', new: Array.from({ length: 40 }, (_, i) => (i % 9 === 0 ? `L${i}` : `l${i}`)).join('\n') + '\nend\n' }],
    ['gains final newline', { old: 'a\nb', new: 'a\nc\n' }],
    ['loses final newline', { old: 'a\nb\n', new: 'a\nb' }],
  ];
  it.each(patchCases)('patch(1) applies it: %s', (_name, c) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kubegen-diff-'));
    try {
      const file = path.join(dir, 'f.txt');
      writeFileSync(file, c.old);
      writeFileSync(path.join(dir, 'p.diff'), unifiedDiff(c.old, c.new, { oldLabel: 'a/f.txt', newLabel: 'b/f.txt' }));
      execFileSync('patch', ['-s', '-p1', '-i', 'p.diff'], { cwd: dir });
      expect(readFileSync(file, 'utf8')).toBe(c.new);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
