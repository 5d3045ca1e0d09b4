// Runs the @dbn/experiments benchmarks in turn; each prints a table and writes
// bench/results/<name>.json: the estimated wall time of `reproduce --scale paper` (a few minutes),
// then the measured wall time of `reproduce --scale quick` (8–13 minutes on 2 busy cores; skip it
// with DBN_BENCH_QUICK=0). Env: DBN_DATA_DIR (Binary AlphaDigits), DBN_BACKEND.
import { run as paperWalltime } from './paper-walltime.bench.js';
import { run as quickWalltime } from './quick-walltime.bench.js';

const t0 = performance.now();
await paperWalltime();
if (process.env.DBN_BENCH_QUICK === '0')
  console.log('\n(quick-walltime skipped: DBN_BENCH_QUICK=0)');
else await quickWalltime();
console.log(`\nexperiments benchmarks done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
