/**
 * Every example's generated code is current: regenerating it in memory gives exactly the committed
 * files (the CI form of "a clean git diff after make generate").
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../src/diagnostics.js';
import { generateFiles } from '../src/pipeline.js';
import { REPO_ROOT } from './util/fixtures.js';

const EXAMPLES = join(REPO_ROOT, 'examples');
const examples = readdirSync(EXAMPLES).filter((d) => existsSync(join(EXAMPLES, d, 'apis')));

describe.each(examples)('example %s', (name) => {
  it('has its generated files up to date', () => {
    const dir = join(EXAMPLES, name);
    const roots = { apis: join(dir, 'apis'), output: join(dir, 'generated'), crd: join(dir, 'config', 'crd', 'bases') };
    const result = generateFiles({ inputDir: roots.apis, outputDir: roots.output, crdOutputDir: roots.crd });
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d))).toEqual([]);
    const stale = result.files
      .filter((f) => {
        const p = join(roots[f.root], f.path);
        return !existsSync(p) || readFileSync(p, 'utf8') !== f.content;
      })
      .map((f) => `${f.root}/${f.path}`);
    expect(stale, 'run: node bin/kubegen.js generate --input apis --output generated --crd-output config/crd/bases (in the example)').toEqual([]);
  });
});
