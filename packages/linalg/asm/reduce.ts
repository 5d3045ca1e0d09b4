// AssemblyScript source of two float32 reductions accumulated in float64 (compiled with the other
// kernels by scripts/build-wasm.mjs): column sums (driven by src/col-sums.ts) and the sum of squared
// differences (driven by src/squared-error.ts). A float32 is converted to float64 exactly, and
// every f64x2 operation is the correctly rounded float64 operation of each lane, so a lane performs
// the arithmetic of the TypeScript code on JavaScript numbers: equal orders give equal bits. The
// small helpers below are inlined by `asc -O3` (no calls in the compiled loops).

/** The low two floats of v as float64. */
function lo64(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}

/** The high two floats of v as float64 (moved to the low half, then converted). */
function hi64(v: v128): v128 {
  return f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 2, 3));
}

/**
 * f32(α·s + β·old) per lane of the float64 sums s (β = 0: f32(α·s), old unused), as 2 float32 in
 * the low half: the products and the sum in float64, one rounding to float32.
 */
function scale2(s: v128, old: v128, alpha: v128, beta: v128, useOld: bool): v128 {
  let t = f64x2.mul(alpha, s);
  if (useOld) t = f64x2.add(t, f64x2.mul(beta, f64x2.promote_low_f32x4(old)));
  return f32x4.demote_f64x2_zero(t);
}

/** The 4 floats of the sums s0 (columns 0, 1) and s1 (columns 2, 3) scaled by scale2, at p. */
function store4(p: usize, s0: v128, s1: v128, alpha: v128, beta: v128, useOld: bool): void {
  const old = v128.load(p);
  const u = scale2(s0, old, alpha, beta, useOld);
  const v = scale2(s1, i32x4.shuffle(old, old, 2, 3, 2, 3), alpha, beta, useOld);
  v128.store(p, i32x4.shuffle(u, v, 0, 1, 4, 5));
}

/**
 * out[j] ← f32(α·s_j + β·out[j]) with s_j = Σ_{i<m} A[i, j] summed in float64 in the order
 * i = 0, 1, …, m − 1 from +0 (β = 0: f32(α·s_j), the old out ignored even if NaN), for an m × n
 * float32 A at pa (row stride lda in bytes, any sign; unit column stride) and out at po (n floats,
 * not overlapping A). The products and the sum of the scaling are float64, rounded once.
 * Columns go in blocks of 16 (8 f64x2 sums in registers while the rows are walked: 8 independent
 * add chains, and few enough live vectors that V8 does not spill), then 8, then 4, then single
 * columns; each column's sum sees its rows in order, so the blocking does not change any value.
 */
export function colSums(
  pa: usize,
  lda: i32,
  m: i32,
  n: i32,
  alpha: f64,
  beta: f64,
  po: usize,
): void {
  const va = f64x2.splat(alpha);
  const vb = f64x2.splat(beta);
  const useOld = beta !== 0;
  const step = <usize>lda;
  let j = 0;
  for (; j + 16 <= n; j += 16) {
    let p = pa + ((<usize>j) << 2);
    let s0 = f64x2.splat(0);
    let s1 = s0;
    let s2 = s0;
    let s3 = s0;
    let s4 = s0;
    let s5 = s0;
    let s6 = s0;
    let s7 = s0;
    for (let i = 0; i < m; i++) {
      const x0 = v128.load(p);
      const x1 = v128.load(p, 16);
      const x2 = v128.load(p, 32);
      const x3 = v128.load(p, 48);
      s0 = f64x2.add(s0, lo64(x0));
      s1 = f64x2.add(s1, hi64(x0));
      s2 = f64x2.add(s2, lo64(x1));
      s3 = f64x2.add(s3, hi64(x1));
      s4 = f64x2.add(s4, lo64(x2));
      s5 = f64x2.add(s5, hi64(x2));
      s6 = f64x2.add(s6, lo64(x3));
      s7 = f64x2.add(s7, hi64(x3));
      p += step;
    }
    const o = po + ((<usize>j) << 2);
    store4(o, s0, s1, va, vb, useOld);
    store4(o + 16, s2, s3, va, vb, useOld);
    store4(o + 32, s4, s5, va, vb, useOld);
    store4(o + 48, s6, s7, va, vb, useOld);
  }
  if (j + 8 <= n) {
    let p = pa + ((<usize>j) << 2);
    let s0 = f64x2.splat(0);
    let s1 = s0;
    let s2 = s0;
    let s3 = s0;
    for (let i = 0; i < m; i++) {
      const x0 = v128.load(p);
      const x1 = v128.load(p, 16);
      s0 = f64x2.add(s0, lo64(x0));
      s1 = f64x2.add(s1, hi64(x0));
      s2 = f64x2.add(s2, lo64(x1));
      s3 = f64x2.add(s3, hi64(x1));
      p += step;
    }
    const o = po + ((<usize>j) << 2);
    store4(o, s0, s1, va, vb, useOld);
    store4(o + 16, s2, s3, va, vb, useOld);
    j += 8;
  }
  if (j + 4 <= n) {
    let p = pa + ((<usize>j) << 2);
    let s0 = f64x2.splat(0);
    let s1 = s0;
    for (let i = 0; i < m; i++) {
      const x0 = v128.load(p);
      s0 = f64x2.add(s0, lo64(x0));
      s1 = f64x2.add(s1, hi64(x0));
      p += step;
    }
    store4(po + ((<usize>j) << 2), s0, s1, va, vb, useOld);
    j += 4;
  }
  for (; j < n; j++) {
    let p = pa + ((<usize>j) << 2);
    let s: f64 = 0;
    for (let i = 0; i < m; i++) {
      s += <f64>load<f32>(p);
      p += step;
    }
    const o = po + ((<usize>j) << 2);
    const t = useOld ? alpha * s + beta * <f64>load<f32>(o) : alpha * s;
    store<f32>(o, <f32>t);
  }
}

/** (x − y)² in float64 for float32 x, y (a difference and a square, each rounded once). */
function sq(x: f32, y: f32): f64 {
  const d = <f64>x - <f64>y;
  return d * d;
}

/**
 * Σ_{i<m, j<n} (X[i, j] − Y[i, j])² for m × n float32 X at px and Y at py (row strides ldx, ldy in
 * bytes, any sign; unit column strides), each difference and square in float64, summed in float64
 * in this fixed order (the one squaredError's TypeScript path reproduces): eight partial sums
 * ℓ_0 … ℓ_7 start at +0, and element (i, j) is added to ℓ_(j mod 8) in the order i = 0, 1, …, then
 * j = 0, 1, …; the result is ((ℓ_0 + ℓ_2) + (ℓ_4 + ℓ_6)) + ((ℓ_1 + ℓ_3) + (ℓ_5 + ℓ_7)). The partial
 * sums are 4 f64x2 registers (ℓ_2k, ℓ_2k+1), so the 8 columns of a step update independent add
 * chains; one sequential sum (the order of a plain loop) serialises every add: such a kernel took
 * 0.95 ns per element on 1024 × 784 against 0.36–0.46 for this one (Node 20, 2-core EPYC), which
 * is bound by the float32 → float64 conversions (one per element read). Unrolling to 16 columns
 * per step measured the same.
 */
export function squaredError(px: usize, ldx: i32, py: usize, ldy: i32, m: i32, n: i32): f64 {
  let s0 = f64x2.splat(0);
  let s1 = s0;
  let s2 = s0;
  let s3 = s0;
  const n8 = (<usize>(n & ~7)) << 2;
  const n4 = (<usize>(n & ~3)) << 2;
  const nb = (<usize>n) << 2;
  for (let i = 0; i < m; i++) {
    let x = px + <usize>(i * ldx);
    let y = py + <usize>(i * ldy);
    const x8 = x + n8;
    while (x < x8) {
      const a0 = v128.load(x);
      const b0 = v128.load(y);
      const a1 = v128.load(x, 16);
      const b1 = v128.load(y, 16);
      const d0 = f64x2.sub(lo64(a0), lo64(b0));
      const d1 = f64x2.sub(hi64(a0), hi64(b0));
      const d2 = f64x2.sub(lo64(a1), lo64(b1));
      const d3 = f64x2.sub(hi64(a1), hi64(b1));
      s0 = f64x2.add(s0, f64x2.mul(d0, d0));
      s1 = f64x2.add(s1, f64x2.mul(d1, d1));
      s2 = f64x2.add(s2, f64x2.mul(d2, d2));
      s3 = f64x2.add(s3, f64x2.mul(d3, d3));
      x += 32;
      y += 32;
    }
    // the tail starts at a multiple of 8 columns: lanes 0, 1, … in s0, s1, s2, s3
    if (x < px + <usize>(i * ldx) + n4) {
      const a0 = v128.load(x);
      const b0 = v128.load(y);
      const d0 = f64x2.sub(lo64(a0), lo64(b0));
      const d1 = f64x2.sub(hi64(a0), hi64(b0));
      s0 = f64x2.add(s0, f64x2.mul(d0, d0));
      s1 = f64x2.add(s1, f64x2.mul(d1, d1));
      x += 16;
      y += 16;
    }
    const r = <i32>(nb - n4) >> 2;
    if (r > 0) {
      // 1 to 3 columns left, in lanes 0–2 (n mod 8 < 4) or 4–6 (n mod 8 ≥ 4) of the partial sums
      const q0 = sq(load<f32>(x), load<f32>(y));
      const q1 = r > 1 ? sq(load<f32>(x, 4), load<f32>(y, 4)) : 0;
      const q2 = r > 2 ? sq(load<f32>(x, 8), load<f32>(y, 8)) : 0;
      // adding +0 to a lane leaves it unchanged, except −0 + +0 = +0: impossible, since a lane
      // starts at +0 and only adds squares (≥ +0 or NaN)
      const u = f64x2.replace_lane(f64x2.splat(q0), 1, q1);
      const v = f64x2.replace_lane(f64x2.splat(q2), 1, 0);
      if ((n & 4) === 0) {
        s0 = f64x2.add(s0, u);
        s1 = f64x2.add(s1, v);
      } else {
        s2 = f64x2.add(s2, u);
        s3 = f64x2.add(s3, v);
      }
    }
  }
  const w = f64x2.add(f64x2.add(s0, s1), f64x2.add(s2, s3));
  return f64x2.extract_lane(w, 0) + f64x2.extract_lane(w, 1);
}
