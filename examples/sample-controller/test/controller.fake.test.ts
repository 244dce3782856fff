/**
 * The sample-controller unit-tested the way an operator author would: a fake clientset seeded with
 * objects, real informers and listers over it, reactors to inject failures, and assertions on the
 * recorded actions.
 */
import { describe, expect, it } from 'vitest';
import type { Deployment } from '../apis/apps/v1/types.js';
import type { Foo } from '../apis/samplecontroller/v1alpha1/types.js';
import { newSimpleClientset, type FakeClientset } from '../generated/clientset/versioned/fake/clientset.js';
import { newSharedInformerFactory } from '../generated/informers/externalversions/factory.js';
import { Controller, isControlledBy } from '../src/controller.js';

const foo = (name: string, replicas = 1, deploymentName = `${name}-deploy`): Foo => ({
  apiVersion: 'samplecontroller.k8s.io/v1alpha1',
  kind: 'Foo',
  metadata: { name, namespace: 'default' },
  spec: { deploymentName, replicas },
});

async function until(cond: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function start(client: FakeClientset): { controller: Controller; stop: () => Promise<void>; errors: string[] } {
  const factory = newSharedInformerFactory(client, 0);
  const errors: string[] = [];
  const controller = new Controller({
    clientset: client,
    foos: factory.samplecontroller().v1alpha1().foos(),
    deployments: factory.apps().v1().deployments(),
    onError: (key, err) => errors.push(`${key}: ${err instanceof Error ? err.message : String(err)}`),
  });
  const ac = new AbortController();
  factory.start(ac.signal);
  const running = controller.run(2, ac.signal);
  return {
    controller,
    errors,
    stop: async () => {
      ac.abort();
      await running;
      await factory.shutdown();
    },
  };
}

describe('sample-controller with the fake clientset', () => {
  it('creates an owned Deployment for a Foo and mirrors its available replicas into the status', async () => {
    const client = newSimpleClientset(foo('example', 3));
    const { stop } = start(client);
    const deployments = client.appsV1().deployments('default');
    await until(async () => (await deployments.list()).items.length === 1);
    const d = await deployments.get('example-deploy');
    const f = await client.samplecontrollerV1alpha1().foos('default').get('example');
    expect(d.spec?.replicas).toBe(3);
    expect(isControlledBy(d, f)).toBe(true);
    expect(d.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Foo', name: 'example', controller: true });

    // The "cluster" makes the pods available: the controller copies the count into Foo's status.
    await deployments.updateStatus({ ...d, status: { availableReplicas: 3 } });
    await until(async () => (await client.samplecontrollerV1alpha1().foos('default').get('example')).status?.availableReplicas === 3);

    const writes = client.actions().filter((a) => a.verb !== 'list' && a.verb !== 'watch' && a.verb !== 'get');
    // Status 0 first (nothing available yet), then the test's status write, then 3.
    expect(writes.map((a) => `${a.verb} ${a.resource}${a.subresource ? '/' + a.subresource : ''}`)).toEqual([
      'create deployments',
      'update foos/status',
      'update deployments/status',
      'update foos/status',
    ]);
    await stop();
  });

  it('scales the Deployment when the Foo changes', async () => {
    const client = newSimpleClientset(foo('web', 1));
    const { stop } = start(client);
    const deployments = client.appsV1().deployments('default');
    await until(async () => (await deployments.list()).items.length === 1);
    const foos = client.samplecontrollerV1alpha1().foos('default');
    const current = await foos.get('web');
    await foos.update({ ...current, spec: { ...current.spec, replicas: 5 } });
    await until(async () => (await deployments.get('web-deploy')).spec?.replicas === 5);
    await stop();
  });

  it('retries with backoff when the apiserver fails, then succeeds', async () => {
    const client = newSimpleClientset(foo('flaky'));
    let failures = 2;
    client.prependReactor('create', 'deployments', () =>
      failures-- > 0 ? { handled: true, error: new Error('etcdserver: request timed out') } : { handled: false },
    );
    const { stop, errors } = start(client);
    await until(async () => (await client.appsV1().deployments('default').list()).items.length === 1);
    expect(errors).toEqual([
      'default/flaky: etcdserver: request timed out',
      'default/flaky: etcdserver: request timed out',
    ]);
    expect(client.actions().filter((a) => a.verb === 'create' && a.resource === 'deployments')).toHaveLength(3);
    await stop();
  });

  it('refuses to adopt a Deployment it does not own', async () => {
    const stranger: Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'taken', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'other' } }, template: { spec: { containers: [{ name: 'c' }] } } },
    };
    const client = newSimpleClientset(foo('claimer', 1, 'taken'), stranger);
    const { stop, errors } = start(client);
    await until(() => errors.length > 0);
    expect(errors[0]).toBe('default/claimer: Resource "taken" already exists and is not managed by Foo');
    expect((await client.appsV1().deployments('default').get('taken')).metadata?.ownerReferences).toBeUndefined();
    await stop();
  });
});
