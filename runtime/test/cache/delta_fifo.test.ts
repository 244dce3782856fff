import { describe, expect, it } from 'vitest';
import { DeletedFinalStateUnknown, DeltaFIFO, FIFOClosedError, newIndexer, type Delta } from '../../src/cache/index.js';

interface Obj {
  metadata: { name: string; namespace?: string; resourceVersion?: string };
  v?: number;
}
const o = (name: string, v = 0): Obj => ({ metadata: { name, namespace: 'ns' }, v });

type Summary = [string, string, number | undefined];
function summarize(deltas: readonly Delta<Obj>[]): Summary[] {
  return deltas.map((d) =>
    d.object instanceof DeletedFinalStateUnknown
      ? [d.type, `tombstone:${d.object.key}`, d.object.obj?.v]
      : [d.type, d.object.metadata.name, d.object.v],
  );
}
async function popAll(f: DeltaFIFO<Obj>): Promise<{ key: string; deltas: Summary[]; initial: boolean }[]> {
  const out: { key: string; deltas: Summary[]; initial: boolean }[] = [];
  while (f.len() > 0) {
    await f.pop((deltas, initial) => {
      out.push({ key: f.keyOf(deltas[0]!.object), deltas: summarize(deltas), initial });
    });
  }
  return out;
}

describe('DeltaFIFO', () => {
  it('accumulates deltas per key and pops keys in first-change order', async () => {
    const f = new DeltaFIFO<Obj>();
    f.add(o('a', 1));
    f.add(o('b', 1));
    f.update(o('a', 2));
    f.delete(o('b', 1));
    expect(f.listKeys()).toEqual(['ns/a', 'ns/b']);
    expect(await popAll(f)).toEqual([
      { key: 'ns/a', deltas: [['Added', 'a', 1], ['Updated', 'a', 2]], initial: false },
      { key: 'ns/b', deltas: [['Added', 'b', 1], ['Deleted', 'b', 1]], initial: false },
    ]);
  });

  it('collapses consecutive deletes, keeping the known final state over a tombstone', async () => {
    const known = newIndexer<Obj>();
    known.add(o('a', 5));
    const f = new DeltaFIFO<Obj>({ knownObjects: known, emitDeltaTypeReplaced: true });
    f.delete(new DeletedFinalStateUnknown('ns/a', o('a', 5)));
    f.delete(o('a', 6));
    expect(summarize(f.getByKey('ns/a')!)).toEqual([['Deleted', 'a', 6]]);
    f.delete(o('a', 7));
    expect(summarize(f.getByKey('ns/a')!)).toEqual([['Deleted', 'a', 6]]);
  });

  it('ignores the deletion of an object nobody knows', () => {
    const f = new DeltaFIFO<Obj>({ knownObjects: newIndexer<Obj>() });
    f.delete(o('ghost'));
    expect(f.len()).toBe(0);
  });

  it('replace queues Replaced for listed objects and tombstones for known objects missing from the list', async () => {
    const known = newIndexer<Obj>();
    known.add(o('kept', 1));
    known.add(o('gone', 1));
    const f = new DeltaFIFO<Obj>({ knownObjects: known, emitDeltaTypeReplaced: true });
    f.replace([o('kept', 2), o('new', 1)], '100');
    expect(f.hasSynced()).toBe(false);
    const popped = await popAll(f);
    expect(popped).toEqual([
      { key: 'ns/kept', deltas: [['Replaced', 'kept', 2]], initial: true },
      { key: 'ns/new', deltas: [['Replaced', 'new', 1]], initial: true },
      { key: 'ns/gone', deltas: [['Deleted', 'tombstone:ns/gone', 1]], initial: true },
    ]);
    expect(f.hasSynced()).toBe(true);
  });

  it('without knownObjects, replace detects deletions against its own queue', async () => {
    const f = new DeltaFIFO<Obj>({ emitDeltaTypeReplaced: false });
    f.add(o('a', 1));
    f.replace([o('b', 1)], '5');
    expect(await popAll(f)).toEqual([
      { key: 'ns/a', deltas: [['Added', 'a', 1], ['Deleted', 'tombstone:ns/a', 1]], initial: false },
      { key: 'ns/b', deltas: [['Sync', 'b', 1]], initial: false },
    ]);
  });

  it('resync queues Sync only for known objects without pending deltas', async () => {
    const known = newIndexer<Obj>();
    known.add(o('idle', 1));
    known.add(o('busy', 1));
    const f = new DeltaFIFO<Obj>({ knownObjects: known });
    f.update(o('busy', 2));
    f.resync();
    expect(await popAll(f)).toEqual([
      { key: 'ns/busy', deltas: [['Updated', 'busy', 2]], initial: false },
      { key: 'ns/idle', deltas: [['Sync', 'idle', 1]], initial: false },
    ]);
  });

  it('hasSynced counts the initial list down as it is popped', async () => {
    const f = new DeltaFIFO<Obj>({ emitDeltaTypeReplaced: true });
    expect(f.hasSynced()).toBe(false);
    f.replace([o('a'), o('b')], '1');
    await f.pop(() => {});
    expect(f.hasSynced()).toBe(false);
    await f.pop(() => {});
    expect(f.hasSynced()).toBe(true);
    f.replace([], '2');
    expect(f.hasSynced()).toBe(true);
  });

  it('pop waits for a delta; close wakes it with FIFOClosedError once empty', async () => {
    const f = new DeltaFIFO<Obj>();
    const seen: string[] = [];
    const p = f.pop((d) => {
      seen.push(f.keyOf(d[0]!.object));
    });
    f.add(o('late'));
    await p;
    expect(seen).toEqual(['ns/late']);
    const q = f.pop(() => {});
    f.close();
    await expect(q).rejects.toBeInstanceOf(FIFOClosedError);
  });

  it('passes errors from process on and does not re-queue', async () => {
    const f = new DeltaFIFO<Obj>();
    f.add(o('a'));
    await expect(
      f.pop(() => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(f.len()).toBe(0);
  });

  it('applies the transformer to objects but not to tombstones', () => {
    const known = newIndexer<Obj>();
    known.add(o('x', 1));
    const f = new DeltaFIFO<Obj>({ knownObjects: known, transformer: (x) => ({ ...x, v: (x.v ?? 0) + 100 }) });
    f.add(o('a', 1));
    f.replace([], '1');
    expect(summarize(f.getByKey('ns/a')!)).toEqual([
      ['Added', 'a', 101],
      ['Deleted', 'tombstone:ns/a', 101],
    ]);
    expect(summarize(f.getByKey('ns/x')!)).toEqual([['Deleted', 'tombstone:ns/x', 1]]);
  });

  it('popBatch pops up to max keys in order, in one call, and waits only while empty', async () => {
    const f = new DeltaFIFO<Obj>();
    for (const n of ['a', 'b', 'c', 'd', 'e']) f.add(o(n));
    const seen: string[] = [];
    const process = (d: readonly Delta<Obj>[]): void => void seen.push(f.keyOf(d[0]!.object));
    expect(await f.popBatch(process, 3)).toBe(3);
    expect(seen).toEqual(['ns/a', 'ns/b', 'ns/c']);
    expect(await f.popBatch(process, 3)).toBe(2);
    expect(seen).toEqual(['ns/a', 'ns/b', 'ns/c', 'ns/d', 'ns/e']);
    const waiting = f.popBatch(process, 3);
    f.update(o('f'));
    expect(await waiting).toBe(1);
    f.close();
    await expect(f.popBatch(process, 3)).rejects.toBeInstanceOf(FIFOClosedError);
  });

  it('popBatch ends a batch with the last key of the initial population', async () => {
    const f = new DeltaFIFO<Obj>({ emitDeltaTypeReplaced: true });
    f.replace([o('a'), o('b')], '1');
    f.update(o('c'));
    const flags: boolean[] = [];
    expect(await f.popBatch((_d, initial) => void flags.push(initial), 10)).toBe(2);
    expect(f.hasSynced()).toBe(true);
    expect(await f.popBatch((_d, initial) => void flags.push(initial), 10)).toBe(1);
    expect(flags).toEqual([true, true, false]);
  });

  it('popBatch awaits an asynchronous process before the next key, and stops at an error', async () => {
    const f = new DeltaFIFO<Obj>();
    for (const n of ['a', 'b', 'c']) f.add(o(n));
    const log: string[] = [];
    await expect(
      f.popBatch(async (d) => {
        const k = f.keyOf(d[0]!.object);
        log.push(`start ${k}`);
        await new Promise((r) => setTimeout(r, 1));
        log.push(`end ${k}`);
        if (k === 'ns/b') throw new Error('boom');
      }, 10),
    ).rejects.toThrow('boom');
    expect(log).toEqual(['start ns/a', 'end ns/a', 'start ns/b', 'end ns/b']);
    expect(f.listKeys()).toEqual(['ns/c']);
  });
});
