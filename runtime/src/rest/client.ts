/**
 * The REST client: the runtime `Transport` over HTTP(S) with undici. Keep-alive connections, TLS and
 * mutual TLS, http(s) proxies, bearer/basic/exec/custom auth (re-authenticated once after a 401),
 * impersonation, per-request `AbortSignal` and timeout, an optional client-side QPS/burst limiter,
 * retries with backoff and `Retry-After`, typed `ApiError`s, and streamed watches.
 */
import { Agent, ProxyAgent, type Dispatcher } from 'undici';
import { authenticatorFor } from './auth.js';
import { defaultUserAgent, type AuthResult, type Authenticator, type RestConfig } from './config.js';
import { ApiError } from './errors.js';
import { TokenBucket } from './ratelimit.js';
import type { RestRequest, Transport } from '../client/transport.js';
import { decodeWatch } from '../watch/decode.js';
import type { Watch } from '../watch/types.js';

/** The request never got an HTTP answer: connection refused, DNS, TLS, reset, client-side timeout. */
export class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
  constructor(
    message: string,
    /** The underlying error code (`ECONNREFUSED`, `UND_ERR_CONNECT_TIMEOUT`, a TLS code, or `TIMEOUT`). */
    readonly code: string,
    readonly method: string,
    readonly url: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const IDEMPOTENT: ReadonlySet<string> = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const RETRYABLE_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'EAI_AGAIN']);
const TLS_CODES: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed and not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'the server certificate chain ends in an untrusted self-signed root',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate is not signed by a trusted authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the issuer of the server certificate is not trusted',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server certificate is not valid for this host name',
};

/** Extra facts the client adds to what the caller asked. */
export interface RestClientOptions {
  /** Injected for tests: the sleep used between retries. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export class RestClient implements Transport {
  readonly config: Readonly<RestConfig>;
  private readonly origin: string;
  private readonly prefix: string;
  private readonly auth: Authenticator | undefined;
  private readonly limiter: TokenBucket | undefined;
  private readonly baseHeaders: Record<string, string>;
  private readonly maxRetries: number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private dispatcher: Dispatcher;
  private clientCert: { cert: string; key: string } | undefined;
  private closed = false;

  constructor(config: RestConfig, options: RestClientOptions = {}) {
    let url: URL;
    try {
      url = new URL(config.host);
    } catch {
      throw new TypeError(`RestConfig.host "${config.host}" is not a URL: write it as https://HOST:PORT`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(`RestConfig.host "${config.host}" must use https:// or http://`);
    if (config.proxyUrl && !/^https?:\/\//.test(config.proxyUrl)) {
      throw new TypeError(`proxy-url "${config.proxyUrl}" is not supported: only http:// and https:// proxies are (no socks5)`);
    }
    this.config = config;
    this.origin = url.origin;
    this.prefix = url.pathname.replace(/\/+$/, '');
    this.auth = authenticatorFor(config);
    this.limiter = config.qps && config.qps > 0 ? new TokenBucket(config.qps, config.burst ?? Math.max(1, Math.ceil(config.qps))) : undefined;
    this.maxRetries = config.maxRetries ?? 5;
    this.sleep = options.sleep ?? abortableSleep;
    this.baseHeaders = { 'user-agent': config.userAgent ?? defaultUserAgent(), accept: 'application/json' };
    const imp = config.impersonate;
    if (imp) {
      if (imp.userName) this.baseHeaders['impersonate-user'] = imp.userName;
      if (imp.uid) this.baseHeaders['impersonate-uid'] = imp.uid;
      // undici takes repeated headers as arrays; keep the simple record for the common case.
      if (imp.groups?.length) this.baseHeaders['impersonate-group'] = imp.groups.join(',');
      for (const [k, vs] of Object.entries(imp.extra ?? {})) this.baseHeaders[`impersonate-extra-${encodeURIComponent(k)}`] = vs.join(',');
    }
    this.dispatcher = this.makeDispatcher();
  }

  private makeDispatcher(): Dispatcher {
    const tls = this.config.tls ?? {};
    const connect = {
      ...(tls.ca !== undefined ? { ca: tls.ca } : {}),
      ...(this.clientCert ? this.clientCert : tls.cert !== undefined && tls.key !== undefined ? { cert: tls.cert, key: tls.key } : {}),
      ...(tls.insecure ? { rejectUnauthorized: false } : {}),
      ...(tls.serverName ? { servername: tls.serverName } : {}),
    };
    const connections = this.config.connections ?? 64;
    if (this.config.proxyUrl) return new ProxyAgent({ uri: this.config.proxyUrl, requestTls: connect, connections });
    return new Agent({ connect, connections, keepAliveTimeout: 30_000 });
  }

  /** Closes idle keep-alive connections and refuses further requests. */
  async close(): Promise<void> {
    this.closed = true;
    await this.dispatcher.close();
  }

  url(req: Pick<RestRequest, 'path' | 'query'>): string {
    return this.origin + this.pathWithQuery(req);
  }

  private pathWithQuery(req: Pick<RestRequest, 'path' | 'query'>): string {
    let path = this.prefix + req.path;
    if (req.query) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(req.query)) {
        if (v === undefined) continue;
        if (Array.isArray(v)) for (const item of v as readonly string[]) params.append(k, item);
        else params.append(k, String(v));
      }
      const qs = params.toString();
      if (qs) path += `?${qs}`;
    }
    return path;
  }

  async request<R = unknown>(req: RestRequest): Promise<R> {
    const { statusCode, body, url } = await this.send(req, false);
    const text = await body.text();
    if (statusCode === 204 || text === '') return undefined as R;
    try {
      return JSON.parse(text) as R;
    } catch {
      throw new ApiError({ code: 500, reason: 'InternalError', message: `${req.method} ${url}: the server answered ${statusCode} with a body that is not JSON: ${text.slice(0, 200)}` }, { method: req.method, url });
    }
  }

  /**
   * Opens a watch. Aborting `req.signal` (or calling `stop()`) ends the iteration normally and closes
   * the connection; server ERROR events, decode failures and inactivity end it with an error.
   */
  async watch<T = unknown>(req: RestRequest): Promise<Watch<T>> {
    const controller = new AbortController();
    const outer = req.signal;
    let watch: Watch<T> | undefined;
    const onAbort = (): void => {
      if (watch) watch.stop();
      else controller.abort(outer?.reason);
    };
    if (outer) {
      if (outer.aborted) throw outer.reason;
      outer.addEventListener('abort', onAbort, { once: true });
    }
    let body: Dispatcher.ResponseData['body'];
    let url: string;
    try {
      ({ body, url } = await this.send({ ...req, signal: controller.signal }, true));
    } catch (err) {
      outer?.removeEventListener('abort', onAbort);
      if (outer?.aborted) throw outer.reason;
      throw err;
    }
    const q = req.query ?? {};
    let inactivity = this.config.watchInactivityTimeoutMs;
    if (inactivity === undefined) {
      if (q['allowWatchBookmarks'] === true || q['allowWatchBookmarks'] === 'true') inactivity = 150_000;
      else if (q['timeoutSeconds'] !== undefined && Number(q['timeoutSeconds']) > 0) inactivity = Number(q['timeoutSeconds']) * 1000 + 30_000;
    }
    watch = decodeWatch<T>(body, {
      ...(inactivity ? { inactivityTimeoutMs: inactivity } : {}),
      describe: `GET ${url}`,
      close: () => {
        outer?.removeEventListener('abort', onAbort);
        if (!controller.signal.aborted) controller.abort();
        body.destroy();
      },
    });
    return watch;
  }

  private async authenticate(refresh: boolean): Promise<AuthResult | undefined> {
    if (!this.auth) return undefined;
    const result = await this.auth.authenticate({ refresh });
    if (result.cert && result.key && (result.cert !== this.clientCert?.cert || result.key !== this.clientCert.key)) {
      // An exec plugin handed out a new client certificate: new connections must present it.
      this.clientCert = { cert: result.cert, key: result.key };
      const old = this.dispatcher;
      this.dispatcher = this.makeDispatcher();
      void old.close().catch(() => undefined);
    }
    return result;
  }

  private async send(req: RestRequest, stream: boolean): Promise<{ statusCode: number; body: Dispatcher.ResponseData['body']; url: string }> {
    if (this.closed) throw new Error('RestClient is closed');
    const path = this.pathWithQuery(req);
    const url = this.origin + path;
    const method = req.method;
    const headers: Record<string, string> = { ...this.baseHeaders };
    let payload: string | undefined;
    if (req.body !== undefined) {
      payload = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
      headers['content-type'] = req.contentType ?? 'application/json';
    }
    const timeoutMs = stream ? undefined : (req.timeoutMs ?? this.config.timeoutMs);
    const timeoutSignal = timeoutMs && timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
    const signal = timeoutSignal && req.signal ? AbortSignal.any([req.signal, timeoutSignal]) : (timeoutSignal ?? req.signal);
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      if (this.limiter) await this.limiter.take(signal);
      const auth = await this.authenticate(refreshed);
      const h = auth?.headers ? { ...headers, ...auth.headers } : headers;
      let res: Dispatcher.ResponseData;
      try {
        res = await this.dispatcher.request({
          origin: this.origin,
          path,
          method,
          headers: h,
          ...(payload !== undefined ? { body: payload } : {}),
          ...(signal ? { signal } : {}),
          ...(stream ? { bodyTimeout: 0 } : {}),
        });
      } catch (err) {
        if (req.signal?.aborted) throw req.signal.reason ?? err;
        if (timeoutSignal?.aborted) {
          throw new ConnectionError(`${method} ${url}: no response within ${timeoutMs} ms (client-side timeout)`, 'TIMEOUT', method, url, { cause: err });
        }
        const code = errorCode(err);
        if (IDEMPOTENT.has(method) && RETRYABLE_CODES.has(code) && attempt < this.maxRetries) {
          await this.sleep(backoff(attempt), signal);
          continue;
        }
        throw connectionError(err, code, method, url, this.config.host);
      }
      const status = res.statusCode;
      if (status < 400) return { statusCode: status, body: res.body, url };
      const retryAfter = retryAfterSeconds(res.headers['retry-after']);
      if (status === 401 && !refreshed && this.auth) {
        // Credentials may have expired (exec tokens, rotated token files): fetch fresh ones once.
        await res.body.dump();
        refreshed = true;
        continue;
      }
      const retryable = status === 429 || (status >= 500 && IDEMPOTENT.has(method) && (status === 502 || status === 503 || status === 504 || retryAfter !== undefined));
      if (retryable && attempt < this.maxRetries) {
        await res.body.dump();
        await this.sleep(retryAfter !== undefined ? Math.min(retryAfter, 60) * 1000 : backoff(attempt), signal);
        continue;
      }
      const text = await res.body.text();
      let decoded: unknown = text;
      try {
        decoded = text === '' ? '' : JSON.parse(text);
      } catch {
        // not JSON: keep the text for the message
      }
      throw ApiError.fromResponse(status, decoded, { method, url, ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}) });
    }
  }
}

function errorCode(err: unknown): string {
  let e: unknown = err;
  for (let i = 0; i < 4 && e; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET' && code !== 'UND_ERR') return code;
    if (typeof code === 'string' && !(e as { cause?: unknown }).cause) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : 'UNKNOWN';
}

function connectionError(err: unknown, code: string, method: string, url: string, host: string): ConnectionError {
  const detail = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
  const tls = TLS_CODES[code];
  let hint: string;
  if (tls) hint = `TLS: ${tls}: set the cluster's certificate-authority(-data) in the kubeconfig (or tls.ca), or tls-server-name if the name differs`;
  else if (code === 'ECONNREFUSED') hint = `connection refused: is the API server at ${host} running and reachable?`;
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') hint = `cannot resolve the host of ${host}: check the cluster's server in the kubeconfig`;
  else if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') hint = `connecting to ${host} timed out: check the network path (VPN, firewall, proxy-url)`;
  else hint = `the connection failed (${code})`;
  return new ConnectionError(`${method} ${url}: ${hint} [${detail}]`, code, method, url, { cause: err });
}

/** Exponential backoff with jitter: ~200 ms, 400 ms, … capped at 5 s. */
function backoff(attempt: number): number {
  const base = Math.min(5000, 200 * 2 ** attempt);
  return base / 2 + Math.random() * (base / 2);
}

function retryAfterSeconds(header: string | string[] | undefined): number | undefined {
  const v = Array.isArray(header) ? header[0] : header;
  if (v === undefined) return undefined;
  const n = Number(v);
  if (Number.isFinite(n) && n >= 0) return n;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, (t - Date.now()) / 1000);
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
