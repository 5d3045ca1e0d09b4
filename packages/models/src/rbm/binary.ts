import {
  type Arena,
  arenaBytes,
  BinaryIndex,
  binaryGemm,
  binaryGemmT,
  clone,
  colSums,
  createArena,
  type FloatArray,
  gemm,
  gemmScratchBytes,
  getBackend,
  MAX_ARENA_BYTES,
  type Matrix,
  transpose,
} from '@dbn/linalg';
import type { Rbm } from '../types.js';
import { arrayLike, zerosLike } from '../util.js';

/*
 * When the models use the binary-aware products of @dbn/linalg (internal). A product with a 0/1
 * operand A is a sum of selected rows; it is used when A's density (fraction of ones) is at most
 * the threshold below, measured per call from A's index (building the index also checks that A
 * is 0/1). The thresholds are crossovers measured with packages/linalg/bench/binary-gemm*.bench.ts
 * at the CD shapes (batch 5, 32, 128; 784 → 500), including the index build; see
 * docs/0007-resident-memory.md.
 */

/**
 * Densities up to which A·B (gather) and Aᵀ·B (scatter update) beat dense gemm, per backend:
 * measured crossovers (binary kernel + index build against dense gemm on resident operands, at
 * m = 5, 32, 128 × 784 · 500, densities 0.05–0.75; packages/linalg/bench/results/
 * binary-gemm*.json): wasm gather ≈ 0.6, wasm scatter ≈ 0.7 at m = 128 and above 0.75 (the
 * densest measured) at m ≤ 32 (24-column kernels with precomputed row offsets), js gather and
 * scatter between 0.13 and 0.25; each set at or a little below (the wasm ones measured under
 * load).
 */
export const BINARY_THRESHOLDS = {
  wasm: { gather: 0.5, scatter: 0.7 },
  js: { gather: 0.15, scatter: 0.15 },
} as const;

/** The thresholds for this element type on the active backend (float64 runs on TypeScript). */
export function binaryThresholds(like: FloatArray): { gather: number; scatter: number } {
  return like instanceof Float32Array && getBackend() === 'wasm'
    ? BINARY_THRESHOLDS.wasm
    : BINARY_THRESHOLDS.js;
}

/**
 * A 0/1 operand of the products: its index (refilled per matrix) and which products use it. Call
 * `fill` once per new matrix; the products then choose the binary kernel or dense gemm.
 */
export class BinaryOperand<T extends FloatArray> {
  readonly index: BinaryIndex;
  private readonly limits: { gather: number; scatter: number };
  /** The matrix last filled, and whether its index is usable for A·B and Aᵀ·B. */
  private a: Matrix<T> | undefined;
  private gather = false;
  /** True when the A last filled is 0/1 and sparse enough for the Aᵀ·B scatter kernels. */
  scatter = false;
  /** True when the A last filled is 0/1 (its index is complete, whatever its density). */
  binary = false;

  constructor(like: T, maxRows: number, maxCols: number, arena?: Arena) {
    this.index = new BinaryIndex(maxRows, maxCols, arena);
    this.limits = binaryThresholds(like);
  }

  /** Indexes A (checking it is 0/1) and decides the products from its density. */
  fill(A: Matrix<T>): void {
    this.a = A;
    const ok = this.index.fill(A);
    const d = this.index.density;
    this.binary = ok;
    this.gather = ok && d <= this.limits.gather;
    this.scatter = ok && d <= this.limits.scatter;
  }

  /**
   * out[j] ← α·Σ_i A[i, j] + β·out[j] for the A last filled: counted from the index when A is
   * 0/1 (the same values as colSums, see BinaryIndex.colSums), else colSums.
   */
  colSums(alpha: number, beta: number, out: T): void {
    if (this.binary) this.index.colSums(alpha, beta, out);
    else colSums(alpha, this.a!, beta, out);
  }

  /** C ← α·A·B + β·C for the A last filled (binary gather or dense gemm). */
  times(alpha: number, B: Matrix<T>, beta: number, C: Matrix<T>): void {
    if (this.gather) binaryGemm(alpha, this.index, B, beta, C);
    else gemm(alpha, this.a!, B, beta, C);
  }

  /** C ← α·Aᵀ·B + β·C for the A last filled (binary scatter update or dense gemm). */
  transposeTimes(alpha: number, B: Matrix<T>, beta: number, C: Matrix<T>): void {
    if (this.scatter) binaryGemmT(alpha, this.index, B, beta, C);
    else gemm(alpha, transpose(this.a!), B, beta, C);
  }
}

/**
 * Where a model run keeps its float32 buffers: an arena of WebAssembly memory sized once for the
 * run (float32 on the 'wasm' backend; docs/0007-resident-memory.md) or ordinary arrays.
 */
export interface Buffers<T extends FloatArray> {
  readonly arena: Arena | undefined;
  zeros(rows: number, cols: number): Matrix<T>;
  vector(n: number): T;
  copyOf(m: Matrix<T>): Matrix<T>;
}

/**
 * Buffers for a run whose matrices have the given shapes ([rows, cols] each, vectors as [1, n]),
 * index lists of the given shapes and at most one gemm of `scratch` = [m, k, n] at a time.
 */
export function runBuffers<T extends FloatArray>(
  like: T,
  shapes: readonly (readonly [number, number])[],
  indexShapes: readonly (readonly [number, number])[],
  scratch: readonly [number, number, number],
): Buffers<T> {
  const ints: number[] = [];
  for (const [r, c] of indexShapes) ints.push(r + 1, c + 1, r * c, r * c);
  const bytes =
    like instanceof Float32Array && getBackend() === 'wasm'
      ? arenaBytes(
          shapes.map(([r, c]) => r * c),
          ints,
          gemmScratchBytes(...scratch),
        )
      : Number.POSITIVE_INFINITY;
  // Plain arrays on the JS backend, for float64, and for runs too large for one wasm memory
  // (e.g. a 10000 × 10000 RBM): the kernels then copy per call, as without an arena.
  if (bytes > MAX_ARENA_BYTES) {
    return {
      arena: undefined,
      zeros: (rows, cols) => zerosLike(like, rows, cols),
      vector: (n) => arrayLike(like, n),
      copyOf: (m) => clone(m),
    };
  }
  const arena = createArena(bytes);
  return {
    arena,
    zeros: (rows, cols) => arena.zeros(rows, cols) as unknown as Matrix<T>,
    vector: (n) => arena.float32(n) as unknown as T,
    copyOf: (m) => arena.copyOf(m as unknown as Matrix<Float32Array>) as unknown as Matrix<T>,
  };
}

/**
 * W, a and b of `rbm` copied into `buffers`, in that order (a run lists their shapes [p, q],
 * [1, p], [1, q] first).
 */
export function copyRbmParams<T extends FloatArray>(
  buffers: Buffers<T>,
  rbm: Rbm<T>,
): { W: Matrix<T>; a: T; b: T } {
  const W = buffers.copyOf(rbm.W);
  const a = buffers.vector(rbm.visible);
  const b = buffers.vector(rbm.hidden);
  a.set(rbm.a);
  b.set(rbm.b);
  return { W, a, b };
}
