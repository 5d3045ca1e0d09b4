// AssemblyScript source of the float32 gemm kernels (compiled by scripts/build-wasm.mjs with
// `asc -O3 --enable simd --runtime stub --importMemory`; the bytes are checked in as
// src/wasm/kernels.generated.ts). Addresses are byte offsets into the imported memory, which the
// TypeScript side (src/wasm/backend.ts) lays out; strides are in elements and may be negative.
//
// Layout: packed A is ⌈m/4⌉ strips, each k × 4 floats (row-interleaved: strip s, depth p, row r
// at (s·k + p)·4 + r), zero-padded to 4 rows. Packed B is ⌈n/8⌉ strips, each k × 8 floats
// (column-interleaved), zero-padded to 8 columns. B may instead be read in place from a row-major
// copy (bStrip = 32 bytes, ldb = rowStride·4): the register tile is the same either way.
// The product is written to a row-major scratch W of ⌈m/4⌉·4 rows × ⌈n/8⌉·8 columns (W = A·B, no
// α, β); the caller folds α, β and C's strides in when it copies W out.

/** Depth of one slice of k (the B micro-panel, KC × 8 floats = 8 KB, stays in L1). */
const KC: i32 = 256;
/** Strips of 4 rows of A per block (MC = 128 rows, an MC × KC block = 128 KB in L2). */
const MCS: i32 = 32;
/** Strips of 8 columns of B per block (NC = 512 columns). */
const NCS: i32 = 64;

/** The first free byte (the caller's scratch starts at or after it). */
export function heapBase(): usize {
  return __heap_base;
}

/**
 * W[4×8 tile at w] (=, or += when `acc`) Σₚ A-strip[p, 0..3] ⊗ B[p, 0..7] for p < kc, where A is
 * read at a + 16p and B at b + p·ldb (two 4-float vectors per step). Called from one place, so
 * `asc -O3` inlines it into `gemm`.
 */
function tile(kc: i32, a: usize, b: usize, ldb: usize, w: usize, ldw: usize, acc: bool): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    const a0 = v128.load32_splat(a);
    const a1 = v128.load32_splat(a, 4);
    const a2 = v128.load32_splat(a, 8);
    const a3 = v128.load32_splat(a, 12);
    c00 = f32x4.add(c00, f32x4.mul(a0, b0));
    c01 = f32x4.add(c01, f32x4.mul(a0, b1));
    c10 = f32x4.add(c10, f32x4.mul(a1, b0));
    c11 = f32x4.add(c11, f32x4.mul(a1, b1));
    c20 = f32x4.add(c20, f32x4.mul(a2, b0));
    c21 = f32x4.add(c21, f32x4.mul(a2, b1));
    c30 = f32x4.add(c30, f32x4.mul(a3, b0));
    c31 = f32x4.add(c31, f32x4.mul(a3, b1));
    a += 16;
    b += ldb;
  }
  if (acc) {
    c00 = f32x4.add(c00, v128.load(w));
    c01 = f32x4.add(c01, v128.load(w, 16));
    c10 = f32x4.add(c10, v128.load(w + ldw));
    c11 = f32x4.add(c11, v128.load(w + ldw, 16));
    c20 = f32x4.add(c20, v128.load(w + 2 * ldw));
    c21 = f32x4.add(c21, v128.load(w + 2 * ldw, 16));
    c30 = f32x4.add(c30, v128.load(w + 3 * ldw));
    c31 = f32x4.add(c31, v128.load(w + 3 * ldw, 16));
  }
  v128.store(w, c00);
  v128.store(w, c01, 16);
  v128.store(w + ldw, c10);
  v128.store(w + ldw, c11, 16);
  v128.store(w + 2 * ldw, c20);
  v128.store(w + 2 * ldw, c21, 16);
  v128.store(w + 3 * ldw, c30);
  v128.store(w + 3 * ldw, c31, 16);
}

/** Like `tile` for the first 2 rows of an A strip (the ragged last strip when m mod 4 ≥ 2). */
function tile2(kc: i32, a: usize, b: usize, ldb: usize, w: usize, ldw: usize, acc: bool): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    const a0 = v128.load32_splat(a);
    const a1 = v128.load32_splat(a, 4);
    c00 = f32x4.add(c00, f32x4.mul(a0, b0));
    c01 = f32x4.add(c01, f32x4.mul(a0, b1));
    c10 = f32x4.add(c10, f32x4.mul(a1, b0));
    c11 = f32x4.add(c11, f32x4.mul(a1, b1));
    a += 16;
    b += ldb;
  }
  if (acc) {
    c00 = f32x4.add(c00, v128.load(w));
    c01 = f32x4.add(c01, v128.load(w, 16));
    c10 = f32x4.add(c10, v128.load(w + ldw));
    c11 = f32x4.add(c11, v128.load(w + ldw, 16));
  }
  v128.store(w, c00);
  v128.store(w, c01, 16);
  v128.store(w + ldw, c10);
  v128.store(w + ldw, c11, 16);
}

/** Like `tile` for one row of an A strip (two accumulators per half, to hide add latency). */
function tile1(kc: i32, a: usize, b: usize, ldb: usize, w: usize, acc: bool): void {
  let c0 = f32x4.splat(0);
  let c1 = f32x4.splat(0);
  let d0 = f32x4.splat(0);
  let d1 = f32x4.splat(0);
  let p = 0;
  for (; p + 1 < kc; p += 2) {
    const a0 = v128.load32_splat(a);
    const a1 = v128.load32_splat(a, 16);
    c0 = f32x4.add(c0, f32x4.mul(a0, v128.load(b)));
    c1 = f32x4.add(c1, f32x4.mul(a0, v128.load(b, 16)));
    d0 = f32x4.add(d0, f32x4.mul(a1, v128.load(b + ldb)));
    d1 = f32x4.add(d1, f32x4.mul(a1, v128.load(b + ldb, 16)));
    a += 32;
    b += ldb << 1;
  }
  if (p < kc) {
    const a0 = v128.load32_splat(a);
    c0 = f32x4.add(c0, f32x4.mul(a0, v128.load(b)));
    c1 = f32x4.add(c1, f32x4.mul(a0, v128.load(b, 16)));
  }
  c0 = f32x4.add(c0, d0);
  c1 = f32x4.add(c1, d1);
  if (acc) {
    c0 = f32x4.add(c0, v128.load(w));
    c1 = f32x4.add(c1, v128.load(w, 16));
  }
  v128.store(w, c0);
  v128.store(w, c1, 16);
}

/**
 * W ← A·B for `ms` strips of packed A (at pa, k × 4 each; the last holds `mr` rows, 1 … 4), `ns`
 * strips of B (strip j starts at pb + j·bStrip, row p of a strip at + p·ldb bytes) into W at pw
 * (row stride ldw bytes). Requires k ≥ 1.
 */
export function gemm(
  ms: i32,
  mr: i32,
  ns: i32,
  k: i32,
  pa: usize,
  pb: usize,
  bStrip: usize,
  ldb: usize,
  pw: usize,
  ldw: usize,
): void {
  const aStrip = (<usize>k) << 4;
  for (let pc = 0; pc < k; pc += KC) {
    const kc = min(KC, k - pc);
    const acc = pc > 0;
    const aOff = (<usize>pc) << 4;
    const bOff = <usize>pc * ldb;
    for (let jc = 0; jc < ns; jc += NCS) {
      const je = min(ns, jc + NCS);
      for (let ic = 0; ic < ms; ic += MCS) {
        const ie = min(ms, ic + MCS);
        for (let j = jc; j < je; j++) {
          const b = pb + <usize>j * bStrip + bOff;
          const wj = pw + ((<usize>j) << 5);
          const full = ie === ms && mr < 4 ? ie - 1 : ie;
          for (let i = ic; i < full; i++) {
            tile(kc, pa + <usize>i * aStrip + aOff, b, ldb, wj + <usize>(i << 2) * ldw, ldw, acc);
          }
          if (full < ie) {
            // the ragged last strip: rows 0, 1 by tile2 and/or row 2 (or 0) by tile1
            const a = pa + <usize>full * aStrip + aOff;
            const w = wj + <usize>(full << 2) * ldw;
            if (mr >= 2) tile2(kc, a, b, ldb, w, ldw, acc);
            if (mr !== 2) {
              const r = <usize>(mr & 2);
              tile1(kc, a + (r << 2), b, ldb, w + r * ldw, acc);
            }
          }
        }
      }
    }
  }
}

/**
 * Packs the m × k matrix at src (element (i, p) at src + 4·(i·rs + p·cs)) into ⌈m/4⌉ strips of
 * k × 4 floats at dst, zero-padding the last strip to 4 rows.
 */
export function packA(src: usize, rs: i32, cs: i32, m: i32, k: i32, dst: usize): void {
  const full = m & ~3;
  const r1 = (<usize>rs) << 2;
  const step = (<usize>cs) << 2;
  for (let i = 0; i < full; i += 4) {
    let s = src + ((<usize>(i * rs)) << 2);
    if (rs === 1) {
      for (let p = 0; p < k; p++) {
        v128.store(dst, v128.load(s));
        dst += 16;
        s += step;
      }
    } else {
      for (let p = 0; p < k; p++) {
        store<f32>(dst, load<f32>(s));
        store<f32>(dst, load<f32>(s + r1), 4);
        store<f32>(dst, load<f32>(s + 2 * r1), 8);
        store<f32>(dst, load<f32>(s + 3 * r1), 12);
        dst += 16;
        s += step;
      }
    }
  }
  const rest = m - full;
  if (rest > 0) {
    let s = src + ((<usize>(full * rs)) << 2);
    for (let p = 0; p < k; p++) {
      store<f32>(dst, load<f32>(s));
      store<f32>(dst, rest > 1 ? load<f32>(s + r1) : 0, 4);
      store<f32>(dst, rest > 2 ? load<f32>(s + 2 * r1) : 0, 8);
      store<f32>(dst, 0, 12);
      dst += 16;
      s += step;
    }
  }
}

/**
 * Packs the k × n matrix at src (element (p, j) at src + 4·(p·rs + j·cs)) into ⌈n/8⌉ strips of
 * k × 8 floats at dst, zero-padding the last strip to 8 columns.
 */
export function packB(src: usize, rs: i32, cs: i32, k: i32, n: i32, dst: usize): void {
  const full = n & ~7;
  const step = (<usize>rs) << 2;
  const c1 = (<usize>cs) << 2;
  for (let j = 0; j < full; j += 8) {
    let s = src + ((<usize>(j * cs)) << 2);
    if (cs === 1) {
      for (let p = 0; p < k; p++) {
        v128.store(dst, v128.load(s));
        v128.store(dst, v128.load(s, 16), 16);
        dst += 32;
        s += step;
      }
    } else {
      for (let p = 0; p < k; p++) {
        let t = s;
        for (let q: usize = 0; q < 32; q += 4) {
          store<f32>(dst + q, load<f32>(t));
          t += c1;
        }
        dst += 32;
        s += step;
      }
    }
  }
  const rest = n - full;
  if (rest > 0) {
    let s = src + ((<usize>(full * cs)) << 2);
    for (let p = 0; p < k; p++) {
      let t = s;
      for (let q = 0; q < 8; q++) {
        store<f32>(dst + ((<usize>q) << 2), q < rest ? load<f32>(t) : 0);
        if (q < rest) t += c1;
      }
      dst += 32;
      s += step;
    }
  }
}

/**
 * C ← α·W + β·C for the m × n matrix C at pc (element (i, j) at pc + 4·(i·rs + j·cs)) and W at pw
 * (row stride ldw bytes), computed in float64 and rounded once; C is not read when β = 0.
 */
export function fold(
  pw: usize,
  ldw: usize,
  pc: usize,
  rs: i32,
  cs: i32,
  m: i32,
  n: i32,
  alpha: f64,
  beta: f64,
): void {
  const step = (<usize>cs) << 2;
  for (let i = 0; i < m; i++) {
    let w = pw + <usize>i * ldw;
    let c = pc + ((<usize>(i * rs)) << 2);
    if (beta === 0) {
      for (let j = 0; j < n; j++) {
        store<f32>(c, <f32>(alpha * <f64>load<f32>(w)));
        w += 4;
        c += step;
      }
    } else {
      for (let j = 0; j < n; j++) {
        store<f32>(c, <f32>(alpha * <f64>load<f32>(w) + beta * <f64>load<f32>(c)));
        w += 4;
        c += step;
      }
    }
  }
}
