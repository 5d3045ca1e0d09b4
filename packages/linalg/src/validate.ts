import { describe, type FloatArray, type Matrix } from './matrix.js';

/** A value for an error message: numbers as written (−0 kept), other values described. */
export function show(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  return describe(value);
}

/** Throws TypeError unless `value` is a Float32Array or Float64Array; `name` names the argument. */
export function checkFloatArray(name: string, value: unknown): asserts value is FloatArray {
  if (!(value instanceof Float32Array || value instanceof Float64Array)) {
    throw new TypeError(`${name} must be a Float32Array or Float64Array, got ${show(value)}`);
  }
}

/** Throws TypeError unless `value` is an Int32Array; `name` names the argument. */
export function checkInt32Array(name: string, value: unknown): asserts value is Int32Array {
  if (!(value instanceof Int32Array)) {
    throw new TypeError(`${name} must be an Int32Array, got ${show(value)}`);
  }
}

/** Throws TypeError unless `value` is a number, RangeError unless it is finite. */
export function checkScalar(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') {
    throw new TypeError(`${name} must be a finite number, got ${show(value)}`);
  }
  if (!Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number, got ${show(value)}`);
  }
}

/** Throws TypeError unless `value` has the element type of `like` (named `likeName`). */
export function checkSameType(
  name: string,
  value: FloatArray,
  likeName: string,
  like: FloatArray,
): void {
  if (value.constructor !== like.constructor) {
    throw new TypeError(
      `${name} must have the element type of ${likeName} (${like.constructor.name}), got ${value.constructor.name}`,
    );
  }
}

/** Throws RangeError unless `actual` equals `expected`; the message names both quantities. */
export function checkEqual(
  name: string,
  actual: number,
  expectedName: string,
  expected: number,
): void {
  if (actual !== expected) {
    throw new RangeError(`${name} must equal ${expectedName} = ${expected}, got ${actual}`);
  }
}

function checkIntField(name: string, field: string, value: unknown, min: number): void {
  if (typeof value !== 'number') {
    throw new TypeError(`${name}.${field} must be an integer, got ${show(value)}`);
  }
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(
      `${name}.${field} must be an integer${min === 0 ? ' ≥ 0' : ''}, got ${show(value)}`,
    );
  }
}

/** The lowest data index a (non-empty) matrix view reaches. */
export function spanLo(a: Matrix): number {
  return (
    a.offset + Math.min(0, (a.rows - 1) * a.rowStride) + Math.min(0, (a.cols - 1) * a.colStride)
  );
}

/** The highest data index a (non-empty) matrix view reaches. */
export function spanHi(a: Matrix): number {
  return (
    a.offset + Math.max(0, (a.rows - 1) * a.rowStride) + Math.max(0, (a.cols - 1) * a.colStride)
  );
}

/**
 * Throws TypeError unless `value` is a Matrix record over a Float32Array/Float64Array with integer
 * fields, RangeError when a field is out of range or the view reaches outside `data`.
 */
export function checkMatrix(name: string, value: unknown): asserts value is Matrix {
  if (typeof value !== 'object' || value === null) {
    throw new TypeError(`${name} must be a Matrix, got ${show(value)}`);
  }
  const a = value as Matrix;
  if (!(a.data instanceof Float32Array || a.data instanceof Float64Array)) {
    throw new TypeError(`${name}.data must be a Float32Array or Float64Array, got ${show(a.data)}`);
  }
  checkIntField(name, 'rows', a.rows, 0);
  checkIntField(name, 'cols', a.cols, 0);
  checkIntField(name, 'rowStride', a.rowStride, Number.MIN_SAFE_INTEGER);
  checkIntField(name, 'colStride', a.colStride, Number.MIN_SAFE_INTEGER);
  checkIntField(name, 'offset', a.offset, 0);
  if (a.rows > 0 && a.cols > 0) {
    const lo = spanLo(a);
    const hi = spanHi(a);
    if (lo < 0 || hi >= a.data.length) {
      throw new RangeError(
        `${name} (${a.rows}×${a.cols}, rowStride ${a.rowStride}, colStride ${a.colStride}, offset ${a.offset}) reaches data[${lo}..${hi}], outside data.length = ${a.data.length}`,
      );
    }
  }
}

/** Throws RangeError unless A is `rows × cols`; the message names A and both shapes. */
export function checkShape(name: string, a: Matrix, rows: number, cols: number, why: string): void {
  if (a.rows !== rows || a.cols !== cols) {
    throw new RangeError(`${name} must be ${rows}×${cols} (${why}), got ${a.rows}×${a.cols}`);
  }
}

/** True when data[lo..hi] of `x` and data[lo2..hi2] of `y` share memory (same ArrayBuffer). */
export function overlaps(
  x: FloatArray,
  lo: number,
  hi: number,
  y: FloatArray,
  lo2: number,
  hi2: number,
): boolean {
  if (x.buffer !== y.buffer) return false;
  const a0 = x.byteOffset + lo * x.BYTES_PER_ELEMENT;
  const a1 = x.byteOffset + (hi + 1) * x.BYTES_PER_ELEMENT;
  const b0 = y.byteOffset + lo2 * y.BYTES_PER_ELEMENT;
  const b1 = y.byteOffset + (hi2 + 1) * y.BYTES_PER_ELEMENT;
  return a0 < b1 && b0 < a1;
}

/** True when two non-empty matrix views reach overlapping memory (bounding spans intersect). */
export function matricesOverlap(a: Matrix, b: Matrix): boolean {
  if (a.rows === 0 || a.cols === 0 || b.rows === 0 || b.cols === 0) return false;
  return overlaps(a.data, spanLo(a), spanHi(a), b.data, spanLo(b), spanHi(b));
}

/**
 * Throws TypeError unless `value` is a typed array of `like`'s element type, RangeError unless it
 * has `like`'s length.
 */
export function checkVectorLike(
  name: string,
  value: unknown,
  likeName: string,
  like: FloatArray,
): asserts value is FloatArray {
  checkFloatArray(name, value);
  checkSameType(name, value, likeName, like);
  checkEqual(`${name}.length`, value.length, `${likeName}.length`, like.length);
}

/** Throws RangeError when `out` shares memory with `x` without being exactly `x` (same elements). */
export function checkSameOrDisjoint(
  outName: string,
  out: FloatArray,
  xName: string,
  x: FloatArray,
): void {
  if (out.length === 0 || x.length === 0) return;
  if (out.buffer === x.buffer && out.byteOffset === x.byteOffset && out.length === x.length) return;
  if (overlaps(out, 0, out.length - 1, x, 0, x.length - 1)) {
    throw new RangeError(`${outName} must be ${xName} itself or not share memory with it`);
  }
}

/** True when two matrix views are the same elements in the same order (an in-place call). */
export function sameView(a: Matrix, b: Matrix): boolean {
  return (
    a.data.buffer === b.data.buffer &&
    a.data.byteOffset + a.offset * a.data.BYTES_PER_ELEMENT ===
      b.data.byteOffset + b.offset * b.data.BYTES_PER_ELEMENT &&
    a.data.BYTES_PER_ELEMENT === b.data.BYTES_PER_ELEMENT &&
    a.rows === b.rows &&
    a.cols === b.cols &&
    (a.rows <= 1 || a.rowStride === b.rowStride) &&
    (a.cols <= 1 || a.colStride === b.colStride)
  );
}

/** Throws RangeError when matrix `out` shares memory with `a` without being the same view. */
export function checkSameViewOrDisjoint(
  outName: string,
  out: Matrix,
  aName: string,
  a: Matrix,
): void {
  if (sameView(out, a)) return;
  if (matricesOverlap(out, a)) {
    throw new RangeError(`${outName} must be ${aName} itself or not share memory with it`);
  }
}
