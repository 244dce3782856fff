/** `kubegen init` and `kubegen create api` through the CLI, in-process: exit codes, output, the disk. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeArgv, runCli } from '../../src/cli/program.js';

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'kubegen-scaffold-cli-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

async function cli(args: string[], cwd = tmp): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { stdout: (s) => void (out += s), stderr: (s) => void (err += s), cwd, env: {} });
  return { code, out, err };
}

function tree(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...tree(dir, p));
    else out.push(p);
  }
  return out.sort();
}

const api = ['create', 'api', '--group', 'batch', '--version', 'v1', '--kind', 'CronJob']; // kubebuilder's spelling

describe('kubegen init', () => {
  it('creates the project folder, prints what it wrote and the next step, exit 0', async () => {
    const r = await cli(['init', 'ops', '--domain', 'example.com', '--repo', '@acme/ops']);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain('  created   ops/src/main.ts\n');
    expect(r.out).toMatch(/next: cd ops && npm install && npx kubegen create api --group <group> --version=v1 --kind <Kind> --controller && make generate manifests test\n$/);
    expect(JSON.parse(readFileSync(path.join(tmp, 'ops/package.json'), 'utf8'))).toMatchObject({ name: '@acme/ops' });
    expect(tree(path.join(tmp, 'ops'))).toContain('config/rbac/leader_election_role.yaml');
  });

  it('says so when run again, exit 0', async () => {
    await cli(['init', '--domain', 'example.com']);
    const r = await cli(['init', '--domain', 'example.com']);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain('. is already this project; nothing to do');
  });

  it('refuses to overwrite a file, writing nothing, exit 1', async () => {
    writeFileSync(path.join(tmp, 'Makefile'), 'all:\n');
    const r = await cli(['init', '--domain', 'example.com', '-q']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'Makefile: already exists with other content; kubegen init never overwrites your files: move it away, or init another folder\n' +
        'kubegen: 1 conflict; no file was written\n',
    );
    expect(tree(tmp)).toEqual(['Makefile']);
  });

  it.each([
    [['init'], 'kubegen: error: init needs --domain, e.g. kubegen init --domain example.com (API groups become <group>.example.com)\n'],
    [['init', '--domain', 'example'], /^kubegen: error: --domain "example" is not a DNS domain/],
    [['init', '--domain', 'example.com', '--repo', 'Nope'], /^kubegen: error: --repo "Nope" is not a valid npm package name/],
  ])('%j is a usage error, exit 2', async (args, want) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    if (typeof want === 'string') expect(r.err).toBe(want);
    else expect(r.err).toMatch(want);
    expect(tree(tmp)).toEqual([]);
  });
});

describe('kubegen create api', () => {
  beforeEach(async () => {
    expect((await cli(['init', '--domain', 'example.com', '-q'])).code).toBe(0);
  });

  it('adds a kind and a controller, then changes nothing the second time', async () => {
    const first = await cli([...api, '--controller']);
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toContain('  created   src/controllers/cronjob_controller.ts\n');
    expect(first.out).toContain('  updated   src/controllers/index.ts\n');
    expect(first.out).toContain('  updated   config/rbac/kustomization.yaml\n');
    expect(first.out).toMatch(/next: make generate manifests test\n$/);
    const before = tree(tmp).map((p) => [p, readFileSync(path.join(tmp, p), 'utf8')]);
    const second = await cli([...api, '--controller']);
    expect(second).toMatchObject({ code: 0, err: '' });
    expect(second.out).toMatch(/^ {2}unchanged \d+ files\nCronJob is already scaffolded; nothing changed\n$/);
    expect(tree(tmp).map((p) => [p, readFileSync(path.join(tmp, p), 'utf8')])).toEqual(before);
  });

  it.each([
    [['--namespaced=false'], true],
    [['--namespaced', 'false'], true],
    [['--namespaced'], false],
    [[], false],
  ])('%j → cluster-scoped: %s', async (flags, clusterScoped) => {
    expect((await cli([...api, ...flags])).code).toBe(0);
    expect(readFileSync(path.join(tmp, 'apis/batch/v1/cronjob_types.ts'), 'utf8').includes('+genclient:nonNamespaced')).toBe(clusterScoped);
    expect(existsSync(path.join(tmp, 'src/controllers/cronjob_controller.ts'))).toBe(false);
  });

  it('refuses to clobber a file the user wrote, writing nothing, exit 1', async () => {
    writeFileSync(path.join(tmp, 'config/samples/batch_v1_cronjob.yaml'), 'mine: true\n');
    const before = tree(tmp);
    const r = await cli(api);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'config/samples/batch_v1_cronjob.yaml: already exists and was not scaffolded for CronJob; kubegen create api never overwrites your files: move it away, or delete it to get the sample\n' +
        'kubegen: 1 conflict; no file was written\n',
    );
    expect(tree(tmp)).toEqual(before);
  });

  it.each([
    [['create', 'api', '--group', 'batch', '--kind', 'CronJob'], 'kubegen: error: create api needs --version, e.g. kubegen create api --group batch --version=v1 --kind CronJob\n'],
    [['create', 'api', '--group', 'batch', '--kind', 'CronJob', '--version'], /^kubegen: error: create api needs a value after --version/],
    [[...api, '--controller=yes'], 'kubegen: error: --controller takes true or false, not "yes" (write --controller=false)\n'],
    [['create', 'api', '--group', 'Batch', '--version=v1', '--kind', 'CronJob'], /^kubegen: error: --group "Batch" must be a lower-case DNS label/],
  ])('%j is a usage error, exit 2', async (args, want) => {
    const before = tree(tmp);
    const r = await cli(args);
    expect(r.code).toBe(2);
    if (typeof want === 'string') expect(r.err).toBe(want);
    else expect(r.err).toMatch(want);
    expect(tree(tmp)).toEqual(before);
  });

  it('outside a project: a usage error (exit 2) with the way out', async () => {
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'kubegen-scaffold-none-'));
    try {
      const r = await cli(api, elsewhere);
      expect(r.code).toBe(2);
      expect(r.err).toContain('PROJECT: not found: run kubegen create api at the root of a project made by kubegen init');
      expect(readdirSync(elsewhere)).toEqual([]);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('--version alone still prints kubegen\'s version', async () => {
    const r = await cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('a project made by an older kubegen: a hand-kept config/rbac/role.yaml', () => {
  // What kubegen init wrote and create api --controller edited before the role came from markers.
  const handKept = [
    '# What the controller may do, cluster-wide. `kubegen create api --controller` adds the rules each new',
    '# controller needs (its resource, and the status subresource).',
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: ClusterRole',
    'metadata:',
    '  name: ops-manager-role',
    'rules:',
    '  - apiGroups: [batch.example.com]',
    '    resources: [cronjobs]',
    '    verbs: [get, list, watch, create, update, patch, delete]',
    '  - apiGroups: [apps]',
    '    resources: [deployments]',
    '    verbs: [get, list, watch]',
    '',
  ].join('\n');
  const role = (): string => readFileSync(path.join(tmp, 'config/rbac/role.yaml'), 'utf8');
  const hint =
    'kubegen: config/rbac/role.yaml was written by hand (a project made by an older kubegen init keeps its role there), and kubegen rbac ' +
    'generates it from markers now: write each of its rules that no +kubebuilder:rbac marker gives yet as a marker above the controller ' +
    'that needs it, delete config/rbac/role.yaml once, and run kubegen rbac again (to compare first, --output-dir <another folder> ' +
    'writes the generated role elsewhere)\n';

  beforeEach(async () => {
    expect((await cli(['init', '--domain', 'example.com', '--repo', 'ops', '-q'])).code).toBe(0);
    writeFileSync(path.join(tmp, 'config/rbac/role.yaml'), handKept);
  });

  it.each([[[]], [['--verify']]])('kubegen rbac %j keeps the file, says how to move to markers, exit 1', async (flags) => {
    expect((await cli([...api, '--controller', '-q'])).code).toBe(1); // the conflict below; write the controller as a user would
    writeFileSync(path.join(tmp, 'src/controllers/cronjob_controller.ts'), '// +kubebuilder:rbac:groups=batch.example.com,resources=cronjobs,verbs=get;list;watch\nexport {};\n');
    const r = await cli(['rbac', '--role-name', 'ops-manager-role', ...flags]);
    expect(r.code).toBe(1);
    // The header guard speaks first, unchanged; then what to do about this file in particular.
    expect(r.err).toMatch(/^config\/rbac\/role\.yaml:1:1: refusing to overwrite config\/rbac\/role\.yaml: it does not carry the header/);
    expect(r.err).toContain(hint);
    expect(role()).toBe(handKept);
  });

  it('create api --controller stops with the way out, writing nothing; after it, both work', async () => {
    const before = tree(tmp);
    const refused = await cli([...api, '--controller']);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^config\/rbac\/role\.yaml: kept by hand \(an older kubegen init wrote it and create api added rules to it\)/);
    expect(refused.err).toContain('"$(KUBEGEN) rbac src --role-name ops-manager-role"');
    expect(refused.err).toMatch(/\nkubegen: 1 conflict; no file was written\n$/);
    expect(tree(tmp)).toEqual(before);

    // The way out: the rule no scaffolded controller gives becomes a marker, the file goes once.
    writeFileSync(path.join(tmp, 'src/controllers/deployments.ts'), '// +kubebuilder:rbac:groups=apps,resources=deployments,verbs=get;list;watch\nexport {};\n');
    rmSync(path.join(tmp, 'config/rbac/role.yaml'));
    expect((await cli(['rbac', '--role-name', 'ops-manager-role', '-q'])).code).toBe(0);
    expect(role()).toMatch(/^# Code generated by kubegen\. DO NOT EDIT\.\n/);

    const created = await cli([...api, '--controller']);
    expect(created).toMatchObject({ code: 0, err: '' });
    const generated = await cli(['rbac', '--role-name', 'ops-manager-role']);
    expect(generated).toMatchObject({ code: 0, err: '' });
    expect(generated.out).toContain('rbac: 1 file (0 created, 1 updated, 0 unchanged)');
    expect(role()).toContain('  - cronjobs/status\n');
    expect(role()).toContain('  - deployments\n');
    expect((await cli(['rbac', '--role-name', 'ops-manager-role', '--verify', '-q'])).code).toBe(0);
  });
});

describe('create api --version as kubebuilder users type it', () => {
  it.each([
    [['create', 'api', '--group', 'batch', '--version', 'v1', '--kind', 'CronJob'], ['create', 'api', '--group', 'batch', '--version=v1', '--kind', 'CronJob']],
    [['-q', 'create', 'api', '--version', 'v2beta1'], ['-q', 'create', 'api', '--version=v2beta1']],
    [['create', 'api', '--version=v1'], ['create', 'api', '--version=v1']],
    [['--version'], ['--version']],
    [['generate', '--version', 'x'], ['generate', '--version', 'x']],
  ])('%j → %j', (given, want) => {
    expect(normalizeArgv(given)).toEqual(want);
  });
});
