#!/usr/bin/env node
// The `dbn` executable: runs main() on process.argv, turns the first Ctrl-C into an abort
// (training stops at the next epoch boundary, nothing half-written is left) and a second one
// into an immediate exit.
import { main } from './index.js';

const controller = new AbortController();
let interrupts = 0;
process.on('SIGINT', () => {
  interrupts++;
  if (interrupts > 1) process.exit(130);
  process.stderr.write('\ndbn: stopping after the current step (Ctrl-C again to quit now)\n');
  controller.abort();
});
process.on('SIGTERM', () => controller.abort());
// `dbn … | head` closes stdout early: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

try {
  process.exitCode = await main(process.argv, { signal: controller.signal });
} catch (e) {
  const stack = process.env.DBN_DEBUG === '1' && e instanceof Error ? `\n${e.stack}` : '';
  process.stderr.write(
    `dbn: internal error: ${e instanceof Error ? e.message : String(e)}${stack}\n`,
  );
  process.exitCode = 1;
}
