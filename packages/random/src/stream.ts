import { bernoulli32, bernoulliKernel, bernoulliScalarKernel } from './bernoulli.js';
import { float32AtLeast, float32Below } from './float.js';
import { boundedInt } from './int.js';
import { fillNormalKernel } from './normal.js';
import { permutationKernel, type Shuffleable, shuffleKernel } from './permutation.js';
import { checkPathPart, checkSeed, type PathPart, pathLabel, type Seed, seedKey } from './seed.js';
import { Sfc32 } from './sfc32.js';
import { uniformFillFloat32, uniformFillFloat64 } from './uniform.js';
import { checkFinite, checkFloatArray, checkInteger, type FloatArray, show } from './validate.js';

const TWO_32 = 2 ** 32;
const MAX_PERMUTATION = 2147483647;

/**
 * A deterministic stream of random numbers for one (seed, path). Every method advances only this
 * stream; `derive` makes an independent child without advancing it. The numbers depend only on
 * (seed, path) and the calls made on this stream, never on other streams or on call order elsewhere.
 */
export interface Stream {
  /** The seed this stream was derived from. */
  readonly seed: Seed;
  /** The path below the seed, e.g. `['rbm', 0, 'epoch', 3]` (frozen). */
  readonly parts: readonly PathPart[];
  /** `seed/part/part/…`, e.g. `"42/rbm/0/epoch/3"` — for logs (not a unique key). */
  readonly path: string;
  /** Next 32-bit unsigned integer, uniform on [0, 2^32). */
  uint32(): number;
  /** Double uniform on [0, 1) with 53 random bits (two 32-bit draws): k·2^-53, k < 2^53. */
  uniform(): number;
  /** Integer uniform on [0, n), exactly unbiased (rejection); n an integer in [1, 2^32]. */
  int(n: number): number;
  /**
   * out[i] ← lo + (hi − lo)·U_i (defaults [0, 1)), stored in [lo, hi). Float32: U = k·2^-24 from
   * one draw (so [0, 1) gives exact multiples of 2^-24, never 1); float64: U = k·2^-53 from two.
   * Needs finite lo < hi (and a float32 value in [lo, hi) for float32 `out`). Returns `out`.
   */
  fillUniform<T extends Float32Array | Float64Array>(out: T, lo?: number, hi?: number): T;
  /**
   * out[i] ← N(mean, std²) variates (defaults 0, 1) by Marsaglia's polar method with an
   * engine-independent ln, so results are bit-identical across engines. Needs finite mean and
   * finite std ≥ 0. Returns `out`.
   */
  fillNormal<T extends Float32Array | Float64Array>(out: T, mean?: number, std?: number): T;
  /**
   * out[i] ← 1 if U_i < p[i] else 0, U_i = x_i·2^-32 from one 32-bit draw each (p < 0 or NaN give 0,
   * p > 1 gives 1). Branch-free. `out` may be `p` itself; otherwise `p` is not changed. Lengths
   * must match. Returns `out`.
   */
  bernoulli<T extends Float32Array | Float64Array>(p: Float32Array | Float64Array, out: T): T;
  /** out[i] ← 1 if U_i < p else 0 for one probability p ∈ [0, 1] (e.g. dropout masks). Returns `out`. */
  fillBernoulli<T extends Float32Array | Float64Array>(out: T, p: number): T;
  /** A uniformly random permutation of 0 … n−1 (Fisher–Yates on the identity); 0 ≤ n < 2^31. */
  permutation(n: number): Int32Array;
  /**
   * Shuffles `arr` in place (Fisher–Yates, all n! orders equally likely) and returns it. Uses the
   * same draws as `permutation`: shuffling the identity gives `permutation(n)`.
   */
  shuffle<T extends Int32Array | Uint32Array | Float32Array | Float64Array | unknown[]>(arr: T): T;
  /**
   * The independent stream for (seed, [...parts, ...path]); does not advance this stream.
   * `derive(s, 'a').derive('b')` equals `derive(s, 'a', 'b')`.
   */
  derive(...path: Array<string | number>): Stream;
}

class SfcStream implements Stream {
  readonly seed: Seed;
  readonly parts: readonly PathPart[];
  readonly path: string;
  private readonly g: Sfc32;

  constructor(seed: Seed, parts: readonly PathPart[]) {
    this.seed = seed;
    this.parts = Object.freeze(parts.slice());
    this.path = pathLabel(seed, parts);
    this.g = Sfc32.fromKey(seedKey(seed, parts));
  }

  uint32(): number {
    return this.g.next();
  }

  uniform(): number {
    return this.g.nextDouble();
  }

  int(n: number): number {
    checkInteger('n', n, 1, TWO_32);
    return boundedInt(this.g, n);
  }

  fillUniform<T extends FloatArray>(out: T, lo = 0, hi = 1): T {
    checkFloatArray('out', out);
    checkFinite('lo', lo);
    checkFinite('hi', hi);
    if (!(lo < hi)) throw new RangeError(`lo must be less than hi, got lo = ${lo}, hi = ${hi}`);
    if (!Number.isFinite(hi - lo)) {
      throw new RangeError(`hi − lo must be finite, got lo = ${lo}, hi = ${hi}`);
    }
    if (out instanceof Float32Array) {
      if (float32AtLeast(lo) > float32Below(hi)) {
        throw new RangeError(`no float32 value lies in [lo, hi) = [${lo}, ${hi})`);
      }
      uniformFillFloat32(this.g, out, lo, hi);
    } else {
      uniformFillFloat64(this.g, out as Float64Array, lo, hi);
    }
    return out;
  }

  fillNormal<T extends FloatArray>(out: T, mean = 0, std = 1): T {
    checkFloatArray('out', out);
    checkFinite('mean', mean);
    checkFinite('std', std);
    if (std < 0) throw new RangeError(`std must be ≥ 0, got ${std}`);
    return fillNormalKernel(this.g, out, mean, std);
  }

  bernoulli<T extends FloatArray>(p: FloatArray, out: T): T {
    checkFloatArray('p', p);
    checkFloatArray('out', out);
    if (out.length !== p.length) {
      throw new RangeError(`out.length must equal p.length = ${p.length}, got ${out.length}`);
    }
    if (p instanceof Float32Array && out instanceof Float32Array) {
      bernoulli32(this.g, p, out);
      return out;
    }
    return bernoulliKernel(this.g, p, out);
  }

  fillBernoulli<T extends FloatArray>(out: T, p: number): T {
    checkFloatArray('out', out);
    checkFinite('p', p);
    if (p < 0 || p > 1) throw new RangeError(`p must be in [0, 1], got ${show(p)}`);
    return bernoulliScalarKernel(this.g, p, out);
  }

  permutation(n: number): Int32Array {
    checkInteger('n', n, 0, MAX_PERMUTATION);
    return permutationKernel(this.g, n);
  }

  shuffle<T extends Shuffleable>(arr: T): T {
    if (
      !(
        Array.isArray(arr) ||
        arr instanceof Int32Array ||
        arr instanceof Uint32Array ||
        arr instanceof Float32Array ||
        arr instanceof Float64Array
      )
    ) {
      throw new TypeError(
        `arr must be an Array, Int32Array, Uint32Array, Float32Array or Float64Array, got ${show(arr)}`,
      );
    }
    return shuffleKernel(this.g, arr);
  }

  derive(...path: Array<string | number>): Stream {
    for (let i = 0; i < path.length; i++) checkPathPart(path[i], i);
    return new SfcStream(this.seed, [...this.parts, ...path]);
  }
}

/** The stream for `seed` alone; the same as `derive(seed)`. */
export function stream(seed: Seed): Stream {
  checkSeed(seed);
  return new SfcStream(seed, []);
}

/**
 * The independent stream for (seed, path): sfc32 seeded from a hash of
 * `JSON.stringify([typeof seed, seed, ...path])`, so it depends on nothing else.
 * seed: finite number (0 is valid) or string; path parts: strings or finite numbers.
 */
export function derive(seed: Seed, ...path: Array<string | number>): Stream {
  checkSeed(seed);
  for (let i = 0; i < path.length; i++) checkPathPart(path[i], i);
  return new SfcStream(seed, path);
}
