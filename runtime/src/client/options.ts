/**
 * Request options of the typed clients, mirroring metav1's ListOptions, GetOptions, CreateOptions,
 * UpdateOptions, PatchOptions, ApplyOptions and DeleteOptions, plus per-request cancellation.
 */

export interface RequestOptions {
  /** Cancels the request (and, for watches, ends the stream). */
  signal?: AbortSignal;
  /** Client-side timeout of this request in ms (overrides the config's). */
  timeoutMs?: number;
}

export interface GetOptions extends RequestOptions {
  /** '' (latest, from etcd) or '0' (any, possibly from the watch cache). */
  resourceVersion?: string;
}

export interface ListOptions extends RequestOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'NotOlderThan' | 'Exact';
  timeoutSeconds?: number;
  allowWatchBookmarks?: boolean;
  sendInitialEvents?: boolean;
}

export type DryRun = 'All';
export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

export interface CreateOptions extends RequestOptions {
  dryRun?: DryRun[];
  fieldManager?: string;
  fieldValidation?: FieldValidation;
}

export type UpdateOptions = CreateOptions;

export interface PatchOptions extends CreateOptions {
  /** Only for apply patches: take ownership of conflicting fields. */
  force?: boolean;
}

export interface ApplyOptions extends RequestOptions {
  /** Required for server-side apply: the manager that owns the applied fields. */
  fieldManager: string;
  force?: boolean;
  dryRun?: DryRun[];
}

export interface Preconditions {
  uid?: string;
  resourceVersion?: string;
}

export type DeletionPropagation = 'Orphan' | 'Background' | 'Foreground';

export interface DeleteOptions extends RequestOptions {
  gracePeriodSeconds?: number;
  preconditions?: Preconditions;
  propagationPolicy?: DeletionPropagation;
  dryRun?: DryRun[];
}

/** Patch content types (client-go's `types.PatchType`). */
export const PatchType = {
  JSON: 'application/json-patch+json',
  Merge: 'application/merge-patch+json',
  StrategicMerge: 'application/strategic-merge-patch+json',
  Apply: 'application/apply-patch+yaml',
} as const;
export type PatchType = (typeof PatchType)[keyof typeof PatchType];

/** One RFC 6902 JSON-patch operation. */
export type JsonPatchOperation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; from: string; path: string };
