import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { matChar } from '../src/mat/char.js';
import { matrixFromRowMajor, matrixRowMajor } from '../src/mat/matrix.js';
import type { MatValue } from '../src/mat/types.js';

describe('matrixFromRowMajor / matrixRowMajor', () => {
  it('transposes row-major data into column-major order and back', () => {
    const m = matrixFromRowMajor(2, 3, [1, 2, 3, 4, 5, 6]);
    expect(m).toEqual({
      kind: 'numeric',
      class: 'double',
      dims: [2, 3],
      data: Float64Array.of(1, 4, 2, 5, 3, 6),
    });
    expect(matrixRowMajor(m)).toEqual(
      E.right({ rows: 2, cols: 3, data: Float64Array.of(1, 2, 3, 4, 5, 6) }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer(),
        (rows, cols, seed) => {
          const data = Float64Array.from(
            { length: rows * cols },
            (_, i) => (i * 7919 + seed) % 1000,
          );
          const back = matrixRowMajor(matrixFromRowMajor(rows, cols, data));
          expect(back).toEqual(E.right({ rows, cols, data }));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('builds every number class, rejecting values the class cannot hold', () => {
    expect(matrixFromRowMajor(1, 2, [1, -2], 'int8').data).toEqual(Int8Array.of(1, -2));
    expect(matrixFromRowMajor(1, 2, [0.1, 2], 'single').data).toEqual(Float32Array.of(0.1, 2));
    expect(matrixFromRowMajor(1, 2, [1, 0], 'logical')).toMatchObject({
      class: 'logical',
      data: Uint8Array.of(1, 0),
    });
    expect(() => matrixFromRowMajor(1, 1, [300], 'uint8')).toThrow(
      /data\[0\] = 300 is not a uint8/,
    );
    expect(() => matrixFromRowMajor(1, 1, [1.5], 'int32')).toThrow(RangeError);
    expect(() => matrixFromRowMajor(1, 1, [2], 'logical')).toThrow(/logical/);
    expect(() => matrixFromRowMajor(2, 2, [1, 2, 3])).toThrow(/rows·cols = 4, got 3/);
    expect(() => matrixFromRowMajor(-1, 2, [])).toThrow(/rows/);
    expect(() => matrixFromRowMajor(1, 1, [1], 'int64' as never)).toThrow(/cls/);
  });

  it('does not change its input', () => {
    const data = [3, 1, 2, 0];
    matrixFromRowMajor(2, 2, data);
    expect(data).toEqual([3, 1, 2, 0]);
    const v: MatValue = {
      kind: 'numeric',
      class: 'int16',
      dims: [2, 2],
      data: Int16Array.of(1, 2, 3, 4),
    };
    matrixRowMajor(v);
    expect(v.data).toEqual(Int16Array.of(1, 2, 3, 4));
  });

  it('converts integer classes and accepts trailing singleton dims', () => {
    const v: MatValue = {
      kind: 'numeric',
      class: 'uint64',
      dims: [1, 2, 1],
      data: BigUint64Array.of(7n, 2n ** 53n),
    };
    expect(matrixRowMajor(v)).toEqual(
      E.right({ rows: 1, cols: 2, data: Float64Array.of(7, 2 ** 53) }),
    );
  });

  it('returns InvalidArgument for anything but a real 2-D numeric array', () => {
    const bad: MatValue[] = [
      matChar('abc'),
      { kind: 'cell', dims: [0, 0], cells: [] },
      {
        kind: 'numeric',
        class: 'double',
        dims: [1, 1],
        data: Float64Array.of(1),
        imag: Float64Array.of(2),
      },
      { kind: 'numeric', class: 'double', dims: [1, 2, 2], data: new Float64Array(4) },
    ];
    for (const v of bad) {
      const r = matrixRowMajor(v);
      expect(E.isLeft(r) && r.left._tag).toBe('InvalidArgument');
    }
    expect(E.isLeft(matrixRowMajor(bad[0]!)) && matrixRowMajor(bad[0]!)).toMatchObject({
      left: { message: 'expected a numeric matrix, got a 1×3 char array' },
    });
  });
});
