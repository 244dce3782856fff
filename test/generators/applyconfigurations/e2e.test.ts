/**
 * End to end: the multi-group fixture's generated apply configurations, applied through its generated
 * clientset over HTTP against the test API server (CRDs registered from the generated manifests), then
 * read back; applyStatus through a status builder; a cluster-scoped kind; and extract<Kind> of what a
 * manager applied, applied again unchanged.
 */
import yaml from 'js-yaml';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { condition, type Transport } from '@kubegen/runtime';
import { startTestApiServer, type TestApiServer } from '@kubegen/runtime/testing';
import { generateFiles } from '../../../src/pipeline.js';
import { goldenConfig, materialize, REPO_ROOT } from '../../util/fixtures.js';
import { e2eTransport } from '../../e2e/transport.js';

const SCRATCH = join(REPO_ROOT, 'test', 'tmp', 'applyconfigurations-e2e');

type Fn = (...args: unknown[]) => unknown;
type Builder = Record<string, Fn>;
interface Obj {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string>; managedFields?: { manager?: string; operation?: string; fieldsV1?: unknown }[] };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}
type Client = Record<string, (...args: unknown[]) => Promise<unknown>>;

let server: TestApiServer;
let ac: Record<string, Fn>;
let common: Record<string, Fn>;
let cs: Record<string, () => Record<string, (ns?: string) => Client>>;

beforeAll(async () => {
  const config = goldenConfig('multi-group');
  const result = generateFiles(config);
  expect(result.ok).toBe(true);
  const dir = join(SCRATCH, 'multi-group');
  materialize(config.inputDir, result.files, dir);
  const crds = result.files.filter((f) => f.root === 'crd').flatMap((f) => yaml.loadAll(f.content) as object[]).filter(Boolean);
  server = await startTestApiServer({ crds });
  const transport: Transport = await e2eTransport(server);
  const out = join(dir, 'out');
  ac = (await import(pathToFileURL(join(out, 'applyconfigurations', 'ops-tools', 'v1', 'index.ts')).href)) as Record<string, Fn>;
  common = (await import(pathToFileURL(join(out, 'applyconfigurations', 'common', 'index.ts')).href)) as Record<string, Fn>;
  const mod = (await import(pathToFileURL(join(out, 'clientset', 'versioned', 'clientset.ts')).href)) as { newForTransport(t: Transport): typeof cs };
  cs = mod.newForTransport(transport);
});

afterAll(async () => {
  await server?.close();
  rmSync(SCRATCH, { recursive: true, force: true });
});

/** Calls a chain of builder methods: `[['withA', 1], ['withB', 2]]`. */
function chain(b: unknown, calls: [string, ...unknown[]][]): Builder {
  let cur = b as Builder;
  for (const [method, ...args] of calls) cur = cur[method]!(...args) as Builder;
  return cur;
}

describe('apply configurations against the test API server', () => {
  it('applies a namespaced kind built with builders and reads it back', async () => {
    const clients = cs['opsToolsV1']!()['httpClients']!('default');
    const retry = chain(ac['retryPolicy']!(), [['withAttempts', 3], ['withRetryOn', 502, 503], ['withRetryOn', 504]]);
    const tls = chain(common['tlsConfig']!(), [['withServerName', 'api.example.com'], ['withCaSecret', chain(common['secretKeyRef']!(), [['withName', 'ca'], ['withKey', 'ca.crt']])]]);
    const spec = chain(ac['httpClientSpec']!(), [
      ['withEndpoint', 'https://api.example.com'],
      ['withHeaders', { 'x-a': '1' }],
      ['withHeaders', { 'x-b': '2' }],
      ['withRetry', retry],
      ['withTls', tls],
      ['withProxy', { url: 'http://proxy:3128', noProxy: ['internal.example.com'] }],
    ]);
    const cfg = chain(ac['httpClient']!('web', 'default'), [['withLabels', { app: 'web' }], ['withAnnotations', { note: 'applied' }], ['withSpec', spec]]);
    const wantSpec = {
      endpoint: 'https://api.example.com',
      headers: { 'x-a': '1', 'x-b': '2' },
      retry: { attempts: 3, retryOn: [502, 503, 504] },
      tls: { serverName: 'api.example.com', caSecret: { name: 'ca', key: 'ca.crt' } },
      proxy: { url: 'http://proxy:3128', noProxy: ['internal.example.com'] },
    };
    expect(JSON.parse(JSON.stringify(cfg))).toStrictEqual({
      apiVersion: 'ops-tools.example.com/v1',
      kind: 'HTTPClient',
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' }, annotations: { note: 'applied' } },
      spec: wantSpec,
    });

    const applied = (await clients['apply']!(cfg, { fieldManager: 'e2e' })) as Obj;
    expect(applied.metadata?.resourceVersion).toBeTruthy();
    const got = (await clients['get']!('web')) as Obj;
    expect(got.apiVersion).toBe('ops-tools.example.com/v1');
    expect(got.kind).toBe('HTTPClient');
    expect(got.metadata?.labels).toEqual({ app: 'web' });
    expect(got.spec).toMatchObject(wantSpec);

    // Server-side apply: the manager's whole configuration again, with one field changed, changes just that.
    (spec as unknown as Builder)['withEndpoint']!('https://v2.example.com');
    await clients['apply']!(cfg, { fieldManager: 'e2e' });
    const after = (await clients['get']!('web')) as Obj;
    // (tls.minVersion is the schema's default, set by the server.)
    expect(after.spec).toEqual({ ...wantSpec, endpoint: 'https://v2.example.com', tls: { ...wantSpec.tls, minVersion: '1.2' } });
    // A configuration that no longer sets a field the manager alone owned removes it from the object.
    const noProxy = chain(ac['httpClient']!('web', 'default'), [['withSpec', chain(ac['httpClientSpec']!(), [['withEndpoint', 'https://v2.example.com']])]]);
    await clients['apply']!(noProxy, { fieldManager: 'e2e' });
    const pruned = (await clients['get']!('web')) as Obj;
    expect(pruned.spec).toEqual({ endpoint: 'https://v2.example.com' });
    expect(pruned.metadata?.labels).toBeUndefined();
  });

  it('applies status through applyStatus without touching the spec', async () => {
    const clients = cs['opsToolsV1']!()['httpClients']!('default');
    await clients['apply']!(chain(ac['httpClient']!('st', 'default'), [['withSpec', chain(ac['httpClientSpec']!(), [['withEndpoint', 'https://st.example.com']])]]), { fieldManager: 'e2e' });
    const ready = condition().withType('Ready').withStatus('True').withReason('Reachable').withMessage('200 OK').withLastTransitionTime('2026-11-23T07:00:00Z');
    const status = chain(ac['httpClientStatus']!(), [['withConditions', ready], ['withObservedGeneration', 1]]);
    const res = (await clients['applyStatus']!(chain(ac['httpClient']!('st', 'default'), [['withStatus', status]]), { fieldManager: 'e2e-status' })) as Obj;
    expect(res.status).toEqual({
      conditions: [{ type: 'Ready', status: 'True', reason: 'Reachable', message: '200 OK', lastTransitionTime: '2026-11-23T07:00:00Z' }],
      observedGeneration: 1,
    });
    const got = (await clients['get']!('st')) as Obj;
    expect(got.spec).toEqual({ endpoint: 'https://st.example.com' });
    expect(got.status?.['observedGeneration']).toBe(1);
  });

  it('applies a cluster-scoped kind', async () => {
    const policies = cs['opsToolsV1']!()['policies']!();
    const rule = chain(ac['policyRule']!(), [['withHosts', 'a.example.com', 'b.example.com'], ['withPaths', '/api']]);
    const spec = chain(ac['policySpec']!(), [['withMode', 'Enforce'], ['withRules', rule], ['withWeight', 2]]);
    const cfg = chain(ac['policy']!('strict'), [['withSpec', spec]]);
    expect((cfg as { metadata?: object }).metadata).toStrictEqual({ name: 'strict' });
    await policies['apply']!(cfg, { fieldManager: 'e2e' });
    const got = (await policies['get']!('strict')) as Obj;
    expect(got.spec).toEqual({ mode: 'Enforce', rules: [{ hosts: ['a.example.com', 'b.example.com'], paths: ['/api'] }], weight: 2 });
  });

  it('extracts what a manager applied from managedFields and applies it again unchanged', async () => {
    const clients = cs['opsToolsV1']!()['httpClients']!('default');
    await clients['apply']!(
      chain(ac['httpClient']!('ex', 'default'), [
        ['withLabels', { owner: 'me' }],
        ['withSpec', chain(ac['httpClientSpec']!(), [['withEndpoint', 'https://ex.example.com'], ['withHeaders', { 'x-mine': '1' }]])],
      ]),
      { fieldManager: 'me' },
    );
    // Another writer adds a header and a label (an update, not an apply).
    const cur = (await clients['get']!('ex')) as Obj;
    await clients['update']!({ ...cur, metadata: { ...cur.metadata, labels: { ...cur.metadata?.labels, other: 'x' } }, spec: { ...cur.spec, headers: { 'x-mine': '1', 'x-theirs': '2' } } });
    // The managed fields are the test API server's own, recorded as kube-apiserver's field manager does.
    const obj = (await clients['get']!('ex')) as Obj;
    const entries = obj.metadata?.managedFields ?? [];
    expect(entries.map((m) => `${m.operation}`)).toEqual(['Apply', 'Update']);
    expect(entries[0]).toMatchObject({ manager: 'me', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:owner': {} } }, 'f:spec': { 'f:endpoint': {}, 'f:headers': { 'f:x-mine': {} } } } });
    expect(entries[1]?.fieldsV1).toEqual({ 'f:metadata': { 'f:labels': { 'f:other': {} } }, 'f:spec': { 'f:headers': { 'f:x-theirs': {} } } });
    const extracted = ac['extractHTTPClient']!(obj, 'me') as Builder;
    expect(JSON.parse(JSON.stringify(extracted))).toStrictEqual({
      apiVersion: 'ops-tools.example.com/v1',
      kind: 'HTTPClient',
      metadata: { name: 'ex', namespace: 'default', labels: { owner: 'me' } },
      spec: { endpoint: 'https://ex.example.com', headers: { 'x-mine': '1' } },
    });
    expect(JSON.parse(JSON.stringify(ac['extractHTTPClientStatus']!(obj, 'me')))).toStrictEqual({
      apiVersion: 'ops-tools.example.com/v1',
      kind: 'HTTPClient',
      metadata: { name: 'ex', namespace: 'default' },
    });
    // The extracted configuration is a builder: change one field and apply it back.
    const again = (await clients['apply']!(extracted['withAnnotations']!({ round: 'trip' }), { fieldManager: 'me' })) as Obj & { metadata: { annotations?: Record<string, string> } };
    expect(again.metadata.annotations).toEqual({ round: 'trip' });
    expect(again.spec).toEqual({ endpoint: 'https://ex.example.com', headers: { 'x-mine': '1', 'x-theirs': '2' } });
  });
});
