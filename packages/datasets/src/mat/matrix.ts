// Conversions between MATLAB's column-major numeric arrays and row-major matrices.
import * as E from 'fp-ts/lib/Either.js';
import type { InvalidArgumentError } from '../errors.js';
import { newNumericArray } from './format.js';
import { type MatNumeric, type MatValue, NUMERIC_CLASSES, type NumericClass } from './types.js';

/** A dense row-major matrix: element (i, j) is `data[i·cols + j]`. */
export interface RowMajorMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** The classes {@link matrixFromRowMajor} builds (64-bit integers need bigint input). */
export type MatNumberClass = Exclude<NumericClass, 'int64' | 'uint64'>;

function invalid(message: string): InvalidArgumentError {
  return { _tag: 'InvalidArgument', argument: 'value', message };
}

/**
 * A real numeric or logical array with two dimensions (trailing dimensions of 1 allowed) as a
 * new row-major Float64Array matrix; anything else (char, cell, struct, complex, N-D) is a
 * `Left`. int64/uint64 values beyond ±2^53 are rounded to the nearest double.
 */
export function matrixRowMajor(value: MatValue): E.Either<InvalidArgumentError, RowMajorMatrix> {
  if (value === null || typeof value !== 'object') {
    throw new TypeError(`value must be a MatValue, got ${String(value)}`);
  }
  const dims = value.dims;
  if (value.kind !== 'numeric') {
    return E.left(
      invalid(`expected a numeric matrix, got a ${dims.join('×')} ${value.kind} array`),
    );
  }
  if (value.imag !== undefined) {
    return E.left(
      invalid(`expected a real matrix, got a complex ${dims.join('×')} ${value.class} array`),
    );
  }
  for (let i = 2; i < dims.length; i++) {
    if (dims[i] !== 1) {
      return E.left(invalid(`expected a 2-D matrix, got a ${dims.join('×')} ${value.class} array`));
    }
  }
  const rows = dims[0]!;
  const cols = dims[1]!;
  const src = value.data;
  const data = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) {
    const base = j * rows;
    for (let i = 0; i < rows; i++) data[i * cols + j] = Number(src[base + i]!);
  }
  return E.right({ rows, cols, data });
}

/**
 * A `rows × cols` numeric array of class `cls` (default double) holding the row-major values
 * `data` (element (i, j) = `data[i·cols + j]`), transposed into MATLAB's column-major order.
 * Throws RangeError when sizes do not match or a value does not fit the class exactly
 * (non-integers or out-of-range values for integer classes, anything but 0/1 for logical).
 */
export function matrixFromRowMajor(
  rows: number,
  cols: number,
  data: ArrayLike<number>,
  cls: MatNumberClass = 'double',
): MatNumeric {
  for (const [name, v] of [
    ['rows', rows],
    ['cols', cols],
  ] as const) {
    if (!Number.isInteger(v) || v < 0 || v > 0x7fffffff) {
      throw new RangeError(`${name} must be an integer in 0..2^31-1, got ${v}`);
    }
  }
  if (data === null || typeof data !== 'object' || typeof data.length !== 'number') {
    throw new TypeError(`data must be an array-like of numbers, got ${String(data)}`);
  }
  if (data.length !== rows * cols) {
    throw new RangeError(`data.length must be rows·cols = ${rows * cols}, got ${data.length}`);
  }
  const name: string = cls;
  if (!NUMERIC_CLASSES.includes(cls) || name === 'int64' || name === 'uint64') {
    throw new RangeError(`cls must be a numeric class other than int64/uint64, got ${String(cls)}`);
  }
  const out = newNumericArray(cls, rows * cols);
  const exact = cls !== 'double' && cls !== 'single';
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = data[base + j]!;
      const k = i + j * rows;
      out[k] = v;
      if (exact && out[k] !== v) {
        throw new RangeError(`data[${base + j}] = ${v} is not a ${cls} value`);
      }
      if (cls === 'logical' && v !== 0 && v !== 1) {
        throw new RangeError(`data[${base + j}] = ${v} is not a logical value (0 or 1)`);
      }
    }
  }
  return { kind: 'numeric', class: cls, dims: [rows, cols], data: out } as MatNumeric;
}
