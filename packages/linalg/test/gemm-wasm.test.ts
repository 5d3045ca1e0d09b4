import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gemm, getBackend, type Matrix, setBackend, transpose, zeros } from '@dbn/linalg';
import { afterEach, describe, expect, it } from 'vitest';
import {
  backendFromEnvironment,
  detectSimd,
  overrideSimdSupport,
  wasmMemoryBytes,
} from '../src/wasm/backend.js';
import { filled, toF64 } from './reference.js';

const DEFAULT_BACKEND = getBackend();
const SIMD = detectSimd();
const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function hasAsc(): boolean {
  try {
    createRequire(import.meta.url).resolve('assemblyscript/package.json');
    return true;
  } catch {
    return false;
  }
}

/** |x| of a matrix as a row-major float64 matrix (for the error scale Σ|a|·|b|). */
function abs64(a: Matrix): Matrix<Float64Array> {
  const v = toF64(a).map(Math.abs);
  return { data: v, rows: a.rows, cols: a.cols, rowStride: a.cols, colStride: 1, offset: 0 };
}

function runOn(
  backend: 'js' | 'wasm',
  alpha: number,
  a: Matrix,
  b: Matrix,
  beta: number,
  c0: Matrix,
) {
  setBackend(backend);
  const c = { ...c0, data: c0.data.slice() };
  gemm(alpha, a, b, beta, c);
  return c;
}

afterEach(() => {
  overrideSimdSupport(undefined);
  setBackend(DEFAULT_BACKEND);
});

describe('gemm backends', () => {
  it('defaults to wasm where WebAssembly SIMD is available (unless DBN_BACKEND says js)', () => {
    const env = backendFromEnvironment();
    expect(DEFAULT_BACKEND).toBe(SIMD && env !== 'js' ? 'wasm' : 'js');
  });

  it('reads DBN_BACKEND from process.env, else from globalThis, and rejects other values', () => {
    expect(backendFromEnvironment({})).toBeUndefined();
    expect(backendFromEnvironment({ process: { env: {} } })).toBeUndefined();
    expect(backendFromEnvironment({ process: { env: { DBN_BACKEND: 'js' } } })).toBe('js');
    expect(backendFromEnvironment({ process: { env: { DBN_BACKEND: 'wasm' } } })).toBe('wasm');
    expect(backendFromEnvironment({ DBN_BACKEND: 'js' })).toBe('js');
    expect(() => backendFromEnvironment({ process: { env: { DBN_BACKEND: 'gpu' } } })).toThrow(
      /DBN_BACKEND must be 'wasm' or 'js', got gpu/,
    );
    expect(() => setBackend('gpu' as never)).toThrow(RangeError);
  });

  it('falls back to the js kernels when SIMD detection is forced off', () => {
    const a = filled(37, 50, 'f32', 1);
    const b = filled(50, 29, 'f32', 2);
    const c0 = filled(37, 29, 'f32', 3);
    const js = runOn('js', 0.5, a, b, 2, c0);
    overrideSimdSupport(false);
    setBackend('wasm');
    expect(getBackend()).toBe('js');
    const c = { ...c0, data: c0.data.slice() };
    gemm(0.5, a, b, 2, c);
    expect(Array.from(c.data)).toEqual(Array.from(js.data));
    overrideSimdSupport(undefined);
    expect(getBackend()).toBe(SIMD ? 'wasm' : 'js');
  });

  it.skipIf(!SIMD)('agrees with the js backend within float32 rounding on training shapes', () => {
    // [m, k, n, A transposed]: batch 5 and 128 forward passes, and the weight gradient Xᵀ·δ
    const shapes: [number, number, number, boolean][] = [
      [5, 784, 500, false],
      [128, 784, 500, false],
      [500, 128, 784, true],
    ];
    let seed = 10;
    for (const [m, k, n, ta] of shapes) {
      seed++;
      const a = ta ? transpose(filled(k, m, 'f32', seed)) : filled(m, k, 'f32', seed);
      const b = filled(k, n, 'f32', -seed);
      const c0 = filled(m, n, 'f32', 2 * seed);
      const js = runOn('js', 0.75, a, b, -0.5, c0);
      const wasm = runOn('wasm', 0.75, a, b, -0.5, c0);
      const scale = gemm(1, abs64(a), abs64(b), 0, zeros(m, n, 'f64'));
      const c0v = toF64(c0);
      // js is within ~2⁻²⁴ of the exact value, wasm within γ(k+2) ≈ (k + 2)·2⁻²⁴
      const gamma = (k + 4) * 2 ** -24;
      let worst = 0;
      for (let q = 0; q < m * n; q++) {
        const bound = gamma * (0.75 * scale.data[q]! + 0.5 * Math.abs(c0v[q]!)) + 2 ** -148;
        const err = Math.abs(js.data[q]! - wasm.data[q]!);
        worst = Math.max(worst, err / bound);
      }
      expect(worst).toBeLessThanOrEqual(1);
    }
  });

  it.skipIf(!SIMD)('covers every ragged A strip (m mod 5) over several slices of k', () => {
    // m = 1 … 11 and 33 … 37: every m mod 5 with B read in place (m ≤ 32) and packed, A row-major
    // and transposed (both packA paths); k = 600 is three KC slices, so tiles add onto W
    const k = 600;
    const n = 21;
    let seed = 40;
    for (const m of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 33, 34, 35, 36, 37]) {
      for (const ta of [false, true]) {
        seed++;
        const a = ta ? transpose(filled(k, m, 'f32', seed)) : filled(m, k, 'f32', seed);
        const b = filled(k, n, 'f32', -seed);
        const c0 = filled(m, n, 'f32', 2 * seed);
        const js = runOn('js', 1.5, a, b, 0.25, c0);
        const wasm = runOn('wasm', 1.5, a, b, 0.25, c0);
        const scale = gemm(1, abs64(a), abs64(b), 0, zeros(m, n, 'f64'));
        const c0v = toF64(c0);
        const gamma = (k + 4) * 2 ** -24;
        for (let q = 0; q < m * n; q++) {
          const bound = gamma * (1.5 * scale.data[q]! + 0.25 * Math.abs(c0v[q]!)) + 2 ** -148;
          expect(Math.abs(js.data[q]! - wasm.data[q]!)).toBeLessThanOrEqual(bound);
        }
      }
    }
  });

  it.skipIf(!SIMD)('reads B in place without letting values outside the view leak in', () => {
    // 5 rows (B read unpacked), n = 13 (a partial 8-wide strip), NaN in B's gaps and after it
    for (const [m, n] of [
      [5, 13],
      [1, 1],
      [17, 9],
    ] as const) {
      const k = 11;
      const rs = n + 3;
      const data = new Float32Array(k * rs + 40).fill(Number.NaN);
      for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) data[p * rs + j] = Math.sin(p + j);
      const b: Matrix<Float32Array> = {
        data,
        rows: k,
        cols: n,
        rowStride: rs,
        colStride: 1,
        offset: 0,
      };
      const a = filled(m, k, 'f32', 4);
      const c = zeros(m, n);
      c.data.fill(Number.NaN);
      setBackend('wasm');
      gemm(1, a, b, 0, c);
      const js = runOn('js', 1, a, b, 0, zeros(m, n));
      for (let q = 0; q < m * n; q++) {
        expect(Math.abs(c.data[q]! - js.data[q]!)).toBeLessThan(1e-5);
      }
    }
  });

  it.skipIf(!SIMD)('handles sparse views (gathered, or C written element by element)', () => {
    const big = new Float32Array(10_000).map((_, q) => Math.cos(q));
    const a: Matrix<Float32Array> = {
      data: big,
      rows: 6,
      cols: 7,
      rowStride: 1000,
      colStride: -3,
      offset: 50,
    };
    const b: Matrix<Float32Array> = {
      data: big,
      rows: 7,
      cols: 9,
      rowStride: 7,
      colStride: 900,
      offset: 20,
    };
    for (const beta of [0, 0.25]) {
      for (const sparseC of [false, true]) {
        const cData = new Float32Array(sparseC ? 2000 : 80).fill(Number.NaN);
        const c0: Matrix<Float32Array> = sparseC
          ? { data: cData, rows: 6, cols: 9, rowStride: 300, colStride: 2, offset: 5 }
          : { data: cData, rows: 6, cols: 9, rowStride: 10, colStride: 1, offset: 3 };
        for (let i = 0; i < 6; i++) {
          for (let j = 0; j < 9; j++)
            cData[c0.offset + i * c0.rowStride + j * c0.colStride] = i - j;
        }
        const js = runOn('js', -1.5, a, b, beta, c0);
        const wasm = runOn('wasm', -1.5, a, b, beta, c0);
        for (let q = 0; q < cData.length; q++) {
          const [x, y] = [wasm.data[q]!, js.data[q]!];
          if (Number.isNaN(y))
            expect(x).toBeNaN(); // gaps untouched
          else expect(Math.abs(x - y)).toBeLessThan(1e-5);
        }
      }
    }
  });

  it.skipIf(!SIMD)('keeps its scratch memory across calls (grows only for larger calls)', () => {
    setBackend('wasm');
    const a = filled(64, 300, 'f32', 1);
    const b = filled(300, 70, 'f32', 2);
    const c = zeros(64, 70);
    gemm(1, a, b, 0, c);
    const bytes = wasmMemoryBytes();
    expect(bytes).toBeGreaterThan(0);
    for (let r = 0; r < 5; r++) gemm(1, a, b, 1, c);
    gemm(1, filled(5, 300, 'f32', 3), b, 0, zeros(5, 70));
    expect(wasmMemoryBytes()).toBe(bytes);
  });

  it.skipIf(!hasAsc())(
    'the checked-in kernels.generated.ts is byte-identical to a rebuild from asm/',
    () => {
      const out = execFileSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], {
        cwd: pkg,
        encoding: 'utf8',
      });
      expect(out).toMatch(/up to date/);
    },
    120_000,
  );
});
