/**
 * `kubegen init`: the files of a new operator project. The project works at once: `npm install && make
 * generate manifests test` passes before any API exists, and `kubegen create api` grows it.
 */
import { finishPlan, emptyPlan, planFile } from './plan.js';
import { checkDomain, checkPackageName, packageNameForDir, projectNameOf } from './names.js';
import { PROJECT_FILE, parseProject, renderProject, type ProjectConfig } from './project.js';
import { render } from './render.js';
import type { ReadTree, ScaffoldFile, ScaffoldPlan, ToolVersions } from './types.js';
import { DEV_TOOL_VERSIONS } from './versions.js';

export interface InitOptions {
  domain: string;
  /** The npm package name; default: derived from `dirName`. */
  repo?: string;
  /** Base name of the project folder (the default package name). */
  dirName: string;
  versions: ToolVersions;
}

/** Template (under templates/scaffold/init) → project path. */
const INIT_FILES: readonly (readonly [string, string])[] = [
  ['package.json', 'package.json'],
  ['tsconfig.json', 'tsconfig.json'],
  ['tsconfig.build.json', 'tsconfig.build.json'],
  ['vitest.config.ts', 'vitest.config.ts'],
  ['kubegen.config.json', 'kubegen.config.json'],
  ['Makefile', 'Makefile'],
  ['Dockerfile', 'Dockerfile'],
  ['dockerignore', '.dockerignore'],
  ['gitignore', '.gitignore'],
  ['github-ci.yml', '.github/workflows/ci.yml'],
  ['prettierrc.json', '.prettierrc.json'],
  ['README.md', 'README.md'],
  ['config/crd-kustomization.yaml', 'config/crd/kustomization.yaml'],
  ['config/samples-kustomization.yaml', 'config/samples/kustomization.yaml'],
  ['config/rbac-kustomization.yaml', 'config/rbac/kustomization.yaml'],
  ['config/service_account.yaml', 'config/rbac/service_account.yaml'],
  ['config/role_binding.yaml', 'config/rbac/role_binding.yaml'],
  ['config/leader_election_role.yaml', 'config/rbac/leader_election_role.yaml'],
  ['config/leader_election_role_binding.yaml', 'config/rbac/leader_election_role_binding.yaml'],
  ['config/manager-kustomization.yaml', 'config/manager/kustomization.yaml'],
  ['config/manager.yaml', 'config/manager/manager.yaml'],
  ['config/default-kustomization.yaml', 'config/default/kustomization.yaml'],
  ['src/main.ts', 'src/main.ts'],
  ['src/controllers-index.ts', 'src/controllers/index.ts'],
  ['src/conditions.ts', 'src/controllers/conditions.ts'],
  ['test/support.ts', 'test/support.ts'],
  ['test/main.test.ts', 'test/main.test.ts'],
  ['test/conditions.test.ts', 'test/conditions.test.ts'],
];

/** The project-wide names templates print. */
export interface ProjectView {
  packageName: string;
  projectName: string;
  domain: string;
  namespace: string;
  leaseName: string;
  kubegenVersion: string;
  runtimeVersion: string;
  versions: typeof DEV_TOOL_VERSIONS;
}

export function projectView(project: Pick<ProjectConfig, 'repo' | 'projectName' | 'domain'>, versions: ToolVersions): ProjectView {
  return {
    packageName: project.repo,
    projectName: project.projectName,
    domain: project.domain,
    namespace: `${project.projectName}-system`,
    leaseName: `${project.projectName}-leader-election`,
    kubegenVersion: versions.kubegen,
    runtimeVersion: versions.runtime,
    versions: DEV_TOOL_VERSIONS,
  };
}

/** Renders one init template (also used by `create api` to restore a deleted scaffold file). */
export function renderInitFile(projectPath: string, view: ProjectView): ScaffoldFile {
  const entry = INIT_FILES.find(([, p]) => p === projectPath);
  if (!entry) throw new Error(`no init template for ${projectPath}`);
  return { path: projectPath, content: render(`init/${entry[0]}`, view) };
}

/** Every file of a new project, `PROJECT` and `apis/.gitkeep` included, sorted by path. */
export function initFiles(options: InitOptions): { project: ProjectConfig; files: ScaffoldFile[] } {
  checkDomain(options.domain);
  const repo = options.repo ?? packageNameForDir(options.dirName);
  checkPackageName(repo);
  const project: ProjectConfig = { domain: options.domain, repo, projectName: projectNameOf(repo), resources: [] };
  const view = projectView(project, options.versions);
  const files: ScaffoldFile[] = INIT_FILES.map(([, path]) => renderInitFile(path, view));
  files.push({ path: PROJECT_FILE, content: renderProject(project) });
  files.push({ path: 'apis/.gitkeep', content: '' });
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { project, files };
}

/**
 * What `kubegen init` would do in a folder: files absent are written, identical ones left alone; a
 * file that exists with other content is a conflict (nothing is written), and so is a folder that is
 * already a kubegen project for another domain or package.
 */
export function planInit(options: InitOptions, read: ReadTree): ScaffoldPlan {
  const { project, files } = initFiles(options);
  const plan = emptyPlan();
  const existingProject = read(PROJECT_FILE);
  if (existingProject !== undefined && existingProject !== renderProject(project)) {
    let what = 'it is not a kubegen PROJECT file';
    try {
      const p = parseProject(existingProject);
      what = `this folder is already a kubegen project (domain ${p.domain}, package ${p.repo}${p.resources.length ? `, ${p.resources.length} kind${p.resources.length === 1 ? '' : 's'}` : ''})`;
    } catch {
      // keep the generic description
    }
    plan.conflicts.push(`${PROJECT_FILE}: ${what}; add kinds with kubegen create api, or init a new folder`);
    return plan;
  }
  for (const file of files) {
    planFile(plan, read, file, () => ({
      conflict: 'already exists with other content; kubegen init never overwrites your files: move it away, or init another folder',
    }));
  }
  if (plan.conflicts.length > 0) return { ...emptyPlan(), conflicts: plan.conflicts };
  return finishPlan(plan);
}
