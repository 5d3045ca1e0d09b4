import { run as gemm } from './gemm.bench.js';
import { run as gemmParallel } from './gemm-parallel.bench.js';
import { run as gemmTfjs } from './gemm-tfjs.bench.js';
import { run as rowsParallel } from './rows-parallel.bench.js';
import { run as sigmoid } from './sigmoid.bench.js';
import { run as softmaxRows } from './softmax-rows.bench.js';

// Runs every linalg benchmark in turn; each prints a table and writes bench/results/<name>.json.
const t0 = performance.now();
gemm();
gemmParallel();
rowsParallel();
await gemmTfjs();
sigmoid();
softmaxRows();
console.log(`\nlinalg benchmarks done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
