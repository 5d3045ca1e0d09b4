import { show } from '../validate.js';
import { closePool, getSpin, setSpin, threadsSupported } from './pool.js';

/** The largest thread count `setThreads` and DBN_THREADS accept. */
export const MAX_THREADS = 64;

/**
 * Microseconds idle pool threads poll for the next job before sleeping, by default: about the
 * round trip of waking a sleeping worker and then the waiting caller on this 2-core VM (118–165 µs
 * median, 220 at the 90th percentile; docs/0005-wasm-backend.md, "Update: fourth pass"), so a
 * thread polls about as long as sleeping would cost.
 */
export const DEFAULT_THREAD_SPIN_US = 200;
/** The largest spin time `setThreadSpin` and DBN_THREAD_SPIN_US accept (µs). */
export const MAX_THREAD_SPIN_US = 100_000;

/** An integer lo…hi from a number or a string of digits; undefined when unset; else RangeError. */
function parseInteger(value: unknown, from: string, lo: number, hi: number): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n === 'number' && Number.isInteger(n) && n >= lo && n <= hi) return n;
  throw new RangeError(
    `${from} must be an integer from ${lo} to ${hi}, got ${typeof value === 'string' ? `'${value}'` : String(value)}`,
  );
}

function parseThreads(value: unknown, from: string): number | undefined {
  return parseInteger(value, from, 1, MAX_THREADS);
}

/** The setting named `name` in `g.process.env` (Node) or on `g` itself (browsers), parsed. */
function fromEnvironment(
  g: object,
  name: string,
  parse: (value: unknown, from: string) => number | undefined,
): number | undefined {
  const env = (g as { process?: { env?: Record<string, unknown> } }).process?.env?.[name];
  if (env !== undefined) return parse(env, name);
  return parse((g as Record<string, unknown>)[name], `globalThis.${name}`);
}

/**
 * The thread count named by DBN_THREADS in `g.process.env` (Node) or on `g` itself (browsers), if
 * any; a RangeError naming DBN_THREADS for anything but an integer from 1 to MAX_THREADS. Read
 * from globalThis once, when this module loads.
 */
export function threadsFromEnvironment(g: object = globalThis): number | undefined {
  return fromEnvironment(g, 'DBN_THREADS', parseThreads);
}

/**
 * The spin time (µs) named by DBN_THREAD_SPIN_US in `g.process.env` (Node) or on `g` itself
 * (browsers), if any; a RangeError naming it for anything but an integer from 0 to
 * MAX_THREAD_SPIN_US. Read from globalThis once, when this module loads.
 */
export function threadSpinFromEnvironment(g: object = globalThis): number | undefined {
  return fromEnvironment(g, 'DBN_THREAD_SPIN_US', (value, from) =>
    parseInteger(value, from, 0, MAX_THREAD_SPIN_US),
  );
}

let requested = threadsFromEnvironment() ?? 1;
setSpin(threadSpinFromEnvironment() ?? DEFAULT_THREAD_SPIN_US);

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

/**
 * Sets how long (µs, an integer from 0 to MAX_THREAD_SPIN_US) idle threads of the pool keep
 * polling for the next job before they sleep: jobs that follow within that time are handed off in
 * a few µs instead of the ≈ 60–80 µs a sleeping thread takes to wake. 0 sleeps at once (for a
 * machine shared with other work); the default is DEFAULT_THREAD_SPIN_US or DBN_THREAD_SPIN_US.
 * Results do not depend on it.
 */
export function setThreadSpin(microseconds: number): void {
  if (typeof microseconds !== 'number') {
    throw new TypeError(`microseconds must be a number, got ${show(microseconds)}`);
  }
  setSpin(parseInteger(microseconds, 'microseconds', 0, MAX_THREAD_SPIN_US)!);
}

/** The spin time of idle pool threads, in µs (see setThreadSpin). */
export function getThreadSpin(): number {
  return getSpin();
}
