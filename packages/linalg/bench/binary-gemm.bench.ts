// Benchmark of binaryGemm (the up pass v·W on a 0/1 v) against dense gemm: see bench/binary.ts.
import { runBinaryBench } from './binary.js';

/** Runs the binaryGemm benchmark: prints a table, writes bench/results/binary-gemm.json. */
export function run(): void {
  runBinaryBench('gemm');
}

if (import.meta.url === `file://${process.argv[1]}`) run();
