/**
 * kubegen's programmatic API: the same pipeline the CLI runs.
 *
 *   const result = await runPipeline({ inputDir: 'apis', outputDir: 'src/generated', crdOutputDir: 'config/crd/bases' }, new FsSink());
 */
export {
  generateFiles,
  runPipeline,
  selectGenerators,
  writeContext,
  checkBoilerplate,
  ALL_GENERATORS,
  type PipelineConfig,
  type PipelineDeps,
  type PipelineResult,
  type RunResult,
} from './pipeline.js';
export { loadModel, type LoadModelOptions, type LoadModelResult } from './parse/index.js';
export { GENERATORS } from './generators/index.js';
export {
  FsSink,
  MemorySink,
  VerifySink,
  hasGeneratedHeader,
  unifiedDiff,
  type FamilyReport,
  type FileAction,
  type FileChange,
  type FsSinkOptions,
  type OutputFile,
  type Sink,
  type SinkReport,
  type VerifySinkOptions,
  type WriteContext,
} from './output/index.js';
export { UsageError, loadConfigFile, findConfigFile, parsePluralExceptions, kubegenVersion, type KubegenConfig } from './config.js';
export {
  DiagnosticError,
  formatDiagnostic,
  sortDiagnostics,
  type Diagnostic,
  type Severity,
  type SourcePos,
} from './diagnostics.js';
export {
  GENERATED_HEADER,
  GENERATED_HEADER_YAML,
  type GeneratedFile,
  type Generator,
  type GeneratorOptions,
  type GeneratorResult,
  type OutputRoot,
} from './generators/types.js';
export type * from './model/types.js';
export type { MarkerDefinition, MarkerRegistryApi, MarkerTarget, ArgType } from './markers/types.js';
export { defaultRegistry, MarkerRegistry } from './markers/registry.js';
