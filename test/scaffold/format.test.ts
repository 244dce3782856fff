/**
 * Scaffolded TypeScript is what Prettier makes of it under the project's own .prettierrc.json, for
 * short and long names alike, so a formatter run on a fresh project changes nothing (and the
 * registrations create api inserts stay recognisable).
 */
import prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { planCreateApi, planInit, type CreateApiOptions } from '../../src/scaffold/index.js';
import { Tree, VERSIONS } from './tree.js';

const kinds: Omit<CreateApiOptions, 'versions'>[] = [
  { group: 'batch', version: 'v1', kind: 'CronJob', namespaced: true, controller: true },
  { group: 'fleet', version: 'v1alpha1', kind: 'Cluster', namespaced: false, controller: true },
  { group: 'ops-tools', version: 'v2beta1', kind: 'HTTPProxyConfiguration', namespaced: true, controller: true },
];

describe('scaffolded TypeScript', () => {
  const tree = new Tree().apply(planInit({ domain: 'platform.example.com', dirName: 'fleet-operator', versions: VERSIONS }, new Tree().read));
  for (const k of kinds) tree.apply(planCreateApi({ ...k, versions: VERSIONS }, tree.read));
  const options = JSON.parse(tree.get('.prettierrc.json')) as prettier.Options;
  const files = [...tree.files].filter(([p]) => p.endsWith('.ts'));

  it('covers every TypeScript file', () => {
    expect(files.length).toBe(19);
  });

  it.each(files)('%s is Prettier-formatted', async (path, content) => {
    expect(await prettier.format(content, { ...options, parser: 'typescript' })).toBe(content);
  });
});
