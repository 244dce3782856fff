import { afterEach, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../../src/testing/index.js';
import { client } from './http.js';

const fooCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'foos.example.com' },
  spec: {
    group: 'example.com',
    names: { plural: 'foos', singular: 'foo', kind: 'Foo', listKind: 'FooList', shortNames: ['fo'] },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['deploymentName'],
                properties: {
                  deploymentName: { type: 'string', minLength: 1 },
                  replicas: { type: 'integer', format: 'int32', minimum: 1, maximum: 10, default: 1 },
                  mode: { type: 'string', enum: ['a', 'b'] },
                },
              },
              status: { type: 'object', properties: { replicas: { type: 'integer' } } },
            },
          },
        },
      },
    ],
  },
};

let server: TestApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const FOOS = '/apis/example.com/v1/namespaces/default/foos';
const foo = (name: string, spec: Record<string, unknown> = { deploymentName: 'd' }) => ({ apiVersion: 'example.com/v1', kind: 'Foo', metadata: { name }, spec });

describe('test API server', () => {
  it('rejects requests without the token', async () => {
    server = await startTestApiServer();
    const r = await client(server, 'wrong').call('GET', '/api');
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Unauthorized', code: 401 });
  });

  it('serves discovery for built-in groups and registered CRDs', async () => {
    server = await startTestApiServer({ crds: [fooCrd] });
    const c = client(server);
    expect((await c.call('GET', '/api')).body).toEqual({ kind: 'APIVersions', versions: ['v1'] });
    const groups = (await c.call('GET', '/apis')).body.groups.map((g: { name: string }) => g.name);
    expect(groups).toEqual(['apiextensions.k8s.io', 'apps', 'coordination.k8s.io', 'events.k8s.io', 'example.com']);
    const foos = (await c.call('GET', '/apis/example.com/v1')).body.resources;
    expect(foos.map((r: { name: string }) => r.name)).toEqual(['foos', 'foos/status', 'foos/scale']);
    expect(foos[0]).toMatchObject({ kind: 'Foo', namespaced: true, shortNames: ['fo'] });
    expect((await c.call('GET', '/apis/example.com/v2')).status).toBe(404);
  });

  it('registers CRDs posted to the API, validating them first', async () => {
    server = await startTestApiServer();
    const c = client(server);
    const bad = await c.call('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { ...fooCrd, metadata: { name: 'wrong.example.com' } });
    expect(bad.status).toBe(422);
    expect(bad.body.details.causes).toEqual([{ field: 'metadata.name', reason: 'FieldValueInvalid', message: 'Invalid value: "wrong.example.com": must be spec.names.plural+"."+spec.group' }]);
    const ok = await c.call('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', fooCrd);
    expect(ok.status).toBe(201);
    expect(ok.body.status.conditions.map((x: { type: string }) => x.type)).toEqual(['NamesAccepted', 'Established']);
    expect((await c.call('POST', FOOS, foo('a'))).status).toBe(201);
    expect((await c.call('DELETE', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/foos.example.com')).status).toBe(200);
    expect((await c.call('GET', FOOS)).status).toBe(404);
  });

  it('prunes unknown fields, applies defaults and validates with apiserver-shaped causes', async () => {
    server = await startTestApiServer({ crds: [fooCrd] });
    const c = client(server);
    const created = await c.call('POST', FOOS, { ...foo('a'), spec: { deploymentName: 'd', unknown: 1 }, extra: true });
    expect(created.status).toBe(201);
    expect(created.body.spec).toEqual({ deploymentName: 'd', replicas: 1 });
    expect(created.body.extra).toBeUndefined();
    const invalid = await c.call('POST', FOOS, foo('b', { replicas: 11, mode: 'c' }));
    expect(invalid.status).toBe(422);
    expect(invalid.body.reason).toBe('Invalid');
    expect(invalid.body.details.causes).toEqual([
      { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.deploymentName' },
      { reason: 'FieldValueInvalid', message: 'Invalid value: 11: spec.replicas in body should be less than or equal to 10', field: 'spec.replicas' },
      { reason: 'FieldValueNotSupported', message: 'Unsupported value: "c": supported values: "a", "b"', field: 'spec.mode' },
    ]);
    expect(invalid.body.message).toMatch(/^Foo\.example\.com "b" is invalid: \[/);
  });

  it('enforces optimistic concurrency and the status/spec split, and serves scale', async () => {
    server = await startTestApiServer({ crds: [fooCrd] });
    const c = client(server);
    const a = (await c.call('POST', FOOS, foo('a'))).body;
    expect(a.metadata).toMatchObject({ generation: 1, resourceVersion: expect.any(String), uid: expect.any(String) });
    const u = await c.call('PUT', `${FOOS}/a`, { ...a, spec: { ...a.spec, replicas: 3 }, status: { replicas: 9 } });
    expect(u.body.metadata.generation).toBe(2);
    expect(u.body.status).toBeUndefined();
    const stale = await c.call('PUT', `${FOOS}/a`, { ...a, spec: { ...a.spec, replicas: 4 } });
    expect(stale.status).toBe(409);
    expect(stale.body.reason).toBe('Conflict');
    const st = await c.call('PUT', `${FOOS}/a/status`, { ...u.body, spec: { deploymentName: 'zzz' }, status: { replicas: 2 } });
    expect(st.body.spec.deploymentName).toBe('d');
    expect(st.body.status).toEqual({ replicas: 2 });
    const scale = (await c.call('GET', `${FOOS}/a/scale`)).body;
    expect(scale).toMatchObject({ apiVersion: 'autoscaling/v1', kind: 'Scale', spec: { replicas: 3 }, status: { replicas: 2 } });
    const scaled = await c.call('PUT', `${FOOS}/a/scale`, { ...scale, spec: { replicas: 5 } });
    expect(scaled.body.spec.replicas).toBe(5);
    expect((await c.call('GET', `${FOOS}/a`)).body.spec.replicas).toBe(5);
  });

  it('refuses objects in namespaces that do not exist', async () => {
    server = await startTestApiServer({ crds: [fooCrd] });
    const r = await client(server).call('POST', '/apis/example.com/v1/namespaces/nope/foos', foo('a'));
    expect(r.status).toBe(404);
    expect(r.body.message).toBe('namespaces "nope" not found');
  });

  it('paginates lists with limit and continue', async () => {
    server = await startTestApiServer({ crds: [fooCrd] });
    const c = client(server);
    for (const n of ['a', 'b', 'c', 'd', 'e']) await c.call('POST', FOOS, foo(n));
    const names: string[] = [];
    let cont = '';
    let pages = 0;
    do {
      const page = (await c.call('GET', `${FOOS}?limit=2${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`)).body;
      names.push(...page.items.map((i: { metadata: { name: string } }) => i.metadata.name));
      cont = page.metadata.continue ?? '';
      pages++;
    } while (cont);
    expect(names).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(pages).toBe(3);
  });

  it('watches from a resourceVersion, sends bookmarks, and answers 410 after compaction', async () => {
    server = await startTestApiServer({ crds: [fooCrd], bookmarkIntervalMs: 50 });
    const c = client(server);
    await c.call('POST', FOOS, foo('a'));
    const rv = (await c.call('GET', FOOS)).body.metadata.resourceVersion;
    await c.call('POST', FOOS, foo('b'));
    await c.call('DELETE', `${FOOS}/a`);
    const events = await c.watch(`${FOOS}?watch=true&resourceVersion=${rv}&allowWatchBookmarks=true`, (evs) => evs.some((e) => e.type === 'BOOKMARK'));
    expect(events.slice(0, 2).map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED b', 'DELETED a']);
    const bookmark = events.find((e) => e.type === 'BOOKMARK');
    expect(bookmark.object).toEqual({ apiVersion: 'example.com/v1', kind: 'Foo', metadata: { resourceVersion: expect.any(String) } });
    server.compact();
    const expired = await c.watch(`${FOOS}?watch=true&resourceVersion=${rv}`, () => false);
    expect(expired).toEqual([
      { type: 'ERROR', object: expect.objectContaining({ kind: 'Status', code: 410, reason: 'Expired', message: expect.stringMatching(/^too old resource version/) }) },
    ]);
  });

  it('ends watches after timeoutSeconds and when the server drops them', async () => {
    server = await startTestApiServer({ crds: [fooCrd] });
    const c = client(server);
    const t0 = Date.now();
    await c.watch(`${FOOS}?watch=true&resourceVersion=0&timeoutSeconds=1`, () => false);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    const pending = c.watch(`/apis/example.com/v1/watch/namespaces/default/foos`, () => false);
    while (server.openWatches() === 0) await new Promise((r) => setTimeout(r, 5));
    server.dropWatches();
    // A dropped connection, as when an apiserver restarts: the client sees the socket close mid-stream.
    await expect(pending).rejects.toThrow(/terminated/);
  });

  it('serves HTTPS with a kubeconfig that carries its CA', async () => {
    server = await startTestApiServer({ https: true });
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const { readFileSync } = await import('node:fs');
    const kc = readFileSync(server.kubeconfigPath, 'utf8');
    expect(kc).toContain(`server: ${server.url}`);
    expect(kc).toContain('certificate-authority-data: ');
    const { Agent, fetch: ufetch } = await import('undici');
    const res = await ufetch(`${server.url}/version`, { headers: { authorization: `Bearer ${server.token}` }, dispatcher: new Agent({ connect: { ca: server.caPem! } }) });
    expect(res.status).toBe(200);
  });
});
