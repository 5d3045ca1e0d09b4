// Runs the @dbn/models benchmarks in turn; each prints a table and writes bench/results/<name>.json.
// The numpy agreement check (bench/numpy-agreement.ts, 2–5 minutes) runs only with
// DBN_BENCH_AGREEMENT=1. Knobs (see bench/README.md and epochs.ts): DBN_BENCH_N (force the rows
// per epoch; default: all 60,000 when our epoch takes ≤ DBN_BENCH_FULL_LIMIT = 60 s, else 3,200
// extrapolated), DBN_BENCH_REPEATS, DBN_BENCH_NUMPY_BUDGET (seconds per numpy case, default 10),
// DBN_BENCH_NUMPY=0 (ours only), DBN_BACKEND=js|wasm (the @dbn/linalg gemm backend).
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
