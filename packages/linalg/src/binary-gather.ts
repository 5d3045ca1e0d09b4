import type { FloatArray, Matrix } from './matrix.js';
import { getBackend } from './wasm/backend.js';
import { binaryGatherWasm } from './wasm/binary.js';

/*
 * The shared kernel of the binary-aware products (internal): for each output row i,
 *   C[i, :] ← α·(Σ_{t ∈ list₁(i)} B₁[idx₁[t], :] − Σ_{t ∈ list₂(i)} B₂[idx₂[t], :]) + β·C[i, :],
 * sums of selected rows (the second list set is optional). binaryGemm passes the row lists of a
 * 0/1 matrix A (C = α·A·B + β·C), binaryGemmT its column lists (C = α·Aᵀ·B + β·C), and
 * binaryGemmTDiff two sets (C = α·(A₁ᵀ·B₁ − A₂ᵀ·B₂) + β·C). The TypeScript kernels accumulate each
 * row in float64 (list 1, then list 2, in order) and round α·Σ + β·c once; the WebAssembly kernels
 * (float32 on the 'wasm' backend) accumulate and apply α, β in float32. C is not read when β = 0
 * and no B is read when α = 0.
 */

/** One set of index lists (a row range 0..rows of a BinaryIndex) and the matrix they select from. */
export interface Lists<T extends FloatArray> {
  readonly ptr: Int32Array;
  readonly idx: Int32Array;
  readonly B: Matrix<T>;
}

/** Row accumulator of the TypeScript kernels (grown when a wider C comes; never per call). */
let ACC = new Float64Array(512);

/** C ← β·C on the rows whose lists are all empty (every row when `all`); nothing when β = 1. */
function scaleRows<T extends FloatArray>(
  rows: number,
  first: Lists<T>,
  second: Lists<T> | undefined,
  all: boolean,
  C: Matrix<T>,
  beta: number,
): void {
  if (beta === 1) return;
  const { data: c, offset: co, rowStride: crs, colStride: ccs, cols: n } = C;
  const p1 = first.ptr;
  const p2 = second?.ptr;
  for (let i = 0; i < rows; i++) {
    if (!all && (p1[i] !== p1[i + 1] || (p2 !== undefined && p2[i] !== p2[i + 1]))) continue;
    let ci = co + i * crs;
    for (let j = 0; j < n; j++) {
      c[ci] = beta === 0 ? 0 : beta * c[ci]!;
      ci += ccs;
    }
  }
}

/** acc[0..n) ← sign·(sum of the rows of B listed in [s, e)) + acc (float32 B). */
function add32(
  acc: Float64Array,
  s: number,
  e: number,
  idx: Int32Array,
  B: Matrix<Float32Array>,
  sign: number,
): void {
  const { data: b, offset: bo, rowStride: brs, colStride: bcs, cols: n } = B;
  for (let t = s; t < e; t++) {
    let bi = bo + idx[t]! * brs;
    if (sign > 0) {
      for (let j = 0; j < n; j++) {
        acc[j] += b[bi]!;
        bi += bcs;
      }
    } else {
      for (let j = 0; j < n; j++) {
        acc[j] -= b[bi]!;
        bi += bcs;
      }
    }
  }
}

/** acc[0..n) ← sign·(sum of the rows of B listed in [s, e)) + acc (float64 B). */
function add64(
  acc: Float64Array,
  s: number,
  e: number,
  idx: Int32Array,
  B: Matrix<Float64Array>,
  sign: number,
): void {
  const { data: b, offset: bo, rowStride: brs, colStride: bcs, cols: n } = B;
  for (let t = s; t < e; t++) {
    let bi = bo + idx[t]! * brs;
    if (sign > 0) {
      for (let j = 0; j < n; j++) {
        acc[j] += b[bi]!;
        bi += bcs;
      }
    } else {
      for (let j = 0; j < n; j++) {
        acc[j] -= b[bi]!;
        bi += bcs;
      }
    }
  }
}

/** C[i, :] ← α·acc + β·C[i, :] (C not read when β = 0). */
function store<T extends FloatArray>(
  acc: Float64Array,
  C: Matrix<T>,
  i: number,
  alpha: number,
  beta: number,
): void {
  const { data: c, offset: co, rowStride: crs, colStride: ccs, cols: n } = C;
  let ci = co + i * crs;
  if (beta === 0) {
    for (let j = 0; j < n; j++) {
      c[ci] = alpha * acc[j]!;
      ci += ccs;
    }
  } else {
    for (let j = 0; j < n; j++) {
      c[ci] = alpha * acc[j]! + beta * c[ci]!;
      ci += ccs;
    }
  }
}

function gatherTs<T extends FloatArray>(
  alpha: number,
  rows: number,
  first: Lists<T>,
  second: Lists<T> | undefined,
  beta: number,
  C: Matrix<T>,
): void {
  const n = C.cols;
  if (ACC.length < n) ACC = new Float64Array(n);
  const acc = ACC;
  const f32 = C.data instanceof Float32Array;
  scaleRows(rows, first, second, false, C, beta);
  for (let i = 0; i < rows; i++) {
    const s1 = first.ptr[i]!;
    const e1 = first.ptr[i + 1]!;
    const s2 = second ? second.ptr[i]! : 0;
    const e2 = second ? second.ptr[i + 1]! : 0;
    if (s1 === e1 && s2 === e2) continue;
    acc.fill(0, 0, n);
    if (f32) {
      add32(acc, s1, e1, first.idx, first.B as Matrix<Float32Array>, 1);
      if (second) add32(acc, s2, e2, second.idx, second.B as Matrix<Float32Array>, -1);
    } else {
      add64(acc, s1, e1, first.idx, first.B as Matrix<Float64Array>, 1);
      if (second) add64(acc, s2, e2, second.idx, second.B as Matrix<Float64Array>, -1);
    }
    store(acc, C, i, alpha, beta);
  }
}

/**
 * C ← α·(first's selection of its B − second's) + β·C for validated arguments (C has `rows`
 * rows and the Bs' column count). Float32 runs on the active backend (`scatter`: the row-by-row
 * wasm kernel for short lists, else the column-block one), float64 on TypeScript.
 */
export function binaryGather<T extends FloatArray>(
  alpha: number,
  rows: number,
  first: Lists<T>,
  second: Lists<T> | undefined,
  beta: number,
  C: Matrix<T>,
  scatter: boolean,
): void {
  if (rows === 0 || C.cols === 0) return;
  if (alpha === 0) {
    scaleRows(rows, first, second, true, C, beta);
    return;
  }
  if (
    C.data instanceof Float32Array &&
    getBackend() === 'wasm' &&
    binaryGatherWasm(
      alpha,
      rows,
      first as unknown as Lists<Float32Array>,
      second as unknown as Lists<Float32Array> | undefined,
      beta,
      C as Matrix<Float32Array>,
      scatter || second !== undefined,
    )
  ) {
    return;
  }
  gatherTs(alpha, rows, first, second, beta, C);
}
