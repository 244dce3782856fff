// A canned Kubernetes list/watch server for client-throughput benchmarks (bench/informer.mjs): it serves
// pre-serialized pages of one list and replays pre-serialized watch events as fast as the socket takes
// them, so the measured time is the client's. Runs in a worker thread (its own core).
import { createServer } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { objects: count, eventsPerWatch } = workerData;
const item = (i, gen) =>
  JSON.stringify({
    apiVersion: 'bench.example.com/v1',
    kind: 'Widget',
    metadata: {
      name: `w-${i}`,
      namespace: `ns-${i % 10}`,
      uid: `0b6f1f3e-3c1d-4c2b-9c3e-${String(i).padStart(12, '0')}`,
      resourceVersion: String(gen * count + i + 1),
      generation: gen + 1,
      creationTimestamp: '2026-11-23T07:00:00Z',
      labels: { app: 'bench', tier: 'backend', shard: String(i % 16) },
      annotations: { 'example.com/owner': 'team-a', 'example.com/gen': String(gen) },
      managedFields: [
        { manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'bench.example.com/v1', time: '2026-11-23T07:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {}, 'f:tier': {} } }, 'f:spec': { '.': {}, 'f:replicas': {}, 'f:image': {}, 'f:ports': {} } } },
        { manager: 'widget-controller', operation: 'Update', apiVersion: 'bench.example.com/v1', time: '2026-11-23T07:00:00Z', fieldsType: 'FieldsV1', subresource: 'status', fieldsV1: { 'f:status': { '.': {}, 'f:readyReplicas': {}, 'f:conditions': {} } } },
      ],
    },
    spec: { replicas: 3 + (gen % 5), image: 'registry.example.com/widget:1.2.3', ports: [{ name: 'http', port: 8080 }], env: { A: '1', B: '2' } },
    status: { readyReplicas: 3, conditions: [{ type: 'Ready', status: 'True', reason: 'AsExpected', message: 'all replicas are ready', lastTransitionTime: '2026-11-23T07:00:00Z' }] },
  });

const items = Array.from({ length: count }, (_, i) => item(i, 0));
const listRV = String(count);
const page = (from, limit) => {
  const to = Math.min(count, from + limit);
  const meta = to < count ? `{"resourceVersion":"${listRV}","continue":"${to}","remainingItemCount":${count - to}}` : `{"resourceVersion":"${listRV}"}`;
  return `{"apiVersion":"bench.example.com/v1","kind":"WidgetList","metadata":${meta},"items":[${items.slice(from, to).join(',')}]}`;
};
const events = Buffer.from(Array.from({ length: eventsPerWatch }, (_, i) => `{"type":"MODIFIED","object":${item(i % count, 1)}}\n`).join(''));
const bytesPerItem = Math.round(items.reduce((n, s) => n + s.length, 0) / count);

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const q = url.searchParams;
  if (q.get('watch') === 'true' || q.get('watch') === '1') {
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    // Replay once, from the list's resourceVersion; later watches (after a timeout) get nothing new.
    if (q.get('resourceVersion') === listRV) {
      let off = 0;
      const pump = () => {
        while (off < events.length) {
          const end = Math.min(events.length, off + 64 * 1024);
          const ok = res.write(events.subarray(off, end));
          off = end;
          if (!ok) return void res.once('drain', pump);
        }
      };
      pump();
    }
    return;
  }
  const limit = Number(q.get('limit') ?? '0');
  const from = Number(q.get('continue') ?? '0');
  const body = limit > 0 ? page(from, limit) : page(0, count);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port, bytesPerItem, streamBytes: events.length }));
parentPort.on('message', (m) => {
  if (m === 'close') server.close(() => process.exit(0));
});
