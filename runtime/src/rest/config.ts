/**
 * How to reach and authenticate to one API server: client-go's `rest.Config`, in TypeScript.
 * Build one with `loadKubeConfig()`, `inClusterConfig()` or `fromClientNodeKubeConfig()`, or by hand.
 */

/** An exec credential plugin (kubeconfig `users[].user.exec`). */
export interface ExecConfig {
  /** `client.authentication.k8s.io/v1` or `/v1beta1`. */
  apiVersion: string;
  command: string;
  args?: string[];
  env?: { name: string; value: string }[];
  /** Printed when the command cannot be found. */
  installHint?: string;
  /** Pass the cluster's server and CA to the plugin in `KUBERNETES_EXEC_INFO`. */
  provideClusterInfo?: boolean;
  /** `Never`, `IfAvailable` or `Always`: kubegen runs non-interactively, so `Always` is refused. */
  interactiveMode?: 'Never' | 'IfAvailable' | 'Always';
  /** Directory the plugin runs in (the kubeconfig's, so relative paths in args work). */
  cwd?: string;
}

/** TLS settings of the connection to the server. PEM strings. */
export interface TlsConfig {
  /** Certificate authorities that sign the server's certificate (default: Node's bundled roots). */
  ca?: string;
  /** Client certificate and key (mutual TLS). */
  cert?: string;
  key?: string;
  /** Skip verification of the server's certificate (kubeconfig `insecure-skip-tls-verify`). */
  insecure?: boolean;
  /** Overrides the name the server certificate is checked against (kubeconfig `tls-server-name`). */
  serverName?: string;
}

/** User impersonation (kubeconfig `as`, `as-groups`, `as-uid`, `as-user-extra`). */
export interface ImpersonationConfig {
  userName?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

/**
 * Headers (and optionally a client certificate) for one request, from any credential source. The REST
 * client calls it before each request, and again with `{ refresh: true }` after a 401.
 */
export interface Authenticator {
  authenticate(options: { refresh: boolean }): Promise<AuthResult>;
}

export interface AuthResult {
  headers?: Record<string, string>;
  /** A client certificate that changes over time (exec plugins): the client reconnects when it does. */
  cert?: string;
  key?: string;
}

export interface RestConfig {
  /** Scheme, host, port and optional path prefix: `https://10.0.0.1:6443`. */
  host: string;
  /** Namespace of the kubeconfig context (or the service account's, in cluster); informational. */
  namespace?: string;
  bearerToken?: string;
  /** A token file re-read every minute (projected service-account tokens rotate). */
  bearerTokenFile?: string;
  username?: string;
  password?: string;
  tls?: TlsConfig;
  exec?: ExecConfig;
  /** Any other credential source (e.g. a @kubernetes/client-node KubeConfig, see fromClientNodeKubeConfig). */
  authenticator?: Authenticator;
  impersonate?: ImpersonationConfig;
  /** `http://`, `https://` or `socks5://` proxy (kubeconfig `proxy-url`). Only http(s) proxies are supported. */
  proxyUrl?: string;
  /** Default `kubegen/<version> (<platform>/<arch>) node/<version>`. */
  userAgent?: string;
  /** Client-side rate limit in requests per second; 0 or unset: off (as in current client-go). */
  qps?: number;
  /** Burst of the rate limiter (default: max(1, qps)). */
  burst?: number;
  /** Default per-request timeout in ms (0 or unset: none; watches are never cut by it). */
  timeoutMs?: number;
  /** Retries of throttled (429) and failed idempotent requests (default 5; 0 disables). */
  maxRetries?: number;
  /**
   * A watch that receives nothing (no event, no bookmark) for this long ends with a `Timeout` ApiError,
   * so a half-open connection is noticed. Default: 150 s when bookmarks were requested (the apiserver
   * sends one about every minute), else `timeoutSeconds` + 30 s when set, else none. 0 disables.
   */
  watchInactivityTimeoutMs?: number;
  /** Keep-alive connections per origin (default 64). */
  connections?: number;
}

export const RUNTIME_VERSION = '0.1.0';

export function defaultUserAgent(): string {
  return `kubegen/${RUNTIME_VERSION} (${process.platform}/${process.arch}) node/${process.version}`;
}
