/**
 * End to end: the generated clientset of every golden fixture against the test API server, with the
 * fixture's generated CRDs registered and its valid samples as payloads. Every verb a kind's markers
 * allow is exercised, with the apiserver's answers: 404s, conflicts, status-only updates, patches,
 * apply, watch from a resourceVersion, deleteCollection.
 */
import yaml from 'js-yaml';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isConflict, isNotFound, type Transport } from '@kubegen/runtime';
import { startTestApiServer } from '@kubegen/runtime/testing';
import { clientGroups } from '../../src/generators/common/targets.js';
import { generateFiles } from '../../src/pipeline.js';
import { goldenCases, goldenConfig, materialize, REPO_ROOT } from '../util/fixtures.js';
import { e2eTransport } from './transport.js';

const SCRATCH = join(REPO_ROOT, 'test', 'tmp', 'e2e-clientset');
afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

interface Obj {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [k: string]: unknown;
}
type AnyClient = Record<string, (...args: unknown[]) => Promise<unknown>>;

const cases = goldenCases().filter((c) => readdirSync(join(REPO_ROOT, 'fixtures', c, 'samples', 'valid'), { withFileTypes: true }).length > 0);

describe.each(cases)('generated clientset e2e: %s', (name) => {
  it('every allowed verb behaves as the apiserver does', async () => {
    const result = generateFiles(goldenConfig(name));
    expect(result.ok).toBe(true);
    const dir = join(SCRATCH, name);
    materialize(goldenConfig(name).inputDir, result.files, dir);
    const crds = result.files.filter((f) => f.root === 'crd').flatMap((f) => yaml.loadAll(f.content) as object[]).filter(Boolean);
    const server = await startTestApiServer({ crds, bookmarkIntervalMs: 50 });
    try {
      const transport: Transport = await e2eTransport(server);
      const mod = (await import(pathToFileURL(join(dir, 'out', 'clientset', 'versioned', 'clientset.ts')).href)) as {
        newForTransport(t: Transport): Record<string, () => Record<string, (ns?: string) => AnyClient>>;
      };
      const cs = mod.newForTransport(transport);
      const samplesDir = join(REPO_ROOT, 'fixtures', name, 'samples', 'valid');
      const samples = readdirSync(samplesDir).flatMap((f) => yaml.loadAll(readFileSync(join(samplesDir, f), 'utf8')) as Obj[]).filter(Boolean);
      let exercised = 0;
      for (const cg of clientGroups(result.model!)) {
        for (const cv of cg.versions) {
          for (const k of cv.kinds) {
            const r = k.kind.resource!;
            const apiVersion = r.group === '' ? r.version : `${r.group}/${r.version}`;
            const sample = samples.find((s) => s.apiVersion === apiVersion && s.kind === r.kind);
            if (!sample || !crds.some((c) => (c as { spec?: { names?: { kind?: string } } }).spec?.names?.kind === r.kind)) continue;
            const namespaced = r.scope === 'Namespaced';
            const client = namespaced ? cs[cv.accessor]!()[k.accessor]!('default') : cs[cv.accessor]!()[k.accessor]!();
            const verbs = new Set(r.verbs);
            const label = `${apiVersion} ${r.kind}`;
            const obj: Obj = structuredClone(sample);
            delete obj.metadata?.namespace;
            const name0 = obj.metadata!.name!;
            if (verbs.has('create')) {
              const created = (await client['create']!(obj)) as Obj;
              expect(created.metadata?.resourceVersion, label).toBeTruthy();
              if (namespaced) expect(created.metadata?.namespace).toBe('default');
            } else {
              await server.transport.request({ method: 'POST', path: `/apis/${r.group}/${r.version}${namespaced ? '/namespaces/default' : ''}/${r.plural}`, body: obj });
            }
            if (verbs.has('get')) {
              const got = (await client['get']!(name0)) as Obj;
              expect(got.metadata?.name, label).toBe(name0);
              expect(await client['get']!('does-not-exist').catch((e: unknown) => e), label).toSatisfy(isNotFound);
            }
            if (verbs.has('list')) {
              const list = (await client['list']!()) as { items: Obj[]; metadata: { resourceVersion: string } };
              expect(list.items.map((i) => i.metadata?.name), label).toContain(name0);
            }
            if (verbs.has('update') && verbs.has('get')) {
              const cur = (await client['get']!(name0)) as Obj;
              const updated = (await client['update']!({ ...cur, metadata: { ...cur.metadata, labels: { e2e: 'yes' } } })) as Obj;
              expect(updated.metadata?.labels, label).toEqual({ e2e: 'yes' });
              expect(updated.metadata?.resourceVersion).not.toBe(cur.metadata?.resourceVersion);
              const stale = await client['update']!({ ...cur, metadata: { ...cur.metadata, labels: { e2e: 'stale' } } }).catch((e: unknown) => e);
              expect(stale, label).toSatisfy(isConflict);
            }
            if (verbs.has('updateStatus') && verbs.has('get')) {
              const cur = (await client['get']!(name0)) as Obj;
              const st = (await client['updateStatus']!({ ...cur, metadata: { ...cur.metadata, labels: { ignored: 'by-status' } } })) as Obj;
              expect(st.metadata?.labels?.['ignored'], label).toBeUndefined();
            }
            if (verbs.has('patch')) {
              const p = (await client['patch']!(name0, 'application/merge-patch+json', { metadata: { annotations: { patched: 'merge' } } })) as Obj;
              expect(p.metadata?.annotations?.['patched'], label).toBe('merge');
              const j = (await client['patch']!(name0, 'application/json-patch+json', [{ op: 'add', path: '/metadata/annotations/json', value: 'patch' }])) as Obj;
              expect(j.metadata?.annotations?.['json'], label).toBe('patch');
            }
            if (verbs.has('apply')) {
              const a = (await client['apply']!({ metadata: { name: name0, annotations: { applied: 'yes' } } }, { fieldManager: 'e2e' })) as Obj;
              expect(a.metadata?.annotations?.['applied'], label).toBe('yes');
            }
            if (verbs.has('watch') && verbs.has('list') && verbs.has('patch')) {
              const rv = ((await client['list']!()) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
              const w = (await client['watch']!({ resourceVersion: rv, allowWatchBookmarks: true })) as AsyncIterable<{ type: string; object: Obj }> & { stop(): void };
              await client['patch']!(name0, 'application/merge-patch+json', { metadata: { annotations: { watched: 'yes' } } });
              const seen: string[] = [];
              for await (const ev of w) {
                seen.push(ev.type);
                if (ev.type === 'MODIFIED') break;
              }
              w.stop();
              expect(seen.filter((t) => t !== 'BOOKMARK'), label).toEqual(['MODIFIED']);
            }
            if (verbs.has('delete')) {
              await client['delete']!(name0);
              if (verbs.has('get')) expect(await client['get']!(name0).catch((e: unknown) => e), label).toSatisfy(isNotFound);
            }
            if (verbs.has('deleteCollection') && verbs.has('create') && verbs.has('list')) {
              await client['create']!({ ...obj, metadata: { ...obj.metadata, name: `${name0}-x`, labels: { batch: '1' } } });
              await client['deleteCollection']!({}, { labelSelector: 'batch=1' });
              const rest = (await client['list']!({ labelSelector: 'batch=1' })) as { items: Obj[] };
              expect(rest.items, label).toEqual([]);
            }
            exercised++;
          }
        }
      }
      expect(exercised).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});
