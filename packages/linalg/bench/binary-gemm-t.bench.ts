// Benchmark of binaryGemmT (the CD weight update W += α·vᵀ·p on a 0/1 v) against dense gemm: see
// bench/binary.ts.
import { runBinaryBench } from './binary.js';

/** Runs the binaryGemmT benchmark: prints a table, writes bench/results/binary-gemm-t.json. */
export function run(): void {
  runBinaryBench('gemmT');
}

if (import.meta.url === `file://${process.argv[1]}`) run();
