import type { Matrix } from '../matrix.js';
import { spanHi, spanLo } from '../validate.js';
import { KERNELS_WASM_BASE64 } from './kernels.generated.js';

/**
 * The WebAssembly SIMD backend for float32 gemm (see docs/0005-wasm-backend.md).
 *
 * The module (asm/gemm.ts) is compiled synchronously on first use with its own growable memory.
 * Per call, A and B are copied into that memory (their spanned region, one typed-array copy each,
 * or element by element for sparse views), packed there by the module into 4-row strips (A) and
 * 8-column strips (B; read in place instead when A has few rows and B has unit column stride),
 * multiplied into a row-major scratch W = A·B, and W is folded into C as C ← α·W + β·C through C's
 * strides (in wasm memory on a copy of C's span, copied back whole, when that span is dense). Scratch memory is kept across calls and grows only when a call needs more.
 */

/** A computational backend for float32 gemm. */
export type Backend = 'wasm' | 'js';

interface Kernels {
  readonly heapBase: () => number;
  readonly gemm: (
    ms: number,
    mr: number,
    ns: number,
    k: number,
    pa: number,
    pb: number,
    bStrip: number,
    ldb: number,
    pw: number,
    ldw: number,
  ) => void;
  readonly packA: (src: number, rs: number, cs: number, m: number, k: number, dst: number) => void;
  readonly packB: (src: number, rs: number, cs: number, k: number, n: number, dst: number) => void;
  readonly fold: (
    pw: number,
    ldw: number,
    pc: number,
    rs: number,
    cs: number,
    m: number,
    n: number,
    alpha: number,
    beta: number,
  ) => void;
}

/** A module with one function `() → v128` returning `i8x16.splat(0)`, to detect SIMD. */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 8, 1, 6, 0, 65, 0, 253, 15,
  11,
]);

/** True when this engine has WebAssembly with 128-bit SIMD. */
export function detectSimd(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

function parseBackend(value: unknown, from: string): Backend | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (value === 'wasm' || value === 'js') return value;
  throw new RangeError(`${from} must be 'wasm' or 'js', got ${String(value)}`);
}

/**
 * The backend named by DBN_BACKEND in `g.process.env` (Node) or on `g` itself (browsers), if any;
 * a RangeError for another value. Read from globalThis once, when this module loads.
 */
export function backendFromEnvironment(g: object = globalThis): Backend | undefined {
  const { process, DBN_BACKEND } = g as {
    DBN_BACKEND?: unknown;
    process?: { env?: Record<string, unknown> };
  };
  const env = process?.env?.DBN_BACKEND;
  if (env !== undefined) return parseBackend(env, 'DBN_BACKEND');
  return parseBackend(DBN_BACKEND, 'globalThis.DBN_BACKEND');
}

let simd = detectSimd();
let requested: Backend | undefined = backendFromEnvironment();

/**
 * Chooses the backend for float32 gemm: 'wasm' (WebAssembly SIMD) or 'js' (the TypeScript
 * kernels). When 'wasm' is requested but SIMD is unavailable, float32 gemm uses 'js'.
 * Float64 always uses the TypeScript kernels.
 */
export function setBackend(backend: Backend): void {
  requested = parseBackend(backend, 'backend') ?? requested;
}

/** The backend float32 gemm uses now ('wasm' only when requested or default and available). */
export function getBackend(): Backend {
  return simd && requested !== 'js' ? 'wasm' : 'js';
}

/** For tests: pretend SIMD is (un)available (`undefined` re-runs the real detection). */
export function overrideSimdSupport(available: boolean | undefined): void {
  simd = available ?? detectSimd();
}

// ---------------------------------------------------------------------------------------------
// module and scratch memory

const PAGE = 65536;
/** Byte alignment of each scratch region. */
const ALIGN = 64;
/** Memory above this is not used (addresses stay positive i32); larger calls use 'js'. */
const MAX_BYTES = 2 ** 31 - PAGE;
/** A has at most this many rows for B to be read in place (unpacked). */
const DIRECT_MAX_ROWS = 32;

let kernels: Kernels | undefined;
let memory: WebAssembly.Memory | undefined;
let heap = 0;
let F32 = new Float32Array(0);

function decode(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let q = 0; q < text.length; q++) bytes[q] = text.charCodeAt(q);
  return bytes;
}

function instance(): Kernels {
  if (kernels === undefined) {
    memory = new WebAssembly.Memory({ initial: 1 });
    const module = new WebAssembly.Module(decode(KERNELS_WASM_BASE64) as Uint8Array<ArrayBuffer>);
    const inst = new WebAssembly.Instance(module, { env: { memory } });
    kernels = inst.exports as unknown as Kernels;
    heap = align(kernels.heapBase());
    F32 = new Float32Array(memory.buffer);
  }
  return kernels;
}

/** Bytes of the backend's WebAssembly memory (0 before first use), for tests of scratch reuse. */
export function wasmMemoryBytes(): number {
  return memory?.buffer.byteLength ?? 0;
}

function align(bytes: number): number {
  return Math.ceil(bytes / ALIGN) * ALIGN;
}

/** Makes the memory at least `bytes` long (keeps its contents); refreshes the F32 view. */
function reserve(bytes: number): void {
  const mem = memory!;
  const have = mem.buffer.byteLength;
  if (bytes > have) {
    mem.grow(Math.ceil((bytes - have) / PAGE));
    F32 = new Float32Array(mem.buffer);
  }
}

/** Elements a copy of A occupies: its spanned region, or rows·cols when that is much smaller. */
function copyLength(a: Matrix<Float32Array>): number {
  const span = spanHi(a) - spanLo(a) + 1;
  return span <= 2 * a.rows * a.cols + 64 ? span : a.rows * a.cols;
}

/**
 * Copies A into F32 at element `at`; returns the element index of A(0, 0) and the strides to read
 * it with there. The spanned region is copied as is when it is dense enough, else A is gathered
 * row-major.
 */
function copyIn(a: Matrix<Float32Array>, at: number, out: Int32Array): void {
  const { data, rows, cols, rowStride: rs, colStride: cs, offset } = a;
  const lo = spanLo(a);
  const span = spanHi(a) - lo + 1;
  if (span <= 2 * rows * cols + 64) {
    F32.set(data.subarray(lo, lo + span), at);
    out[0] = at + offset - lo;
    out[1] = rs;
    out[2] = cs;
  } else {
    let q = at;
    for (let i = 0; i < rows; i++) {
      let s = offset + i * rs;
      for (let j = 0; j < cols; j++) {
        F32[q++] = data[s]!;
        s += cs;
      }
    }
    out[0] = at;
    out[1] = cols;
    out[2] = 1;
  }
}

const VIEW = new Int32Array(3);

/**
 * C ← α·A·B + β·C for float32 on the WebAssembly backend; returns false (having done nothing)
 * when the call needs more memory than the backend addresses, so the caller uses 'js'. Expects
 * validated arguments with m, n, k ≥ 1 and α ≠ 0.
 */
export function gemmWasm(
  alpha: number,
  A: Matrix<Float32Array>,
  B: Matrix<Float32Array>,
  beta: number,
  C: Matrix<Float32Array>,
): boolean {
  const wk = instance();
  const m = C.rows;
  const n = C.cols;
  const k = A.cols;
  const ms = (m + 3) >> 2;
  const ns = (n + 7) >> 3;
  const ldw = ns * 8;
  const direct = m <= DIRECT_MAX_ROWS && B.colStride === 1;
  // C is folded in place in wasm memory when its span is dense, else element by element here
  const cSpan = copyLength(C) === spanHi(C) - spanLo(C) + 1 ? copyLength(C) : 0;
  // layout (bytes): raw A | raw B (+ 8 floats of over-read) | packed A | packed B | W | raw C
  const rawA = heap;
  const rawB = align(rawA + 4 * copyLength(A));
  const pa = align(rawB + 4 * (copyLength(B) + 8));
  const pb = align(pa + 16 * ms * k);
  const pw = align(direct ? pb : pb + 32 * ns * k);
  const rawC = align(pw + 4 * ms * 4 * ldw);
  const end = rawC + 4 * cSpan;
  if (end > MAX_BYTES) return false;
  reserve(end);

  const mr = m - 4 * (ms - 1);
  copyIn(A, rawA >> 2, VIEW);
  wk.packA(4 * VIEW[0]!, VIEW[1]!, VIEW[2]!, m, k, pa);
  copyIn(B, rawB >> 2, VIEW);
  if (direct) {
    wk.gemm(ms, mr, ns, k, pa, 4 * VIEW[0]!, 32, 4 * VIEW[1]!, pw, 4 * ldw);
  } else {
    wk.packB(4 * VIEW[0]!, VIEW[1]!, VIEW[2]!, k, n, pb);
    wk.gemm(ms, mr, ns, k, pa, pb, 32 * k, 32, pw, 4 * ldw);
  }

  const c = C.data;
  const { offset: co, rowStride: crs, colStride: ccs } = C;
  if (cSpan > 0) {
    // copy C's span in (unless β = 0 and C is a gapless row- or column-major block), fold, copy
    // the span back (gaps in it are written back unchanged)
    const lo = spanLo(C);
    const at = rawC >> 2;
    const gapless = (ccs === 1 && (crs === n || m === 1)) || (crs === 1 && (ccs === m || n === 1));
    if (beta !== 0 || !gapless) F32.set(c.subarray(lo, lo + cSpan), at);
    wk.fold(pw, 4 * ldw, 4 * (at + co - lo), crs, ccs, m, n, alpha, beta);
    c.set(F32.subarray(at, at + cSpan), lo);
    return true;
  }
  const w = F32;
  const w0 = pw >> 2;
  for (let i = 0; i < m; i++) {
    let ci = co + i * crs;
    let q = w0 + i * ldw;
    if (beta === 0) {
      for (let j = 0; j < n; j++) {
        c[ci] = alpha * w[q++]!;
        ci += ccs;
      }
    } else {
      for (let j = 0; j < n; j++) {
        c[ci] = alpha * w[q++]! + beta * c[ci]!;
        ci += ccs;
      }
    }
  }
  return true;
}
