import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineInfo } from '../../../tooling/testkit/src/bench.js';
import {
  closeThreads,
  type DType,
  getBackend,
  getThreads,
  type Matrix,
  setBackend,
  setThreads,
} from '../src/index.js';

/** The package directory (results go to <it>/bench/results). */
export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** machineInfo() plus the CPU model and core count. */
export function machine(): Record<string, unknown> {
  const cpu = cpus();
  return { ...machineInfo(), cpu: cpu[0]?.model ?? 'unknown', cores: cpu.length };
}

/** A deterministic, irregular rows×cols row-major fill in (−1, 1) (bench data needs no RNG). */
export function filled(rows: number, cols: number, dtype: DType, seed: number): Matrix {
  const data = dtype === 'f64' ? new Float64Array(rows * cols) : new Float32Array(rows * cols);
  for (let q = 0; q < data.length; q++) data[q] = Math.sin(q * 0.7548776662 + seed) ** 3;
  return { data, rows, cols, rowStride: cols, colStride: 1, offset: 0 };
}

/** Python prelude: the OpenBLAS thread count numpy will use, or None when it cannot be read. */
export const PY_THREADS = `
def blas_threads():
    try:
        import ctypes, glob, os, numpy
        d = os.path.join(os.path.dirname(os.path.dirname(numpy.__file__)), 'numpy.libs')
        for path in glob.glob(os.path.join(d, '*openblas*')):
            lib = ctypes.CDLL(path)
            for name in ('scipy_openblas_get_num_threads64_', 'openblas_get_num_threads64_', 'openblas_get_num_threads'):
                if hasattr(lib, name):
                    return int(getattr(lib, name)())
    except Exception:
        pass
    return None
`;

/** Python prelude: timeit-like best and median seconds per call, as bench.ts's time() does. */
export const PY_TIME = `
import time
def timing(fn, samples=7, min_sample=0.05):
    for _ in range(3): fn()
    calls = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(calls): fn()
        dt = time.perf_counter() - t0
        if dt >= min_sample or calls >= 1 << 24: break
        calls = max(calls * 2, int(calls * min_sample / max(dt, 1e-6)) + 1)
    per = []
    for _ in range(samples):
        t0 = time.perf_counter()
        for _ in range(calls): fn()
        per.append((time.perf_counter() - t0) / calls)
    per.sort()
    return {'bestSeconds': per[0], 'medianSeconds': per[samples // 2]}
`;

/** Right-pads or left-pads cells into a plain text table. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) =>
    cells.map((s, c) => (c === 0 ? s.padEnd(widths[c]!) : s.padStart(widths[c]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * Runs `body` on the wasm backend with 2 threads, then restores the backend and thread count and
 * closes the pool; prints that benchmark `name` is skipped (and runs nothing) where WebAssembly
 * SIMD or worker threads are missing. Returns whether it ran.
 */
export function onTwoThreads(name: string, body: () => void): boolean {
  const initialBackend = getBackend();
  const initialThreads = getThreads();
  setBackend('wasm');
  setThreads(2);
  const ran = getBackend() === 'wasm' && getThreads() === 2;
  try {
    if (ran) body();
    else console.log(`\n${name}: skipped (needs WebAssembly SIMD and worker threads)`);
  } finally {
    setThreads(initialThreads);
    closeThreads();
    setBackend(initialBackend);
  }
  return ran;
}
