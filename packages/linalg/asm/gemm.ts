// AssemblyScript source of the float32 gemm kernels (compiled by scripts/build-wasm.mjs with
// `asc -O3 --enable simd --runtime stub --importMemory`; the bytes are checked in as
// src/wasm/kernels.generated.ts). Addresses are byte offsets into the imported memory, which the
// TypeScript side (src/wasm/backend.ts) lays out; strides are in elements and may be negative.
//
// Layout: packed A is ⌈m/5⌉ strips, each k × 5 floats (row-interleaved: strip s, depth p, row r
// at (s·k + p)·5 + r), zero-padded to 5 rows. Packed B is ⌈n/8⌉ strips, each k × 8 floats
// (column-interleaved), zero-padded to 8 columns. B may instead be read in place from a row-major
// copy (bStrip = 32 bytes, ldb = rowStride·4): the register tile is the same either way.
// The product is written to a row-major scratch W of m rows × ⌈n/8⌉·8 columns (W = A·B, no α, β);
// the caller folds α, β and C's strides in when it copies W out (or passes C itself as W, with
// its row stride as ldw, when α = 1, β = 0 and C's rows are whole 8-column tiles: writesStraight
// in src/wasm/backend.ts).
//
// Register tile: 5 rows × 8 columns (10 vector accumulators + 2 B vectors + 1 A broadcast = 13 of
// the 15 xmm registers V8 allocates); 4×8 does 16 mul + add per 6 loads and per loop overhead
// where 5×8 does 20 per 7, and 6×8 or 4×12 spill an accumulator every step (measured:
// docs/0005-wasm-backend.md, "Register tile").
// Every tile starts from W (or 0 on the first slice of k) and adds the products in order of p
// (tile1, for one row, in two interleaved sums), so an element's float32 sum depends only on m mod
// 5 and on k, not on the block or on the thread that computes it.

/** Depth of one slice of k (the B micro-panel, KC × 8 floats = 8 KB, stays in L1). */
const KC: i32 = 256;
/** Strips of 5 rows of A per block (MC = 130 rows, an MC × KC block = 130 KB in L2). */
const MCS: i32 = 26;
/** Strips of 8 columns of B per block (NC = 512 columns, a KC × NC slice = 512 KB in L2). */
const NCS: i32 = 64;
/** Bytes of one depth step of a packed A strip (5 floats). */
const AS: usize = 20;

/** The first free byte (the caller's scratch starts at or after it). */
export function heapBase(): usize {
  return __heap_base;
}

/**
 * W[5×8 tile at w] ← (W when `acc`, else 0) + Σₚ A-strip[p, 0..4] ⊗ B[p, 0..7] for p < kc, where
 * A is read at a + 20p and B at b + p·ldb (two 4-float vectors per step), added in order of p.
 * Exported only so that `asc -O3` keeps it a function of its own: inlined into `gemm`, TurboFan
 * schedules all five A broadcasts first and spills three accumulators per step (seen with
 * `node --no-liftoff --print-wasm-code`); as a function, its loop keeps everything in registers.
 * W is loaded before the loop, not added after it, for the same reason (20 live vectors there).
 */
export function tile5(
  kc: i32,
  a: usize,
  b: usize,
  ldb: usize,
  w: usize,
  ldw: usize,
  acc: bool,
): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  let c40 = f32x4.splat(0);
  let c41 = f32x4.splat(0);
  if (acc) {
    c00 = v128.load(w);
    c01 = v128.load(w, 16);
    c10 = v128.load(w + ldw);
    c11 = v128.load(w + ldw, 16);
    c20 = v128.load(w + 2 * ldw);
    c21 = v128.load(w + 2 * ldw, 16);
    c30 = v128.load(w + 3 * ldw);
    c31 = v128.load(w + 3 * ldw, 16);
    c40 = v128.load(w + 4 * ldw);
    c41 = v128.load(w + 4 * ldw, 16);
  }
  for (let p = 0; p < kc; p++) {
    // one A broadcast live at a time: loading all five first would need 17 registers
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    const a0 = v128.load32_splat(a);
    c00 = f32x4.add(c00, f32x4.mul(a0, b0));
    c01 = f32x4.add(c01, f32x4.mul(a0, b1));
    const a1 = v128.load32_splat(a, 4);
    c10 = f32x4.add(c10, f32x4.mul(a1, b0));
    c11 = f32x4.add(c11, f32x4.mul(a1, b1));
    const a2 = v128.load32_splat(a, 8);
    c20 = f32x4.add(c20, f32x4.mul(a2, b0));
    c21 = f32x4.add(c21, f32x4.mul(a2, b1));
    const a3 = v128.load32_splat(a, 12);
    c30 = f32x4.add(c30, f32x4.mul(a3, b0));
    c31 = f32x4.add(c31, f32x4.mul(a3, b1));
    const a4 = v128.load32_splat(a, 16);
    c40 = f32x4.add(c40, f32x4.mul(a4, b0));
    c41 = f32x4.add(c41, f32x4.mul(a4, b1));
    a += AS;
    b += ldb;
  }
  v128.store(w, c00);
  v128.store(w, c01, 16);
  v128.store(w + ldw, c10);
  v128.store(w + ldw, c11, 16);
  v128.store(w + 2 * ldw, c20);
  v128.store(w + 2 * ldw, c21, 16);
  v128.store(w + 3 * ldw, c30);
  v128.store(w + 3 * ldw, c31, 16);
  v128.store(w + 4 * ldw, c40);
  v128.store(w + 4 * ldw, c41, 16);
}

/** Like `tile5` for the first 4 rows of an A strip (the ragged last strip when m mod 5 = 4). */
function tile4(kc: i32, a: usize, b: usize, ldb: usize, w: usize, ldw: usize, acc: bool): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  if (acc) {
    c00 = v128.load(w);
    c01 = v128.load(w, 16);
    c10 = v128.load(w + ldw);
    c11 = v128.load(w + ldw, 16);
    c20 = v128.load(w + 2 * ldw);
    c21 = v128.load(w + 2 * ldw, 16);
    c30 = v128.load(w + 3 * ldw);
    c31 = v128.load(w + 3 * ldw, 16);
  }
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    const a0 = v128.load32_splat(a);
    c00 = f32x4.add(c00, f32x4.mul(a0, b0));
    c01 = f32x4.add(c01, f32x4.mul(a0, b1));
    const a1 = v128.load32_splat(a, 4);
    c10 = f32x4.add(c10, f32x4.mul(a1, b0));
    c11 = f32x4.add(c11, f32x4.mul(a1, b1));
    const a2 = v128.load32_splat(a, 8);
    c20 = f32x4.add(c20, f32x4.mul(a2, b0));
    c21 = f32x4.add(c21, f32x4.mul(a2, b1));
    const a3 = v128.load32_splat(a, 12);
    c30 = f32x4.add(c30, f32x4.mul(a3, b0));
    c31 = f32x4.add(c31, f32x4.mul(a3, b1));
    a += AS;
    b += ldb;
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

/** Like `tile5` for the first 3 rows of an A strip (the ragged last strip when m mod 5 = 3). */
function tile3(kc: i32, a: usize, b: usize, ldb: usize, w: usize, ldw: usize, acc: bool): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  if (acc) {
    c00 = v128.load(w);
    c01 = v128.load(w, 16);
    c10 = v128.load(w + ldw);
    c11 = v128.load(w + ldw, 16);
    c20 = v128.load(w + 2 * ldw);
    c21 = v128.load(w + 2 * ldw, 16);
  }
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    const a0 = v128.load32_splat(a);
    c00 = f32x4.add(c00, f32x4.mul(a0, b0));
    c01 = f32x4.add(c01, f32x4.mul(a0, b1));
    const a1 = v128.load32_splat(a, 4);
    c10 = f32x4.add(c10, f32x4.mul(a1, b0));
    c11 = f32x4.add(c11, f32x4.mul(a1, b1));
    const a2 = v128.load32_splat(a, 8);
    c20 = f32x4.add(c20, f32x4.mul(a2, b0));
    c21 = f32x4.add(c21, f32x4.mul(a2, b1));
    a += AS;
    b += ldb;
  }
  v128.store(w, c00);
  v128.store(w, c01, 16);
  v128.store(w + ldw, c10);
  v128.store(w + ldw, c11, 16);
  v128.store(w + 2 * ldw, c20);
  v128.store(w + 2 * ldw, c21, 16);
}

/** Like `tile5` for the first 2 rows of an A strip (the ragged last strip when m mod 5 = 2). */
function tile2(kc: i32, a: usize, b: usize, ldb: usize, w: usize, ldw: usize, acc: bool): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  if (acc) {
    c00 = v128.load(w);
    c01 = v128.load(w, 16);
    c10 = v128.load(w + ldw);
    c11 = v128.load(w + ldw, 16);
  }
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    const a0 = v128.load32_splat(a);
    const a1 = v128.load32_splat(a, 4);
    c00 = f32x4.add(c00, f32x4.mul(a0, b0));
    c01 = f32x4.add(c01, f32x4.mul(a0, b1));
    c10 = f32x4.add(c10, f32x4.mul(a1, b0));
    c11 = f32x4.add(c11, f32x4.mul(a1, b1));
    a += AS;
    b += ldb;
  }
  v128.store(w, c00);
  v128.store(w, c01, 16);
  v128.store(w + ldw, c10);
  v128.store(w + ldw, c11, 16);
}

/**
 * Like `tile5` for the first row of an A strip (the ragged last strip when m mod 5 = 1), with two
 * accumulators per half (W + even p, and odd p; added at the end) to hide the add latency.
 */
function tile1(kc: i32, a: usize, b: usize, ldb: usize, w: usize, acc: bool): void {
  let c0 = f32x4.splat(0);
  let c1 = f32x4.splat(0);
  let d0 = f32x4.splat(0);
  let d1 = f32x4.splat(0);
  if (acc) {
    c0 = v128.load(w);
    c1 = v128.load(w, 16);
  }
  let p = 0;
  for (; p + 1 < kc; p += 2) {
    const a0 = v128.load32_splat(a);
    const a1 = v128.load32_splat(a, AS);
    c0 = f32x4.add(c0, f32x4.mul(a0, v128.load(b)));
    c1 = f32x4.add(c1, f32x4.mul(a0, v128.load(b, 16)));
    d0 = f32x4.add(d0, f32x4.mul(a1, v128.load(b + ldb)));
    d1 = f32x4.add(d1, f32x4.mul(a1, v128.load(b + ldb, 16)));
    a += 2 * AS;
    b += ldb << 1;
  }
  if (p < kc) {
    const a0 = v128.load32_splat(a);
    c0 = f32x4.add(c0, f32x4.mul(a0, v128.load(b)));
    c1 = f32x4.add(c1, f32x4.mul(a0, v128.load(b, 16)));
  }
  c0 = f32x4.add(c0, d0);
  c1 = f32x4.add(c1, d1);
  v128.store(w, c0);
  v128.store(w, c1, 16);
}

/**
 * W ← A·B for `ms` strips of packed A (at pa, k × 5 each; the last holds `mr` rows, 1 … 5), `ns`
 * strips of B (strip j starts at pb + j·bStrip, row p of a strip at + p·ldb bytes) into W at pw
 * (row stride ldw bytes; rows 0 … 5·(ms − 1) + mr − 1 are written). Requires k ≥ 1.
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
  const aStrip = <usize>k * AS;
  for (let pc = 0; pc < k; pc += KC) {
    const kc = min(KC, k - pc);
    const acc = pc > 0;
    const aOff = <usize>pc * AS;
    const bOff = <usize>pc * ldb;
    for (let jc = 0; jc < ns; jc += NCS) {
      const je = min(ns, jc + NCS);
      for (let ic = 0; ic < ms; ic += MCS) {
        const ie = min(ms, ic + MCS);
        for (let j = jc; j < je; j++) {
          const b = pb + <usize>j * bStrip + bOff;
          const wj = pw + ((<usize>j) << 5);
          const full = ie === ms && mr < 5 ? ie - 1 : ie;
          for (let i = ic; i < full; i++) {
            tile5(kc, pa + <usize>i * aStrip + aOff, b, ldb, wj + <usize>(i * 5) * ldw, ldw, acc);
          }
          if (full < ie) {
            // the ragged last strip: a tile of its mr rows (not 5 with zero rows, which matters
            // for small batches)
            const a = pa + <usize>full * aStrip + aOff;
            const w = wj + <usize>(full * 5) * ldw;
            if (mr === 4) tile4(kc, a, b, ldb, w, ldw, acc);
            else if (mr === 3) tile3(kc, a, b, ldb, w, ldw, acc);
            else if (mr === 2) tile2(kc, a, b, ldb, w, ldw, acc);
            else tile1(kc, a, b, ldb, w, acc);
          }
        }
      }
    }
  }
}

/**
 * Packs the m × k matrix at src (element (i, p) at src + 4·(i·rs + p·cs)) into ⌈m/5⌉ strips of
 * k × 5 floats at dst, zero-padding the last strip to 5 rows.
 */
export function packA(src: usize, rs: i32, cs: i32, m: i32, k: i32, dst: usize): void {
  const full = m - (m % 5);
  const r1 = (<usize>rs) << 2;
  const step = (<usize>cs) << 2;
  for (let i = 0; i < full; i += 5) {
    let s = src + ((<usize>(i * rs)) << 2);
    if (rs === 1) {
      // Aᵀ stored row-major: the 5 rows of a depth step are adjacent
      for (let p = 0; p < k; p++) {
        v128.store(dst, v128.load(s));
        store<f32>(dst, load<f32>(s, 16), 16);
        dst += AS;
        s += step;
      }
    } else {
      for (let p = 0; p < k; p++) {
        store<f32>(dst, load<f32>(s));
        store<f32>(dst, load<f32>(s + r1), 4);
        store<f32>(dst, load<f32>(s + 2 * r1), 8);
        store<f32>(dst, load<f32>(s + 3 * r1), 12);
        store<f32>(dst, load<f32>(s + 4 * r1), 16);
        dst += AS;
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
      store<f32>(dst, rest > 3 ? load<f32>(s + 3 * r1) : 0, 12);
      store<f32>(dst, 0, 16);
      dst += AS;
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

/** Lanes 0, 1 of the f32x4 v as an f64x2 (exact). Small: `asc -O3` inlines it. */
function lo(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}

/** Lanes 2, 3 of the f32x4 v as an f64x2 (exact). */
function hi(v: v128): v128 {
  return f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 2, 3));
}

/** [x0, x1, y0, y1] from two f64x2, each rounded once to float32 (to nearest, as <f32>x). */
function demote2(x: v128, y: v128): v128 {
  return i64x2.shuffle(f32x4.demote_f64x2_zero(x), f32x4.demote_f64x2_zero(y), 0, 2);
}

/**
 * C ← α·W + β·C for the m × n matrix C at pc (element (i, j) at pc + 4·(i·rs + j·cs)) and W at pw
 * (row stride ldw bytes), computed in float64 and rounded once; C is not read when β = 0. Rows of
 * C with unit column stride go 4 elements at a time in f64x2 lanes: the same IEEE float64
 * operations as the scalar loop, so the same bits.
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
  const n4 = cs === 1 ? n & ~3 : 0;
  const va = f64x2.splat(alpha);
  const vb = f64x2.splat(beta);
  for (let i = 0; i < m; i++) {
    let w = pw + <usize>i * ldw;
    let c = pc + ((<usize>(i * rs)) << 2);
    if (beta === 0) {
      for (let j = 0; j < n4; j += 4) {
        const x = v128.load(w);
        v128.store(c, demote2(f64x2.mul(va, lo(x)), f64x2.mul(va, hi(x))));
        w += 16;
        c += 16;
      }
      for (let j = n4; j < n; j++) {
        store<f32>(c, <f32>(alpha * <f64>load<f32>(w)));
        w += 4;
        c += step;
      }
    } else {
      for (let j = 0; j < n4; j += 4) {
        const x = v128.load(w);
        const y = v128.load(c);
        const l = f64x2.add(f64x2.mul(va, lo(x)), f64x2.mul(vb, lo(y)));
        const h = f64x2.add(f64x2.mul(va, hi(x)), f64x2.mul(vb, hi(y)));
        v128.store(c, demote2(l, h));
        w += 16;
        c += 16;
      }
      for (let j = n4; j < n; j++) {
        store<f32>(c, <f32>(alpha * <f64>load<f32>(w) + beta * <f64>load<f32>(c)));
        w += 4;
        c += step;
      }
    }
  }
}
