/**
 * The one orchestrator: parse → model → validate → selected generators → sink. The CLI, the tests and
 * the benchmarks all go through here.
 */
import { relative, resolve, sep } from 'node:path';
import { sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { kubegenVersion, UsageError } from './config.js';
import { GENERATORS } from './generators/index.js';
import { selectGenerators } from './generators/select.js';
import { writeContext } from './pipeline-context.js';
import { GENERATED_HEADER, GENERATED_HEADER_YAML, type Generator, type GeneratorOptions, type OutputRoot } from './generators/types.js';
import type { ApiModel } from './model/types.js';
import { hasGeneratedHeader } from './output/header.js';
import { unsafePathReason } from './output/plan.js';
import type { OutputFile, Sink, SinkReport, WriteContext } from './output/types.js';
import { loadModel, type LoadModelOptions, type LoadModelResult } from './parse/index.js';

export interface PipelineConfig {
  /** Input tree (`apis/`); also the `apis` output root (deepcopy/register are written beside the types). */
  inputDir: string;
  /** The `output` root (clientset, listers, informers, …); '' when not configured. */
  outputDir: string;
  /** The `crd` root; '' when not configured. */
  crdOutputDir: string;
  /** Generator names; undefined or empty: every generator with `defaultEnabled`. `all`: every generator. */
  generators?: string[];
  /** Kind → plural (case kept). */
  pluralExceptions?: Readonly<Record<string, string>>;
  /** Module specifier generated code imports the runtime from. Default `@kubegen/runtime`. */
  runtimeImport?: string;
  /** Prepended to every generated TypeScript file, `YEAR` already replaced. Must consist of comments. */
  boilerplate?: string;
  /** Extension of relative imports in generated code. Default `.js`. */
  importExtension?: '.js' | '';
  /** Maximum description length in CRD schemas. */
  maxDescLen?: number;
}

/** Injection points for tests and embedders (all optional; the defaults are the real ones). */
export interface PipelineDeps {
  /** The generators to choose from. Default: `GENERATORS`. */
  generators?: readonly Generator[];
  loadModel?: (opts: LoadModelOptions) => LoadModelResult;
  /** kubegen version passed to generators. Default: package.json's. */
  version?: string;
}

export interface PipelineResult {
  model?: ApiModel;
  /** Every generated file, tagged with its generator, in generator order then as each generator returned them. */
  files: OutputFile[];
  /** Parser, model and generator diagnostics, sorted by position. */
  diagnostics: Diagnostic[];
  /** No error diagnostics. */
  ok: boolean;
  /** (Addition.) The generators that ran, in order. */
  generators: readonly Generator[];
}

export interface RunResult extends PipelineResult {
  /** What the sink did; undefined when generation failed (then the sink was not called: no file touched). */
  report?: SinkReport;
}

export { ALL_GENERATORS, selectGenerators } from './generators/select.js';
export { writeContext } from './pipeline-context.js';

const BOILERPLATE_EXTENSIONS = /\.(ts|mts|cts|tsx|js|mjs|cjs)$/;

/** Checks that a boilerplate is only comments (so the generated header still opens the file). */
export function checkBoilerplate(boilerplate: string): void {
  if (boilerplate.trim() === '') return;
  if (!hasGeneratedHeader(`${boilerplate.trimEnd()}\n${GENERATED_HEADER}\n`)) {
    throw new UsageError('the boilerplate must consist only of comments (// or /* */ lines), since it is prepended to generated TypeScript files');
  }
}

/** Prepends the boilerplate to a TypeScript file (once; a generator may already have done it). */
function withBoilerplate(path: string, content: string, boilerplate: string): string {
  if (boilerplate === '' || !BOILERPLATE_EXTENSIONS.test(path) || content.startsWith(boilerplate)) return content;
  return `${boilerplate}\n${content}`;
}

/** The apis root as seen from the output root (forward slashes), for imports of API types. */
function apisFromOutput(config: PipelineConfig): string {
  const rel = relative(resolve(config.outputDir ?? '.'), resolve(config.inputDir)).split(sep).join('/');
  return rel === '' ? '.' : rel;
}

/** Generates every file in memory. Pure apart from reading the input tree; writes nothing. */
export function generateFiles(config: PipelineConfig, deps: PipelineDeps = {}): PipelineResult {
  const selected = selectGenerators(deps.generators ?? GENERATORS, config.generators);
  const boilerplate = config.boilerplate === undefined || config.boilerplate.trim() === '' ? '' : `${config.boilerplate.trimEnd()}\n`;
  checkBoilerplate(boilerplate);
  const load = deps.loadModel ?? loadModel;
  const loaded = load({
    inputDir: config.inputDir,
    ...(config.pluralExceptions ? { pluralExceptions: config.pluralExceptions } : {}),
    ...(config.runtimeImport ? { runtimeImport: config.runtimeImport } : {}),
  });
  const diagnostics = [...loaded.diagnostics];
  const files: OutputFile[] = [];
  const model = loaded.model;
  if (model && !diagnostics.some((d) => d.severity === 'error')) {
    const options: GeneratorOptions = {
      runtimeImport: config.runtimeImport ?? '@kubegen/runtime',
      boilerplate,
      importExtension: config.importExtension ?? '.js',
      version: deps.version ?? kubegenVersion(),
      ...(config.maxDescLen !== undefined ? { maxDescLen: config.maxDescLen } : {}),
      apisFromOutput: apisFromOutput(config),
      generators: selected.map((g) => g.name),
    };
    const owner = new Map<string, string>();
    for (const g of selected) {
      let result;
      try {
        result = g.generate(model, options);
      } catch (e) {
        throw new Error(`generator ${g.name} failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
      diagnostics.push(...result.diagnostics);
      for (const f of result.files) {
        const bad = unsafePathReason(f.path);
        const id = `${f.root}:${f.path}`;
        if (bad !== undefined) {
          diagnostics.push(internal(f.root, f.path, 'generator-bad-path', `generator ${g.name} produced the path ${JSON.stringify(f.path)}, which ${bad}`));
          continue;
        }
        const prev = owner.get(id);
        if (prev !== undefined) {
          diagnostics.push(internal(f.root, f.path, 'duplicate-output', `${f.path} in the ${f.root} root is generated by both ${prev} and ${g.name}`));
          continue;
        }
        owner.set(id, g.name);
        const content = withBoilerplate(f.path, f.content, boilerplate);
        // Without the header, the next run would refuse to overwrite the file: catch it now.
        if (!hasGeneratedHeader(content)) {
          diagnostics.push(internal(f.root, f.path, 'missing-generated-header', `generator ${g.name} produced ${f.path} without the header "${GENERATED_HEADER}" (YAML: "${GENERATED_HEADER_YAML}") at its top`));
          continue;
        }
        files.push({ root: f.root, path: f.path, content, generator: g.name });
      }
    }
  }
  sortDiagnostics(diagnostics);
  const ok = !diagnostics.some((d) => d.severity === 'error');
  return { ...(ok && model ? { model } : {}), files: ok ? files : [], diagnostics, ok, generators: selected };
}

function internal(root: OutputRoot, path: string, code: string, message: string): Diagnostic {
  return { severity: 'error', pos: { file: `<${root}>/${path}`, line: 1, col: 1 }, code, message };
}

/**
 * Generates, then hands the files to `sink` — only when generation succeeded, so bad input leaves every
 * file untouched. `ok` is false on any error diagnostic (input or sink).
 */
export async function runPipeline(config: PipelineConfig, sink: Sink, deps: PipelineDeps & { cwd?: string } = {}): Promise<RunResult> {
  const result = generateFiles(config, deps);
  if (!result.ok) return result;
  const report = await sink.write(result.files, writeContext(config, result.generators, deps.cwd));
  return { ...result, report, ok: report.ok };
}
