/** A typed array of one of the two supported element types. */
export type FloatArray = Float32Array | Float64Array;

/** The element type of a matrix: `f32` (the default) or `f64`. */
export type DType = 'f32' | 'f64';

/**
 * A strided view of a dense matrix: element (i, j) is `data[offset + i·rowStride + j·colStride]`.
 * Transposes and row slices are O(1) views that share `data`; nothing here copies.
 */
export interface Matrix<T extends FloatArray = FloatArray> {
  readonly data: T;
  readonly rows: number;
  readonly cols: number;
  readonly rowStride: number;
  readonly colStride: number;
  readonly offset: number;
}

function checkDim(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

/** A new zero-filled row-major `rows × cols` matrix of element type `dtype`. */
export function zeros(rows: number, cols: number, dtype: 'f64'): Matrix<Float64Array>;
export function zeros(rows: number, cols: number, dtype?: 'f32'): Matrix<Float32Array>;
export function zeros(rows: number, cols: number, dtype?: DType): Matrix;
export function zeros(rows: number, cols: number, dtype: DType = 'f32'): Matrix {
  checkDim('rows', rows);
  checkDim('cols', cols);
  if (dtype !== 'f32' && dtype !== 'f64') {
    throw new TypeError(`dtype must be 'f32' or 'f64', got ${String(dtype)}`);
  }
  const data = dtype === 'f64' ? new Float64Array(rows * cols) : new Float32Array(rows * cols);
  return { data, rows, cols, rowStride: cols, colStride: 1, offset: 0 };
}

/** A row-major `rows × cols` view of `data` (which must hold exactly rows·cols elements). */
export function fromArray<T extends FloatArray>(rows: number, cols: number, data: T): Matrix<T> {
  checkDim('rows', rows);
  checkDim('cols', cols);
  if (!(data instanceof Float32Array || data instanceof Float64Array)) {
    throw new TypeError(`data must be a Float32Array or Float64Array, got ${describe(data)}`);
  }
  if (data.length !== rows * cols) {
    throw new RangeError(
      `data.length must equal rows·cols = ${rows}·${cols} = ${rows * cols}, got ${data.length}`,
    );
  }
  return { data, rows, cols, rowStride: cols, colStride: 1, offset: 0 };
}

/** Aᵀ as an O(1) view of the same data. */
export function transpose<T extends FloatArray>(a: Matrix<T>): Matrix<T> {
  return {
    data: a.data,
    rows: a.cols,
    cols: a.rows,
    rowStride: a.colStride,
    colStride: a.rowStride,
    offset: a.offset,
  };
}

/** Rows `start` (inclusive) to `end` (exclusive) of A as an O(1) view of the same data. */
export function rowSlice<T extends FloatArray>(
  a: Matrix<T>,
  start: number,
  end: number,
): Matrix<T> {
  if (
    !Number.isInteger(start) ||
    !Number.isInteger(end) ||
    start < 0 ||
    end < start ||
    end > a.rows
  ) {
    throw new RangeError(`row slice [${start}, ${end}) is outside 0..${a.rows}`);
  }
  return {
    data: a.data,
    rows: end - start,
    cols: a.cols,
    rowStride: a.rowStride,
    colStride: a.colStride,
    offset: a.offset + start * a.rowStride,
  };
}

/** True when A is row-major with no gaps, so `data[offset .. offset + rows·cols)` is A. */
export function isContiguous(a: Matrix): boolean {
  return (a.colStride === 1 || a.cols <= 1) && (a.rowStride === a.cols || a.rows <= 1);
}

/** Element (i, j) of A (for tests and small code paths; kernels index `data` directly). */
export function get(a: Matrix, i: number, j: number): number {
  return a.data[a.offset + i * a.rowStride + j * a.colStride]!;
}

/** A new row-major copy of A with the same element type. */
export function clone<T extends FloatArray>(a: Matrix<T>): Matrix<T> {
  const { rows, cols, rowStride, colStride, offset } = a;
  const src = a.data;
  const out = (
    src instanceof Float64Array ? new Float64Array(rows * cols) : new Float32Array(rows * cols)
  ) as T;
  for (let i = 0; i < rows; i++) {
    const base = offset + i * rowStride;
    const o = i * cols;
    for (let j = 0; j < cols; j++) out[o + j] = src[base + j * colStride]!;
  }
  return { data: out, rows, cols, rowStride: cols, colStride: 1, offset: 0 };
}

/** The element type of A. */
export function dtypeOf(a: Matrix): DType {
  return a.data instanceof Float64Array ? 'f64' : 'f32';
}

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}
