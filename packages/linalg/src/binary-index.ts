import type { Arena } from './arena.js';
import type { FloatArray, Matrix } from './matrix.js';
import { checkEqual, checkFloatArray, checkMatrix, checkScalar } from './validate.js';
import { getBackend } from './wasm/backend.js';
import { binaryIndexWasm } from './wasm/binary.js';

/**
 * The positions of the ones of a 0/1 matrix A (rows × cols), built by {@link BinaryIndex.fill}
 * and reused by every product with A ({@link binaryGemm}: A·B, {@link binaryGemmT}: Aᵀ·B):
 * row lists — the ones of row i are columns rowIdx[rowPtr[i] .. rowPtr[i+1]) (ascending) — and
 * column lists — the ones of column p are rows colIdx[colPtr[p] .. colPtr[p+1]) (ascending).
 * Sized once for at most maxRows × maxCols; refilling allocates nothing. Allocated in an
 * {@link Arena} when one is given, so the WebAssembly kernels build and read the lists in place
 * (float32 on the 'wasm' backend); otherwise they are built by TypeScript code.
 */
export class BinaryIndex {
  /** Rows and columns of the matrix last indexed (0 × 0 before the first fill). */
  rows = 0;
  cols = 0;
  /** Number of ones. */
  nnz = 0;
  readonly rowPtr: Int32Array;
  readonly rowIdx: Int32Array;
  readonly colPtr: Int32Array;
  readonly colIdx: Int32Array;

  constructor(
    readonly maxRows: number,
    readonly maxCols: number,
    arena?: Arena,
  ) {
    for (const [name, v] of [
      ['maxRows', maxRows],
      ['maxCols', maxCols],
    ] as const) {
      if (!Number.isSafeInteger(v) || v < 0) {
        throw new RangeError(`${name} must be a non-negative integer, got ${v}`);
      }
    }
    const alloc = (n: number) => (arena ? arena.int32(n) : new Int32Array(n));
    this.rowPtr = alloc(maxRows + 1);
    this.colPtr = alloc(maxCols + 1);
    this.rowIdx = alloc(maxRows * maxCols);
    this.colIdx = alloc(maxRows * maxCols);
  }

  /** nnz / (rows·cols): the fraction of ones (0 for an empty matrix). */
  get density(): number {
    return this.rows * this.cols === 0 ? 0 : this.nnz / (this.rows * this.cols);
  }

  /**
   * Indexes the ones of A (any strides; at most maxRows × maxCols) and returns true, or returns
   * false and leaves the index empty (0 × 0) when an element of A is neither 0 nor 1.
   */
  fill(A: Matrix<FloatArray>): boolean {
    checkMatrix('A', A);
    if (A.rows > this.maxRows || A.cols > this.maxCols) {
      throw new RangeError(
        `A (${A.rows}×${A.cols}) must fit the index (at most ${this.maxRows}×${this.maxCols})`,
      );
    }
    const nnz =
      A.data instanceof Float32Array && getBackend() === 'wasm' && A.rows > 0 && A.cols > 0
        ? binaryIndexWasm(
            A as Matrix<Float32Array>,
            this.rowPtr,
            this.rowIdx,
            this.colPtr,
            this.colIdx,
          )
        : undefined;
    const ok =
      nnz !== undefined
        ? nnz >= 0
        : A.data instanceof Float32Array
          ? rows32(A as Matrix<Float32Array>, this.rowPtr, this.rowIdx)
          : rows64(A as Matrix<Float64Array>, this.rowPtr, this.rowIdx);
    if (!ok) {
      this.rows = 0;
      this.cols = 0;
      this.nnz = 0;
      this.rowPtr[0] = 0;
      this.colPtr[0] = 0;
      return false;
    }
    this.rows = A.rows;
    this.cols = A.cols;
    this.nnz = this.rowPtr[A.rows]!;
    if (nnz === undefined)
      columns(A.rows, A.cols, this.rowPtr, this.rowIdx, this.colPtr, this.colIdx);
    return true;
  }

  /**
   * Column sums of the matrix last indexed, from its column lists: out[j] ← α·c_j + β·out[j],
   * c_j the number of ones in column j (computed in float64 and rounded once into out, so the
   * values equal {@link colSums} of the matrix; the old out is ignored when β = 0). out has
   * length `cols` (the indexed matrix's) and the caller's element type. Returns out.
   */
  colSums<T extends FloatArray>(alpha: number, beta: number, out: T): T {
    checkScalar('alpha', alpha);
    checkScalar('beta', beta);
    checkFloatArray('out', out);
    checkEqual('out.length', out.length, 'cols', this.cols);
    const ptr = this.colPtr;
    let prev = ptr[0]!;
    for (let j = 0; j < this.cols; j++) {
      const next = ptr[j + 1]!;
      const c = next - prev;
      out[j] = beta === 0 ? alpha * c : alpha * c + beta * out[j]!;
      prev = next;
    }
    return out;
  }
}

/** Row lists of a float32 A; false when an element is not 0 or 1. */
function rows32(a: Matrix<Float32Array>, ptr: Int32Array, idx: Int32Array): boolean {
  const { data, rows, cols, rowStride: rs, colStride: cs, offset } = a;
  let t = 0;
  ptr[0] = 0;
  for (let i = 0; i < rows; i++) {
    let s = offset + i * rs;
    for (let j = 0; j < cols; j++) {
      const x = data[s]!;
      if (x !== 0) {
        if (x !== 1) return false;
        idx[t++] = j;
      }
      s += cs;
    }
    ptr[i + 1] = t;
  }
  return true;
}

/** Row lists of a float64 A; false when an element is not 0 or 1. */
function rows64(a: Matrix<Float64Array>, ptr: Int32Array, idx: Int32Array): boolean {
  const { data, rows, cols, rowStride: rs, colStride: cs, offset } = a;
  let t = 0;
  ptr[0] = 0;
  for (let i = 0; i < rows; i++) {
    let s = offset + i * rs;
    for (let j = 0; j < cols; j++) {
      const x = data[s]!;
      if (x !== 0) {
        if (x !== 1) return false;
        idx[t++] = j;
      }
      s += cs;
    }
    ptr[i + 1] = t;
  }
  return true;
}

/** Column lists from row lists (a counting sort; rows ascending within each column). */
function columns(
  rows: number,
  cols: number,
  rowPtr: Int32Array,
  rowIdx: Int32Array,
  colPtr: Int32Array,
  colIdx: Int32Array,
): void {
  const nnz = rowPtr[rows]!;
  colPtr.fill(0, 0, cols + 1);
  for (let t = 0; t < nnz; t++) {
    const q = rowIdx[t]! + 1;
    colPtr[q] = colPtr[q]! + 1;
  }
  for (let p = 0; p < cols; p++) colPtr[p + 1] = colPtr[p + 1]! + colPtr[p]!;
  // colPtr[p] is now the start of column p; use it as the write cursor, then shift back
  for (let i = 0; i < rows; i++) {
    for (let t = rowPtr[i]!; t < rowPtr[i + 1]!; t++) {
      const p = rowIdx[t]!;
      const at = colPtr[p]!;
      colIdx[at] = i;
      colPtr[p] = at + 1;
    }
  }
  for (let p = cols; p > 0; p--) colPtr[p] = colPtr[p - 1]!;
  colPtr[0] = 0;
}
