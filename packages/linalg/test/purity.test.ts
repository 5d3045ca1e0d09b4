import {
  addRowVector,
  axpy,
  clone,
  colSums,
  type DType,
  type FloatArray,
  gemm,
  gemv,
  logSumExpRows,
  type Matrix,
  mul,
  rowArgmax,
  rowSlice,
  sigmoid,
  sigmoidBackward,
  softmaxRows,
  squaredError,
  sub,
  transpose,
  zeros,
} from '@dbn/linalg';
import { dimArb, floatArrayArb, matrixArb } from '@dbn/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesOf, sameBytes } from './reference.js';

/**
 * Every exported function leaves its read-only inputs alone: the whole buffers behind them are
 * snapshotted byte for byte, the matrix records are frozen, the function runs, and the bytes are
 * compared. Outputs are separate arrays (so only the declared output may change).
 */
function unchanged(inputs: (Matrix | FloatArray)[], call: () => unknown): void {
  const arrays = inputs.map((x) => (ArrayBuffer.isView(x) ? x : x.data));
  const snaps = arrays.map((x) => bytesOf(new Uint8Array(x.buffer)));
  for (const x of inputs) if (!ArrayBuffer.isView(x)) Object.freeze(x);
  call();
  arrays.forEach((x, q) => {
    expect(sameBytes(new Uint8Array(x.buffer), snaps[q]!)).toBe(true);
  });
}

const dtypeArb = fc.constantFrom<DType>('f32', 'f64');
const strided = { layout: 'strided', negativeStrides: true } as const;

function out(rows: number, cols: number, dtype: DType): Matrix {
  return zeros(rows, cols, dtype);
}

function vec(n: number, dtype: DType): FloatArray {
  return dtype === 'f64' ? new Float64Array(n) : new Float32Array(n);
}

describe('exported functions never change their read-only inputs', () => {
  it('gemm, gemv', () => {
    fc.assert(
      fc.property(
        fc
          .record({
            m: dimArb({ max: 20 }),
            k: dimArb({ max: 20 }),
            n: dimArb({ max: 20 }),
            dtype: dtypeArb,
          })
          .chain(({ m, k, n, dtype }) =>
            fc.tuple(
              matrixArb({ rows: m, cols: k, dtype, ...strided }),
              matrixArb({ rows: k, cols: n, dtype, ...strided }),
              floatArrayArb(k, dtype),
            ),
          ),
        ([a, b, x]) => {
          const dtype = a.data instanceof Float64Array ? 'f64' : 'f32';
          unchanged([a, b], () => gemm(1.5, a, b, 0.5, out(a.rows, b.cols, dtype)));
          unchanged([a, x], () => gemv(1.5, a, x, 0.5, vec(a.rows, dtype)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('row and column operations', () => {
    fc.assert(
      fc.property(
        fc
          .record({ m: dimArb(), n: dimArb({ min: 1 }), dtype: dtypeArb })
          .chain(({ m, n, dtype }) =>
            fc.tuple(
              matrixArb({ rows: m, cols: n, dtype, ...strided }),
              matrixArb({ rows: m, cols: n, dtype, ...strided }),
              floatArrayArb(n, dtype),
            ),
          ),
        ([a, b, v]) => {
          const dtype = a.data instanceof Float64Array ? 'f64' : 'f32';
          const { rows, cols } = a;
          unchanged([a, v], () => addRowVector(a, v, out(rows, cols, dtype)));
          unchanged([a], () => colSums(1, a, 1, vec(cols, dtype)));
          unchanged([a], () => rowArgmax(a, new Int32Array(rows)));
          unchanged([a], () => softmaxRows(a, out(rows, cols, dtype)));
          unchanged([a], () => logSumExpRows(a, vec(rows, dtype)));
          unchanged([a, b], () => squaredError(a, b));
          unchanged([a], () => clone(a));
          unchanged([a], () => transpose(a));
          unchanged([a], () => rowSlice(a, 0, rows));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('elementwise operations', () => {
    fc.assert(
      fc.property(
        fc
          .record({ n: dimArb({ max: 30 }), dtype: dtypeArb })
          .chain(({ n, dtype }) =>
            fc.tuple(floatArrayArb(n, dtype, { min: -50, max: 50 }), floatArrayArb(n, dtype)),
          ),
        ([x, y]) => {
          const n = x.length;
          const dtype = x instanceof Float64Array ? 'f64' : 'f32';
          unchanged([x], () => axpy(2, x, vec(n, dtype)));
          unchanged([x, y], () => sub(x, y, vec(n, dtype)));
          unchanged([x, y], () => mul(x, y, vec(n, dtype)));
          unchanged([x], () => sigmoid(x, vec(n, dtype)));
          unchanged([x, y], () => sigmoidBackward(x, y, vec(n, dtype)));
        },
      ),
    );
  });
});
