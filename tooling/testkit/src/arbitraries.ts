import fc from 'fast-check';
// A type-only import by path: @dbn/linalg depends on @dbn/testkit for its tests, so testkit
// cannot list it as a dependency without a workspace cycle. This is the type '@dbn/linalg' exports.
import type { DType, FloatArray, Matrix } from '../../../packages/linalg/src/matrix.js';

/** Element range of generated values (inclusive); both default to a finite bound. */
export interface ValueRange {
  /** Smallest value (default −1). */
  readonly min?: number;
  /** Largest value (default 1). */
  readonly max?: number;
}

/**
 * Finite numbers in [min, max] (default [−1, 1]) representable in `dtype`: for 'f32' every value
 * is a float32 (fc.float, bounds rounded inward to float32), for 'f64' any double (fc.double).
 * Includes −0, ±min/max and tiny magnitudes, never NaN or ±∞.
 */
export function floatArb(dtype: DType = 'f32', { min = -1, max = 1 }: ValueRange = {}) {
  if (!(min <= max)) throw new RangeError(`min must be ≤ max, got ${min} > ${max}`);
  if (dtype === 'f64') {
    return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  }
  let lo = Math.fround(min);
  let hi = Math.fround(max);
  if (lo < min) lo = nextFloat32Up(lo);
  if (hi > max) hi = nextFloat32Down(hi);
  return fc.float({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

function nextFloat32Up(x: number): number {
  f32[0] = x;
  if (x === 0) return 1.401298464324817e-45;
  u32[0] = x > 0 ? u32[0]! + 1 : u32[0]! - 1;
  return f32[0]!;
}

function nextFloat32Down(x: number): number {
  return -nextFloat32Up(-x);
}

/**
 * Typed arrays of `dtype` ('f32' → Float32Array, 'f64' → Float64Array) whose length is `len`
 * (a number, or an arbitrary of lengths), filled with floatArb values in [min, max].
 */
export function floatArrayArb(
  len: number | fc.Arbitrary<number>,
  dtype: 'f64',
  range?: ValueRange,
): fc.Arbitrary<Float64Array>;
export function floatArrayArb(
  len: number | fc.Arbitrary<number>,
  dtype?: 'f32',
  range?: ValueRange,
): fc.Arbitrary<Float32Array>;
export function floatArrayArb(
  len: number | fc.Arbitrary<number>,
  dtype?: DType,
  range?: ValueRange,
): fc.Arbitrary<FloatArray>;
export function floatArrayArb(
  len: number | fc.Arbitrary<number>,
  dtype: DType = 'f32',
  range: ValueRange = {},
): fc.Arbitrary<FloatArray> {
  const lenArb = typeof len === 'number' ? fc.constant(len) : len;
  const value = floatArb(dtype, range);
  return lenArb.chain((n) =>
    fc
      .array(value, { minLength: n, maxLength: n })
      .map((xs) => (dtype === 'f64' ? Float64Array.from(xs) : Float32Array.from(xs))),
  );
}

/** Bounds of a dimension (inclusive); default 0..8, so empty and 1-sized dims come up often. */
export interface DimRange {
  readonly min?: number;
  readonly max?: number;
}

/** A matrix dimension in [min, max] (default 0..8); fast-check favours the small end and bounds. */
export function dimArb({ min = 0, max = 8 }: DimRange = {}): fc.Arbitrary<number> {
  return fc.integer({ min, max });
}

/** A matrix shape {rows, cols}, each in its range (default 0..8). */
export function shapeArb({
  rows = {},
  cols = {},
}: {
  readonly rows?: DimRange;
  readonly cols?: DimRange;
} = {}): fc.Arbitrary<{ rows: number; cols: number }> {
  return fc.record({ rows: dimArb(rows), cols: dimArb(cols) });
}

/** How a generated matrix sits in its buffer. */
export interface MatrixLayout {
  /** Stored column-major (the view is the transpose of a row-major matrix). */
  readonly transposed: boolean;
  /** Extra elements between consecutive rows (columns when transposed). */
  readonly pad: number;
  /** Step between neighbouring elements along the contiguous direction (1 = dense). */
  readonly step: number;
  /** Elements before the view starts. */
  readonly offset: number;
  /** Spare elements after the view ends. */
  readonly tail: number;
  /** Rows run backwards in memory (negative rowStride). */
  readonly flipRows: boolean;
  /** Columns run backwards in memory (negative colStride). */
  readonly flipCols: boolean;
}

/** Options of matrixArb. */
export interface MatrixArbOptions extends ValueRange {
  /** Row count, or an arbitrary of them (default dimArb(): 0..8). */
  readonly rows?: number | fc.Arbitrary<number>;
  /** Column count, or an arbitrary of them (default dimArb(): 0..8). */
  readonly cols?: number | fc.Arbitrary<number>;
  /** Element type (default 'f32'). */
  readonly dtype?: DType;
  /**
   * 'contiguous' (default): a fresh row-major matrix, offset 0. 'strided': a view into a larger
   * buffer with random padding, element step, offset, tail and row-/column-major order.
   */
  readonly layout?: 'contiguous' | 'strided';
  /** With layout 'strided', also generate negative strides (default false). */
  readonly negativeStrides?: boolean;
  /** Value stored in buffer slots outside the view (default NaN, so stray reads show up). */
  readonly gap?: number;
}

const CONTIGUOUS: MatrixLayout = {
  transposed: false,
  pad: 0,
  step: 1,
  offset: 0,
  tail: 0,
  flipRows: false,
  flipCols: false,
};

function layoutArb(negative: boolean): fc.Arbitrary<MatrixLayout> {
  return fc.record({
    transposed: fc.boolean(),
    pad: fc.integer({ min: 0, max: 3 }),
    step: fc.integer({ min: 1, max: 2 }),
    offset: fc.integer({ min: 0, max: 4 }),
    tail: fc.integer({ min: 0, max: 2 }),
    flipRows: negative ? fc.boolean() : fc.constant(false),
    flipCols: negative ? fc.boolean() : fc.constant(false),
  });
}

/**
 * Builds a rows×cols matrix of `dtype` laid out as `layout`, with `values` (row-major, length
 * rows·cols) in the view and `gap` everywhere else in the buffer.
 */
export function layoutMatrix(
  rows: number,
  cols: number,
  dtype: DType,
  values: ArrayLike<number>,
  layout: MatrixLayout,
  gap = Number.NaN,
): Matrix {
  if (values.length !== rows * cols) {
    throw new RangeError(`values.length must be rows·cols = ${rows * cols}, got ${values.length}`);
  }
  const { transposed, pad, step, offset, tail, flipRows, flipCols } = layout;
  // |strides| of the (row-major or column-major) layout
  let rs = transposed ? step : cols * step + pad;
  let cs = transposed ? rows * step + pad : step;
  const spanR = rows > 0 ? (rows - 1) * rs : 0;
  const spanC = cols > 0 ? (cols - 1) * cs : 0;
  let start = offset;
  if (flipRows) {
    start += spanR;
    rs = -rs;
  }
  if (flipCols) {
    start += spanC;
    cs = -cs;
  }
  const length = rows > 0 && cols > 0 ? offset + spanR + spanC + 1 + tail : offset + tail;
  const data = dtype === 'f64' ? new Float64Array(length) : new Float32Array(length);
  data.fill(gap);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) data[start + i * rs + j * cs] = values[i * cols + j]!;
  }
  return {
    data,
    rows,
    cols,
    rowStride: rs,
    colStride: cs,
    offset: rows > 0 && cols > 0 ? start : offset,
  };
}

/**
 * Matrix values: `rows × cols` (numbers or arbitraries; default 0..8 each) of `dtype` (default
 * 'f32') with finite elements in [min, max] (default [−1, 1]); with layout 'strided' they are
 * views into larger buffers (padding, steps, offsets, transposed storage, optionally negative
 * strides) whose unused slots hold `gap` (default NaN).
 */
export function matrixArb(
  options: MatrixArbOptions & { readonly dtype: 'f64' },
): fc.Arbitrary<Matrix<Float64Array>>;
export function matrixArb(
  options?: MatrixArbOptions & { readonly dtype?: 'f32' },
): fc.Arbitrary<Matrix<Float32Array>>;
export function matrixArb(options?: MatrixArbOptions): fc.Arbitrary<Matrix>;
export function matrixArb(options: MatrixArbOptions = {}): fc.Arbitrary<Matrix> {
  const {
    rows = dimArb(),
    cols = dimArb(),
    dtype = 'f32',
    layout = 'contiguous',
    negativeStrides = false,
    gap = Number.NaN,
    min = -1,
    max = 1,
  } = options;
  const rowsArb = typeof rows === 'number' ? fc.constant(rows) : rows;
  const colsArb = typeof cols === 'number' ? fc.constant(cols) : cols;
  const value = floatArb(dtype, { min, max });
  const layouts = layout === 'strided' ? layoutArb(negativeStrides) : fc.constant(CONTIGUOUS);
  return fc
    .tuple(rowsArb, colsArb)
    .chain(([r, c]) =>
      fc
        .tuple(fc.array(value, { minLength: r * c, maxLength: r * c }), layouts)
        .map(([values, lay]) => layoutMatrix(r, c, dtype, values, lay, gap)),
    );
}
