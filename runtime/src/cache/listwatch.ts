/**
 * What a reflector needs from a client: a paginated list and a watch. The generated typed clients
 * (and the dynamic client) satisfy it; tests can pass any object with these two methods.
 */
import type { Watch } from '../watch/types.js';

export interface ListWatchOptions {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'NotOlderThan' | 'Exact';
  limit?: number;
  continue?: string;
  timeoutSeconds?: number;
  allowWatchBookmarks?: boolean;
  sendInitialEvents?: boolean;
  signal?: AbortSignal;
}

export interface ListResult<T> {
  items: T[];
  metadata?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
}

export interface ListerWatcher<T> {
  list(options: ListWatchOptions): Promise<ListResult<T>>;
  watch(options: ListWatchOptions): Promise<Watch<T>>;
}

/** Applies list-option tweaks (label/field selectors) to every list and watch, like client-go's tweakListOptions. */
export function filteredListWatch<T>(lw: ListerWatcher<T>, tweak: (o: ListWatchOptions) => void): ListerWatcher<T> {
  return {
    list: (o) => {
      const opts = { ...o };
      tweak(opts);
      return lw.list(opts);
    },
    watch: (o) => {
      const opts = { ...o };
      tweak(opts);
      return lw.watch(opts);
    },
  };
}
