/** Test helpers: small input trees written to a temp folder, loaded through the real registry. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostics.js';
import type { ApiModel, Field, StructType, TypeDecl } from '../../src/model/types.js';
import { loadModel, type LoadModelOptions, type LoadModelResult } from '../../src/parse/index.js';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** Writes `files` (input-relative path → text) under a fresh temp folder and returns it. */
export function writeTree(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'kubegen-parse-'));
  roots.push(root);
  for (const [rel, text] of Object.entries(files)) {
    const abs = join(root, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
  return root;
}

export function load(
  files: Readonly<Record<string, string>>,
  opts: Omit<LoadModelOptions, 'inputDir'> = {},
): LoadModelResult {
  return loadModel({ inputDir: writeTree(files), ...opts });
}

/** Diagnostics formatted `file:line:col: message`. */
export function lines(r: LoadModelResult): string[] {
  return r.diagnostics.map((d) => formatDiagnostic(d));
}

/** Loads and insists on success. */
export function model(
  files: Readonly<Record<string, string>>,
  opts: Omit<LoadModelOptions, 'inputDir'> = {},
): ApiModel {
  const r = load(files, opts);
  if (!r.model) throw new Error(`expected a model, got:\n${lines(r).join('\n')}`);
  return r.model;
}

export const RUNTIME_IMPORT = `import type { Condition, Duration, IntOrString, ListMeta, MicroTime, ObjectMeta, Quantity, RawExtension, Time, TypeMeta, int32, int64, float32, float64 } from '@kubegen/runtime';`;

export const DOC = (group = 'things.example.com', extra = ''): string =>
  `// +k8s:deepcopy-gen=package\n// +groupName=${group}\n${extra}`;

/** A tree with one `things/v1` version: a Thing kind (with list) plus `body` appended to types.ts. */
export function thingTree(
  body: string,
  kindMarkers = '+genclient',
  specBody = 'size?: int32;',
): Record<string, string> {
  return {
    'things/v1/doc.ts': DOC(),
    'things/v1/types.ts': `${RUNTIME_IMPORT}

/**
 * Thing is a test kind.
 *
${kindMarkers
  .split('\n')
  .filter((l) => l !== '')
  .map((l) => ` * ${l}`)
  .join('\n')}
 */
export interface Thing extends TypeMeta {
  metadata?: ObjectMeta;
  spec: ThingSpec;
}

export interface ThingSpec {
  ${specBody}
}

export interface ThingList extends TypeMeta {
  metadata?: ListMeta;
  items: Thing[];
}
${body}`,
  };
}

export function findType(m: ApiModel, pkg: string, name: string): TypeDecl {
  for (const p of [...m.groups.flatMap((g) => g.versions), ...m.sharedPackages]) {
    if (p.id !== pkg) continue;
    const t = p.types.find((x) => x.name === name);
    if (t) return t;
  }
  throw new Error(`no type ${pkg}.${name}`);
}

export function findStruct(m: ApiModel, pkg: string, name: string): StructType {
  const t = findType(m, pkg, name);
  if (t.declKind !== 'struct') throw new Error(`${name} is not a struct`);
  return t;
}

export function findField(m: ApiModel, pkg: string, type: string, field: string): Field {
  const f = findStruct(m, pkg, type).fields.find((x) => x.name === field);
  if (!f) throw new Error(`no field ${type}.${field}`);
  return f;
}
