/**
 * Which generators a run uses (`kubegen generate [generators...]`). Kept apart from the pipeline so
 * callers that do not parse (the generation cache) can select without loading the parser.
 */
import { UsageError } from '../config.js';
import { didYouMean } from '../diagnostics.js';
import type { Generator } from './types.js';

/** Names that the selection accepts besides the generators' own. */
export const ALL_GENERATORS = 'all';

/**
 * The generators `names` select from `available`, in registration order. No names: the default-enabled
 * ones. An unknown name is a usage error with a "did you mean".
 */
export function selectGenerators(available: readonly Generator[], names?: readonly string[]): Generator[] {
  if (!names || names.length === 0) return available.filter((g) => g.defaultEnabled);
  const byName = new Map(available.map((g) => [g.name, g]));
  const wanted = new Set<string>();
  for (const name of names) {
    if (name === ALL_GENERATORS && !byName.has(name)) {
      for (const g of available) wanted.add(g.name);
      continue;
    }
    if (!byName.has(name)) {
      const hint = didYouMean(name, byName.keys());
      throw new UsageError(
        `unknown generator "${name}"${hint ? `; did you mean "${hint}"?` : ''} (available: ${[...byName.keys()].join(', ') || 'none'}, or ${ALL_GENERATORS})`,
      );
    }
    wanted.add(name);
  }
  return available.filter((g) => wanted.has(g.name));
}
