/**
 * Discovers the packages of an input tree: `<group>/<version>/` folders are API packages, every other
 * folder holding `.ts` files is a shared package. Generated `zz_generated.*` files, declaration files,
 * hidden folders and node_modules are skipped.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Kubernetes version folder names, as the task defines them (`v1`, `v1beta1`, `v2alpha3`). */
export const VERSION_DIR = /^v[0-9]+((alpha|beta)[0-9]+)?$/;

export interface FoundPackage {
  /** Input-relative folder with forward slashes; `.` for the input root itself. */
  id: string;
  /** Input-relative `.ts` files, sorted. */
  files: string[];
  /** For `<group>/<version>` folders: the two folder names. */
  groupDir?: string;
  versionDir?: string;
}

export function isInputFile(name: string): boolean {
  return (
    name.endsWith('.ts') &&
    !name.endsWith('.d.ts') &&
    !name.startsWith('zz_generated.') &&
    !name.endsWith('.test.ts') &&
    !name.endsWith('.spec.ts')
  );
}

/** Walks `root` and returns its packages sorted by id. */
export function findPackages(root: string): FoundPackage[] {
  const out: FoundPackage[] = [];
  const visit = (rel: string[]): void => {
    const abs = rel.length === 0 ? root : join(root, ...rel);
    const entries = readdirSync(abs, { withFileTypes: true });
    const files: string[] = [];
    const dirs: string[] = [];
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      if (e.isDirectory()) dirs.push(e.name);
      else if (e.isFile() && isInputFile(e.name)) files.push(e.name);
    }
    if (files.length > 0) {
      const id = rel.length === 0 ? '.' : rel.join('/');
      const prefix = rel.length === 0 ? '' : id + '/';
      const pkg: FoundPackage = { id, files: files.sort().map((f) => prefix + f) };
      if (rel.length === 2 && VERSION_DIR.test(rel[1]!)) {
        pkg.groupDir = rel[0]!;
        pkg.versionDir = rel[1]!;
      }
      out.push(pkg);
    }
    for (const d of dirs.sort()) visit([...rel, d]);
  };
  visit([]);
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
