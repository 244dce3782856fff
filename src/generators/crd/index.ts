/**
 * The `crd` generator: one apiextensions.k8s.io/v1 CustomResourceDefinition per group and kind, written to
 * the `crd` output root as `<group>_<plural>.yaml`. Pure: model in, files and diagnostics out. A CRD the
 * apiserver would refuse is not written; its problems are error diagnostics instead.
 */
import { DiagnosticBag, type Diagnostic } from '../../diagnostics.js';
import { CRD_MARKERS } from '../../markers/defs/crd.js';
import type { ApiModel } from '../../model/types.js';
import type { GeneratedFile, Generator, GeneratorOptions, GeneratorResult, OutputRoot } from '../types.js';
import { buildCrds, type BuiltCrd } from './crd.js';
import { renderManifest } from './yaml.js';

export { buildCrds, VERSION_ANNOTATION, type BuiltCrd, type CrdBuildOptions } from './crd.js';
export { SchemaBuilder, isFieldRequired } from './schema.js';
export { checkCrd, APPROVAL_ANNOTATION, type CrdPositions } from './rules.js';
export { SCHEMA_APPLIERS, applierFor, applyMarkers } from './apply.js';
export { renderManifest, dumpYaml, yamlBoilerplate } from './yaml.js';
export type {
  CustomResourceDefinition,
  CustomResourceDefinitionVersion,
  JSONSchemaProps,
  ValidationRule,
} from './schema-types.js';

const FILE_RE = /^[a-z0-9.-]+_[a-z0-9-]+\.yaml$/;

/** Drops exact duplicates (a type used by several kinds reports its problems once). */
function dedupe(ds: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of ds) {
    const k = `${d.severity}|${d.pos.file}|${d.pos.line}|${d.pos.col}|${d.code}|${d.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(d);
  }
  return out;
}

const builtByModel = new WeakMap<ApiModel, Map<string, { crds: readonly BuiltCrd[]; diagnostics: readonly Diagnostic[] }>>();

/**
 * `buildCrds` with the generator options, once per model: the CRD generator and the fake clientset's
 * merge schemas of one run share the built schemas (read-only) instead of building them twice.
 */
export function buildCrdsFor(model: ApiModel, options: Pick<GeneratorOptions, 'version' | 'maxDescLen'>): { crds: readonly BuiltCrd[]; diagnostics: readonly Diagnostic[] } {
  const key = `${options.version}|${options.maxDescLen ?? ''}`;
  let byOptions = builtByModel.get(model);
  if (!byOptions) {
    byOptions = new Map();
    builtByModel.set(model, byOptions);
  }
  let built = byOptions.get(key);
  if (!built) {
    const bag = new DiagnosticBag();
    const opts = options.maxDescLen === undefined ? { version: options.version } : { version: options.version, maxDescLen: options.maxDescLen };
    built = { crds: buildCrds(model, opts, bag), diagnostics: bag.items };
    byOptions.set(key, built);
  }
  return built;
}

/** Generates the CRD manifests of a model. */
export function generateCrds(model: ApiModel, options: GeneratorOptions): GeneratorResult {
  const { crds, diagnostics } = buildCrdsFor(model, options);
  const files: GeneratedFile[] = [];
  for (const b of crds) {
    if (!b.ok) continue;
    files.push({
      root: 'crd',
      path: b.path,
      content: renderManifest(b.crd, options.boilerplate),
    });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, diagnostics: dedupe(diagnostics) };
}

export const crdGenerator: Generator = {
  name: 'crd',
  description:
    'CustomResourceDefinition manifests (apiextensions.k8s.io/v1, structural schemas) into the CRD output directory',
  markers: CRD_MARKERS,
  defaultEnabled: true,
  owns(root: OutputRoot, path: string): boolean {
    return root === 'crd' && FILE_RE.test(path);
  },
  generate: generateCrds,
};
