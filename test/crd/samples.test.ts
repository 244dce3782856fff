/**
 * Every fixture's CRDs: generated without errors, accepted by the independent structural checker, and the
 * fixture's sample custom resources behave as the apiserver would treat them: each `samples/valid/*.yaml`
 * validates (after defaulting and pruning), each `samples/invalid/*.yaml` is refused for the field named on
 * its `# expect: <path>` line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { generateCrds, type CustomResourceDefinition } from '../../src/generators/crd/index.js';
import { defaultRegistry } from '../../src/markers/registry.js';
import { loadModel } from '../../src/parse/index.js';
import { FIXTURES_DIR, goldenCases, isDir } from '../util/fixtures.js';
import { checkStructuralCrd } from './structural.js';
import { validateSample } from './validate-sample.js';

const OPTS = {
  runtimeImport: '@kubegen/runtime',
  boilerplate: '',
  importExtension: '.js' as const,
  version: 'v0.0.0-test',
};

function crdsOf(name: string): CustomResourceDefinition[] {
  const { model, diagnostics } = loadModel({ inputDir: join(FIXTURES_DIR, name, 'apis'), registry: defaultRegistry() });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const r = generateCrds(model!, OPTS);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.files.map((f) => yaml.load(f.content) as CustomResourceDefinition);
}

function samples(name: string, kind: 'valid' | 'invalid'): string[] {
  const dir = join(FIXTURES_DIR, name, 'samples', kind);
  return isDir(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.yaml'))
        .sort()
    : [];
}

for (const name of goldenCases()) {
  describe(`fixture ${name}`, () => {
    const crds = crdsOf(name);
    const find = (obj: { apiVersion?: unknown; kind?: unknown }): CustomResourceDefinition | undefined =>
      crds.find(
        (c) => `${c.spec.group}/` === String(obj.apiVersion).replace(/[^/]*$/, '') && c.spec.names.kind === obj.kind,
      );

    it('every generated CRD passes the structural-schema checker', () => {
      expect(crds.length).toBeGreaterThan(0);
      for (const crd of crds)
        expect({ crd: crd.metadata.name, errors: checkStructuralCrd(crd) }).toEqual({
          crd: crd.metadata.name,
          errors: [],
        });
    });

    const valid = samples(name, 'valid');
    if (valid.length > 0) {
      it.each(valid)('valid sample %s is accepted', (file) => {
        const obj = yaml.load(readFileSync(join(FIXTURES_DIR, name, 'samples', 'valid', file), 'utf8')) as Record<
          string,
          unknown
        >;
        const crd = find(obj);
        expect(crd, `no CRD for ${String(obj['apiVersion'])} ${String(obj['kind'])}`).toBeDefined();
        const r = validateSample(crd!, obj);
        expect(r.errors).toEqual([]);
      });
    }

    const invalid = samples(name, 'invalid');
    if (invalid.length > 0) {
      it.each(invalid)('invalid sample %s is refused for the expected field', (file) => {
        const text = readFileSync(join(FIXTURES_DIR, name, 'samples', 'invalid', file), 'utf8');
        const expectLine = /^# expect: (\S+)/m.exec(text);
        expect(expectLine, `${file} needs a "# expect: <path>" line`).not.toBeNull();
        const obj = yaml.load(text) as Record<string, unknown>;
        const crd = find(obj);
        expect(crd).toBeDefined();
        const r = validateSample(crd!, obj);
        expect(r.ok).toBe(false);
        expect(r.errors.map((e) => e.path)).toContain(expectLine![1]);
      });
    }
  });
}

describe('defaulting as the apiserver does it', () => {
  it('applies defaults top-down, then prunes unknown fields (markers fixture)', () => {
    const crd = crdsOf('markers').find((c) => c.spec.names.kind === 'Widget')!;
    const r = validateSample(crd, {
      apiVersion: 'markers.example.com/v1',
      kind: 'Widget',
      metadata: { name: 'd' },
      spec: {
        class: 'c',
        region: 'r',
        tier: 'Gold',
        project: 'p',
        resources: null,
        unknownField: 1,
        ports: [{ name: 'a', port: 1 }],
      },
    });
    expect(r.errors).toEqual([]);
    const spec = (r.object as { spec: Record<string, unknown> }).spec;
    expect(spec['unknownField']).toBeUndefined();
    expect(spec['replicas']).toBe(1);
    expect(spec['mode']).toBe('Fast');
    expect(spec['resources']).toEqual({ cpu: '100m', memory: '128Mi' });
    expect(spec['ports']).toEqual([{ name: 'a', port: 1, protocol: 'TCP' }]);
  });
});
