// AssemblyScript source of the float32 A·Bᵀ kernel (compiled with the other kernels by
// scripts/build-wasm.mjs; driven by src/wasm/backend.ts). When A (m×k) and the rows of Bᵀ (B is
// k×n, so Bᵀ is n×k) both have unit stride along k — the RBM down pass h·Wᵀ and the DNN backward
// δ·Wᵀ with W row-major — every C[i, j] is a dot product of two contiguous rows, so nothing needs
// packing: a 2×4 tile of dot products (8 vector accumulators over k, 4 lanes each) walks 4 rows
// of Bᵀ at a time against all rows of A, and each dot product is reduced once at the end.
// Summation order: 4 interleaved partial sums over k, added pairwise, then the k mod 4 tail.

/** The sum of the 4 lanes of v: (v0 + v1) + (v2 + v3). */
function hsum(v: v128): f32 {
  return (
    f32x4.extract_lane(v, 0) +
    f32x4.extract_lane(v, 1) +
    (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3))
  );
}

/** C[i, j] at c ← α·s + β·C (in float64, rounded once; C not read when β = 0). */
function put(c: usize, s: f32, alpha: f64, beta: f64): void {
  if (beta === 0) store<f32>(c, <f32>(alpha * <f64>s));
  else store<f32>(c, <f32>(alpha * <f64>s + beta * <f64>load<f32>(c)));
}

/** Σₚ a[p]·b[p] over p ≥ k4 (the scalar tail of a dot product, from byte offset 4·k4). */
function tail(a: usize, b: usize, k4: i32, k: i32): f32 {
  let s: f32 = 0;
  for (let p = k4; p < k; p++)
    s += load<f32>(a + ((<usize>p) << 2)) * load<f32>(b + ((<usize>p) << 2));
  return s;
}

/**
 * C ← α·A·Bᵀ + β·C: A is m×k at pa (row stride lda bytes, unit stride along k), the n rows of Bᵀ
 * (k floats each, unit stride) at pb with row stride ldb bytes, C (m×n) at pc with row and column
 * strides crs, ccs in bytes (any sign).
 */
export function gemmNT(
  m: i32,
  n: i32,
  k: i32,
  pa: usize,
  lda: i32,
  pb: usize,
  ldb: i32,
  pc: usize,
  crs: i32,
  ccs: i32,
  alpha: f64,
  beta: f64,
): void {
  const k4 = k & ~3;
  const kb = (<usize>k4) << 2;
  const n4 = n & ~3;
  for (let j = 0; j < n4; j += 4) {
    const b0 = pb + <usize>(j * ldb);
    const b1 = b0 + <usize>ldb;
    const b2 = b1 + <usize>ldb;
    const b3 = b2 + <usize>ldb;
    const cj = pc + <usize>(j * ccs);
    let i = 0;
    for (; i + 1 < m; i += 2) {
      const a0 = pa + <usize>(i * lda);
      const a1 = a0 + <usize>lda;
      let c00 = f32x4.splat(0);
      let c01 = f32x4.splat(0);
      let c02 = f32x4.splat(0);
      let c03 = f32x4.splat(0);
      let c10 = f32x4.splat(0);
      let c11 = f32x4.splat(0);
      let c12 = f32x4.splat(0);
      let c13 = f32x4.splat(0);
      for (let o: usize = 0; o < kb; o += 16) {
        const x0 = v128.load(a0 + o);
        const x1 = v128.load(a1 + o);
        const y0 = v128.load(b0 + o);
        const y1 = v128.load(b1 + o);
        const y2 = v128.load(b2 + o);
        const y3 = v128.load(b3 + o);
        c00 = f32x4.add(c00, f32x4.mul(x0, y0));
        c01 = f32x4.add(c01, f32x4.mul(x0, y1));
        c02 = f32x4.add(c02, f32x4.mul(x0, y2));
        c03 = f32x4.add(c03, f32x4.mul(x0, y3));
        c10 = f32x4.add(c10, f32x4.mul(x1, y0));
        c11 = f32x4.add(c11, f32x4.mul(x1, y1));
        c12 = f32x4.add(c12, f32x4.mul(x1, y2));
        c13 = f32x4.add(c13, f32x4.mul(x1, y3));
      }
      const c0 = cj + <usize>(i * crs);
      const c1 = c0 + <usize>crs;
      put(c0, hsum(c00) + tail(a0, b0, k4, k), alpha, beta);
      put(c0 + <usize>ccs, hsum(c01) + tail(a0, b1, k4, k), alpha, beta);
      put(c0 + <usize>(2 * ccs), hsum(c02) + tail(a0, b2, k4, k), alpha, beta);
      put(c0 + <usize>(3 * ccs), hsum(c03) + tail(a0, b3, k4, k), alpha, beta);
      put(c1, hsum(c10) + tail(a1, b0, k4, k), alpha, beta);
      put(c1 + <usize>ccs, hsum(c11) + tail(a1, b1, k4, k), alpha, beta);
      put(c1 + <usize>(2 * ccs), hsum(c12) + tail(a1, b2, k4, k), alpha, beta);
      put(c1 + <usize>(3 * ccs), hsum(c13) + tail(a1, b3, k4, k), alpha, beta);
    }
    if (i < m) {
      const a0 = pa + <usize>(i * lda);
      let c00 = f32x4.splat(0);
      let c01 = f32x4.splat(0);
      let c02 = f32x4.splat(0);
      let c03 = f32x4.splat(0);
      for (let o: usize = 0; o < kb; o += 16) {
        const x0 = v128.load(a0 + o);
        c00 = f32x4.add(c00, f32x4.mul(x0, v128.load(b0 + o)));
        c01 = f32x4.add(c01, f32x4.mul(x0, v128.load(b1 + o)));
        c02 = f32x4.add(c02, f32x4.mul(x0, v128.load(b2 + o)));
        c03 = f32x4.add(c03, f32x4.mul(x0, v128.load(b3 + o)));
      }
      const c0 = cj + <usize>(i * crs);
      put(c0, hsum(c00) + tail(a0, b0, k4, k), alpha, beta);
      put(c0 + <usize>ccs, hsum(c01) + tail(a0, b1, k4, k), alpha, beta);
      put(c0 + <usize>(2 * ccs), hsum(c02) + tail(a0, b2, k4, k), alpha, beta);
      put(c0 + <usize>(3 * ccs), hsum(c03) + tail(a0, b3, k4, k), alpha, beta);
    }
  }
  // the last n mod 4 rows of Bᵀ, one dot product at a time
  for (let j = n4; j < n; j++) {
    const b0 = pb + <usize>(j * ldb);
    for (let i = 0; i < m; i++) {
      const a0 = pa + <usize>(i * lda);
      let c00 = f32x4.splat(0);
      for (let o: usize = 0; o < kb; o += 16) {
        c00 = f32x4.add(c00, f32x4.mul(v128.load(a0 + o), v128.load(b0 + o)));
      }
      put(pc + <usize>(i * crs + j * ccs), hsum(c00) + tail(a0, b0, k4, k), alpha, beta);
    }
  }
}
