/** coordination.k8s.io/v1 Lease, the lock object of leader election. */
import type { ObjectMeta, ListMeta, MicroTime } from '../meta/types.js';
import { ResourceClient, type ResourceInfo } from '../client/resource.js';
import type { Transport } from '../client/transport.js';

export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: MicroTime;
  renewTime?: MicroTime;
  leaseTransitions?: number;
  strategy?: string;
  preferredHolder?: string;
}

export interface Lease {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: LeaseSpec;
}

export interface LeaseList {
  apiVersion?: string;
  kind?: string;
  metadata?: ListMeta;
  items: Lease[];
}

export const LEASE_RESOURCE: ResourceInfo = {
  group: 'coordination.k8s.io',
  version: 'v1',
  resource: 'leases',
  kind: 'Lease',
  namespaced: true,
};

/** A typed client for Leases in one namespace. */
export function leaseClient(transport: Transport, namespace: string): ResourceClient<Lease, LeaseList> {
  return new ResourceClient<Lease, LeaseList>(transport, LEASE_RESOURCE, namespace);
}

/** Formats a time as a Kubernetes MicroTime (RFC 3339 with microseconds, UTC). */
export function formatMicroTime(ms: number): MicroTime {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Parses a Time or MicroTime; NaN when absent or malformed. */
export function parseTime(t: string | undefined): number {
  return t === undefined ? Number.NaN : Date.parse(t);
}
