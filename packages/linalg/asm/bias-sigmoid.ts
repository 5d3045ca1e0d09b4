// AssemblyScript source of the fused bias + logistic kernel C ← σ(A + 1bᵀ) for float32 (compiled
// with the other kernels by scripts/build-wasm.mjs; driven by src/bias-sigmoid.ts).
//
// With x clamped to [−87, 87], k = round(x·log₂e) and r = k·ln2 − x (|r| ≤ ln2/2; ln2 split in a
// 9-bit high part, so k·ln2_hi − x is exact, and a low part), e^(−x) = 2^(−k)·e^r and
//   σ(x) = 1/(1 + 2^(−k)·e^r) = 2^k/(2^k + e^r),
// which needs no multiplication by the scale and keeps 2^k in [2⁻¹²⁶, 2¹²⁶] (normal floats). e^r is
// p(r) = 1 + r + r²·(c₂ + c₃r + c₄r² + c₅r³ + c₆r⁴), a degree-6 fit of e^r on |r| ≤ ln2/2 with
// p(0) = 1 and p′(0) = 1 fixed and float32 coefficients (relative error 3.7e-9, below float32
// rounding), evaluated by Estrin's scheme (short dependency chains). k comes from the rounding of
// z = x·log₂e + (1.5·2²³ + 127): in [2²³, 2²⁴) float32 steps are 1, so z's bits are those of
// 1.5·2²³ plus k + 127, whose low 9 bits shifted left by 23 are the bits of 2^k; k = z − that
// constant. Every step is a correctly rounded float32 operation; against σ in float64 the relative
// error measured over [−90, 90] is ≤ 2e-7; σ is exactly 1 above ≈ 17 (2^k + p rounds to 2^k), 0.5
// at ±0, 1.6e-38 (σ(−87)) for x ≤ −87, and NaN for NaN (pmax/pmin keep their first operand when a
// comparison is false, and every later step propagates it).

/** log₂e. */
const LOG2E: f32 = Mathf.LOG2E;
/** ln 2 to 9 bits (k·LN2_HI is exact for |k| ≤ 126). */
const LN2_HI: f32 = 0.693359375;
/** ln 2 − LN2_HI. */
const LN2_LO: f32 = -2.1219444e-4;
/** Bound of |x|: 2^k stays a normal float (k ≥ −126) and σ(87) is 1. */
const CLAMP: f32 = 87;
/** 1.5·2²³ + 127: adding it rounds to an integer and leaves k + 127 in the low mantissa bits. */
const ROUND: f32 = 12583039;
// Coefficients of r², …, r⁶ in p (a minimax fit of (e^r − 1 − r)/r² weighted for the relative error
// of e^r, each rounded to float32 and the neighbours of the rounding searched for the smallest error).
const C2: f32 = 0.4999999403953552;
const C3: f32 = 0.1666652113199234;
const C4: f32 = 0.04166838526725769;
const C5: f32 = 0.008368724957108498;
const C6: f32 = 0.0013814581325277686;

/**
 * The constants as static data (below the module's heap base), broadcast from memory before the
 * loops: written as v128.const, V8 (TurboFan, Node 20) re-materialises each one inside the loop
 * with three instructions on every use (seen with `node --no-liftoff --print-wasm-code`).
 */
const K = memory.data<f32>([-CLAMP, CLAMP, LOG2E, ROUND, LN2_HI, LN2_LO, C2, C3, C4, C5, C6, 1]);

/**
 * σ(a + b) for 4 floats; the remaining arguments are the constants of K, splat. `asc -O3` inlines
 * it at its three call sites (the compiled module has no call in biasSigmoid).
 */
function sigmoid4(
  a: v128,
  b: v128,
  lo: v128,
  hi: v128,
  log2e: v128,
  round: v128,
  ln2hi: v128,
  ln2lo: v128,
  c2: v128,
  c3: v128,
  c4: v128,
  c5: v128,
  c6: v128,
  one: v128,
): v128 {
  // pmax/pmin (one maxps/minps each) rather than max/min (NaN-exact, ~8 instructions each in V8);
  // with x first, a NaN x is kept
  const x = f32x4.pmin(f32x4.pmax(f32x4.add(a, b), lo), hi);
  const z = f32x4.add(f32x4.mul(x, log2e), round);
  const k = f32x4.sub(z, round);
  const r = f32x4.add(f32x4.sub(f32x4.mul(k, ln2hi), x), f32x4.mul(k, ln2lo));
  const r2 = f32x4.mul(r, r);
  const h = f32x4.add(
    f32x4.add(c2, f32x4.mul(r, c3)),
    f32x4.mul(r2, f32x4.add(f32x4.add(c4, f32x4.mul(r, c5)), f32x4.mul(r2, c6))),
  );
  const p = f32x4.add(f32x4.add(one, r), f32x4.mul(r2, h));
  const s = i32x4.shl(z, 23);
  return f32x4.div(s, f32x4.add(s, p));
}

/** σ(x) for one float: the operations of sigmoid4 in the same order, so the same value. */
function sigmoid1(x: f32): f32 {
  // pmax(x, −87), pmin(·, 87): a NaN x is kept
  let t = x < -CLAMP ? -CLAMP : x;
  t = CLAMP < t ? CLAMP : t;
  const z = t * LOG2E + ROUND;
  const k = z - ROUND;
  const r = k * LN2_HI - t + k * LN2_LO;
  const r2 = r * r;
  const h = C2 + r * C3 + r2 * (C4 + r * C5 + r2 * C6);
  const p = <f32>1 + r + r2 * h;
  const s = reinterpret<f32>(reinterpret<i32>(z) << 23);
  return s / (s + p);
}

/**
 * C[i, j] ← σ(A[i, j] + b[j]) for an m × n float32 A at pa and C at pc (row strides lda, ldc in
 * bytes, unit column stride; C may be A) and b at pb. Two vectors per step (independent chains to
 * overlap), then one, then single floats.
 */
export function biasSigmoid(
  pa: usize,
  lda: i32,
  pb: usize,
  pc: usize,
  ldc: i32,
  m: i32,
  n: i32,
): void {
  const lo = v128.load32_splat(K);
  const hi = v128.load32_splat(K, 4);
  const log2e = v128.load32_splat(K, 8);
  const round = v128.load32_splat(K, 12);
  const ln2hi = v128.load32_splat(K, 16);
  const ln2lo = v128.load32_splat(K, 20);
  const c2 = v128.load32_splat(K, 24);
  const c3 = v128.load32_splat(K, 28);
  const c4 = v128.load32_splat(K, 32);
  const c5 = v128.load32_splat(K, 36);
  const c6 = v128.load32_splat(K, 40);
  const one = v128.load32_splat(K, 44);
  const n8 = (<usize>(n & ~7)) << 2;
  const n4 = (<usize>(n & ~3)) << 2;
  const nb = (<usize>n) << 2;
  for (let i = 0; i < m; i++) {
    let a = pa + <usize>(i * lda);
    let c = pc + <usize>(i * ldc);
    let b = pb;
    // pointers stepped together: an index times the row stride was recomputed in the loop by V8
    const end8 = pb + n8;
    while (b < end8) {
      const u = sigmoid4(
        v128.load(a),
        v128.load(b),
        lo,
        hi,
        log2e,
        round,
        ln2hi,
        ln2lo,
        c2,
        c3,
        c4,
        c5,
        c6,
        one,
      );
      const v = sigmoid4(
        v128.load(a, 16),
        v128.load(b, 16),
        lo,
        hi,
        log2e,
        round,
        ln2hi,
        ln2lo,
        c2,
        c3,
        c4,
        c5,
        c6,
        one,
      );
      v128.store(c, u);
      v128.store(c, v, 16);
      a += 32;
      b += 32;
      c += 32;
    }
    if (b < pb + n4) {
      v128.store(
        c,
        sigmoid4(
          v128.load(a),
          v128.load(b),
          lo,
          hi,
          log2e,
          round,
          ln2hi,
          ln2lo,
          c2,
          c3,
          c4,
          c5,
          c6,
          one,
        ),
      );
      a += 16;
      b += 16;
      c += 16;
    }
    const end = pb + nb;
    while (b < end) {
      store<f32>(c, sigmoid1(load<f32>(a) + load<f32>(b)));
      a += 4;
      b += 4;
      c += 4;
    }
  }
}
