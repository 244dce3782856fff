/**
 * `kubegen rbac`: +kubebuilder:rbac markers → ClusterRole / Role manifests, merged the way controller-gen
 * merges them, written and verified through the usual sinks.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { buildRoles, mergeRules, scanRbacMarkers, type RbacMarker } from '../../src/rbac/index.js';

const rule = (r: Partial<RbacMarker>): RbacMarker => ({
  groups: [],
  resources: [],
  resourceNames: [],
  verbs: [],
  urls: [],
  namespace: '',
  roleName: '',
  at: { file: 'x.ts', line: 1, col: 1 },
  ...r,
});

describe('mergeRules', () => {
  it.each<[string, { given: Partial<RbacMarker>[]; want: unknown[] }]>([
    [
      'verbs of one resource unite, sorted and de-duplicated',
      {
        given: [
          { groups: ['apps'], resources: ['deployments'], verbs: ['get', 'list'] },
          { groups: ['apps'], resources: ['deployments'], verbs: ['watch', 'get'] },
        ],
        want: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch'] }],
      },
    ],
    [
      'resources with the same verbs share a rule; a marker with several resources is split first',
      {
        given: [
          { groups: ['apps'], resources: ['deployments', 'statefulsets'], verbs: ['get'] },
          { groups: ['apps'], resources: ['statefulsets'], verbs: ['list'] },
          { groups: ['apps'], resources: ['daemonsets'], verbs: ['get'] },
        ],
        want: [
          { apiGroups: ['apps'], resources: ['daemonsets', 'deployments'], verbs: ['get'] },
          { apiGroups: ['apps'], resources: ['statefulsets'], verbs: ['get', 'list'] },
        ],
      },
    ],
    [
      'groups with the same resources and verbs share a rule; core is the core group ""',
      {
        given: [
          { groups: ['core'], resources: ['events'], verbs: ['create'] },
          { groups: ['events.k8s.io'], resources: ['events'], verbs: ['create'] },
        ],
        want: [{ apiGroups: ['', 'events.k8s.io'], resources: ['events'], verbs: ['create'] }],
      },
    ],
    [
      'non-resource URLs with the same verbs share a rule',
      {
        given: [
          { urls: ['/metrics'], verbs: ['get'] },
          { urls: ['/healthz'], verbs: ['get'] },
        ],
        want: [{ nonResourceURLs: ['/healthz', '/metrics'], verbs: ['get'] }],
      },
    ],
    [
      'a * verb stands alone; resource names are kept apart',
      {
        given: [
          { groups: [''], resources: ['configmaps'], verbs: ['get', '*'] },
          { groups: [''], resources: ['configmaps'], resourceNames: ['leader'], verbs: ['update'] },
        ],
        want: [
          { apiGroups: [''], resources: ['configmaps'], verbs: ['*'] },
          { apiGroups: [''], resourceNames: ['leader'], resources: ['configmaps'], verbs: ['update'] },
        ],
      },
    ],
  ])('%s', (_name, { given, want }) => {
    expect(mergeRules(given.map(rule))).toEqual(want);
  });

  it('is independent of the order of the markers', () => {
    const given = [
      rule({ groups: ['apps'], resources: ['deployments'], verbs: ['get'] }),
      rule({ groups: [''], resources: ['pods'], verbs: ['list'] }),
      rule({ groups: ['apps'], resources: ['replicasets'], verbs: ['get'] }),
      rule({ urls: ['/metrics'], verbs: ['get'] }),
      rule({ groups: [''], resources: ['pods'], verbs: ['get'] }),
    ];
    const want = mergeRules(given);
    expect(mergeRules([...given].reverse())).toEqual(want);
    expect(mergeRules([given[2]!, given[0]!, given[4]!, given[3]!, given[1]!])).toEqual(want);
  });
});

describe('buildRoles', () => {
  it('puts cluster rules in the ClusterRole and namespaced ones in Roles, sorted; roleName names its own role', () => {
    const roles = buildRoles(
      [
        rule({ groups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get'], namespace: 'ops' }),
        rule({ groups: ['apps'], resources: ['deployments'], verbs: ['get'] }),
        rule({ groups: [''], resources: ['secrets'], verbs: ['get'], namespace: 'ops', roleName: 'secret-reader' }),
      ],
      'manager-role',
    );
    expect(roles.map((r) => [r.kind, r.metadata])).toEqual([
      ['ClusterRole', { name: 'manager-role' }],
      ['Role', { name: 'manager-role', namespace: 'ops' }],
      ['Role', { name: 'secret-reader', namespace: 'ops' }],
    ]);
  });
});

describe('scanRbacMarkers', () => {
  it('reads // lines and JSDoc lines, with quoted empty groups', () => {
    const text = [
      'import x from "y";',
      '// +kubebuilder:rbac:groups=apps,resources=deployments,verbs=get;list',
      '/**',
      ' * Reconciles Foos.',
      ' * +kubebuilder:rbac:groups="",resources=pods,verbs=watch',
      ' */',
      '/** +kubebuilder:rbac:urls=/metrics,verbs=get */',
      'const s = "+kubebuilder:rbac:groups=ignored,resources=x,verbs=get"; // not at a comment start',
    ].join('\n');
    const { markers, diagnostics } = scanRbacMarkers('src/c.ts', text);
    expect(diagnostics).toEqual([]);
    expect(markers.map((m) => [m.groups, m.resources, m.urls, m.verbs, m.at])).toEqual([
      [['apps'], ['deployments'], [], ['get', 'list'], { file: 'src/c.ts', line: 2, col: 4 }],
      [[''], ['pods'], [], ['watch'], { file: 'src/c.ts', line: 5, col: 4 }],
      [[], [], ['/metrics'], ['get'], { file: 'src/c.ts', line: 7, col: 5 }],
    ]);
  });

  it.each([
    ['// +kubebuilder:rbac:groups=apps,resources=deployments', /missing required argument verbs/],
    ['// +kubebuilder:rbac:groups=apps,resources=deployments,verbs=get,colour=red', /unknown argument colour/],
    ['// +kubebuilder:rbac:resources=deployments,verbs=get', /resources need their API groups: add groups=/],
    ['// +kubebuilder:rbac:groups=apps,verbs=get', /give resources \(with groups\) or urls/],
    ['// +kubebuilder:rbac:groups=apps,resources=x,urls=/metrics,verbs=get', /either to resources or to non-resource urls/],
    ['// +kubebuilder:rbac:urls=/metrics,verbs=get,namespace=ops', /non-resource urls can only be granted cluster-wide/],
    ['// +kubebuilder:rbac', /needs its arguments/],
  ])('%s is an error at its position', (line, message) => {
    const { markers, diagnostics } = scanRbacMarkers('src/c.ts', `\n${line}\n`);
    expect(markers).toEqual([]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.pos.line).toBe(2);
    expect(diagnostics[0]!.pos.col).toBeGreaterThanOrEqual(4);
    expect(diagnostics[0]!.message).toMatch(message);
  });
});

describe('kubegen rbac', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kubegen-rbac-'));
    mkdirSync(path.join(dir, 'src', 'controllers'), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (rel: string, text: string): void => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  const run = async (argv: string[]): Promise<{ code: number; out: string; err: string }> => {
    let out = '';
    let err = '';
    const code = await runCli(argv, { stdout: (s) => void (out += s), stderr: (s) => void (err += s), cwd: dir, env: {} });
    return { code, out, err };
  };
  const role = (): string => readFileSync(path.join(dir, 'config', 'rbac', 'role.yaml'), 'utf8');

  it('writes the role, verifies it, reports a stale one with a diff, and removes it when the markers go', async () => {
    write('src/controllers/foo.ts', '// +kubebuilder:rbac:groups=example.com,resources=foos;foos/status,verbs=get;update\nexport {};\n');
    write('src/main.ts', '// +kubebuilder:rbac:groups=coordination.k8s.io,resources=leases,verbs=get;create;update\nexport {};\n');
    const gen = await run(['rbac']);
    expect(gen.err).toBe('');
    expect(gen.code).toBe(0);
    expect(role().split('\n')[0]).toBe('# Code generated by kubegen. DO NOT EDIT.');
    const docs = yaml.loadAll(role()) as { kind: string; metadata: { name: string }; rules: unknown[] }[];
    expect(docs).toEqual([
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'manager-role' },
        rules: [
          { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create', 'get', 'update'] },
          { apiGroups: ['example.com'], resources: ['foos', 'foos/status'], verbs: ['get', 'update'] },
        ],
      },
    ]);
    expect(await run(['rbac', '--verify'])).toMatchObject({ code: 0 });
    const again = role();
    expect((await run(['rbac'])).code).toBe(0);
    expect(role()).toBe(again); // byte-identical

    write('src/controllers/foo.ts', '// +kubebuilder:rbac:groups=example.com,resources=foos,verbs=get;update;delete\nexport {};\n');
    const stale = await run(['rbac', '--verify']);
    expect(stale.code).toBe(1);
    expect(stale.out).toContain('--- a/config/rbac/role.yaml');
    expect(stale.out).toContain('+  - delete');
    expect(stale.err).toContain('config/rbac/role.yaml is out of date; run kubegen rbac');

    write('src/controllers/foo.ts', 'export {};\n');
    write('src/main.ts', 'export {};\n');
    const none = await run(['rbac']);
    expect(none.code).toBe(0);
    expect(none.out).toContain('no +kubebuilder:rbac marker in src: no role generated');
    expect(existsSync(path.join(dir, 'config', 'rbac', 'role.yaml'))).toBe(false);
  });

  it('bad markers: file:line:col, exit 1, nothing written', async () => {
    write('src/controllers/foo.ts', 'export {};\n\n// +kubebuilder:rbac:groups=apps,resources=deployments\n');
    const r = await run(['rbac']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^src\/controllers\/foo\.ts:3:\d+: invalid \+kubebuilder:rbac: missing required argument verbs/m);
    expect(existsSync(path.join(dir, 'config'))).toBe(false);
  });

  it('never overwrites a role.yaml it did not generate', async () => {
    write('config/rbac/role.yaml', 'kind: ClusterRole\n');
    write('src/a.ts', '// +kubebuilder:rbac:groups=apps,resources=deployments,verbs=get\n');
    const r = await run(['rbac']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/refusing to overwrite config\/rbac\/role\.yaml/);
    expect(role()).toBe('kind: ClusterRole\n');
  });

  it('takes paths, --role-name, --output-dir and --file-name', async () => {
    write('controllers/a.ts', '// +kubebuilder:rbac:groups=apps,resources=deployments,verbs=get\n');
    const r = await run(['rbac', 'controllers', '--role-name', 'ops-manager', '--output-dir', 'deploy', '--file-name', 'cluster-role.yaml']);
    expect(r.code).toBe(0);
    const doc = yaml.load(readFileSync(path.join(dir, 'deploy', 'cluster-role.yaml'), 'utf8')) as { metadata: { name: string } };
    expect(doc.metadata.name).toBe('ops-manager');
    expect((await run(['rbac', 'missing-dir'])).code).toBe(2);
    expect((await run(['rbac', '--role-name', 'Bad_Name'])).code).toBe(2);
  });
});
