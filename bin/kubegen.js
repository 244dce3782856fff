#!/usr/bin/env node
// kubegen's command-line entry: a thin shim over the compiled CLI in dist/.
import { existsSync } from 'node:fs';
import module from 'node:module';

// Node >= 22.1 keeps V8's compiled code of kubegen and of the TypeScript compiler it loads between runs
// (NODE_DISABLE_COMPILE_CACHE=1 turns it off); Node 20 has no such cache and goes on without one.
module.enableCompileCache?.();

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write(
    'kubegen: dist/cli/main.js is missing. This looks like a source checkout: run `npm run build` first.\n',
  );
  process.exit(2);
}
await import(main.href);
