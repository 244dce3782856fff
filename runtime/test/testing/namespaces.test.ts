/**
 * Namespace lifecycle on the test API server, as on the apiserver: a namespace is created Active with the
 * `kubernetes` finalizer; deleting it marks it Terminating, refuses new content with 403, lets the
 * namespace controller delete what is in it (waiting for objects' finalizers), then removes it; the
 * built-in namespaces cannot be deleted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../../src/testing/index.js';
import { client } from './http.js';

let server: TestApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const until = async (cond: () => Promise<boolean>): Promise<void> => {
  for (let i = 0; i < 300; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('condition not met in time');
};

describe('namespace lifecycle', () => {
  it('Active on create; Terminating on delete; content deleted (finalizers respected); then gone', async () => {
    server = await startTestApiServer();
    const http = client(server);
    const created = await http.call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
    expect(created.status).toBe(201);
    expect(created.body.status).toEqual({ phase: 'Active' });
    expect(created.body.spec).toEqual({ finalizers: ['kubernetes'] });

    const cms = '/api/v1/namespaces/team-a/configmaps';
    await http.call('POST', cms, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'plain' } });
    await http.call('POST', cms, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', finalizers: ['example.com/hold'] } });

    const deleted = await http.call('DELETE', '/api/v1/namespaces/team-a');
    expect(deleted.status).toBe(200);
    expect(deleted.body.status.phase).toBe('Terminating');
    expect(deleted.body.metadata.deletionTimestamp).toBeDefined();

    const refused = await http.call('POST', cms, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late' } });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('configmaps "late" is forbidden: unable to create new content in namespace team-a because it is being terminated');

    await until(async () => (await http.call('GET', `${cms}/plain`)).status === 404);
    const held = await http.call('GET', `${cms}/held`);
    expect(held.body.metadata.deletionTimestamp).toBeDefined();
    expect((await http.call('GET', '/api/v1/namespaces/team-a')).body.status.phase).toBe('Terminating');

    await http.call('PUT', `${cms}/held`, { ...held.body, metadata: { ...held.body.metadata, finalizers: [] } });
    await until(async () => (await http.call('GET', '/api/v1/namespaces/team-a')).status === 404);
  });

  it.each(['default', 'kube-system', 'kube-public'])('refuses to delete %s', async (name) => {
    server = await startTestApiServer();
    const r = await client(server).call('DELETE', `/api/v1/namespaces/${name}`);
    expect(r.status).toBe(403);
    expect(r.body.message).toBe(`namespaces "${name}" is forbidden: this namespace may not be deleted`);
  });

  it('a missing namespace is 404', async () => {
    server = await startTestApiServer();
    expect((await client(server).call('DELETE', '/api/v1/namespaces/nope')).status).toBe(404);
  });
});
