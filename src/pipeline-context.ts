/** The sink's view of a run, apart from the pipeline so that it can be built without loading the parser. */
import type { Generator } from './generators/types.js';
import type { WriteContext } from './output/types.js';
import type { PipelineConfig } from './pipeline.js';

/** The sink's view of a pipeline config. */
export function writeContext(config: PipelineConfig, generators: readonly Generator[], cwd?: string): WriteContext {
  return {
    roots: { apis: config.inputDir, output: config.outputDir, crd: config.crdOutputDir },
    generators,
    ...(cwd !== undefined ? { cwd } : {}),
  };
}
