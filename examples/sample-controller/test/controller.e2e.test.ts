/**
 * The sample-controller end to end on the test API server: its CRD from config/crd/bases, two replicas
 * behind leader election (only the leader reconciles), informers over the generated clientset, and the
 * reconcile of create and update of Foos.
 */
import yaml from 'js-yaml';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LeaderElector } from '@kubegen/runtime';
import { startTestApiServer, type TestApiServer } from '@kubegen/runtime/testing';
import { e2eTransport } from '../../../test/e2e/transport.js';
import { newForTransport } from '../generated/clientset/versioned/clientset.js';
import { newSharedInformerFactory } from '../generated/informers/externalversions/factory.js';
import { Controller, isControlledBy } from '../src/controller.js';

const CRDS = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', 'config', 'crd', 'bases');

async function until(cond: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

let server: TestApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('sample-controller on the test API server', () => {
  it('reconciles Foos into owned Deployments and status, with one leader among two replicas', async () => {
    const crds = readdirSync(CRDS).map((f) => yaml.load(readFileSync(join(CRDS, f), 'utf8')) as object);
    server = await startTestApiServer({ crds, bookmarkIntervalMs: 100 });
    const transport = await e2eTransport(server);
    const replicas = ['replica-a', 'replica-b'].map((identity) => {
      const clientset = newForTransport(transport);
      const reconciled: string[] = [];
      const stop = new AbortController();
      const elector = new LeaderElector({
        transport,
        namespace: 'kube-system',
        name: 'sample-controller',
        identity,
        leaseDuration: 1_500,
        renewDeadline: 1_000,
        retryPeriod: 200,
        releaseOnCancel: true,
        callbacks: {
          onStartedLeading: async (signal) => {
            const factory = newSharedInformerFactory(clientset, 0);
            const controller = new Controller({
              clientset,
              foos: factory.samplecontroller().v1alpha1().foos(),
              deployments: factory.apps().v1().deployments(),
            });
            const original = controller.syncHandler.bind(controller);
            controller.syncHandler = async (key) => {
              reconciled.push(key);
              await original(key);
            };
            factory.start(signal);
            await controller.run(2, signal);
            await factory.shutdown();
          },
        },
      });
      return { identity, elector, stop, reconciled, run: elector.run(stop.signal), clientset };
    });
    await until(() => replicas.some((r) => r.elector.isLeader()));
    const leader = replicas.find((r) => r.elector.isLeader())!;
    const follower = replicas.find((r) => r !== leader)!;

    const cs = leader.clientset;
    const foos = cs.samplecontrollerV1alpha1().foos('default');
    const deployments = cs.appsV1().deployments('default');
    await foos.create({ apiVersion: 'samplecontroller.k8s.io/v1alpha1', kind: 'Foo', metadata: { name: 'example-foo' }, spec: { deploymentName: 'example-foo', replicas: 1 } });
    await until(async () => (await deployments.list()).items.length === 1);
    const d = await deployments.get('example-foo');
    const f = await foos.get('example-foo');
    expect(isControlledBy(d, f)).toBe(true);
    expect(d.spec?.replicas).toBe(1);

    // The "kubelet": the Deployment becomes available; the controller mirrors it into Foo's status.
    await deployments.updateStatus({ ...d, status: { replicas: 1, availableReplicas: 1 } });
    await until(async () => (await foos.get('example-foo')).status?.availableReplicas === 1);

    // Scaling the Foo scales its Deployment.
    const cur = await foos.get('example-foo');
    await foos.update({ ...cur, spec: { ...cur.spec, replicas: 3 } });
    await until(async () => (await deployments.get('example-foo')).spec?.replicas === 3);

    // Invalid Foos are refused by the CRD schema the generator wrote.
    await expect(foos.create({ apiVersion: 'samplecontroller.k8s.io/v1alpha1', kind: 'Foo', metadata: { name: 'bad' }, spec: { deploymentName: '', replicas: -1 } })).rejects.toMatchObject({
      code: 422,
      reason: 'Invalid',
    });

    expect(leader.reconciled).toContain('default/example-foo');
    expect(follower.reconciled).toEqual([]);

    // The leader steps down (releasing the lease); the follower takes over and keeps reconciling.
    leader.stop.abort();
    await leader.run;
    await until(() => follower.elector.isLeader(), 5_000);
    await foos.create({ apiVersion: 'samplecontroller.k8s.io/v1alpha1', kind: 'Foo', metadata: { name: 'second' }, spec: { deploymentName: 'second', replicas: 2 } });
    await until(async () => (await deployments.list()).items.some((x) => x.metadata?.name === 'second'));
    expect(follower.reconciled).toContain('default/second');

    // Deleting a Foo deletes its Deployment through the owner reference (the garbage collector) ...
    await foos.delete('second');
    await until(async () => !(await deployments.list()).items.some((x) => x.metadata?.name === 'second'));
    // ... and a Deployment deleted behind the controller's back is made again for its Foo.
    const before = (await deployments.get('example-foo')).metadata?.uid;
    await deployments.delete('example-foo');
    await until(async () => (await deployments.list()).items.some((x) => x.metadata?.name === 'example-foo' && x.metadata.uid !== before));
    follower.stop.abort();
    await follower.run;
  }, 60_000);
});
