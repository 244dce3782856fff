/**
 * Credential sources of the REST client: static and file-backed bearer tokens, basic auth, exec
 * credential plugins (client.authentication.k8s.io v1/v1beta1, cached until expiry, refreshed after a
 * 401), and any custom `Authenticator`.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { AuthResult, Authenticator, ExecConfig, RestConfig } from './config.js';
import { clusterInfo, KubeConfigError } from './kubeconfig.js';

/** An exec plugin failed or printed something that is not an ExecCredential. */
export class ExecCredentialError extends Error {
  override readonly name = 'ExecCredentialError';
}

/** Re-reads a token file at most once a minute (client-go's cachingTokenSource period). */
export class TokenFileAuthenticator implements Authenticator {
  private token: string | undefined;
  private readAt = -Infinity;
  constructor(
    private readonly path: string,
    private readonly fallback?: string,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async authenticate({ refresh }: { refresh: boolean }): Promise<AuthResult> {
    if (refresh || this.token === undefined || this.now() - this.readAt >= 60_000) {
      try {
        const t = (await readFile(this.path, 'utf8')).trim();
        if (t !== '') this.token = t;
        this.readAt = this.now();
      } catch (err) {
        // Keep the last good token (client-go does too); without one, fail clearly.
        if (this.token === undefined && this.fallback === undefined) {
          throw new KubeConfigError(`${this.path}: cannot read the bearer token file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
        }
      }
    }
    const token = this.token ?? this.fallback;
    return token ? { headers: { authorization: `Bearer ${token}` } } : {};
  }
}

interface ExecCredentialStatus {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  expirationTimestamp?: string;
}

/** Runs an exec credential plugin, caches its credential until it expires, re-runs it after a 401. */
export class ExecAuthenticator implements Authenticator {
  private cached: { result: AuthResult; expiresAt: number } | undefined;
  private inflight: Promise<AuthResult> | undefined;

  constructor(
    private readonly exec: ExecConfig,
    private readonly now: () => number = () => Date.now(),
  ) {
    if (exec.interactiveMode === 'Always') {
      throw new KubeConfigError(`exec plugin ${exec.command}: interactiveMode Always needs a terminal, and kubegen clients run non-interactively: use Never or IfAvailable`);
    }
  }

  authenticate({ refresh }: { refresh: boolean }): Promise<AuthResult> {
    if (!refresh && this.cached && this.now() < this.cached.expiresAt) return Promise.resolve(this.cached.result);
    if (refresh) this.cached = undefined;
    // Concurrent requests share one run of the plugin.
    this.inflight ??= this.run().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async run(): Promise<AuthResult> {
    const e = this.exec;
    const info: Record<string, unknown> = { apiVersion: e.apiVersion, kind: 'ExecCredential', spec: { interactive: false } };
    const cluster = clusterInfo.get(e);
    if (e.provideClusterInfo && cluster) (info['spec'] as Record<string, unknown>)['cluster'] = cluster;
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const { name, value } of e.env ?? []) env[name] = value;
    env['KUBERNETES_EXEC_INFO'] = JSON.stringify(info);
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        e.command,
        e.args ?? [],
        { env, ...(e.cwd ? { cwd: e.cwd } : {}), timeout: 120_000, maxBuffer: 4 << 20, encoding: 'utf8' },
        (err, out, stderr) => {
          if (!err) return resolve(out);
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') {
            return reject(new ExecCredentialError(`exec plugin: executable ${e.command} not found${e.installHint ? `\n\n${e.installHint}` : ': install it or fix users[].user.exec.command in your kubeconfig'}`));
          }
          const detail = String(stderr).trim().split('\n').slice(-5).join('\n');
          reject(new ExecCredentialError(`exec plugin ${e.command} failed (${err.killed ? 'timed out after 120 s' : `exit code ${String(code ?? (err as { status?: number }).status ?? '?')}`})${detail ? `: ${detail}` : ''}`));
        },
      );
    });
    let cred: { apiVersion?: string; kind?: string; status?: ExecCredentialStatus };
    try {
      cred = JSON.parse(stdout) as typeof cred;
    } catch {
      throw new ExecCredentialError(`exec plugin ${e.command} printed something that is not JSON: it must print an ExecCredential (${e.apiVersion}) on stdout`);
    }
    if (cred.kind !== 'ExecCredential' || cred.apiVersion !== e.apiVersion) {
      throw new ExecCredentialError(
        `exec plugin ${e.command} returned ${cred.kind ?? '?'} ${cred.apiVersion ?? '?'}, expected ExecCredential ${e.apiVersion}: the plugin and users[].user.exec.apiVersion must agree`,
      );
    }
    const s = cred.status ?? {};
    const result: AuthResult = {};
    if (s.token) result.headers = { authorization: `Bearer ${s.token}` };
    if (s.clientCertificateData || s.clientKeyData) {
      if (!s.clientCertificateData || !s.clientKeyData) {
        throw new ExecCredentialError(`exec plugin ${e.command} returned ${s.clientKeyData ? 'a key without a certificate' : 'a certificate without a key'}: it must return both clientCertificateData and clientKeyData`);
      }
      result.cert = s.clientCertificateData;
      result.key = s.clientKeyData;
    }
    if (!result.headers && !result.cert) {
      throw new ExecCredentialError(`exec plugin ${e.command} returned no credential: status.token or status.clientCertificateData/clientKeyData must be set`);
    }
    let expiresAt = Infinity;
    if (s.expirationTimestamp) {
      const t = Date.parse(s.expirationTimestamp);
      if (Number.isNaN(t)) throw new ExecCredentialError(`exec plugin ${e.command} returned an invalid expirationTimestamp "${s.expirationTimestamp}" (RFC 3339 expected)`);
      expiresAt = t;
    }
    this.cached = { result, expiresAt };
    return result;
  }
}

class StaticAuthenticator implements Authenticator {
  constructor(private readonly result: AuthResult) {}
  authenticate(): Promise<AuthResult> {
    return Promise.resolve(this.result);
  }
}

/** The authenticator a config implies, or undefined when requests go unauthenticated (or by client cert only). */
export function authenticatorFor(config: RestConfig): Authenticator | undefined {
  const sources = [config.authenticator, config.exec, config.bearerToken ?? config.bearerTokenFile, config.username].filter((x) => x !== undefined);
  if (config.exec && (config.bearerToken || config.bearerTokenFile)) {
    // client-go: "an exec provider and a bearer token cannot both be set".
    throw new KubeConfigError('the config sets both an exec credential plugin and a bearer token: keep one of them');
  }
  if (sources.length === 0) return undefined;
  if (config.authenticator) return config.authenticator;
  if (config.exec) return new ExecAuthenticator(config.exec);
  if (config.bearerTokenFile) return new TokenFileAuthenticator(config.bearerTokenFile, config.bearerToken);
  if (config.bearerToken) return new StaticAuthenticator({ headers: { authorization: `Bearer ${config.bearerToken}` } });
  return new StaticAuthenticator({
    headers: { authorization: `Basic ${Buffer.from(`${config.username ?? ''}:${config.password ?? ''}`).toString('base64')}` },
  });
}
