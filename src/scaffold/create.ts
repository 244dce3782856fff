/**
 * `kubegen create api`: a new kind in a kubegen project — `apis/<group>/<version>/doc.ts` and
 * `<kind>_types.ts`, a sample custom resource, and with `--controller` a controller with a real
 * reconcile loop, its tests, its RBAC rules and its registration in src/controllers/index.ts.
 *
 * Idempotent: a second run with the same arguments finds every file as it would write it (or as the
 * user has since edited it: a resource recorded in PROJECT owns its files) and changes nothing. A file
 * that exists but was not scaffolded for this resource is never overwritten: the plan reports a
 * conflict and nothing is written.
 */
import { addRbacRules, addToYamlList, insertAtMarkers, markerLine, type Insertion } from './edit.js';
import { projectView, renderInitFile, type ProjectView } from './init.js';
import { checkResourceArgs, resourceNames, type ResourceNames } from './names.js';
import { emptyPlan, finishPlan, planFile } from './plan.js';
import { PROJECT_FILE, parseProject, renderProject, type ProjectConfig, type ProjectResource } from './project.js';
import { render } from './render.js';
import { ScaffoldInputError, type ReadTree, type ScaffoldPlan, type ToolVersions } from './types.js';

export interface CreateApiOptions {
  group: string;
  version: string;
  kind: string;
  /** Default true; false makes a cluster-scoped kind. */
  namespaced: boolean;
  /** Also scaffold a controller (and register it). */
  controller: boolean;
  versions: ToolVersions;
}

export const CONTROLLERS_INDEX = 'src/controllers/index.ts';
export const RBAC_ROLE = 'config/rbac/role.yaml';
export const CRD_KUSTOMIZATION = 'config/crd/kustomization.yaml';
export const SAMPLES_KUSTOMIZATION = 'config/samples/kustomization.yaml';

const MISSING_PROJECT =
  `${PROJECT_FILE}: not found: run kubegen create api at the root of a project made by kubegen init ` +
  '(or start one: kubegen init --domain example.com)';

/** The view the api templates print. */
interface ApiView extends ResourceNames, ProjectView {
  typesModule: string;
  deepcopyModule: string;
  /** The first version of a kind is its storage version; later ones are served beside it. */
  storageVersion: boolean;
}

/** The text of `// +groupName=` in a doc.ts, if any. */
function declaredGroup(text: string): string | undefined {
  const m = /^\s*(?:\/\*\*?|\*|\/\/)?\s*\+groupName=([^\s*]*)/m.exec(text);
  return m ? m[1] : undefined;
}

/**
 * The lines `create api --controller` inserts into src/controllers/index.ts, formatted as Prettier
 * formats them; each is recognised by a key that survives reformatting (quotes, wrapping).
 */
export function controllerRegistration(n: ResourceNames): Insertion[] {
  const clientset = 'generated/clientset/versioned/clientset.js';
  const factory = 'generated/informers/externalversions/factory.js';
  const controller = `./${n.controllerModule}.js`;
  return [
    { marker: 'imports', key: clientset, lines: [`import { newForTransport } from '../${clientset}';`] },
    { marker: 'imports', key: factory, lines: [`import { newSharedInformerFactory } from '../${factory}';`] },
    { marker: 'imports', key: controller, lines: [`import { ${n.controllerClass} } from '${controller}';`] },
    {
      marker: 'informers',
      key: 'newSharedInformerFactory(',
      lines: [
        'const clientset = newForTransport(ctx.transport);',
        'const factory = newSharedInformerFactory(clientset, ctx.resync);',
        'shutdown.push(() => factory.shutdown());',
      ],
    },
    {
      marker: 'controllers',
      key: `new ${n.controllerClass}(`,
      lines: [
        'controllers.push(',
        `  new ${n.controllerClass}({`,
        '    clientset,',
        `    informer: factory.${n.groupAccessor}().${n.versionAccessor}().${n.accessor}(),`,
        `    onError: (key, err) => ctx.onError('${n.kind}', key, err),`,
        '  }),',
        ');',
      ],
    },
    { marker: 'start', key: 'factory.start(', lines: ['factory.start(signal);'] },
  ];
}

/** The RBAC rules a controller of `n` needs. */
export function controllerRules(n: ResourceNames): { apiGroups: string[]; resources: string[]; verbs: string[] }[] {
  return [
    { apiGroups: [n.groupName], resources: [n.resource], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
    { apiGroups: [n.groupName], resources: [`${n.resource}/status`], verbs: ['get', 'update', 'patch'] },
    { apiGroups: [n.groupName], resources: [`${n.resource}/finalizers`], verbs: ['update'] },
  ];
}

export function planCreateApi(options: CreateApiOptions, read: ReadTree): ScaffoldPlan {
  const plan = emptyPlan();
  const projectText = read(PROJECT_FILE);
  // Not a conflict with a file of the project: there is no project. The CLI reports it as a usage error.
  if (projectText === undefined) throw new ScaffoldInputError(MISSING_PROJECT);
  let project: ProjectConfig;
  try {
    project = parseProject(projectText);
  } catch (e) {
    plan.conflicts.push((e as Error).message);
    return plan;
  }
  const args = { group: options.group, version: options.version, kind: options.kind, domain: project.domain, namespaced: options.namespaced };
  checkResourceArgs(args);
  const n = resourceNames(args);
  const pv = projectView(project, options.versions);
  const view: ApiView = {
    ...pv,
    ...n,
    typesModule: n.typesFile.replace(/\.ts$/, '.js'),
    deepcopyModule: `${n.apiDir}/zz_generated.deepcopy.js`,
    storageVersion: !project.resources.some((r) => r.group === n.group && r.kind === n.kind && r.version !== n.version),
  };

  // What PROJECT already says about this kind, and kinds it would collide with.
  const recorded = project.resources.find((r) => r.group === n.group && r.version === n.version && r.kind === n.kind);
  const scope = (ns: boolean): string => (ns ? 'namespaced' : 'cluster-scoped (--namespaced=false)');
  if (recorded && recorded.namespaced !== n.namespaced) {
    plan.conflicts.push(
      `${PROJECT_FILE}: ${n.kind} (${n.groupName}/${n.version}) was created ${scope(recorded.namespaced)}; run again with the same scope, or change the markers in ${n.typesFile} by hand (+genclient:nonNamespaced, +kubebuilder:resource:scope)`,
    );
  }
  for (const r of project.resources) {
    if (r === recorded) continue;
    if (r.group === n.group && r.version === n.version && r.kind.toLowerCase() === n.kindLower) {
      plan.conflicts.push(`${PROJECT_FILE}: ${r.kind} already lives in ${n.apiDir} and ${n.kind} would share its file names; choose another --kind`);
    }
    if (options.controller && r.controller && r.kind.toLowerCase() === n.kindLower) {
      plan.conflicts.push(
        `${n.controllerFile}: already the controller of ${r.kind} (${r.group}.${project.domain}/${r.version}); one controller per kind name: reconcile ${n.kind} there, or run without --controller`,
      );
    }
  }
  if (plan.conflicts.length > 0) return plan;

  const ownsApiFiles = recorded !== undefined;
  const ownsControllerFiles = recorded?.controller === true;
  const yours = (what: string) => () => ({
    conflict: `already exists and was not scaffolded for ${n.kind}; kubegen create api never overwrites your files: move it away, or ${what}`,
  });
  const keepOr = (owned: boolean, what: string) => (owned ? () => ({ keep: true as const }) : yours(what));

  // apis/<group>/<version>: doc.ts is shared by every kind of the version.
  planFile(plan, read, { path: n.docFile, content: render('api/doc.ts', view) }, (existing) => {
    const declared = declaredGroup(existing);
    if (declared === n.groupName) return { keep: true };
    return {
      conflict:
        declared === undefined
          ? `exists without a +groupName= marker; add "+groupName=${n.groupName}" to its package comment, or choose another --group`
          : `declares +groupName=${declared}, not ${n.groupName}; choose another --group (or --version) for ${n.kind}`,
    };
  });
  planFile(plan, read, { path: n.typesFile, content: render('api/types.ts', view) }, keepOr(ownsApiFiles, 'choose another --kind'));
  planFile(plan, read, { path: n.sampleFile, content: render('api/sample.yaml', view) }, keepOr(ownsApiFiles, 'delete it to get the sample'));

  /** Changes a file others edit too; `fallback` supplies the text when it is missing (undefined: a conflict). */
  const edit = (path: string, fallback: () => string | undefined, change: (text: string) => string): void => {
    const existing = read(path);
    const current = existing ?? fallback();
    if (current === undefined) {
      plan.conflicts.push(`${path}: not found; restore it from version control (kubegen init wrote it) and run again`);
      return;
    }
    let next: string;
    try {
      next = change(current);
    } catch (e) {
      plan.conflicts.push((e as Error).message);
      return;
    }
    if (existing !== undefined && next === existing) plan.unchanged.push(path);
    else plan.write.push({ path, content: next, ...(existing !== undefined ? { update: true as const } : {}) });
  };
  const initFile = (path: string) => () => renderInitFile(path, pv).content;

  edit(CRD_KUSTOMIZATION, initFile(CRD_KUSTOMIZATION), (t) => addToYamlList(CRD_KUSTOMIZATION, t, 'resources', [n.crdResource]));
  edit(SAMPLES_KUSTOMIZATION, initFile(SAMPLES_KUSTOMIZATION), (t) =>
    addToYamlList(SAMPLES_KUSTOMIZATION, t, 'resources', [n.sampleFile.slice('config/samples/'.length)]),
  );

  if (options.controller) {
    planFile(plan, read, { path: n.controllerFile, content: render('api/controller.ts', view) }, keepOr(ownsControllerFiles, 'run without --controller'));
    planFile(plan, read, { path: n.controllerTestFile, content: render('api/controller.test.ts', view) }, keepOr(ownsControllerFiles, 'run without --controller'));
    planFile(plan, read, renderInitFile('src/controllers/conditions.ts', pv), () => ({ keep: true }));
    planFile(plan, read, renderInitFile('test/support.ts', pv), () => ({ keep: true }));
    edit(RBAC_ROLE, initFile(RBAC_ROLE), (t) => addRbacRules(RBAC_ROLE, t, controllerRules(n)));
    edit(
      CONTROLLERS_INDEX,
      () => undefined,
      (t) => {
        const { text, missing } = insertAtMarkers(t, controllerRegistration(n));
        if (missing.length > 0) {
          throw new Error(
            `${CONTROLLERS_INDEX}: the marker${missing.length === 1 ? '' : 's'} ${missing.map((m) => `"${markerLine(m)}"`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing; put ${missing.length === 1 ? 'it' : 'them'} back where runControllers sets up informers, controllers and starts the factory, and run again`,
          );
        }
        return text;
      },
    );
  }

  // Record the resource last: PROJECT changes only when something about the resource is new.
  const next: ProjectResource = { group: n.group, version: n.version, kind: n.kind, namespaced: n.namespaced, controller: options.controller || recorded?.controller === true };
  const resources = recorded ? project.resources.map((r) => (r === recorded ? next : r)) : [...project.resources, next];
  if (recorded && recorded.controller === next.controller) plan.unchanged.push(PROJECT_FILE);
  else edit(PROJECT_FILE, () => undefined, () => renderProject({ ...project, resources }));

  if (plan.conflicts.length > 0) return { ...emptyPlan(), conflicts: plan.conflicts };
  return finishPlan(plan);
}

