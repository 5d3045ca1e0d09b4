// Runs the @dbn/models benchmarks in turn; each prints a table and writes bench/results/<name>.json.
// The numpy agreement check (bench/numpy-agreement.ts, ~10 minutes) runs only with
// DBN_BENCH_AGREEMENT=1. Sizes: DBN_BENCH_N (rows per epoch, default 3200),
// DBN_BENCH_REPEATS (default 3), DBN_BENCH_NUMPY_BUDGET (seconds per numpy case, default 10).
import { run as backpropEpoch } from './backprop-epoch.bench.js';
import { run as cdEpoch } from './cd-epoch.bench.js';
import { run as gibbs } from './gibbs.bench.js';

const t0 = performance.now();
await cdEpoch();
await backpropEpoch();
await gibbs();
if (process.env.DBN_BENCH_AGREEMENT === '1') {
  const { run: agreement } = await import('./numpy-agreement.js');
  await agreement();
} else {
  console.log('\n(numpy agreement check skipped: set DBN_BENCH_AGREEMENT=1 to run it)');
}
console.log(`\nmodels benchmarks done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
