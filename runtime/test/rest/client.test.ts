import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, isConflict, isNotFound, isResourceExpired, isTimeout, isTooManyRequests } from '../../src/rest/errors.js';
import { ConnectionError, RestClient } from '../../src/rest/client.js';
import { ExecAuthenticator, ExecCredentialError } from '../../src/rest/auth.js';
import type { ExecConfig } from '../../src/rest/config.js';
import { fromClientNodeKubeConfig, loadKubeConfig } from '../../src/rest/kubeconfig.js';
import { WatchDecodeError } from '../../src/watch/decode.js';
import { b64, json, makePki, serve, tempDir, type Pki, type TestServer } from './helpers.js';

const servers: TestServer[] = [];
const clients: RestClient[] = [];
const track = <T extends TestServer>(s: T): T => (servers.push(s), s);
const client = (...args: ConstructorParameters<typeof RestClient>): RestClient => {
  const c = new RestClient(...args);
  clients.push(c);
  return c;
};
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close().catch(() => undefined);
  for (const s of servers.splice(0)) await s.close();
});
const noSleep = { sleep: async () => undefined };

describe('requests', () => {
  it('sends method, path prefix, query, body, headers; decodes JSON', async () => {
    const s = track(await serve((_req, res) => json(res, 201, { kind: 'Network', metadata: { name: 'n' } })));
    const c = client({ host: `${s.url}/prefix/`, bearerToken: 'tok', userAgent: 'ua/1', impersonate: { userName: 'jane', groups: ['a', 'b'] } });
    const out = await c.request({
      method: 'POST',
      path: '/apis/g/v1/namespaces/ns/networks',
      query: { dryRun: ['All'], fieldManager: 'me', limit: 5, watch: undefined, pretty: false },
      body: { metadata: { name: 'n' } },
    });
    expect(out).toEqual({ kind: 'Network', metadata: { name: 'n' } });
    const seen = s.seen[0]!;
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/prefix/apis/g/v1/namespaces/ns/networks?dryRun=All&fieldManager=me&limit=5&pretty=false');
    expect(seen.headers).toMatchObject({
      authorization: 'Bearer tok',
      'user-agent': 'ua/1',
      accept: 'application/json',
      'content-type': 'application/json',
      'impersonate-user': 'jane',
      'impersonate-group': 'a,b',
    });
    expect(JSON.parse(seen.body)).toEqual({ metadata: { name: 'n' } });
  });

  it('basic auth, and no auth header without credentials', async () => {
    const s = track(await serve((_req, res) => json(res, 200, {})));
    await client({ host: s.url, username: 'bob', password: 'pw' }).request({ method: 'GET', path: '/api' });
    await client({ host: s.url }).request({ method: 'GET', path: '/api' });
    expect(s.seen[0]!.headers.authorization).toBe(`Basic ${b64('bob:pw')}`);
    expect(s.seen[1]!.headers.authorization).toBeUndefined();
  });

  it('turns failures into ApiError with the server Status, and synthesises one for non-Status bodies', async () => {
    const s = track(
      await serve((req, res) => {
        if (req.url.endsWith('/a')) return json(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'networks "a" not found', details: { name: 'a', kind: 'networks' } });
        if (req.url.endsWith('/b')) return json(res, 409, { kind: 'Status', reason: 'Conflict', code: 409, message: 'the object has been modified' });
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('bad gateway from proxy');
      }),
    );
    const c = client({ host: s.url, maxRetries: 0 });
    const e1 = await c.request({ method: 'GET', path: '/x/a' }).catch((e: unknown) => e);
    expect(isNotFound(e1)).toBe(true);
    expect((e1 as ApiError).details).toEqual({ name: 'a', kind: 'networks' });
    expect((e1 as ApiError).url).toBe(`${s.url}/x/a`);
    expect(isConflict(await c.request({ method: 'PUT', path: '/x/b', body: {} }).catch((e: unknown) => e))).toBe(true);
    const e3 = (await c.request({ method: 'GET', path: '/x/c' }).catch((e: unknown) => e)) as ApiError;
    expect(e3.code).toBe(502);
    expect(e3.message).toBe('bad gateway from proxy');
  });
});

describe('retries', () => {
  it('retries 429 (any verb) after Retry-After, and 503 for idempotent verbs only', async () => {
    let n = 0;
    const s = track(
      await serve((req, res) => {
        n++;
        if (req.url === '/throttled' && n < 3) return json(res, 429, { kind: 'Status', reason: 'TooManyRequests', code: 429 }, { 'retry-after': '1' });
        if (req.url === '/unavailable') return json(res, 503, { kind: 'Status', reason: 'ServiceUnavailable', code: 503 });
        json(res, 200, { ok: n });
      }),
    );
    const slept: number[] = [];
    const c = client({ host: s.url, maxRetries: 3 }, { sleep: async (ms) => void slept.push(ms) });
    expect(await c.request({ method: 'POST', path: '/throttled', body: {} })).toEqual({ ok: 3 });
    expect(slept).toEqual([1000, 1000]);
    n = 0;
    slept.length = 0;
    const e = await c.request({ method: 'GET', path: '/unavailable' }).catch((x: unknown) => x);
    expect((e as ApiError).code).toBe(503);
    expect(n).toBe(4); // 1 + 3 retries
    expect(slept).toHaveLength(3);
    n = 0;
    await c.request({ method: 'POST', path: '/unavailable', body: {} }).catch(() => undefined);
    expect(n).toBe(1); // a POST may have been applied: never retried on 5xx
    n = 0;
    const limited = client({ host: s.url, maxRetries: 0 });
    expect(isTooManyRequests(await limited.request({ method: 'GET', path: '/throttled' }).catch((x: unknown) => x))).toBe(true);
  });

  it('retries refused connections for GET, then fails with a clear ConnectionError (no hang)', async () => {
    const s = await serve(() => undefined);
    const url = s.url;
    await s.close();
    const slept: number[] = [];
    const c = client({ host: url, maxRetries: 2 }, { sleep: async (ms) => void slept.push(ms) });
    const e = await c.request({ method: 'GET', path: '/api' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConnectionError);
    expect((e as ConnectionError).code).toBe('ECONNREFUSED');
    expect((e as Error).message).toContain(`GET ${url}/api: connection refused: is the API server at ${url} running and reachable?`);
    expect(slept).toHaveLength(2);
  });

  it('times out per request and honours the caller’s AbortSignal', async () => {
    const s = track(await serve(() => undefined)); // never answers
    const c = client({ host: s.url, maxRetries: 0 });
    const e = await c.request({ method: 'GET', path: '/slow', timeoutMs: 100 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConnectionError);
    expect((e as ConnectionError).code).toBe('TIMEOUT');
    const ac = new AbortController();
    const p = c.request({ method: 'GET', path: '/slow', signal: ac.signal }).catch((x: unknown) => x);
    ac.abort(new Error('cancelled by test'));
    expect(((await p) as Error).message).toBe('cancelled by test');
  });

  it('limits the request rate when qps is set', async () => {
    const s = track(await serve((_r, res) => json(res, 200, {})));
    const c = client({ host: s.url, qps: 20, burst: 2 });
    const start = performance.now();
    await Promise.all(Array.from({ length: 6 }, () => c.request({ method: 'GET', path: '/api' })));
    // 2 immediately from the burst, 4 more at 20/s ≈ 200 ms.
    expect(performance.now() - start).toBeGreaterThanOrEqual(170);
  });
});

describe('exec credential plugins', () => {
  let t: ReturnType<typeof tempDir>;
  let plugin: string;
  beforeAll(() => {
    t = tempDir();
    plugin = t.write(
      'plugin.mjs',
      `#!/usr/bin/env node
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
const counter = process.env.COUNTER;
const n = existsSync(counter) ? Number(readFileSync(counter, 'utf8')) + 1 : 1;
writeFileSync(counter, String(n));
const info = JSON.parse(process.env.KUBERNETES_EXEC_INFO);
if (process.env.MODE === 'fail') { console.error('login required: run plugin login'); process.exit(3); }
if (process.env.MODE === 'garbage') { console.log('hello'); process.exit(0); }
console.log(JSON.stringify({ apiVersion: info.apiVersion, kind: 'ExecCredential',
  status: { token: 'token-' + n + '-' + (info.spec.cluster ? info.spec.cluster.server : 'nocluster'),
    expirationTimestamp: process.env.EXPIRES || new Date(Date.now() + 3600e3).toISOString() } }));
`,
    );
    chmodSync(plugin, 0o755);
  });

  it('runs the plugin once, caches the token, and re-runs it after a 401', async () => {
    let accept = '';
    const s = track(
      await serve((req, res) => {
        if (req.headers.authorization !== `Bearer ${accept}`) return json(res, 401, { kind: 'Status', reason: 'Unauthorized', code: 401 });
        json(res, 200, { ok: true });
      }),
    );
    const counter = join(t.dir, 'count1');
    const kubeconfig = t.write(
      'exec.kubeconfig',
      `current-context: x
clusters: [{ name: c, cluster: { server: "${s.url}" } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
users:
- name: u
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./plugin.mjs
      env: [{ name: COUNTER, value: "${counter}" }]
      provideClusterInfo: true
      interactiveMode: IfAvailable
`,
    );
    const c = client(await loadKubeConfig({ kubeconfig }));
    accept = `token-1-${s.url}`;
    await c.request({ method: 'GET', path: '/a' });
    await c.request({ method: 'GET', path: '/b' });
    expect(readFileSync(counter, 'utf8')).toBe('1');
    accept = `token-2-${s.url}`; // the server rotates: the cached token now gets a 401
    expect(await c.request({ method: 'GET', path: '/c' })).toEqual({ ok: true });
    expect(readFileSync(counter, 'utf8')).toBe('2');
    expect(s.seen.map((x) => x.headers.authorization)).toEqual([`Bearer token-1-${s.url}`, `Bearer token-1-${s.url}`, `Bearer token-1-${s.url}`, `Bearer token-2-${s.url}`]);
  });

  it('re-runs the plugin when the credential expires', async () => {
    const counter = join(t.dir, 'count2');
    let now = Date.parse('2030-01-01T00:00:00Z');
    const auth = new ExecAuthenticator(
      { apiVersion: 'client.authentication.k8s.io/v1beta1', command: plugin, env: [{ name: 'COUNTER', value: counter }, { name: 'EXPIRES', value: '2030-01-01T00:10:00Z' }] },
      () => now,
    );
    expect(await auth.authenticate({ refresh: false })).toEqual({ headers: { authorization: 'Bearer token-1-nocluster' } });
    expect(await auth.authenticate({ refresh: false })).toEqual({ headers: { authorization: 'Bearer token-1-nocluster' } });
    now += 11 * 60_000;
    expect(await auth.authenticate({ refresh: false })).toEqual({ headers: { authorization: 'Bearer token-2-nocluster' } });
  });

  it.each([
    ['a missing command names the install hint', { command: join('/nonexistent', 'plugin'), installHint: 'brew install plugin' }, /executable \/nonexistent\/plugin not found\n\nbrew install plugin/],
    ['a failing plugin shows its stderr', { env: [{ name: 'MODE', value: 'fail' }] }, /failed \(exit code 3\): login required: run plugin login/],
    ['output that is not JSON', { env: [{ name: 'MODE', value: 'garbage' }] }, /printed something that is not JSON/],
  ] as const)('%s', async (_name, over, want) => {
    const counter = join(t.dir, 'count3');
    const o = over as { command?: string; installHint?: string; env?: readonly { name: string; value: string }[] };
    const cfg: ExecConfig = {
      apiVersion: 'client.authentication.k8s.io/v1',
      command: o.command ?? plugin,
      interactiveMode: 'Never',
      env: [...(o.env ?? []), { name: 'COUNTER', value: counter }],
      ...(o.installHint ? { installHint: o.installHint } : {}),
    };
    const err = await new ExecAuthenticator(cfg).authenticate({ refresh: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExecCredentialError);
    expect((err as Error).message).toMatch(want);
  });
});

describe('token files', () => {
  it('re-reads a rotated token file after a 401', async () => {
    const t = tempDir();
    const file = t.write('token', 'one\n');
    let accept = 'one';
    const s = track(await serve((req, res) => (req.headers.authorization === `Bearer ${accept}` ? json(res, 200, {}) : json(res, 401, { kind: 'Status', code: 401, reason: 'Unauthorized' }))));
    const c = client({ host: s.url, bearerTokenFile: file });
    await c.request({ method: 'GET', path: '/' });
    writeFileSync(file, 'two\n');
    accept = 'two';
    await c.request({ method: 'GET', path: '/' });
    expect(s.seen.map((x) => x.headers.authorization)).toEqual(['Bearer one', 'Bearer one', 'Bearer two']);
    t.cleanup();
  });
});

describe('TLS', () => {
  let t: ReturnType<typeof tempDir>;
  let pki: Pki;
  beforeAll(() => {
    t = tempDir();
    pki = makePki(t.dir);
  });

  it('verifies the server with the kubeconfig CA and presents the client certificate (mTLS)', async () => {
    const s = track(await serve((req, res) => json(res, 200, { user: req.clientCN }), { key: pki.serverKey, cert: pki.serverCert, ca: pki.caCert, requestCert: true, rejectUnauthorized: true }));
    const kubeconfig = t.write(
      'mtls.kubeconfig',
      `current-context: x
clusters: [{ name: c, cluster: { server: "${s.url}", certificate-authority-data: ${b64(pki.caCert)} } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
users: [{ name: u, user: { client-certificate-data: ${b64(pki.clientCert)}, client-key-data: ${b64(pki.clientKey)} } }]
`,
    );
    expect(await client(await loadKubeConfig({ kubeconfig })).request({ method: 'GET', path: '/api' })).toEqual({ user: 'alice' });
  });

  it('a CA mismatch is a clear TLS error; insecure-skip-tls-verify connects anyway', async () => {
    const s = track(await serve((_req, res) => json(res, 200, { ok: true }), { key: pki.serverKey, cert: pki.serverCert }));
    const e = await client({ host: s.url, tls: { ca: pki.otherCaCert }, maxRetries: 0 }).request({ method: 'GET', path: '/api' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConnectionError);
    expect((e as Error).message).toMatch(/TLS: .*certificate-authority/);
    expect(await client({ host: s.url, tls: { insecure: true } }).request({ method: 'GET', path: '/api' })).toEqual({ ok: true });
    const named = await client({ host: s.url.replace('127.0.0.1', 'localhost'), tls: { ca: pki.caCert, serverName: 'localhost' } }).request({ method: 'GET', path: '/api' });
    expect(named).toEqual({ ok: true });
  });

  it('takes auth and TLS from a @kubernetes/client-node KubeConfig', async () => {
    const s = track(await serve((req, res) => json(res, 200, { auth: req.headers.authorization, user: req.clientCN ?? null }), { key: pki.serverKey, cert: pki.serverCert, ca: pki.caCert, requestCert: true, rejectUnauthorized: false }));
    const { KubeConfig } = await import('@kubernetes/client-node');
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: s.url, caData: b64(pki.caCert), skipTLSVerify: false }],
      users: [{ name: 'u', token: 'from-client-node', certData: b64(pki.clientCert), keyData: b64(pki.clientKey) }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u', namespace: 'team' }],
      currentContext: 'x',
    });
    const cfg = await fromClientNodeKubeConfig(kc);
    expect(cfg.namespace).toBe('team');
    expect(await client(cfg).request({ method: 'GET', path: '/api' })).toEqual({ auth: 'Bearer from-client-node', user: 'alice' });
  });
});

describe('watch over HTTP', () => {
  const ev = (type: string, name: string, rv: string): string => JSON.stringify({ type, object: { metadata: { name, resourceVersion: rv } } }) + '\n';

  it('decodes events split across chunks as they arrive, and stop() ends the iteration and the connection', async () => {
    let closed = false;
    const s = track(
      await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        const all = ev('ADDED', 'a', '1') + ev('MODIFIED', 'a', '2') + ev('BOOKMARK', '', '3');
        res.write(all.slice(0, 10));
        setTimeout(() => res.write(all.slice(10, 70)), 10);
        setTimeout(() => res.write(all.slice(70)), 20);
        res.on('close', () => (closed = true));
      }),
    );
    const c = client({ host: s.url });
    const w = await c.watch<{ metadata: { name: string; resourceVersion: string } }>({ method: 'GET', path: '/w', query: { watch: 'true', allowWatchBookmarks: true } });
    const got: string[] = [];
    for await (const e of w) {
      got.push(`${e.type}:${e.object.metadata.resourceVersion}`);
      if (got.length === 3) w.stop();
    }
    expect(got).toEqual(['ADDED:1', 'MODIFIED:2', 'BOOKMARK:3']);
    await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBe(true);
    expect(s.seen[0]!.url).toBe('/w?watch=true&allowWatchBookmarks=true');
  });

  it('an ERROR 410 event is a distinguishable ApiError; a mid-event close is a clear error; cancellation ends it', async () => {
    const s = track(
      await serve((req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        if (req.url.startsWith('/gone')) {
          res.end(ev('ADDED', 'a', '1') + JSON.stringify({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 410, reason: 'Expired', message: 'too old resource version: 1 (5)' } }) + '\n');
        } else if (req.url.startsWith('/cut')) {
          res.write(ev('ADDED', 'a', '1') + '{"type":"MODIFIED","obj');
          setTimeout(() => res.end(), 10);
        } else {
          res.write(ev('ADDED', 'a', '1'));
        }
      }),
    );
    const c = client({ host: s.url });
    const seen: string[] = [];
    const gone = await (async () => {
      for await (const e of await c.watch({ method: 'GET', path: '/gone', query: { watch: 'true' } })) seen.push(e.type);
    })().catch((x: unknown) => x);
    expect(seen).toEqual(['ADDED']);
    expect(isResourceExpired(gone)).toBe(true);
    expect((gone as ApiError).message).toBe('too old resource version: 1 (5)');

    const cut = await (async () => {
      for await (const _ of await c.watch({ method: 'GET', path: '/cut', query: { watch: 'true' } })) void _;
    })().catch((x: unknown) => x);
    expect(cut).toBeInstanceOf(WatchDecodeError);
    expect((cut as Error).message).toMatch(/ended in the middle of an event \(\d+ bytes unterminated\)/);

    const ac = new AbortController();
    const w = await c.watch({ method: 'GET', path: '/open', query: { watch: 'true' }, signal: ac.signal });
    const types: string[] = [];
    const done = (async () => {
      for await (const e of w) {
        types.push(e.type);
        ac.abort();
      }
    })();
    await expect(done).resolves.toBeUndefined();
    expect(types).toEqual(['ADDED']);
  });

  it('a silent (half-open) watch ends with a Timeout error after the inactivity timeout', async () => {
    const s = track(
      await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write(ev('ADDED', 'a', '1'));
      }),
    );
    const c = client({ host: s.url, watchInactivityTimeoutMs: 150 });
    const start = performance.now();
    const err = await (async () => {
      for await (const _ of await c.watch({ method: 'GET', path: '/w', query: { watch: 'true', allowWatchBookmarks: true } })) void _;
    })().catch((x: unknown) => x);
    expect(isTimeout(err)).toBe(true);
    expect((err as Error).message).toMatch(/nothing received for 0 s \(no event, no bookmark\).*half-open/);
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('a watch refused by the server rejects with its ApiError', async () => {
    const s = track(await serve((_req, res) => json(res, 403, { kind: 'Status', reason: 'Forbidden', code: 403, message: 'watch is forbidden' })));
    const e = await client({ host: s.url }).watch({ method: 'GET', path: '/w', query: { watch: 'true' } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe(403);
  });
});
