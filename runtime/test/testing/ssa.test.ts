/**
 * Server-side apply end to end: generated typed clients over HTTP against the test API server, and the
 * generated `extract…` functions reading back what a manager owns.
 */
import yaml from 'js-yaml';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { extractInto, ObjectApplyConfigurationBuilder } from '../../src/applyconfig/meta.js';
import { ResourceClient } from '../../src/client/resource.js';
import type { ObjectMeta } from '../../src/meta/types.js';
import { loadKubeConfig } from '../../src/rest/kubeconfig.js';
import { RestClient } from '../../src/rest/client.js';
import { ApiError, isConflict } from '../../src/rest/errors.js';
import { startTestApiServer, type TestApiServer } from '../../src/testing/index.js';
import { client } from './http.js';

// The typed client, apply configurations and extract functions as kubegen generates them for the
// sample-controller's Foo and for apps/v1 Deployment (see examples/sample-controller/generated).
interface Foo {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: { deploymentName?: string; replicas?: number };
  status?: { availableReplicas?: number };
}
interface Container {
  name?: string;
  image?: string;
}
interface Deployment {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: { selector?: { matchLabels?: Record<string, string> }; template?: { metadata?: { labels?: Record<string, string> }; spec?: { containers?: Container[] } } };
}
interface List<T> {
  items: T[];
}

interface FooApplyConfigurationBuilder extends ObjectApplyConfigurationBuilder {
  spec?: Foo['spec'];
  status?: Foo['status'];
}
class FooApplyConfigurationBuilder extends ObjectApplyConfigurationBuilder {
  constructor(name?: string, namespace?: string) {
    super('samplecontroller.k8s.io/v1alpha1', 'Foo', name, namespace);
  }
  withSpec(value: Foo['spec']): this {
    this.spec = value;
    return this;
  }
  withStatus(value: Foo['status']): this {
    this.status = value;
    return this;
  }
}
const foo = (name: string, namespace?: string): FooApplyConfigurationBuilder => new FooApplyConfigurationBuilder(name, namespace);
const extractFoo = (obj: Foo, fieldManager: string): FooApplyConfigurationBuilder => extractInto(new FooApplyConfigurationBuilder(), obj, fieldManager, '');
const extractFooStatus = (obj: Foo, fieldManager: string): FooApplyConfigurationBuilder => extractInto(new FooApplyConfigurationBuilder(), obj, fieldManager, 'status');

interface DeploymentApplyConfigurationBuilder extends ObjectApplyConfigurationBuilder {
  spec?: Deployment['spec'];
}
class DeploymentApplyConfigurationBuilder extends ObjectApplyConfigurationBuilder {
  constructor(name?: string, namespace?: string) {
    super('apps/v1', 'Deployment', name, namespace);
  }
  withSpec(value: Deployment['spec']): this {
    this.spec = value;
    return this;
  }
}
const deployment = (name: string, namespace?: string): DeploymentApplyConfigurationBuilder => new DeploymentApplyConfigurationBuilder(name, namespace);
const extractDeployment = (obj: Deployment, fieldManager: string): DeploymentApplyConfigurationBuilder =>
  extractInto(new DeploymentApplyConfigurationBuilder(), obj, fieldManager, '');

function newForTransport(t: RestClient) {
  return {
    foos: (ns: string) => new ResourceClient<Foo, List<Foo>, FooApplyConfigurationBuilder>(t, { group: 'samplecontroller.k8s.io', version: 'v1alpha1', resource: 'foos', kind: 'Foo', namespaced: true }, ns),
    deployments: (ns: string) => new ResourceClient<Deployment, List<Deployment>, DeploymentApplyConfigurationBuilder>(t, { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespaced: true }, ns),
  };
}

const CRDS = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..', '..', 'examples', 'sample-controller', 'config', 'crd', 'bases');

/** A CRD whose schema has an associative list, a set and an atomic map. */
const widgetCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: {
                  ports: {
                    type: 'array',
                    'x-kubernetes-list-type': 'map',
                    'x-kubernetes-list-map-keys': ['name'],
                    items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, port: { type: 'integer' } } },
                  },
                  tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
                  selector: { type: 'object', 'x-kubernetes-map-type': 'atomic', additionalProperties: { type: 'string' } },
                },
              },
            },
          },
        },
      },
    ],
  },
};

let server: TestApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(): Promise<{ cs: ReturnType<typeof newForTransport>; rest: RestClient; http: ReturnType<typeof client>["call"] }> {
  const crds = readdirSync(CRDS).map((f) => yaml.load(readFileSync(join(CRDS, f), 'utf8')) as object);
  server = await startTestApiServer({ crds: [...crds, widgetCrd] });
  const rest = new RestClient(await loadKubeConfig({ kubeconfig: server.kubeconfigPath }));
  return { cs: newForTransport(rest), rest, http: client(server).call };
}

function conflictOf(err: unknown): ApiError {
  expect(isConflict(err)).toBe(true);
  return err as ApiError;
}

describe('server-side apply on the test API server', () => {
  it('extract after apply returns what was applied; another manager’s change is a conflict until forced', async () => {
    const { cs } = await start();
    const foos = cs.foos('default');
    const config = foo('web', 'default').withSpec({ deploymentName: 'web-deploy', replicas: 2 });
    const applied = await foos.apply(config, { fieldManager: 'foo-ctl' });
    expect(extractFoo(applied, 'foo-ctl')).toEqual({ ...config });
    expect(applied.metadata?.managedFields).toEqual([
      {
        manager: 'foo-ctl', operation: 'Apply', apiVersion: 'samplecontroller.k8s.io/v1alpha1', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:deploymentName': {}, 'f:replicas': {} } },
      },
    ]);

    // A scaler takes replicas with a merge patch: the applier no longer owns it.
    await foos.patch('web', 'application/merge-patch+json', { spec: { replicas: 5 } }, { fieldManager: 'scaler' });
    const scaled = await foos.get('web');
    expect(extractFoo(scaled, 'foo-ctl').spec).toEqual({ deploymentName: 'web-deploy' });

    const err = conflictOf(await foos.apply(config, { fieldManager: 'foo-ctl' }).catch((e: unknown) => e));
    expect(err.message).toBe('Apply failed with 1 conflict: conflict with "scaler" using samplecontroller.k8s.io/v1alpha1: .spec.replicas');
    expect(err.status.details?.causes).toEqual([{ reason: 'FieldManagerConflict', message: 'conflict with "scaler" using samplecontroller.k8s.io/v1alpha1', field: '.spec.replicas' }]);

    // Extract, modify, apply again: the round trip controllers do. Forced, the applier owns replicas again.
    const next = extractFoo(scaled, 'foo-ctl').withSpec({ deploymentName: 'web-deploy', replicas: 3 });
    const forced = await foos.apply(next, { fieldManager: 'foo-ctl', force: true });
    expect(forced.spec).toEqual({ deploymentName: 'web-deploy', replicas: 3 });
    expect(extractFoo(forced, 'foo-ctl')).toEqual({ ...next });
    expect(forced.metadata?.managedFields?.map((e) => e.manager)).toEqual(['foo-ctl']);
  });

  it('applyStatus is recorded for the status subresource and extracted by extract…Status', async () => {
    const { cs } = await start();
    const foos = cs.foos('default');
    await foos.apply(foo('web', 'default').withSpec({ deploymentName: 'd' }), { fieldManager: 'foo-ctl' });
    const st = await foos.applyStatus(foo('web', 'default').withStatus({ availableReplicas: 1 }), { fieldManager: 'foo-status' });
    expect(st.status).toEqual({ availableReplicas: 1 });
    expect(extractFooStatus(st, 'foo-status').status).toEqual({ availableReplicas: 1 });
    expect(extractFoo(st, 'foo-status').status).toBeUndefined();
    expect(st.metadata?.managedFields?.find((e) => e.manager === 'foo-status')).toMatchObject({ operation: 'Apply', subresource: 'status' });
  });

  it('writes without a fieldManager are recorded under the User-Agent prefix', async () => {
    const { cs } = await start();
    const created = await cs.foos('default').create({ metadata: { name: 'plain' }, spec: { deploymentName: 'd' } });
    expect(created.metadata?.managedFields?.map((e) => [e.manager, e.operation])).toEqual([['kubegen', 'Update']]);
  });

  it('list-map items of built-in kinds merge by key over HTTP; each manager extracts only its own containers', async () => {
    const { cs } = await start();
    const deployments = cs.deployments('default');
    const podTemplate = (containers: { name: string; image: string }[]) => ({
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers } },
    });
    await deployments.apply(deployment('web', 'default').withSpec(podTemplate([{ name: 'app', image: 'app:1' }])), { fieldManager: 'deployer' });
    const injected = await deployments.apply(deployment('web', 'default').withSpec({ template: { spec: { containers: [{ name: 'proxy', image: 'envoy:1' }] } } }), { fieldManager: 'injector' });
    expect(injected.spec?.template?.spec?.containers?.map((c) => c.name)).toEqual(['app', 'proxy']);
    expect(extractDeployment(injected, 'injector').spec).toEqual({ template: { spec: { containers: [{ name: 'proxy', image: 'envoy:1' }] } } });
    // The deployer drops nothing of the injector's when it re-applies its own configuration with a new image.
    const rolled = await deployments.apply(deployment('web', 'default').withSpec(podTemplate([{ name: 'app', image: 'app:2' }])), { fieldManager: 'deployer' });
    expect(rolled.spec?.template?.spec?.containers).toEqual([{ name: 'app', image: 'app:2' }, { name: 'proxy', image: 'envoy:1' }]);
  });

  it('CRD list types reach the tracker: list-map and set items merge, atomic maps replace, dropped items go', async () => {
    const { http } = await start();
    const path = '/apis/example.com/v1/namespaces/default/widgets/w';
    const apply = (manager: string, spec: object, force = false) =>
      http('PATCH', `${path}?fieldManager=${manager}${force ? '&force=true' : ''}`, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec }, 'application/apply-patch+yaml');
    const a = await apply('a', { ports: [{ name: 'http', port: 80 }], tags: ['x'], selector: { app: 'a', tier: 'web' } });
    expect(a.status).toBe(201);
    expect(a.body.metadata.managedFields[0].fieldsV1).toEqual({
      'f:spec': { 'f:ports': { 'k:{"name":"http"}': { '.': {}, 'f:name': {}, 'f:port': {} } }, 'f:selector': {}, 'f:tags': { 'v:"x"': {} } },
    });
    const b = await apply('b', { ports: [{ name: 'metrics', port: 9090 }], tags: ['y'] });
    expect(b.status).toBe(200);
    expect(b.body.spec).toEqual({ ports: [{ name: 'http', port: 80 }, { name: 'metrics', port: 9090 }], tags: ['x', 'y'], selector: { app: 'a', tier: 'web' } });
    const again = await apply('a', { selector: { app: 'b' } });
    expect(again.body.spec).toEqual({ ports: [{ name: 'metrics', port: 9090 }], tags: ['y'], selector: { app: 'b' } });
    const conflict = await apply('b', { selector: { app: 'c' } });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Conflict', details: { causes: [{ reason: 'FieldManagerConflict', field: '.spec.selector' }] } });
  });

  it('a PUT with managedFields [{}] strips them; the next apply finds the fields under before-first-apply', async () => {
    const { http } = await start();
    const base = '/apis/samplecontroller.k8s.io/v1alpha1/namespaces/default/foos';
    const created = await http('POST', `${base}?fieldManager=maker`, { apiVersion: 'samplecontroller.k8s.io/v1alpha1', kind: 'Foo', metadata: { name: 'f' }, spec: { deploymentName: 'd', replicas: 1 } });
    expect(created.body.metadata.managedFields.map((e: { manager: string }) => e.manager)).toEqual(['maker']);
    const put = await http('PUT', `${base}/f`, { ...created.body, metadata: { ...created.body.metadata, managedFields: [{}] } });
    expect(put.status).toBe(200);
    expect(put.body.metadata.managedFields).toBeUndefined();
    const applied = await http(
      'PATCH', `${base}/f?fieldManager=ctl`,
      { apiVersion: 'samplecontroller.k8s.io/v1alpha1', kind: 'Foo', metadata: { name: 'f' }, spec: { deploymentName: 'd' } },
      'application/apply-patch+yaml',
    );
    expect(applied.body.metadata.managedFields.map((e: { manager: string; operation: string }) => `${e.operation}:${e.manager}`)).toEqual(['Apply:ctl', 'Update:before-first-apply']);
  });
});
