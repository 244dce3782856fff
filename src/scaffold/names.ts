/**
 * Every name a scaffold derives from a project and a resource, in one place, using the model's naming
 * rules (src/model/naming.ts) so the scaffold calls exactly the accessors the generators emit.
 */
import {
  groupGoName,
  isDns1035Label,
  isDns1123Label,
  isDns1123Subdomain,
  isVersionName,
  kindFileName,
  lowerCamel,
  pluralize,
  resourcePlural,
  versionAccessor,
} from '../model/naming.js';
import { ScaffoldInputError } from './types.js';

/** Checks `--domain`: a DNS-1123 subdomain with at least one dot (`example.com`). */
export function checkDomain(domain: string): void {
  if (!isDns1123Subdomain(domain) || !domain.includes('.')) {
    throw new ScaffoldInputError(
      `--domain ${JSON.stringify(domain)} is not a DNS domain: API groups are <group>.<domain>, so give lower-case DNS labels joined by dots, e.g. --domain example.com`,
    );
  }
}

const NPM_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

/** Checks `--repo` (the npm package name): lower case, URL-safe, optionally scoped, ≤ 214 characters. */
export function checkPackageName(name: string): void {
  if (name.length > 214 || !NPM_NAME.test(name)) {
    throw new ScaffoldInputError(
      `--repo ${JSON.stringify(name)} is not a valid npm package name: use lower-case letters, digits, '-', '.', '_' (optionally @scope/name), e.g. --repo my-operator`,
    );
  }
}

/**
 * The project's short name for Kubernetes objects (service account, roles, lease, namespace): the
 * package name without its scope, as a DNS-1123 label.
 */
export function projectNameOf(packageName: string): string {
  const base = packageName.replace(/^@[^/]+\//, '');
  const label = base
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return label === '' ? 'operator' : /^[0-9]/.test(label) ? `op-${label}` : label;
}

/** The default package name for a project folder (its base name, made valid). */
export function packageNameForDir(dirBase: string): string {
  const name = dirBase
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[-._~]+|-+$/g, '');
  return name === '' ? 'operator' : name;
}

export interface ResourceArgs {
  /** The group's first label, also its folder under apis/ (`batch`). */
  group: string;
  version: string;
  kind: string;
  /** The project's domain: the API group is `<group>.<domain>`. */
  domain: string;
  namespaced: boolean;
}

/** Validates `create api` flags; throws ScaffoldInputError with the fix. */
export function checkResourceArgs(args: ResourceArgs): void {
  if (!isDns1123Label(args.group)) {
    const hint = args.group.includes('.')
      ? ` (give only the group's first label: the domain ${args.domain} is appended, so --group ${args.group.split('.')[0]} makes ${args.group.split('.')[0]}.${args.domain})`
      : ', e.g. --group batch';
    throw new ScaffoldInputError(`--group ${JSON.stringify(args.group)} must be a lower-case DNS label${hint}`);
  }
  if (!isDns1123Subdomain(`${args.group}.${args.domain}`)) {
    throw new ScaffoldInputError(`the API group ${args.group}.${args.domain} is longer than 253 characters: choose a shorter --group`);
  }
  if (!isVersionName(args.version)) {
    throw new ScaffoldInputError(`--version ${JSON.stringify(args.version)} is not a Kubernetes API version: use v1, v1beta1, v2alpha1, …`);
  }
  if (!/^[A-Z][A-Za-z0-9]*$/.test(args.kind)) {
    throw new ScaffoldInputError(`--kind ${JSON.stringify(args.kind)} must be an UpperCamelCase identifier (letters and digits, starting upper case), e.g. --kind CronJob`);
  }
  if (!isDns1035Label(resourcePlural(args.kind))) {
    throw new ScaffoldInputError(`--kind ${args.kind}: its resource name ${resourcePlural(args.kind)} must be at most 63 characters; choose a shorter kind`);
  }
  if (/List$/.test(args.kind)) {
    throw new ScaffoldInputError(`--kind ${args.kind} ends in "List", which names the list type of ${args.kind.slice(0, -4) || 'a kind'}; choose another kind name`);
  }
}

/** Names of one resource, as the scaffold templates print them. */
export interface ResourceNames {
  group: string;
  groupName: string;
  version: string;
  kind: string;
  /** `cronjob`: file names. */
  kindLower: string;
  /** `CronJobs` */
  plural: string;
  /** `cronjobs`: the REST resource. */
  resource: string;
  /** `cronJobs`: the clientset / lister / informer accessor. */
  accessor: string;
  /** `batch`: `factory.batch()` */
  groupAccessor: string;
  /** `v1`: `factory.batch().v1()` */
  versionAccessor: string;
  /** `batchV1`: `clientset.batchV1()` */
  clientAccessor: string;
  namespaced: boolean;
  /** `apis/batch/v1` */
  apiDir: string;
  typesFile: string;
  docFile: string;
  /** `config/samples/batch_v1_cronjob.yaml` */
  sampleFile: string;
  /** Relative to config/crd: `bases/batch.example.com_cronjobs.yaml` */
  crdResource: string;
  /** `src/controllers/cronjob_controller.ts` */
  controllerFile: string;
  controllerTestFile: string;
  /** `CronJobController` */
  controllerClass: string;
  /** `cronjob_controller` (module name, without extension) */
  controllerModule: string;
  /** `cronjob-sample` */
  sampleName: string;
  /** `CRONJOB_FIELD_MANAGER` */
  fieldManagerConst: string;
}

export function resourceNames(args: ResourceArgs): ResourceNames {
  const groupName = `${args.group}.${args.domain}`;
  const kindLower = kindFileName(args.kind);
  const plural = pluralize(args.kind);
  const groupAccessor = groupGoName(groupName);
  const apiDir = `apis/${args.group}/${args.version}`;
  return {
    group: args.group,
    groupName,
    version: args.version,
    kind: args.kind,
    kindLower,
    plural,
    resource: resourcePlural(args.kind),
    accessor: lowerCamel(plural),
    groupAccessor,
    versionAccessor: lowerCamel(args.version),
    clientAccessor: versionAccessor(groupAccessor, args.version),
    namespaced: args.namespaced,
    apiDir,
    typesFile: `${apiDir}/${kindLower}_types.ts`,
    docFile: `${apiDir}/doc.ts`,
    sampleFile: `config/samples/${args.group}_${args.version}_${kindLower}.yaml`,
    crdResource: `bases/${groupName}_${resourcePlural(args.kind)}.yaml`,
    controllerFile: `src/controllers/${kindLower}_controller.ts`,
    controllerTestFile: `test/controllers/${kindLower}_controller.test.ts`,
    controllerClass: `${args.kind}Controller`,
    controllerModule: `${kindLower}_controller`,
    sampleName: `${kindLower}-sample`,
    fieldManagerConst: `${args.kind.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}_FIELD_MANAGER`,
  };
}
