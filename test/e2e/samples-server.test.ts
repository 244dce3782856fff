/**
 * The generated CRDs of every fixture, registered in the test API server: each `samples/valid/*.yaml` is
 * created (201), each `samples/invalid/*.yaml` is refused with 422 and a cause for the field its
 * `# expect: <path>` line names — schema checks and the CEL rules kubegen generated (XValidation,
 * AtMostOneOf/ExactlyOneOf/AtLeastOneOf, rules with fieldPath) enforced by the server as by the apiserver.
 * The same samples are checked against an independent validator in test/crd/samples.test.ts.
 */
import yaml from 'js-yaml';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '@kubegen/runtime/testing';
import { generateFiles } from '../../src/pipeline.js';
import { FIXTURES_DIR, goldenCases, goldenConfig, isDir } from '../util/fixtures.js';

interface Sample {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; namespace?: string };
  [k: string]: unknown;
}

const samples = (name: string, kind: 'valid' | 'invalid'): string[] => {
  const dir = join(FIXTURES_DIR, name, 'samples', kind);
  return isDir(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort() : [];
};

const cases = goldenCases().filter((c) => samples(c, 'valid').length + samples(c, 'invalid').length > 0);

describe.each(cases)('fixture %s on the test API server', (name) => {
  let server: TestApiServer;
  const plural = new Map<string, string>();
  beforeAll(async () => {
    const result = generateFiles(goldenConfig(name));
    const crds = result.files.filter((f) => f.root === 'crd').flatMap((f) => yaml.loadAll(f.content) as { spec: { group: string; names: { kind: string; plural: string } } }[]);
    for (const c of crds) plural.set(`${c.spec.group}/${c.spec.names.kind}`, c.spec.names.plural);
    server = await startTestApiServer({ crds });
  });
  afterAll(() => server.close());

  type Reply = { status: number; body: Sample & { details?: { causes?: { field: string }[] }; message?: string } };
  const call = async (method: string, path: string, body: unknown): Promise<Reply> => {
    const res = await fetch(server.url + path, { method, headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as never };
  };
  /** POSTs the sample (to its namespace, or cluster-wide for a cluster-scoped kind); returns the reply and the collection path. */
  const post = async (obj: Sample): Promise<Reply & { path: string }> => {
    const [group, version] = obj.apiVersion.split('/') as [string, string];
    const resource = plural.get(`${group}/${obj.kind}`);
    const namespaced = `/apis/${group}/${version}/namespaces/${obj.metadata.namespace ?? 'default'}/${resource}`;
    const r = await call('POST', namespaced, obj);
    if (r.status !== 404) return { ...r, path: namespaced };
    const cluster = `/apis/${group}/${version}/${resource}`;
    return { ...(await call('POST', cluster, obj)), path: cluster };
  };

  const valid = samples(name, 'valid');
  if (valid.length > 0) {
    it.each(valid)('creates %s', async (file) => {
      const obj = yaml.load(readFileSync(join(FIXTURES_DIR, name, 'samples', 'valid', file), 'utf8')) as Sample;
      const r = await post(obj);
      expect(r.body.message ?? '', file).toBe('');
      expect(r.status).toBe(201);
    });
  }

  const invalid = samples(name, 'invalid');
  if (invalid.length > 0) {
    it.each(invalid)('refuses %s for the expected field', async (file) => {
      const text = readFileSync(join(FIXTURES_DIR, name, 'samples', 'invalid', file), 'utf8');
      const want = /^# expect: (\S+)/m.exec(text)![1]!;
      const obj = yaml.load(text) as Sample;
      const named = { ...obj, metadata: { ...obj.metadata, name: `invalid-${file.replace(/\.yaml$/, '')}`.slice(0, 63) } };
      const created = await post(named);
      let r: Reply = created;
      if (want.startsWith('status.') && created.status === 201) {
        // With the status subresource, a create ignores status (as the apiserver does): write it through /status.
        r = await call('PUT', `${created.path}/${named.metadata.name}/status`, { ...created.body, status: obj['status'] });
      }
      expect(r.status, r.body.message).toBe(422);
      expect(r.body.details?.causes?.map((c) => c.field)).toContain(want);
    });
  }
});
