/**
 * What the typed, dynamic and discovery clients need from the wire: one JSON request and one watch
 * stream. The REST client implements it over HTTP; the fake clientset implements it over an in-memory
 * object tracker, so generated clients run the same code in tests and in production.
 */
import type { Watch } from '../watch/types.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type QueryValue = string | number | boolean | readonly string[] | undefined;

export interface RestRequest {
  method: HttpMethod;
  /** Absolute API path, e.g. `/apis/samplecrd.k8s.io/v1/namespaces/default/networks/x`. */
  path: string;
  query?: Readonly<Record<string, QueryValue>>;
  /** JSON-serialisable body. */
  body?: unknown;
  /** Request content type (default `application/json`). */
  contentType?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  /**
   * The User-Agent a server received the request with (the test API server sets it, for the default
   * field manager); transports that send requests set their own header and ignore it.
   */
  userAgent?: string;
}

export interface Transport {
  /** Sends a request and resolves to the decoded JSON response; rejects with `ApiError` on failure. */
  request<R = unknown>(req: RestRequest): Promise<R>;
  /** Opens a watch (`?watch=true` is added by the caller) and decodes events as they arrive. */
  watch<T = unknown>(req: RestRequest): Promise<Watch<T>>;
}
