// Shared driver of the binary-product benchmarks (binary-gemm.bench.ts, binary-gemm-t.bench.ts):
// the CD shapes, 0/1 matrices of several densities, the binary kernel against dense gemm, with the
// operands in ordinary arrays and resident in an arena (src/arena.ts).
import { time, writeResults } from '../../../tooling/testkit/src/bench.js';
import {
  arenaBytes,
  BinaryIndex,
  binaryGemm,
  binaryGemmT,
  createArena,
  gemm,
  gemmScratchBytes,
  getBackend,
  type Matrix,
  setBackend,
  transpose,
} from '../src/index.js';
import { filled, machine, packageDir, table } from './common.js';

const K = 784;
const N = 500;
const BATCHES = [5, 32, 128];
const DENSITIES = [0.05, 0.13, 0.25, 0.5, 0.75];

/** A deterministic m × k 0/1 float32 matrix with about `density` ones, written into `into`. */
export function binaryFilled(
  m: number,
  k: number,
  density: number,
  seed: number,
  into: Float32Array,
) {
  for (let q = 0; q < m * k; q++) {
    const u = Math.abs(Math.sin(q * 12.9898 + seed * 78.233) * 43758.5453) % 1;
    into[q] = u < density ? 1 : 0;
  }
  return { data: into, rows: m, cols: k, rowStride: k, colStride: 1, offset: 0 };
}

interface Row {
  readonly backend: string;
  readonly m: number;
  readonly density: number;
  readonly denseMs: number;
  readonly denseResidentMs: number;
  readonly binaryResidentMs: number;
  readonly fillMs: number;
}

/**
 * 'gemm': C (m×500) ← A (m×784, 0/1)·W (784×500) (the up pass v·W);
 * 'gemmT': W (784×500) ← W + 0.01·Aᵀ·P with P m×500 (the CD weight update vᵀ·p).
 */
export function runBinaryBench(kind: 'gemm' | 'gemmT'): Row[] {
  const initial = getBackend();
  const rows: Row[] = [];
  for (const backend of ['wasm', 'js'] as const) {
    setBackend(backend);
    if (getBackend() !== backend) continue;
    for (const m of BATCHES) {
      const arena = createArena(
        arenaBytes([m * K, K * N, m * N], [m + 1, K + 1, 2 * m * K], gemmScratchBytes(K, m, N)),
      );
      const W0 = filled(K, N, 'f32', 1) as Matrix<Float32Array>;
      const P0 = filled(m, N, 'f32', 2) as Matrix<Float32Array>;
      const W = arena.copyOf(W0);
      const P = arena.copyOf(P0);
      const A = arena.zeros(m, K);
      const C = arena.zeros(m, N);
      const plainA = { ...A, data: new Float32Array(m * K) };
      const plainC = { ...C, data: new Float32Array(m * N) };
      const plainW = { ...W, data: W0.data.slice() };
      const index = new BinaryIndex(m, K, arena);
      for (const density of DENSITIES) {
        binaryFilled(m, K, density, m, A.data);
        plainA.data.set(A.data);
        index.fill(A);
        const ms = (fn: () => void) => time(fn, 5, 0.05).bestSeconds * 1000;
        const r =
          kind === 'gemm'
            ? {
                denseMs: ms(() => gemm(1, plainA, plainW, 0, plainC)),
                denseResidentMs: ms(() => gemm(1, A, W, 0, C)),
                binaryResidentMs: ms(() => binaryGemm(1, index, W, 0, C)),
              }
            : {
                denseMs: ms(() => gemm(1e-6, transpose(plainA), P0, 1, plainW)),
                denseResidentMs: ms(() => gemm(1e-6, transpose(A), P, 1, W)),
                binaryResidentMs: ms(() => binaryGemmT(1e-6, index, P, 1, W)),
              };
        rows.push({ backend, m, density, ...r, fillMs: ms(() => index.fill(A)) });
      }
    }
  }
  setBackend(initial);
  const what =
    kind === 'gemm'
      ? 'C (m×500) ← A (m×784, 0/1)·W (784×500)'
      : 'W (784×500) ← W + α·Aᵀ·P, A m×784 0/1, P m×500';
  console.log(`\n${what}: ms per call (best of 5); index fill = BinaryIndex.fill(A)`);
  const f = (x: number) => x.toFixed(3);
  console.log(
    table(
      [
        'backend',
        'm',
        'density',
        'dense',
        'dense resident',
        'binary resident',
        'fill',
        'dense/binary',
      ],
      rows.map((r) => [
        r.backend,
        String(r.m),
        r.density.toFixed(2),
        f(r.denseMs),
        f(r.denseResidentMs),
        f(r.binaryResidentMs),
        f(r.fillMs),
        (r.denseResidentMs / (r.binaryResidentMs + r.fillMs)).toFixed(2),
      ]),
    ),
  );
  const path = writeResults(packageDir, kind === 'gemm' ? 'binary-gemm' : 'binary-gemm-t', {
    machine: machine(),
    what,
    rows,
  });
  console.log(`→ ${path}`);
  return rows;
}
