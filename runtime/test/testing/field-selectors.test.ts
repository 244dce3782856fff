/**
 * Field selectors on the test API server are limited to what the apiserver supports: metadata.name and
 * metadata.namespace everywhere, a CRD version's selectableFields, a built-in resource's field labels;
 * anything else is 400 BadRequest, for lists and watches. The plain fake tracker keeps accepting any path.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ObjectTracker } from '../../src/fake/tracker.js';
import { startTestApiServer, type TestApiServer } from '../../src/testing/index.js';
import { client } from './http.js';

const crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'paints.example.com' },
  spec: {
    group: 'example.com',
    names: { plural: 'paints', singular: 'paint', kind: 'Paint', listKind: 'PaintList' },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        selectableFields: [{ jsonPath: '.spec.color' }],
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { color: { type: 'string' }, size: { type: 'string' } } } } } },
      },
    ],
  },
};

describe('field selectors on the test API server', () => {
  let server: TestApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it.each([
    ['/apis/example.com/v1/namespaces/default/paints?fieldSelector=spec.color%3Dblue', 200, ''],
    ['/apis/example.com/v1/namespaces/default/paints?fieldSelector=metadata.name%3Dx', 200, ''],
    ['/apis/example.com/v1/namespaces/default/paints?fieldSelector=spec.size%3Dbig', 400, '"spec.size" is not a known field selector: only "metadata.name", "metadata.namespace", "spec.color"'],
    ['/apis/example.com/v1/namespaces/default/paints?watch=true&fieldSelector=spec.size%3Dbig', 400, '"spec.size" is not a known field selector'],
    ['/api/v1/namespaces/default/configmaps?fieldSelector=data.x%3D1', 400, 'field label not supported: data.x'],
    ['/api/v1/namespaces/default/secrets?fieldSelector=type%3DOpaque', 200, ''],
    ['/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dx,reason%3DFailed', 200, ''],
    ['/api/v1/namespaces?fieldSelector=status.phase%3DActive', 200, ''],
  ])('%s → %i', async (path, status, message) => {
    server = await startTestApiServer({ crds: [crd] });
    const r = await client(server).call('GET', path);
    expect(r.status).toBe(status);
    if (status === 400) {
      expect(r.body.reason).toBe('BadRequest');
      expect(r.body.message).toContain(message);
    }
  });

  it('selects on a CRD selectable field', async () => {
    server = await startTestApiServer({ crds: [crd] });
    const http = client(server);
    for (const [name, color] of [['a', 'blue'], ['b', 'red']] as const) {
      await http.call('POST', '/apis/example.com/v1/namespaces/default/paints', { apiVersion: 'example.com/v1', kind: 'Paint', metadata: { name }, spec: { color } });
    }
    const r = await http.call('GET', '/apis/example.com/v1/namespaces/default/paints?fieldSelector=spec.color%3Dred');
    expect(r.body.items.map((o: { metadata: { name: string } }) => o.metadata.name)).toEqual(['b']);
  });

  it('the fake tracker (client-go semantics) accepts any path', () => {
    const t = new ObjectTracker([{ group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', listKind: 'ConfigMapList', namespaced: true, statusSubresource: false }]);
    t.create(t.resources()[0]!, 'default', { metadata: { name: 'a' }, data: { x: '1' } });
    expect((t.list(t.resources()[0]!, 'default', { fieldSelector: 'data.x=1' })['items'] as unknown[]).length).toBe(1);
  });
});
