import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { derive, stream } from '../src/index.js';
import { chiSquare9999, chiSquareUniform } from './stats.js';

function isPermutation(p: ArrayLike<number>): boolean {
  const seen = new Uint8Array(p.length);
  for (let i = 0; i < p.length; i++) {
    const v = p[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= p.length || seen[v]) return false;
    seen[v] = 1;
  }
  return true;
}

describe('permutation', () => {
  it('returns a permutation of 0 … n−1 as an Int32Array', () => {
    const s = stream('perm');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), (n) => {
        const p = s.permutation(n);
        expect(p).toBeInstanceOf(Int32Array);
        expect(p.length).toBe(n);
        expect(isPermutation(p)).toBe(true);
      }),
    );
    expect(Array.from(s.permutation(0))).toEqual([]);
    expect(Array.from(s.permutation(1))).toEqual([0]);
  });

  it('makes all 24 orders of 4 equally likely (chi-square at 99.99 %)', () => {
    const s = stream('perm-chi');
    const counts = new Float64Array(256);
    const samples = 48_000;
    for (let k = 0; k < samples; k++) {
      const p = s.permutation(4);
      counts[p[0]! * 64 + p[1]! * 16 + p[2]! * 4 + p[3]!]!++;
    }
    const observed = Array.from(counts).filter((c) => c > 0);
    expect(observed.length).toBe(24);
    expect(chiSquareUniform(observed)).toBeLessThan(chiSquare9999(23));
  });

  it('puts every value at every position about equally often (n = 7)', () => {
    const s = stream('perm-pos');
    const n = 7;
    const samples = 21_000;
    const counts = new Float64Array(n * n);
    for (let k = 0; k < samples; k++) {
      const p = s.permutation(n);
      for (let i = 0; i < n; i++) counts[i * n + p[i]!]!++;
    }
    const sd = Math.sqrt((samples * (n - 1)) / n ** 2);
    for (let i = 0; i < n * n; i++) {
      expect(Math.abs(counts[i]! - samples / n)).toBeLessThan(4.5 * sd);
    }
  });

  it('equals shuffle of the identity, for every accepted array type', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.nat(), (n, seed) => {
        const want = Array.from(derive(seed, 'same').permutation(n));
        const id = Array.from({ length: n }, (_, i) => i);
        expect(derive(seed, 'same').shuffle(id.slice())).toEqual(want);
        for (const T of [Int32Array, Uint32Array, Float32Array, Float64Array]) {
          expect(Array.from(derive(seed, 'same').shuffle(T.from(id)))).toEqual(want);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('handles n above 2^21 (general bounded-integer path) like shuffle does', () => {
    const n = 2 ** 21 + 3;
    const p = derive(8, 'big').permutation(n);
    expect(isPermutation(p)).toBe(true);
    const id = new Float64Array(n);
    for (let i = 0; i < n; i++) id[i] = i;
    const q = derive(8, 'big').shuffle(id);
    let same = true;
    for (let i = 0; i < n; i++) if (p[i] !== q[i]) same = false;
    expect(same).toBe(true);
  });

  it('validates n', () => {
    const s = stream(0);
    for (const n of [-1, 1.5, 2 ** 31, Number.NaN])
      expect(() => s.permutation(n)).toThrow(RangeError);
    expect(() => s.permutation(-1)).toThrow(/n must be an integer in \[0, 2147483647\], got -1/);
  });
});

describe('shuffle', () => {
  it('shuffles in place, returns the same array and keeps its elements', () => {
    const s = stream('shuffle');
    fc.assert(
      fc.property(fc.array(fc.anything(), { maxLength: 50 }), (arr) => {
        const before = arr.slice();
        const out = s.shuffle(arr);
        expect(out).toBe(arr);
        const key = (v: unknown) => JSON.stringify(v) ?? String(v);
        expect(out.map(key).sort()).toEqual(before.map(key).sort());
      }),
    );
  });

  it('actually moves things', () => {
    const a = Float32Array.from({ length: 100 }, (_, i) => i);
    stream('moves').shuffle(a);
    let fixed = 0;
    for (let i = 0; i < a.length; i++) if (a[i] === i) fixed++;
    // A uniform permutation has Poisson(1) fixed points.
    expect(fixed).toBeLessThan(10);
  });

  it('rejects other inputs with a TypeError', () => {
    const s = stream(0);
    for (const bad of ['abc', {}, new Int8Array(3), null, 5]) {
      expect(() => s.shuffle(bad as unknown as number[])).toThrow(TypeError);
      expect(() => s.shuffle(bad as unknown as number[])).toThrow(/^arr must be an Array/);
    }
  });
});
