/**
 * An in-memory sink for tests and programmatic use: a virtual tree per output root that follows the
 * same rules as the file-system sink (safe paths, header guard, stale removal, unchanged detection).
 */
import type { Diagnostic } from '../diagnostics.js';
import type { OutputRoot } from '../generators/types.js';
import { hasGeneratedHeader } from './header.js';
import { displayJoin, familyReports, unsafePathReason } from './plan.js';
import type { FileAction, FileChange, OutputFile, Sink, SinkReport, WriteContext } from './types.js';

interface Entry {
  root: OutputRoot;
  path: string;
  content: string;
  generator?: string;
}

const key = (root: OutputRoot, p: string): string => `${root}:${p}`;

export class MemorySink implements Sink {
  private readonly entries = new Map<string, Entry>();

  /** Puts a file in place as if it were on disk before the run (e.g. a hand-written file). */
  seed(root: OutputRoot, path: string, content: string): void {
    this.entries.set(key(root, path), { root, path, content });
  }

  get(root: OutputRoot, path: string): string | undefined {
    return this.entries.get(key(root, path))?.content;
  }

  /** Every file held, sorted by root then path. */
  list(): { root: OutputRoot; path: string; content: string }[] {
    return [...this.entries.values()]
      .map(({ root, path, content }) => ({ root, path, content }))
      .sort((a, b) => (key(a.root, a.path) < key(b.root, b.path) ? -1 : key(a.root, a.path) > key(b.root, b.path) ? 1 : 0));
  }

  async write(files: readonly OutputFile[], ctx: WriteContext): Promise<SinkReport> {
    const diagnostics: Diagnostic[] = [];
    const planned: { change: FileChange; file?: OutputFile }[] = [];
    const seen = new Set<string>();
    const err = (file: string, code: string, message: string): void => {
      diagnostics.push({ severity: 'error', pos: { file, line: 1, col: 1 }, code, message });
    };
    for (const f of files) {
      const display = displayJoin(ctx.roots[f.root], f.path);
      const reason = unsafePathReason(f.path);
      if (reason !== undefined) {
        err(display, 'unsafe-output-path', `generator ${f.generator} produced the path ${JSON.stringify(f.path)}, which ${reason}`);
        continue;
      }
      const k = key(f.root, f.path);
      if (seen.has(k)) {
        err(display, 'duplicate-output', `${display} is generated twice; give the outputs distinct paths`);
        continue;
      }
      seen.add(k);
      const old = this.entries.get(k);
      let action: FileAction = 'create';
      if (old) {
        if (old.content === f.content) action = 'unchanged';
        else if (!hasGeneratedHeader(old.content)) {
          err(display, 'not-generated', `refusing to overwrite ${display}: it does not carry the generated header; move the file away or add the header`);
          continue;
        } else action = 'update';
      }
      planned.push({ change: { generator: f.generator, root: f.root, path: f.path, displayPath: display, action }, file: f });
    }
    for (const [k, e] of this.entries) {
      if (seen.has(k) || !hasGeneratedHeader(e.content)) continue;
      const owner = ctx.generators.find((g) => g.owns(e.root, e.path));
      if (owner) planned.push({ change: { generator: owner.name, root: e.root, path: e.path, displayPath: displayJoin(ctx.roots[e.root], e.path), action: 'remove' } });
    }
    const ok = diagnostics.length === 0;
    if (ok) {
      for (const { change, file } of planned) {
        const k = key(change.root, change.path);
        if (change.action === 'remove') this.entries.delete(k);
        else if (file) this.entries.set(k, { root: file.root, path: file.path, content: file.content, generator: file.generator });
      }
    }
    const changes = planned.map((p) => p.change).sort((a, b) => (a.displayPath < b.displayPath ? -1 : a.displayPath > b.displayPath ? 1 : 0));
    return {
      mode: 'memory',
      families: familyReports(changes, ctx.generators),
      changes,
      diagnostics,
      ok,
      stale: changes.some((c) => c.action !== 'unchanged'),
    };
  }
}
