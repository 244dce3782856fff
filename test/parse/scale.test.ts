/** Larger synthetic trees: linear, deterministic, plain-JSON models. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/parse/index.js';
import { writeSyntheticTree } from './synth.js';

const root = mkdtempSync(join(tmpdir(), 'kubegen-scale-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('synthetic tree of 200 kinds', () => {
  const kinds = writeSyntheticTree(root, 10, 2, 10);

  it('loads without diagnostics, deterministically, as plain JSON', () => {
    const a = loadModel({ inputDir: root });
    expect(a.diagnostics).toEqual([]);
    const m = a.model!;
    expect(
      m.groups
        .flatMap((g) => g.versions)
        .flatMap((v) => v.types)
        .filter((t) => t.declKind === 'struct' && t.root === 'kind'),
    ).toHaveLength(kinds);
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
    const b = loadModel({ inputDir: root });
    expect(JSON.stringify(b.model)).toBe(JSON.stringify(m));
  });

  it('stays fast (generous bound for a shared 2-core machine)', () => {
    loadModel({ inputDir: root });
    const t0 = performance.now();
    loadModel({ inputDir: root });
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
