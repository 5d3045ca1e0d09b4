// Benchmark: float32 C ← A·B on TensorFlow.js's WebAssembly backend (@tensorflow/tfjs-backend-wasm,
// XNNPACK with SIMD) on the shapes of gemm.bench.ts, written to bench/results/gemm-tfjs.json and
// printed next to the js / wasm / numpy figures of bench/results/gemm.json (run gemm.bench.ts
// first, as bench/index.ts does, to compare within one run).
//
// Only the product is timed: A and B are uploaded once; each call is tf.matMul (transposeA for
// the transposed shape, so no transposed copy is made), dataSync() to force completion and read
// C back (as our gemm writes into C), and dispose().
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as wasmBackend from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { time, writeResults } from '../../../tooling/testkit/src/bench.js';
import { filled, machine, packageDir, table } from './common.js';

interface Shape {
  readonly name: string;
  readonly m: number;
  readonly k: number;
  readonly n: number;
  /** A is the transposed view of a row-major k×m matrix (tf: a k×m tensor with transposeA). */
  readonly transA: boolean;
}

/** The float32 shapes of gemm.bench.ts (same names, so the two result files join on them). */
const SHAPES: Shape[] = [
  { name: '5×784·784×500', m: 5, k: 784, n: 500, transA: false },
  { name: '32×784·784×500', m: 32, k: 784, n: 500, transA: false },
  { name: '128×784·784×500', m: 128, k: 784, n: 500, transA: false },
  { name: '(128×500)ᵀ·128×784', m: 500, k: 128, n: 784, transA: true },
  { name: '1024³', m: 1024, k: 1024, n: 1024, transA: false },
];

const gflops = (s: Shape, seconds: number): number => (2 * s.m * s.k * s.n) / seconds / 1e9;

/** One row of bench/results/gemm.json (only the fields read here). */
interface GemmRow {
  readonly shape: string;
  readonly dtype: string;
  readonly js: { readonly gflops: number } | null;
  readonly wasm: { readonly gflops: number } | null;
  readonly numpy: { readonly gflops: number; readonly threads: number | null } | null;
  readonly numpy1Thread: { readonly gflops: number } | null;
}

function readGemmRows(): GemmRow[] | undefined {
  const path = join(packageDir, 'bench', 'results', 'gemm.json');
  if (!existsSync(path)) return undefined;
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { rows: GemmRow[] }).rows;
  } catch {
    return undefined;
  }
}

/**
 * Runs the tfjs-wasm gemm benchmark: times tf.matMul on every float32 shape, prints the
 * comparison with gemm.json's backends and numpy, and writes bench/results/gemm-tfjs.json.
 */
export async function run(): Promise<void> {
  const loadStart = loadavg();
  const ok = await tf.setBackend('wasm');
  await tf.ready();
  if (!ok || tf.getBackend() !== 'wasm') {
    console.log('\ntfjs-wasm gemm: the tfjs wasm backend could not be initialised; skipped');
    return;
  }
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  const multithread = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true;
  const threads = wasmBackend.getThreadsCount();

  const rows = SHAPES.map((s) => {
    const aData = s.transA ? filled(s.k, s.m, 'f32', 1).data : filled(s.m, s.k, 'f32', 1).data;
    const a = tf.tensor2d(aData as Float32Array, s.transA ? [s.k, s.m] : [s.m, s.k], 'float32');
    const b = tf.tensor2d(filled(s.k, s.n, 'f32', 2).data as Float32Array, [s.k, s.n], 'float32');
    const t = time(() => {
      const c = tf.matMul(a, b, s.transA, false);
      c.dataSync();
      c.dispose();
    });
    a.dispose();
    b.dispose();
    return {
      shape: s.name,
      m: s.m,
      k: s.k,
      n: s.n,
      transA: s.transA,
      dtype: 'f32' as const,
      tfjsWasm: {
        ...t,
        gflops: gflops(s, t.bestSeconds),
        medianGflops: gflops(s, t.medianSeconds),
      },
    };
  });
  const leaked = tf.memory().numTensors;

  const ours = readGemmRows();
  const f = (x: number | undefined | null, d = 2) => (x == null ? '—' : x.toFixed(d));
  const npThreads = ours?.find((r) => r.numpy)?.numpy?.threads ?? '?';
  console.log(
    `\ngemm f32, tfjs-wasm ${tf.version_core} (SIMD ${simd ? 'on' : 'off'}, threads ${threads}` +
      `${multithread ? '' : ': no multithread support in this runtime'}) next to bench/results/gemm.json` +
      `\n  GFLOP/s = 2mkn / best time (median in parentheses for tfjs)`,
  );
  console.log(
    table(
      [
        'shape',
        'js',
        'wasm (ours)',
        'tfjs-wasm',
        `numpy (${npThreads}T)`,
        'numpy (1T)',
        'ours/tfjs',
      ],
      rows.map((r) => {
        const o = ours?.find((x) => x.shape === r.shape && x.dtype === 'f32');
        return [
          r.shape,
          f(o?.js?.gflops),
          f(o?.wasm?.gflops),
          `${f(r.tfjsWasm.gflops)} (${f(r.tfjsWasm.medianGflops)})`,
          f(o?.numpy?.gflops, 1),
          f(o?.numpy1Thread?.gflops, 1),
          o?.wasm ? f(o.wasm.gflops / r.tfjsWasm.gflops) : '—',
        ];
      }),
    ),
  );
  if (ours === undefined) console.log('(bench/results/gemm.json missing: run gemm.bench.ts first)');
  const path = writeResults(packageDir, 'gemm-tfjs', {
    machine: machine(),
    loadavgStart: loadStart,
    loadavgEnd: loadavg(),
    tfjs: {
      core: tf.version_core,
      backend: 'wasm',
      simd,
      multithreadSupport: multithread,
      threads,
      tensorsLeftAfterRun: leaked,
    },
    what: 'tf.matMul(a, b, transposeA, false) + dataSync() + dispose() per call; A and B uploaded once',
    rows,
  });
  console.log(`→ ${path}`);
}

// Run on its own: tsx --conditions=@dbn/source bench/gemm-tfjs.bench.ts
const script = process.argv[1];
if (script !== undefined && pathToFileURL(resolve(script)).href === import.meta.url) await run();
