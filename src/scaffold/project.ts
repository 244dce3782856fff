/**
 * The `PROJECT` file at a kubegen project's root (kubebuilder users know it): the domain, the package
 * name, and every resource `kubegen create api` scaffolded. `create api` reads the domain from it and
 * records each new resource, which is how a second run with the same arguments knows the files are its
 * own (and leaves them alone).
 */
import yaml from 'js-yaml';

export const PROJECT_FILE = 'PROJECT';

export interface ProjectResource {
  group: string;
  version: string;
  kind: string;
  namespaced: boolean;
  controller: boolean;
}

export interface ProjectConfig {
  domain: string;
  /** The npm package name (`--repo`). */
  repo: string;
  /** The short name used for Kubernetes objects (DNS-1123 label). */
  projectName: string;
  resources: ProjectResource[];
}

const HEADER =
  '# kubegen project: the domain and the resources `kubegen create api` scaffolded.\n' +
  '# kubegen reads and updates this file; keep it under version control.\n';

export function renderProject(p: ProjectConfig): string {
  const doc = {
    version: '1',
    domain: p.domain,
    repo: p.repo,
    projectName: p.projectName,
    resources: p.resources.map((r) => ({
      group: r.group,
      version: r.version,
      kind: r.kind,
      namespaced: r.namespaced,
      controller: r.controller,
    })),
  };
  return HEADER + yaml.dump(doc, { lineWidth: -1, noRefs: true, sortKeys: false });
}

/** Parses a PROJECT file; throws an Error naming the problem and the fix. */
export function parseProject(text: string): ProjectConfig {
  let data: unknown;
  try {
    data = yaml.load(text);
  } catch (e) {
    throw new Error(`${PROJECT_FILE}: not valid YAML (${(e as Error).message.split('\n')[0]}); restore it from version control`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new Error(`${PROJECT_FILE}: expected a mapping with domain, repo, projectName and resources; restore it from version control`);
  }
  const o = data as Record<string, unknown>;
  const str = (key: string): string => {
    const v = o[key];
    if (typeof v !== 'string' || v === '') throw new Error(`${PROJECT_FILE}: "${key}" must be a non-empty string`);
    return v;
  };
  const rawResources = o['resources'] ?? [];
  if (!Array.isArray(rawResources)) throw new Error(`${PROJECT_FILE}: "resources" must be a list`);
  const resources = rawResources.map((r: unknown, i): ProjectResource => {
    const e = (r ?? {}) as Record<string, unknown>;
    const s = (key: string): string => {
      const v = e[key];
      if (typeof v !== 'string' || v === '') throw new Error(`${PROJECT_FILE}: resources[${i}].${key} must be a non-empty string`);
      return v;
    };
    return {
      group: s('group'),
      version: s('version'),
      kind: s('kind'),
      namespaced: e['namespaced'] !== false,
      controller: e['controller'] === true,
    };
  });
  return { domain: str('domain'), repo: str('repo'), projectName: str('projectName'), resources };
}
