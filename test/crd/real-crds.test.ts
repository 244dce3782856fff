/**
 * Calibration on real CRDs (../shared/crds: controller-gen output of widely used operators, accepted by real
 * apiservers): both the independent structural checker and the generator's own rule enforcement must
 * accept every one of them, so neither is stricter than the apiserver on real-world schemas.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { checkCrd, type CustomResourceDefinition } from '../../src/generators/crd/index.js';
import { REPO_ROOT } from '../util/fixtures.js';
import { checkStructuralCrd } from './structural.js';

const DIR = join(REPO_ROOT, '..', 'shared', 'crds');

function realCrds(): [string, CustomResourceDefinition][] {
  if (!existsSync(DIR)) return [];
  const out: [string, CustomResourceDefinition][] = [];
  for (const project of readdirSync(DIR).sort()) {
    const pdir = join(DIR, project);
    if (!existsSync(pdir) || project.endsWith('.md')) continue;
    for (const file of readdirSync(pdir)
      .filter((f) => f.endsWith('.yaml'))
      .sort()) {
      for (const doc of yaml.loadAll(readFileSync(join(pdir, file), 'utf8'))) {
        if (doc && typeof doc === 'object' && (doc as { kind?: unknown }).kind === 'CustomResourceDefinition') {
          out.push([`${project}/${file}`, doc as CustomResourceDefinition]);
        }
      }
    }
  }
  return out;
}

const crds = realCrds();

describe.skipIf(crds.length === 0)('real CRDs', () => {
  it.each(crds)('%s passes the structural checker', (_name, crd) => {
    expect(checkStructuralCrd(crd)).toEqual([]);
  });

  it.each(crds)('%s passes the generator rule enforcement', (_name, crd) => {
    const pos = { file: 'x', line: 1, col: 1 };
    const errors: string[] = [];
    checkCrd(
      crd,
      { nodes: new WeakMap(), versions: new Map(), columns: new WeakMap(), crd: pos },
      {
        error: (_p, _c, m) => errors.push(m),
        warn: () => undefined,
      },
    );
    expect(errors).toEqual([]);
  });
});
