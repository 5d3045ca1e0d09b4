import type { Kernels } from '../wasm/backend.js';
import { KERNELS_SHARED_WASM_BASE64 } from '../wasm/kernels-shared.generated.js';
import { CONTROL_BYTES, F_AT, W, WORDS, WORK_SOURCE, WORKER_SOURCE } from './share-source.js';

/*
 * A pool of worker threads sharing one WebAssembly memory with the calling thread. Each thread
 * (the caller included) instantiates the shared-memory build of the kernels on that memory;
 * a job is split into shares that any thread may claim (see share-source.ts). The caller publishes
 * a job, wakes the workers with Atomics.notify, runs shares itself, and blocks in Atomics.wait
 * until the last share is done. Between jobs workers poll for a bounded time, then sleep in
 * Atomics.wait (see "Spin, then sleep"); they are
 * unref'd (they never keep the process alive) and are terminated by `closePool`.
 *
 * Spin, then sleep: a thread that sleeps in Atomics.wait takes ≈ 60–80 µs to run again once
 * notified on this VM (a sleeping worker and then the waiting caller: 118–165 µs median per job,
 * measured), which is the whole gain of splitting a 128×400×400 product. So after its part of a
 * job a worker first polls GEN, and the caller DONE, for up to the pool's spin time (word SPIN_US,
 * `setSpin`) before sleeping: jobs that follow each other within that time (a training run's
 * minibatches) are handed off in a few µs, and an idle pool sleeps within that time of its last
 * job. A spin time of 0 sleeps at once; a pool of more threads than cores never spins.
 *
 * Node only: `node:worker_threads` is reached through `process.getBuiltinModule` (Node ≥ 20.16),
 * so nothing imports it statically and browser bundles are unaffected. Elsewhere (browsers, older
 * Node, no SharedArrayBuffer or Atomics.wait) `openPool` returns undefined and gemm and the
 * row-wise jobs stay on one thread.
 */

/**
 * The kernels a share runs (asm/gemm.ts, asm/gemm-nt.ts, and the row-wise ones of
 * rows-parallel.ts) as instantiated on a shared memory (addresses in bytes).
 */
export type SharedKernels = Pick<
  Kernels,
  | 'heapBase'
  | 'gemm'
  | 'packA'
  | 'packB'
  | 'gemmNT'
  | 'fold'
  | 'biasSigmoid'
  | 'binaryGather'
  | 'binaryScatter'
>;

/** The part of node:worker_threads' Worker the pool uses. */
interface NodeWorker {
  unref(): void;
  postMessage(message: unknown): void;
  terminate(): Promise<number>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

type WorkerConstructor = new (
  code: string,
  options: { eval: true; workerData: unknown; execArgv: string[] },
) => NodeWorker;

/** A pool of `threads − 1` workers plus the calling thread over one shared memory. */
export interface Pool {
  readonly threads: number;
  readonly kernels: SharedKernels;
  readonly memory: WebAssembly.Memory;
  /** The control block (Int32 words, see share-source.ts) and α, β. */
  readonly I: Int32Array;
  readonly F: Float64Array;
  /** The first byte of scratch memory (after the kernels' data and the control block). */
  readonly heap: number;
  readonly workers: readonly NodeWorker[];
  /** A Float32Array over the whole memory (refreshed by `reserve`). */
  f32: Float32Array;
  /** Jobs run since the pool opened. */
  jobs: number;
  /** performance.now() when the last job ended (its threads then spin until `spin` ms later). */
  lastJobEnd: number;
  /** The spin time of this pool's threads in ms: the setting, or 0 when threads > cores. */
  spin: number;
  /** The first error a worker reported, if any (the pool is then not used again). */
  error: Error | undefined;
  /** Ids of the shared arenas whose memories were posted to this pool's workers. */
  readonly sent: Set<number>;
  /** The kernels the calling thread runs the current job's shares with (set by `runJob`). */
  jobKernels: SharedKernels;
  /** `() => jobKernels`, the calling thread's `kernelsOf` (made once). */
  readonly kernelsOf: () => SharedKernels;
}

const PAGE = 65536;
/** Pages the shared memory may grow to; must not exceed the module's declared maximum. */
const MAX_PAGES = 32767;

let pool: Pool | undefined;
let compiled: WebAssembly.Module | undefined;
let mainWork:
  | ((kernelsOf: () => SharedKernels, I: Int32Array, F: Float64Array, worker: boolean) => void)
  | undefined;
let mainShares = true;
/** Microseconds idle threads poll before sleeping (see "Spin, then sleep" above); setSpin. */
let spinMicroseconds = 0;

let ctor: WorkerConstructor | null | undefined;

/** The Worker constructor of node:worker_threads when threads can be used here (looked up once). */
function workerConstructor(): WorkerConstructor | undefined {
  if (ctor === undefined) ctor = findWorker() ?? null;
  return ctor ?? undefined;
}

function findWorker(): WorkerConstructor | undefined {
  const g = globalThis as {
    process?: { getBuiltinModule?: (id: string) => unknown };
    SharedArrayBuffer?: unknown;
    Atomics?: { wait?: unknown };
  };
  if (typeof g.SharedArrayBuffer !== 'function' || typeof g.Atomics?.wait !== 'function') {
    return undefined;
  }
  try {
    const wt = g.process?.getBuiltinModule?.('node:worker_threads') as
      | { Worker?: WorkerConstructor }
      | undefined;
    return typeof wt?.Worker === 'function' ? wt.Worker : undefined;
  } catch {
    return undefined;
  }
}

/** True when this runtime can run gemm on worker threads (Node ≥ 20.16 with shared memory). */
export function threadsSupported(): boolean {
  return workerConstructor() !== undefined;
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let q = 0; q < text.length; q++) bytes[q] = text.charCodeAt(q);
  return bytes;
}

/**
 * The shared-memory build of the kernels module (asm/index.ts with --sharedMemory, at most
 * 32767 pages), compiled once; the pool and shared arenas (docs/0007) instantiate it.
 */
export function sharedModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(decode(KERNELS_SHARED_WASM_BASE64));
  return compiled;
}

/** Forgets arenas whose memory was collected: their workers' instances are dropped. */
const ARENAS =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry<number>((id) => forgetArena(id))
    : undefined;

/**
 * Registers a shared arena (its id, its memory's holder `owner`) so that the pool's workers drop
 * their instance on its memory once `owner` is collected.
 */
export function registerArena(owner: object, id: number): void {
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new RangeError(`id must be a positive integer, got ${id}`);
  }
  ARENAS?.register(owner, id);
}

function post(p: Pool, message: { id: number; memory: WebAssembly.Memory | null }): void {
  for (const w of p.workers) w.postMessage(message);
  Atomics.add(p.I, W.MAIL, 1);
}

function forgetArena(id: number): void {
  const p = pool;
  if (p === undefined) return;
  if (p.sent.delete(id)) post(p, { id, memory: null });
}

/**
 * Gives the pool's workers the shared arena memory `memory` under `id` (once per pool; they
 * instantiate the kernels on it when a job names it). Call before `runJob(p, …, id)`.
 */
export function shareArena(p: Pool, id: number, memory: WebAssembly.Memory): void {
  if (p.sent.has(id)) return;
  post(p, { id, memory });
  p.sent.add(id);
}

/**
 * The open pool of `threads` threads (opening it, or replacing one of another size), or undefined
 * when threads are not supported here or a worker of this pool failed.
 */
export function openPool(threads: number): Pool | undefined {
  if (pool !== undefined && pool.threads !== threads) closePool();
  if (pool !== undefined) return pool.error === undefined ? pool : undefined;
  const Worker = workerConstructor();
  if (Worker === undefined) return undefined;
  const module = sharedModule();
  mainWork ??= new Function(`${WORK_SOURCE}\nreturn work;`)() as typeof mainWork;
  const memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
  const kernels = new WebAssembly.Instance(module, { env: { memory } })
    .exports as unknown as SharedKernels;
  const control = Math.ceil(kernels.heapBase() / 64) * 64;
  const heap = control + Math.ceil(CONTROL_BYTES / 64) * 64;
  const have = memory.buffer.byteLength;
  if (heap > have) memory.grow(Math.ceil((heap - have) / PAGE));
  const I = new Int32Array(memory.buffer, control, WORDS);
  const F = new Float64Array(memory.buffer, control + F_AT, 2);
  const workers: NodeWorker[] = [];
  const p: Pool = {
    threads,
    kernels,
    memory,
    I,
    F,
    heap,
    workers,
    f32: new Float32Array(memory.buffer),
    jobs: 0,
    lastJobEnd: Number.NEGATIVE_INFINITY,
    spin: 0,
    error: undefined,
    sent: new Set(),
    jobKernels: kernels,
    kernelsOf: () => p.jobKernels,
  };
  for (let t = 1; t < threads; t++) {
    const w = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { module, memory, control },
      execArgv: [],
    });
    w.unref();
    w.on('error', (e) => {
      p.error ??= e;
    });
    workers.push(w);
  }
  pool = p;
  applySpin(p);
  return p;
}

/** The cores this process may use (Node's os.availableParallelism, else the browser's count). */
function coreCount(): number {
  const g = globalThis as {
    process?: { getBuiltinModule?: (id: string) => unknown };
    navigator?: { hardwareConcurrency?: number };
  };
  try {
    const os = g.process?.getBuiltinModule?.('node:os') as
      | { availableParallelism?: () => number }
      | undefined;
    const n = os?.availableParallelism?.();
    if (typeof n === 'number' && n >= 1) return n;
  } catch {
    // not Node: fall through
  }
  return g.navigator?.hardwareConcurrency ?? 1;
}

/**
 * Sets the pool's spin time from the setting: none when it has more threads than cores (a
 * spinning thread would then take the core from the one it waits for).
 */
function applySpin(p: Pool): void {
  const us = p.threads > coreCount() ? 0 : spinMicroseconds;
  p.spin = us / 1000;
  Atomics.store(p.I, W.SPIN_US, us);
}

/**
 * True when the open pool's threads are still polling after its last job (a spin time > 0 and the
 * job ended less than that long ago): a job now is handed off in µs, so smaller jobs pay.
 */
export function poolSpinning(): boolean {
  const p = pool;
  return p !== undefined && p.spin > 0 && performance.now() - p.lastJobEnd < p.spin;
}

/** Makes the pool's memory at least `bytes` long and refreshes `f32`; false past the maximum. */
export function reserve(p: Pool, bytes: number): boolean {
  const have = p.memory.buffer.byteLength;
  if (bytes <= have) return true;
  if (bytes > MAX_PAGES * PAGE) return false;
  p.memory.grow(Math.ceil((bytes - have) / PAGE));
  p.f32 = new Float32Array(p.memory.buffer);
  return true;
}

/**
 * Runs the job whose parameters are in `p.I`/`p.F` as `total` shares (1 ≤ total ≤ 255): wakes the
 * workers, runs shares on this thread too, and returns when all are done. The job's addresses
 * refer to the pool's memory (`space` 0, `kernels` = p.kernels) or to the shared arena `space`
 * (posted with `shareArena`; `kernels` = this thread's instance on it). Throws an Error when a
 * share failed (the pool is then not used again).
 */
export function runJob(
  p: Pool,
  total: number,
  kernels: SharedKernels = p.kernels,
  space = 0,
): void {
  const I = p.I;
  p.jobKernels = kernels;
  I[W.SPACE] = space;
  Atomics.store(I, W.DONE, 0);
  Atomics.store(I, W.TICKET, total << 8);
  Atomics.add(I, W.GEN, 1);
  Atomics.notify(I, W.GEN);
  if (mainShares) mainWork!(p.kernelsOf, I, p.F, false);
  const spin = p.spin;
  if (spin > 0 && Atomics.load(I, W.DONE) < total) {
    const t0 = performance.now();
    while (Atomics.load(I, W.DONE) < total && performance.now() - t0 < spin);
  }
  for (;;) {
    const done = Atomics.load(I, W.DONE);
    if (done >= total) break;
    Atomics.wait(I, W.DONE, done);
  }
  p.jobs++;
  if (spin > 0) p.lastJobEnd = performance.now();
  if (Atomics.load(I, W.FAILED) !== 0) {
    p.error ??= new Error('a share of a parallel job threw (its result is incomplete)');
    throw p.error;
  }
}

/**
 * Sets how long (µs, an integer ≥ 0) idle threads of the pool poll for the next job, or for the
 * end of the current one, before sleeping (the open pool's and any later one's). Unchecked:
 * threads.ts validates it.
 */
export function setSpin(microseconds: number): void {
  spinMicroseconds = microseconds;
  if (pool !== undefined) applySpin(pool);
}

/** The spin time set with setSpin, in µs (a pool of more threads than cores uses 0). */
export function getSpin(): number {
  return spinMicroseconds;
}

/** Stops the pool's workers (they leave their loop and are terminated); a no-op when none. */
export function closePool(): void {
  const p = pool;
  if (p === undefined) return;
  pool = undefined;
  Atomics.store(p.I, W.EXIT, 1);
  Atomics.add(p.I, W.GEN, 1);
  Atomics.notify(p.I, W.GEN);
  for (const w of p.workers) {
    w.terminate().catch(() => undefined);
  }
}

/**
 * For tests: the open pool's counters (jobs run, shares run by workers, workers, bytes of its
 * memory, the space of the last job: 0 for the pool's memory, else a shared arena's id, and the
 * spin time its threads read), if any.
 */
export function poolStats():
  | {
      jobs: number;
      workerShares: number;
      workers: number;
      bytes: number;
      space: number;
      spin: number;
    }
  | undefined {
  return pool === undefined
    ? undefined
    : {
        jobs: pool.jobs,
        workerShares: Atomics.load(pool.I, W.WORKER_SHARES),
        workers: pool.workers.length,
        bytes: pool.memory.buffer.byteLength,
        space: pool.I[W.SPACE]!,
        spin: Atomics.load(pool.I, W.SPIN_US),
      };
}

/** For tests: when false, the calling thread runs no shares itself (workers run all of them). */
export function overrideMainShares(run: boolean): void {
  mainShares = run;
}
