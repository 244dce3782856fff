/**
 * Marker specs → marker lines, through the registry's definitions and src/markers/format.ts, so every line
 * `kubegen import` writes parses back (by the same registry) into the value it was made from.
 */
import { formatMarker, MarkerFormatError } from '../markers/format.js';
import { defaultRegistry } from '../markers/registry.js';
import type { MarkerRegistryApi } from '../markers/types.js';
import type { MarkerSpec } from './decls.js';
import type { JsonPath } from './yaml.js';

export interface MarkerFormatter {
  /** The marker line for `spec`; a value the marker cannot hold is reported at `path` (and '' returned). */
  format(spec: MarkerSpec, path: JsonPath): string;
}

export function markerFormatter(
  report: (path: JsonPath, code: string, message: string) => void,
  registry: MarkerRegistryApi = defaultRegistry(),
): MarkerFormatter {
  return {
    format(spec, path) {
      const def = registry.lookup(spec.name);
      if (!def) throw new Error(`kubegen import: marker +${spec.name} is not registered`);
      try {
        return formatMarker(def, spec.value);
      } catch (e) {
        if (!(e instanceof MarkerFormatError)) throw e;
        report(path, 'import-marker', `the value cannot be written as a marker: ${e.message}; change the value in the CRD or remove it`);
        return '';
      }
    },
  };
}
