import { describe, expect, it } from 'vitest';
import {
  CacheIndexer,
  DeletedFinalStateUnknown,
  IndexError,
  NamespaceIndex,
  deletionHandlingMetaNamespaceKeyFunc,
  metaNamespaceKeyFunc,
  newIndexer,
  splitMetaNamespaceKey,
} from '../../src/cache/index.js';

interface Obj {
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: { owner?: string; tags?: string[] };
}
const o = (ns: string | undefined, name: string, spec: Obj['spec'] = {}): Obj => ({
  metadata: ns === undefined ? { name } : { name, namespace: ns },
  spec,
});

describe('keys', () => {
  it.each([
    ['namespaced', { given: o('ns', 'a'), want: 'ns/a' }],
    ['cluster-scoped', { given: o(undefined, 'a'), want: 'a' }],
    ['empty namespace', { given: o('', 'a'), want: 'a' }],
  ])('%s', (_n, { given, want }) => {
    expect(metaNamespaceKeyFunc(given)).toBe(want);
    expect(splitMetaNamespaceKey(want)).toEqual({ namespace: given.metadata.namespace ?? '', name: 'a' });
  });
  it('tombstones carry their key; objects without a name cannot be keyed', () => {
    expect(deletionHandlingMetaNamespaceKeyFunc(new DeletedFinalStateUnknown('x/y', undefined))).toBe('x/y');
    expect(() => metaNamespaceKeyFunc({ metadata: {} })).toThrow(/metadata.name/);
    expect(() => splitMetaNamespaceKey('a/b/c')).toThrow(/unexpected key format/);
  });
});

describe('CacheIndexer', () => {
  const byOwner = (x: Obj): string[] => (x.spec?.owner ? [x.spec.owner] : []);
  const byTag = (x: Obj): string[] => x.spec?.tags ?? [];

  it('stores by key and keeps the namespace index current through add, update and delete', () => {
    const idx = newIndexer<Obj>();
    idx.add(o('a', 'x'));
    idx.add(o('a', 'y'));
    idx.add(o('b', 'x'));
    expect(idx.listKeys().sort()).toEqual(['a/x', 'a/y', 'b/x']);
    expect(idx.byIndex(NamespaceIndex, 'a').map((x) => x.metadata.name).sort()).toEqual(['x', 'y']);
    idx.delete(o('a', 'x'));
    expect(idx.indexKeys(NamespaceIndex, 'a')).toEqual(['a/y']);
    idx.delete(o('a', 'y'));
    expect(idx.listIndexFuncValues(NamespaceIndex)).toEqual(['b']);
    expect(idx.getByKey('b/x')?.metadata.name).toBe('x');
    expect(idx.get(o('b', 'x'))).toBeDefined();
  });

  it('moves an object between index values on update and handles multi-valued indexes', () => {
    const idx = new CacheIndexer<Obj>(metaNamespaceKeyFunc, { owner: byOwner, tag: byTag });
    idx.add(o('n', 'a', { owner: 'o1', tags: ['red', 'blue'] }));
    idx.add(o('n', 'b', { owner: 'o1', tags: ['blue'] }));
    expect(idx.indexKeys('owner', 'o1').sort()).toEqual(['n/a', 'n/b']);
    idx.update(o('n', 'a', { owner: 'o2', tags: ['green'] }));
    expect(idx.indexKeys('owner', 'o1')).toEqual(['n/b']);
    expect(idx.indexKeys('owner', 'o2')).toEqual(['n/a']);
    expect(idx.listIndexFuncValues('tag').sort()).toEqual(['blue', 'green']);
    expect(idx.index('tag', o('x', 'probe', { tags: ['blue', 'green'] })).map((x) => x.metadata.name).sort()).toEqual([
      'a',
      'b',
    ]);
  });

  it('replace swaps the content and rebuilds indexes', () => {
    const idx = newIndexer<Obj>();
    idx.add(o('a', 'old'));
    idx.replace([o('b', 'new1'), o('b', 'new2')], '10');
    expect(idx.listKeys().sort()).toEqual(['b/new1', 'b/new2']);
    expect(idx.indexKeys(NamespaceIndex, 'a')).toEqual([]);
    expect(idx.indexKeys(NamespaceIndex, 'b').length).toBe(2);
  });

  it('indexes existing objects when an indexer is added later, and refuses duplicates and unknown indexes', () => {
    const idx = newIndexer<Obj>();
    idx.add(o('n', 'a', { owner: 'z' }));
    idx.addIndexers({ owner: byOwner });
    expect(idx.indexKeys('owner', 'z')).toEqual(['n/a']);
    expect(() => idx.addIndexers({ owner: byOwner })).toThrow(IndexError);
    expect(() => idx.byIndex('nope', 'x')).toThrow(/index "nope" does not exist/);
    expect(Object.keys(idx.getIndexers()).sort()).toEqual(['namespace', 'owner']);
  });
});
