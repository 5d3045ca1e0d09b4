import { type DType, type FloatArray, type Matrix, zeros } from '@dbn/linalg';

/** A new zero-filled typed array of `n` elements of `dtype`. */
export function allocLike(dtype: DType, n: number): FloatArray {
  return dtype === 'f64' ? new Float64Array(n) : new Float32Array(n);
}

/** A new zero-filled rows × cols matrix of the same element type as `like`. */
export function zerosLike<T extends FloatArray>(like: T, rows: number, cols: number): Matrix<T> {
  return zeros(rows, cols, like instanceof Float64Array ? 'f64' : 'f32') as unknown as Matrix<T>;
}

/** A new typed array of the same type as `like` with `n` elements. */
export function arrayLike<T extends FloatArray>(like: T, n: number): T {
  return (like instanceof Float64Array ? new Float64Array(n) : new Float32Array(n)) as T;
}

/** A row-major copy of a contiguous matrix (new data, same shape and element type). */
export function copyMatrix<T extends FloatArray>(m: Matrix<T>): Matrix<T> {
  const data = m.data.slice(m.offset, m.offset + m.rows * m.cols) as T;
  return { data, rows: m.rows, cols: m.cols, rowStride: m.cols, colStride: 1, offset: 0 };
}

/** True when every element of `x` is finite. */
export function allFinite(x: FloatArray, start = 0, end = x.length): boolean {
  for (let i = start; i < end; i++) {
    const v = x[i]!;
    if (v - v !== 0) return false;
  }
  return true;
}

/** Checks that `x` is a positive integer, naming it in the RangeError otherwise. */
export function checkPositiveInt(name: string, x: number): void {
  if (!Number.isInteger(x) || x < 1)
    throw new RangeError(`${name} must be a positive integer, got ${x}`);
}

/** Checks that `x` is a finite number ≥ 0 (> 0 when `strict`), naming it otherwise. */
export function checkNonNegative(name: string, x: number, strict = false): void {
  if (typeof x !== 'number' || !Number.isFinite(x) || x < 0 || (strict && x === 0)) {
    throw new RangeError(`${name} must be a finite number ${strict ? '> 0' : '≥ 0'}, got ${x}`);
  }
}

/** Checks that `data` is a row-major matrix with `cols` columns, naming it otherwise. */
export function checkData(name: string, data: Matrix, cols: number): void {
  if (data.cols !== cols) {
    throw new RangeError(`${name} must have ${cols} columns, got ${data.rows}×${data.cols}`);
  }
  if (data.colStride !== 1 || (data.rowStride !== data.cols && data.rows > 1)) {
    throw new RangeError(
      `${name} must be a contiguous row-major matrix (rowStride = cols, colStride = 1)`,
    );
  }
}

/** Copies rows `idx[start..start+m)` of the row-major `src` (cols wide) into `dst`'s first m rows. */
export function gatherRows<T extends FloatArray>(
  src: Matrix<T>,
  idx: Int32Array,
  start: number,
  m: number,
  dst: T,
): void {
  const cols = src.cols;
  const data = src.data;
  const off = src.offset;
  for (let r = 0; r < m; r++) {
    const s = off + idx[start + r]! * cols;
    dst.set(data.subarray(s, s + cols), r * cols);
  }
}

/** Seconds since `t0` (a `performance.now()` reading). */
export function secondsSince(t0: number): number {
  return (performance.now() - t0) / 1000;
}
