/** Process entry point (bin/kubegen.js imports the built copy). */
import { processIo } from './io.js';
import { runCli } from './program.js';

// `kubegen model --json | head`: a closed pipe ends the run quietly, as for any Unix filter.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

process.exitCode = await runCli(process.argv.slice(2), processIo());
