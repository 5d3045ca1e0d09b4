import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { gzipSync } from 'fflate';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { type Idx, readIdx } from '../src/idx.js';
import { mnistDataDir } from '../src/mnist.js';

const file = (name: string): Uint8Array => {
  const buf = readFileSync(join(mnistDataDir(), name));
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
};

const ELEMENT_SIZE: Record<Idx['type'], number> = {
  uint8: 1,
  int8: 1,
  int16: 2,
  int32: 4,
  float32: 4,
  float64: 8,
};

/**
 * readIdx must return (never throw), and a Right must be self-consistent: data length is the
 * product of dims and header + data accounts for every byte of the (decompressed) input.
 */
function checkOutcome(
  result: E.Either<{ _tag: string; message: string }, Idx>,
  rawLength?: number,
) {
  if (E.isLeft(result)) {
    expect(['ParseError', 'Unsupported']).toContain(result.left._tag);
    expect(result.left.message.length).toBeGreaterThan(0);
    return;
  }
  const { dims, data, type } = result.right;
  expect(dims.length).toBeGreaterThanOrEqual(1);
  expect(data.length).toBe(dims.reduce((a, b) => a * b, 1));
  if (rawLength !== undefined) {
    expect(4 + 4 * dims.length + data.length * ELEMENT_SIZE[type]).toBe(rawLength);
  }
}

const trainImages = file('train-images-idx3-ubyte');
const testLabels = file('t10k-labels-idx1-ubyte');
// A small real image file (3 images) keeps the byte-flip runs cheap.
const small = (() => {
  const out = trainImages.slice(0, 16 + 3 * 784);
  new DataView(out.buffer).setUint32(4, 3, false);
  return out;
})();
const smallGz = gzipSync(small);

const bounded = { numRuns: 2000, seed: 7, interruptAfterTimeLimit: 20_000 } as const;

describe('readIdx robustness', () => {
  it('random bytes: a Left or a consistent value, never a throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        checkOutcome(readIdx(bytes), bytes.length);
      }),
      bounded,
    );
  });

  it('random bytes behind a valid-looking magic', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e),
        fc.integer({ min: 0, max: 5 }),
        fc.uint8Array({ maxLength: 80 }),
        (type, ndims, rest) => {
          const bytes = new Uint8Array([0, 0, type, ndims, ...rest]);
          checkOutcome(readIdx(bytes), bytes.length);
        },
      ),
      bounded,
    );
  });

  it('random bytes behind a gzip magic', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (rest) => {
        checkOutcome(readIdx(new Uint8Array([0x1f, 0x8b, 8, 0, ...rest])));
      }),
      bounded,
    );
  });

  it('every prefix class of a real file: in the header, in the dims, in the data', () => {
    // Every length through the header (16 bytes) and into the data, then sampled lengths.
    const lengths: number[] = [];
    for (let k = 0; k < 64; k++) lengths.push(k);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: trainImages.length }), (k) => {
        const cut = trainImages.subarray(0, k);
        const result = readIdx(cut);
        if (k === trainImages.length) expect(E.isRight(result)).toBe(true);
        else expect(E.isLeft(result) && result.left._tag).toBe('ParseError');
      }),
      { numRuns: 500, seed: 3, examples: lengths.map((k) => [k] as [number]) },
    );
    for (let k = 0; k < testLabels.length; k++) {
      const result = readIdx(testLabels.subarray(0, k));
      expect(E.isLeft(result)).toBe(true);
    }
  });

  it('every prefix of a gzipped real file is a Left', () => {
    for (let k = 0; k < smallGz.length; k++) {
      const result = readIdx(smallGz.subarray(0, k));
      expect(E.isLeft(result)).toBe(true);
    }
    expect(E.isRight(readIdx(smallGz))).toBe(true);
  });

  it('random byte flips of a real file (plain and gzipped)', () => {
    const flips = fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), {
      minLength: 1,
      maxLength: 4,
    });
    fc.assert(
      fc.property(fc.boolean(), flips, (gz, changes) => {
        const bytes = (gz ? smallGz : small).slice();
        for (const { at, value } of changes) {
          // Favour the header, where the interesting damage is.
          const i = at % 3 === 0 ? at % 24 : at % bytes.length;
          bytes[i] = value;
        }
        checkOutcome(readIdx(bytes), gz ? undefined : bytes.length);
      }),
      bounded,
    );
  });

  it('headers that claim huge sizes return a Left (no attempt to allocate them)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1 << 16, max: 0xffffffff }), { minLength: 2, maxLength: 8 }),
        fc.constantFrom(0x08, 0x0e),
        (dims, type) => {
          const bytes = new Uint8Array(4 + 4 * dims.length + 100);
          bytes[2] = type;
          bytes[3] = dims.length;
          const view = new DataView(bytes.buffer);
          for (let i = 0; i < dims.length; i++) view.setUint32(4 + 4 * i, dims[i]!, false);
          const result = readIdx(bytes);
          expect(E.isLeft(result) && result.left._tag).toBe('ParseError');
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });
});
