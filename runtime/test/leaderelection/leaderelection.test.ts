import { describe, expect, it } from 'vitest';
import { FakeTransport } from '../../src/fake/index.js';
import { LEASE_RESOURCE, LeaderElector, leaseClient } from '../../src/leaderelection/index.js';

const leaseResource = { ...LEASE_RESOURCE, listKind: 'LeaseList', statusSubresource: false };
const timing = { leaseDuration: 600, renewDeadline: 400, retryPeriod: 100 };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Replica {
  id: string;
  elector: LeaderElector;
  abort: AbortController;
  run: Promise<void>;
  leading: boolean;
  events: string[];
}

function start(transport: FakeTransport, id: string, releaseOnCancel = false): Replica {
  const abort = new AbortController();
  const replica = { id, abort, leading: false, events: [] as string[] } as Replica;
  replica.elector = new LeaderElector({
    transport,
    namespace: 'kube-system',
    name: 'my-operator',
    identity: id,
    ...timing,
    releaseOnCancel,
    callbacks: {
      onStartedLeading: (signal) => {
        replica.leading = true;
        replica.events.push('started');
        signal.addEventListener('abort', () => (replica.leading = false));
      },
      onStoppedLeading: () => {
        replica.leading = false;
        replica.events.push('stopped');
      },
      onNewLeader: (leader) => replica.events.push(`leader ${leader}`),
    },
  });
  replica.run = replica.elector.run(abort.signal);
  return replica;
}

async function waitFor(cond: () => boolean, ms: number): Promise<number> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`condition not met within ${ms} ms`);
    await sleep(10);
  }
  return Date.now() - t0;
}

describe('LeaderElector', () => {
  it('elects exactly one of three replicas and keeps it while it renews', async () => {
    const transport = new FakeTransport([leaseResource]);
    const replicas = ['a', 'b', 'c'].map((id) => start(transport, id));
    await waitFor(() => replicas.some((r) => r.leading), 2_000);
    for (let i = 0; i < 10; i++) {
      expect(replicas.filter((r) => r.leading)).toHaveLength(1);
      await sleep(100);
    }
    const leader = replicas.find((r) => r.leading)!;
    const lease = await leaseClient(transport, 'kube-system').get('my-operator');
    expect(lease.spec?.holderIdentity).toBe(leader.id);
    expect(lease.spec?.leaseDurationSeconds).toBe(1);
    for (const r of replicas) expect(r.events).toContain(`leader ${leader.id}`);
    for (const r of replicas) r.abort.abort();
    await Promise.all(replicas.map((r) => r.run));
  });

  it('replaces a killed leader within leaseDuration + retryPeriod', async () => {
    const transport = new FakeTransport([leaseResource]);
    const replicas = ['a', 'b'].map((id) => start(transport, id));
    await waitFor(() => replicas.some((r) => r.leading), 2_000);
    const leader = replicas.find((r) => r.leading)!;
    const other = replicas.find((r) => r !== leader)!;
    // Kill without releasing: the lease stays held until it expires. The fake lease says 1 s
    // (leaseDurationSeconds is whole seconds), so the follower waits ~1 s after its last observation.
    leader.abort.abort();
    await leader.run;
    const took = await waitFor(() => other.leading, 3_000);
    expect(took).toBeLessThanOrEqual(1_000 + timing.retryPeriod * 1.2 + 300);
    const lease = await leaseClient(transport, 'kube-system').get('my-operator');
    expect(lease.spec?.holderIdentity).toBe(other.id);
    expect(lease.spec?.leaseTransitions).toBe(1);
    other.abort.abort();
    await other.run;
  });

  it('releases on cancel so a follower takes over at once', async () => {
    const transport = new FakeTransport([leaseResource]);
    const a = start(transport, 'a', true);
    await waitFor(() => a.leading, 2_000);
    const b = start(transport, 'b', true);
    await sleep(200);
    expect(b.leading).toBe(false);
    a.abort.abort();
    await a.run;
    expect(a.events.at(-1)).toBe('stopped');
    const took = await waitFor(() => b.leading, 2_000);
    expect(took).toBeLessThan(600);
    b.abort.abort();
    await b.run;
  });

  it('steps down when it cannot renew within the renew deadline', async () => {
    const transport = new FakeTransport([leaseResource]);
    const a = start(transport, 'a');
    await waitFor(() => a.leading, 2_000);
    transport.prependReactor('update', 'leases', () => ({ handled: true, error: new Error('apiserver unreachable') }));
    await waitFor(() => !a.leading, 2_000);
    await a.run;
    expect(a.events).toEqual(['leader a', 'started', 'stopped']);
  });

  it('rejects inconsistent timing', () => {
    const transport = new FakeTransport([leaseResource]);
    const cfg = { transport, namespace: 'n', name: 'l', identity: 'x', callbacks: { onStartedLeading: () => {} } };
    expect(() => new LeaderElector({ ...cfg, leaseDuration: 100, renewDeadline: 200 })).toThrow(/leaseDuration must be greater than renewDeadline/);
    expect(() => new LeaderElector({ ...cfg, leaseDuration: 1000, renewDeadline: 200, retryPeriod: 200 })).toThrow(/renewDeadline must be greater/);
  });
});
