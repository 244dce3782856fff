// Runtime micro-benchmarks: workqueue add/get/done cycles and lister reads.
// Usage: npm run build -w @kubegen/runtime && node bench/runtime.mjs
// Prints the median of 7 runs of each measurement.
import { Queue, RateLimitingQueue } from '../runtime/dist/workqueue/index.js';
import { Lister, newIndexer } from '../runtime/dist/cache/index.js';

const RUNS = 7;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function queueCycles(n, distinct) {
  const q = new Queue();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    q.add(i % distinct);
    const { item } = await q.get();
    q.done(item);
  }
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

async function queueBatch(n) {
  // add n distinct keys, then drain: the controller pattern after a relist
  const q = new Queue();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) q.add(`ns/obj-${i}`);
  for (let i = 0; i < n; i++) {
    const { item } = await q.get();
    q.done(item);
  }
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function listerGets(n, size) {
  const indexer = newIndexer();
  for (let i = 0; i < size; i++) indexer.add({ metadata: { name: `obj-${i}`, namespace: `ns-${i % 10}` }, spec: { i } });
  const lister = new Lister(indexer);
  const t0 = process.hrtime.bigint();
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const k = i % size;
    if (lister.namespace(`ns-${k % 10}`).get(`obj-${k}`)) hits++;
  }
  if (hits !== n) throw new Error('lister miss');
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

const results = [];
async function measure(name, opsPerRun, fn) {
  await fn(); // warm-up
  const secs = [];
  for (let r = 0; r < RUNS; r++) secs.push(await fn());
  const s = median(secs);
  results.push({ name, opsPerSec: Math.round(opsPerRun / s) });
}

const N = 1_000_000;
// one "op" = one call (add, get or done): 3 per cycle
await measure('workqueue add+get+done, 1 hot key (calls/s)', 3 * N, () => queueCycles(N, 1));
await measure('workqueue add+get+done, 10k keys (calls/s)', 3 * N, () => queueCycles(N, 10_000));
await measure('workqueue add 100k then drain (calls/s)', 3 * 100_000, () => queueBatch(100_000));
await measure('lister namespace(ns).get, 50k cached objects (gets/s)', N, () => listerGets(N, 50_000));
void RateLimitingQueue;

console.log(`node ${process.version}, ${process.platform} ${process.arch}`);
for (const r of results) console.log(`${r.name.padEnd(58)} ${r.opsPerSec.toLocaleString('en-US')}`);
