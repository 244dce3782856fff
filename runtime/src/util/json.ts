/** Small helpers over decoded JSON values, shared across the runtime (patches, extraction, the tracker). */

export type Obj = Record<string, unknown>;

/** A JSON object (not an array, not null). */
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Equal as JSON values: key order and keys holding `undefined` do not matter (as when comparing the
 * encoded objects, whose keys the apiserver sorts). Stops at the first difference.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  return jsonEqualExcept(a as Record<string, unknown>, b as Record<string, unknown>);
}

/** `jsonEqual` of two objects, leaving out the keys in `skip`. */
export function jsonEqualExcept(a: Record<string, unknown>, b: Record<string, unknown>, skip?: ReadonlySet<string>): boolean {
  let count = 0;
  for (const k in a) {
    if (!Object.hasOwn(a, k) || skip?.has(k)) continue;
    const v = a[k];
    if (v === undefined) continue;
    count++;
    if (!jsonEqual(v, b[k])) return false;
  }
  for (const k in b) {
    if (!Object.hasOwn(b, k) || skip?.has(k)) continue;
    if (b[k] !== undefined) count--;
  }
  return count === 0;
}
