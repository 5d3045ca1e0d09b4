import { CHUNK } from './chunk.js';
import { boundedInt, LEMIRE_MAX } from './int.js';
import type { Sfc32 } from './sfc32.js';

const TWO_32 = 2 ** 32;
const TWO_M32 = 2 ** -32;

/** Anything `shuffle` accepts: an array or an integer/float typed array. */
export type Shuffleable = Int32Array | Uint32Array | Float32Array | Float64Array | unknown[];

/**
 * Fisher–Yates (Durstenfeld) shuffle of `arr` in place: for i = n−1 … 1, swap arr[i] with
 * arr[j], j = boundedInt(i + 1). Every one of the n! orders is equally likely. Works on any
 * indexable array. Internal kernel: unchecked.
 */
export function shuffleKernel<T extends Shuffleable>(g: Sfc32, arr: T): T {
  const a = arr as { [i: number]: unknown; length: number };
  for (let i = a.length - 1; i > 0; i--) {
    const j = boundedInt(g, i + 1);
    const tmp = a[i];
    a[i] = a[j];
    a[j] = tmp;
  }
  return arr;
}

/**
 * The same shuffle as {@link shuffleKernel} (same draws, same result) specialised for Int32Array:
 * the generator step and the multiply-shift of `boundedInt` are inlined for bounds ≤ 2^21.
 * Internal kernel: unchecked.
 */
export function shuffleInt32(g: Sfc32, arr: Int32Array): Int32Array {
  let i = arr.length - 1;
  // Bounds above 2^21 (arrays longer than 2^21) take the general path.
  for (; i >= LEMIRE_MAX; i--) {
    const j = boundedInt(g, i + 1);
    const tmp = arr[i]!;
    arr[i] = arr[j]!;
    arr[j] = tmp;
  }
  const s = g.s;
  for (; i > 0; i -= CHUNK) shuffleInt32Chunk(s, arr, i, Math.max(0, i - CHUNK));
  return arr;
}

/** Fisher–Yates steps for i = from, from − 1, …, stop + 1 (all bounds i + 1 ≤ 2^21). */
function shuffleInt32Chunk(s: Int32Array, arr: Int32Array, from: number, stop: number): void {
  let a = s[0]!;
  let b = s[1]!;
  let c = s[2]!;
  let d = s[3]!;
  for (let i = from; i > stop; i--) {
    const n = i + 1;
    let t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + t) | 0;
    // Lemire, as in boundedInt: redraw while x·n mod 2^32 < 2^32 mod n.
    let lo = Math.imul(t, n) >>> 0;
    if (lo < n) {
      const threshold = TWO_32 % n;
      while (lo < threshold) {
        t = (((a + b) | 0) + d) | 0;
        d = (d + 1) | 0;
        a = b ^ (b >>> 9);
        b = (c + (c << 3)) | 0;
        c = (((c << 21) | (c >>> 11)) + t) | 0;
        lo = Math.imul(t, n) >>> 0;
      }
    }
    const j = Math.floor((t >>> 0) * n * TWO_M32);
    const tmp = arr[i]!;
    arr[i] = arr[j]!;
    arr[j] = tmp;
  }
  s[0] = a;
  s[1] = b;
  s[2] = c;
  s[3] = d;
}

/** A uniformly random permutation of 0 … n−1: the identity shuffled by {@link shuffleInt32}. */
export function permutationKernel(g: Sfc32, n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return shuffleInt32(g, out);
}
