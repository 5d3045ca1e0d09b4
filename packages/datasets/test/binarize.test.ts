import { derive } from '@dbn/random';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { binarize, oneHot, subsetIndices, takeRows } from '../src/binarize.js';
import { loadMnist } from '../src/mnist.js';

describe('binarize', () => {
  it('uses pixel > threshold: 128 → 0 and 129 → 1 at the default threshold', () => {
    const px = Uint8Array.of(0, 1, 127, 128, 129, 200, 255);
    expect(Array.from(binarize(px))).toEqual([0, 0, 0, 0, 1, 1, 1]);
    expect(Array.from(binarize(px, 0))).toEqual([0, 1, 1, 1, 1, 1, 1]);
    expect(Array.from(binarize(px, 255))).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('matches the rule for any pixels and threshold, writing into out when given', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 255 }), (px, t) => {
        const before = px.slice();
        const out = new Float32Array(px.length).fill(7);
        expect(binarize(px, t, out)).toBe(out);
        expect(px).toEqual(before);
        for (let i = 0; i < px.length; i++) expect(out[i]).toBe(px[i]! > t ? 1 : 0);
      }),
      { numRuns: 200, seed: 5 },
    );
  });

  it('rejects a bad threshold, images or out, naming them', () => {
    const px = new Uint8Array(4);
    for (const t of [-1, 256, 1.5, Number.NaN]) {
      expect(() => binarize(px, t)).toThrow(RangeError);
      expect(() => binarize(px, t)).toThrow(/threshold/);
    }
    expect(() => binarize(new Float32Array(4) as unknown as Uint8Array)).toThrow(/images/);
    expect(() => binarize(px, 128, new Float32Array(3))).toThrow(/out\.length/);
    expect(() => binarize(px, 128, new Float64Array(4) as unknown as Float32Array)).toThrow(
      TypeError,
    );
  });

  it('gives about 13 % ones on MNIST train at > 128', async () => {
    const mnist = await loadMnist({ split: 'train' });
    if (E.isLeft(mnist)) throw new Error(mnist.left.message);
    const bin = binarize(mnist.right.images);
    let ones = 0;
    for (let i = 0; i < bin.length; i++) ones += bin[i]!;
    const fraction = ones / bin.length;
    console.log(
      `MNIST train: fraction of pixels > 128 = ${fraction.toFixed(5)} (${ones} of ${bin.length})`,
    );
    expect(fraction).toBeGreaterThan(0.1);
    expect(fraction).toBeLessThan(0.16);
  });
});

describe('oneHot', () => {
  it('puts a single 1 per row at the label', () => {
    expect(Array.from(oneHot(Uint8Array.of(2, 0), 3))).toEqual([0, 0, 1, 1, 0, 0]);
    const codes = oneHot([9, 0, 5]);
    expect(codes.length).toBe(30);
    expect(codes[9]).toBe(1);
    expect(codes[10]).toBe(1);
    expect(codes[25]).toBe(1);
    expect(codes.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('rejects labels out of range and bad class counts', () => {
    expect(() => oneHot([0, 10])).toThrow(/labels\[1\].*10/);
    expect(() => oneHot([0.5])).toThrow(RangeError);
    expect(() => oneHot([0], 0)).toThrow(/classes/);
    expect(() => oneHot(null as unknown as number[])).toThrow(TypeError);
  });
});

describe('subsetIndices', () => {
  it('takes the first n without a seed', () => {
    expect(Array.from(subsetIndices(4, 10))).toEqual([0, 1, 2, 3]);
    expect(subsetIndices(0, 0).length).toBe(0);
  });

  it('is deterministic for a seed (0 included), distinct and in range', () => {
    for (const seed of [0, 1, 'alpha']) {
      const a = subsetIndices(100, 1000, seed);
      expect(subsetIndices(100, 1000, seed)).toEqual(a);
      expect(new Set(a).size).toBe(100);
      for (const i of a) {
        expect(i).toBeGreaterThanOrEqual(0);
        expect(i).toBeLessThan(1000);
      }
      // The contract: the first n of the 'subset' permutation of the seed.
      expect(a).toEqual(derive(seed, 'subset').permutation(1000).slice(0, 100));
    }
    expect(subsetIndices(100, 1000, 0)).not.toEqual(subsetIndices(100, 1000, 1));
    // n = total is a full permutation.
    const all = Array.from(subsetIndices(50, 50, 3)).sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('rejects bad sizes and seeds', () => {
    expect(() => subsetIndices(11, 10)).toThrow(/n must/);
    expect(() => subsetIndices(-1, 10)).toThrow(RangeError);
    expect(() => subsetIndices(1, 1.5)).toThrow(/total/);
    expect(() => subsetIndices(1, 10, Number.NaN)).toThrow(/seed/);
  });
});

describe('takeRows', () => {
  it('gathers rows in the given order, keeping the array type and the input', () => {
    const data = Float64Array.of(0, 1, 10, 11, 20, 21);
    const got = takeRows(data, 2, Int32Array.of(2, 0, 2));
    expect(got).toBeInstanceOf(Float64Array);
    expect(Array.from(got)).toEqual([20, 21, 0, 1, 20, 21]);
    expect(Array.from(data)).toEqual([0, 1, 10, 11, 20, 21]);
    const bytes = takeRows(Uint8Array.of(1, 2, 3), 1, [1]);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Array.from(bytes)).toEqual([2]);
  });

  it('agrees with row-by-row slicing on random input', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (cols, rows, picks) => {
          const data = Float32Array.from({ length: rows * cols }, (_, i) => i * 0.5);
          const idx = picks.map((p) => p % rows);
          const got = takeRows(data, cols, idx);
          const want = idx.flatMap((r) => Array.from(data.subarray(r * cols, (r + 1) * cols)));
          expect(Array.from(got)).toEqual(want);
        },
      ),
      { numRuns: 200, seed: 9 },
    );
  });

  it('rejects bad indices and shapes, naming them', () => {
    const data = new Float32Array(6);
    expect(() => takeRows(data, 2, [3])).toThrow(/indices\[0\].*3/);
    expect(() => takeRows(data, 2, [-1])).toThrow(RangeError);
    expect(() => takeRows(data, 4, [0])).toThrow(/multiple of cols/);
    expect(() => takeRows(data, 0, [0])).toThrow(/cols/);
    expect(() => takeRows([1, 2] as unknown as Float32Array, 1, [0])).toThrow(TypeError);
  });
});
