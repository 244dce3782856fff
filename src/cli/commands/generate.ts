/**
 * `kubegen generate [generators...]` (and `kubegen verify`, its `--verify` alias): run the pipeline and
 * write (or verify) the generated files. The helpers are exported so other commands (`--watch`, `init`)
 * reuse exactly this behaviour.
 */
import path from 'node:path';
import { Option, type Command } from 'commander';
import { parsePluralExceptions, UsageError } from '../../config.js';
import type { OutputRoot } from '../../generators/types.js';
import type { SinkReport } from '../../output/types.js';
import type { PipelineConfig, PipelineResult } from '../../pipeline.js';
import type { CliContext, GlobalOptions } from '../io.js';
import { parseNonNegativeInt, readBoilerplate, readConfig, requireInputDir } from '../options.js';
import { formatDiagnostics, formatReport } from '../report.js';
import type { CommandModule } from './types.js';

/** Flags of `generate` / `verify` as commander parses them. */
export interface GenerateFlags extends GlobalOptions {
  input?: string;
  output?: string;
  crdOutput?: string;
  boilerplate?: string;
  pluralExceptions?: string;
  runtimeImport?: string;
  maxDescLen?: number;
  importExtension?: '.js' | 'none';
  verify?: boolean;
  config?: string;
  /** `--no-cache` sets false: always parse and generate (the generation cache, src/gencache.ts). */
  cache?: boolean;
}

/** Default CRD folder (kubebuilder's layout), relative to the working directory. */
export const DEFAULT_CRD_OUTPUT = 'config/crd/bases';

const ROOT_FLAGS: Readonly<Record<OutputRoot, string>> = { apis: '--input', output: '--output', crd: '--crd-output' };
const ROOT_KEYS: Readonly<Record<OutputRoot, string>> = { apis: 'input', output: 'output', crd: 'crdOutput' };

/** `Generators:` help section: every generator, `*` marking those run when none is named. */
export function generatorsHelp(generators: CliContext['generators']): string {
  if (!generators || generators.length === 0) return '';
  const width = Math.max(...generators.map((g) => g.name.length)) + 1;
  const rows = generators.map((g) => `  ${(g.name + (g.defaultEnabled ? '*' : '')).padEnd(width)}  ${g.description}`);
  return `\nGenerators (* = run when none is named; "all" = every one):\n${rows.join('\n')}\n`;
}

/** Adds the options `generate` and `verify` share, and the generator list to the help. */
export function addGenerateOptions(cmd: Command, ctx?: CliContext): Command {
  const help = generatorsHelp(ctx?.generators);
  if (help !== '') cmd.addHelpText('after', help);
  return cmd
    .option('-i, --input <dir>', 'input tree of API packages (<group>/<version>/*.ts)')
    .option('-o, --output <dir>', 'output root for clientset, listers, informers, apply configurations')
    .option('--crd-output <dir>', `output folder for CRD manifests (default: ${DEFAULT_CRD_OUTPUT})`)
    .option('--boilerplate <file>', 'license header prepended to generated TypeScript; YEAR is replaced')
    .option('--plural-exceptions <list>', 'Kind:plural overrides, comma-separated (e.g. Endpoints:Endpoints)')
    .option('--runtime-import <spec>', 'module generated code imports the runtime from (default: @kubegen/runtime)')
    .option('--max-desc-len <n>', 'maximum description length in CRD schemas (0 drops descriptions)', parseNonNegativeInt)
    .addOption(new Option('--import-extension <ext>', 'extension of relative imports in generated code').choices(['.js', 'none']))
    .option('--config <file>', 'config file (default: kubegen.config.json or .yaml in the working directory)')
    .option('--no-cache', 'always parse and generate; do not use or fill node_modules/.cache/kubegen');
}

/** Flags over the config file over defaults. Paths stay as given (relative to the working directory). */
export function resolveGenerateConfig(names: readonly string[], flags: GenerateFlags, ctx: CliContext): PipelineConfig {
  const { config: file } = readConfig(flags.config, ctx.io);
  const input = requireInputDir(flags.input ?? file.input, ctx.io);
  const config: PipelineConfig = {
    inputDir: input,
    outputDir: flags.output ?? file.output ?? '',
    crdOutputDir: flags.crdOutput ?? file.crdOutput ?? DEFAULT_CRD_OUTPUT,
  };
  if (config.outputDir !== '') {
    const rel = path.relative(path.resolve(ctx.io.cwd, config.inputDir), path.resolve(ctx.io.cwd, config.outputDir));
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) {
      throw new UsageError(
        `--output ${config.outputDir} is inside --input ${config.inputDir}: the generated code would be read back as API types; choose an output folder outside the input tree`,
      );
    }
  }
  const generators = names.length > 0 ? [...names] : file.generators;
  if (generators) config.generators = generators;
  const plural = flags.pluralExceptions !== undefined ? parsePluralExceptions(flags.pluralExceptions) : file.pluralExceptions;
  if (plural) config.pluralExceptions = plural;
  const runtimeImport = flags.runtimeImport ?? file.runtimeImport;
  if (runtimeImport !== undefined) {
    if (runtimeImport.trim() === '') throw new UsageError('--runtime-import must not be empty');
    config.runtimeImport = runtimeImport;
  }
  const maxDescLen = flags.maxDescLen ?? file.maxDescLen;
  if (maxDescLen !== undefined) config.maxDescLen = maxDescLen;
  const ext = flags.importExtension !== undefined ? (flags.importExtension === 'none' ? '' : '.js') : file.importExtension;
  if (ext !== undefined) config.importExtension = ext;
  const boilerplate = flags.boilerplate ?? file.boilerplate;
  if (boilerplate !== undefined) config.boilerplate = readBoilerplate(boilerplate, ctx.io);
  return config;
}

export interface GenerateOutcome {
  exitCode: number;
  result: PipelineResult;
  report?: SinkReport;
}

/**
 * Runs one generation (write, or verify) and prints diagnostics (stderr) and the per-family report
 * (stdout). Bad input leaves every file untouched.
 */
export async function runGenerate(
  config: PipelineConfig,
  verify: boolean,
  ctx: CliContext,
  globals: GlobalOptions & { cache?: boolean } = {},
): Promise<GenerateOutcome> {
  const { io } = ctx;
  const started = performance.now();
  const [{ writeContext }, { FsSink }, { VerifySink }] = await Promise.all([
    import('../../pipeline-context.js'),
    import('../../output/fs-sink.js'),
    import('../../output/verify-sink.js'),
  ]);
  const result = await generateCached({ ...config, inputDir: path.resolve(io.cwd, config.inputDir) }, ctx, globals);
  io.stderr(formatDiagnostics(result.diagnostics, config.inputDir, globals.quiet));
  if (!result.ok) {
    const n = result.diagnostics.filter((d) => d.severity === 'error').length;
    io.stderr(`kubegen: ${n} error${n === 1 ? '' : 's'}; ${verify ? 'nothing was verified' : 'no file was written'}\n`);
    return { exitCode: 1, result };
  }
  const roots = { apis: config.inputDir, output: config.outputDir, crd: config.crdOutputDir };
  for (const f of result.files) {
    if (roots[f.root] === '') {
      throw new UsageError(`generator ${f.generator} writes into ${ROOT_FLAGS[f.root]}, which is not set: pass ${ROOT_FLAGS[f.root]} DIR (or set "${ROOT_KEYS[f.root]}" in kubegen.config.json), or leave ${f.generator} out`);
    }
  }
  const sink = verify ? new VerifySink() : new FsSink();
  const report = await sink.write(result.files, writeContext(config, result.generators, io.cwd));
  io.stderr(formatDiagnostics(report.diagnostics, undefined, globals.quiet));
  if (!report.ok) {
    io.stderr(`kubegen: ${verify ? 'cannot verify' : 'nothing was written'}: fix the errors above\n`);
    return { exitCode: 1, result, report };
  }
  if (!globals.quiet) io.stdout(formatReport(report, globals.verbose ? { verbose: true } : {}));
  if (globals.verbose) io.stderr(`kubegen: done in ${((performance.now() - started) / 1000).toFixed(2)}s\n`);
  if (verify && report.stale) {
    const n = report.changes.filter((c) => c.action !== 'unchanged').length;
    io.stderr(`kubegen: ${n} generated file${n === 1 ? ' is' : 's are'} out of date; run kubegen generate to update ${n === 1 ? 'it' : 'them'}\n`);
    return { exitCode: 1, result, report };
  }
  return { exitCode: 0, result, report };
}

/**
 * `generateFiles`, through the generation cache when it applies: not with injected dependencies (tests,
 * embedders), not with `--no-cache`. The parser and the generators are loaded only on a miss.
 */
async function generateCached(config: PipelineConfig, ctx: CliContext, flags: GlobalOptions & { cache?: boolean }): Promise<PipelineResult> {
  const { io, deps } = ctx;
  const injected = deps.loadModel !== undefined || deps.generators !== undefined || deps.version !== undefined;
  let cache: import('../../gencache.js').GenerationCache | undefined;
  let generators: PipelineResult['generators'] | undefined;
  if (flags.cache !== false && !injected && ctx.generators) {
    const [{ openGenerationCache }, { selectGenerators }] = await Promise.all([import('../../gencache.js'), import('../../generators/select.js')]);
    generators = selectGenerators(ctx.generators, config.generators);
    const abs = (p: string): string => (p === '' ? '' : path.resolve(io.cwd, p));
    const { generators: _names, ...rest } = config;
    cache = openGenerationCache({
      config: { ...rest, inputDir: abs(config.inputDir), outputDir: abs(config.outputDir), crdOutputDir: abs(config.crdOutputDir) },
      generators: generators.map((g) => g.name),
      cwd: io.cwd,
      env: io.env,
    });
    const hit = cache?.lookup();
    if (hit) {
      if (flags.verbose) io.stderr(`kubegen: input unchanged since the last run; generated files taken from ${cache!.file}\n`);
      return { files: hit.files, diagnostics: hit.diagnostics, ok: true, generators };
    }
  }
  const { generateFiles } = await import('../../pipeline.js');
  const result = generateFiles(config, deps);
  if (cache && result.ok) cache.store(result.files, result.diagnostics);
  return result;
}

export const generateCommand: CommandModule = {
  name: 'generate',
  register(program, ctx) {
    const cmd = program
      .command('generate')
      .description('generate code and manifests from annotated API types')
      .argument('[generators...]', 'generators to run (default: every default generator; "all" for every one)');
    addGenerateOptions(cmd, ctx)
      .option('--verify', 'write nothing; list every file that would change, with diffs; exit 1 if any')
      .action(async (names: string[], _flags: GenerateFlags, command: Command) => {
        const flags = command.optsWithGlobals<GenerateFlags & { watch?: boolean }>();
        if (flags.watch === true && flags.verify === true) throw new UsageError('--watch and --verify cannot be combined');
        const config = resolveGenerateConfig(names, flags, ctx);
        if (flags.watch === true && ctx.watch) {
          ctx.exitCode = Math.max(ctx.exitCode, await ctx.watch(config, flags));
          return;
        }
        const outcome = await runGenerate(config, flags.verify === true, ctx, flags);
        ctx.exitCode = Math.max(ctx.exitCode, outcome.exitCode);
      });
  },
};

export const verifyCommand: CommandModule = {
  name: 'verify',
  register(program, ctx) {
    const cmd = program
      .command('verify')
      .description('check that generated files are up to date (alias of generate --verify); exit 1 and diffs if not')
      .argument('[generators...]', 'generators to check (default: every default generator)');
    addGenerateOptions(cmd, ctx).action(async (names: string[], _flags: GenerateFlags, command: Command) => {
      const flags = command.optsWithGlobals<GenerateFlags>();
      const config = resolveGenerateConfig(names, flags, ctx);
      const outcome = await runGenerate(config, true, ctx, flags);
      ctx.exitCode = Math.max(ctx.exitCode, outcome.exitCode);
    });
  },
};
