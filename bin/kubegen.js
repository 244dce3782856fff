#!/usr/bin/env node
// kubegen's command-line entry: a thin shim over the compiled CLI in dist/.
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write(
    'kubegen: dist/cli/main.js is missing. This looks like a source checkout: run `npm run build` first.\n',
  );
  process.exit(2);
}
await import(main.href);
