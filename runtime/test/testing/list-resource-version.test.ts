/**
 * Lists with resourceVersion and resourceVersionMatch, as the apiserver answers them (ValidateListOptions,
 * then the storage): the most recent state, any state ('0'), not-older-than, the exact state at a past
 * resourceVersion (also the legacy "resourceVersion with a limit"), 410 once history is compacted, 504
 * ResourceVersionTooLarge for a future resourceVersion, and the refused combinations.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ObjectTracker, type TrackerResource } from '../../src/fake/tracker.js';
import { isResourceExpired, isTooLargeResourceVersion } from '../../src/rest/errors.js';
import { startTestApiServer, type TestApiServer } from '../../src/testing/index.js';
import { client } from './http.js';

const cms: TrackerResource = { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', listKind: 'ConfigMapList', namespaced: true, statusSubresource: false };

/** a@v1 created, b created, a changed to v2, b deleted, c created: returns the resourceVersion after each step. */
function history(t: ObjectTracker): string[] {
  const rvs: string[] = [];
  const rv = (o: { metadata?: { resourceVersion?: string } }): void => void rvs.push(o.metadata!.resourceVersion!);
  rv(t.create(cms, 'default', { metadata: { name: 'a' }, data: { v: '1' } }));
  rv(t.create(cms, 'default', { metadata: { name: 'b' }, data: { v: '1' } }));
  const a = t.get(cms, 'default', 'a');
  rv(t.update(cms, 'default', { ...a, data: { v: '2' } }));
  t.delete(cms, 'default', 'b');
  rvs.push(String(Number(rvs[2]) + 1));
  rv(t.create(cms, 'default', { metadata: { name: 'c' }, data: { v: '1' } }));
  return rvs;
}

type Item = { metadata: { name: string }; data: { v: string } };
const names = (list: Record<string, unknown>): string[] => (list['items'] as Item[]).map((o) => `${o.metadata.name}@${o.data.v}`);

describe('list resourceVersion semantics (object tracker)', () => {
  it.each([
    ['unset: the most recent state', {}, 4, ['a@2', 'c@1']],
    ['"0": any state (the tracker\'s current one)', { resourceVersion: '0' }, 4, ['a@2', 'c@1']],
    ['NotOlderThan a past resourceVersion: the current state', { resourceVersion: 'rv1', resourceVersionMatch: 'NotOlderThan' }, 4, ['a@2', 'c@1']],
    ['a past resourceVersion without match or limit: not older than', { resourceVersion: 'rv1' }, 4, ['a@2', 'c@1']],
    ['Exact at the second write', { resourceVersion: 'rv1', resourceVersionMatch: 'Exact' }, 1, ['a@1', 'b@1']],
    ['Exact after the update, before the delete', { resourceVersion: 'rv2', resourceVersionMatch: 'Exact' }, 2, ['a@2', 'b@1']],
    ['Exact after the delete', { resourceVersion: 'rv3', resourceVersionMatch: 'Exact' }, 3, ['a@2']],
    ['legacy: a resourceVersion with a limit is exact', { resourceVersion: 'rv0', limit: 10 }, 0, ['a@1']],
  ] as const)('%s', (_name, options, at, want) => {
    const t = new ObjectTracker([cms]);
    const rvs = history(t);
    const resolved = Object.fromEntries(Object.entries(options).map(([k, v]) => [k, typeof v === 'string' && v.startsWith('rv') ? rvs[Number(v.slice(2))]! : v]));
    const list = t.list(cms, 'default', resolved);
    expect(names(list)).toEqual(want);
    expect((list['metadata'] as { resourceVersion: string }).resourceVersion).toBe(rvs[at]);
  });

  it('pages of an exact list stay at its resourceVersion', () => {
    const t = new ObjectTracker([cms]);
    const rvs = history(t);
    const first = t.list(cms, 'default', { resourceVersion: rvs[2]!, resourceVersionMatch: 'Exact', limit: 1 });
    expect(names(first)).toEqual(['a@2']);
    const cont = (first['metadata'] as { continue: string }).continue;
    const second = t.list(cms, 'default', { continue: cont, limit: 1 });
    expect(names(second)).toEqual(['b@1']);
    expect((second['metadata'] as { resourceVersion: string }).resourceVersion).toBe(rvs[2]);
  });

  it('answers 410 for an exact list older than the retained history', () => {
    const t = new ObjectTracker([cms]);
    const rvs = history(t);
    t.compact();
    const err = (() => {
      try {
        t.list(cms, 'default', { resourceVersion: rvs[1]!, resourceVersionMatch: 'Exact' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(isResourceExpired(err)).toBe(true);
    expect(String((err as Error).message)).toBe('The resourceVersion for the provided list is too old.');
    // Not-older-than is still served (from the current state).
    expect(names(t.list(cms, 'default', { resourceVersion: rvs[1]!, resourceVersionMatch: 'NotOlderThan' }))).toEqual(['a@2', 'c@1']);
  });

  it.each(['Exact', 'NotOlderThan', undefined])('answers 504 ResourceVersionTooLarge for a future resourceVersion (match %s)', (match) => {
    const t = new ObjectTracker([cms]);
    const rvs = history(t);
    const future = String(Number(rvs[4]) + 10);
    let err: unknown;
    try {
      t.list(cms, 'default', { resourceVersion: future, ...(match ? { resourceVersionMatch: match } : {}) });
    } catch (e) {
      err = e;
    }
    expect(isTooLargeResourceVersion(err)).toBe(true);
    expect(String((err as Error).message)).toBe(`Too large resource version: ${future}, current: ${rvs[4]}`);
  });
});

describe('list resourceVersion semantics (test API server)', () => {
  let server: TestApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const path = '/api/v1/namespaces/default/configmaps';
  it.each([
    ['?resourceVersionMatch=Exact', 422, 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided'],
    [
      '?resourceVersionMatch=Sometimes',
      422,
      'ListOptions.meta.k8s.io "" is invalid: [resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided, resourceVersionMatch: Unsupported value: "Sometimes": supported values: "Exact", "NotOlderThan", ""]',
    ],
    ['?resourceVersion=0&resourceVersionMatch=Exact', 422, 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"'],
    ['?resourceVersion=1&resourceVersionMatch=NotOlderThan&continue=x', 422, 'resourceVersionMatch is forbidden when continue is provided'],
    ['?resourceVersion=abc', 500, 'resourceVersion: Invalid value: "abc"'],
    ['?resourceVersion=999999', 504, 'Too large resource version: 999999'],
  ])('GET %s → %i', async (query, status, message) => {
    server = await startTestApiServer();
    const r = await client(server).call('GET', path + query);
    expect(r.status).toBe(status);
    expect(r.body.message).toContain(message);
  });

  it('serves the exact state at a past resourceVersion, and refuses a resourceVersion with continue', async () => {
    server = await startTestApiServer();
    const http = client(server);
    const a = await http.call('POST', path, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { v: '1' } });
    const rv = a.body.metadata.resourceVersion as string;
    await http.call('POST', path, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' }, data: { v: '1' } });
    await http.call('PATCH', `${path}/a`, { data: { v: '2' } }, 'application/merge-patch+json');
    const exact = await http.call('GET', `${path}?resourceVersion=${rv}&resourceVersionMatch=Exact`);
    expect(exact.status).toBe(200);
    expect(exact.body.metadata.resourceVersion).toBe(rv);
    expect(exact.body.items.map((o: Item) => `${o.metadata.name}@${o.data.v}`)).toEqual(['a@1']);
    const page = await http.call('GET', `${path}?limit=1`);
    const refused = await http.call('GET', `${path}?limit=1&resourceVersion=${rv}&continue=${encodeURIComponent(page.body.metadata.continue)}`);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toBe('specifying resource version is not allowed when using continue');
  });
});
