/**
 * `kubegen generate --watch`: generate once, then again whenever a `.ts` file of the input tree
 * changes. Parsed files are kept between runs (only changed files are parsed again), bursts of saves
 * are coalesced, only files whose bytes change are written, and each run prints one summary line.
 * Diagnostics are printed and watching goes on; SIGINT/SIGTERM (or the io's signal) end it with 0.
 */
import { statSync, watch as fsWatch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { ParseCache } from '../../parse/index.js';
import type { PipelineConfig } from '../../pipeline.js';
import type { CliContext } from '../io.js';
import { runGenerate, type GenerateFlags } from './generate.js';
import type { CommandModule } from './types.js';

/** Quiet time after the last change before a run starts (editors save in bursts). */
export const WATCH_DEBOUNCE_MS = 30;

/**
 * An event about a folder: one created, or one removed (`rm -r` of a version folder may report only the
 * folder, not the files in it). Other non-.ts files (README.md, …) do not matter to generation.
 */
function isFolderEvent(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return path.extname(p) === ''; // gone: a removed folder (a removed non-.ts file has an extension)
  }
}

export async function watchAndGenerate(config: PipelineConfig, flags: GenerateFlags, ctx: CliContext): Promise<number> {
  const { io } = ctx;
  const [{ loadModel }, { isInputFile }] = await Promise.all([import('../../parse/index.js'), import('../../parse/walk.js')]);
  const cache: ParseCache = new Map();
  const deps = { ...ctx.deps, loadModel: ctx.deps.loadModel ?? ((o: Parameters<typeof loadModel>[0]) => loadModel({ ...o, cache })) };
  const runCtx: CliContext = { ...ctx, deps };
  const inputDir = path.resolve(io.cwd, config.inputDir);

  const runOnce = async (reason: string): Promise<void> => {
    const started = performance.now();
    const outcome = await runGenerate(config, false, runCtx, { ...flags, quiet: true, cache: false });
    const ms = Math.round(performance.now() - started);
    const changes = outcome.report?.changes ?? [];
    const written = changes.filter((c) => c.action === 'create' || c.action === 'update').length;
    const removed = changes.filter((c) => c.action === 'remove').length;
    const status = outcome.exitCode === 0 ? `${written} written, ${removed} removed, ${changes.length - written - removed} unchanged` : 'errors above; nothing written';
    if (!flags.quiet || outcome.exitCode !== 0) io.stdout(`kubegen watch: ${reason}: ${status} (${ms} ms)\n`);
  };

  return new Promise<number>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> | undefined;
    let pending = new Set<string>();
    let watcher: FSWatcher | undefined;

    const kick = (): void => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        if (running) return void running.then(kick);
        const changed = [...pending];
        pending = new Set();
        if (changed.length === 0) return;
        const shown = changed.slice(0, 3).map((p) => path.relative(inputDir, p).split(path.sep).join('/'));
        const reason = `${shown.join(', ')}${changed.length > 3 ? ` and ${changed.length - 3} more` : ''} changed`;
        running = runOnce(reason)
          .catch((e: unknown) => io.stderr(`kubegen watch: ${e instanceof Error ? e.message : String(e)}\n`))
          .finally(() => {
            running = undefined;
          });
      }, WATCH_DEBOUNCE_MS);
    };

    const stop = (): void => {
      if (timer) clearTimeout(timer);
      watcher?.close();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.signal?.removeEventListener('abort', stop);
      void (running ?? Promise.resolve()).then(() => resolve(0));
    };

    watcher = fsWatch(inputDir, { recursive: true }, (_event, file) => {
      if (!file) return;
      const full = path.join(inputDir, file.toString());
      // Exactly the files the parser reads: kubegen's own zz_generated.* writes into the tree are not among them.
      if (full.endsWith('.ts') ? !isInputFile(path.basename(full)) : !isFolderEvent(full)) return;
      pending.add(full);
      kick();
    });
    watcher.on('error', (e) => {
      io.stderr(`kubegen watch: ${e.message}\n`);
      stop();
    });
    if (io.signal) {
      if (io.signal.aborted) return stop();
      io.signal.addEventListener('abort', stop, { once: true });
    } else {
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    }
    // The watcher exists before the first run, so no save is missed; changes during a run queue the next.
    running = runOnce('initial run')
      .then(() => {
        if (!flags.quiet) io.stdout(`kubegen watch: watching ${config.inputDir} (Ctrl-C to stop)\n`);
      })
      .catch((e: unknown) => io.stderr(`kubegen watch: ${e instanceof Error ? e.message : String(e)}\n`))
      .finally(() => {
        running = undefined;
        if (pending.size > 0) kick();
      });
  });
}

export const watchCommand: CommandModule = {
  name: 'watch',
  register(program: Command, ctx: CliContext) {
    const generate = program.commands.find((c) => c.name() === 'generate');
    if (!generate) return;
    generate.option('--watch', 'generate, then regenerate whenever a .ts file of the input changes (Ctrl-C to stop)');
    ctx.watch = (config, flags) => watchAndGenerate(config, flags, ctx);
  },
};
