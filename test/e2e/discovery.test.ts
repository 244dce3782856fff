/**
 * Discovery, the RESTMapper and the dynamic client against the test API server, over HTTP: discovery
 * lists the built-in groups and every registered CRD as `kubectl api-resources` would, and the dynamic
 * client round-trips objects the generated typed client wrote (converted through the generated scheme).
 */
import yaml from 'js-yaml';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DiscoveryClient,
  DynamicClient,
  fromUnstructuredWithScheme,
  GroupDiscoveryFailedError,
  RESTMapper,
  Scheme,
  toUnstructuredWithScheme,
  type Transport,
} from '@kubegen/runtime';
import { startTestApiServer } from '@kubegen/runtime/testing';
import { generateFiles } from '../../src/pipeline.js';
import { goldenConfig, materialize, REPO_ROOT } from '../util/fixtures.js';
import { e2eTransport } from './transport.js';

const SCRATCH = join(REPO_ROOT, 'test', 'tmp', 'e2e-discovery');
afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

interface Network {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string> };
  spec?: { cidr?: string; [k: string]: unknown };
}

describe('discovery and dynamic client e2e', () => {
  it('lists built-in and CRD resources like kubectl api-resources, maps kinds, and round-trips objects', async () => {
    const config = goldenConfig('samplecrd');
    const result = generateFiles(config);
    expect(result.ok).toBe(true);
    materialize(config.inputDir, result.files, SCRATCH);
    const crds = result.files.filter((f) => f.root === 'crd').flatMap((f) => yaml.loadAll(f.content) as object[]);
    const server = await startTestApiServer({ crds });
    const transport = (await e2eTransport(server)) as Transport & { close(): Promise<void> };
    try {
      const discovery = new DiscoveryClient(transport);
      const groups = (await discovery.serverGroups()).groups.map((g) => `${g.name}:${g.preferredVersion?.groupVersion}`);
      expect(groups[0]).toBe(':v1'); // the legacy group from /api comes first
      expect(groups).toEqual(expect.arrayContaining(['apiextensions.k8s.io:apiextensions.k8s.io/v1', 'coordination.k8s.io:coordination.k8s.io/v1', 'samplecrd.k8s.io:samplecrd.k8s.io/v1']));

      const preferred = await discovery.serverPreferredResources();
      expect(preferred.failed).toBeUndefined();
      const rows = preferred.resources.flatMap((l) => l.resources.map((r) => ({ gv: l.groupVersion, name: r.name, kind: r.kind, namespaced: r.namespaced, shortNames: r.shortNames ?? [] })));
      expect(rows).toContainEqual({ gv: 'samplecrd.k8s.io/v1', name: 'networks', kind: 'Network', namespaced: true, shortNames: ['net'] });
      expect(rows).toContainEqual(expect.objectContaining({ gv: 'v1', name: 'namespaces', kind: 'Namespace', namespaced: false }));
      expect(rows).toContainEqual(expect.objectContaining({ gv: 'coordination.k8s.io/v1', name: 'leases', kind: 'Lease', namespaced: true }));
      expect(rows.some((r) => r.name.includes('/'))).toBe(false); // no subresources in api-resources

      const all = await discovery.serverGroupsAndResources();
      const networks = all.resources.find((l) => l.groupVersion === 'samplecrd.k8s.io/v1')!.resources.map((r) => r.name);
      expect(networks).toEqual(['networks']); // the samplecrd Network has no status subresource (+genclient:noStatus)

      const mapper = new RESTMapper(discovery);
      const m = await mapper.restMapping('samplecrd.k8s.io', 'Network');
      expect(m).toEqual({ group: 'samplecrd.k8s.io', version: 'v1', resource: 'networks', kind: 'Network', namespaced: true });
      expect(await mapper.isNamespaced('', 'v1', 'namespaces')).toBe(false);

      // The typed client writes; the dynamic client reads, updates; the typed client sees the update.
      const cs = (await import(pathToFileURL(join(SCRATCH, 'out', 'clientset', 'versioned', 'clientset.ts')).href)) as {
        newForTransport(t: Transport): { samplecrdV1(): { networks(ns: string): { create(o: Network): Promise<Network>; get(n: string): Promise<Network> } } };
      };
      const register = (await import(pathToFileURL(join(SCRATCH, 'apis', 'samplecrd', 'v1', 'zz_generated.register.ts')).href)) as {
        addToScheme(s: Scheme): void;
        NetworkGVK: { group: string; version: string; kind: string };
      };
      const scheme = new Scheme();
      register.addToScheme(scheme);
      const typed = cs.newForTransport(transport).samplecrdV1().networks('default');
      const created = await typed.create({ apiVersion: 'samplecrd.k8s.io/v1', kind: 'Network', metadata: { name: 'n1' }, spec: { cidr: '10.0.0.0/24', gateway: '10.0.0.1' } });

      const dyn = new DynamicClient(transport).resource({ group: 'samplecrd.k8s.io', version: 'v1', resource: 'networks' });
      const u = await dyn.namespace('default').get('n1');
      expect(u).toEqual(created);
      const back = fromUnstructuredWithScheme<Network>(scheme, u);
      expect(back).toEqual(created);
      back.metadata!.labels = { tier: 'edge' };
      const updated = await dyn.namespace('default').update(toUnstructuredWithScheme(scheme, back));
      expect((await typed.get('n1')).metadata).toEqual(updated.metadata);
      const listed = await dyn.list({ labelSelector: 'tier=edge' });
      expect(listed.items.map((i) => `${i.metadata?.namespace}/${i.metadata?.name}`)).toEqual(['default/n1']);
      const typedList = fromUnstructuredWithScheme<{ items: Network[] }>(scheme, listed);
      expect(typedList.items[0]!.spec).toEqual({ cidr: '10.0.0.0/24', gateway: '10.0.0.1' });
      expect(() => toUnstructuredWithScheme(scheme, { metadata: {} }, { group: 'nope', version: 'v1', kind: 'X' })).toThrow(/does not know nope\/v1, Kind=X|does not know/);
      expect(toUnstructuredWithScheme(scheme, { metadata: { name: 'x' } }, register.NetworkGVK)).toMatchObject({ apiVersion: 'samplecrd.k8s.io/v1', kind: 'Network' });

      // A group version that fails is reported, and the rest is still returned.
      const flaky: Transport = {
        request: (req) => (req.path === '/apis/samplecrd.k8s.io/v1' ? Promise.reject(new Error('boom')) : transport.request(req)),
        watch: (req) => transport.watch(req),
      };
      const partial = await new DiscoveryClient(flaky).serverGroupsAndResources();
      expect(partial.failed).toBeInstanceOf(GroupDiscoveryFailedError);
      expect([...partial.failed!.failures.keys()]).toEqual(['samplecrd.k8s.io/v1']);
      expect(partial.resources.some((l) => l.groupVersion === 'v1')).toBe(true);
    } finally {
      await transport.close();
      await server.close();
    }
  });
});
