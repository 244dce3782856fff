import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { scanRbacMarkers } from '../../src/rbac/index.js';
import { DEV_TOOL_VERSIONS, initFiles, parseProject, planInit, ScaffoldInputError } from '../../src/scaffold/index.js';
import { Tree, VERSIONS } from './tree.js';

const REPO = path.join(import.meta.dirname, '../..');
const options = { domain: 'example.com', dirName: 'Cron Operator', versions: VERSIONS };

describe('kubegen init: the file set', () => {
  const { files, project } = initFiles(options);
  const byPath = new Map(files.map((f) => [f.path, f.content]));
  const file = (p: string): string => byPath.get(p) ?? '';

  it('is exactly the project layout, sorted', () => {
    expect(files.map((f) => f.path)).toEqual([
      '.dockerignore',
      '.github/workflows/ci.yml',
      '.gitignore',
      '.prettierrc.json',
      'Dockerfile',
      'Makefile',
      'PROJECT',
      'README.md',
      'apis/.gitkeep',
      'config/crd/kustomization.yaml',
      'config/default/kustomization.yaml',
      'config/manager/kustomization.yaml',
      'config/manager/manager.yaml',
      'config/rbac/kustomization.yaml',
      'config/rbac/leader_election_role.yaml',
      'config/rbac/leader_election_role_binding.yaml',
      'config/rbac/role_binding.yaml',
      'config/rbac/service_account.yaml',
      'config/samples/kustomization.yaml',
      'kubegen.config.json',
      'package.json',
      'src/controllers/conditions.ts',
      'src/controllers/index.ts',
      'src/main.ts',
      'test/conditions.test.ts',
      'test/main.test.ts',
      'test/support.ts',
      'tsconfig.build.json',
      'tsconfig.json',
      'vitest.config.ts',
    ]);
    expect(project).toEqual({ domain: 'example.com', repo: 'cron-operator', projectName: 'cron-operator', resources: [] });
    expect(parseProject(file('PROJECT'))).toEqual(project);
  });

  it('writes a package.json with the scripts and the current kubegen and runtime', () => {
    const pkg = JSON.parse(file('package.json')) as Record<string, Record<string, string>>;
    expect(pkg['name']).toBe('cron-operator');
    expect(Object.keys(pkg['scripts']!)).toEqual(['generate', 'manifests', 'verify', 'typecheck', 'build', 'test', 'start']);
    expect(pkg['scripts']).toMatchObject({
      generate: 'kubegen generate',
      manifests: 'kubegen generate crd && kubegen rbac src --role-name cron-operator-manager-role',
      verify: 'kubegen verify && kubegen rbac src --role-name cron-operator-manager-role --verify',
      start: 'node dist/src/main.js',
    });
    expect(pkg['dependencies']).toEqual({ '@kubegen/runtime': '^9.8.6' });
    expect(pkg['devDependencies']).toMatchObject({ kubegen: '^9.8.7', typescript: DEV_TOOL_VERSIONS.typescript, vitest: DEV_TOOL_VERSIONS.vitest });
  });

  it('pins the dev tools kubegen itself is built with', () => {
    const root = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { devDependencies: Record<string, string>; dependencies: Record<string, string> };
    const all = { ...root.dependencies, ...root.devDependencies };
    expect(DEV_TOOL_VERSIONS).toEqual({
      typescript: all['typescript'],
      vitest: all['vitest'],
      typesNode: all['@types/node'],
      jsYaml: all['js-yaml'],
      typesJsYaml: all['@types/js-yaml'],
    });
  });

  it('has a GitHub Actions workflow: make verify with the generation cache kept, then type-check and tests', () => {
    const wf = yaml.load(file('.github/workflows/ci.yml')) as { jobs: { test: { steps: { run?: string; uses?: string; with?: Record<string, unknown>; env?: Record<string, string> }[] } } };
    const steps = wf.jobs.test.steps;
    expect(steps.map((s) => s.run ?? s.uses)).toEqual(['actions/checkout@v4', 'actions/setup-node@v4', 'npm ci', 'actions/cache@v4', 'make verify', 'npx tsc -p tsconfig.json', 'npx vitest run']);
    expect(steps[1]!.with).toMatchObject({ 'node-version': 22 });
    expect(steps[3]!.with).toMatchObject({ path: '.kubegen-cache', key: "kubegen-${{ hashFiles('package-lock.json', 'kubegen.config.json', 'apis/**/*.ts') }}" });
    expect(steps[4]!.env).toEqual({ KUBEGEN_CACHE_DIR: '.kubegen-cache' });
    expect(file('.gitignore').split('\n')).toContain('.kubegen-cache/');
  });

  it('type-checks strictly', () => {
    const ts = JSON.parse(file('tsconfig.json')) as { compilerOptions: Record<string, unknown>; include: string[] };
    expect(ts.compilerOptions).toMatchObject({ strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, verbatimModuleSyntax: true, module: 'NodeNext' });
    expect(ts.include).toEqual(['apis', 'src', 'test']);
  });

  it('has a Makefile whose targets call npx kubegen, with tab-indented recipes', () => {
    const mk = file('Makefile');
    for (const t of ['generate', 'manifests', 'verify', 'test', 'build', 'run']) expect(mk).toMatch(new RegExp(`^${t}:.*## `, 'm'));
    expect(mk).toContain('KUBEGEN ?= npx kubegen');
    expect(mk).toMatch(/^\t\$\(KUBEGEN\) generate$/m);
    expect(mk).toMatch(/^\t\$\(KUBEGEN\) generate crd$/m);
    expect(mk).toMatch(/^\t\$\(KUBEGEN\) verify$/m);
    // The ClusterRole from the markers in src/, whatever apis/ holds: after the CRDs, and checked by verify.
    expect(mk).toContain('RBAC = $(KUBEGEN) rbac src --role-name cron-operator-manager-role\n');
    expect(mk).toMatch(/^manifests:.*\n(?:.*\n)*?endif\n\t\$\(RBAC\)\n\n/m);
    expect(mk).toMatch(/^verify:.*\n(?:.*\n)*?endif\n\t\$\(RBAC\) --verify\n\n/m);
    expect(mk.split('\n').filter((l) => /^ +\S/.test(l))).toEqual([]);
  });

  it('tells kubegen where everything goes', () => {
    expect(JSON.parse(file('kubegen.config.json'))).toEqual({ input: 'apis', output: 'src/generated', crdOutput: 'config/crd/bases' });
  });

  it('writes valid YAML manifests with the RBAC the controller and leader election need', () => {
    const docs = new Map<string, unknown[]>();
    for (const [p, text] of byPath) if (p.endsWith('.yaml')) docs.set(p, yaml.loadAll(text));
    const one = (p: string): Record<string, unknown> => docs.get(p)![0] as Record<string, unknown>;
    expect(one('config/rbac/leader_election_role.yaml')).toMatchObject({
      kind: 'Role',
      rules: [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'] }, { apiGroups: [''], resources: ['events'] }],
    });
    expect(one('config/rbac/role_binding.yaml')).toMatchObject({
      roleRef: { kind: 'ClusterRole', name: 'cron-operator-manager-role' },
      subjects: [{ kind: 'ServiceAccount', name: 'cron-operator-controller', namespace: 'cron-operator-system' }],
    });
    const [ns, deploy] = docs.get('config/manager/manager.yaml') as Record<string, unknown>[];
    expect(ns).toMatchObject({ kind: 'Namespace', metadata: { name: 'cron-operator-system' } });
    expect(deploy).toMatchObject({ kind: 'Deployment', spec: { template: { spec: { serviceAccountName: 'cron-operator-controller' } } } });
    expect(one('config/default/kustomization.yaml')).toEqual({ namespace: 'cron-operator-system', resources: ['../crd', '../rbac', '../manager'] });
    expect(one('config/crd/kustomization.yaml')).toEqual({ resources: [] });
  });

  it('generates the manager role from markers: none in a fresh src, so no role.yaml and none listed yet', () => {
    // Leader election (leases, events) is the only API use of a fresh project, and leader_election_role.yaml
    // grants it in the project namespace: the ClusterRole needs no rule until a controller exists.
    const markers = [...byPath].filter(([p]) => p.startsWith('src/')).flatMap(([p, text]) => scanRbacMarkers(p, text).markers);
    expect(markers).toEqual([]);
    expect(byPath.has('config/rbac/role.yaml')).toBe(false);
    expect(yaml.load(file('config/rbac/kustomization.yaml'))).toEqual({
      resources: ['service_account.yaml', 'role_binding.yaml', 'leader_election_role.yaml', 'leader_election_role_binding.yaml'],
    });
    // The Makefile names the role the binding binds.
    const binding = yaml.load(file('config/rbac/role_binding.yaml')) as { roleRef: { name: string } };
    expect(file('Makefile')).toContain(`rbac src --role-name ${binding.roleRef.name}\n`);
  });

  it('wires main.ts to kubeconfig/in-cluster config, a Lease and the controllers', () => {
    const main = file('src/main.ts');
    expect(main).toContain("import { LeaderElector, RestClient, inClusterConfig, loadKubeConfig, type RestConfig } from '@kubegen/runtime';");
    expect(main).toContain("export const LEASE_NAME = 'cron-operator-leader-election';");
    expect(main).toContain('releaseOnCancel: true');
    expect(file('src/controllers/index.ts')).toMatch(/\/\/ \+kubegen:scaffold:imports[\s\S]*\/\/ \+kubegen:scaffold:informers\n\s*\/\/ \+kubegen:scaffold:controllers\n\s*\/\/ \+kubegen:scaffold:start/);
  });

  it('is byte-identical run to run', () => {
    expect(initFiles(options)).toEqual(initFiles(options));
  });

  it.each([
    ['--repo', { ...options, repo: 'Bad Name' }, /--repo "Bad Name" is not a valid npm package name/],
    ['--domain', { ...options, domain: 'localhost' }, /--domain "localhost" is not a DNS domain/],
  ])('refuses a bad %s', (_name, given, want) => {
    expect(() => initFiles(given)).toThrow(ScaffoldInputError);
    expect(() => initFiles(given)).toThrow(want);
  });
});

describe('kubegen init: the plan', () => {
  it('writes everything into an empty folder, and nothing the second time', () => {
    const tree = new Tree();
    const first = planInit(options, tree.read);
    expect(first.conflicts).toEqual([]);
    expect(first.write).toHaveLength(initFiles(options).files.length);
    tree.apply(first);
    const again = planInit(options, tree.read);
    expect(again).toEqual({ write: [], unchanged: first.write.map((f) => f.path), kept: [], conflicts: [] });
  });

  it('keeps files it does not write, and refuses to overwrite one it would', () => {
    const tree = new Tree();
    tree.files.set('LICENSE', 'mine');
    tree.files.set('Makefile', 'all:\n\techo mine\n');
    tree.files.set('src/main.ts', 'console.log(1);\n');
    const plan = planInit(options, tree.read);
    expect(plan.write).toEqual([]);
    expect(plan.conflicts).toEqual([
      'Makefile: already exists with other content; kubegen init never overwrites your files: move it away, or init another folder',
      'src/main.ts: already exists with other content; kubegen init never overwrites your files: move it away, or init another folder',
    ]);
  });

  it.each([
    ['another project', { ...options, domain: 'other.io' }, 'PROJECT: this folder is already a kubegen project (domain example.com, package cron-operator); add kinds with kubegen create api, or init a new folder'],
    ['the same project with edits', options, null],
  ])('refuses to re-init %s', (_name, again, want) => {
    const tree = new Tree().apply(planInit(options, new Tree().read));
    if (want === null) {
      tree.files.set('src/main.ts', tree.get('src/main.ts') + '// edited\n');
      expect(planInit(again, tree.read).conflicts).toEqual([
        'src/main.ts: already exists with other content; kubegen init never overwrites your files: move it away, or init another folder',
      ]);
    } else {
      expect(planInit(again, tree.read).conflicts).toEqual([want]);
    }
  });
});
