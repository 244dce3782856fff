#!/usr/bin/env node
// `npm run example`: copies the bundled example API types (fixtures/samplecrd/apis, the Network
// example of k8s.io/code-generator) to ./out/apis and runs `kubegen generate` on them, so every
// generated family lands under ./out and the repository stays untouched:
//   out/apis/**/zz_generated.{deepcopy,register}.ts, out/generated/**, out/config/crd/bases/*.yaml
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'out');
mkdirSync(out, { recursive: true });
const apis = join(out, 'apis');
if (!existsSync(apis)) cpSync(join(root, 'fixtures', 'samplecrd', 'apis'), apis, { recursive: true });
console.log(`kubegen generate --input out/apis --output out/generated --crd-output out/config/crd/bases`);
const r = spawnSync(
  process.execPath,
  [join(root, 'bin', 'kubegen.js'), 'generate', '--input', apis, '--output', join(out, 'generated'), '--crd-output', join(out, 'config', 'crd', 'bases')],
  { stdio: 'inherit' },
);
process.exit(r.status ?? 1);
