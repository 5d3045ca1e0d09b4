// AssemblyScript source of the backward pass through a sigmoid (compiled with the other kernels by
// scripts/build-wasm.mjs; driven by src/sigmoid-backward.ts). The lane helpers are private copies
// of those in asm/gemm.ts and asm/reduce.ts: a shared file would have to export them, and asc
// then warns about v128 in exported signatures unless they are `@inline`, a decorator biome does
// not parse on functions.

/** Lanes 0, 1 of the f32x4 v as an f64x2 (exact). Small: `asc -O3` inlines it. */
function lo64(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}

/** Lanes 2, 3 of the f32x4 v as an f64x2 (exact). */
function hi64(v: v128): v128 {
  return f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 2, 3));
}

/** [x0, x1, y0, y1] from two f64x2, each rounded once to float32 (to nearest). */
function demote2(x: v128, y: v128): v128 {
  return i64x2.shuffle(f32x4.demote_f64x2_zero(x), f32x4.demote_f64x2_zero(y), 0, 2);
}

/**
 * out[i] ← f32(delta[i]·s[i]·(1 − s[i])) for i < n float32s at pd, ps, po (byte addresses; out
 * may be delta or s), each product computed in float64 left to right and rounded once: the
 * operations of the TypeScript kernel on JavaScript numbers, so the bits are the same.
 */
export function sigmoidBackward(pd: usize, ps: usize, po: usize, n: i32): void {
  const one = f64x2.splat(1);
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const o = (<usize>i) << 2;
    const d = v128.load(pd + o);
    const s = v128.load(ps + o);
    const sl = lo64(s);
    const sh = hi64(s);
    const l = f64x2.mul(f64x2.mul(lo64(d), sl), f64x2.sub(one, sl));
    const h = f64x2.mul(f64x2.mul(hi64(d), sh), f64x2.sub(one, sh));
    v128.store(po + o, demote2(l, h));
  }
  for (let i = n4; i < n; i++) {
    const o = (<usize>i) << 2;
    const s = <f64>load<f32>(ps + o);
    store<f32>(po + o, <f32>(<f64>load<f32>(pd + o) * s * (1 - s)));
  }
}
