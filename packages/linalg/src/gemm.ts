import type { FloatArray, Matrix } from './matrix.js';
import { gemmParallel } from './parallel/gemm-parallel.js';
import {
  checkEqual,
  checkMatrix,
  checkSameType,
  checkScalar,
  matricesOverlap,
} from './validate.js';
import { gemmWasm, getBackend } from './wasm/backend.js';

/*
 * Blocked gemm after Goto & van de Geijn: C is pre-scaled by β, then for each KC-deep slice of
 * the k dimension an MC×KC block of A and a KC×NC panel of B are packed (from any strides, as
 * float64) into the fixed scratch buffers PA and PB, and a 4×4 register tile (16 float64
 * accumulators in locals) walks the packed panels, adding α·(A·B) tile by tile into C.
 *
 * PA, PB and TILE are module-level constants of fixed size on purpose: V8 then embeds their
 * address and length in the optimized kernels, which removes the per-load map check and
 * backing-store load (measured ≈ 25% faster than passing the buffers as arguments).
 *
 * When m is small (few rows: the batch-5 case) packing B costs as much as the product, so A is
 * packed and B is read in place ("direct" path); a small n is turned into a small m by computing
 * Cᵀ = Bᵀ·Aᵀ through swapped strides.
 *
 * Packed panels hold float64 for both element types (float32 → float64 is exact), so the tile
 * loops never convert; the per-type code is packing (reads A, B) and the kernels' stores into C.
 */

/** Depth of one packed slice of k. */
const KC = 256;
/** Rows of A packed at a time (multiple of 4). */
const MC = 128;
/** Columns of B packed at a time (multiple of 4). */
const NC = 512;
/** Below this many rows (or columns) the direct path is used. */
const DIRECT_MAX = 16;

/** Packed A block: ⌈mc/4⌉ strips, each kc × 4 (row-interleaved), zero-padded to 4 rows. */
const PA = new Float64Array(MC * KC);
/** Packed B panel: ⌈nc/4⌉ strips, each kc × 4 (column-interleaved), zero-padded to 4 columns. */
const PB = new Float64Array(KC * NC);
/** One 4×4 tile of results, row-major, for edge tiles that are written partially. */
const TILE = new Float64Array(16);

/** The per-element-type routines the shared driver calls (each is monomorphic in its arrays). */
interface GemmOps<T extends FloatArray> {
  scale(c: T, co: number, crs: number, ccs: number, m: number, n: number, beta: number): void;
  packA(a: T, ao: number, ars: number, acs: number, mc: number, kc: number): void;
  packA5(a: T, ao: number, ars: number, acs: number, kc: number, q: number): void;
  packB(b: T, bo: number, brs: number, bcs: number, kc: number, nc: number): void;
  kernel(
    kc: number,
    ia: number,
    ib: number,
    c: T,
    ci: number,
    crs: number,
    ccs: number,
    alpha: number,
    mr: number,
    nr: number,
  ): void;
  direct44(
    kc: number,
    ia: number,
    b: T,
    bi: number,
    brs: number,
    bcs: number,
    c: T,
    ci: number,
    crs: number,
    ccs: number,
    alpha: number,
  ): void;
  direct54(
    kc: number,
    ia: number,
    b: T,
    bi: number,
    brs: number,
    bcs: number,
    c: T,
    ci: number,
    crs: number,
    ccs: number,
    alpha: number,
  ): void;
  direct14(
    kc: number,
    ia: number,
    b: T,
    bi: number,
    brs: number,
    bcs: number,
    c: T,
    ci: number,
    ccs: number,
    alpha: number,
  ): void;
  direct11(
    kc: number,
    ia: number,
    step: number,
    b: T,
    bi: number,
    brs: number,
    c: T,
    ci: number,
    alpha: number,
  ): void;
}

// ---------------------------------------------------------------------------------------------
// float32

function scale32(
  c: Float32Array,
  co: number,
  crs: number,
  ccs: number,
  m: number,
  n: number,
  beta: number,
): void {
  for (let i = 0; i < m; i++) {
    let ci = co + i * crs;
    if (beta === 0) {
      for (let j = 0; j < n; j++) {
        c[ci] = 0;
        ci += ccs;
      }
    } else {
      for (let j = 0; j < n; j++) {
        c[ci] = beta * c[ci]!;
        ci += ccs;
      }
    }
  }
}

function packA32(a: Float32Array, ao: number, ars: number, acs: number, mc: number, kc: number) {
  const full = mc & ~3;
  const r1 = ars;
  const r2 = 2 * ars;
  const r3 = 3 * ars;
  let q = 0;
  for (let i = 0; i < full; i += 4) {
    let s = ao + i * ars;
    for (let p = 0; p < kc; p++) {
      PA[q] = a[s]!;
      PA[q + 1] = a[s + r1]!;
      PA[q + 2] = a[s + r2]!;
      PA[q + 3] = a[s + r3]!;
      q += 4;
      s += acs;
    }
  }
  const rest = mc - full;
  if (rest > 0) {
    let s = ao + full * ars;
    for (let p = 0; p < kc; p++) {
      PA[q] = a[s]!;
      PA[q + 1] = rest > 1 ? a[s + r1]! : 0;
      PA[q + 2] = rest > 2 ? a[s + r2]! : 0;
      PA[q + 3] = 0;
      q += 4;
      s += acs;
    }
  }
}

function packB32(b: Float32Array, bo: number, brs: number, bcs: number, kc: number, nc: number) {
  const full = nc & ~3;
  const s1 = bcs;
  const s2 = 2 * bcs;
  const s3 = 3 * bcs;
  let q = 0;
  for (let j = 0; j < full; j += 4) {
    let s = bo + j * bcs;
    for (let p = 0; p < kc; p++) {
      PB[q] = b[s]!;
      PB[q + 1] = b[s + s1]!;
      PB[q + 2] = b[s + s2]!;
      PB[q + 3] = b[s + s3]!;
      q += 4;
      s += brs;
    }
  }
  const rest = nc - full;
  if (rest > 0) {
    let s = bo + full * bcs;
    for (let p = 0; p < kc; p++) {
      PB[q] = b[s]!;
      PB[q + 1] = rest > 1 ? b[s + s1]! : 0;
      PB[q + 2] = rest > 2 ? b[s + s2]! : 0;
      PB[q + 3] = 0;
      q += 4;
      s += brs;
    }
  }
}

/** Packs 5 rows × kc of A (from ao) into PA[q..] interleaved by row: PA[q + 5p + i] = A[i, p]. */
function packA5_32(a: Float32Array, ao: number, ars: number, acs: number, kc: number, q: number) {
  const r1 = ars;
  const r2 = 2 * ars;
  const r3 = 3 * ars;
  const r4 = 4 * ars;
  let s = ao;
  for (let p = 0; p < kc; p++) {
    PA[q] = a[s]!;
    PA[q + 1] = a[s + r1]!;
    PA[q + 2] = a[s + r2]!;
    PA[q + 3] = a[s + r3]!;
    PA[q + 4] = a[s + r4]!;
    q += 5;
    s += acs;
  }
}

function addTile32(
  c: Float32Array,
  ci: number,
  crs: number,
  ccs: number,
  alpha: number,
  mr: number,
  nr: number,
): void {
  for (let i = 0; i < mr; i++) {
    const row = ci + i * crs;
    for (let j = 0; j < nr; j++) c[row + j * ccs] += alpha * TILE[i * 4 + j]!;
  }
}

/** C[4×4 tile] += α · PA-strip(ia) · PB-strip(ib) over kc; only mr×nr of the tile is written. */
function kernel32(
  kc: number,
  ia: number,
  ib: number,
  c: Float32Array,
  ci: number,
  crs: number,
  ccs: number,
  alpha: number,
  mr: number,
  nr: number,
): void {
  let c00 = 0;
  let c01 = 0;
  let c02 = 0;
  let c03 = 0;
  let c10 = 0;
  let c11 = 0;
  let c12 = 0;
  let c13 = 0;
  let c20 = 0;
  let c21 = 0;
  let c22 = 0;
  let c23 = 0;
  let c30 = 0;
  let c31 = 0;
  let c32 = 0;
  let c33 = 0;
  for (let p = 0; p < kc; p++) {
    const a0 = PA[ia]!;
    const a1 = PA[(ia + 1) | 0]!;
    const a2 = PA[(ia + 2) | 0]!;
    const a3 = PA[(ia + 3) | 0]!;
    let b = PB[ib]!;
    c00 += a0 * b;
    c10 += a1 * b;
    c20 += a2 * b;
    c30 += a3 * b;
    b = PB[(ib + 1) | 0]!;
    c01 += a0 * b;
    c11 += a1 * b;
    c21 += a2 * b;
    c31 += a3 * b;
    b = PB[(ib + 2) | 0]!;
    c02 += a0 * b;
    c12 += a1 * b;
    c22 += a2 * b;
    c32 += a3 * b;
    b = PB[(ib + 3) | 0]!;
    c03 += a0 * b;
    c13 += a1 * b;
    c23 += a2 * b;
    c33 += a3 * b;
    ia = (ia + 4) | 0;
    ib = (ib + 4) | 0;
  }
  if (mr === 4 && nr === 4) {
    const j1 = ccs;
    const j2 = 2 * ccs;
    const j3 = 3 * ccs;
    c[ci] += alpha * c00;
    c[ci + j1] += alpha * c01;
    c[ci + j2] += alpha * c02;
    c[ci + j3] += alpha * c03;
    ci += crs;
    c[ci] += alpha * c10;
    c[ci + j1] += alpha * c11;
    c[ci + j2] += alpha * c12;
    c[ci + j3] += alpha * c13;
    ci += crs;
    c[ci] += alpha * c20;
    c[ci + j1] += alpha * c21;
    c[ci + j2] += alpha * c22;
    c[ci + j3] += alpha * c23;
    ci += crs;
    c[ci] += alpha * c30;
    c[ci + j1] += alpha * c31;
    c[ci + j2] += alpha * c32;
    c[ci + j3] += alpha * c33;
  } else {
    TILE[0] = c00;
    TILE[1] = c01;
    TILE[2] = c02;
    TILE[3] = c03;
    TILE[4] = c10;
    TILE[5] = c11;
    TILE[6] = c12;
    TILE[7] = c13;
    TILE[8] = c20;
    TILE[9] = c21;
    TILE[10] = c22;
    TILE[11] = c23;
    TILE[12] = c30;
    TILE[13] = c31;
    TILE[14] = c32;
    TILE[15] = c33;
    addTile32(c, ci, crs, ccs, alpha, mr, nr);
  }
}

/** C[4×4 tile] += α · PA-strip(ia) · B[bi.., 4 columns] over kc, B read in place. */
function direct44_32(
  kc: number,
  ia: number,
  b: Float32Array,
  bi: number,
  brs: number,
  bcs: number,
  c: Float32Array,
  ci: number,
  crs: number,
  ccs: number,
  alpha: number,
): void {
  const s1 = bcs;
  const s2 = 2 * bcs;
  const s3 = 3 * bcs;
  let c00 = 0;
  let c01 = 0;
  let c02 = 0;
  let c03 = 0;
  let c10 = 0;
  let c11 = 0;
  let c12 = 0;
  let c13 = 0;
  let c20 = 0;
  let c21 = 0;
  let c22 = 0;
  let c23 = 0;
  let c30 = 0;
  let c31 = 0;
  let c32 = 0;
  let c33 = 0;
  for (let p = 0; p < kc; p++) {
    const a0 = PA[ia]!;
    const a1 = PA[(ia + 1) | 0]!;
    const a2 = PA[(ia + 2) | 0]!;
    const a3 = PA[(ia + 3) | 0]!;
    let v = b[bi]!;
    c00 += a0 * v;
    c10 += a1 * v;
    c20 += a2 * v;
    c30 += a3 * v;
    v = b[bi + s1]!;
    c01 += a0 * v;
    c11 += a1 * v;
    c21 += a2 * v;
    c31 += a3 * v;
    v = b[bi + s2]!;
    c02 += a0 * v;
    c12 += a1 * v;
    c22 += a2 * v;
    c32 += a3 * v;
    v = b[bi + s3]!;
    c03 += a0 * v;
    c13 += a1 * v;
    c23 += a2 * v;
    c33 += a3 * v;
    ia = (ia + 4) | 0;
    bi += brs;
  }
  const j1 = ccs;
  const j2 = 2 * ccs;
  const j3 = 3 * ccs;
  c[ci] += alpha * c00;
  c[ci + j1] += alpha * c01;
  c[ci + j2] += alpha * c02;
  c[ci + j3] += alpha * c03;
  ci += crs;
  c[ci] += alpha * c10;
  c[ci + j1] += alpha * c11;
  c[ci + j2] += alpha * c12;
  c[ci + j3] += alpha * c13;
  ci += crs;
  c[ci] += alpha * c20;
  c[ci + j1] += alpha * c21;
  c[ci + j2] += alpha * c22;
  c[ci + j3] += alpha * c23;
  ci += crs;
  c[ci] += alpha * c30;
  c[ci + j1] += alpha * c31;
  c[ci + j2] += alpha * c32;
  c[ci + j3] += alpha * c33;
}

/** C[1×4] += α · PA(ia, step 4) · B[bi.., 4 columns] over kc (a leftover row of a strip). */
function direct14_32(
  kc: number,
  ia: number,
  b: Float32Array,
  bi: number,
  brs: number,
  bcs: number,
  c: Float32Array,
  ci: number,
  ccs: number,
  alpha: number,
): void {
  const s1 = bcs;
  const s2 = 2 * bcs;
  const s3 = 3 * bcs;
  let c0 = 0;
  let c1 = 0;
  let c2 = 0;
  let c3 = 0;
  for (let p = 0; p < kc; p++) {
    const a = PA[ia]!;
    c0 += a * b[bi]!;
    c1 += a * b[bi + s1]!;
    c2 += a * b[bi + s2]!;
    c3 += a * b[bi + s3]!;
    ia = (ia + 4) | 0;
    bi += brs;
  }
  c[ci] += alpha * c0;
  c[ci + ccs] += alpha * c1;
  c[ci + 2 * ccs] += alpha * c2;
  c[ci + 3 * ccs] += alpha * c3;
}

/** C[1×1] += α · PA(ia, every `step`-th) · B[bi.., one column] over kc. */
function direct11_32(
  kc: number,
  ia: number,
  step: number,
  b: Float32Array,
  bi: number,
  brs: number,
  c: Float32Array,
  ci: number,
  alpha: number,
): void {
  let s = 0;
  for (let p = 0; p < kc; p++) {
    s += PA[ia]! * b[bi]!;
    ia = (ia + step) | 0;
    bi += brs;
  }
  c[ci] += alpha * s;
}

/** C[5×4] += α · PA-strip of 5 rows (ia) · B[bi.., 4 columns] over kc (the batch-5 case). */
function direct54_32(
  kc: number,
  ia: number,
  b: Float32Array,
  bi: number,
  brs: number,
  bcs: number,
  c: Float32Array,
  ci: number,
  crs: number,
  ccs: number,
  alpha: number,
): void {
  const s1 = bcs;
  const s2 = 2 * bcs;
  const s3 = 3 * bcs;
  let c00 = 0;
  let c01 = 0;
  let c02 = 0;
  let c03 = 0;
  let c10 = 0;
  let c11 = 0;
  let c12 = 0;
  let c13 = 0;
  let c20 = 0;
  let c21 = 0;
  let c22 = 0;
  let c23 = 0;
  let c30 = 0;
  let c31 = 0;
  let c32 = 0;
  let c33 = 0;
  let c40 = 0;
  let c41 = 0;
  let c42 = 0;
  let c43 = 0;
  for (let p = 0; p < kc; p++) {
    const a0 = PA[ia]!;
    const a1 = PA[(ia + 1) | 0]!;
    const a2 = PA[(ia + 2) | 0]!;
    const a3 = PA[(ia + 3) | 0]!;
    const a4 = PA[(ia + 4) | 0]!;
    let v = b[bi]!;
    c00 += a0 * v;
    c10 += a1 * v;
    c20 += a2 * v;
    c30 += a3 * v;
    c40 += a4 * v;
    v = b[bi + s1]!;
    c01 += a0 * v;
    c11 += a1 * v;
    c21 += a2 * v;
    c31 += a3 * v;
    c41 += a4 * v;
    v = b[bi + s2]!;
    c02 += a0 * v;
    c12 += a1 * v;
    c22 += a2 * v;
    c32 += a3 * v;
    c42 += a4 * v;
    v = b[bi + s3]!;
    c03 += a0 * v;
    c13 += a1 * v;
    c23 += a2 * v;
    c33 += a3 * v;
    c43 += a4 * v;
    ia = (ia + 5) | 0;
    bi += brs;
  }
  const j1 = ccs;
  const j2 = 2 * ccs;
  const j3 = 3 * ccs;
  c[ci] += alpha * c00;
  c[ci + j1] += alpha * c01;
  c[ci + j2] += alpha * c02;
  c[ci + j3] += alpha * c03;
  ci += crs;
  c[ci] += alpha * c10;
  c[ci + j1] += alpha * c11;
  c[ci + j2] += alpha * c12;
  c[ci + j3] += alpha * c13;
  ci += crs;
  c[ci] += alpha * c20;
  c[ci + j1] += alpha * c21;
  c[ci + j2] += alpha * c22;
  c[ci + j3] += alpha * c23;
  ci += crs;
  c[ci] += alpha * c30;
  c[ci + j1] += alpha * c31;
  c[ci + j2] += alpha * c32;
  c[ci + j3] += alpha * c33;
  ci += crs;
  c[ci] += alpha * c40;
  c[ci + j1] += alpha * c41;
  c[ci + j2] += alpha * c42;
  c[ci + j3] += alpha * c43;
}
const OPS32: GemmOps<Float32Array> = {
  scale: scale32,
  packA: packA32,
  packA5: packA5_32,
  packB: packB32,
  kernel: kernel32,
  direct44: direct44_32,
  direct54: direct54_32,
  direct14: direct14_32,
  direct11: direct11_32,
};

// ---------------------------------------------------------------------------------------------
// float64 (the same code with Float64Array operands, kept separate so each stays monomorphic)

function scale64(
  c: Float64Array,
  co: number,
  crs: number,
  ccs: number,
  m: number,
  n: number,
  beta: number,
): void {
  for (let i = 0; i < m; i++) {
    let ci = co + i * crs;
    if (beta === 0) {
      for (let j = 0; j < n; j++) {
        c[ci] = 0;
        ci += ccs;
      }
    } else {
      for (let j = 0; j < n; j++) {
        c[ci] = beta * c[ci]!;
        ci += ccs;
      }
    }
  }
}

function packA64(a: Float64Array, ao: number, ars: number, acs: number, mc: number, kc: number) {
  const full = mc & ~3;
  const r1 = ars;
  const r2 = 2 * ars;
  const r3 = 3 * ars;
  let q = 0;
  for (let i = 0; i < full; i += 4) {
    let s = ao + i * ars;
    for (let p = 0; p < kc; p++) {
      PA[q] = a[s]!;
      PA[q + 1] = a[s + r1]!;
      PA[q + 2] = a[s + r2]!;
      PA[q + 3] = a[s + r3]!;
      q += 4;
      s += acs;
    }
  }
  const rest = mc - full;
  if (rest > 0) {
    let s = ao + full * ars;
    for (let p = 0; p < kc; p++) {
      PA[q] = a[s]!;
      PA[q + 1] = rest > 1 ? a[s + r1]! : 0;
      PA[q + 2] = rest > 2 ? a[s + r2]! : 0;
      PA[q + 3] = 0;
      q += 4;
      s += acs;
    }
  }
}

function packB64(b: Float64Array, bo: number, brs: number, bcs: number, kc: number, nc: number) {
  const full = nc & ~3;
  const s1 = bcs;
  const s2 = 2 * bcs;
  const s3 = 3 * bcs;
  let q = 0;
  for (let j = 0; j < full; j += 4) {
    let s = bo + j * bcs;
    for (let p = 0; p < kc; p++) {
      PB[q] = b[s]!;
      PB[q + 1] = b[s + s1]!;
      PB[q + 2] = b[s + s2]!;
      PB[q + 3] = b[s + s3]!;
      q += 4;
      s += brs;
    }
  }
  const rest = nc - full;
  if (rest > 0) {
    let s = bo + full * bcs;
    for (let p = 0; p < kc; p++) {
      PB[q] = b[s]!;
      PB[q + 1] = rest > 1 ? b[s + s1]! : 0;
      PB[q + 2] = rest > 2 ? b[s + s2]! : 0;
      PB[q + 3] = 0;
      q += 4;
      s += brs;
    }
  }
}

function packA5_64(a: Float64Array, ao: number, ars: number, acs: number, kc: number, q: number) {
  const r1 = ars;
  const r2 = 2 * ars;
  const r3 = 3 * ars;
  const r4 = 4 * ars;
  let s = ao;
  for (let p = 0; p < kc; p++) {
    PA[q] = a[s]!;
    PA[q + 1] = a[s + r1]!;
    PA[q + 2] = a[s + r2]!;
    PA[q + 3] = a[s + r3]!;
    PA[q + 4] = a[s + r4]!;
    q += 5;
    s += acs;
  }
}

function addTile64(
  c: Float64Array,
  ci: number,
  crs: number,
  ccs: number,
  alpha: number,
  mr: number,
  nr: number,
): void {
  for (let i = 0; i < mr; i++) {
    const row = ci + i * crs;
    for (let j = 0; j < nr; j++) c[row + j * ccs] += alpha * TILE[i * 4 + j]!;
  }
}

function kernel64(
  kc: number,
  ia: number,
  ib: number,
  c: Float64Array,
  ci: number,
  crs: number,
  ccs: number,
  alpha: number,
  mr: number,
  nr: number,
): void {
  let c00 = 0;
  let c01 = 0;
  let c02 = 0;
  let c03 = 0;
  let c10 = 0;
  let c11 = 0;
  let c12 = 0;
  let c13 = 0;
  let c20 = 0;
  let c21 = 0;
  let c22 = 0;
  let c23 = 0;
  let c30 = 0;
  let c31 = 0;
  let c32 = 0;
  let c33 = 0;
  for (let p = 0; p < kc; p++) {
    const a0 = PA[ia]!;
    const a1 = PA[(ia + 1) | 0]!;
    const a2 = PA[(ia + 2) | 0]!;
    const a3 = PA[(ia + 3) | 0]!;
    let b = PB[ib]!;
    c00 += a0 * b;
    c10 += a1 * b;
    c20 += a2 * b;
    c30 += a3 * b;
    b = PB[(ib + 1) | 0]!;
    c01 += a0 * b;
    c11 += a1 * b;
    c21 += a2 * b;
    c31 += a3 * b;
    b = PB[(ib + 2) | 0]!;
    c02 += a0 * b;
    c12 += a1 * b;
    c22 += a2 * b;
    c32 += a3 * b;
    b = PB[(ib + 3) | 0]!;
    c03 += a0 * b;
    c13 += a1 * b;
    c23 += a2 * b;
    c33 += a3 * b;
    ia = (ia + 4) | 0;
    ib = (ib + 4) | 0;
  }
  if (mr === 4 && nr === 4) {
    const j1 = ccs;
    const j2 = 2 * ccs;
    const j3 = 3 * ccs;
    c[ci] += alpha * c00;
    c[ci + j1] += alpha * c01;
    c[ci + j2] += alpha * c02;
    c[ci + j3] += alpha * c03;
    ci += crs;
    c[ci] += alpha * c10;
    c[ci + j1] += alpha * c11;
    c[ci + j2] += alpha * c12;
    c[ci + j3] += alpha * c13;
    ci += crs;
    c[ci] += alpha * c20;
    c[ci + j1] += alpha * c21;
    c[ci + j2] += alpha * c22;
    c[ci + j3] += alpha * c23;
    ci += crs;
    c[ci] += alpha * c30;
    c[ci + j1] += alpha * c31;
    c[ci + j2] += alpha * c32;
    c[ci + j3] += alpha * c33;
  } else {
    TILE[0] = c00;
    TILE[1] = c01;
    TILE[2] = c02;
    TILE[3] = c03;
    TILE[4] = c10;
    TILE[5] = c11;
    TILE[6] = c12;
    TILE[7] = c13;
    TILE[8] = c20;
    TILE[9] = c21;
    TILE[10] = c22;
    TILE[11] = c23;
    TILE[12] = c30;
    TILE[13] = c31;
    TILE[14] = c32;
    TILE[15] = c33;
    addTile64(c, ci, crs, ccs, alpha, mr, nr);
  }
}

function direct44_64(
  kc: number,
  ia: number,
  b: Float64Array,
  bi: number,
  brs: number,
  bcs: number,
  c: Float64Array,
  ci: number,
  crs: number,
  ccs: number,
  alpha: number,
): void {
  const s1 = bcs;
  const s2 = 2 * bcs;
  const s3 = 3 * bcs;
  let c00 = 0;
  let c01 = 0;
  let c02 = 0;
  let c03 = 0;
  let c10 = 0;
  let c11 = 0;
  let c12 = 0;
  let c13 = 0;
  let c20 = 0;
  let c21 = 0;
  let c22 = 0;
  let c23 = 0;
  let c30 = 0;
  let c31 = 0;
  let c32 = 0;
  let c33 = 0;
  for (let p = 0; p < kc; p++) {
    const a0 = PA[ia]!;
    const a1 = PA[(ia + 1) | 0]!;
    const a2 = PA[(ia + 2) | 0]!;
    const a3 = PA[(ia + 3) | 0]!;
    let v = b[bi]!;
    c00 += a0 * v;
    c10 += a1 * v;
    c20 += a2 * v;
    c30 += a3 * v;
    v = b[bi + s1]!;
    c01 += a0 * v;
    c11 += a1 * v;
    c21 += a2 * v;
    c31 += a3 * v;
    v = b[bi + s2]!;
    c02 += a0 * v;
    c12 += a1 * v;
    c22 += a2 * v;
    c32 += a3 * v;
    v = b[bi + s3]!;
    c03 += a0 * v;
    c13 += a1 * v;
    c23 += a2 * v;
    c33 += a3 * v;
    ia = (ia + 4) | 0;
    bi += brs;
  }
  const j1 = ccs;
  const j2 = 2 * ccs;
  const j3 = 3 * ccs;
  c[ci] += alpha * c00;
  c[ci + j1] += alpha * c01;
  c[ci + j2] += alpha * c02;
  c[ci + j3] += alpha * c03;
  ci += crs;
  c[ci] += alpha * c10;
  c[ci + j1] += alpha * c11;
  c[ci + j2] += alpha * c12;
  c[ci + j3] += alpha * c13;
  ci += crs;
  c[ci] += alpha * c20;
  c[ci + j1] += alpha * c21;
  c[ci + j2] += alpha * c22;
  c[ci + j3] += alpha * c23;
  ci += crs;
  c[ci] += alpha * c30;
  c[ci + j1] += alpha * c31;
  c[ci + j2] += alpha * c32;
  c[ci + j3] += alpha * c33;
}

function direct14_64(
  kc: number,
  ia: number,
  b: Float64Array,
  bi: number,
  brs: number,
  bcs: number,
  c: Float64Array,
  ci: number,
  ccs: number,
  alpha: number,
): void {
  const s1 = bcs;
  const s2 = 2 * bcs;
  const s3 = 3 * bcs;
  let c0 = 0;
  let c1 = 0;
  let c2 = 0;
  let c3 = 0;
  for (let p = 0; p < kc; p++) {
    const a = PA[ia]!;
    c0 += a * b[bi]!;
    c1 += a * b[bi + s1]!;
    c2 += a * b[bi + s2]!;
    c3 += a * b[bi + s3]!;
    ia = (ia + 4) | 0;
    bi += brs;
  }
  c[ci] += alpha * c0;
  c[ci + ccs] += alpha * c1;
  c[ci + 2 * ccs] += alpha * c2;
  c[ci + 3 * ccs] += alpha * c3;
}

function direct11_64(
  kc: number,
  ia: number,
  step: number,
  b: Float64Array,
  bi: number,
  brs: number,
  c: Float64Array,
  ci: number,
  alpha: number,
): void {
  let s = 0;
  for (let p = 0; p < kc; p++) {
    s += PA[ia]! * b[bi]!;
    ia = (ia + step) | 0;
    bi += brs;
  }
  c[ci] += alpha * s;
}

function direct54_64(
  kc: number,
  ia: number,
  b: Float64Array,
  bi: number,
  brs: number,
  bcs: number,
  c: Float64Array,
  ci: number,
  crs: number,
  ccs: number,
  alpha: number,
): void {
  const s1 = bcs;
  const s2 = 2 * bcs;
  const s3 = 3 * bcs;
  let c00 = 0;
  let c01 = 0;
  let c02 = 0;
  let c03 = 0;
  let c10 = 0;
  let c11 = 0;
  let c12 = 0;
  let c13 = 0;
  let c20 = 0;
  let c21 = 0;
  let c22 = 0;
  let c23 = 0;
  let c30 = 0;
  let c31 = 0;
  let c32 = 0;
  let c33 = 0;
  let c40 = 0;
  let c41 = 0;
  let c42 = 0;
  let c43 = 0;
  for (let p = 0; p < kc; p++) {
    const a0 = PA[ia]!;
    const a1 = PA[(ia + 1) | 0]!;
    const a2 = PA[(ia + 2) | 0]!;
    const a3 = PA[(ia + 3) | 0]!;
    const a4 = PA[(ia + 4) | 0]!;
    let v = b[bi]!;
    c00 += a0 * v;
    c10 += a1 * v;
    c20 += a2 * v;
    c30 += a3 * v;
    c40 += a4 * v;
    v = b[bi + s1]!;
    c01 += a0 * v;
    c11 += a1 * v;
    c21 += a2 * v;
    c31 += a3 * v;
    c41 += a4 * v;
    v = b[bi + s2]!;
    c02 += a0 * v;
    c12 += a1 * v;
    c22 += a2 * v;
    c32 += a3 * v;
    c42 += a4 * v;
    v = b[bi + s3]!;
    c03 += a0 * v;
    c13 += a1 * v;
    c23 += a2 * v;
    c33 += a3 * v;
    c43 += a4 * v;
    ia = (ia + 5) | 0;
    bi += brs;
  }
  const j1 = ccs;
  const j2 = 2 * ccs;
  const j3 = 3 * ccs;
  c[ci] += alpha * c00;
  c[ci + j1] += alpha * c01;
  c[ci + j2] += alpha * c02;
  c[ci + j3] += alpha * c03;
  ci += crs;
  c[ci] += alpha * c10;
  c[ci + j1] += alpha * c11;
  c[ci + j2] += alpha * c12;
  c[ci + j3] += alpha * c13;
  ci += crs;
  c[ci] += alpha * c20;
  c[ci + j1] += alpha * c21;
  c[ci + j2] += alpha * c22;
  c[ci + j3] += alpha * c23;
  ci += crs;
  c[ci] += alpha * c30;
  c[ci + j1] += alpha * c31;
  c[ci + j2] += alpha * c32;
  c[ci + j3] += alpha * c33;
  ci += crs;
  c[ci] += alpha * c40;
  c[ci + j1] += alpha * c41;
  c[ci + j2] += alpha * c42;
  c[ci + j3] += alpha * c43;
}
const OPS64: GemmOps<Float64Array> = {
  scale: scale64,
  packA: packA64,
  packA5: packA5_64,
  packB: packB64,
  kernel: kernel64,
  direct44: direct44_64,
  direct54: direct54_64,
  direct14: direct14_64,
  direct11: direct11_64,
};

// ---------------------------------------------------------------------------------------------
// drivers (shared; they only do loop control and call the typed routines above)

/**
 * The block size for splitting `total` into ⌈total/max⌉ near-equal blocks (a multiple of 4 when
 * `max` is, never above `max`), so that no block is a thin remainder.
 */
function evenStep(total: number, max: number): number {
  const blocks = Math.ceil(total / max);
  const step = Math.ceil(total / blocks);
  return max % 4 === 0 ? Math.min(max, (step + 3) & ~3) : step;
}

/**
 * C += α·A·B with A packed per KC slice and B read in place; needs m ≤ MC. Rows go in 4-row
 * strips; when m ≡ 1 (mod 4) the last strip has 5 rows (so m = 5 is one strip), otherwise the
 * 1–3 leftover rows are done one at a time.
 */
function directPath<T extends FloatArray>(
  ops: GemmOps<T>,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: T,
  ao: number,
  ars: number,
  acs: number,
  b: T,
  bo: number,
  brs: number,
  bcs: number,
  c: T,
  co: number,
  crs: number,
  ccs: number,
): void {
  const five = m >= 5 && (m & 3) === 1;
  const m4 = five ? m - 5 : m & ~3;
  const nFull = n & ~3;
  const kStep = evenStep(k, KC);
  for (let pc = 0; pc < k; pc += kStep) {
    const kc = Math.min(kStep, k - pc);
    ops.packA(a, ao + pc * acs, ars, acs, five ? m4 : m, kc);
    if (five) ops.packA5(a, ao + m4 * ars + pc * acs, ars, acs, kc, m4 * kc);
    const bp = bo + pc * brs;
    for (let j = 0; j < nFull; j += 4) {
      const bj = bp + j * bcs;
      const cj = co + j * ccs;
      for (let i = 0; i < m4; i += 4) {
        ops.direct44(kc, i * kc, b, bj, brs, bcs, c, cj + i * crs, crs, ccs, alpha);
      }
      if (five) {
        ops.direct54(kc, m4 * kc, b, bj, brs, bcs, c, cj + m4 * crs, crs, ccs, alpha);
      } else {
        for (let i = m4; i < m; i++) {
          ops.direct14(kc, m4 * kc + (i - m4), b, bj, brs, bcs, c, cj + i * crs, ccs, alpha);
        }
      }
    }
    for (let j = nFull; j < n; j++) {
      for (let i = 0; i < m; i++) {
        const ia = i < m4 ? (i & ~3) * kc + (i & 3) : m4 * kc + (i - m4);
        const step = i >= m4 && five ? 5 : 4;
        ops.direct11(kc, ia, step, b, bp + j * bcs, brs, c, co + i * crs + j * ccs, alpha);
      }
    }
  }
}

/** C += α·A·B with both operands packed (Goto loop order: jc, pc, ic, then 4-wide tiles). */
function packedPath<T extends FloatArray>(
  ops: GemmOps<T>,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: T,
  ao: number,
  ars: number,
  acs: number,
  b: T,
  bo: number,
  brs: number,
  bcs: number,
  c: T,
  co: number,
  crs: number,
  ccs: number,
): void {
  const kStep = evenStep(k, KC);
  const mStep = evenStep(m, MC);
  const nStep = evenStep(n, NC);
  for (let jc = 0; jc < n; jc += nStep) {
    const nc = Math.min(nStep, n - jc);
    for (let pc = 0; pc < k; pc += kStep) {
      const kc = Math.min(kStep, k - pc);
      ops.packB(b, bo + pc * brs + jc * bcs, brs, bcs, kc, nc);
      for (let ic = 0; ic < m; ic += mStep) {
        const mc = Math.min(mStep, m - ic);
        ops.packA(a, ao + ic * ars + pc * acs, ars, acs, mc, kc);
        const cb = co + ic * crs + jc * ccs;
        for (let j = 0; j < nc; j += 4) {
          const nr = Math.min(4, nc - j);
          const ib = j * kc;
          const cj = cb + j * ccs;
          for (let i = 0; i < mc; i += 4) {
            ops.kernel(kc, i * kc, ib, c, cj + i * crs, crs, ccs, alpha, Math.min(4, mc - i), nr);
          }
        }
      }
    }
  }
}

function run<T extends FloatArray>(
  ops: GemmOps<T>,
  alpha: number,
  A: Matrix<T>,
  B: Matrix<T>,
  beta: number,
  C: Matrix<T>,
): void {
  const m = C.rows;
  const n = C.cols;
  const k = A.cols;
  if (m === 0 || n === 0) return;
  if (beta !== 1) ops.scale(C.data, C.offset, C.rowStride, C.colStride, m, n, beta);
  if (k === 0 || alpha === 0) return;
  const { data: a, offset: ao, rowStride: ars, colStride: acs } = A;
  const { data: b, offset: bo, rowStride: brs, colStride: bcs } = B;
  const { data: c, offset: co, rowStride: crs, colStride: ccs } = C;
  if (m < DIRECT_MAX && m <= n) {
    directPath(ops, m, n, k, alpha, a, ao, ars, acs, b, bo, brs, bcs, c, co, crs, ccs);
  } else if (n < DIRECT_MAX) {
    // Cᵀ = Bᵀ·Aᵀ: swap the operands and every row/column stride.
    directPath(ops, n, m, k, alpha, b, bo, bcs, brs, a, ao, acs, ars, c, co, ccs, crs);
  } else {
    packedPath(ops, m, n, k, alpha, a, ao, ars, acs, b, bo, brs, bcs, c, co, crs, ccs);
  }
}

/**
 * General matrix product, C ← α·A·B + β·C, for any strides of A, B and C (so any combination of
 * transposed views), writing into the caller's C and returning it.
 *
 * Shapes: A is m×k, B is k×n, C is m×n, all of one element type. When β = 0 the old contents of C
 * are ignored (even NaN); when α = 0 or k = 0, A and B are not read. C must not share memory with
 * A or B (checked: a RangeError when their spans overlap). Products are accumulated in float64
 * over slices of up to 256 terms, each slice's sum rounded into C once, on the 'js' backend.
 *
 * Float32 calls run on the active backend (`getBackend()`): 'wasm' (WebAssembly SIMD, the default
 * where available) accumulates A·B in float32 and rounds α·A·B + β·C once per element; 'js'
 * accumulates in float64 as above. Float64 calls always use the TypeScript kernels. Large float32
 * products on 'wasm' run on `getThreads()` threads (`setThreads`, DBN_THREADS; default 1) with
 * bit-identical results.
 */
export function gemm<T extends FloatArray>(
  alpha: number,
  A: Matrix<T>,
  B: Matrix<T>,
  beta: number,
  C: Matrix<T>,
): Matrix<T> {
  checkScalar('alpha', alpha);
  checkMatrix('A', A);
  checkMatrix('B', B);
  checkScalar('beta', beta);
  checkMatrix('C', C);
  checkSameType('B.data', B.data, 'A.data', A.data);
  checkSameType('C.data', C.data, 'A.data', A.data);
  checkEqual('B.rows', B.rows, 'A.cols', A.cols);
  checkEqual('C.rows', C.rows, 'A.rows', A.rows);
  checkEqual('C.cols', C.cols, 'B.cols', B.cols);
  if (matricesOverlap(C, A)) throw new RangeError('C must not share memory with A');
  if (matricesOverlap(C, B)) throw new RangeError('C must not share memory with B');
  if (C.data instanceof Float32Array) {
    if (
      C.rows > 0 &&
      C.cols > 0 &&
      A.cols > 0 &&
      alpha !== 0 &&
      getBackend() === 'wasm' &&
      (gemmParallel(
        alpha,
        A as Matrix<Float32Array>,
        B as Matrix<Float32Array>,
        beta,
        C as Matrix<Float32Array>,
      ) ||
        gemmWasm(
          alpha,
          A as Matrix<Float32Array>,
          B as Matrix<Float32Array>,
          beta,
          C as Matrix<Float32Array>,
        ))
    ) {
      return C;
    }
    run(
      OPS32,
      alpha,
      A as Matrix<Float32Array>,
      B as Matrix<Float32Array>,
      beta,
      C as Matrix<Float32Array>,
    );
  } else {
    run(
      OPS64,
      alpha,
      A as Matrix<Float64Array>,
      B as Matrix<Float64Array>,
      beta,
      C as Matrix<Float64Array>,
    );
  }
  return C;
}
