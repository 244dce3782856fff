/**
 * End to end through generated fake clientsets (the markers and multi-group fixtures, generated, written out
 * and imported): server-side apply by several managers merges by the CRD schema the fake carries — list-map
 * items, set items and map keys belong to whoever applied them, a manager that drops its item removes only
 * that one, atomic lists and maps conflict as wholes, fields the CRD does not declare are refused, and two
 * controllers applying their own condition types through /status keep each other's. The same calls on the
 * fake's resources without their schema show what the schema changes.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, FakeTransport, type TrackerResource, type Transport } from '@kubegen/runtime';
import { generateFiles } from '../../../src/pipeline.js';
import { goldenConfig, materialize, REPO_ROOT } from '../../util/fixtures.js';

const SCRATCH = join(REPO_ROOT, 'test', 'tmp', 'fake-schema-e2e');

interface Widget {
  metadata?: { name?: string; managedFields?: { manager?: string; operation?: string; fieldsV1?: Record<string, unknown> }[] };
  spec?: Record<string, unknown>;
}
interface WidgetClient {
  apply(config: object, options: { fieldManager: string; force?: boolean }): Promise<Widget>;
  get(name: string): Promise<Widget>;
}
interface GeneratedFake {
  fakeResources: readonly TrackerResource[];
  newSimpleClientset(...objects: object[]): { markerTestV1(): { widgets(ns: string): WidgetClient } };
}
interface GeneratedClientset {
  newForTransport(t: Transport): { markerTestV1(): { widgets(ns: string): WidgetClient } };
}
interface HttpClientClient {
  apply(config: object, options: { fieldManager: string; force?: boolean }): Promise<{ status?: { conditions?: { type: string }[] } }>;
  applyStatus(config: object, options: { fieldManager: string; force?: boolean }): Promise<{ status?: { conditions?: { type: string }[] } }>;
}
interface MultiGroupFake {
  newSimpleClientset(...objects: object[]): { opsToolsV1(): { httpClients(ns: string): HttpClientClient } };
}

let fake: GeneratedFake;
let clientset: GeneratedClientset;
let multiGroup: MultiGroupFake;

beforeAll(async () => {
  const config = goldenConfig('markers');
  const result = generateFiles(config);
  expect(result.ok).toBe(true);
  const dir = join(SCRATCH, 'markers');
  materialize(config.inputDir, result.files, dir);
  const versioned = join(dir, 'out', 'clientset', 'versioned');
  fake = (await import(pathToFileURL(join(versioned, 'fake', 'clientset.ts')).href)) as GeneratedFake;
  clientset = (await import(pathToFileURL(join(versioned, 'clientset.ts')).href)) as GeneratedClientset;

  const mg = goldenConfig('multi-group');
  const mgResult = generateFiles(mg);
  expect(mgResult.ok).toBe(true);
  const mgDir = join(SCRATCH, 'multi-group');
  materialize(mg.inputDir, mgResult.files, mgDir);
  multiGroup = (await import(pathToFileURL(join(mgDir, 'out', 'clientset', 'versioned', 'fake', 'clientset.ts')).href)) as MultiGroupFake;
});

afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

/** The widgets client of a fresh generated fake clientset, or of one whose resources carry no schema. */
function widgets(withSchema = true): WidgetClient {
  if (withSchema) return fake.newSimpleClientset().markerTestV1().widgets('default');
  const bare = fake.fakeResources.map(({ schema: _schema, ...r }) => r);
  return clientset.newForTransport(new FakeTransport(bare)).markerTestV1().widgets('default');
}

const widget = (spec: Record<string, unknown>): object => ({
  apiVersion: 'markers.example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w' },
  spec,
});

/** The applied fields of `manager` under spec (FieldsV1 keys), sorted. */
function ownedUnderSpec(w: Widget, manager: string, field: string): string[] {
  const entry = w.metadata?.managedFields?.find((e) => e.manager === manager && e.operation === 'Apply');
  const spec = entry?.fieldsV1?.['f:spec'] as Record<string, Record<string, unknown>> | undefined;
  return Object.keys(spec?.[`f:${field}`] ?? {}).filter((k) => k !== '.').sort();
}

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (e) {
    if (e instanceof ApiError) return e.code;
    throw e;
  }
}

describe('server-side apply through the generated fake clientset merges by the CRD schema', () => {
  it('the fake clientset hands the tracker the schema of every CRD version it serves', () => {
    const byKind = new Map(fake.fakeResources.map((r) => [`${r.version}/${r.kind}`, r.schema]));
    expect(byKind.get('v1/Widget')?.properties?.['spec']?.properties?.['ports']).toEqual({
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name', 'protocol'],
      items: { properties: { name: {}, port: {}, protocol: {} } },
    });
    expect(byKind.get('v1/Octopus')).toBeDefined();
    expect(byKind.get('v1beta1/Widget')).toBeDefined();
  });

  it('two managers applying different items of a list-map keep both; one dropping its item removes only that one', async () => {
    const c = widgets();
    await c.apply(widget({ ports: [{ name: 'http', protocol: 'TCP', port: 80 }] }), { fieldManager: 'a' });
    await c.apply(widget({ ports: [{ name: 'metrics', protocol: 'TCP', port: 9090 }] }), { fieldManager: 'b' });
    let w = await c.get('w');
    expect(w.spec?.['ports']).toEqual([
      { name: 'http', protocol: 'TCP', port: 80 },
      { name: 'metrics', protocol: 'TCP', port: 9090 },
    ]);
    expect(ownedUnderSpec(w, 'a', 'ports')).toEqual(['k:{"name":"http","protocol":"TCP"}']);
    expect(ownedUnderSpec(w, 'b', 'ports')).toEqual(['k:{"name":"metrics","protocol":"TCP"}']);

    // a applies again without its port (and with a set item instead): only its item goes.
    await c.apply(widget({ tags: ['x'] }), { fieldManager: 'a' });
    w = await c.get('w');
    expect(w.spec?.['ports']).toEqual([{ name: 'metrics', protocol: 'TCP', port: 9090 }]);
    expect(ownedUnderSpec(w, 'a', 'ports')).toEqual([]);
    expect(ownedUnderSpec(w, 'b', 'ports')).toEqual(['k:{"name":"metrics","protocol":"TCP"}']);
  });

  it('set items and map keys are owned one by one; a manager that drops its own leaves the others', async () => {
    const c = widgets();
    await c.apply(widget({ tags: ['x'], env: { A: '1' } }), { fieldManager: 'a' });
    await c.apply(widget({ tags: ['y'], env: { B: '2' } }), { fieldManager: 'b' });
    let w = await c.get('w');
    expect(w.spec?.['tags']).toEqual(['x', 'y']);
    expect(w.spec?.['env']).toEqual({ A: '1', B: '2' });
    await c.apply(widget({}), { fieldManager: 'a' });
    w = await c.get('w');
    expect(w.spec?.['tags']).toEqual(['y']);
    expect(w.spec?.['env']).toEqual({ B: '2' });
  });

  it.each([
    ['atomic list (+listType=atomic)', { weights: [5] }, { weights: [10] }],
    ['atomic map (+mapType=atomic, from its type alias)', { labels: { x: '1' } }, { labels: { y: '2' } }],
  ])('%s: a second manager changing it conflicts as a whole, and takes it whole when forced', async (_name, first, second) => {
    const c = widgets();
    await c.apply(widget(first), { fieldManager: 'a' });
    expect(await status(c.apply(widget(second), { fieldManager: 'b' }))).toBe(409);
    await c.apply(widget(second), { fieldManager: 'b', force: true });
    expect((await c.get('w')).spec).toEqual(second);
  });

  it('fields the CRD declares are accepted, fields it does not declare are refused as the apiserver refuses them', async () => {
    const c = widgets();
    expect(await status(c.apply(widget({ note: 'n', budget: { max: 1 } }), { fieldManager: 'a' }))).toBe(200);
    expect(await status(c.apply(widget({ budget: { bogus: 1 } }), { fieldManager: 'a' }))).toBe(500);
    expect(await status(c.apply(widget({ bogus: 1 }), { fieldManager: 'a' }))).toBe(500);
  });

  it('through /status: two controllers each own their condition type (conditions are a list-map keyed by type)', async () => {
    const c = multiGroup.newSimpleClientset().opsToolsV1().httpClients('default');
    const base = { apiVersion: 'ops-tools.example.com/v1', kind: 'HTTPClient', metadata: { name: 'h', namespace: 'default' } };
    await c.apply({ ...base, spec: { endpoint: 'https://example.com' } }, { fieldManager: 'user' });
    const cond = (type: string) => ({ type, status: 'True', reason: 'R', message: 'm', lastTransitionTime: '2026-11-23T00:00:00Z' });
    await c.applyStatus({ ...base, status: { conditions: [cond('Ready')] } }, { fieldManager: 'ready-controller' });
    const both = await c.applyStatus({ ...base, status: { conditions: [cond('Reachable')] } }, { fieldManager: 'probe-controller' });
    expect(both.status?.conditions?.map((x) => x.type)).toEqual(['Ready', 'Reachable']);
    const after = await c.applyStatus({ ...base, status: {} }, { fieldManager: 'ready-controller' });
    expect(after.status?.conditions?.map((x) => x.type)).toEqual(['Reachable']);
  });

  it('without the schema, the same list-map applies conflict (the list is one atomic value) and undeclared fields pass', async () => {
    const c = widgets(false);
    await c.apply(widget({ ports: [{ name: 'http', protocol: 'TCP', port: 80 }] }), { fieldManager: 'a' });
    expect(await status(c.apply(widget({ ports: [{ name: 'metrics', protocol: 'TCP', port: 9090 }] }), { fieldManager: 'b' }))).toBe(409);
    expect(await status(c.apply(widget({ bogus: 1 }), { fieldManager: 'a' }))).toBe(200);
  });
});
