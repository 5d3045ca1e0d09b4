import {
  arenaBytes,
  BinaryIndex,
  binaryGemm,
  binaryGemmT,
  createArena,
  gemm,
  gemmScratchBytes,
  getBackend,
  isResident,
  type Matrix,
  setBackend,
  transpose,
  zeros,
} from '@dbn/linalg';
import { afterEach, describe, expect, it } from 'vitest';
import { detectSimd, wasmMemoryBytes } from '../src/wasm/backend.js';
import { binaryFilled } from './binary.js';
import { filled } from './reference.js';

const DEFAULT_BACKEND = getBackend();
const SIMD = detectSimd();

afterEach(() => setBackend(DEFAULT_BACKEND));

/** How many elements of two float32 arrays differ in their bits. */
function differingBits(x: Float32Array, y: Float32Array): number {
  const a = new Uint32Array(x.buffer, x.byteOffset, x.length);
  const b = new Uint32Array(y.buffer, y.byteOffset, y.length);
  let n = Math.abs(a.length - b.length);
  for (let q = 0; q < Math.min(a.length, b.length); q++) if (a[q] !== b[q]) n++;
  return n;
}

const f32 = (rows: number, cols: number, seed: number) =>
  filled(rows, cols, 'f32', seed) as Matrix<Float32Array>;

describe('createArena', () => {
  it('allocates zero-filled, disjoint, resident arrays and names an allocation that does not fit', () => {
    const arena = createArena(arenaBytes([6, 12], [5]));
    const a = arena.zeros(2, 3);
    const b = arena.float32(12);
    const c = arena.int32(5);
    for (const x of [a.data, b, c]) {
      expect(isResident(x)).toBe(true);
      expect(Array.from(x).every((v) => v === 0)).toBe(true);
    }
    expect(isResident(new Float32Array(4))).toBe(false);
    a.data.fill(1);
    b.fill(2);
    c.fill(3);
    expect(a.data.every((v) => v === 1) && b.every((v) => v === 2)).toBe(true);
    expect(arena.used).toBeLessThanOrEqual(arena.bytes);
    expect(() => arena.float32(arena.bytes)).toThrow(/float32: the arena has \d+ free bytes/);
    expect(() => arena.zeros(-1, 2)).toThrow(/rows must be a non-negative integer, got -1/);
    expect(() => createArena(2 ** 31)).toThrow(/bytes must be at most/);
  });

  it('copyOf makes a resident row-major copy of any view', () => {
    const arena = createArena(arenaBytes([20]));
    const src = f32(5, 4, 1);
    const t = arena.copyOf(transpose(src));
    expect([t.rows, t.cols, t.rowStride]).toEqual([4, 5, 5]);
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 5; j++) expect(t.data[i * 5 + j]).toBe(src.data[j * 4 + i]);
  });
});

describe.skipIf(!SIMD)('resident operands (wasm backend)', () => {
  it('gemm on resident operands gives the bits of the copying path and never detaches views', () => {
    setBackend('wasm');
    // [m, k, n, A transposed, β]: forward passes, the CD update, small and ragged shapes
    const shapes: [number, number, number, boolean, number][] = [
      [5, 784, 500, false, 0],
      [37, 50, 29, false, 0.5],
      [784, 5, 500, true, 1],
      [3, 7, 9, true, -2],
    ];
    const arena = createArena(
      arenaBytes([784 * 500, 784 * 500, 784 * 500], [], gemmScratchBytes(784, 784, 500)),
    );
    const buffer = arena.zeros(0, 0).data.buffer;
    let seed = 0;
    for (const [m, k, n, ta, beta] of shapes) {
      seed++;
      const a0 = ta ? transpose(f32(k, m, seed)) : f32(m, k, seed);
      const b0 = f32(k, n, -seed);
      const c0 = f32(m, n, 2 * seed);
      const want = { ...c0, data: c0.data.slice() };
      gemm(0.75, a0, b0, beta, want);
      const A = ta ? transpose(arena.copyOf(transpose(a0))) : arena.copyOf(a0);
      const B = arena.copyOf(b0);
      const C = arena.copyOf(c0);
      const grown = wasmMemoryBytes();
      gemm(0.75, A, B, beta, C);
      expect(differingBits(C.data, want.data)).toBe(0);
      // mixed: only C resident
      const C2 = arena.copyOf(c0);
      gemm(0.75, a0, b0, beta, C2);
      expect(differingBits(C2.data, want.data)).toBe(0);
      // the backend's own memory was not needed for the resident calls
      expect(wasmMemoryBytes()).toBe(grown);
    }
    expect(arena.zeros(0, 0).data.buffer).toBe(buffer);
    expect(buffer.byteLength).toBe(arena.bytes);
  });

  it('α = 1, β = 0 into a resident C of whole 8-column tiles (written straight) has the folded bits', () => {
    setBackend('wasm');
    // [m, k, n, A transposed, C's row padding]: B in place (m ≤ 32), packed with k > KC and a
    // ragged last strip, the DNN's 128 × 400 · 400 × 400, padded rows, and n not a multiple of 8
    const shapes: [number, number, number, boolean, number][] = [
      [5, 784, 400, false, 0],
      [37, 300, 16, false, 0],
      [128, 400, 400, true, 0],
      [41, 70, 24, false, 5],
      [7, 20, 12, false, 3],
    ];
    let seed = 10;
    for (const [m, k, n, ta, pad] of shapes) {
      seed++;
      const arena = createArena(
        arenaBytes([m * k, k * n, m * (n + pad)], [], gemmScratchBytes(m, k, n)),
      );
      const a0 = ta ? transpose(f32(k, m, seed)) : f32(m, k, seed);
      const b0 = f32(k, n, -seed);
      const want = f32(m, n, 0);
      gemm(1, a0, b0, 0, want);
      const A = ta ? transpose(arena.copyOf(transpose(a0))) : arena.copyOf(a0);
      const B = arena.copyOf(b0);
      const C = { ...arena.zeros(m, n + pad), cols: n };
      C.data.fill(Number.NaN);
      gemm(1, A, B, 0, C);
      for (let i = 0; i < m; i++) {
        const row = C.data.subarray(i * (n + pad), i * (n + pad) + n);
        expect(differingBits(row, want.data.subarray(i * n, (i + 1) * n))).toBe(0);
        // the padding is not written
        for (let j = n; j < n + pad; j++) expect(C.data[i * (n + pad) + j]).toBeNaN();
      }
    }
  });

  it('falls back to the backend memory when the arena is too small for the scratch', () => {
    setBackend('wasm');
    const arena = createArena(arenaBytes([64 * 300, 300 * 70, 64 * 70]));
    const A = arena.copyOf(f32(64, 300, 1));
    const B = arena.copyOf(f32(300, 70, 2));
    const C = arena.zeros(64, 70);
    const want = gemm(1, f32(64, 300, 1), f32(300, 70, 2), 0, zeros(64, 70));
    gemm(1, A, B, 0, C);
    expect(differingBits(C.data, want.data)).toBe(0);
    expect(C.data.byteLength).toBe(64 * 70 * 4); // still attached
  });

  it('binary products on resident operands and index equal the copying path bit for bit', () => {
    setBackend('wasm');
    const arena = createArena(arenaBytes([5 * 784, 784 * 500, 5 * 500, 784 * 500], [6, 785, 7840]));
    const v0 = binaryFilled(5, 784, 0.13, 1);
    const W0 = f32(784, 500, 2);
    const P0 = f32(5, 500, 3);
    const plain = new BinaryIndex(5, 784);
    plain.fill(v0);
    const resident = new BinaryIndex(5, 784, arena);
    resident.fill(arena.copyOf(v0));
    const W = arena.copyOf(W0);
    const up = arena.zeros(5, 500);
    binaryGemm(1, resident, W, 0, up);
    const upWant = binaryGemm(1, plain, W0, 0, zeros(5, 500));
    expect(differingBits(up.data, upWant.data)).toBe(0);
    const P = arena.copyOf(P0);
    binaryGemmT(0.1, resident, P, 1, W);
    const Wwant = { ...W0, data: W0.data.slice() };
    binaryGemmT(0.1, plain, P0, 1, Wwant);
    expect(differingBits(W.data, Wwant.data)).toBe(0);
  });
});

describe('arena matrices on the js backend', () => {
  it('work as ordinary arrays with the TypeScript kernels', () => {
    setBackend('js');
    const arena = createArena(arenaBytes([12, 20, 15]));
    const A = arena.copyOf(f32(3, 4, 1));
    const B = arena.copyOf(f32(4, 5, 2));
    const C = arena.zeros(3, 5);
    gemm(1, A, B, 0, C);
    const want = gemm(1, f32(3, 4, 1), f32(4, 5, 2), 0, zeros(3, 5));
    expect(Array.from(C.data)).toEqual(Array.from(want.data));
  });
});
