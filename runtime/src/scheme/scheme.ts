/**
 * Scheme: the registry of kinds (runtime.Scheme): GroupVersionKind ⇄ list kind, REST resource, scope and
 * deep-copy function. Generated `zz_generated.register.ts` modules fill it with `addToScheme(scheme)`;
 * the dynamic client's converters, the fake clientset and controllers look kinds up in it.
 */

export interface GroupVersion {
  group: string;
  version: string;
}

export interface GroupVersionKind extends GroupVersion {
  kind: string;
}

export interface GroupVersionResource extends GroupVersion {
  resource: string;
}

/** `apiVersion` of a group version: `v1` for the core group, `<group>/<version>` otherwise. */
export function apiVersionOf(gv: GroupVersion): string {
  return gv.group === '' ? gv.version : `${gv.group}/${gv.version}`;
}

/** Splits an apiVersion (`apps/v1`, `v1`) into group and version. */
export function parseApiVersion(apiVersion: string): GroupVersion {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return { group: '', version: apiVersion };
  if (apiVersion.indexOf('/', slash + 1) >= 0) throw new Error(`unexpected apiVersion ${JSON.stringify(apiVersion)}: expected group/version or version`);
  return { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function gvkString(gvk: GroupVersionKind): string {
  return `${apiVersionOf(gvk)}, Kind=${gvk.kind}`;
}

export interface KindRegistration<T = unknown, L = unknown> {
  kind: string;
  listKind: string;
  /** REST resource (plural), e.g. `networks`. */
  plural: string;
  singular: string;
  namespaced: boolean;
  deepCopy(obj: T): T;
  deepCopyList(list: L): L;
}

/** A registration of any kind, as generated register modules pass them. */
export interface AnyKindRegistration extends Omit<KindRegistration, 'deepCopy' | 'deepCopyList'> {
  deepCopy(obj: never): unknown;
  deepCopyList(list: never): unknown;
}

export interface RegisteredKind extends KindRegistration {
  gvk: GroupVersionKind;
}

function same(a: KindRegistration, b: KindRegistration): boolean {
  return a.kind === b.kind && a.listKind === b.listKind && a.plural === b.plural && a.singular === b.singular && a.namespaced === b.namespaced;
}

export class Scheme {
  private readonly byKind = new Map<string, RegisteredKind>();
  private readonly byListKind = new Map<string, RegisteredKind>();
  private readonly byResource = new Map<string, RegisteredKind>();

  /** Registers the kinds of a group version. Registering the same facts twice is harmless; conflicting ones throw. */
  addKnownTypes(gv: GroupVersion, kinds: readonly AnyKindRegistration[]): void {
    for (const k of kinds as readonly KindRegistration[]) {
      const gvk = { group: gv.group, version: gv.version, kind: k.kind };
      const key = gvkString(gvk);
      const existing = this.byKind.get(key);
      if (existing) {
        if (!same(existing, k)) throw new Error(`scheme: ${key} is already registered with different facts`);
        continue;
      }
      const resKey = `${gv.group}/${gv.version}/${k.plural}`;
      const clash = this.byResource.get(resKey);
      if (clash) throw new Error(`scheme: resource ${resKey} is already registered for kind ${clash.kind}`);
      const reg: RegisteredKind = { ...k, gvk };
      this.byKind.set(key, reg);
      this.byListKind.set(gvkString({ ...gvk, kind: k.listKind }), reg);
      this.byResource.set(resKey, reg);
    }
  }

  recognizes(gvk: GroupVersionKind): boolean {
    return this.byKind.has(gvkString(gvk)) || this.byListKind.has(gvkString(gvk));
  }

  registration(gvk: GroupVersionKind): RegisteredKind | undefined {
    return this.byKind.get(gvkString(gvk));
  }

  kindFor(gvr: GroupVersionResource): GroupVersionKind | undefined {
    return this.byResource.get(`${gvr.group}/${gvr.version}/${gvr.resource}`)?.gvk;
  }

  resourceFor(gvk: GroupVersionKind): GroupVersionResource | undefined {
    const r = this.byKind.get(gvkString(gvk));
    return r ? { group: r.gvk.group, version: r.gvk.version, resource: r.plural } : undefined;
  }

  /** Every registered kind, sorted by group, version and kind. */
  knownKinds(): GroupVersionKind[] {
    return [...this.byKind.values()]
      .map((r) => r.gvk)
      .sort((a, b) => gvkString(a).localeCompare(gvkString(b)));
  }

  /** The kind of an object from its apiVersion and kind; undefined when either is missing. */
  objectKind(obj: { apiVersion?: string | undefined; kind?: string | undefined }): GroupVersionKind | undefined {
    if (!obj.apiVersion || !obj.kind) return undefined;
    return { ...parseApiVersion(obj.apiVersion), kind: obj.kind };
  }

  /** A deep copy through the kind's generated function (objects and their lists). */
  deepCopy<T extends { apiVersion?: string | undefined; kind?: string | undefined }>(obj: T): T {
    const gvk = this.objectKind(obj);
    if (!gvk) throw new Error('scheme: cannot deep-copy an object without apiVersion and kind');
    const key = gvkString(gvk);
    const reg = this.byKind.get(key);
    if (reg) return reg.deepCopy(obj) as T;
    const list = this.byListKind.get(key);
    if (list) return list.deepCopyList(obj) as T;
    throw new Error(`scheme: no kind ${key} is registered; add its group version with addToScheme`);
  }
}
