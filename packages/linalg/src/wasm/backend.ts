import type { Matrix } from '../matrix.js';
import { registerArena, sharedModule } from '../parallel/pool.js';
import { spanHi, spanLo } from '../validate.js';
import { KERNELS_WASM_BASE64 } from './kernels.generated.js';

/**
 * The WebAssembly SIMD backend for float32 gemm (see docs/0005-wasm-backend.md).
 *
 * The module (asm/gemm.ts) is compiled synchronously on first use with its own growable memory.
 * Per call, A and B are copied into that memory (their spanned region, one typed-array copy each,
 * or element by element for sparse views), packed there by the module into 5-row strips (A) and
 * 8-column strips (B; read in place instead when A has few rows and B has unit column stride),
 * multiplied into a row-major scratch W = A·B, and W is folded into C as C ← α·W + β·C through C's
 * strides (in wasm memory on a copy of C's span, copied back whole, when that span is dense);
 * with α = 1, β = 0 and a resident C of whole 8-column tiles, W is C itself (writesStraight).
 * Scratch memory is kept across calls and grows only when a call needs more. Operands that live
 * in a resident arena's memory (src/arena.ts, docs/0007-resident-memory.md) are not copied: the
 * call runs on that arena's own instance, in place.
 */

/** A computational backend for float32 gemm. */
export type Backend = 'wasm' | 'js';

/** The exports of the kernels module (asm/index.ts). */
export interface Kernels {
  readonly heapBase: () => number;
  readonly binaryGather: (
    rows: number,
    ptr: number,
    idx: number,
    pb: number,
    ldb: number,
    n: number,
    pc: number,
    ldc: number,
    alpha: number,
    beta: number,
    tmp: number,
    offs: number,
  ) => void;
  readonly gemmNT: (
    m: number,
    n: number,
    k: number,
    pa: number,
    lda: number,
    pb: number,
    ldb: number,
    pc: number,
    crs: number,
    ccs: number,
    alpha: number,
    beta: number,
  ) => void;
  readonly binaryScatter: (
    rows: number,
    ptr1: number,
    idx1: number,
    pb1: number,
    ldb1: number,
    ptr2: number,
    idx2: number,
    pb2: number,
    ldb2: number,
    n: number,
    pc: number,
    ldc: number,
    alpha: number,
    beta: number,
    tmp: number,
    offs1: number,
    offs2: number,
  ) => void;
  readonly biasSigmoid: (
    pa: number,
    lda: number,
    pb: number,
    pc: number,
    ldc: number,
    m: number,
    n: number,
  ) => void;
  readonly colSums: (
    pa: number,
    lda: number,
    m: number,
    n: number,
    alpha: number,
    beta: number,
    po: number,
  ) => void;
  readonly squaredError: (
    px: number,
    ldx: number,
    py: number,
    ldy: number,
    m: number,
    n: number,
  ) => number;
  readonly sigmoidBackward: (pd: number, ps: number, po: number, n: number) => void;
  readonly binaryRows: (
    src: number,
    rs: number,
    cs: number,
    rows: number,
    cols: number,
    ptr: number,
    idx: number,
  ) => number;
  readonly binaryColumns: (
    rows: number,
    cols: number,
    rowPtr: number,
    rowIdx: number,
    colPtr: number,
    colIdx: number,
  ) => void;
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
// module, instances and scratch memory

const PAGE = 65536;
/** Byte alignment of each scratch region. */
const ALIGN = 64;
/** Memory above this is not used (addresses stay positive i32); larger calls use 'js'. */
const MAX_BYTES = 2 ** 31 - PAGE;
/** A has at most this many rows for B to be read in place (unpacked). */
const DIRECT_MAX_ROWS = 32;
/** A has at most this many rows for A·Bᵀ with both along-k strides 1 to use dot products. */
const NT_MAX_ROWS = 32;
/** Rows of a packed A strip: the height of the kernel's register tile (asm/gemm.ts). */
export const STRIP_ROWS = 5;

/** Strips of packed A for m rows: ⌈m/5⌉. */
export function stripsOf(m: number): number {
  return Math.ceil(m / STRIP_ROWS);
}

/**
 * One instance of the kernels module with its memory: the backend's own (`growable`, grown when a
 * call needs more scratch) or a resident arena's (sized once, never grown, so typed-array views of
 * it never detach). Per-call scratch starts at `scratch` (an arena moves it up as it allocates).
 * A shared arena (`id` > 0) has a shared memory and an instance of the shared-memory build of the
 * module; the worker pool runs threaded gemms on it in place (docs/0007-resident-memory.md).
 */
export interface WasmContext {
  readonly kernels: Kernels;
  readonly memory: WebAssembly.Memory;
  f32: Float32Array;
  i32: Int32Array;
  scratch: number;
  readonly growable: boolean;
  /** 0 for a non-shared memory, else the shared arena's id (positive, unique in this thread). */
  readonly id: number;
}

let compiled: WebAssembly.Module | undefined;
let own: WasmContext | undefined;
/** The id of the last shared arena made. */
let lastId = 0;
/** Arena contexts by their memory's buffer (stable: arena memories never grow). */
const RESIDENT = new WeakMap<ArrayBufferLike, WasmContext>();

function decode(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let q = 0; q < text.length; q++) bytes[q] = text.charCodeAt(q);
  return bytes;
}

function instantiate(memory: WebAssembly.Memory, growable: boolean, id = 0): WasmContext {
  compiled ??= new WebAssembly.Module(decode(KERNELS_WASM_BASE64) as Uint8Array<ArrayBuffer>);
  const inst = new WebAssembly.Instance(id === 0 ? compiled : sharedModule(), { env: { memory } });
  const kernels = inst.exports as unknown as Kernels;
  return {
    kernels,
    memory,
    f32: new Float32Array(memory.buffer),
    i32: new Int32Array(memory.buffer),
    scratch: align(kernels.heapBase()),
    growable,
    id,
  };
}

/** The backend's own instance (compiled and instantiated on first use). */
export function ownContext(): WasmContext {
  own ??= instantiate(new WebAssembly.Memory({ initial: 1 }), true);
  return own;
}

/**
 * A new instance whose memory is `bytes` long (rounded up to 64 KiB pages) and never grows; its
 * buffer is registered, so kernels recognise operands inside it. Needs WebAssembly (not SIMD:
 * the memory is usable by the 'js' kernels too; the instance is only used when SIMD is there).
 * With `shared` (which needs SIMD and shared WebAssembly memory: the caller checks), the memory
 * is shared and the instance is of the shared-memory build, so the worker pool can use it too.
 */
export function residentContext(bytes: number, shared = false): WasmContext {
  if (typeof shared !== 'boolean') {
    throw new TypeError(`shared must be a boolean, got ${String(shared)}`);
  }
  const pages = Math.max(1, Math.ceil(bytes / PAGE));
  if (shared) {
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    const ctx = instantiate(memory, false, ++lastId);
    RESIDENT.set(memory.buffer, ctx);
    registerArena(ctx, ctx.id);
    return ctx;
  }
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  const ctx = detectSimd()
    ? instantiate(memory, false)
    : {
        kernels: undefined as unknown as Kernels,
        memory,
        f32: new Float32Array(memory.buffer),
        i32: new Int32Array(memory.buffer),
        scratch: ALIGN,
        growable: false,
        id: 0,
      };
  RESIDENT.set(memory.buffer, ctx);
  return ctx;
}

/** The arena context whose memory holds `x`, if any. */
export function contextOf(x: ArrayBufferView): WasmContext | undefined {
  return RESIDENT.get(x.buffer);
}

/**
 * The shared arena context holding C, else B, else A (the first of them in a shared arena), or
 * undefined when none is in one.
 */
export function sharedContextFor(
  c: ArrayBufferView,
  b: ArrayBufferView,
  a: ArrayBufferView,
): WasmContext | undefined {
  const cc = RESIDENT.get(c.buffer);
  if (cc !== undefined && cc.id !== 0) return cc;
  const cb = RESIDENT.get(b.buffer);
  if (cb !== undefined && cb.id !== 0) return cb;
  const ca = RESIDENT.get(a.buffer);
  return ca !== undefined && ca.id !== 0 ? ca : undefined;
}

/** Bytes of the backend's WebAssembly memory (0 before first use), for tests of scratch reuse. */
export function wasmMemoryBytes(): number {
  return own?.memory.buffer.byteLength ?? 0;
}

/** `bytes` rounded up to the scratch alignment. */
export function align(bytes: number): number {
  return Math.ceil(bytes / ALIGN) * ALIGN;
}

/**
 * Makes the context's memory at least `bytes` long (keeps its contents; refreshes the views), or
 * returns false when it cannot (an arena's fixed memory, or more than the backend addresses).
 */
export function reserve(ctx: WasmContext, bytes: number): boolean {
  const mem = ctx.memory;
  const have = mem.buffer.byteLength;
  if (bytes <= have) return true;
  if (!ctx.growable || bytes > MAX_BYTES) return false;
  mem.grow(Math.ceil((bytes - have) / PAGE));
  ctx.f32 = new Float32Array(mem.buffer);
  ctx.i32 = new Int32Array(mem.buffer);
  return true;
}

/** True when `a`'s elements are inside the context's memory (no copy needed). */
function resident(ctx: WasmContext, a: Matrix<Float32Array>): boolean {
  return a.data.buffer === ctx.memory.buffer;
}

/** Elements a copy of A occupies: its spanned region, or rows·cols when that is much smaller. */
export function copyLength(a: Matrix<Float32Array>): number {
  const span = spanHi(a) - spanLo(a) + 1;
  return span <= 2 * a.rows * a.cols + 64 ? span : a.rows * a.cols;
}

/** Elements a view of A occupies in the context: 0 when resident, else its copy's length. */
export function placedLength(ctx: WasmContext, a: Matrix<Float32Array>): number {
  return resident(ctx, a) ? 0 : copyLength(a);
}

/**
 * Makes A readable by the kernels: when A is resident, `out` gets the element index of A(0, 0)
 * in the context's memory and A's strides; else A is copied to element `at` (its spanned region
 * as is when dense enough, else gathered row-major) and `out` describes the copy.
 */
export function placeIn(
  ctx: WasmContext,
  a: Matrix<Float32Array>,
  at: number,
  out: Int32Array,
): void {
  const { data, rows, cols, rowStride: rs, colStride: cs, offset } = a;
  if (resident(ctx, a)) {
    out[0] = (data.byteOffset >> 2) + offset;
    out[1] = rs;
    out[2] = cs;
    return;
  }
  const F32 = ctx.f32;
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

/**
 * The arena context holding the first of `views` that is in one (callers list the output first),
 * or undefined when none is (or the arena has no instance: WebAssembly without SIMD).
 */
export function contextFor(...views: ArrayBufferView[]): WasmContext | undefined {
  for (const v of views) {
    const ctx = RESIDENT.get(v.buffer);
    if (ctx?.kernels !== undefined) return ctx;
  }
  return undefined;
}

/**
 * The arena context holding all of a, b and c (one arena's memory) on the 'wasm' backend, or
 * undefined (another backend, different memories, no arena): where an elementwise or reduction
 * kernel may run in place on its float32 operands; the caller otherwise runs its TypeScript code.
 */
export function arenaOfAll(
  a: ArrayBufferView,
  b: ArrayBufferView = a,
  c: ArrayBufferView = a,
): WasmContext | undefined {
  if (getBackend() !== 'wasm') return undefined;
  const ctx = RESIDENT.get(a.buffer);
  if (ctx?.kernels === undefined) return undefined;
  const buffer = ctx.memory.buffer;
  return b.buffer === buffer && c.buffer === buffer ? ctx : undefined;
}

const VIEW = new Int32Array(3);

/**
 * True when C ← α·A·B + β·C can be written by the register tiles straight into C (rows of C as
 * the rows of W, C's row stride as W's) instead of into scratch W folded into C afterwards: α = 1
 * and β = 0 (the fold would store f32(1·w) = w, the same bits), unit column stride, whole 8-column
 * tiles (n a multiple of 8, since every tile stores 8 columns) and rows that do not overlap. The
 * caller checks that C lives in the memory the kernels write.
 */
export function writesStraight(alpha: number, beta: number, C: Matrix<Float32Array>): boolean {
  return (
    alpha === 1 && beta === 0 && C.colStride === 1 && (C.cols & 7) === 0 && C.rowStride >= C.cols
  );
}

/**
 * C ← α·A·B + β·C for float32 on the WebAssembly backend; returns false (having done nothing)
 * when the call needs more memory than the backend addresses, so the caller uses 'js'. Expects
 * validated arguments with m, n, k ≥ 1 and α ≠ 0. Operands inside an arena's memory (see
 * `residentContext`) are used in place: the call runs on that arena's instance and copies only
 * the operands that live elsewhere (falling back to the backend's own instance when the arena's
 * free memory is too small for the call's scratch).
 */
export function gemmWasm(
  alpha: number,
  A: Matrix<Float32Array>,
  B: Matrix<Float32Array>,
  beta: number,
  C: Matrix<Float32Array>,
): boolean {
  const ctx = contextFor(C.data, B.data, A.data);
  if (ctx !== undefined && gemmIn(ctx, alpha, A, B, beta, C)) return true;
  return gemmIn(ownContext(), alpha, A, B, beta, C);
}

function gemmIn(
  ctx: WasmContext,
  alpha: number,
  A: Matrix<Float32Array>,
  B: Matrix<Float32Array>,
  beta: number,
  C: Matrix<Float32Array>,
): boolean {
  const m = C.rows;
  const n = C.cols;
  const k = A.cols;
  if (m <= NT_MAX_ROWS && A.colStride === 1 && B.rowStride === 1 && B.colStride !== 1) {
    return gemmNTIn(ctx, alpha, A, B, beta, C);
  }
  const ms = stripsOf(m);
  const ns = (n + 7) >> 3;
  const ldw = ns * 8;
  const direct = m <= DIRECT_MAX_ROWS && B.colStride === 1;
  const cResident = resident(ctx, C);
  // C is folded in place in wasm memory when resident or when its span is dense (on a copy of
  // the span), else element by element here
  const cSpan = !cResident && copyLength(C) === spanHi(C) - spanLo(C) + 1 ? copyLength(C) : 0;
  // layout (bytes): raw A | raw B (+ 8 floats of over-read) | packed A | packed B | W | raw C
  const rawA = ctx.scratch;
  const rawB = align(rawA + 4 * placedLength(ctx, A));
  const pa = align(rawB + 4 * (placedLength(ctx, B) + 8));
  const pb = align(pa + 4 * STRIP_ROWS * ms * k);
  const pw = align(direct ? pb : pb + 32 * ns * k);
  const rawC = align(pw + 4 * m * ldw);
  // C ← A·B straight into a resident C (see writesStraight): the tiles' rows are C's rows, and
  // no scratch W is needed
  const straight = cResident && writesStraight(alpha, beta, C);
  const end = straight ? pw : rawC + 4 * cSpan;
  if (end > MAX_BYTES || !reserve(ctx, end)) return false;
  const wk = ctx.kernels;
  const c = C.data;
  const { offset: co, rowStride: crs, colStride: ccs } = C;
  const w = straight ? 4 * ((c.byteOffset >> 2) + co) : pw;
  const ldwBytes = straight ? 4 * crs : 4 * ldw;

  const mr = m - STRIP_ROWS * (ms - 1);
  placeIn(ctx, A, rawA >> 2, VIEW);
  wk.packA(4 * VIEW[0]!, VIEW[1]!, VIEW[2]!, m, k, pa);
  placeIn(ctx, B, rawB >> 2, VIEW);
  if (direct) {
    wk.gemm(ms, mr, ns, k, pa, 4 * VIEW[0]!, 32, 4 * VIEW[1]!, w, ldwBytes);
  } else {
    wk.packB(4 * VIEW[0]!, VIEW[1]!, VIEW[2]!, k, n, pb);
    wk.gemm(ms, mr, ns, k, pa, pb, 32 * k, 32, w, ldwBytes);
  }

  if (straight) return true;
  if (cResident) {
    wk.fold(pw, 4 * ldw, 4 * ((c.byteOffset >> 2) + co), crs, ccs, m, n, alpha, beta);
    return true;
  }
  const F32 = ctx.f32;
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
  foldStrided(F32, pw, ldw, alpha, beta, C);
  return true;
}

/**
 * C ← α·W + β·C through C's strides, W row-major at byte offset `pw` of `w` with row stride
 * `ldw` elements; for C views whose span is too sparse to copy. Internal: no checks.
 */
export function foldStrided(
  w: Float32Array,
  pw: number,
  ldw: number,
  alpha: number,
  beta: number,
  C: Matrix<Float32Array>,
): void {
  const { data: c, rows: m, cols: n, offset: co, rowStride: crs, colStride: ccs } = C;
  for (let i = 0; i < m; i++) {
    let ci = co + i * crs;
    let q = (pw >> 2) + i * ldw;
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
}

/**
 * C ← α·A·B + β·C with A's rows and B's columns contiguous (B = Xᵀ for a row-major X, as in h·Wᵀ):
 * dot products of contiguous rows, no packing (asm/gemm-nt.ts). A, B are used in place when
 * resident, else copied (their spans, strides kept; or gathered when sparse, the packed path then
 * runs instead); C in place when resident, else through a copy of its span.
 */
function gemmNTIn(
  ctx: WasmContext,
  alpha: number,
  A: Matrix<Float32Array>,
  B: Matrix<Float32Array>,
  beta: number,
  C: Matrix<Float32Array>,
): boolean {
  const m = C.rows;
  const n = C.cols;
  const k = A.cols;
  const cResident = resident(ctx, C);
  const cSpan = cResident ? 0 : spanHi(C) - spanLo(C) + 1;
  const rawA = ctx.scratch;
  const rawB = align(rawA + 4 * placedLength(ctx, A));
  const rawC = align(rawB + 4 * placedLength(ctx, B));
  const end = rawC + 4 * cSpan;
  if (end > MAX_BYTES || !reserve(ctx, end)) return false;
  placeIn(ctx, A, rawA >> 2, VIEW);
  const [a0, ars, acs] = VIEW;
  placeIn(ctx, B, rawB >> 2, VIEW);
  const [b0, brs, bcs] = VIEW;
  const wk = ctx.kernels;
  if (acs !== 1 || brs !== 1) {
    // a sparse view was gathered row-major: B's columns are no longer contiguous; packed path
    const ms = stripsOf(m);
    const ldw = ((n + 7) >> 3) * 8;
    const pa = align(rawC);
    const pb = align(pa + 4 * STRIP_ROWS * ms * k);
    const pw = align(pb + 32 * (ldw >> 3) * k);
    const endW = pw + 4 * m * ldw;
    if (!reserve(ctx, endW)) return false;
    wk.packA(4 * a0!, ars!, acs!, m, k, pa);
    wk.packB(4 * b0!, brs!, bcs!, k, n, pb);
    wk.gemm(ms, m - STRIP_ROWS * (ms - 1), ldw >> 3, k, pa, pb, 32 * k, 32, pw, 4 * ldw);
    foldStrided(ctx.f32, pw, ldw, alpha, beta, C);
    return true;
  }
  const c = C.data;
  const { offset: co, rowStride: crs, colStride: ccs } = C;
  if (cResident) {
    wk.gemmNT(
      m,
      n,
      k,
      4 * a0!,
      4 * ars!,
      4 * b0!,
      4 * bcs!,
      4 * ((c.byteOffset >> 2) + co),
      4 * crs,
      4 * ccs,
      alpha,
      beta,
    );
    return true;
  }
  const lo = spanLo(C);
  const at = rawC >> 2;
  if (beta !== 0 || cSpan !== m * n) ctx.f32.set(c.subarray(lo, lo + cSpan), at);
  wk.gemmNT(
    m,
    n,
    k,
    4 * a0!,
    4 * ars!,
    4 * b0!,
    4 * bcs!,
    4 * (at + co - lo),
    4 * crs,
    4 * ccs,
    alpha,
    beta,
  );
  c.set(ctx.f32.subarray(at, at + cSpan), lo);
  return true;
}
