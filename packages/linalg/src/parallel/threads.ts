import { show } from '../validate.js';
import { closePool, threadsSupported } from './pool.js';

/** The largest thread count `setThreads` and DBN_THREADS accept. */
export const MAX_THREADS = 64;

function parseThreads(value: unknown, from: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_THREADS) return n;
  throw new RangeError(
    `${from} must be an integer from 1 to ${MAX_THREADS}, got ${typeof value === 'string' ? `'${value}'` : String(value)}`,
  );
}

/**
 * The thread count named by DBN_THREADS in `g.process.env` (Node) or on `g` itself (browsers), if
 * any; a RangeError naming DBN_THREADS for anything but an integer from 1 to MAX_THREADS. Read
 * from globalThis once, when this module loads.
 */
export function threadsFromEnvironment(g: object = globalThis): number | undefined {
  const { process, DBN_THREADS } = g as {
    DBN_THREADS?: unknown;
    process?: { env?: Record<string, unknown> };
  };
  const env = process?.env?.DBN_THREADS;
  if (env !== undefined) return parseThreads(env, 'DBN_THREADS');
  return parseThreads(DBN_THREADS, 'globalThis.DBN_THREADS');
}

let requested = threadsFromEnvironment() ?? 1;

/**
 * Sets how many threads a large float32 gemm on the wasm backend may use (1 … MAX_THREADS; the
 * calling thread is one of them). 1 closes the worker pool; another count replaces it on next use.
 * Where threads are unavailable (browsers, no SharedArrayBuffer) gemm stays on one thread.
 */
export function setThreads(threads: number): void {
  if (typeof threads !== 'number') {
    throw new TypeError(`threads must be a number, got ${show(threads)}`);
  }
  const n = parseThreads(threads, 'threads')!;
  if (n !== requested) closePool();
  requested = n;
}

/** The number of threads float32 gemm uses for large products: the setting, or 1 without support. */
export function getThreads(): number {
  return requested > 1 && threadsSupported() ? requested : 1;
}

/**
 * Terminates the worker threads of the pool (if open) without changing the setting; the next
 * large gemm opens a new pool. Call it to release the threads early; they never keep the process
 * alive.
 */
export function closeThreads(): void {
  closePool();
}
