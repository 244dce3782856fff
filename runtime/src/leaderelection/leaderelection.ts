/**
 * Lease-based leader election, as client-go's `leaderelection` package: several replicas race for one
 * coordination.k8s.io/v1 Lease; the holder renews it every retry period and leads while it does; the
 * others watch it expire. Optimistic concurrency on the Lease's resourceVersion makes the race safe.
 *
 * Timing (client-go's defaults: 15 s / 10 s / 2 s): a follower takes over once it has observed the same
 * lease record unchanged for `leaseDuration`; the leader gives up when it cannot renew within
 * `renewDeadline` (which must be shorter than `leaseDuration`), so two leaders never overlap as long
 * as clocks run at the same rate.
 */
import { isAlreadyExists, isConflict, isNotFound } from '../rest/errors.js';
import type { Transport } from '../client/transport.js';
import { realClock, type Clock } from '../util/clock.js';
import { formatMicroTime, leaseClient, parseTime, type Lease, type LeaseSpec } from './lease.js';

export interface LeaderCallbacks {
  /** Called when this replica becomes leader; `signal` aborts when it stops leading. */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  /** Called when this replica stops leading (also after a release on cancel). */
  onStoppedLeading?(): void;
  /** Called when a different leader is observed (including this replica). */
  onNewLeader?(identity: string): void;
}

export interface LeaderElectionConfig {
  transport: Transport;
  /** Namespace and name of the Lease. */
  namespace: string;
  name: string;
  /** This replica's unique identity (e.g. the pod name plus a random suffix). */
  identity: string;
  /** ms a non-leader waits after the last observed change before taking over. Default 15000. */
  leaseDuration?: number;
  /** ms the leader keeps trying to renew before giving up. Default 10000. */
  renewDeadline?: number;
  /** ms between attempts. Default 2000. */
  retryPeriod?: number;
  /** Release the lease when the run signal aborts, so another replica takes over at once. */
  releaseOnCancel?: boolean;
  callbacks: LeaderCallbacks;
  clock?: Clock;
  /** Receives errors of individual attempts (they are retried). Default: ignored. */
  onError?: (err: unknown) => void;
}

const JITTER_FACTOR = 1.2;

export class LeaderElector {
  private readonly leaseDuration: number;
  private readonly renewDeadline: number;
  private readonly retryPeriod: number;
  private readonly clock: Clock;
  private readonly client;
  private observed: { spec: LeaseSpec; resourceVersion: string; at: number } | undefined;
  private reportedLeader = '';

  constructor(private readonly config: LeaderElectionConfig) {
    this.leaseDuration = config.leaseDuration ?? 15_000;
    this.renewDeadline = config.renewDeadline ?? 10_000;
    this.retryPeriod = config.retryPeriod ?? 2_000;
    if (this.leaseDuration <= this.renewDeadline) throw new Error('leaderelection: leaseDuration must be greater than renewDeadline');
    if (this.renewDeadline <= JITTER_FACTOR * this.retryPeriod) {
      throw new Error(`leaderelection: renewDeadline must be greater than retryPeriod*${JITTER_FACTOR}`);
    }
    if (config.identity === '') throw new Error('leaderelection: identity must not be empty');
    this.clock = config.clock ?? realClock;
    this.client = leaseClient(config.transport, config.namespace);
  }

  /** The identity of the last observed holder ('' when none). */
  getLeader(): string {
    return this.observed?.spec.holderIdentity ?? '';
  }

  isLeader(): boolean {
    return this.getLeader() === this.config.identity;
  }

  /**
   * Campaigns until elected, leads until renewal fails or `signal` aborts, then returns. To campaign
   * again after losing, call `run` again (client-go's `RunOrDie` also returns after losing).
   */
  async run(signal: AbortSignal): Promise<void> {
    const acquired = await this.acquire(signal);
    if (!acquired) return;
    const leading = new AbortController();
    const stopLeading = (): void => leading.abort();
    signal.addEventListener('abort', stopLeading, { once: true });
    let started: Promise<void> = Promise.resolve();
    try {
      started = Promise.resolve()
        .then(() => this.config.callbacks.onStartedLeading(leading.signal))
        .catch((err: unknown) => this.config.onError?.(err));
      await this.renew(leading.signal);
    } finally {
      signal.removeEventListener('abort', stopLeading);
      leading.abort();
      if (signal.aborted && this.config.releaseOnCancel) await this.release().catch((err: unknown) => this.config.onError?.(err));
      this.config.callbacks.onStoppedLeading?.();
      await started;
    }
  }

  private jittered(): number {
    return this.retryPeriod * (1 + Math.random() * (JITTER_FACTOR - 1));
  }

  private async acquire(signal: AbortSignal): Promise<boolean> {
    while (!signal.aborted) {
      if (await this.tryAcquireOrRenew(signal)) return true;
      try {
        await this.clock.sleep(this.jittered(), signal);
      } catch {
        return false;
      }
    }
    return false;
  }

  private async renew(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.clock.sleep(this.retryPeriod, signal);
      } catch {
        return;
      }
      const deadline = this.clock.now() + this.renewDeadline;
      let renewed = false;
      while (!signal.aborted && this.clock.now() < deadline) {
        const attempt = AbortSignal.any([signal, AbortSignal.timeout(Math.max(1, deadline - this.clock.now()))]);
        if (await this.tryAcquireOrRenew(attempt)) {
          renewed = true;
          break;
        }
        try {
          await this.clock.sleep(Math.min(this.retryPeriod, Math.max(0, deadline - this.clock.now())), signal);
        } catch {
          return;
        }
      }
      if (!renewed) return; // lost: could not renew within renewDeadline
    }
  }

  /** One attempt: create the lease, renew ours, or take over an expired one. */
  private async tryAcquireOrRenew(signal: AbortSignal): Promise<boolean> {
    const now = this.clock.now();
    const mine: LeaseSpec = {
      holderIdentity: this.config.identity,
      leaseDurationSeconds: Math.max(1, Math.ceil(this.leaseDuration / 1000)),
      acquireTime: formatMicroTime(now),
      renewTime: formatMicroTime(now),
      leaseTransitions: 0,
    };
    let current: Lease;
    try {
      current = await this.client.get(this.config.name, { signal });
    } catch (err) {
      if (!isNotFound(err)) {
        this.config.onError?.(err);
        return false;
      }
      try {
        const created = await this.client.create({ metadata: { name: this.config.name, namespace: this.config.namespace }, spec: mine }, { signal });
        this.observe(created, now);
        return true;
      } catch (createErr) {
        if (!isAlreadyExists(createErr)) this.config.onError?.(createErr);
        return false;
      }
    }
    const spec = current.spec ?? {};
    const rv = current.metadata?.resourceVersion ?? '';
    if (!this.observed || this.observed.resourceVersion !== rv || !sameRecord(this.observed.spec, spec)) {
      this.observe(current, now);
    }
    const holder = spec.holderIdentity ?? '';
    const held = holder !== '' && holder !== this.config.identity;
    const observedAt = this.observed?.at ?? now;
    const duration = (spec.leaseDurationSeconds ?? 0) * 1000;
    if (held && observedAt + duration > now) return false;
    const next: LeaseSpec =
      holder === this.config.identity
        ? { ...mine, acquireTime: spec.acquireTime ?? mine.acquireTime!, leaseTransitions: spec.leaseTransitions ?? 0 }
        : { ...mine, leaseTransitions: (spec.leaseTransitions ?? 0) + 1 };
    try {
      const updated = await this.client.update({ ...current, spec: next }, { signal });
      this.observe(updated, now);
      return true;
    } catch (err) {
      if (!isConflict(err)) this.config.onError?.(err);
      return false;
    }
  }

  private observe(lease: Lease, at: number): void {
    this.observed = { spec: { ...(lease.spec ?? {}) }, resourceVersion: lease.metadata?.resourceVersion ?? '', at };
    const holder = lease.spec?.holderIdentity ?? '';
    if (holder !== '' && holder !== this.reportedLeader) {
      this.reportedLeader = holder;
      this.config.callbacks.onNewLeader?.(holder);
    }
  }

  /** Gives the lease up so another replica can take it without waiting for it to expire. */
  private async release(): Promise<void> {
    if (!this.isLeader()) return;
    const current = await this.client.get(this.config.name);
    if (current.spec?.holderIdentity !== this.config.identity) return;
    const now = formatMicroTime(this.clock.now());
    const spec: LeaseSpec = {
      leaseDurationSeconds: 1,
      acquireTime: now,
      renewTime: now,
      leaseTransitions: current.spec?.leaseTransitions ?? 0,
    };
    const updated = await this.client.update({ ...current, spec });
    this.observe(updated, this.clock.now());
  }
}

function sameRecord(a: LeaseSpec, b: LeaseSpec): boolean {
  return (
    a.holderIdentity === b.holderIdentity &&
    a.leaseDurationSeconds === b.leaseDurationSeconds &&
    a.renewTime === b.renewTime &&
    a.acquireTime === b.acquireTime &&
    a.leaseTransitions === b.leaseTransitions &&
    parseTime(a.renewTime) === parseTime(b.renewTime)
  );
}

/** Runs leader election until `signal` aborts, campaigning again each time leadership is lost. */
export async function runLeaderElection(config: LeaderElectionConfig, signal: AbortSignal): Promise<void> {
  const elector = new LeaderElector(config);
  while (!signal.aborted) {
    await elector.run(signal);
  }
}
