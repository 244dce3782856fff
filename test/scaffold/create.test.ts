import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { GENERATED_HEADER_YAML } from '../../src/generators/types.js';
import { buildRoles, scanRbacMarkers, type RoleObject } from '../../src/rbac/index.js';
import { handKeptRoleConflict, parseProject, planCreateApi, planInit, ScaffoldInputError, type CreateApiOptions } from '../../src/scaffold/index.js';
import { Tree, VERSIONS } from './tree.js';

const project = (): Tree => new Tree().apply(planInit({ domain: 'example.com', dirName: 'acme', versions: VERSIONS }, new Tree().read));
const cronJob: CreateApiOptions = { group: 'batch', version: 'v1', kind: 'CronJob', namespaced: true, controller: true, versions: VERSIONS };
const cluster: CreateApiOptions = { group: 'fleet', version: 'v1alpha1', kind: 'Cluster', namespaced: false, controller: true, versions: VERSIONS };

describe('kubegen create api: the file set', () => {
  it.each([
    [
      'a kind with a controller',
      cronJob,
      [
        'PROJECT',
        'apis/batch/v1/cronjob_types.ts',
        'apis/batch/v1/doc.ts',
        'config/crd/kustomization.yaml',
        'config/rbac/kustomization.yaml',
        'config/samples/batch_v1_cronjob.yaml',
        'config/samples/kustomization.yaml',
        'src/controllers/cronjob_controller.ts',
        'src/controllers/index.ts',
        'test/controllers/cronjob_controller.test.ts',
      ],
    ],
    [
      'a kind alone',
      { ...cronJob, controller: false },
      ['PROJECT', 'apis/batch/v1/cronjob_types.ts', 'apis/batch/v1/doc.ts', 'config/crd/kustomization.yaml', 'config/samples/batch_v1_cronjob.yaml', 'config/samples/kustomization.yaml'],
    ],
  ])('%s', (_name, options, want) => {
    const plan = planCreateApi(options, project().read);
    expect(plan.conflicts).toEqual([]);
    expect(plan.write.map((f) => f.path)).toEqual(want);
  });

  it('writes the types with spec, status conditions, the list, and the markers of the scope', () => {
    const ns = project().apply(planCreateApi(cronJob, project().read)).get('apis/batch/v1/cronjob_types.ts');
    const cl = project().apply(planCreateApi(cluster, project().read)).get('apis/fleet/v1alpha1/cluster_types.ts');
    for (const [text, kind] of [[ns, 'CronJob'], [cl, 'Cluster']] as const) {
      expect(text).toContain(`export interface ${kind} extends TypeMeta {\n  metadata?: ObjectMeta;\n  spec: ${kind}Spec;\n  status?: ${kind}Status;\n}`);
      expect(text).toContain(`export interface ${kind}List extends TypeMeta {\n  metadata?: ListMeta;\n  items: ${kind}[];\n}`);
      expect(text).toMatch(/\+listType=map\n\s+\* \+listMapKey=type\n[\s\S]*conditions\?: Condition\[\];/);
      expect(text).toContain(' * +genclient\n');
      expect(text).toContain(' * +kubebuilder:subresource:status\n');
    }
    expect(ns).not.toMatch(/nonNamespaced|scope=Cluster/);
    expect(cl).toContain(' * +genclient:nonNamespaced\n * +kubebuilder:resource:scope=Cluster\n');
  });

  it('makes the first version of a kind its storage version, and serves later ones beside it', () => {
    const tree = project();
    tree.apply(planCreateApi(cronJob, tree.read));
    tree.apply(planCreateApi({ ...cronJob, version: 'v2', controller: false }, tree.read));
    expect(tree.get('apis/batch/v1/cronjob_types.ts')).toContain(' * +kubebuilder:storageversion\n');
    expect(tree.get('apis/batch/v2/cronjob_types.ts')).not.toContain('storageversion');
    expect(tree.get('apis/batch/v2/doc.ts')).toContain('+groupName=batch.example.com');
  });

  it('writes doc.ts with the group and a sample CR of the kind', () => {
    const tree = project().apply(planCreateApi(cronJob, project().read));
    expect(tree.get('apis/batch/v1/doc.ts')).toContain(' * +k8s:deepcopy-gen=package\n * +groupName=batch.example.com\n');
    expect(yaml.load(tree.get('config/samples/batch_v1_cronjob.yaml'))).toMatchObject({
      apiVersion: 'batch.example.com/v1',
      kind: 'CronJob',
      metadata: { name: 'cronjob-sample' },
      spec: { foo: 'example' },
    });
    expect(yaml.load(tree.get('config/samples/kustomization.yaml'))).toEqual({ resources: ['batch_v1_cronjob.yaml'] });
    expect(yaml.load(tree.get('config/crd/kustomization.yaml'))).toEqual({ resources: ['bases/batch.example.com_cronjobs.yaml'] });
    expect(parseProject(tree.get('PROJECT')).resources).toEqual([{ group: 'batch', version: 'v1', kind: 'CronJob', namespaced: true, controller: true }]);
  });

  it.each([
    ['namespaced', cronJob, ["this.informer.lister().cronJobs(namespace).get(name)", "const client = this.clientset.batchV1().cronJobs(copy.metadata?.namespace ?? '');"]],
    ['cluster-scoped', cluster, ['this.informer.lister().get(name)', 'const client = this.clientset.fleetV1alpha1().clusters();']],
  ])('a %s controller reads the lister, handles not-found, writes status conditions and requeues with rate limiting', (_name, options, calls) => {
    const n = options.kind.toLowerCase();
    const text = project().apply(planCreateApi(options, project().read)).get(`src/controllers/${n}_controller.ts`);
    for (const c of calls) expect(text).toContain(c);
    expect(text).toContain('if (obj === undefined) {');
    expect(text).toContain('await client.updateStatus(copy, {');
    expect(text).toContain('if (isNotFound(err)) return;');
    expect(text).toContain("setCondition(obj.status?.conditions ?? [], {\n      type: 'Ready',");
    expect(text).toContain('this.queue.addRateLimited(key);');
    expect(text).toContain('this.queue.forget(key);');
    expect(text).toContain('defaultControllerRateLimiter<string>()');
    expect(text).not.toMatch(/TODO|FIXME/);
  });

  it('registers controllers once each, sharing one clientset and informer factory', () => {
    const tree = project();
    tree.apply(planCreateApi(cronJob, tree.read));
    tree.apply(planCreateApi(cluster, tree.read));
    const index = tree.get('src/controllers/index.ts');
    const count = (s: string): number => index.split(s).length - 1;
    expect(count('const factory = newSharedInformerFactory(clientset, ctx.resync);')).toBe(1);
    expect(count('factory.start(signal);')).toBe(1);
    expect(count("import { newForTransport } from '../generated/clientset/versioned/clientset.js';")).toBe(1);
    expect(index).toContain(
      [
        '  controllers.push(',
        '    new CronJobController({',
        '      clientset,',
        '      informer: factory.batch().v1().cronJobs(),',
        "      onError: (key, err) => ctx.onError('CronJob', key, err),",
        '    }),',
        '  );',
        '  controllers.push(',
        '    new ClusterController({',
        '      clientset,',
        '      informer: factory.fleet().v1alpha1().clusters(),',
        "      onError: (key, err) => ctx.onError('Cluster', key, err),",
        '    }),',
        '  );',
        '  // +kubegen:scaffold:controllers',
      ].join('\n'),
    );
    // The factory is created before the controllers ask for informers, and started after.
    expect(index.indexOf('newSharedInformerFactory(clientset')).toBeLessThan(index.indexOf('controllers.push'));
    expect(index.lastIndexOf('controllers.push')).toBeLessThan(index.indexOf('factory.start(signal);'));
  });
});

describe('kubegen create api: RBAC from markers', () => {
  /** What `kubegen rbac src` makes of the tree's sources (the project's make manifests). */
  const roles = (tree: Tree): RoleObject[] =>
    buildRoles(
      [...tree.files].filter(([p]) => p.startsWith('src/')).flatMap(([p, text]) => {
        const r = scanRbacMarkers(p, text);
        expect(r.diagnostics).toEqual([]);
        return r.markers;
      }),
      'acme-manager-role',
    );

  it('puts the markers of the kind, its status and finalizers above the controller, and lists role.yaml once', () => {
    const tree = project();
    tree.apply(planCreateApi(cronJob, tree.read));
    expect(tree.get('src/controllers/cronjob_controller.ts')).toContain(
      [
        '// +kubebuilder:rbac:groups=batch.example.com,resources=cronjobs,verbs=get;list;watch;create;update;patch;delete',
        '// +kubebuilder:rbac:groups=batch.example.com,resources=cronjobs/status,verbs=get;update;patch',
        '// +kubebuilder:rbac:groups=batch.example.com,resources=cronjobs/finalizers,verbs=update',
        'export class CronJobController {',
      ].join('\n'),
    );
    tree.apply(planCreateApi(cluster, tree.read));
    expect(yaml.load(tree.get('config/rbac/kustomization.yaml'))).toEqual({
      resources: ['service_account.yaml', 'role_binding.yaml', 'leader_election_role.yaml', 'leader_election_role_binding.yaml', 'role.yaml'],
    });
    expect(tree.get('config/rbac/kustomization.yaml')).toMatch(/^# The controller's RBAC\./);
    expect(tree.files.has('config/rbac/role.yaml')).toBe(false);
  });

  it('gives the ClusterRole the role binding binds the rules of both controllers', () => {
    const tree = project();
    tree.apply(planCreateApi(cronJob, tree.read));
    tree.apply(planCreateApi(cluster, tree.read));
    tree.apply(planCreateApi({ ...cronJob, kind: 'Job', controller: false }, tree.read));
    const binding = yaml.load(tree.get('config/rbac/role_binding.yaml')) as { roleRef: { kind: string; name: string } };
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'acme-manager-role' });
    const crud = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
    expect(roles(tree)).toEqual([
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'acme-manager-role' },
        rules: [
          { apiGroups: ['batch.example.com'], resources: ['cronjobs'], verbs: crud },
          { apiGroups: ['batch.example.com'], resources: ['cronjobs/finalizers'], verbs: ['update'] },
          { apiGroups: ['batch.example.com'], resources: ['cronjobs/status'], verbs: ['get', 'patch', 'update'] },
          { apiGroups: ['fleet.example.com'], resources: ['clusters'], verbs: crud },
          { apiGroups: ['fleet.example.com'], resources: ['clusters/finalizers'], verbs: ['update'] },
          { apiGroups: ['fleet.example.com'], resources: ['clusters/status'], verbs: ['get', 'patch', 'update'] },
        ],
      },
    ]);
  });

  // The ClusterRole as kubegen init wrote and create api edited it before roles came from markers.
  const handKept = [
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: ClusterRole',
    'metadata:',
    '  name: acme-manager-role',
    'rules:',
    '  - apiGroups: [batch.example.com]',
    '    resources: [cronjobs]',
    '    verbs: [get, list, watch, create, update, patch, delete]',
    '',
  ].join('\n');

  it.each([
    ['a new controller with a hand-kept role', handKept, cluster, [handKeptRoleConflict('acme')]],
    ['a kind without a controller', handKept, { ...cluster, controller: false }, []],
    ['a new controller once the role is generated', `${GENERATED_HEADER_YAML}\n${handKept}`, cluster, []],
    ['a controller beside a role with a license above the header', `# Copyright Acme\n\n${GENERATED_HEADER_YAML}\n${handKept}`, cluster, []],
  ])('%s: conflicts %j', (_name, role, options, want) => {
    const tree = project();
    tree.files.set('config/rbac/role.yaml', role);
    const plan = planCreateApi(options, tree.read);
    expect(plan.conflicts).toEqual(want);
    if (want.length > 0) expect(plan.write).toEqual([]);
    expect(plan.write.map((f) => f.path)).not.toContain('config/rbac/role.yaml');
  });

  it('says how to move a hand-kept role to markers', () => {
    expect(handKeptRoleConflict('acme')).toBe(
      'config/rbac/role.yaml: kept by hand (an older kubegen init wrote it and create api added rules to it), while controllers now ' +
        'declare their RBAC with +kubebuilder:rbac markers and kubegen rbac generates this file; write each of its rules as a marker ' +
        "above the controller in src/ that needs it, delete the file once, have the Makefile's manifests target run " +
        '"$(KUBEGEN) rbac src --role-name acme-manager-role" (and verify the same with --verify), run make manifests, then run create api again',
    );
  });

  it('stays a no-op for a controller an older kubegen scaffolded beside its hand-kept role', () => {
    const tree = project();
    tree.apply(planCreateApi(cronJob, tree.read));
    tree.files.set('config/rbac/role.yaml', handKept);
    tree.files.set('src/controllers/cronjob_controller.ts', '// the controller as an older kubegen wrote it\n');
    const again = planCreateApi(cronJob, tree.read);
    expect(again.conflicts).toEqual([]);
    expect(again.write).toEqual([]);
  });
});

describe('kubegen create api: idempotent, never clobbers', () => {
  it('changes nothing when run again with the same arguments', () => {
    const tree = project();
    tree.apply(planCreateApi(cronJob, tree.read));
    const again = planCreateApi(cronJob, tree.read);
    expect(again.write).toEqual([]);
    expect(again.conflicts).toEqual([]);
    expect(again.kept).toEqual([]);
  });

  it("keeps the user's edits to the files it scaffolded for the same kind", () => {
    const tree = project();
    tree.apply(planCreateApi(cronJob, tree.read));
    tree.files.set('apis/batch/v1/cronjob_types.ts', tree.get('apis/batch/v1/cronjob_types.ts').replace('foo?: string;', 'schedule: string;'));
    tree.files.set('src/controllers/cronjob_controller.ts', '// my controller\n');
    const again = planCreateApi(cronJob, tree.read);
    expect(again.write).toEqual([]);
    expect(again.kept).toEqual(['apis/batch/v1/cronjob_types.ts', 'src/controllers/cronjob_controller.ts']);
  });

  it('adds a controller to a kind created without one', () => {
    const tree = project();
    tree.apply(planCreateApi({ ...cronJob, controller: false }, tree.read));
    const plan = planCreateApi(cronJob, tree.read);
    expect(plan.write.map((f) => f.path)).toEqual([
      'PROJECT',
      'config/rbac/kustomization.yaml',
      'src/controllers/cronjob_controller.ts',
      'src/controllers/index.ts',
      'test/controllers/cronjob_controller.test.ts',
    ]);
    tree.apply(plan);
    expect(planCreateApi({ ...cronJob, controller: false }, tree.read).write).toEqual([]);
  });

  it('recognises its registration after the file was reformatted', () => {
    const tree = project();
    tree.apply(planCreateApi(cronJob, tree.read));
    const index = tree.get('src/controllers/index.ts');
    // What a formatter with double quotes and a narrower print width would make of it.
    tree.files.set(
      'src/controllers/index.ts',
      index
        .replace(/'/g, '"')
        .replace('const factory = newSharedInformerFactory(clientset, ctx.resync);', 'const factory = newSharedInformerFactory(\n    clientset,\n    ctx.resync,\n  );'),
    );
    expect(planCreateApi(cronJob, tree.read).write).toEqual([]);
  });

  it('shares doc.ts between kinds of a version, even when the user edited it', () => {
    const tree = project();
    tree.apply(planCreateApi(cronJob, tree.read));
    tree.files.set('apis/batch/v1/doc.ts', `// Batch APIs.\n${tree.get('apis/batch/v1/doc.ts')}`);
    const job = planCreateApi({ ...cronJob, kind: 'Job' }, tree.read);
    expect(job.conflicts).toEqual([]);
    expect(job.kept).toEqual(['apis/batch/v1/doc.ts']);
    expect(job.write.map((f) => f.path)).toContain('apis/batch/v1/job_types.ts');
  });

  it.each([
    [
      "a file the user wrote",
      (t: Tree) => t.files.set('apis/batch/v1/cronjob_types.ts', 'export interface Mine {}\n'),
      cronJob,
      ['apis/batch/v1/cronjob_types.ts: already exists and was not scaffolded for CronJob; kubegen create api never overwrites your files: move it away, or choose another --kind'],
    ],
    [
      'a doc.ts of another group',
      (t: Tree) => t.files.set('apis/batch/v1/doc.ts', '/** +groupName=batch.other.io */\nexport {};\n'),
      cronJob,
      ['apis/batch/v1/doc.ts: declares +groupName=batch.other.io, not batch.example.com; choose another --group (or --version) for CronJob'],
    ],
    [
      'a scope change',
      (t: Tree) => t.apply(planCreateApi(cronJob, t.read)),
      { ...cronJob, namespaced: false },
      [
        'PROJECT: CronJob (batch.example.com/v1) was created namespaced; run again with the same scope, or change the markers in apis/batch/v1/cronjob_types.ts by hand (+genclient:nonNamespaced, +kubebuilder:resource:scope)',
      ],
    ],
    [
      'a second controller for a kind name',
      (t: Tree) => t.apply(planCreateApi(cronJob, t.read)),
      { ...cronJob, group: 'jobs' },
      ['src/controllers/cronjob_controller.ts: already the controller of CronJob (batch.example.com/v1); one controller per kind name: reconcile CronJob there, or run without --controller'],
    ],
    [
      'kinds that differ only in case',
      (t: Tree) => t.apply(planCreateApi(cronJob, t.read)),
      { ...cronJob, kind: 'Cronjob', controller: false },
      ['PROJECT: CronJob already lives in apis/batch/v1 and Cronjob would share its file names; choose another --kind'],
    ],
    [
      'removed scaffold markers',
      (t: Tree) => t.files.set('src/controllers/index.ts', t.get('src/controllers/index.ts').replace('  // +kubegen:scaffold:start\n', '')),
      cronJob,
      [
        'src/controllers/index.ts: the marker "// +kubegen:scaffold:start" is missing; put it back where runControllers sets up informers, controllers and starts the factory, and run again',
      ],
    ],
    [
      'a doc.ts without a group',
      (t: Tree) => t.files.set('apis/batch/v1/doc.ts', 'export {};\n'),
      cronJob,
      ['apis/batch/v1/doc.ts: exists without a +groupName= marker; add "+groupName=batch.example.com" to its package comment, or choose another --group'],
    ],
    [
      'a kustomization that is not a list',
      (t: Tree) => t.files.set('config/samples/kustomization.yaml', 'resources: oops\n'),
      cronJob,
      ['config/samples/kustomization.yaml: "resources" is not a list; make it a YAML list (resources: []) and run again'],
    ],
  ])('refuses %s, writing nothing', (_name, arrange, options, want) => {
    const tree = project();
    arrange(tree);
    const plan = planCreateApi(options, tree.read);
    expect(plan.conflicts).toEqual(want);
    expect(plan.write).toEqual([]);
  });

  it('restores a deleted kustomization', () => {
    const tree = project();
    tree.files.delete('config/crd/kustomization.yaml');
    const plan = planCreateApi(cronJob, tree.read);
    expect(plan.conflicts).toEqual([]);
    const written = plan.write.find((f) => f.path === 'config/crd/kustomization.yaml');
    expect(yaml.load(written!.content)).toEqual({ resources: ['bases/batch.example.com_cronjobs.yaml'] });
  });

  it('reports bad flags as input errors', () => {
    expect(() => planCreateApi({ ...cronJob, version: 'one' }, project().read)).toThrow(ScaffoldInputError);
    // Outside a project there is nothing to conflict with: an input error (the CLI's usage error).
    const none = project();
    none.files.delete('PROJECT');
    expect(() => planCreateApi(cronJob, none.read)).toThrow(
      new ScaffoldInputError('PROJECT: not found: run kubegen create api at the root of a project made by kubegen init (or start one: kubegen init --domain example.com)'),
    );
  });
});
