// Client benchmarks (issue 4), kubegen vs @kubernetes/client-node, side by side in one run against the
// same in-process test API server over HTTPS (127.0.0.1, its CA in the kubeconfig, keep-alive on both sides):
//   1. sequential get ops/s and sequential create ops/s: ResourceClient over RestClient (the code every
//      generated typed client binds) vs client-node's CustomObjectsApi;
//   2. watch decode: 100,000 events of ~1 KB as NDJSON in 64 KiB chunks, decodeWatch (every event
//      iterated) vs a bare loop that splits lines and JSON.parses each.
// Usage: npm run build && node bench/client.mjs [--rounds 5] [--n 1500]
import os from 'node:os';
import { KubeConfig, CustomObjectsApi } from '@kubernetes/client-node';
import { RestClient, loadKubeConfig, ResourceClient, decodeWatch } from '../runtime/dist/index.js';
import { startTestApiServer } from '../runtime/dist/testing/index.js';
import { flag, median, widgetCrd, widgetInfo } from './common.mjs';

const arg = (name, def) => Number(flag(`--${name}`, def));
const ROUNDS = arg('rounds', 5);
const N = arg('n', 1500);

const crd = widgetCrd;
const info = widgetInfo;
const widget = (name) => ({
  apiVersion: 'bench.example.com/v1',
  kind: 'Widget',
  metadata: { name, labels: { app: 'bench', tier: 'backend' }, annotations: { 'example.com/owner': 'team-a' } },
  spec: { replicas: 3, image: 'registry.example.com/widget:1.2.3', ports: [{ name: 'http', port: 8080 }], env: { A: '1', B: '2' } },
});

console.log(`machine: ${os.cpus()[0]?.model} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
console.log(`command: node bench/client.mjs --rounds ${ROUNDS} --n ${N}`);

const server = await startTestApiServer({ crds: [crd], https: true }); // TLS, as against a real cluster (client-node refuses plain HTTP)
const ours = new RestClient(await loadKubeConfig({ kubeconfig: server.kubeconfigPath }));
const widgets = new ResourceClient(ours, info, 'default');
const kc = new KubeConfig();
kc.loadFromFile(server.kubeconfigPath);
const theirs = kc.makeApiClient(CustomObjectsApi);
const base = { group: 'bench.example.com', version: 'v1', namespace: 'default', plural: 'widgets' };

await widgets.create(widget('target'));
let seq = 0;
const impl = {
  kubegen: {
    get: () => widgets.get('target'),
    create: () => widgets.create(widget(`k-${seq++}`)),
  },
  'client-node': {
    get: () => theirs.getNamespacedCustomObject({ ...base, name: 'target' }),
    create: () => theirs.createNamespacedCustomObject({ ...base, body: widget(`c-${seq++}`) }),
  },
};

async function opsPerSec(fn, n) {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return n / ((performance.now() - t0) / 1000);
}

const results = {};
for (const op of ['get', 'create']) {
  for (const who of Object.keys(impl)) {
    results[`${who} ${op}`] = [];
    await opsPerSec(impl[who][op], 200); // warm-up
  }
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate who goes first, so neither always runs on a warmer (or more loaded) machine.
    const order = r % 2 === 0 ? ['kubegen', 'client-node'] : ['client-node', 'kubegen'];
    for (const who of order) results[`${who} ${op}`].push(await opsPerSec(impl[who][op], N));
  }
  // The tracker grows with every create; compaction keeps history bounded for the next rounds.
  server.compact();
}
const fmt = (x) => Math.round(x).toLocaleString('en-US');
for (const op of ['get', 'create']) {
  const k = median(results[`kubegen ${op}`]);
  const c = median(results[`client-node ${op}`]);
  console.log(`sequential ${op}: kubegen ${fmt(k)} ops/s [${results[`kubegen ${op}`].map(fmt).join(', ')}], client-node ${fmt(c)} ops/s [${results[`client-node ${op}`].map(fmt).join(', ')}] → ×${(k / c).toFixed(2)}`);
}
await ours.close();
await server.close();

// Watch decode.
const EVENTS = 100_000;
const lines = [];
for (let i = 0; i < EVENTS; i++) {
  const o = widget(`w-${i}`);
  o.metadata.namespace = 'default';
  o.metadata.uid = `0b6f1f3e-3c1d-4c2b-9c3e-${String(i).padStart(12, '0')}`;
  o.metadata.resourceVersion = String(1000 + i);
  o.metadata.generation = 1;
  o.metadata.creationTimestamp = '2026-11-23T07:00:00Z';
  o.metadata.managedFields = [{ manager: 'bench', operation: 'Update', apiVersion: 'bench.example.com/v1', time: '2026-11-23T07:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {}, 'f:image': {} } } }];
  o.status = { readyReplicas: 3, conditions: [{ type: 'Ready', status: 'True', reason: 'AsExpected', message: 'all replicas are ready', lastTransitionTime: '2026-11-23T07:00:00Z' }] };
  lines.push(JSON.stringify({ type: i % 3 === 0 ? 'ADDED' : 'MODIFIED', object: o }));
}
const bytes = Buffer.from(lines.join('\n') + '\n');
const CHUNK = 64 * 1024;
const chunks = [];
for (let i = 0; i < bytes.length; i += CHUNK) chunks.push(bytes.subarray(i, i + CHUNK));
console.log(`watch stream: ${EVENTS.toLocaleString('en-US')} events, ${(bytes.length / 2 ** 20).toFixed(1)} MiB (${Math.round(bytes.length / EVENTS)} B/event), ${chunks.length} chunks of 64 KiB`);

async function* source() {
  for (const c of chunks) yield c;
}
async function decodeOurs() {
  const t0 = performance.now();
  let n = 0;
  for await (const ev of decodeWatch(source())) if (ev.object) n++;
  if (n !== EVENTS) throw new Error(`decoded ${n}`);
  return EVENTS / ((performance.now() - t0) / 1000);
}
async function decodeBare() {
  const t0 = performance.now();
  const decoder = new TextDecoder();
  let buf = '';
  let n = 0;
  for await (const c of source()) {
    buf += decoder.decode(c, { stream: true });
    let start = 0;
    let nl;
    while ((nl = buf.indexOf('\n', start)) >= 0) {
      if (JSON.parse(buf.slice(start, nl)).object) n++;
      start = nl + 1;
    }
    buf = buf.slice(start);
  }
  if (n !== EVENTS) throw new Error(`parsed ${n}`);
  return EVENTS / ((performance.now() - t0) / 1000);
}
await decodeOurs();
await decodeBare();
const dOurs = [];
const dBare = [];
for (let r = 0; r < ROUNDS; r++) {
  if (r % 2 === 0) {
    dOurs.push(await decodeOurs());
    dBare.push(await decodeBare());
  } else {
    dBare.push(await decodeBare());
    dOurs.push(await decodeOurs());
  }
}
const o = median(dOurs);
const b = median(dBare);
console.log(`watch decode: decodeWatch ${fmt(o)} events/s [${dOurs.map(fmt).join(', ')}], bare JSON.parse ${fmt(b)} events/s [${dBare.map(fmt).join(', ')}] → ${((o / b) * 100).toFixed(0)} % of bare`);
