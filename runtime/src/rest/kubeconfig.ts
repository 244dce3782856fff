/**
 * Kubeconfig loading, as kubectl and client-go do it: `$KUBECONFIG` (a `:`-separated list, merged: the
 * first file to define a cluster, user or context name wins, and the first `current-context` wins) or
 * `~/.kube/config`; a context override; relative file paths resolved against the file that holds them;
 * `*-data` fields base64-decoded; exec plugins and tokens passed on to the REST client.
 *
 * Why hand-written rather than @kubernetes/client-node's KubeConfig: the runtime must work without that
 * package (it is an optional peer), errors must name the file and the entry at fault, and merge order and
 * path resolution must follow client-go exactly. Users who hold a client-node KubeConfig already can pass
 * it through `fromClientNodeKubeConfig` instead, which delegates auth and TLS to client-node.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import yaml from 'js-yaml';
import type { ExecConfig, ImpersonationConfig, RestConfig, TlsConfig } from './config.js';

/** A kubeconfig problem: names the file (and entry) at fault and says how to fix it. */
export class KubeConfigError extends Error {
  override readonly name = 'KubeConfigError';
}

export interface LoadKubeConfigOptions {
  /** Explicit file (like `--kubeconfig`): must exist; `$KUBECONFIG` is then ignored. */
  kubeconfig?: string;
  /** Context to use instead of `current-context` (like `--context`). */
  context?: string;
  /** Overrides of the chosen context's cluster / user / namespace (like `--cluster`, `--user`, `-n`). */
  cluster?: string;
  user?: string;
  namespace?: string;
  /** Environment to read `KUBECONFIG` and `HOME` from (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
}

interface NamedEntry<T> {
  value: T;
  /** The file the entry came from: relative paths in it are resolved against its directory. */
  file: string;
}

interface Merged {
  files: string[];
  currentContext: string | undefined;
  clusters: Map<string, NamedEntry<Record<string, unknown>>>;
  users: Map<string, NamedEntry<Record<string, unknown>>>;
  contexts: Map<string, NamedEntry<Record<string, unknown>>>;
}

/** The files kubectl would read, in merge order. */
export function kubeConfigPaths(options: LoadKubeConfigOptions = {}): { paths: string[]; explicit: boolean } {
  if (options.kubeconfig) return { paths: [resolve(options.kubeconfig)], explicit: true };
  const env = options.env ?? process.env;
  const list = (env['KUBECONFIG'] ?? '').split(delimiter).filter((p) => p !== '');
  if (list.length > 0) return { paths: [...new Set(list.map((p) => resolve(p)))], explicit: false };
  const home = env['HOME'] ?? env['USERPROFILE'] ?? homedir();
  return { paths: [join(home, '.kube', 'config')], explicit: false };
}

/** Loads, merges and resolves kubeconfig into a RestConfig. */
export async function loadKubeConfig(options: LoadKubeConfigOptions = {}): Promise<RestConfig> {
  const { paths, explicit } = kubeConfigPaths(options);
  const docs: { file: string; text: string }[] = [];
  for (const file of paths) {
    try {
      docs.push({ file, text: await readFile(file, 'utf8') });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // kubectl skips missing files of $KUBECONFIG; an explicit --kubeconfig must exist.
      if (code === 'ENOENT' && !explicit) continue;
      throw new KubeConfigError(`${file}: cannot read the kubeconfig (${code ?? String(err)}): check the path${explicit ? '' : ' in $KUBECONFIG'}`);
    }
  }
  if (docs.length === 0) {
    throw new KubeConfigError(
      `no kubeconfig found (looked in ${paths.join(', ')}): set $KUBECONFIG or pass { kubeconfig: path }, or use inClusterConfig() inside a pod`,
    );
  }
  return restConfigFromKubeConfig(docs, options);
}

/** Builds a RestConfig from kubeconfig texts already in memory (merged in the order given). */
export async function restConfigFromKubeConfig(
  docs: readonly { file: string; text: string }[],
  options: Omit<LoadKubeConfigOptions, 'kubeconfig' | 'env'> = {},
): Promise<RestConfig> {
  const merged = merge(docs);
  const contextName = options.context ?? merged.currentContext;
  if (!contextName) {
    throw new KubeConfigError(
      `${merged.files.join(', ')}: no current-context is set: pass { context: name } (contexts: ${names(merged.contexts)}) or run \`kubectl config use-context NAME\``,
    );
  }
  const ctxEntry = merged.contexts.get(contextName);
  if (!ctxEntry) {
    throw new KubeConfigError(`${merged.files.join(', ')}: context "${contextName}" not found (contexts: ${names(merged.contexts)}): pick one of them`);
  }
  const ctx = ctxEntry.value;
  const clusterName = options.cluster ?? str(ctx, 'cluster', ctxEntry.file, `context "${contextName}"`);
  const userName = options.user ?? str(ctx, 'user', ctxEntry.file, `context "${contextName}"`);
  if (!clusterName) throw new KubeConfigError(`${ctxEntry.file}: context "${contextName}" names no cluster: add \`cluster: NAME\` to it`);
  const clusterEntry = merged.clusters.get(clusterName);
  if (!clusterEntry) {
    throw new KubeConfigError(`${ctxEntry.file}: context "${contextName}" refers to cluster "${clusterName}", which is not defined (clusters: ${names(merged.clusters)})`);
  }
  const userEntry = userName ? merged.users.get(userName) : undefined;
  if (userName && !userEntry) {
    throw new KubeConfigError(`${ctxEntry.file}: context "${contextName}" refers to user "${userName}", which is not defined (users: ${names(merged.users)})`);
  }

  const c = clusterEntry.value;
  const cwhere = `cluster "${clusterName}"`;
  const server = str(c, 'server', clusterEntry.file, cwhere);
  if (!server) throw new KubeConfigError(`${clusterEntry.file}: ${cwhere} has no server: add \`server: https://HOST:PORT\``);
  try {
    const u = new URL(server);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('scheme');
  } catch {
    throw new KubeConfigError(`${clusterEntry.file}: ${cwhere} has an invalid server "${server}": write it as https://HOST:PORT`);
  }
  const config: RestConfig = { host: server.replace(/\/+$/, '') };
  const namespace = options.namespace ?? str(ctx, 'namespace', ctxEntry.file, `context "${contextName}"`);
  if (namespace) config.namespace = namespace;

  const tls: TlsConfig = {};
  const ca = await dataOrFile(c, 'certificate-authority-data', 'certificate-authority', clusterEntry.file, cwhere);
  if (ca !== undefined) tls.ca = ca;
  if (bool(c, 'insecure-skip-tls-verify', clusterEntry.file, cwhere)) {
    if (tls.ca !== undefined) {
      // client-go refuses both: "specifying a root certificates file with the insecure flag is not allowed".
      throw new KubeConfigError(`${clusterEntry.file}: ${cwhere} sets both a certificate authority and insecure-skip-tls-verify: remove one of them`);
    }
    tls.insecure = true;
  }
  const serverName = str(c, 'tls-server-name', clusterEntry.file, cwhere);
  if (serverName) tls.serverName = serverName;
  const proxy = str(c, 'proxy-url', clusterEntry.file, cwhere);
  if (proxy) config.proxyUrl = proxy;

  if (userEntry) {
    const u = userEntry.value;
    const uwhere = `user "${userName}"`;
    const file = userEntry.file;
    const cert = await dataOrFile(u, 'client-certificate-data', 'client-certificate', file, uwhere);
    const key = await dataOrFile(u, 'client-key-data', 'client-key', file, uwhere);
    if ((cert === undefined) !== (key === undefined)) {
      throw new KubeConfigError(`${file}: ${uwhere} has a client ${cert === undefined ? 'key' : 'certificate'} without its ${cert === undefined ? 'certificate' : 'key'}: set both client-certificate(-data) and client-key(-data)`);
    }
    if (cert !== undefined && key !== undefined) {
      tls.cert = cert;
      tls.key = key;
    }
    const token = str(u, 'token', file, uwhere);
    if (token) config.bearerToken = token;
    const tokenFile = str(u, 'tokenFile', file, uwhere);
    if (tokenFile) config.bearerTokenFile = resolvePath(file, tokenFile);
    const username = str(u, 'username', file, uwhere);
    const password = str(u, 'password', file, uwhere);
    if (username) config.username = username;
    if (password) config.password = password;
    const exec = u['exec'];
    if (exec !== undefined && exec !== null) config.exec = execConfig(exec, file, uwhere);
    const authProvider = u['auth-provider'];
    if (authProvider !== undefined && authProvider !== null) {
      const name = typeof authProvider === 'object' ? String((authProvider as Record<string, unknown>)['name'] ?? '') : '';
      throw new KubeConfigError(
        `${file}: ${uwhere} uses the auth-provider "${name}", which client-go has removed in favour of exec credential plugins: ` +
          `switch to the provider's exec plugin (gke-gcloud-auth-plugin, kubelogin, …) or pass a @kubernetes/client-node KubeConfig through fromClientNodeKubeConfig()`,
      );
    }
    const imp: ImpersonationConfig = {};
    const as = str(u, 'as', file, uwhere);
    if (as) imp.userName = as;
    const asUid = str(u, 'as-uid', file, uwhere);
    if (asUid) imp.uid = asUid;
    const groups = u['as-groups'];
    if (Array.isArray(groups)) imp.groups = groups.map(String);
    const extra = u['as-user-extra'];
    if (extra && typeof extra === 'object') {
      imp.extra = Object.fromEntries(Object.entries(extra as Record<string, unknown>).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : [String(v)]]));
    }
    if (Object.keys(imp).length > 0) config.impersonate = imp;
  }
  if (Object.keys(tls).length > 0) config.tls = tls;
  if (config.exec?.provideClusterInfo) {
    clusterInfo.set(config.exec, {
      server: config.host,
      ...(tls.ca !== undefined ? { 'certificate-authority-data': Buffer.from(tls.ca).toString('base64') } : {}),
      ...(tls.insecure ? { 'insecure-skip-tls-verify': true } : {}),
      ...(tls.serverName ? { 'tls-server-name': tls.serverName } : {}),
      ...(config.proxyUrl ? { 'proxy-url': config.proxyUrl } : {}),
      ...(execExtension(c) !== undefined ? { config: execExtension(c) } : {}),
    });
  }
  return config;
}

/** The cluster facts an exec plugin receives when `provideClusterInfo` is set (kept beside the config). */
export const clusterInfo = new WeakMap<ExecConfig, Record<string, unknown>>();

function execExtension(cluster: Record<string, unknown>): unknown {
  const exts = cluster['extensions'];
  if (!Array.isArray(exts)) return undefined;
  const e = exts.find((x) => x && typeof x === 'object' && (x as Record<string, unknown>)['name'] === 'client.authentication.k8s.io/exec');
  return e ? (e as Record<string, unknown>)['extension'] : undefined;
}

function merge(docs: readonly { file: string; text: string }[]): Merged {
  const merged: Merged = { files: [], currentContext: undefined, clusters: new Map(), users: new Map(), contexts: new Map() };
  for (const { file, text } of docs) {
    merged.files.push(file);
    let doc: unknown;
    try {
      doc = yaml.load(text, { filename: file });
    } catch (err) {
      const mark = (err as { mark?: { line: number; column: number } }).mark;
      const where = mark ? `${file}:${mark.line + 1}:${mark.column + 1}` : file;
      const reason = (err as { reason?: string }).reason ?? (err instanceof Error ? err.message : String(err));
      throw new KubeConfigError(`${where}: the kubeconfig is not valid YAML (${reason}): fix the syntax (kubectl config view shows what kubectl reads)`);
    }
    if (doc === undefined || doc === null) continue; // an empty file contributes nothing, as in client-go
    if (typeof doc !== 'object' || Array.isArray(doc)) {
      throw new KubeConfigError(`${file}: a kubeconfig must be a mapping with clusters, users and contexts (kind: Config)`);
    }
    const d = doc as Record<string, unknown>;
    if (d['kind'] !== undefined && d['kind'] !== 'Config') {
      throw new KubeConfigError(`${file}: kind is "${String(d['kind'])}", not Config: this is not a kubeconfig file`);
    }
    const cur = d['current-context'];
    if (merged.currentContext === undefined && typeof cur === 'string' && cur !== '') merged.currentContext = cur;
    collect(d, 'clusters', 'cluster', file, merged.clusters);
    collect(d, 'users', 'user', file, merged.users);
    collect(d, 'contexts', 'context', file, merged.contexts);
  }
  return merged;
}

function collect(doc: Record<string, unknown>, list: string, field: string, file: string, into: Map<string, NamedEntry<Record<string, unknown>>>): void {
  const items = doc[list];
  if (items === undefined || items === null) return;
  if (!Array.isArray(items)) throw new KubeConfigError(`${file}: ${list} must be a list of { name, ${field} } entries`);
  for (const [i, item] of items.entries()) {
    if (!item || typeof item !== 'object') throw new KubeConfigError(`${file}: ${list}[${i}] must be a mapping with name and ${field}`);
    const name = (item as Record<string, unknown>)['name'];
    if (typeof name !== 'string' || name === '') throw new KubeConfigError(`${file}: ${list}[${i}] has no name: every entry needs \`name:\``);
    const value = (item as Record<string, unknown>)[field] ?? {};
    if (typeof value !== 'object' || Array.isArray(value)) throw new KubeConfigError(`${file}: ${list}[${i}] ("${name}"): ${field} must be a mapping`);
    if (!into.has(name)) into.set(name, { value: value as Record<string, unknown>, file });
  }
}

function names(m: Map<string, unknown>): string {
  return m.size === 0 ? 'none' : [...m.keys()].sort().join(', ');
}

function str(o: Record<string, unknown>, key: string, file: string, where: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new KubeConfigError(`${file}: ${where}: ${key} must be a string`);
  return v;
}

function bool(o: Record<string, unknown>, key: string, file: string, where: string): boolean {
  const v = o[key];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw new KubeConfigError(`${file}: ${where}: ${key} must be true or false`);
  return v;
}

function resolvePath(file: string, p: string): string {
  if (p.startsWith('~/')) return join(homedir(), p.slice(2));
  return isAbsolute(p) ? p : resolve(dirname(file), p);
}

async function dataOrFile(o: Record<string, unknown>, dataKey: string, fileKey: string, file: string, where: string): Promise<string | undefined> {
  const data = str(o, dataKey, file, where);
  if (data !== undefined) {
    const text = Buffer.from(data, 'base64').toString('utf8');
    if (!text.includes('-----BEGIN')) {
      throw new KubeConfigError(`${file}: ${where}: ${dataKey} is not base64-encoded PEM: encode the PEM file with \`base64 -w0\``);
    }
    return text;
  }
  const path = str(o, fileKey, file, where);
  if (path === undefined) return undefined;
  const full = resolvePath(file, path);
  try {
    return await readFile(full, 'utf8');
  } catch (err) {
    throw new KubeConfigError(`${file}: ${where}: cannot read ${fileKey} ${full} (${(err as NodeJS.ErrnoException).code ?? String(err)}): fix the path or use ${dataKey}`);
  }
}

const EXEC_VERSIONS = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'];

function execConfig(raw: unknown, file: string, where: string): ExecConfig {
  if (typeof raw !== 'object' || raw === null) throw new KubeConfigError(`${file}: ${where}: exec must be a mapping`);
  const e = raw as Record<string, unknown>;
  const command = str(e, 'command', file, `${where} exec`);
  if (!command) throw new KubeConfigError(`${file}: ${where}: exec has no command: set exec.command to the credential plugin`);
  const apiVersion = str(e, 'apiVersion', file, `${where} exec`);
  if (!apiVersion || !EXEC_VERSIONS.includes(apiVersion)) {
    throw new KubeConfigError(
      `${file}: ${where}: exec.apiVersion ${apiVersion ? `"${apiVersion}" is not supported` : 'is missing'}: use client.authentication.k8s.io/v1 (or v1beta1)`,
    );
  }
  const out: ExecConfig = { apiVersion, command: command.includes('/') && !isAbsolute(command) ? resolvePath(file, command) : command, cwd: dirname(file) };
  if (Array.isArray(e['args'])) out.args = e['args'].map(String);
  if (Array.isArray(e['env'])) {
    out.env = (e['env'] as unknown[]).map((x, i) => {
      const v = x as Record<string, unknown> | null;
      if (!v || typeof v['name'] !== 'string') throw new KubeConfigError(`${file}: ${where}: exec.env[${i}] needs a name and a value`);
      return { name: v['name'], value: String(v['value'] ?? '') };
    });
  }
  const hint = str(e, 'installHint', file, `${where} exec`);
  if (hint) out.installHint = hint;
  if (e['provideClusterInfo'] === true) out.provideClusterInfo = true;
  const mode = e['interactiveMode'];
  if (mode !== undefined) {
    if (mode !== 'Never' && mode !== 'IfAvailable' && mode !== 'Always') {
      throw new KubeConfigError(`${file}: ${where}: exec.interactiveMode must be Never, IfAvailable or Always`);
    }
    out.interactiveMode = mode;
  } else if (apiVersion.endsWith('/v1')) {
    throw new KubeConfigError(`${file}: ${where}: exec.interactiveMode is required with client.authentication.k8s.io/v1: set it to Never or IfAvailable`);
  }
  return out;
}

/** Where a pod finds its service account (overridable for tests). */
export interface InClusterOptions {
  /** Default /var/run/secrets/kubernetes.io/serviceaccount. */
  serviceAccountDir?: string;
  env?: Readonly<Record<string, string | undefined>>;
}

/** client-go's `rest.InClusterConfig`: the API server from the pod's environment, the service account's token and CA. */
export async function inClusterConfig(options: InClusterOptions = {}): Promise<RestConfig> {
  const env = options.env ?? process.env;
  const dir = options.serviceAccountDir ?? '/var/run/secrets/kubernetes.io/serviceaccount';
  const host = env['KUBERNETES_SERVICE_HOST'];
  const port = env['KUBERNETES_SERVICE_PORT'];
  if (!host || !port) {
    throw new KubeConfigError(
      'not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set (use loadKubeConfig() outside a pod)',
    );
  }
  const tokenFile = join(dir, 'token');
  try {
    await readFile(tokenFile, 'utf8');
  } catch (err) {
    throw new KubeConfigError(`${tokenFile}: cannot read the service-account token (${(err as NodeJS.ErrnoException).code ?? String(err)}): is automountServiceAccountToken disabled for this pod?`);
  }
  const config: RestConfig = { host: `https://${host.includes(':') ? `[${host}]` : host}:${port}`, bearerTokenFile: tokenFile };
  try {
    config.tls = { ca: await readFile(join(dir, 'ca.crt'), 'utf8') };
  } catch {
    // client-go logs and continues without the CA (the system roots may still verify the server).
  }
  try {
    const ns = (await readFile(join(dir, 'namespace'), 'utf8')).trim();
    if (ns) config.namespace = ns;
  } catch {
    // no namespace file: leave it unset
  }
  return config;
}

/** The structural surface of a @kubernetes/client-node (1.x / 2.x) KubeConfig this runtime uses. */
export interface ClientNodeKubeConfig {
  getCurrentCluster(): { server: string; skipTLSVerify?: boolean; tlsServerName?: string; proxyUrl?: string } | null;
  getContextObject?(name: string): { namespace?: string } | null;
  getCurrentContext?(): string;
  applyToHTTPSOptions(opts: Record<string, unknown>): Promise<void>;
}

/**
 * A RestConfig whose auth and TLS come from a @kubernetes/client-node KubeConfig (its
 * `applyToHTTPSOptions`, identical in 1.x and 2.x), for users who already build one.
 */
export async function fromClientNodeKubeConfig(kc: ClientNodeKubeConfig): Promise<RestConfig> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new KubeConfigError('the KubeConfig has no current cluster: call loadFromDefault() or setCurrentContext() first');
  const opts: Record<string, unknown> = { headers: {} };
  await kc.applyToHTTPSOptions(opts);
  const tls: TlsConfig = {};
  const pem = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : Buffer.isBuffer(v) ? v.toString('utf8') : String(v));
  const ca = pem(opts['ca']);
  const cert = pem(opts['cert']);
  const key = pem(opts['key']);
  if (ca !== undefined) tls.ca = ca;
  if (cert !== undefined && key !== undefined) {
    tls.cert = cert;
    tls.key = key;
  }
  if (opts['rejectUnauthorized'] === false || cluster.skipTLSVerify) tls.insecure = true;
  if (cluster.tlsServerName) tls.serverName = cluster.tlsServerName;
  const config: RestConfig = {
    host: cluster.server.replace(/\/+$/, ''),
    authenticator: {
      async authenticate() {
        // client-node caches and refreshes exec/OIDC credentials itself; ask it for each request.
        const o: Record<string, unknown> = { headers: {} };
        await kc.applyToHTTPSOptions(o);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries((o['headers'] ?? {}) as Record<string, unknown>)) if (v !== undefined) headers[k.toLowerCase()] = String(v);
        return { headers };
      },
    },
  };
  if (Object.keys(tls).length > 0) config.tls = tls;
  if (cluster.proxyUrl) config.proxyUrl = cluster.proxyUrl;
  const ctxName = kc.getCurrentContext?.();
  const ns = ctxName ? kc.getContextObject?.(ctxName)?.namespace : undefined;
  if (ns) config.namespace = ns;
  return config;
}
