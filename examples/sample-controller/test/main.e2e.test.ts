/**
 * The sample-controller's entry point, as a user runs it: flags parsed, the kubeconfig the test API
 * server wrote loaded, leader election through a Lease, and the controller reconciling a Foo; an abort
 * (SIGTERM in production) stops it and releases the lease.
 */
import yaml from 'js-yaml';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadKubeConfig, RestClient } from '@kubegen/runtime';
import { startTestApiServer, type TestApiServer } from '@kubegen/runtime/testing';
import { newForTransport } from '../generated/clientset/versioned/clientset.js';
import { main, parseArgs } from '../src/main.js';

const CRDS = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', 'config', 'crd', 'bases');

let server: TestApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const until = async (cond: () => Promise<boolean>, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('sample-controller main', () => {
  it.each([
    ['defaults', [], { workers: 2, leaderElect: true, leaseNamespace: 'kube-system' }],
    ['flags', ['--kubeconfig', '/k', '--context=dev', '--workers', '4', '--leader-elect=false', '--lease-namespace', 'ops', '--identity', 'me'], { kubeconfig: '/k', context: 'dev', workers: 4, leaderElect: false, leaseNamespace: 'ops', identity: 'me' }],
  ] as const)('parses %s', (_name, argv, want) => {
    expect(parseArgs(argv, {})).toMatchObject(want);
  });

  it.each([
    [['--workers', '0'], /--workers must be a positive integer/],
    [['--bogus'], /unknown flag --bogus/],
    [['--kubeconfig'], /--kubeconfig needs a value/],
  ])('refuses %j', (argv, want) => {
    expect(() => parseArgs(argv, {})).toThrow(want);
  });

  it('runs against a cluster from a kubeconfig, leads, reconciles, and releases the lease on stop', async () => {
    const crds = readdirSync(CRDS).map((f) => yaml.load(readFileSync(join(CRDS, f), 'utf8')) as object);
    server = await startTestApiServer({ crds });
    const logs: string[] = [];
    const ac = new AbortController();
    const running = main(parseArgs(['--kubeconfig', server.kubeconfigPath, '--identity', 'replica-1', '--workers', '1'], {}), ac.signal, (l) => logs.push(l));

    const transport = new RestClient(await loadKubeConfig({ kubeconfig: server.kubeconfigPath }));
    const cs = newForTransport(transport);
    await cs.samplecontrollerV1alpha1().foos('default').create({
      apiVersion: 'samplecontroller.k8s.io/v1alpha1',
      kind: 'Foo',
      metadata: { name: 'hello' },
      spec: { deploymentName: 'hello-nginx', replicas: 2 },
    });
    await until(async () => (await cs.appsV1().deployments('default').list()).items.some((d) => d.metadata?.name === 'hello-nginx'));
    const lease = await transport.request<{ spec?: { holderIdentity?: string } }>({ method: 'GET', path: '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/sample-controller' });
    expect(lease.spec?.holderIdentity).toBe('replica-1');
    expect(logs).toContain('replica-1: leading, starting the controller');

    ac.abort();
    await running;
    const released = await transport.request<{ spec?: { holderIdentity?: string } }>({ method: 'GET', path: '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/sample-controller' });
    expect(released.spec?.holderIdentity ?? '').toBe('');
    await transport.close();
  });

  it('exits with an error when it loses the lease without being asked to stop', async () => {
    const crds = readdirSync(CRDS).map((f) => yaml.load(readFileSync(join(CRDS, f), 'utf8')) as object);
    server = await startTestApiServer({ crds });
    const logs: string[] = [];
    const options = { ...parseArgs(['--kubeconfig', server.kubeconfigPath, '--identity', 'replica-1', '--workers', '1'], {}), leaseDuration: 1500, renewDeadline: 1000, retryPeriod: 100 };
    const ac = new AbortController();
    const running = main(options, ac.signal, (l) => logs.push(l));
    const outcome = running.then(
      () => 'resolved',
      (e: unknown) => (e instanceof Error ? e.message : String(e)),
    );
    const transport = new RestClient(await loadKubeConfig({ kubeconfig: server.kubeconfigPath }));
    const path = '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/sample-controller';
    type Lease = { metadata: { resourceVersion?: string }; spec?: { holderIdentity?: string; leaseDurationSeconds?: number; renewTime?: string } };
    await until(async () => logs.includes('replica-1: leading, starting the controller'));
    // Another replica takes the lease over (as after a partition): replica-1's renewals now fail.
    await until(async () => {
      const lease = await transport.request<Lease>({ method: 'GET', path });
      const stolen = { ...lease, spec: { ...lease.spec, holderIdentity: 'intruder', leaseDurationSeconds: 3600, renewTime: new Date().toISOString().replace('Z', '000Z') } };
      try {
        await transport.request({ method: 'PUT', path, body: stolen });
        return true;
      } catch {
        return false; // a renewal won the race: read again
      }
    });
    expect(await outcome).toMatch(/replica-1 lost the leader election lease: exiting/);
    expect(logs).toContain('replica-1: stopped leading');
    ac.abort();
    await transport.close();
  });
});
