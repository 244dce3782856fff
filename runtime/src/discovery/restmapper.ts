/**
 * RESTMapper: kind ⇄ resource and scope, built from discovery and cached; a miss refreshes the cache
 * once (client-go's DeferredDiscoveryRESTMapper), so CRDs registered after start are found.
 */
import type { APIGroup, APIResourceList } from './types.js';
import type { DiscoveryClient } from './discovery.js';

export interface RESTMapping {
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
}

export class NoKindMatchError extends Error {
  override readonly name = 'NoKindMatchError';
}

export class NoResourceMatchError extends Error {
  override readonly name = 'NoResourceMatchError';
}

interface Snapshot {
  byKind: Map<string, RESTMapping[]>;
  byResource: Map<string, RESTMapping[]>;
  preferred: Map<string, string>;
}

export class RESTMapper {
  private snapshot: Promise<Snapshot> | undefined;

  constructor(private readonly discovery: DiscoveryClient) {}

  /** Drops the cache; the next lookup rediscovers. */
  reset(): void {
    this.snapshot = undefined;
  }

  private load(): Promise<Snapshot> {
    if (!this.snapshot) {
      const p = this.discovery.serverGroupsAndResources().then((r) => build(r.groups, r.resources));
      p.catch(() => {
        if (this.snapshot === p) this.snapshot = undefined;
      });
      this.snapshot = p;
    }
    return this.snapshot;
  }

  private async lookup<T>(find: (s: Snapshot) => T | undefined, fail: () => Error): Promise<T> {
    const first = find(await this.load());
    if (first !== undefined) return first;
    this.reset();
    const second = find(await this.load());
    if (second !== undefined) return second;
    throw fail();
  }

  /**
   * The mapping of a kind: in `version` when given, else in the group's preferred version, else the
   * first served version.
   */
  restMapping(group: string, kind: string, version?: string): Promise<RESTMapping> {
    return this.lookup(
      (s) => {
        const all = s.byKind.get(`${group}/${kind}`);
        if (!all || all.length === 0) return undefined;
        if (version !== undefined) return all.find((m) => m.version === version);
        const pref = s.preferred.get(group);
        return all.find((m) => m.version === pref) ?? all[0];
      },
      () => new NoKindMatchError(`no matches for kind "${kind}" in ${version ? `version "${group ? group + '/' : ''}${version}"` : `group "${group}"`}`),
    );
  }

  /** The kind served at a resource (`networks` or `networks.samplecrd.k8s.io`). */
  kindFor(group: string, version: string, resource: string): Promise<RESTMapping> {
    return this.lookup(
      (s) => s.byResource.get(`${group}/${resource}`)?.find((m) => m.version === version),
      () => new NoResourceMatchError(`the server doesn't have a resource type "${resource}" in ${group ? group + '/' : ''}${version}`),
    );
  }

  async isNamespaced(group: string, version: string, resource: string): Promise<boolean> {
    return (await this.kindFor(group, version, resource)).namespaced;
  }
}

function build(groups: APIGroup[], lists: APIResourceList[]): Snapshot {
  const byKind = new Map<string, RESTMapping[]>();
  const byResource = new Map<string, RESTMapping[]>();
  const preferred = new Map<string, string>();
  for (const g of groups) if (g.preferredVersion) preferred.set(g.name, g.preferredVersion.version);
  for (const list of lists) {
    const [group, version] = list.groupVersion.includes('/') ? list.groupVersion.split('/') as [string, string] : ['', list.groupVersion];
    for (const r of list.resources) {
      if (r.name.includes('/')) continue;
      const m: RESTMapping = { group, version, resource: r.name, kind: r.kind, namespaced: r.namespaced };
      push(byKind, `${group}/${r.kind}`, m);
      push(byResource, `${group}/${r.name}`, m);
      if (r.singularName) push(byResource, `${group}/${r.singularName}`, m);
      for (const s of r.shortNames ?? []) push(byResource, `${group}/${s}`, m);
    }
  }
  return { byKind, byResource, preferred };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
