/**
 * An in-process HTTP(S) server that speaks the Kubernetes REST protocol, for end-to-end tests of
 * clients, informers and controllers without a cluster. It routes requests into the ObjectTracker
 * (the same store as the fake clientset), so apiserver semantics live in one place: resourceVersion,
 * generation, optimistic concurrency, the status/scale subresources, selectors, pagination, patches,
 * finalizers, watch from a resourceVersion with bookmarks and 410 Gone after compaction, CRD
 * registration with schema pruning, defaulting and validation. README.md lists what it does not do.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RestRequest } from '../client/transport.js';
import { FakeTransport } from '../fake/transport.js';
import type { ObjectTracker, TrackedObject, TrackerResource, TrackerWatch } from '../fake/tracker.js';
import { ApiError } from '../rest/errors.js';
import { crdResources, validateCrd, type Crd } from './crd.js';

export interface TestApiServerOptions {
  /** CRDs (apiextensions.k8s.io/v1 objects) to register at start. */
  crds?: readonly object[];
  /** Serve HTTPS with a self-signed certificate (needs `openssl` on the PATH). */
  https?: boolean;
  /** Watch events kept for watches from a past resourceVersion (default 10,000). */
  historyLimit?: number;
  /** Interval of BOOKMARK events on watches that allow them, in ms (default 1,000). */
  bookmarkIntervalMs?: number;
  /** Bearer token clients must send (default: random). */
  token?: string;
  /** Record every request as an action (default false: long runs would grow without bound). */
  recordActions?: boolean;
  /**
   * Garbage-collect through ownerReferences and honour `propagationPolicy` (Background, Foreground,
   * Orphan), as kube-controller-manager's garbage collector does (default true; see ObjectTracker.garbageCollection).
   */
  garbageCollection?: boolean;
}

export interface TestApiServer {
  /** `http(s)://127.0.0.1:<port>` */
  readonly url: string;
  readonly token: string;
  /** PEM of the self-signed CA/serving certificate (HTTPS only). */
  readonly caPem: string | undefined;
  /** A kubeconfig for this server (kubectl works with it too). */
  readonly kubeconfigPath: string;
  /** The store behind the server. */
  readonly tracker: ObjectTracker;
  /** The in-process transport over the same store (requests bypass HTTP). */
  readonly transport: FakeTransport;
  /** Registers a CRD as a POST to /apis/apiextensions.k8s.io/v1/customresourcedefinitions would. */
  registerCrd(crd: object): void;
  /** Drops watch history: watches from older resourceVersions get 410 Expired. */
  compact(): void;
  /** Closes every open watch connection (clients see the stream end). */
  dropWatches(): void;
  /** Number of open watch connections. */
  openWatches(): number;
  close(): Promise<void>;
}

// Field labels as the apiserver registers them (events.k8s.io/v1 events: not restricted here).
const BUILTIN: TrackerResource[] = [
  { group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace', listKind: 'NamespaceList', namespaced: false, statusSubresource: true, shortNames: ['ns'], selectableFields: ['status.phase'] },
  { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', listKind: 'ConfigMapList', namespaced: true, statusSubresource: false, shortNames: ['cm'], selectableFields: [] },
  { group: '', version: 'v1', resource: 'secrets', kind: 'Secret', listKind: 'SecretList', namespaced: true, statusSubresource: false, selectableFields: ['type'] },
  {
    group: '', version: 'v1', resource: 'events', kind: 'Event', listKind: 'EventList', namespaced: true, statusSubresource: false, shortNames: ['ev'],
    selectableFields: [
      'involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion',
      'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type',
    ],
  },
  { group: 'events.k8s.io', version: 'v1', resource: 'events', kind: 'Event', listKind: 'EventList', namespaced: true, statusSubresource: false, shortNames: ['ev'] },
  { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', kind: 'Lease', listKind: 'LeaseList', namespaced: true, statusSubresource: false, selectableFields: [] },
  {
    group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', listKind: 'DeploymentList', namespaced: true, statusSubresource: true,
    shortNames: ['deploy'], categories: ['all'], selectableFields: [],
    scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' },
  },
  {
    group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions', kind: 'CustomResourceDefinition',
    listKind: 'CustomResourceDefinitionList', namespaced: false, statusSubresource: false, shortNames: ['crd', 'crds'], categories: ['api-extensions'],
    selectableFields: [],
  },
];

const CRD_KEY = 'apiextensions.k8s.io/v1/customresourcedefinitions';

/** The apiserver refuses to delete these. */
const PROTECTED_NAMESPACES = ['default', 'kube-system', 'kube-public'];

function statusBody(err: ApiError): object {
  return err.status;
}

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: ServerResponse, err: unknown): void {
  const e =
    err instanceof ApiError
      ? err
      : new ApiError({ code: 500, reason: 'InternalError', message: `Internal error occurred: ${err instanceof Error ? err.message : String(err)}` });
  send(res, e.code, statusBody(e));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function selfSigned(dir: string): { key: string; cert: string } {
  const keyPath = join(dir, 'server.key');
  const certPath = join(dir, 'server.crt');
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyPath, '-out', certPath,
        '-days', '2', '-subj', '/CN=kubegen-test-apiserver', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
      { stdio: 'ignore' },
    );
  } catch (err) {
    throw new Error(`startTestApiServer({ https: true }) needs openssl on the PATH to make a certificate: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8') };
}

function kubeconfig(url: string, token: string, caPem: string | undefined): string {
  const ca = caPem ? `    certificate-authority-data: ${Buffer.from(caPem).toString('base64')}\n` : '';
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: kubegen-test',
    '  cluster:',
    `    server: ${url}`,
    ca.trimEnd(),
    'users:',
    '- name: kubegen-test',
    '  user:',
    `    token: ${token}`,
    'contexts:',
    '- name: kubegen-test',
    '  context:',
    '    cluster: kubegen-test',
    '    user: kubegen-test',
    '    namespace: default',
    'current-context: kubegen-test',
    '',
  ]
    .filter((l) => l !== '')
    .join('\n') + '\n';
}

/** Starts a test API server on 127.0.0.1 with a random port. */
export async function startTestApiServer(options: TestApiServerOptions = {}): Promise<TestApiServer> {
  const dir = mkdtempSync(join(tmpdir(), 'kubegen-apiserver-'));
  const token = options.token ?? randomBytes(16).toString('hex');
  const transport = new FakeTransport(BUILTIN);
  transport.recording = options.recordActions ?? false;
  const tracker = transport.tracker;
  if (options.historyLimit !== undefined) tracker.historyLimit = options.historyLimit;
  tracker.garbageCollection = options.garbageCollection ?? true;
  const bookmarkMs = options.bookmarkIntervalMs ?? 1000;
  const ns = tracker.resource('', 'v1', 'namespaces')!;
  // A new namespace is Active with the `kubernetes` finalizer (the namespace strategy).
  ns.admit = (obj, old) => {
    if (old) return { object: obj, causes: [] };
    const spec = (obj['spec'] ?? {}) as { finalizers?: string[] };
    return { object: { ...obj, spec: { ...spec, finalizers: spec.finalizers ?? ['kubernetes'] }, status: { phase: 'Active' } }, causes: [] };
  };
  for (const name of PROTECTED_NAMESPACES) tracker.create(ns, '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

  const crdResource = tracker.resource('apiextensions.k8s.io', 'v1', 'customresourcedefinitions')!;
  // CRDs are validated, and registering one serves its versions (the apiserver's CRD controller).
  crdResource.admit = (obj) => {
    const causes = validateCrd(obj);
    if (causes.length > 0) return { object: obj, causes };
    const crd = obj as unknown as Crd;
    const status = {
      acceptedNames: { ...crd.spec.names, listKind: crd.spec.names.listKind ?? `${crd.spec.names.kind}List` },
      conditions: [
        { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found', lastTransitionTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') },
        { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted', lastTransitionTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') },
      ],
      storedVersions: crd.spec.versions.filter((v) => v.storage).map((v) => v.name),
    };
    return { object: { ...obj, status } as TrackedObject, causes: [] };
  };
  const served = new Map<string, TrackerResource[]>();
  const syncCrds = (): void => {
    const current = new Map<string, Crd>();
    for (const o of tracker.list(crdResource, '')['items'] as unknown as Crd[]) current.set(o.metadata?.name ?? '', o);
    for (const [name, rs] of served) {
      if (!current.has(name)) {
        for (const r of rs) tracker.unregister(r.group, r.version, r.resource);
        served.delete(name);
      }
    }
    for (const [name, crd] of current) {
      const prev = served.get(name);
      const next = crdResources(crd);
      if (prev) for (const r of prev) if (!next.some((n) => n.version === r.version)) tracker.unregister(r.group, r.version, r.resource);
      for (const r of next) tracker.register(r);
      served.set(name, next);
    }
  };
  // Namespaced objects need their namespace to exist and not be terminating (NamespaceLifecycle admission).
  transport.prependReactor('create', '*', (a) => {
    if (a.namespace !== '' && a.resource !== 'namespaces') {
      const found = tracker.list(ns, '', { fieldSelector: `metadata.name=${a.namespace}` })['items'] as TrackedObject[];
      if (found.length === 0) {
        return { handled: true, error: new ApiError({ code: 404, reason: 'NotFound', message: `namespaces "${a.namespace}" not found`, details: { name: a.namespace, kind: 'namespaces' } }) };
      }
      if (found[0]!.metadata?.deletionTimestamp !== undefined) {
        const name = (a.object as TrackedObject | undefined)?.metadata?.name ?? '';
        const what = a.group === '' ? a.resource : `${a.resource}.${a.group}`;
        return {
          handled: true,
          error: new ApiError({
            code: 403,
            reason: 'Forbidden',
            message: `${what} "${name}" is forbidden: unable to create new content in namespace ${a.namespace} because it is being terminated`,
            details: { name, group: a.group, kind: a.resource, causes: [{ reason: 'NamespaceTerminating', message: `namespace ${a.namespace} is being terminated`, field: 'metadata.namespace' }] },
          }),
        };
      }
    }
    return { handled: false };
  });
  // Deleting a namespace marks it Terminating; the namespace controller deletes its content, then it.
  let nsTimer: ReturnType<typeof setTimeout> | undefined;
  const finishNamespaces = (): void => {
    nsTimer = undefined;
    let waiting = false;
    for (const n of tracker.list(ns, '')['items'] as TrackedObject[]) {
      if (n.metadata?.deletionTimestamp === undefined) continue;
      const name = n.metadata.name!;
      let left = 0;
      for (const r of tracker.resources()) {
        if (!r.namespaced) continue;
        for (const o of tracker.list(r, name)['items'] as TrackedObject[]) {
          left++;
          if (o.metadata?.deletionTimestamp === undefined) tracker.delete(r, name, o.metadata!.name!);
        }
      }
      if (left === 0) tracker.purge(ns, '', name);
      else waiting = true;
    }
    if (waiting) scheduleNamespaces(20);
  };
  const scheduleNamespaces = (ms = 0): void => {
    if (nsTimer !== undefined) return;
    nsTimer = setTimeout(finishNamespaces, ms);
    nsTimer.unref?.();
  };
  transport.prependReactor('delete', 'namespaces', (a) => {
    if (PROTECTED_NAMESPACES.includes(a.name)) {
      return { handled: true, error: new ApiError({ code: 403, reason: 'Forbidden', message: `namespaces "${a.name}" is forbidden: this namespace may not be deleted`, details: { name: a.name, kind: 'namespaces' } }) };
    }
    try {
      if (a.query['dryRun'] === 'All') return { handled: true, result: tracker.get(ns, '', a.name) };
      const marked = tracker.markDeleting(ns, '', a.name, (o) => {
        o['status'] = { ...((o['status'] as object | undefined) ?? {}), phase: 'Terminating' };
      });
      scheduleNamespaces();
      return { handled: true, result: marked };
    } catch (error) {
      return { handled: true, error };
    }
  });

  const registerCrd = (crd: object): void => {
    tracker.create(crdResource, '', crd as TrackedObject);
    syncCrds();
  };
  for (const crd of options.crds ?? []) registerCrd(crd);

  /** Whether the object at an object path (`/api/v1/namespaces/ns/configmaps/x`) exists. */
  const exists = (path: string): boolean => {
    const parts = path.split('/').filter((p) => p !== '').map(decodeURIComponent);
    const gv = parts[0] === 'api' ? { group: '', version: parts[1] ?? '', rest: parts.slice(2) } : { group: parts[1] ?? '', version: parts[2] ?? '', rest: parts.slice(3) };
    let rest = gv.rest;
    let namespace = '';
    if (rest[0] === 'namespaces' && rest.length >= 4) {
      namespace = rest[1]!;
      rest = rest.slice(2);
    }
    const r = tracker.resource(gv.group, gv.version, rest[0] ?? '');
    if (!r || rest.length !== 2) return true;
    try {
      tracker.get(r, namespace, rest[1]!);
      return true;
    } catch {
      return false;
    }
  };

  const sockets = new Set<Socket>();
  const watches = new Set<{ w: TrackerWatch; res: ServerResponse }>();

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      try {
        if (req.headers.authorization !== `Bearer ${token}`) {
          throw new ApiError({ code: 401, reason: 'Unauthorized', message: 'Unauthorized' });
        }
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        let path = url.pathname;
        const query: Record<string, string> = {};
        for (const [k, v] of url.searchParams) query[k] = v;
        let watch = query['watch'] === 'true' || query['watch'] === '1';
        // Legacy watch paths: /api/v1/watch/..., /apis/g/v/watch/...
        const legacy = /^(\/api\/[^/]+|\/apis\/[^/]+\/[^/]+)\/watch(\/.*)$/.exec(path);
        if (legacy) {
          path = legacy[1]! + legacy[2]!;
          watch = true;
        }
        const method = (req.method ?? 'GET').toUpperCase();
        if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) {
          throw new ApiError({ code: 405, reason: 'MethodNotAllowed', message: `the server does not allow this method on the requested resource` });
        }
        const text = await readBody(req);
        let body: unknown;
        if (text !== '') {
          try {
            body = JSON.parse(text);
          } catch {
            const yaml = (req.headers['content-type'] ?? '').includes('yaml');
            throw new ApiError({
              code: yaml ? 415 : 400,
              reason: yaml ? 'UnsupportedMediaType' : 'BadRequest',
              message: yaml ? 'the test API server accepts JSON bodies only (JSON is valid YAML: send the apply patch as JSON)' : `the body of the request could not be decoded as JSON`,
            });
          }
        }
        const contentType = (req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim();
        if ((method === 'POST' || method === 'PUT') && text !== '' && contentType !== 'application/json') {
          throw new ApiError({ code: 415, reason: 'UnsupportedMediaType', message: `the body of the request was in an unknown format - accepted media types include: application/json` });
        }
        const userAgent = req.headers['user-agent'];
        const restReq: RestRequest = {
          method: method as RestRequest['method'],
          path,
          query,
          ...(body !== undefined ? { body } : {}),
          contentType,
          ...(userAgent !== undefined ? { userAgent } : {}),
        };
        if (watch && method === 'GET') {
          await serveWatch(restReq, query, res);
          return;
        }
        // An apply that creates the object is answered 201 Created, as the apiserver answers it.
        const creates = method === 'POST' || (method === 'PATCH' && contentType === 'application/apply-patch+yaml' && !exists(path));
        const result = await transport.request(restReq);
        if (path.includes('/customresourcedefinitions')) syncCrds();
        send(res, creates ? 201 : 200, result);
      } catch (err) {
        if (!res.headersSent) sendError(res, err);
        else res.end();
      }
    })();
  };

  const serveWatch = async (restReq: RestRequest, query: Record<string, string>, res: ServerResponse): Promise<void> => {
    const w = (await transport.watch(restReq)) as unknown as TrackerWatch;
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    const entry = { w, res };
    watches.add(entry);
    const timers: NodeJS.Timeout[] = [];
    if (query['allowWatchBookmarks'] === 'true') timers.push(setInterval(() => w.bookmark(), bookmarkMs));
    const timeout = Number(query['timeoutSeconds'] ?? '0');
    if (timeout > 0) timers.push(setTimeout(() => w.stop(), timeout * 1000));
    res.on('close', () => w.stop());
    try {
      for await (const ev of w) {
        if (!res.write(JSON.stringify(ev) + '\n')) await new Promise((r) => res.once('drain', r));
      }
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError({ code: 500, reason: 'InternalError', message: String(err) });
      res.write(JSON.stringify({ type: 'ERROR', object: statusBody(e) }) + '\n');
    } finally {
      for (const t of timers) clearInterval(t);
      watches.delete(entry);
      res.end();
    }
  };

  let caPem: string | undefined;
  let server: Server;
  if (options.https) {
    const { key, cert } = selfSigned(dir);
    caPem = cert;
    server = createHttpsServer({ key, cert }, handler);
  } else {
    server = createHttpServer(handler);
  }
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `${options.https ? 'https' : 'http'}://127.0.0.1:${port}`;
  const kubeconfigPath = join(dir, 'kubeconfig');
  writeFileSync(kubeconfigPath, kubeconfig(url, token, caPem), { mode: 0o600 });

  return {
    url,
    token,
    caPem,
    kubeconfigPath,
    tracker,
    transport,
    registerCrd,
    compact: () => tracker.compact(),
    dropWatches: () => {
      for (const { res } of [...watches]) res.destroy();
      tracker.closeWatches();
    },
    openWatches: () => watches.size,
    close: async () => {
      if (nsTimer !== undefined) clearTimeout(nsTimer);
      tracker.closeWatches();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export { CRD_KEY };
