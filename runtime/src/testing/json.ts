/** Small helpers over decoded JSON shared by the test server's schema and CEL checks. */

export { isObj, type Obj } from '../util/json.js';

/** A field path as the apiserver prints it in causes: `spec.ports[1].port`. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}
