/** Small HTTP(S) servers and files for the REST client tests. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** The client certificate's subject CN, for mTLS servers. */
  clientCN?: string;
}

export interface TestServer {
  url: string;
  seen: Seen[];
  close(): Promise<void>;
}

export type Handler = (req: Seen, res: ServerResponse) => void | Promise<void>;

export async function serve(handler: Handler, tls?: ServerOptions): Promise<TestServer> {
  const seen: Seen[] = [];
  const sockets = new Set<Socket>();
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const peer = (req.socket as { getPeerCertificate?: () => { subject?: { CN?: string } } }).getPeerCertificate?.();
      const s: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      if (peer?.subject?.CN) s.clientCN = peer.subject.CN;
      seen.push(s);
      void Promise.resolve(handler(s, res)).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    });
  };
  const server: Server = tls ? createHttpsServer(tls, listener) : createServer(listener);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    seen,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export function json(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(code, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export function tempDir(): { dir: string; write(name: string, text: string, mode?: number): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'kubegen-rest-'));
  return {
    dir,
    write(name, text, mode) {
      const p = join(dir, name);
      writeFileSync(p, text, mode === undefined ? undefined : { mode });
      return p;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface Pki {
  caCert: string;
  serverKey: string;
  serverCert: string;
  clientKey: string;
  clientCert: string;
  /** A second CA that signed nothing here (for TLS mismatch tests). */
  otherCaCert: string;
}

/** A CA, a server certificate for 127.0.0.1 and a client certificate (CN=alice), made with openssl. */
export function makePki(dir: string): Pki {
  const run = (args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=test-ca']);
  run(['req', '-x509', ...ec, '-keyout', 'other.key', '-out', 'other.crt', '-days', '2', '-subj', '/CN=other-ca']);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  run(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=apiserver']);
  run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'san.ext']);
  run(['req', ...ec, '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=alice/O=devs']);
  run(['x509', '-req', '-in', 'client.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'client.crt', '-days', '2']);
  const r = (n: string): string => readFileSync(join(dir, n), 'utf8');
  return { caCert: r('ca.crt'), serverKey: r('server.key'), serverCert: r('server.crt'), clientKey: r('client.key'), clientCert: r('client.crt'), otherCaCert: r('other.crt') };
}

export const b64 = (s: string): string => Buffer.from(s).toString('base64');
