/**
 * Round-trip helpers: import CRD YAML, write the apis tree to a temp folder, regenerate the CRDs with the
 * pipeline, and compare original and regenerated CRDs after the normalisation documented in
 * docs/import.md ("What a round trip keeps").
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import yaml from 'js-yaml';
import { importCrds, type ImportInput, type ImportResult } from '../../src/import/index.js';
import { generateFiles, type PipelineResult } from '../../src/pipeline.js';
import { REPO_ROOT } from '../util/fixtures.js';

export const REAL_CRDS_DIR = join(REPO_ROOT, '..', 'shared', 'crds');

/** Every `*.yaml` file of ../shared/crds, as `[project/file, absolute path]`, sorted. */
export function realCrdFiles(): [string, string][] {
  const out: [string, string][] = [];
  let projects: string[];
  try {
    projects = readdirSync(REAL_CRDS_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
  for (const p of projects) {
    for (const f of readdirSync(join(REAL_CRDS_DIR, p)).filter((x) => x.endsWith('.yaml')).sort()) {
      out.push([`${p}/${f}`, join(REAL_CRDS_DIR, p, f)]);
    }
  }
  return out;
}

export function readInput(label: string, file: string): ImportInput {
  return { path: label, text: readFileSync(file, 'utf8') };
}

export interface RoundTrip {
  imported: ImportResult;
  generated?: PipelineResult;
  /** The temp folder (apis/, out/, crd/); removed by cleanup(). */
  dir: string;
  /** Written TypeScript files (absolute). */
  tsFiles: string[];
  /** Regenerated CRDs by `<group>/<kind>`. */
  crds: Map<string, Record<string, unknown>>;
  cleanup(): void;
}

/** import → write → generateFiles(generators) → parsed CRDs. */
export function roundTrip(inputs: ImportInput[], generators: string[] = ['crd', 'deepcopy', 'register', 'clientset']): RoundTrip {
  // Inside the repository, so `@kubegen/runtime` resolves (and the files are ES modules) when type-checked.
  const scratch = join(REPO_ROOT, 'test', 'tmp');
  mkdirSync(scratch, { recursive: true });
  const dir = mkdtempSync(join(scratch, 'import-'));
  const imported = importCrds(inputs);
  const tsFiles: string[] = [];
  const crds = new Map<string, Record<string, unknown>>();
  const rt: RoundTrip = { imported, dir, tsFiles, crds, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  if (!imported.ok) return rt;
  const apis = join(dir, 'apis');
  for (const f of imported.files) {
    const p = join(apis, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.content);
    tsFiles.push(p);
  }
  const generated = generateFiles({ inputDir: apis, outputDir: join(dir, 'out'), crdOutputDir: join(dir, 'crd'), generators });
  rt.generated = generated;
  for (const f of generated.files) {
    const p = join(dir, f.root === 'apis' ? 'apis' : f.root === 'crd' ? 'crd' : 'out', f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.content);
    if (f.root === 'crd') {
      const crd = yaml.load(f.content) as Record<string, unknown>;
      const spec = crd['spec'] as { group: string; names: { kind: string } };
      crds.set(`${spec.group}/${spec.names.kind}`, crd);
    } else if (f.path.endsWith('.ts')) {
      tsFiles.push(p);
    }
  }
  return rt;
}

/** Every CustomResourceDefinition document of a YAML text. */
export function crdDocuments(text: string): Record<string, unknown>[] {
  return yaml
    .loadAll(text)
    .filter((d): d is Record<string, unknown> => d !== null && typeof d === 'object' && (d as { kind?: unknown }).kind === 'CustomResourceDefinition');
}

const STANDARD_ROOT: Record<string, unknown> = {
  apiVersion: { type: 'string' },
  kind: { type: 'string' },
  metadata: { type: 'object' },
};

/**
 * The comparable part of a CRD: `spec` (group, names, scope, versions with served, storage, deprecation,
 * subresources, printer columns, selectable fields and schema), normalised:
 * - descriptions: whitespace runs collapsed to one space and trimmed (descriptions may be reflowed);
 * - defaults the apiserver applies: names.singular (lower-case kind), names.listKind (<Kind>List),
 *   printer column priority 0, served/storage of a lone version; keywords set to their default value
 *   (`false` for nullable, exclusiveMinimum/Maximum and the x-kubernetes flags);
 * - the int-or-string anyOf form ([{type: integer}, {type: string}]), which the apiserver implies;
 * - the root apiVersion, kind and metadata, which every CRD has implicitly (the apiserver validates
 *   them itself): compared as `type: string` / `type: object`, and only when the original declares them;
 *   `metadata` in the root's `required` is dropped (kubegen never requires the root metadata: every
 *   stored object has it, so the entry has no effect).
 * `spec.conversion` and `preserveUnknownFields: false` are left out (not expressed by markers).
 */
export function normaliseCrd(crd: Record<string, unknown>, original?: Record<string, unknown>): Record<string, unknown> {
  const rootKeys = original ? rootKeysOf(original) : undefined;
  const spec = structuredClone(crd['spec']) as Record<string, unknown>;
  const names = spec['names'] as Record<string, unknown>;
  const kind = names['kind'] as string;
  names['singular'] ??= kind.toLowerCase();
  names['listKind'] ??= `${kind}List`;
  delete spec['conversion'];
  if (spec['preserveUnknownFields'] === false) delete spec['preserveUnknownFields'];
  const versions = spec['versions'] as Record<string, unknown>[];
  for (const v of versions) {
    const cols = v['additionalPrinterColumns'] as Record<string, unknown>[] | undefined;
    for (const c of cols ?? []) if (c['priority'] === 0) delete c['priority'];
    if (v['deprecated'] === false) delete v['deprecated'];
    const schema = (v['schema'] as Record<string, unknown>)['openAPIV3Schema'] as Record<string, unknown>;
    const props = (schema['properties'] ??= {}) as Record<string, unknown>;
    for (const [k, want] of Object.entries(STANDARD_ROOT)) {
      if (rootKeys && !rootKeys.get(v['name'] as string)?.has(k)) delete props[k];
      else if (props[k] !== undefined) props[k] = want;
    }
    const req = schema['required'] as string[] | undefined;
    if (req) {
      const rest = req.filter((r) => r !== 'metadata');
      if (rest.length > 0) schema['required'] = rest;
      else delete schema['required'];
    }
    normaliseSchema(schema);
  }
  return spec;
}

function normaliseSchema(s: unknown): void {
  if (Array.isArray(s)) {
    s.forEach(normaliseSchema);
    return;
  }
  if (s === null || typeof s !== 'object') return;
  const o = s as Record<string, unknown>;
  if (typeof o['description'] === 'string') {
    const d = o['description'].replace(/\s+/g, ' ').trim();
    if (d === '') delete o['description'];
    else o['description'] = d;
  }
  for (const k of ['nullable', 'exclusiveMinimum', 'exclusiveMaximum', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource', 'x-kubernetes-int-or-string']) {
    if (o[k] === false) delete o[k];
  }
  if (o['x-kubernetes-int-or-string'] === true) delete o['anyOf'];
  for (const k of ['properties', 'items', 'additionalProperties']) {
    const x = o[k];
    if (k === 'properties' && x && typeof x === 'object') for (const v of Object.values(x)) normaliseSchema(v);
    else normaliseSchema(x);
  }
}

/** The root property names of each version's schema of an original CRD, by version name. */
function rootKeysOf(crd: Record<string, unknown>): Map<string, Set<string>> {
  const keys = new Map<string, Set<string>>();
  for (const v of (crd['spec'] as { versions: { name: string; schema: { openAPIV3Schema: { properties?: Record<string, unknown> } } }[] }).versions) {
    keys.set(v.name, new Set(Object.keys(v.schema.openAPIV3Schema.properties ?? {})));
  }
  return keys;
}
