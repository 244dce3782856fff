// Informer benchmarks (issue 5), kubegen vs @kubernetes/client-node's makeInformer, side by side in one
// run against the same in-process test API server (HTTPS on 127.0.0.1, client-node refuses plain HTTP):
//   - time to sync 50,000 objects (kubegen: paginated list, 500 per page, as client-go; client-node: one
//     unpaginated list), then time to absorb 50,000 watch events (updates made on the server while the
//     informer runs, until its handler has seen every one);
//   - heap bytes per cached object (kubegen with and without setTransform(stripManagedFields), client-node);
//   - lister get ops/s and workqueue add+get+done calls/s (in process);
//   - on a canned replay server, the same two informers and a floor client (undici + JSON.parse + a Map,
//     nothing else): the most any client that decodes JSON could gain over client-node.
// Each round runs one informer at a time; the order alternates between rounds. Median of --rounds.
// Usage: npm run build && node --expose-gc bench/informer.mjs [--rounds 3] [--objects 50000]
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { flag, median, widgetCrd, widgetInfo } from './common.mjs';

if (typeof globalThis.gc !== 'function') {
  const r = spawnSync(process.execPath, ['--expose-gc', ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const { KubeConfig, CustomObjectsApi, makeInformer } = await import('@kubernetes/client-node');
const rt = await import('../runtime/dist/index.js');
const { startTestApiServer } = await import('../runtime/dist/testing/index.js');
const { RestClient, loadKubeConfig, ResourceClient, SharedIndexInformer, waitForCacheSync, stripManagedFields, Lister, Queue } = rt;

const arg = (name, def) => Number(flag(`--${name}`, def));
const ROUNDS = arg('rounds', 3);
const OBJECTS = arg('objects', 50_000);
const fmt = (x) => Math.round(x).toLocaleString('en-US');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

console.log(`machine: ${os.cpus()[0]?.model} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
console.log(`command: node --expose-gc bench/informer.mjs --rounds ${ROUNDS} --objects ${OBJECTS}`);

const crd = widgetCrd;
const info = widgetInfo;

const heap = () => {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
};
const until = async (cond) => {
  while (!cond()) await sleep(2);
};

// Client throughput alone (first, on a fresh heap): the same two informers against a canned replay server in a worker thread
// (its own core), which serves pre-serialized list pages and replays pre-serialized watch events as
// fast as the socket takes them, so the times are the clients' (HTTP, decode, cache, handlers).
{
  const { Worker } = await import('node:worker_threads');
  const { writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const worker = new Worker(new URL('./replay-server.mjs', import.meta.url), { workerData: { objects: OBJECTS, eventsPerWatch: OBJECTS } });
  const ready = await new Promise((resolve) => worker.once('message', resolve));
  const dir = mkdtempSync(join(os.tmpdir(), 'kubegen-bench-'));
  const kubeconfig = join(dir, 'kubeconfig');
  // client-node refuses plain http unless insecure-skip-tls-verify is set.
  writeFileSync(kubeconfig, `apiVersion: v1\nkind: Config\ncurrent-context: r\nclusters: [{ name: r, cluster: { server: "http://127.0.0.1:${ready.port}", insecure-skip-tls-verify: true } }]\nusers: [{ name: r, user: { token: x } }]\ncontexts: [{ name: r, context: { cluster: r, user: r } }]\n`);
  console.log(`replay server: ${fmt(OBJECTS)} objects of ${fmt(ready.bytesPerItem)} B, a watch stream of ${fmt(OBJECTS)} MODIFIED events (${(ready.streamBytes / 2 ** 20).toFixed(1)} MiB)`);
  const rest2 = new RestClient(await loadKubeConfig({ kubeconfig }));
  const kc2 = new KubeConfig();
  kc2.loadFromFile(kubeconfig);
  const api2 = kc2.makeApiClient(CustomObjectsApi);
  const ours = async (transform) => {
    const ac = new AbortController();
    const inf = new SharedIndexInformer(new ResourceClient(rest2, info, ''), { name: 'replay' });
    if (transform) inf.setTransform(stripManagedFields);
    let adds = 0;
    let updates = 0;
    inf.addEventHandler({ onAdd: () => void adds++, onUpdate: () => void updates++ });
    const t = performance.now();
    void inf.run(ac.signal);
    await until(() => adds >= OBJECTS);
    const syncMs = performance.now() - t;
    await until(() => updates >= OBJECTS);
    const absorbMs = performance.now() - t - syncMs;
    ac.abort();
    await sleep(20);
    return { syncMs, absorbMs };
  };
  const theirs = async () => {
    let adds = 0;
    let updates = 0;
    const informer = makeInformer(kc2, '/apis/bench.example.com/v1/widgets', () => api2.listClusterCustomObject({ group: 'bench.example.com', version: 'v1', plural: 'widgets' }));
    informer.on('add', () => void adds++);
    informer.on('update', () => void updates++);
    informer.on('error', () => undefined);
    const t = performance.now();
    await informer.start();
    await until(() => adds >= OBJECTS);
    const syncMs = performance.now() - t;
    await until(() => updates >= OBJECTS);
    const absorbMs = performance.now() - t - syncMs;
    await informer.stop();
    await sleep(20);
    return { syncMs, absorbMs };
  };
  // The floor: what any JSON client must do and nothing more (no informer, no handlers): undici, the
  // same pages, JSON.parse of every page and event, a Map of the objects. Neither informer can beat it.
  const { request } = await import('undici');
  const base = `http://127.0.0.1:${ready.port}/apis/bench.example.com/v1/widgets`;
  const floor = async () => {
    const cache = new Map();
    const keyOf = (o) => `${o.metadata.namespace}/${o.metadata.name}`;
    const t = performance.now();
    let cont = '';
    let rv = '';
    do {
      const res = await request(`${base}?limit=500${cont ? `&continue=${cont}` : ''}`);
      const list = JSON.parse(await res.body.text());
      for (const o of list.items) cache.set(keyOf(o), o);
      cont = list.metadata.continue ?? '';
      rv = list.metadata.resourceVersion;
    } while (cont);
    const syncMs = performance.now() - t;
    const res = await request(`${base}?watch=true&resourceVersion=${rv}`);
    const decoder = new TextDecoder();
    let buf = '';
    let updates = 0;
    for await (const chunk of res.body) {
      buf += decoder.decode(chunk, { stream: true });
      let s = 0;
      let nl;
      while ((nl = buf.indexOf('\n', s)) >= 0) {
        const o = JSON.parse(buf.slice(s, nl)).object;
        cache.set(keyOf(o), o);
        updates++;
        s = nl + 1;
      }
      buf = buf.slice(s);
      if (updates >= OBJECTS) break;
    }
    const absorbMs = performance.now() - t - syncMs;
    res.body.destroy();
    if (cache.size !== OBJECTS) throw new Error('floor cache size');
    await sleep(20);
    return { syncMs, absorbMs };
  };
  const rr = { kubegen: [], 'kubegen+transform': [], 'client-node': [], 'floor (parse + Map)': [] };
  for (let round = 0; round < ROUNDS + 2; round++) {
    const order = round % 2 === 0 ? ['kubegen', 'client-node', 'floor (parse + Map)', 'kubegen+transform'] : ['floor (parse + Map)', 'client-node', 'kubegen+transform', 'kubegen'];
    for (const who of order) {
      const m = who === 'client-node' ? await theirs() : who.startsWith('floor') ? await floor() : await ours(who === 'kubegen+transform');
      if (round > 0) rr[who].push(m); // round 0 warms up
      heap();
    }
  }
  const m2 = (who, k) => median(rr[who].map((m) => m[k]));
  for (const who of Object.keys(rr)) {
    console.log(`replay ${who}: sync ${fmt(m2(who, 'syncMs'))} ms (${fmt(OBJECTS / (m2(who, 'syncMs') / 1000))} objects/s), absorb ${fmt(m2(who, 'absorbMs'))} ms (${fmt(OBJECTS / (m2(who, 'absorbMs') / 1000))} events/s) [${rr[who].map((m) => `${fmt(m.syncMs)}+${fmt(m.absorbMs)}`).join(', ')}]`);
  }
  console.log(
    `replay floor / client-node: sync ×${(m2('client-node', 'syncMs') / m2('floor (parse + Map)', 'syncMs')).toFixed(2)}, absorb ×${(m2('client-node', 'absorbMs') / m2('floor (parse + Map)', 'absorbMs')).toFixed(2)} (the most any JSON client could gain over client-node)`,
  );
  console.log(
    `replay ratios (client-node time / kubegen time): sync ×${(m2('client-node', 'syncMs') / m2('kubegen', 'syncMs')).toFixed(2)}, absorb ×${(m2('client-node', 'absorbMs') / m2('kubegen', 'absorbMs')).toFixed(2)}, sync+absorb ×${((m2('client-node', 'syncMs') + m2('client-node', 'absorbMs')) / (m2('kubegen', 'syncMs') + m2('kubegen', 'absorbMs'))).toFixed(2)}`,
  );
  await rest2.close();
  worker.postMessage('close');
  await new Promise((r) => worker.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}


const server = await startTestApiServer({ crds: [crd], https: true, historyLimit: 1000 });
const tracker = server.tracker;
const r = tracker.resource('bench.example.com', 'v1', 'widgets');
const managed = (i) => [
  { manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'bench.example.com/v1', time: '2026-11-23T07:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {}, 'f:tier': {} }, 'f:annotations': { '.': {}, 'f:example.com/owner': {} } }, 'f:spec': { '.': {}, 'f:replicas': {}, 'f:image': {}, 'f:ports': {} } } },
  { manager: 'widget-controller', operation: 'Update', apiVersion: 'bench.example.com/v1', time: '2026-11-23T07:00:00Z', fieldsType: 'FieldsV1', subresource: 'status', fieldsV1: { 'f:status': { '.': {}, 'f:readyReplicas': {}, 'f:conditions': { '.': {}, [`k:{"type":"Ready"}`]: { '.': {}, 'f:status': {}, 'f:type': {} } } } } },
  { manager: `m-${i % 7}`, operation: 'Apply', apiVersion: 'bench.example.com/v1', time: '2026-11-23T07:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:env': {} } } },
];
const t0 = performance.now();
for (let i = 0; i < OBJECTS; i++) {
  tracker.create(r, `ns-${i % 10}`, {
    apiVersion: 'bench.example.com/v1',
    kind: 'Widget',
    metadata: { name: `w-${i}`, labels: { app: 'bench', tier: 'backend', shard: String(i % 16) }, annotations: { 'example.com/owner': 'team-a' }, managedFields: managed(i) },
    spec: { replicas: 3, image: 'registry.example.com/widget:1.2.3', ports: [{ name: 'http', port: 8080 }], env: { A: '1', B: '2' } },
    status: { readyReplicas: 3, conditions: [{ type: 'Ready', status: 'True', reason: 'AsExpected', message: 'all replicas are ready', lastTransitionTime: '2026-11-23T07:00:00Z' }] },
  });
}
const sample = JSON.stringify(tracker.get(r, 'ns-0', 'w-0'));
console.log(`seeded ${fmt(OBJECTS)} objects of ${sample.length} B (JSON) in ${fmt(performance.now() - t0)} ms`);

let gen = 0;
/** Updates every object once, yielding to the event loop so the server streams the events meanwhile. */
async function updateAll() {
  gen++;
  for (let i = 0; i < OBJECTS; i++) {
    const ns = `ns-${i % 10}`;
    const o = tracker.get(r, ns, `w-${i}`);
    o.spec = { ...o.spec, replicas: 3 + (gen % 5) };
    o.metadata = { ...o.metadata, annotations: { ...o.metadata.annotations, 'example.com/gen': String(gen) } };
    tracker.update(r, ns, o);
    if (i % 250 === 249) await sleep(0);
  }
}


const rest = new RestClient(await loadKubeConfig({ kubeconfig: server.kubeconfigPath }));
const kc = new KubeConfig();
kc.loadFromFile(server.kubeconfigPath);
const api = kc.makeApiClient(CustomObjectsApi);

async function runKubegen(transform) {
  const before = heap();
  const ac = new AbortController();
  const inf = new SharedIndexInformer(new ResourceClient(rest, info, ''), { name: 'bench' });
  if (transform) inf.setTransform(stripManagedFields);
  let seen = 0;
  inf.addEventHandler({ onAdd: () => void seen++, onUpdate: () => void seen++ });
  const s0 = performance.now();
  void inf.run(ac.signal);
  await waitForCacheSync(ac.signal, () => inf.hasSynced());
  await until(() => seen >= OBJECTS);
  const syncMs = performance.now() - s0;
  const bytes = (heap() - before) / OBJECTS;
  seen = 0;
  const a0 = performance.now();
  await updateAll();
  await until(() => seen >= OBJECTS);
  const absorbMs = performance.now() - a0;
  if (inf.getIndexer().list().length !== OBJECTS) throw new Error('kubegen cache size');
  ac.abort();
  await sleep(20);
  return { syncMs, absorbMs, bytes };
}

async function runClientNode() {
  const before = heap();
  let seen = 0;
  const informer = makeInformer(kc, '/apis/bench.example.com/v1/widgets', () => api.listClusterCustomObject({ group: 'bench.example.com', version: 'v1', plural: 'widgets' }));
  informer.on('add', () => void seen++);
  informer.on('update', () => void seen++);
  informer.on('error', (err) => console.error('client-node informer error:', err?.message ?? err));
  const s0 = performance.now();
  await informer.start();
  await until(() => seen >= OBJECTS);
  const syncMs = performance.now() - s0;
  const bytes = (heap() - before) / OBJECTS;
  seen = 0;
  const a0 = performance.now();
  await updateAll();
  await until(() => seen >= OBJECTS);
  const absorbMs = performance.now() - a0;
  if (informer.list().length !== OBJECTS) throw new Error('client-node cache size');
  await informer.stop();
  await sleep(20);
  return { syncMs, absorbMs, bytes };
}

/** The server's own share: the same updates with no watcher connected. */
async function serverOnly() {
  const a0 = performance.now();
  await updateAll();
  return performance.now() - a0;
}

const res = { kubegen: [], 'kubegen+transform': [], 'client-node': [] };
const base = [];
for (let round = 0; round < ROUNDS; round++) {
  let order = round % 2 === 0 ? ['kubegen', 'client-node', 'kubegen+transform'] : ['client-node', 'kubegen+transform', 'kubegen'];
  if (process.env.BENCH_ONLY) order = order.filter((w) => w === process.env.BENCH_ONLY);
  for (const who of order) {
    const m = who === 'client-node' ? await runClientNode() : await runKubegen(who === 'kubegen+transform');
    res[who].push(m);
    console.log(`  round ${round + 1} ${who}: sync ${fmt(m.syncMs)} ms, absorb ${fmt(m.absorbMs)} ms, ${fmt(m.bytes)} B/object`);
  }
  base.push(await serverOnly());
}
const med = (who, k) => median(res[who].map((m) => m[k]));
const baseMs = median(base);
console.log(`server share: ${fmt(OBJECTS)} updates with no watcher take ${fmt(baseMs)} ms (included in every absorb time below)`);
for (const who of Object.keys(res)) {
  console.log(
    `${who}: sync ${fmt(med(who, 'syncMs'))} ms (${fmt(OBJECTS / (med(who, 'syncMs') / 1000))} objects/s), absorb ${fmt(med(who, 'absorbMs'))} ms (${fmt(OBJECTS / (med(who, 'absorbMs') / 1000))} events/s), heap ${fmt(med(who, 'bytes'))} B/object`,
  );
}
const k = res.kubegen;
console.log(
  `ratios (client-node time / kubegen time): sync ×${(med('client-node', 'syncMs') / med('kubegen', 'syncMs')).toFixed(2)}, absorb ×${(med('client-node', 'absorbMs') / med('kubegen', 'absorbMs')).toFixed(2)}, sync+absorb ×${((med('client-node', 'syncMs') + med('client-node', 'absorbMs')) / (med('kubegen', 'syncMs') + med('kubegen', 'absorbMs'))).toFixed(2)}`,
);
void k;
await rest.close();
await server.close();

// In-process micro-benchmarks: lister get and workqueue cycles.
{
  const indexer = rt.newIndexer();
  for (let i = 0; i < OBJECTS; i++) indexer.add({ metadata: { name: `w-${i}`, namespace: `ns-${i % 10}` }, spec: { i } });
  const lister = new Lister(indexer);
  const N = 2_000_000;
  const runs = [];
  for (let round = 0; round < 5; round++) {
    const t = performance.now();
    let hits = 0;
    for (let i = 0; i < N; i++) {
      const j = i % OBJECTS;
      if (lister.namespace(`ns-${j % 10}`).get(`w-${j}`)) hits++;
    }
    if (hits !== N) throw new Error('lister miss');
    runs.push(N / ((performance.now() - t) / 1000));
  }
  console.log(`lister get (namespace(ns).get(name), ${fmt(OBJECTS)} cached): ${fmt(median(runs))} ops/s [${runs.map(fmt).join(', ')}]`);
}
{
  const N = 1_000_000;
  const runs = [];
  for (let round = 0; round < 5; round++) {
    const q = new Queue();
    const t = performance.now();
    for (let i = 0; i < N; i++) {
      q.add(`ns/obj-${i % 10_000}`);
      const { item } = await q.get();
      q.done(item);
    }
    runs.push((3 * N) / ((performance.now() - t) / 1000));
    q.shutDown();
  }
  console.log(`workqueue add+get+done (10k keys): ${fmt(median(runs))} calls/s [${runs.map(fmt).join(', ')}]`);
}
