// Synthetic input trees for the generation benchmarks: `groups` groups × 2 versions × 5 kinds, each kind
// with ~25 fields spread over a spec, a status and two nested types, and a realistic mix of markers.
// Deterministic: the same arguments always write the same bytes.
//
//   node bench/synth.js <outDir> <groups>     writes <outDir>/apis/…
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const VERSIONS = ['v1', 'v1beta1'];
const KIND_WORDS = [
  'Gateway',
  'Pipeline',
  'Registry',
  'Tenant',
  'Policy',
  'Bucket',
  'Index',
  'Queue',
  'Router',
  'Proxy',
];
const KINDS_PER_VERSION = 5;

/** A small deterministic PRNG (mulberry32), so trees vary without depending on Math.random. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function groupName(g) {
  return `bench${g}.example.com`;
}

function kindName(g, k) {
  // Ten words, rotated per group, so plurals vary (-y → -ies, -x → -es, -s → -es, …).
  return `${KIND_WORDS[(g + k) % KIND_WORDS.length]}${k}`;
}

/** The source of one version's types.ts. */
function typesFile(g, v, rand) {
  const lines = [
    "import type { Condition, IntOrString, ListMeta, ObjectMeta, Quantity, Time, TypeMeta, float64, int32, int64 } from '@kubegen/runtime';",
    '',
  ];
  for (let k = 0; k < KINDS_PER_VERSION; k++) {
    const kind = kindName(g, k);
    const clusterScoped = k === 4;
    lines.push(
      '/**',
      ` * ${kind} is synthetic kind ${k} of group ${g}, version ${VERSIONS[v]}.`,
      ' *',
      ' * +genclient',
      ...(clusterScoped ? [' * +genclient:nonNamespaced'] : []),
      ...(v === 0 ? [' * +kubebuilder:storageversion'] : []),
      ' * +kubebuilder:subresource:status',
      ` * +kubebuilder:resource:shortName=b${g}k${k}${clusterScoped ? ',scope=Cluster' : ''}`,
      ' * +kubebuilder:printcolumn:name="Replicas",type=integer,JSONPath=`.spec.replicas`',
      ' * +kubebuilder:printcolumn:name="Phase",type=string,JSONPath=`.status.phase`',
      ' */',
      `export interface ${kind} extends TypeMeta {`,
      '  metadata?: ObjectMeta;',
      `  spec: ${kind}Spec;`,
      `  status?: ${kind}Status;`,
      '}',
      '',
      `/** ${kind}Spec is the desired state of a ${kind}. */`,
      `export interface ${kind}Spec {`,
      '  /**',
      '   * Replicas is the desired number of instances.',
      '   * +kubebuilder:validation:Minimum=0',
      `   * +kubebuilder:validation:Maximum=${100 + Math.floor(rand() * 900)}`,
      '   * +kubebuilder:default=1',
      '   */',
      '  replicas?: int32;',
      '  /**',
      '   * Image is the container image.',
      '   * +kubebuilder:validation:MinLength=1',
      '   * +kubebuilder:validation:MaxLength=255',
      '   */',
      '  image: string;',
      '  /** +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$` */',
      '  serviceAccountName?: string;',
      '  /** Mode of operation. */',
      "  mode?: 'Active' | 'Standby' | 'Maintenance';",
      '  paused?: boolean;',
      '  /** +kubebuilder:validation:Minimum=1 */',
      '  timeoutSeconds?: int64;',
      '  weight?: float64;',
      '  /**',
      '   * +listType=set',
      '   * +kubebuilder:validation:MaxItems=32',
      '   */',
      '  tags?: string[];',
      '  labels?: Record<string, string>;',
      '  cpu?: Quantity;',
      '  maxUnavailable?: IntOrString;',
      '  /**',
      '   * +listType=map',
      '   * +listMapKey=name',
      '   */',
      `  endpoints?: ${kind}Endpoint[];`,
      `  backoff?: ${kind}Backoff | null;`,
      '  /** +kubebuilder:validation:XValidation:rule="self.size() <= 64",message="too many args" */',
      '  args?: string[];',
      '  notes?: string;',
      '}',
      '',
      `/** ${kind}Endpoint is a named endpoint. */`,
      `export interface ${kind}Endpoint {`,
      '  /** +kubebuilder:validation:MaxLength=63 */',
      '  name: string;',
      '  /**',
      '   * +kubebuilder:validation:Minimum=1',
      '   * +kubebuilder:validation:Maximum=65535',
      '   */',
      '  port: int32;',
      "  protocol?: 'TCP' | 'UDP';",
      '  path?: string;',
      '}',
      '',
      `/** ${kind}Backoff says how retries are spaced. */`,
      `export interface ${kind}Backoff {`,
      '  initialSeconds?: int32;',
      '  maxSeconds?: int32;',
      '  factor?: float64;',
      '}',
      '',
      `/** ${kind}Status is the observed state of a ${kind}. */`,
      `export interface ${kind}Status {`,
      '  observedGeneration?: int64;',
      '  readyReplicas?: int32;',
      "  phase?: 'Pending' | 'Running' | 'Failed';",
      '  lastUpdated?: Time;',
      '  /**',
      '   * +listType=map',
      '   * +listMapKey=type',
      '   */',
      '  conditions?: Condition[];',
      '}',
      '',
      `/** ${kind}List is a list of ${kind} objects. */`,
      `export interface ${kind}List extends TypeMeta {`,
      '  metadata?: ListMeta;',
      `  items: ${kind}[];`,
      '}',
      '',
    );
  }
  return lines.join('\n');
}

function docFile(g, v) {
  return [
    '/**',
    ` * Package ${VERSIONS[v]} of synthetic group ${g}.`,
    ' *',
    ' * +k8s:deepcopy-gen=package',
    ` * +groupName=${groupName(g)}`,
    ' */',
    '',
  ].join('\n');
}

/**
 * Writes a synthetic tree of `groups` groups (10 kinds each: 5 per version, 2 versions) into
 * `<outDir>/apis`, replacing whatever was there. Returns the number of kinds written.
 */
export function writeSyntheticTree(outDir, groups) {
  const apis = join(outDir, 'apis');
  rmSync(outDir, { recursive: true, force: true });
  for (let g = 0; g < groups; g++) {
    for (let v = 0; v < VERSIONS.length; v++) {
      const dir = join(apis, `bench${g}`, VERSIONS[v]);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'doc.ts'), docFile(g, v));
      writeFileSync(join(dir, 'types.ts'), typesFile(g, v, rng(g * 2 + v + 1)));
    }
  }
  return groups * VERSIONS.length * KINDS_PER_VERSION;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [outDir, groupsArg] = process.argv.slice(2);
  if (!outDir || !groupsArg || !/^[1-9][0-9]*$/.test(groupsArg)) {
    console.error('usage: node bench/synth.js <outDir> <groups>');
    process.exit(2);
  }
  const kinds = writeSyntheticTree(outDir, Number(groupsArg));
  console.log(`wrote ${kinds} kinds into ${join(outDir, 'apis')}`);
}
