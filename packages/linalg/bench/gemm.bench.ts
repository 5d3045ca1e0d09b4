import { runPythonJson, time, writeResults } from '../../../tooling/testkit/src/bench.js';
import {
  type Backend,
  type DType,
  gemm,
  getBackend,
  type Matrix,
  setBackend,
  transpose,
  zeros,
} from '../src/index.js';
import { filled, machine, PY_THREADS, PY_TIME, packageDir, table } from './common.js';

interface Shape {
  readonly name: string;
  readonly m: number;
  readonly k: number;
  readonly n: number;
  /** A is the transposed view of a row-major k×m matrix. */
  readonly transA: boolean;
}

const SHAPES: Shape[] = [
  { name: '5×784·784×500', m: 5, k: 784, n: 500, transA: false },
  { name: '32×784·784×500', m: 32, k: 784, n: 500, transA: false },
  { name: '128×784·784×500', m: 128, k: 784, n: 500, transA: false },
  { name: '(128×500)ᵀ·128×784', m: 500, k: 128, n: 784, transA: true },
  { name: '1024³', m: 1024, k: 1024, n: 1024, transA: false },
];

interface Measured {
  readonly bestSeconds: number;
  readonly medianSeconds: number;
}

function gflops(s: Shape, seconds: number): number {
  return (2 * s.m * s.k * s.n) / seconds / 1e9;
}

function numpy(cases: { shape: Shape; dtype: DType }[], threads: 'default' | 1): unknown {
  const spec = JSON.stringify(cases.map(({ shape, dtype }) => ({ ...shape, dtype })));
  const script = `
import os, json
${threads === 1 ? "os.environ['OPENBLAS_NUM_THREADS'] = '1'\nos.environ['OMP_NUM_THREADS'] = '1'" : ''}
import numpy as np
${PY_THREADS}
${PY_TIME}
out = []
rng = np.random.default_rng(0)
for s in json.loads(${JSON.stringify(spec)}):
    dt = np.float32 if s['dtype'] == 'f32' else np.float64
    m, k, n = s['m'], s['k'], s['n']
    A = (rng.random((k, m)) * 2 - 1).astype(dt).T if s['transA'] else (rng.random((m, k)) * 2 - 1).astype(dt)
    B = (rng.random((k, n)) * 2 - 1).astype(dt)
    C = np.empty((m, n), dt)
    out.append(timing(lambda: np.matmul(A, B, out=C)))
print(json.dumps({'numpy': np.__version__, 'threads': blas_threads(), 'results': out}))
`;
  return runPythonJson(script);
}

interface PyResult {
  readonly numpy: string;
  readonly threads: number | null;
  readonly results: Measured[];
}

function measure(s: Shape, dtype: DType, backend: Backend): Measured | null {
  setBackend(backend);
  if (getBackend() !== backend) return null;
  const a: Matrix = s.transA ? transpose(filled(s.k, s.m, dtype, 1)) : filled(s.m, s.k, dtype, 1);
  const b = filled(s.k, s.n, dtype, 2);
  const c = zeros(s.m, s.n, dtype);
  const t = time(() => gemm(1, a, b, 0, c));
  return { bestSeconds: t.bestSeconds, medianSeconds: t.medianSeconds };
}

/**
 * Runs the gemm benchmark: prints a table, writes bench/results/gemm.json, returns the rows.
 * Float32 is timed on both backends ('js' TypeScript kernels, 'wasm' WebAssembly SIMD); float64
 * runs on the TypeScript kernels only.
 */
export function run(): void {
  const cases: { shape: Shape; dtype: DType }[] = [];
  for (const dtype of ['f32', 'f64'] as const)
    for (const shape of SHAPES) cases.push({ shape, dtype });

  const initial = getBackend();
  const js = cases.map(({ shape, dtype }) => measure(shape, dtype, 'js'));
  const wasm = cases.map(({ shape, dtype }) =>
    dtype === 'f32' ? measure(shape, dtype, 'wasm') : null,
  );
  setBackend(initial);

  const npAll = numpy(cases, 'default') as PyResult | undefined;
  const np1 = numpy(cases, 1) as PyResult | undefined;

  const withRate = (shape: Shape, o: Measured | null | undefined) =>
    o
      ? { ...o, gflops: gflops(shape, o.bestSeconds), medianGflops: gflops(shape, o.medianSeconds) }
      : null;
  const rows = cases.map(({ shape, dtype }, q) => {
    const a = npAll?.results[q];
    const one = np1?.results[q];
    const w = wasm[q];
    return {
      shape: shape.name,
      m: shape.m,
      k: shape.k,
      n: shape.n,
      transA: shape.transA,
      dtype,
      js: withRate(shape, js[q]),
      wasm: withRate(shape, w),
      numpy: a && { ...a, gflops: gflops(shape, a.bestSeconds), threads: npAll?.threads ?? null },
      numpy1Thread: one && { ...one, gflops: gflops(shape, one.bestSeconds), threads: 1 },
      wasmOverJs: w && js[q] ? js[q]!.bestSeconds / w.bestSeconds : null,
      wasmOverNumpy1Thread: w && one ? one.bestSeconds / w.bestSeconds : null,
      jsOverNumpy1Thread: js[q] && one ? one.bestSeconds / js[q]!.bestSeconds : null,
    };
  });

  const f = (x: number | undefined | null, d = 2) => (x == null ? '—' : x.toFixed(d));
  console.log(
    `\ngemm, C ← A·B (GFLOP/s = 2mkn / best time, median in parentheses; numpy ${npAll?.numpy ?? 'absent'}, OpenBLAS threads: ${npAll?.threads ?? '?'})`,
  );
  console.log(
    table(
      [
        'shape',
        'dtype',
        'js',
        'wasm',
        `numpy (${npAll?.threads ?? '?'}T)`,
        'numpy (1T)',
        'wasm/js',
        'wasm/np 1T',
      ],
      rows.map((r) => [
        r.shape,
        r.dtype,
        r.js ? `${f(r.js.gflops)} (${f(r.js.medianGflops)})` : '—',
        r.wasm ? `${f(r.wasm.gflops)} (${f(r.wasm.medianGflops)})` : '—',
        f(r.numpy?.gflops, 1),
        f(r.numpy1Thread?.gflops, 1),
        f(r.wasmOverJs, 1),
        f(r.wasmOverNumpy1Thread, 3),
      ]),
    ),
  );
  const path = writeResults(packageDir, 'gemm', {
    machine: machine(),
    numpy: npAll?.numpy ?? null,
    defaultBackend: initial,
    rows,
  });
  console.log(`→ ${path}`);
}
