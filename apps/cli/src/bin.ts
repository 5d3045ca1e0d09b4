#!/usr/bin/env node
// The `dbn` executable: runs main() on process.argv, turns the first Ctrl-C into an abort
// (training stops at the next epoch boundary, nothing half-written is left) and a second one
// into an immediate exit.

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

// Loaded here, not imported statically: the packages read their environment settings
// (DBN_THREADS, DBN_THREAD_SPIN_US, DBN_BACKEND) when they load and reject a bad value with a
// RangeError naming it, which is the user's input, so it gets the one-line bad-input answer.
let main: typeof import('./index.js').main | undefined;
try {
  ({ main } = await import('./index.js'));
} catch (e) {
  if (!(e instanceof RangeError)) throw e;
  process.stderr.write(`dbn: error: ${e.message}\n`);
  process.exitCode = 2;
}

try {
  if (main !== undefined) {
    process.exitCode = await main(process.argv, { signal: controller.signal });
  }
} catch (e) {
  const stack = process.env.DBN_DEBUG === '1' && e instanceof Error ? `\n${e.stack}` : '';
  process.stderr.write(
    `dbn: internal error: ${e instanceof Error ? e.message : String(e)}${stack}\n`,
  );
  process.exitCode = 1;
}
