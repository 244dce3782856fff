/** A bare fetch-based client for the test API server tests (independent of the REST client under test elsewhere). */
import type { TestApiServer } from '../../src/testing/index.js';

export interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- decoded JSON of any shape
}

export function client(server: TestApiServer, token = server.token) {
  const call = async (method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Reply> => {
    const res = await fetch(server.url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': contentType } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  /** Opens a watch and collects decoded events until `until` returns true or the stream ends. */
  const watch = async (path: string, until: (events: any[]) => boolean, signal?: AbortSignal): Promise<any[]> => {
    const res = await fetch(server.url + path, { headers: { authorization: `Bearer ${token}` }, ...(signal ? { signal } : {}) });
    const events: any[] = [];
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += decoder.decode(value, { stream: true });
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          events.push(JSON.parse(buf.slice(0, nl)));
          buf = buf.slice(nl + 1);
        }
        if (until(events)) break;
      }
    } finally {
      await reader.cancel().catch(() => undefined);
    }
    return events;
  };
  return { call, watch };
}
