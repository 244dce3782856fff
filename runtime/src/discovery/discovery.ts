/**
 * DiscoveryClient: what the server serves, as client-go's discovery client: the server version, the
 * groups (the legacy `/api` group first), the resources of each group version, the preferred
 * resources, and a failure type that keeps partial results when some group versions fail (aggregated
 * APIs often do).
 */
import type { Transport } from '../client/transport.js';
import type { APIGroup, APIGroupList, APIResource, APIResourceList, APIVersions, VersionInfo } from './types.js';

/** Some group versions could not be discovered; the rest of the result is still valid. */
export class GroupDiscoveryFailedError extends Error {
  override readonly name = 'GroupDiscoveryFailedError';
  constructor(readonly failures: ReadonlyMap<string, unknown>) {
    super(
      `unable to retrieve the complete list of server APIs: ${[...failures.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([gv, err]) => `${gv}: ${err instanceof Error ? err.message : String(err)}`)
        .join(', ')}`,
    );
  }
}

export interface GroupsAndResources {
  groups: APIGroup[];
  resources: APIResourceList[];
  /** Present when some group versions failed; `resources` then holds the ones that succeeded. */
  failed?: GroupDiscoveryFailedError;
}

function groupVersionPath(gv: string): string {
  return gv.includes('/') ? `/apis/${gv}` : `/api/${gv}`;
}

function withGroupVersion(list: APIResourceList): APIResourceList {
  const [group, version] = list.groupVersion.includes('/') ? list.groupVersion.split('/') : ['', list.groupVersion];
  return {
    ...list,
    resources: list.resources.map((r) => ({ ...r, group: r.group ?? group ?? '', version: r.version ?? version ?? '' })),
  };
}

export class DiscoveryClient {
  constructor(readonly transport: Transport) {}

  serverVersion(signal?: AbortSignal): Promise<VersionInfo> {
    return this.transport.request<VersionInfo>({ method: 'GET', path: '/version', ...(signal ? { signal } : {}) });
  }

  /** Every group, the legacy core group (from `/api`) first, as `kubectl api-versions` sees them. */
  async serverGroups(signal?: AbortSignal): Promise<APIGroupList> {
    const opts = signal ? { signal } : {};
    const [legacy, groups] = await Promise.all([
      this.transport.request<APIVersions>({ method: 'GET', path: '/api', ...opts }).catch(() => ({ versions: [] }) as APIVersions),
      this.transport.request<APIGroupList>({ method: 'GET', path: '/apis', ...opts }),
    ]);
    const out: APIGroup[] = [];
    if (legacy.versions.length > 0) {
      const versions = legacy.versions.map((v) => ({ groupVersion: v, version: v }));
      out.push({ name: '', versions, preferredVersion: versions[0]! });
    }
    out.push(...(groups.groups ?? []));
    return { kind: 'APIGroupList', apiVersion: 'v1', groups: out };
  }

  async serverResourcesForGroupVersion(groupVersion: string, signal?: AbortSignal): Promise<APIResourceList> {
    const list = await this.transport.request<APIResourceList>({
      method: 'GET',
      path: groupVersionPath(groupVersion),
      ...(signal ? { signal } : {}),
    });
    return withGroupVersion({ ...list, groupVersion: list.groupVersion || groupVersion, resources: list.resources ?? [] });
  }

  /** Groups and the resources of every group version, fetched in parallel; partial on failures. */
  async serverGroupsAndResources(signal?: AbortSignal): Promise<GroupsAndResources> {
    const { groups } = await this.serverGroups(signal);
    const gvs = groups.flatMap((g) => g.versions.map((v) => v.groupVersion));
    const settled = await Promise.allSettled(gvs.map((gv) => this.serverResourcesForGroupVersion(gv, signal)));
    const resources: APIResourceList[] = [];
    const failures = new Map<string, unknown>();
    settled.forEach((s, i) => {
      if (s.status === 'fulfilled') resources.push(s.value);
      else failures.set(gvs[i]!, s.reason);
    });
    return failures.size > 0 ? { groups, resources, failed: new GroupDiscoveryFailedError(failures) } : { groups, resources };
  }

  /**
   * The resources of each group's preferred version (what `kubectl api-resources` lists), without
   * subresources. Partial results come with `failed`.
   */
  async serverPreferredResources(signal?: AbortSignal): Promise<GroupsAndResources> {
    const { groups } = await this.serverGroups(signal);
    const preferred = groups.map((g) => g.preferredVersion?.groupVersion ?? g.versions[0]?.groupVersion).filter((gv): gv is string => !!gv);
    const settled = await Promise.allSettled(preferred.map((gv) => this.serverResourcesForGroupVersion(gv, signal)));
    const resources: APIResourceList[] = [];
    const failures = new Map<string, unknown>();
    settled.forEach((s, i) => {
      if (s.status === 'fulfilled') {
        resources.push({ ...s.value, resources: s.value.resources.filter((r: APIResource) => !r.name.includes('/')) });
      } else failures.set(preferred[i]!, s.reason);
    });
    return failures.size > 0 ? { groups, resources, failed: new GroupDiscoveryFailedError(failures) } : { groups, resources };
  }
}
