// AssemblyScript source of the fused bias + logistic kernel C ← σ(A + 1bᵀ) for float32 (compiled
// with the other kernels by scripts/build-wasm.mjs; driven by src/bias-sigmoid.ts). Like the
// TypeScript float32 sigmoid it evaluates e^(−x) as 2^k·e^r with k = round(−x·log₂e),
// r = −x − k·ln2 (ln2 split in a 9-bit high part, so k·ln2_hi is exact, and a low part) and e^r
// by its degree-7 Taylor polynomial (|r| ≤ ln2/2: truncation < 6e-9), here in float32 SIMD;
// 2^k is built from its exponent bits. −x is clamped to [−87, 87] (2^k stays a normal float):
// σ(x) is then exactly 1 for x > 87 and 1.6e-38 (instead of less) for x < −87.

const LOG2E: f32 = Mathf.LOG2E;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.1219444e-4;
const CLAMP: f32 = 87;

/** σ(x) for one float, the same operations as the vector loop. */
function sigmoid1(x: f32): f32 {
  const t = min(CLAMP, max(-CLAMP, -x));
  const k = nearest(t * LOG2E);
  const r = t - k * LN2_HI - k * LN2_LO;
  const p =
    <f32>1 +
    r *
      (<f32>1 +
        r *
          (<f32>0.5 +
            r *
              (<f32>(1.0 / 6) +
                r *
                  (<f32>(1.0 / 24) +
                    r * (<f32>(1.0 / 120) + r * (<f32>(1.0 / 720) + r * <f32>(1.0 / 5040)))))));
  const s = reinterpret<f32>((<i32>k + 127) << 23);
  return <f32>1 / (<f32>1 + p * s);
}

/**
 * C[i, j] ← σ(A[i, j] + b[j]) for an m × n float32 A at pa and C at pc (row strides lda, ldc in
 * bytes, unit column stride; C may be A) and b at pb.
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
  const n4 = n & ~3;
  const one = f32x4.splat(1);
  const lo = f32x4.splat(-CLAMP);
  const hi = f32x4.splat(CLAMP);
  const log2e = f32x4.splat(LOG2E);
  const ln2hi = f32x4.splat(LN2_HI);
  const ln2lo = f32x4.splat(LN2_LO);
  const c2 = f32x4.splat(0.5);
  const c3 = f32x4.splat(<f32>(1.0 / 6));
  const c4 = f32x4.splat(<f32>(1.0 / 24));
  const c5 = f32x4.splat(<f32>(1.0 / 120));
  const c6 = f32x4.splat(<f32>(1.0 / 720));
  const c7 = f32x4.splat(<f32>(1.0 / 5040));
  const bias = i32x4.splat(127);
  for (let i = 0; i < m; i++) {
    const a = pa + <usize>(i * lda);
    const c = pc + <usize>(i * ldc);
    for (let j = 0; j < n4; j += 4) {
      const o = (<usize>j) << 2;
      const x = f32x4.add(v128.load(a + o), v128.load(pb + o));
      const t = f32x4.min(hi, f32x4.max(lo, f32x4.neg(x)));
      const k = f32x4.nearest(f32x4.mul(t, log2e));
      const r = f32x4.sub(f32x4.sub(t, f32x4.mul(k, ln2hi)), f32x4.mul(k, ln2lo));
      let p = f32x4.add(c6, f32x4.mul(r, c7));
      p = f32x4.add(c5, f32x4.mul(r, p));
      p = f32x4.add(c4, f32x4.mul(r, p));
      p = f32x4.add(c3, f32x4.mul(r, p));
      p = f32x4.add(c2, f32x4.mul(r, p));
      p = f32x4.add(one, f32x4.mul(r, p));
      p = f32x4.add(one, f32x4.mul(r, p));
      const s = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(k), bias), 23);
      v128.store(c + o, f32x4.div(one, f32x4.add(one, f32x4.mul(p, s))));
    }
    for (let j = n4; j < n; j++) {
      const o = (<usize>j) << 2;
      store<f32>(c + o, sigmoid1(load<f32>(a + o) + load<f32>(pb + o)));
    }
  }
}
