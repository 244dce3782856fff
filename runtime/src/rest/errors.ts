/**
 * Typed API errors. Every failure the apiserver reports arrives as a `Status` object; `ApiError` carries
 * it unchanged and the helpers below classify it the way apimachinery's `errors.IsXxx` do: by `reason`
 * first and, when the reason is unknown to the client, by HTTP code.
 */
import type { Status, StatusCause, StatusDetails } from '../meta/types.js';

/** The reasons the apiserver puts in `Status.reason` (metav1.StatusReason). */
export type StatusReason =
  | ''
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Invalid'
  | 'ServerTimeout'
  | 'StoreReadError'
  | 'Timeout'
  | 'TooManyRequests'
  | 'BadRequest'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'InternalError'
  | 'Expired'
  | 'ServiceUnavailable';

const KNOWN_REASONS: ReadonlySet<string> = new Set<string>([
  'Unauthorized', 'Forbidden', 'NotFound', 'AlreadyExists', 'Conflict', 'Gone', 'Invalid', 'ServerTimeout',
  'StoreReadError', 'Timeout', 'TooManyRequests', 'BadRequest', 'MethodNotAllowed', 'NotAcceptable',
  'RequestEntityTooLarge', 'UnsupportedMediaType', 'InternalError', 'Expired', 'ServiceUnavailable',
]);

/** The reason a code implies when the server sent none (apimachinery's `reasonForCode`). */
export function reasonForCode(code: number): StatusReason {
  switch (code) {
    case 400: return 'BadRequest';
    case 401: return 'Unauthorized';
    case 403: return 'Forbidden';
    case 404: return 'NotFound';
    case 405: return 'MethodNotAllowed';
    case 406: return 'NotAcceptable';
    case 409: return 'Conflict';
    case 410: return 'Gone';
    case 413: return 'RequestEntityTooLarge';
    case 415: return 'UnsupportedMediaType';
    case 422: return 'Invalid';
    case 429: return 'TooManyRequests';
    case 500: return 'InternalError';
    case 503: return 'ServiceUnavailable';
    case 504: return 'Timeout';
    default: return '';
  }
}

export interface ApiErrorOptions {
  /** HTTP method and URL of the failed request, for the message. */
  method?: string;
  url?: string;
  /** Seconds the server asked to wait (`Retry-After` or `details.retryAfterSeconds`). */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/** A failure reported by the Kubernetes API (or synthesised from a transport-level HTTP status). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** The server's Status, normalised: `code` and `reason` always set. */
  readonly status: Status & { code: number; reason: StatusReason };
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(status: Status, options: ApiErrorOptions = {}) {
    const code = typeof status.code === 'number' ? status.code : 500;
    const reason = (status.reason && KNOWN_REASONS.has(status.reason) ? status.reason : (status.reason ?? '')) as StatusReason;
    const message = status.message || defaultMessage(code, reason);
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = { ...status, kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message };
    this.method = options.method;
    this.url = options.url;
    const retry = options.retryAfterSeconds ?? status.details?.retryAfterSeconds;
    this.retryAfterSeconds = retry;
  }

  get code(): number {
    return this.status.code;
  }
  get reason(): StatusReason {
    return this.status.reason;
  }
  get details(): StatusDetails | undefined {
    return this.status.details;
  }
  get causes(): StatusCause[] {
    return this.status.details?.causes ?? [];
  }

  /** Builds an ApiError from a decoded response body that may or may not be a Status. */
  static fromResponse(code: number, body: unknown, options: ApiErrorOptions = {}): ApiError {
    if (isStatus(body)) {
      return new ApiError({ ...body, code: typeof body.code === 'number' && body.code !== 0 ? body.code : code }, options);
    }
    const text = typeof body === 'string' ? body.trim() : '';
    const reason = reasonForCode(code);
    const message = text !== '' ? text : defaultMessage(code, reason);
    return new ApiError({ code, reason, message }, options);
  }
}

function defaultMessage(code: number, reason: StatusReason): string {
  return reason === '' ? `the server responded with HTTP ${code}` : `the server responded with HTTP ${code} (${reason})`;
}

/** A decoded body is a Status when it says so. */
export function isStatus(value: unknown): value is Status {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'Status';
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

/** reasonForError: the reason, or '' when err is not an ApiError. */
export function reasonForError(err: unknown): StatusReason {
  return err instanceof ApiError ? err.reason : '';
}

function has(err: unknown, reason: StatusReason, code: number): boolean {
  if (!(err instanceof ApiError)) return false;
  if (err.reason === reason) return true;
  // Like apimachinery: fall back to the code only when the reason is not one the client knows.
  return !KNOWN_REASONS.has(err.reason) && err.code === code;
}

export const isNotFound = (err: unknown): boolean => has(err, 'NotFound', 404);
export const isAlreadyExists = (err: unknown): boolean => has(err, 'AlreadyExists', 409);
export const isConflict = (err: unknown): boolean => has(err, 'Conflict', 409);
export const isInvalid = (err: unknown): boolean => has(err, 'Invalid', 422);
export const isForbidden = (err: unknown): boolean => has(err, 'Forbidden', 403);
export const isUnauthorized = (err: unknown): boolean => has(err, 'Unauthorized', 401);
export const isGone = (err: unknown): boolean => has(err, 'Gone', 410);
export const isBadRequest = (err: unknown): boolean => has(err, 'BadRequest', 400);
export const isMethodNotSupported = (err: unknown): boolean => has(err, 'MethodNotAllowed', 405);
export const isTimeout = (err: unknown): boolean => has(err, 'Timeout', 504);
export const isServerTimeout = (err: unknown): boolean => err instanceof ApiError && err.reason === 'ServerTimeout';
export const isInternalError = (err: unknown): boolean => has(err, 'InternalError', 500);
export const isServiceUnavailable = (err: unknown): boolean => has(err, 'ServiceUnavailable', 503);
/** 429, by reason or code (the apiserver's priority-and-fairness rejections use both). */
export const isTooManyRequests = (err: unknown): boolean =>
  err instanceof ApiError && (err.reason === 'TooManyRequests' || err.code === 429);
/**
 * The requested resourceVersion is newer than the server has seen (504 Timeout with the cause
 * `ResourceVersionTooLarge`, or the message of apiservers before 1.18.6): a client should list again
 * without a resourceVersion, as client-go's reflector does.
 */
export const isTooLargeResourceVersion = (err: unknown): boolean => {
  if (!(err instanceof ApiError)) return false;
  if (err.status.details?.causes?.some((c) => c.reason === 'ResourceVersionTooLarge')) return true;
  return isTimeout(err) && (err.status.message ?? '').includes('Too large resource version');
};
/** The requested resourceVersion is too old: reason Expired (watch/list), or Gone. */
export const isResourceExpired = (err: unknown): boolean =>
  err instanceof ApiError && (err.reason === 'Expired' || err.reason === 'Gone' || err.code === 410);
