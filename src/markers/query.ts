/**
 * Reading parsed markers. Markers arrive in source order; for non-repeatable markers the last occurrence
 * wins (the registry reports conflicting repeats separately).
 */
import type { Marker } from '../model/types.js';

/** The last marker with this name (without `+`), or undefined. */
export function findMarker(markers: readonly Marker[], name: string): Marker | undefined {
  for (let i = markers.length - 1; i >= 0; i--) {
    const m = markers[i]!;
    if (m.name === name) return m;
  }
  return undefined;
}

/** Every marker with this name, in source order (for repeatable markers). */
export function findMarkers(markers: readonly Marker[], name: string): Marker[] {
  return markers.filter((m) => m.name === name);
}

/**
 * Whether a marker is set: present and its last value is not `false`. For flags that means `true`
 * (`+genclient=false` is not set); a struct marker with only optional arguments (`+kubebuilder:deprecatedversion`)
 * counts as set.
 */
export function hasMarker(markers: readonly Marker[], name: string): boolean {
  const m = findMarker(markers, name);
  return m !== undefined && m.value !== false;
}
