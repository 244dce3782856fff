import { describe, expect, it } from 'vitest';
import { ApiError, isResourceExpired } from '../../src/rest/errors.js';
import { decodeWatch, watchBatches, WatchDecodeError } from '../../src/watch/decode.js';
import type { Watch, WatchEvent } from '../../src/watch/types.js';

interface Obj {
  metadata: { name: string; resourceVersion?: string };
}
const line = (type: string, name: string, rv: number): string =>
  `${JSON.stringify({ type, object: { metadata: { name, resourceVersion: String(rv) } } })}\n`;

/** A chunk stream that hands out the given chunks, then ends (or stays open with `open`). */
async function* chunks(parts: readonly (string | Uint8Array)[]): AsyncGenerator<string | Uint8Array> {
  for (const p of parts) yield p;
}

async function collect<T>(w: Watch<T>): Promise<{ events: string[]; error?: unknown }> {
  const events: string[] = [];
  try {
    for await (const e of w) events.push(`${e.type} ${(e.object as Obj).metadata.name}`);
  } catch (error) {
    return { events, error };
  }
  return { events };
}

async function collectBatches<T>(w: Watch<T>): Promise<{ batches: string[][]; error?: unknown }> {
  const it = watchBatches(w);
  const batches: string[][] = [];
  try {
    for (;;) {
      const r = await it.next();
      if (r.done) break;
      batches.push(r.value.map((e: WatchEvent<T>) => `${e.type} ${(e.object as Obj).metadata.name}`));
    }
  } catch (error) {
    return { batches, error };
  }
  return { batches };
}

describe('decodeWatch', () => {
  it('decodes events split anywhere across chunks, bytes or strings, with CRLF and blank lines', async () => {
    const text = line('ADDED', 'a', 1) + '\r\n' + line('MODIFIED', 'a', 2).replace('\n', '\r\n') + line('DELETED', 'a', 3);
    const bytes = new TextEncoder().encode(text);
    // Every split point, including one inside a multi-byte-free event and one between \r and \n.
    for (let cut = 1; cut < bytes.length; cut += 7) {
      const w = decodeWatch<Obj>(chunks([bytes.subarray(0, cut), text.slice(cut)]));
      expect((await collect(w)).events).toEqual(['ADDED a', 'MODIFIED a', 'DELETED a']);
    }
  });

  it('decodes a multi-byte character split between two chunks', async () => {
    const bytes = new TextEncoder().encode(`{"type":"ADDED","object":{"metadata":{"name":"é-x"}}}\n`);
    const at = bytes.indexOf(0xc3) + 1;
    const w = decodeWatch<Obj>(chunks([bytes.subarray(0, at), bytes.subarray(at)]));
    expect((await collect(w)).events).toEqual(['ADDED é-x']);
  });

  it('hands out the events before an ERROR line, then throws its ApiError', async () => {
    const err = `${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' } })}\n`;
    const w = decodeWatch<Obj>(chunks([line('ADDED', 'a', 1) + line('ADDED', 'b', 2) + err + line('ADDED', 'c', 3)]));
    const got = await collect(w);
    expect(got.events).toEqual(['ADDED a', 'ADDED b']);
    expect(got.error).toBeInstanceOf(ApiError);
    expect(isResourceExpired(got.error)).toBe(true);
  });

  it('a line that is not an event is an error naming its line number, never dropped', async () => {
    const w = decodeWatch<Obj>(chunks([line('ADDED', 'a', 1) + '{"kind":"Status"}\n']), { describe: 'GET /x?watch=1' });
    const got = await collect(w);
    expect(got.events).toEqual(['ADDED a']);
    expect(got.error).toBeInstanceOf(WatchDecodeError);
    expect(String((got.error as Error).message)).toMatch(/^GET \/x\?watch=1: line 2 is not a watch event/);
  });

  it('a complete last event without its newline is decoded; half an event is an error', async () => {
    const whole = decodeWatch<Obj>(chunks([line('ADDED', 'a', 1) + line('ADDED', 'b', 2).trimEnd()]));
    expect((await collect(whole)).events).toEqual(['ADDED a', 'ADDED b']);
    const cut = decodeWatch<Obj>(chunks([line('ADDED', 'a', 1) + line('ADDED', 'b', 2).slice(0, 20)]));
    const got = await collect(cut);
    expect(got.events).toEqual(['ADDED a']);
    expect(String((got.error as Error).message)).toMatch(/ended in the middle of an event/);
  });

  it('stop() during iteration ends it before the rest of the chunk and closes the stream once', async () => {
    let closes = 0;
    const w = decodeWatch<Obj>(chunks([line('ADDED', 'a', 1) + line('ADDED', 'b', 2) + line('ADDED', 'c', 3)]), { close: () => void closes++ });
    const seen: string[] = [];
    for await (const e of w) {
      seen.push(e.object.metadata.name);
      w.stop();
    }
    expect(seen).toEqual(['a']);
    expect(closes).toBe(1);
  });

  it('can be iterated once', async () => {
    const w = decodeWatch<Obj>(chunks([]));
    await collect(w);
    expect(() => w[Symbol.asyncIterator]()).toThrow(/iterated once/);
    expect(() => watchBatches(w)).toThrow(/iterated once/);
  });
});

describe('watchBatches', () => {
  it('hands out a decoded stream in the batches its chunks carried', async () => {
    const w = decodeWatch<Obj>(chunks([line('ADDED', 'a', 1) + line('ADDED', 'b', 2) + line('ADDED', 'c', 3).slice(0, 10), line('ADDED', 'c', 3).slice(10), '\n', line('DELETED', 'a', 4)]));
    expect((await collectBatches(w)).batches).toEqual([['ADDED a', 'ADDED b'], ['ADDED c'], ['DELETED a']]);
  });

  it('hands out the events before an ERROR line as a batch, then throws', async () => {
    const err = `${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 500, reason: 'InternalError', message: 'boom' } })}\n`;
    const w = decodeWatch<Obj>(chunks([line('ADDED', 'a', 1), line('ADDED', 'b', 2) + err]));
    const got = await collectBatches(w);
    expect(got.batches).toEqual([['ADDED a'], ['ADDED b']]);
    expect(got.error).toBeInstanceOf(ApiError);
    expect((got.error as ApiError).status.message).toBe('boom');
  });

  it('turns any other Watch into batches of one event', async () => {
    const events: WatchEvent<Obj>[] = [
      { type: 'ADDED', object: { metadata: { name: 'a' } } },
      { type: 'DELETED', object: { metadata: { name: 'a' } } },
    ];
    const w: Watch<Obj> = {
      stop: () => undefined,
      async *[Symbol.asyncIterator]() {
        yield* events;
      },
    };
    expect((await collectBatches(w)).batches).toEqual([['ADDED a'], ['DELETED a']]);
  });
});
