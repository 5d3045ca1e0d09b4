import { runPythonJson, time, writeResults } from '../../../tooling/testkit/src/bench.js';
import {
  arenaBytes,
  biasSigmoid,
  createArena,
  getBackend,
  type Matrix,
  setBackend,
  sigmoid,
} from '../src/index.js';
import { machine, PY_TIME, packageDir, table } from './common.js';

/** The obvious float32 kernel, σ = 1/(1 + Math.exp(−x)), as the baseline for the fast one. */
function sigmoidMathExp32(x: Float32Array, out: Float32Array): void {
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-x[i]!));
}

/** A layer's shapes (batch × 784): biasSigmoid of a resident float32 A (m×n) and b, in place or not. */
const BIAS_SHAPES = [
  [128, 784],
  [1024, 784],
] as const;

/**
 * biasSigmoid C ← σ(A + 1bᵀ) on float32 operands resident in an arena, on each backend that is
 * available: one case per shape, out of place (C ≠ A) and in place (C = A; each call then reads
 * the previous call's output, which changes nothing for these branch-free kernels).
 */
function biasSigmoidCases(): { name: string; elements: number; t: ReturnType<typeof time> }[] {
  const initial = getBackend();
  const cases = [];
  for (const backend of ['wasm', 'js'] as const) {
    setBackend(backend);
    if (getBackend() !== backend) continue;
    for (const [m, n] of BIAS_SHAPES) {
      const arena = createArena(arenaBytes([m * n, m * n, n]));
      const A: Matrix<Float32Array> = arena.zeros(m, n);
      const C: Matrix<Float32Array> = arena.zeros(m, n);
      const b = arena.float32(n);
      const fill = () => {
        for (let q = 0; q < m * n; q++) A.data[q] = 12 * Math.sin(q * 0.7548776662);
      };
      fill();
      for (let j = 0; j < n; j++) b[j] = Math.cos(j);
      cases.push({
        name: `biasSigmoid f32 ${backend} ${m}×${n}`,
        elements: m * n,
        t: time(() => biasSigmoid(A, b, C)),
      });
      cases.push({
        name: `biasSigmoid f32 ${backend} ${m}×${n} in place`,
        elements: m * n,
        t: time(() => biasSigmoid(A, b, A)),
      });
      fill();
    }
  }
  setBackend(initial);
  return cases;
}

/**
 * Runs the sigmoid benchmark: ns per element, fast float32 vs Math.exp, numpy, and the fused
 * biasSigmoid (wasm SIMD and TypeScript) on a layer's shapes.
 */
export function run(): void {
  const n = 128 * 500;
  const x32 = new Float32Array(n);
  for (let q = 0; q < n; q++) x32[q] = 12 * Math.sin(q * 0.7548776662);
  const x64 = Float64Array.from(x32);
  const o32 = new Float32Array(n);
  const o64 = new Float64Array(n);
  const ns = (seconds: number) => (seconds / n) * 1e9;
  const cases = [
    { name: 'sigmoid f32 (polynomial exp)', t: time(() => sigmoid(x32, o32)) },
    { name: 'sigmoid f32 (Math.exp baseline)', t: time(() => sigmoidMathExp32(x32, o32)) },
    { name: 'sigmoid f64 (Math.exp)', t: time(() => sigmoid(x64, o64)) },
  ];
  const py = runPythonJson(`
import json, numpy as np
${PY_TIME}
x = (12 * np.sin(np.arange(${n}) * 0.7548776662))
res = {}
for name, dt in (('f32', np.float32), ('f64', np.float64)):
    xx = x.astype(dt); out = np.empty_like(xx)
    def f(xx=xx, out=out):
        np.negative(xx, out=out); np.exp(out, out=out); np.add(out, 1, out=out); np.reciprocal(out, out=out)
    res[name] = timing(f)
print(json.dumps({'numpy': np.__version__, 'results': res}))
`) as
    | { numpy: string; results: Record<string, { bestSeconds: number; medianSeconds: number }> }
    | undefined;
  const rows = cases.map((c) => ({
    name: c.name,
    elements: n,
    nsPerElement: ns(c.t.bestSeconds),
    nsPerElementMedian: ns(c.t.medianSeconds),
  }));
  const biasRows = biasSigmoidCases().map((c) => ({
    name: c.name,
    elements: c.elements,
    nsPerElement: (c.t.bestSeconds / c.elements) * 1e9,
    nsPerElementMedian: (c.t.medianSeconds / c.elements) * 1e9,
  }));
  const npRows = py
    ? Object.entries(py.results).map(([dt, r]) => ({
        name: `numpy ${dt} 1/(1+exp(−x))`,
        elements: n,
        nsPerElement: ns(r.bestSeconds),
        nsPerElementMedian: ns(r.medianSeconds),
      }))
    : [];
  console.log(`\nsigmoid over ${n} elements, biasSigmoid per shape (ns/element, best and median)`);
  console.log(
    table(
      ['kernel', 'ns/elem', 'median'],
      [...rows, ...npRows, ...biasRows].map((r) => [
        r.name,
        r.nsPerElement.toFixed(3),
        r.nsPerElementMedian.toFixed(3),
      ]),
    ),
  );
  const speedup = rows[1]!.nsPerElement / rows[0]!.nsPerElement;
  console.log(`fast f32 vs Math.exp f32: ${speedup.toFixed(2)}× faster`);
  const path = writeResults(packageDir, 'sigmoid', {
    machine: machine(),
    numpy: py?.numpy ?? null,
    rows: [...rows, ...npRows, ...biasRows],
    fastOverMathExp: speedup,
  });
  console.log(`→ ${path}`);
}
