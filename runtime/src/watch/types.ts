/** Watch streams: the decoded events of `?watch=1` as an async iterator the consumer can stop. */

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/**
 * One event. For ERROR the object is the server's Status; decoders turn it into an `ApiError` thrown
 * from the iterator, so consumers normally see only the other four.
 */
export interface WatchEvent<T> {
  type: WatchEventType;
  object: T;
}

/** A running watch. Iterate it once; `stop()` ends the iteration (and the connection) from outside. */
export interface Watch<T> extends AsyncIterable<WatchEvent<T>> {
  stop(): void;
}

/** The annotation the apiserver sets on the bookmark that ends a `sendInitialEvents` stream. */
export const INITIAL_EVENTS_END_ANNOTATION = 'k8s.io/initial-events-end';
