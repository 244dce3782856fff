/**
 * Streaming decode of a watch response: newline-delimited JSON events, parsed as the bytes arrive (no
 * whole-body buffering), handed out as an async iterator. ERROR events become `ApiError`s (410 Expired
 * stays distinguishable with `isResourceExpired`); a line that is not an event is an error, never dropped;
 * a stream cut in the middle of an event is an error; and a stream that goes silent longer than the
 * inactivity timeout (a half-open connection) ends with a `Timeout` ApiError the caller can restart from.
 */
import { ApiError } from '../rest/errors.js';
import type { Watch, WatchEvent, WatchEventType } from './types.js';

/** A watch stream carried something that is not a watch event. */
export class WatchDecodeError extends Error {
  override readonly name = 'WatchDecodeError';
}

export interface DecodeWatchOptions {
  /** Ends the watch with a `Timeout` ApiError after this long without bytes (0/undefined: never). */
  inactivityTimeoutMs?: number;
  /** Closes the underlying connection (called on stop, inactivity, errors and normal end). */
  close?: () => void;
  /** Names the stream in error messages, e.g. `GET https://…/networks?watch=true`. */
  describe?: string;
}

const TYPES: ReadonlySet<string> = new Set<WatchEventType>(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);

/**
 * The events of any `Watch` in batches: a decoded stream's batches as they arrived, another watch's
 * events one by one. Consumes the watch (iterate it once, either way).
 */
export function watchBatches<T>(w: Watch<T>): AsyncIterator<readonly WatchEvent<T>[]> {
  if (w instanceof StreamWatch) return (w as StreamWatch<T>).batchIterator();
  const it = w[Symbol.asyncIterator]();
  return {
    next: async () => {
      const r = await it.next();
      return r.done ? { done: true, value: undefined } : { done: false, value: [r.value] };
    },
    return: async () => {
      await it.return?.();
      return { done: true, value: undefined };
    },
  };
}

/** Wraps a byte (or string) chunk stream as a `Watch`. */
export function decodeWatch<T>(chunks: AsyncIterable<Uint8Array | string>, options: DecodeWatchOptions = {}): Watch<T> {
  return new StreamWatch<T>(chunks, options);
}

class StreamWatch<T> implements Watch<T> {
  private stopped = false;
  private failure: Error | undefined;
  private closed = false;
  private iterated = false;
  private timer: NodeJS.Timeout | undefined;
  private last = 0;

  constructor(
    private readonly chunks: AsyncIterable<Uint8Array | string>,
    private readonly options: DecodeWatchOptions,
  ) {}

  stop(): void {
    this.stopped = true;
    this.close();
  }

  private close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.closed) return;
    this.closed = true;
    this.options.close?.();
  }

  private arm(): void {
    const ms = this.options.inactivityTimeoutMs;
    if (!ms || ms <= 0) return;
    this.last = performance.now();
    const check = (): void => {
      const idle = performance.now() - this.last;
      if (idle >= ms) {
        this.failure = new ApiError({
          code: 504,
          reason: 'Timeout',
          message:
            `${this.options.describe ?? 'watch'}: nothing received for ${Math.round(ms / 1000)} s (no event, no bookmark): ` +
            `the connection is probably half-open; start a new watch from the last resourceVersion`,
        });
        this.close();
        return;
      }
      this.timer = setTimeout(check, ms - idle);
      this.timer.unref?.();
    };
    this.timer = setTimeout(check, ms);
    this.timer.unref?.();
  }

  [Symbol.asyncIterator](): AsyncIterator<WatchEvent<T>> {
    const batches = this.batchIterator();
    let batch: readonly WatchEvent<T>[] = [];
    let i = 0;
    return {
      next: async (): Promise<IteratorResult<WatchEvent<T>>> => {
        while (i >= batch.length || this.stopped) {
          if (this.stopped) {
            await batches.return(undefined);
            return { done: true, value: undefined };
          }
          const r = await batches.next();
          if (r.done) return { done: true, value: undefined };
          batch = r.value;
          i = 0;
        }
        return { done: false, value: batch[i++]! };
      },
      return: async (): Promise<IteratorResult<WatchEvent<T>>> => {
        await batches.return(undefined);
        return { done: true, value: undefined };
      },
    };
  }

  /**
   * The events in the batches they arrived in (every complete line of one network chunk), for consumers
   * that apply many events per turn of the event loop (the Reflector). Iterable once, like the events.
   */
  batchIterator(): AsyncGenerator<readonly WatchEvent<T>[], void, undefined> {
    if (this.iterated) throw new Error('a Watch can be iterated once: open a new watch to read again');
    this.iterated = true;
    return this.batches();
  }

  private async *batches(): AsyncGenerator<readonly WatchEvent<T>[], void, undefined> {
    const decoder = new TextDecoder();
    const track = this.options.inactivityTimeoutMs !== undefined && this.options.inactivityTimeoutMs > 0;
    let buf = '';
    let lineNo = 0;
    this.arm();
    try {
      if (this.stopped) return;
      try {
        for await (const chunk of this.chunks) {
          if (track) this.last = performance.now();
          buf += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
          let start = 0;
          let nl = buf.indexOf('\n', start);
          if (nl < 0) continue;
          const text = buf;
          buf = '';
          const out: WatchEvent<T>[] = [];
          try {
            while (nl >= 0) {
              lineNo++;
              const ev = this.parse(text, start, nl, lineNo);
              start = nl + 1;
              nl = text.indexOf('\n', start);
              if (ev) out.push(ev);
            }
          } catch (err) {
            // The events before an ERROR (or undecodable) line are handed out first.
            if (out.length > 0) yield out;
            throw err;
          }
          buf = start === text.length ? '' : text.slice(start);
          if (out.length > 0) {
            yield out;
            if (this.stopped) return;
          }
        }
      } catch (err) {
        if (this.failure) throw this.failure;
        if (this.stopped) return;
        if (err instanceof ApiError || err instanceof WatchDecodeError) throw err;
        throw new WatchDecodeError(`${this.options.describe ?? 'watch'}: the stream failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
      if (this.failure) throw this.failure;
      if (this.stopped) return;
      buf += decoder.decode();
      if (buf.trim() !== '') {
        // A last event without its newline is fine if it is complete; half an event is not.
        let ev: WatchEvent<T> | undefined;
        try {
          ev = this.parse(buf, 0, buf.length, lineNo + 1);
        } catch {
          throw new WatchDecodeError(
            `${this.options.describe ?? 'watch'}: the stream ended in the middle of an event (${buf.length} bytes unterminated): ` +
              `the server or a proxy closed the connection; start a new watch from the last resourceVersion`,
          );
        }
        if (ev) yield [ev];
      }
    } finally {
      this.close();
    }
  }

  private parse(buf: string, start: number, end: number, lineNo: number): WatchEvent<T> | undefined {
    // Skip blank lines (and the \r of CRLF framing) without allocating.
    let s = start;
    let e = end;
    while (s < e && isSpace(buf.charCodeAt(s))) s++;
    while (e > s && isSpace(buf.charCodeAt(e - 1))) e--;
    if (s === e) return undefined;
    const line = s === 0 && e === buf.length ? buf : buf.slice(s, e);
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new WatchDecodeError(`${this.options.describe ?? 'watch'}: line ${lineNo} is not JSON: ${snippet(line)}`);
    }
    const ev = value as { type?: unknown; object?: unknown };
    if (typeof ev !== 'object' || ev === null || typeof ev.type !== 'string' || !TYPES.has(ev.type) || typeof ev.object !== 'object' || ev.object === null) {
      throw new WatchDecodeError(`${this.options.describe ?? 'watch'}: line ${lineNo} is not a watch event ({"type": ADDED|MODIFIED|DELETED|BOOKMARK|ERROR, "object": {…}}): ${snippet(line)}`);
    }
    if (ev.type === 'ERROR') {
      const status = ev.object as { code?: number };
      throw ApiError.fromResponse(typeof status.code === 'number' ? status.code : 500, ev.object, this.options.describe ? { url: this.options.describe } : {});
    }
    return ev as WatchEvent<T>;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function snippet(line: string): string {
  return line.length > 160 ? `${line.slice(0, 160)}…` : line;
}
