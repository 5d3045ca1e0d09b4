// Shared helpers of the @dbn/models benchmarks: MNIST loading, handing data to the numpy
// scripts, running them, timing whole epochs, and printing tables.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { binarize, subsetIndices, takeRows } from '@dbn/datasets';
import { loadMnist } from '@dbn/datasets/node';
import { getBackend, getThreads, type Matrix } from '@dbn/linalg';
import * as E from 'fp-ts/lib/Either.js';
import { hasNumpy, machineInfo } from '../../../tooling/testkit/src/bench.js';

/** The package directory (results go to <it>/bench/results). */
export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(packageDir, 'bench');

/** True when the module with this `import.meta.url` is the script node was started with. */
export function isMain(url: string): boolean {
  const script = process.argv[1];
  return script !== undefined && pathToFileURL(resolve(script)).href === url;
}

/**
 * machineInfo() plus CPU model, core count, the load average when the run started and the
 * @dbn/linalg float32 gemm backend in use ('wasm' SIMD by default; DBN_BACKEND=js selects the
 * plain TypeScript kernels).
 */
export function machine(): Record<string, unknown> {
  const cpu = cpus();
  return {
    ...machineInfo(),
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    loadavg1m: load(),
    linalgBackend: getBackend(),
    threads: getThreads(),
  };
}

/**
 * The results name of a benchmark run with the current thread count: `name` on one thread (the
 * default, DBN_THREADS unset), `name-2threads` with DBN_THREADS=2, and so on.
 */
export function resultsName(name: string): string {
  const t = getThreads();
  return t > 1 ? `${name}-${t}threads` : name;
}

/**
 * How our columns are labelled: element type, gemm backend and threads, e.g. `ours f32/wasm` on
 * one thread, `ours f32/wasm/2T` with DBN_THREADS=2.
 */
export function oursLabel(): string {
  const t = getThreads();
  return `ours f32/${getBackend()}${t > 1 ? `/${t}T` : ''}`;
}

/** The 1-minute load average (other processes on the machine perturb timings). */
export function load(): number {
  return Number(loadavg()[0]!.toFixed(2));
}

/** A positive integer from the environment, or `fallback` when unset or empty. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer`);
  return v;
}

/** Binarised MNIST rows (pixel > 128 → 1) as a float32 matrix, with their labels. */
export interface MnistRows {
  readonly X: Matrix<Float32Array>;
  readonly labels: Uint8Array;
  /** The same images as uint8 0/1 (what the numpy scripts read). */
  readonly bits: Uint8Array;
}

/**
 * Loads `n` binarised rows of an MNIST split: the first n when `seed` is undefined, else the
 * random subset `subsetIndices(n, total, seed)`.
 */
export async function mnistRows(
  split: 'train' | 'test',
  n: number,
  seed?: string,
): Promise<MnistRows> {
  const res = await loadMnist({ split });
  if (E.isLeft(res)) throw new Error(res.left.message);
  const m = res.right;
  if (n > m.rows) throw new RangeError(`MNIST ${split} has ${m.rows} images, asked for ${n}`);
  const idx = subsetIndices(n, m.rows, seed);
  const images = takeRows(m.images, m.cols, idx);
  const labels = takeRows(m.labels, 1, idx);
  const data = binarize(images);
  const bits = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) bits[i] = data[i]!;
  return {
    X: { data, rows: n, cols: m.cols, rowStride: m.cols, colStride: 1, offset: 0 },
    labels,
    bits,
  };
}

/** A temporary directory for files handed to python; `dispose()` removes it. */
export function scratch(): {
  dir: string;
  write(name: string, bytes: Uint8Array): string;
  dispose(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'dbn-models-bench-'));
  return {
    dir,
    write(name, bytes) {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      return path;
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let numpyPresent: boolean | undefined;

/** True when python3 with numpy is available (checked once) and DBN_BENCH_NUMPY is not 0. */
export function numpyAvailable(): boolean {
  numpyPresent ??= process.env.DBN_BENCH_NUMPY !== '0' && hasNumpy();
  return numpyPresent;
}

/** numpy's BLAS thread count: its default (all cores) or a fixed number. */
export type NumpyThreads = 'default' | number;

/**
 * Runs `bench/<script>` with python3, passing `args` as one JSON argument; the script prints one
 * JSON value on its last stdout line. Returns it, or undefined (with a note on stderr) when
 * numpy is missing or the script fails. Progress lines the script writes to stderr are shown.
 * `threads` other than 'default' sets OPENBLAS_NUM_THREADS (and OMP/MKL) for the child.
 */
export function runNumpy<R>(
  script: string,
  args: unknown,
  options: { readonly threads?: NumpyThreads; readonly timeoutMs?: number } = {},
): R | undefined {
  if (!numpyAvailable()) return undefined;
  const threads = options.threads ?? 'default';
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };
  if (threads !== 'default') {
    for (const v of ['OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS'])
      env[v] = String(threads);
  }
  const timeout = options.timeoutMs ?? 900_000;
  const res = spawnSync('python3', [join(benchDir, script), JSON.stringify(args)], {
    env,
    timeout,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.error !== undefined || res.status !== 0) {
    console.error(`python3 ${script} failed: ${res.error?.message ?? `exit ${res.status}`}`);
    return undefined;
  }
  const lines = res.stdout.trim().split('\n');
  try {
    return JSON.parse(lines[lines.length - 1] ?? '') as R;
  } catch {
    console.error(`python3 ${script}: no JSON on the last stdout line`);
    return undefined;
  }
}

/** Best and median of repeated single-shot measurements (seconds). */
export interface Repeated {
  readonly runs: number;
  readonly bestSeconds: number;
  readonly medianSeconds: number;
  readonly allSeconds: number[];
}

/** Calls `fn` `runs` times (each call timed once: epochs are too long to loop) → best, median. */
export function repeat(runs: number, fn: () => void): Repeated {
  const all: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    all.push((performance.now() - t0) / 1000);
  }
  const sorted = [...all].sort((a, b) => a - b);
  return {
    runs,
    bestSeconds: sorted[0]!,
    medianSeconds: sorted[Math.floor((runs - 1) / 2)]!,
    allSeconds: all,
  };
}

/** Left-aligns the first column and right-aligns the others into a plain text table. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) =>
    cells.map((s, c) => (c === 0 ? s.padEnd(widths[c]!) : s.padStart(widths[c]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** `x` with `d` decimals, or an em dash when missing. */
export function fmt(x: number | null | undefined, d = 2): string {
  return x == null || !Number.isFinite(x) ? '—' : x.toFixed(d);
}
