import type { Matrix } from './matrix.js';
import { getThreads } from './parallel/threads.js';
import { align, contextOf, detectSimd, residentContext, type WasmContext } from './wasm/backend.js';

/** Bytes after every arena allocation, so kernels may read a few floats past a row's end. */
const PAD = 32;
/** Bytes kept for the kernels module's static data below the first allocation. */
const STATIC = 65536;

/**
 * A fixed block of WebAssembly memory for one training run's float32 matrices, index lists and
 * per-call kernel scratch (docs/0007-resident-memory.md). Its size is set once and never grows,
 * so views of it never detach; float32 `gemm` and the binary products run on the arena's own
 * WebAssembly instance and use operands inside it in place, without copies. Allocations are
 * bump-allocated and zero-filled; scratch for kernel calls uses the memory above the last one.
 * An arena made while `getThreads()` > 1 is on a shared memory that the gemm worker threads also
 * use, so threaded gemms on its operands need no copies either (its views are then backed by a
 * SharedArrayBuffer).
 */
export interface Arena {
  /** Bytes of the arena's memory. */
  readonly bytes: number;
  /** Bytes allocated so far (including alignment, padding and the module's static data). */
  readonly used: number;
  /** A new zero-filled row-major rows × cols float32 matrix inside the arena. */
  zeros(rows: number, cols: number): Matrix<Float32Array>;
  /** A new zero-filled float32 array of n elements inside the arena. */
  float32(n: number): Float32Array;
  /** A new zero-filled int32 array of n elements inside the arena. */
  int32(n: number): Int32Array;
  /** A resident copy of A (row-major, same shape). */
  copyOf(a: Matrix<Float32Array>): Matrix<Float32Array>;
}

function checkCount(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${n}`);
  }
}

class FixedArena implements Arena {
  readonly bytes: number;
  private top: number;
  private readonly buffer: ArrayBuffer;

  constructor(
    bytes: number,
    private readonly ctx: WasmContext | undefined,
  ) {
    this.buffer = (ctx?.memory.buffer as ArrayBuffer | undefined) ?? new ArrayBuffer(bytes);
    // (a shared arena's buffer is a SharedArrayBuffer; views of either kind behave alike)
    this.bytes = this.buffer.byteLength;
    this.top = ctx === undefined ? 0 : Math.max(STATIC, ctx.scratch);
    if (ctx !== undefined) ctx.scratch = this.top;
  }

  get used(): number {
    return this.top;
  }

  private take(bytes: number, name: string): number {
    const at = align(this.top);
    const end = at + bytes + PAD;
    if (end > this.bytes) {
      throw new RangeError(
        `${name}: the arena has ${this.bytes - at} free bytes, the allocation needs ${bytes + PAD}`,
      );
    }
    this.top = end;
    if (this.ctx !== undefined) this.ctx.scratch = align(end);
    return at;
  }

  float32(n: number): Float32Array {
    checkCount('n', n);
    return new Float32Array(this.buffer, this.take(4 * n, 'float32'), n);
  }

  int32(n: number): Int32Array {
    checkCount('n', n);
    return new Int32Array(this.buffer, this.take(4 * n, 'int32'), n);
  }

  zeros(rows: number, cols: number): Matrix<Float32Array> {
    checkCount('rows', rows);
    checkCount('cols', cols);
    const data = new Float32Array(this.buffer, this.take(4 * rows * cols, 'zeros'), rows * cols);
    return { data, rows, cols, rowStride: cols, colStride: 1, offset: 0 };
  }

  copyOf(a: Matrix<Float32Array>): Matrix<Float32Array> {
    if (!(a.data instanceof Float32Array)) {
      throw new TypeError(`a.data must be a Float32Array, got ${String(a.data)}`);
    }
    const out = this.zeros(a.rows, a.cols);
    const { data, rows, cols, rowStride, colStride, offset } = a;
    for (let i = 0; i < rows; i++) {
      const base = offset + i * rowStride;
      if (colStride === 1) out.data.set(data.subarray(base, base + cols), i * cols);
      else for (let j = 0; j < cols; j++) out.data[i * cols + j] = data[base + j * colStride]!;
    }
    return out;
  }
}

/**
 * Bytes an arena needs for allocations of the given float32/int32 element counts plus
 * `scratchBytes` of kernel scratch (see {@link gemmScratchBytes}).
 */
export function arenaBytes(
  floats: readonly number[],
  ints: readonly number[] = [],
  scratchBytes = 0,
): number {
  let total = STATIC;
  for (const n of [...floats, ...ints]) {
    checkCount('count', n);
    total = align(total) + 4 * n + PAD;
  }
  checkCount('scratchBytes', scratchBytes);
  return align(total) + scratchBytes;
}

/**
 * An upper bound on the kernel scratch of one float32 C (m×n) ← α·A (m×k)·B (k×n) + β·C call on an
 * arena when no operand is resident (resident operands need less); binary products need less.
 */
export function gemmScratchBytes(m: number, k: number, n: number): number {
  checkCount('m', m);
  checkCount('k', k);
  checkCount('n', n);
  const ms = (m + 3) >> 2;
  const ldw = ((n + 7) >> 3) * 8;
  const floats = 2 * m * k + 64 + 2 * k * n + 72 + 4 * ms * k + 8 * ldw * k + 4 * ms * ldw;
  return 4 * (floats + 2 * m * n + 64) + 8 * 64;
}

/** The largest arena (bytes): one WebAssembly memory of 32-bit addresses, less one page. */
export const MAX_ARENA_BYTES = 2 ** 31 - 65536;

/**
 * Creates an {@link Arena} of `bytes` bytes (rounded up to 64 KiB pages; see {@link arenaBytes})
 * inside a new WebAssembly memory that never grows. Without WebAssembly the arena is a plain
 * ArrayBuffer (the kernels then copy as usual). When `getThreads()` > 1 (threads set and
 * supported) and SIMD is available, the memory is shared with the gemm worker threads
 * (docs/0007-resident-memory.md); results are the same bits either way.
 */
export function createArena(bytes: number): Arena {
  checkCount('bytes', bytes);
  if (bytes > MAX_ARENA_BYTES) {
    throw new RangeError(`bytes must be at most 2³¹ − 65536, got ${bytes}`);
  }
  const ctx =
    typeof WebAssembly === 'object'
      ? residentContext(bytes, getThreads() > 1 && detectSimd())
      : undefined;
  return new FixedArena(bytes, ctx);
}

/** True when `x` lives in an arena on shared memory (threaded gemms use it in place). */
export function isSharedResident(x: ArrayBufferView): boolean {
  return (contextOf(x)?.id ?? 0) !== 0;
}

/** True when `x` lives in an arena's memory (kernels use it in place). */
export function isResident(x: ArrayBufferView): boolean {
  return contextOf(x) !== undefined;
}
