/**
 * The first hour of a kubegen user, end to end: `kubegen init` into a temp folder, the project's
 * dependencies installed from the local workspace, `make generate manifests test` on the fresh project,
 * `create api` twice (a namespaced kind and a cluster-scoped one, both with controllers), the Makefile
 * targets and the project's own tests again (its fake-clientset and test-API-server tests included),
 * `make verify`, and `create api` once more with the same arguments, which must change nothing. The
 * manager's ClusterRole comes from the controllers' `+kubebuilder:rbac` markers through `make manifests`
 * (kubegen rbac), and `make verify` fails once a marker changes without it.
 *
 * "Installed from the local workspace", without the network:
 * - kubegen: src/ transpiled per file (as test/cli/bin.test.ts does) into a temp package with a copy of
 *   package.json and bin/, a symlink to templates/, and node_modules → the repository's node_modules;
 * - @kubegen/runtime: runtime/ compiled with its tsconfig.build.json (declarations included: the
 *   project type-checks against them) into a temp package with a copy of its package.json;
 * - the project's node_modules: `kubegen` and `@kubegen/runtime` link to those packages, every other
 *   dependency its package.json declares links to the repository's node_modules/<name>, and
 *   node_modules/.bin holds the kubegen, tsc and vitest links npm would create.
 * Private builds keep the test independent of the shared dist/ folders, which others rebuild at any time.
 */
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import yaml from 'js-yaml';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const REPO = path.join(import.meta.dirname, '../..');
const HAS_MAKE = spawnSync('make', ['--version'], { encoding: 'utf8' }).status === 0;

let work: string;
let kubegenPkg: string;
let runtimePkg: string;
let project: string;

function transpileTree(from: string, to: string): void {
  for (const e of readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    if (e.isDirectory()) transpileTree(src, path.join(to, e.name));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) {
      const out = ts.transpileModule(readFileSync(src, 'utf8'), {
        fileName: src,
        compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      });
      mkdirSync(to, { recursive: true });
      writeFileSync(path.join(to, e.name.replace(/\.ts$/, '.js')), out.outputText);
    }
  }
}

/** Environment of every child: no registry access, no colours, no inherited npm/vitest state. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(npm_|VITEST|NODE_OPTIONS|TEST$|KUBECONFIG$)/i.test(k)) continue;
    env[k] = v;
  }
  return { ...env, npm_config_offline: 'true', npm_config_update_notifier: 'false', NO_COLOR: '1', FORCE_COLOR: '0', CI: '1' };
}

async function sh(cmd: string, args: string[], cwd = project): Promise<{ code: number; out: string }> {
  try {
    const r = await run(cmd, args, { cwd, env: childEnv(), timeout: 90_000, maxBuffer: 16 << 20 });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : 1, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

const kubegen = (args: string[], cwd = project): Promise<{ code: number; out: string }> =>
  sh(process.execPath, [path.join(kubegenPkg, 'bin/kubegen.js'), ...args], cwd);

/** API sources under apis/ (the Makefile's guard: kubegen refuses an input tree without any). */
function hasApis(dir = path.join(project, 'apis')): boolean {
  return readdirSync(dir, { withFileTypes: true }).some((e) =>
    e.isDirectory() ? hasApis(path.join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.startsWith('zz_generated.'),
  );
}

/** Every resource a kustomization of config/ lists exists, as `kubectl apply -k config/default` needs. */
function expectKustomizationsComplete(): void {
  for (const dir of ['crd', 'rbac', 'manager', 'samples', 'default']) {
    const k = yaml.load(readFileSync(path.join(project, 'config', dir, 'kustomization.yaml'), 'utf8')) as { resources?: string[] };
    for (const r of k.resources ?? []) expect(existsSync(path.join(project, 'config', dir, r)), `config/${dir}: ${r}`).toBe(true);
  }
}

/** `make <targets>`, or the npm scripts doing the same where make is missing. */
async function targets(...names: string[]): Promise<{ code: number; out: string }> {
  if (HAS_MAKE) return sh('make', names);
  let out = '';
  for (const name of names) {
    if (name !== 'test' && !hasApis()) {
      out += 'apis/ holds no API types yet\n';
      continue;
    }
    const r = await sh('npm', ['run', '--silent', name]);
    out += r.out;
    if (r.code !== 0) return { code: r.code, out };
  }
  return { code: 0, out };
}

/** Links the project's dependencies (see the file comment). */
function linkDependencies(): void {
  const pkg = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const nm = path.join(project, 'node_modules');
  for (const name of [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]) {
    const target =
      name === 'kubegen' ? kubegenPkg : name === '@kubegen/runtime' ? runtimePkg : path.join(REPO, 'node_modules', ...name.split('/'));
    expect(existsSync(target), `${name} is not installed in the workspace`).toBe(true);
    mkdirSync(path.dirname(path.join(nm, name)), { recursive: true });
    symlinkSync(target, path.join(nm, name), 'dir');
  }
  mkdirSync(path.join(nm, '.bin'));
  symlinkSync('../kubegen/bin/kubegen.js', path.join(nm, '.bin/kubegen'));
  symlinkSync('../typescript/bin/tsc', path.join(nm, '.bin/tsc'));
  symlinkSync('../vitest/vitest.mjs', path.join(nm, '.bin/vitest'));
}

/** Every file of the project but node_modules, path → content. */
function snapshot(dir = project, rel = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const p = rel === '' ? e.name : `${rel}/${e.name}`;
    if (p === 'node_modules') continue;
    if (e.isDirectory()) for (const [k, v] of snapshot(dir, p)) out.set(k, v);
    else out.set(p, readFileSync(path.join(dir, p), 'utf8'));
  }
  return out;
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'kubegen-scaffold-'));
  kubegenPkg = path.join(work, 'kubegen');
  runtimePkg = path.join(work, 'runtime');
  project = path.join(work, 'acme-operator');

  mkdirSync(runtimePkg);
  cpSync(path.join(REPO, 'runtime/package.json'), path.join(runtimePkg, 'package.json'));
  symlinkSync(path.join(REPO, 'node_modules'), path.join(runtimePkg, 'node_modules'), 'dir');
  const runtimeBuild = sh(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'runtime/tsconfig.build.json', '--outDir', path.join(runtimePkg, 'dist')], REPO);

  transpileTree(path.join(REPO, 'src'), path.join(kubegenPkg, 'dist'));
  cpSync(path.join(REPO, 'bin'), path.join(kubegenPkg, 'bin'), { recursive: true });
  cpSync(path.join(REPO, 'package.json'), path.join(kubegenPkg, 'package.json'));
  symlinkSync(path.join(REPO, 'templates'), path.join(kubegenPkg, 'templates'), 'dir');
  symlinkSync(path.join(REPO, 'node_modules'), path.join(kubegenPkg, 'node_modules'), 'dir');

  const built = await runtimeBuild;
  // tsc reports errors of files others are still editing but emits anyway; the output must exist.
  expect(existsSync(path.join(runtimePkg, 'dist/index.d.ts')), built.out).toBe(true);
}, 90_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('a kubegen project from init to two kinds with controllers', () => {
  it('init, make generate manifests test, create api ×2, again, verify, and create api is idempotent', async () => {
    const init = await kubegen(['init', 'acme-operator', '--domain', 'acme.io'], work);
    expect(init.out).toContain('created   acme-operator/src/main.ts');
    expect(init.code).toBe(0);
    linkDependencies();

    // The installed kubegen answers from inside the project.
    const help = await sh('npx', ['kubegen', '--help']);
    expect(help.code, help.out).toBe(0);
    expect(help.out).toMatch(/^ {2}init \[options\] \[dir\]/m);
    expect(help.out).toMatch(/^ {2}create /m);

    // The fresh project: no API yet, but its targets and its own tests (leader election on the test API server) pass.
    const fresh = await targets('generate', 'manifests', 'test');
    expect(fresh.out, fresh.out).toMatch(/apis\/ holds no API types yet/);
    expect(fresh.out).toMatch(/Test Files\s+2 passed/);
    expect(fresh.code, fresh.out).toBe(0);
    // No marker in a fresh src/: no ClusterRole, and none listed for kustomize.
    if (HAS_MAKE) expect(fresh.out).toContain('no +kubebuilder:rbac marker in src: no role generated');
    expect(existsSync(path.join(project, 'config/rbac/role.yaml'))).toBe(false);
    expectKustomizationsComplete();
    const freshVerify = await targets('verify');
    expect(freshVerify.code, freshVerify.out).toBe(0);

    const namespaced = ['create', 'api', '--group', 'batch', '--version=v1', '--kind', 'CronJob', '--controller'];
    const cluster = ['create', 'api', '--group', 'fleet', '--version=v1alpha1', '--kind', 'Cluster', '--namespaced=false', '--controller'];
    for (const args of [namespaced, cluster]) {
      const r = await kubegen(args);
      expect(r.code, r.out).toBe(0);
      expect(r.out).toContain('next: make generate manifests test');
    }
    expect(readFileSync(path.join(project, 'apis/fleet/v1alpha1/cluster_types.ts'), 'utf8')).toContain('+genclient:nonNamespaced');

    // Code, CRDs, the type-check and the controllers' tests (fake clientset and test API server).
    const grown = await targets('generate', 'manifests', 'test');
    expect(grown.code, grown.out).toBe(0);
    expect(grown.out).toMatch(/Test Files\s+4 passed/);
    for (const f of [
      'apis/batch/v1/zz_generated.deepcopy.ts',
      'src/generated/clientset/versioned/fake/clientset.ts',
      'src/generated/informers/externalversions/factory.ts',
      'config/crd/bases/batch.acme.io_cronjobs.yaml',
      'config/crd/bases/fleet.acme.io_clusters.yaml',
    ]) {
      expect(existsSync(path.join(project, f)), f).toBe(true);
    }
    expect(readFileSync(path.join(project, 'config/crd/bases/fleet.acme.io_clusters.yaml'), 'utf8')).toMatch(/^ {2}scope: Cluster$/m);

    // The ClusterRole the binding binds, generated from both controllers' markers.
    const role = yaml.load(readFileSync(path.join(project, 'config/rbac/role.yaml'), 'utf8').replace(/^---\n/m, '')) as {
      kind: string;
      metadata: { name: string };
      rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[];
    };
    expect(role.kind).toBe('ClusterRole');
    expect(role.metadata.name).toBe('acme-operator-manager-role');
    expect(role.metadata.name).toBe((yaml.load(readFileSync(path.join(project, 'config/rbac/role_binding.yaml'), 'utf8')) as { roleRef: { name: string } }).roleRef.name);
    const crud = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
    expect(role.rules).toEqual([
      { apiGroups: ['batch.acme.io'], resources: ['cronjobs'], verbs: crud },
      { apiGroups: ['batch.acme.io'], resources: ['cronjobs/finalizers'], verbs: ['update'] },
      { apiGroups: ['batch.acme.io'], resources: ['cronjobs/status'], verbs: ['get', 'patch', 'update'] },
      { apiGroups: ['fleet.acme.io'], resources: ['clusters'], verbs: crud },
      { apiGroups: ['fleet.acme.io'], resources: ['clusters/finalizers'], verbs: ['update'] },
      { apiGroups: ['fleet.acme.io'], resources: ['clusters/status'], verbs: ['get', 'patch', 'update'] },
    ]);
    expectKustomizationsComplete();

    // CI's check: nothing generated is stale.
    const verify = await targets('verify');
    expect(verify.code, verify.out).toBe(0);

    // The same arguments again: nothing changes, not even a timestamp-free byte.
    const before = snapshot();
    for (const args of [namespaced, cluster]) {
      const r = await kubegen(args);
      expect(r.code, r.out).toBe(0);
      expect(r.out).toMatch(/is already scaffolded; nothing changed/);
    }
    expect(snapshot()).toEqual(before);

    // A marker changed without make manifests: verify fails and names the role; manifests brings it back.
    const controller = path.join(project, 'src/controllers/cluster_controller.ts');
    writeFileSync(controller, readFileSync(controller, 'utf8').replace('resources=clusters/status,verbs=get;update;patch', 'resources=clusters/status,verbs=get;update'));
    const stale = await targets('verify');
    expect(stale.code, stale.out).not.toBe(0);
    expect(stale.out).toContain('config/rbac/role.yaml is out of date; run kubegen rbac to update it');
    const regenerated = await targets('manifests', 'verify');
    expect(regenerated.code, regenerated.out).toBe(0);
    expect(readFileSync(path.join(project, 'config/rbac/role.yaml'), 'utf8')).toContain('  - clusters/status\n  verbs:\n  - get\n  - update\n');
  }, 240_000);
});
