// Runs a sweep's points as independent jobs on worker threads (or in-process), skipping points
// whose result.json already has the same hash, so a sweep resumes after Ctrl-C or kill -9.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as E from 'fp-ts/lib/Either.js';
import { writeJsonAtomic } from './atomic.js';
import { removeCheckpoint } from './checkpoint.js';
import { estimateCost } from './cost.js';
import type { DataOptions } from './data.js';
import { CODE_VERSION } from './identity.js';
import { FILES, isReusable, type PointFailure, type PointResult, readResult } from './result.js';
import {
  type EpochProgress,
  largestMatrix,
  modelSizes,
  type PointJob,
  PointStopped,
  runPoint,
} from './run-point.js';
import type { FromWorker, ToWorker, WorkerInit } from './worker-protocol.js';

/** What happened to a point: started, an epoch ended, finished, reused, or failed. */
export type ProgressType =
  | 'point-start'
  | 'epoch'
  | 'point-done'
  | 'point-skipped'
  | 'point-failed';

/**
 * A progress event. `index` is the job's position in the sweep (0-based) and `total` the number
 * of jobs; epoch events carry `epoch`/`epochs`, the `phase` and, for DBN layers, `layer`/`layers`;
 * done and failed events carry the point's `seconds`, failed ones its `error`.
 */
export interface ProgressEvent {
  readonly type: ProgressType;
  readonly experiment: string;
  readonly pointId: string;
  readonly rep: number;
  readonly index: number;
  readonly total: number;
  readonly epoch?: number;
  readonly epochs?: number;
  readonly layer?: number;
  readonly layers?: number;
  readonly phase?: EpochProgress['phase'];
  readonly seconds?: number;
  readonly error?: PointFailure;
}

/** Options of {@link runSweep}. */
export interface SweepOptions extends DataOptions {
  /** Worker threads (default `os.availableParallelism()`); at most one per job. */
  readonly workers?: number;
  /** Run the jobs one after another in this thread instead of on workers (tests, debugging). */
  readonly inProcess?: boolean;
  /** Aborting stops every running point after its current epoch (checkpoint kept). */
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** See RunPointOptions.checkpointSeconds (default 180). */
  readonly checkpointSeconds?: number;
}

/** What a sweep did: every job's result (undefined if it did not finish), and counts. */
export interface SweepOutcome {
  /** results[i] belongs to jobs[i]; undefined when the sweep was aborted before it finished. */
  readonly results: readonly (PointResult | undefined)[];
  readonly aborted: boolean;
  readonly ran: number;
  readonly skipped: number;
  readonly failed: number;
}

/** A worker thread could not start (for example tsx is missing when running from sources). */
export class WorkerStartError extends Error {
  override readonly name = 'WorkerStartError';
  readonly _tag = 'WorkerError' as const;
}

/**
 * How to start a worker from this module: the compiled `worker.js` next to it, or — when this
 * module runs from TypeScript sources (vitest, tsx) — `worker.ts` through tsx's ESM loader with
 * the `@dbn/source` condition, so workspace packages resolve to their sources too.
 */
function workerSpec(): { url: URL | string; options: ConstructorParameters<typeof Worker>[1] } {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { url: new URL('./worker.js', here), options: {} };
  const target = new URL('./worker.ts', here).href;
  const require = createRequire(here);
  const pkgPath = require.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as {
    exports: Record<string, { import?: { default?: string } } | string>;
  };
  const entry = pkg.exports['./esm/api'];
  const rel = typeof entry === 'object' ? entry.import?.default : undefined;
  if (rel === undefined) throw new WorkerStartError('tsx has no ./esm/api export');
  const api = pathToFileURL(join(pkgPath, '..', rel)).href;
  // Node 20 does not apply --import hooks to a worker's entry module: register tsx first.
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); });`;
  return { url: code, options: { eval: true, execArgv: ['--conditions=@dbn/source'] } };
}

type JobOutcome =
  | { readonly kind: 'done'; readonly result: PointResult }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'crashed'; readonly failure: PointFailure; readonly persist: boolean };

interface PooledWorker {
  readonly worker: Worker;
  readonly ready: Promise<void>;
}

function startWorker(init: WorkerInit): PooledWorker {
  const spec = workerSpec();
  const worker = new Worker(spec.url, { ...spec.options, workerData: init });
  const ready = new Promise<void>((resolve, reject) => {
    const onMessage = (m: FromWorker) => {
      if (m.type === 'ready') {
        cleanup();
        resolve();
      }
    };
    const onError = (e: Error) => {
      cleanup();
      reject(new WorkerStartError(`a worker thread failed to start: ${e.message}`));
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new WorkerStartError(`a worker thread exited with code ${code} while starting`));
    };
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
  return { worker, ready };
}

function crashFailure(job: PointJob, e: Error | number): PointFailure {
  if (typeof e === 'number') {
    return { kind: 'crashed', message: `the worker thread exited with code ${e}` };
  }
  const code = (e as { code?: string }).code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return {
      kind: 'out-of-memory',
      message: `out of memory: the worker ran out of heap with ${largestMatrix(job.config)} of ${job.config.model} [${modelSizes(job.config).join(', ')}] (${e.message})`,
    };
  }
  return { kind: 'crashed', message: `the worker thread crashed: ${e.name}: ${e.message}` };
}

function runOnWorker(
  w: Worker,
  job: PointJob,
  options: ToWorker['options'],
  onEpoch: (p: EpochProgress) => void,
): Promise<JobOutcome> {
  return new Promise((resolve) => {
    const onMessage = (m: FromWorker) => {
      if (m.type === 'epoch') onEpoch(m.progress);
      else if (m.type === 'done') finish({ kind: 'done', result: m.result });
      else if (m.type === 'stopped') finish({ kind: 'stopped' });
      else if (m.type === 'fatal')
        finish({ kind: 'crashed', failure: { kind: 'error', message: m.message }, persist: false });
    };
    const onError = (e: Error) =>
      finish({ kind: 'crashed', failure: crashFailure(job, e), persist: true });
    const onExit = (code: number) =>
      finish({ kind: 'crashed', failure: crashFailure(job, code), persist: true });
    const finish = (o: JobOutcome) => {
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
      resolve(o);
    };
    w.on('message', onMessage);
    w.on('error', onError);
    w.on('exit', onExit);
    const msg: ToWorker = { type: 'run', job, options };
    w.postMessage(msg);
  });
}

function checkSweepOptions(options: SweepOptions): void {
  const w = options.workers;
  if (w !== undefined && (!Number.isInteger(w) || w < 1)) {
    throw new RangeError(`workers must be a positive integer, got ${String(w)}`);
  }
  const s = options.checkpointSeconds;
  if (s !== undefined && (typeof s !== 'number' || Number.isNaN(s) || s < 0)) {
    throw new RangeError(`checkpointSeconds must be a number ≥ 0, got ${String(s)}`);
  }
}

/** The result of a job that crashed its worker, recorded like any failure. */
function crashedResult(job: PointJob, failure: PointFailure, startedAt: Date): PointResult {
  return {
    experiment: job.experiment,
    pointId: job.pointId,
    label: job.label,
    rep: job.rep,
    seed: job.seed,
    hash: job.hash,
    codeVersion: CODE_VERSION,
    config: job.config,
    metrics: { error: failure },
    artifacts: {},
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    seconds: (Date.now() - startedAt.getTime()) / 1000,
  };
}

/**
 * The stored result of `job` when it can be reused: result.json exists with the same hash and
 * is not a retryable failure (see isReusable).
 */
export async function reusableResult(job: PointJob): Promise<PointResult | undefined> {
  const path = join(job.dir, FILES.result);
  if (!existsSync(path)) return undefined;
  const r = await readResult(path);
  return E.isRight(r) && isReusable(r.right, job.hash) ? r.right : undefined;
}

/**
 * Runs `jobs` (independent point repetitions) and resolves with their results in job order.
 * A job whose result.json has the same hash is skipped (reported as 'point-skipped'); the
 * others run on `workers` worker threads (default one per core), longest first by
 * estimateCost, each in its own rep directory via runPoint — or one after another in this
 * thread with `inProcess`. Results never depend on the number of workers or the order.
 * A point that fails (including a crashed or out-of-memory worker, which is replaced) is
 * recorded as a failed result and the sweep goes on. Aborting `signal` lets every running
 * point finish its current epoch, write a checkpoint and stop; no new point starts, workers
 * are terminated and the outcome has `aborted: true`. Rejects with WorkerStartError when a
 * worker thread cannot start. Throws RangeError on bad options.
 */
export async function runSweep(
  jobs: readonly PointJob[],
  options: SweepOptions = {},
): Promise<SweepOutcome> {
  if (!Array.isArray(jobs)) throw new TypeError(`jobs must be an array, got ${String(jobs)}`);
  checkSweepOptions(options);
  const total = jobs.length;
  const results: (PointResult | undefined)[] = new Array(total).fill(undefined);
  const emit = (e: ProgressEvent) => options.onProgress?.(e);
  const base = (i: number) => ({
    experiment: jobs[i]!.experiment,
    pointId: jobs[i]!.pointId,
    rep: jobs[i]!.rep,
    index: i,
    total,
  });
  let skipped = 0;
  let ran = 0;
  let failed = 0;
  const todo: number[] = [];
  for (let i = 0; i < total; i++) {
    const reused = await reusableResult(jobs[i]!);
    if (reused !== undefined) {
      results[i] = reused;
      skipped++;
      removeCheckpoint(jobs[i]!.dir);
      emit({ type: 'point-skipped', ...base(i), seconds: reused.seconds });
    } else {
      todo.push(i);
    }
  }
  // Longest first (stable for ties) so the sweep does not end waiting on one big point.
  const cost = new Map(todo.map((i) => [i, estimateCost(jobs[i]!.config)]));
  todo.sort((a, b) => cost.get(b)! - cost.get(a)! || a - b);
  const signal = options.signal;
  const runOptions: ToWorker['options'] = {
    ...(options.checkpointSeconds === undefined
      ? {}
      : { checkpointSeconds: options.checkpointSeconds }),
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(options.allowDownload === undefined ? {} : { allowDownload: options.allowDownload }),
    ...(options.mnistDir === undefined ? {} : { mnistDir: options.mnistDir }),
  };
  const onEpoch = (i: number) => (p: EpochProgress) =>
    emit({
      type: 'epoch',
      ...base(i),
      phase: p.phase,
      epoch: p.epoch,
      epochs: p.epochs,
      ...(p.layer === undefined ? {} : { layer: p.layer }),
      ...(p.layers === undefined ? {} : { layers: p.layers }),
    });
  const record = async (i: number, o: JobOutcome, startedAt: Date): Promise<void> => {
    if (o.kind === 'stopped') return;
    let result: PointResult;
    if (o.kind === 'done') result = o.result;
    else {
      result = crashedResult(jobs[i]!, o.failure, startedAt);
      if (o.persist) await writeJsonAtomic(join(jobs[i]!.dir, FILES.result), result);
    }
    results[i] = result;
    ran++;
    const error = result.metrics.error;
    if (error !== undefined) {
      failed++;
      emit({ type: 'point-failed', ...base(i), seconds: result.seconds, error });
    } else {
      emit({ type: 'point-done', ...base(i), seconds: result.seconds });
    }
  };

  if (options.inProcess === true) {
    for (const i of todo) {
      if (signal?.aborted) break;
      const startedAt = new Date();
      emit({ type: 'point-start', ...base(i) });
      let outcome: JobOutcome;
      try {
        const result = await runPoint(jobs[i]!, {
          ...runOptions,
          shouldStop: () => signal?.aborted ?? false,
          onEpoch: onEpoch(i),
        });
        outcome = { kind: 'done', result };
      } catch (e) {
        outcome =
          e instanceof PointStopped
            ? { kind: 'stopped' }
            : {
                kind: 'crashed',
                failure: { kind: 'error', message: e instanceof Error ? e.message : String(e) },
                persist: false,
              };
      }
      await record(i, outcome, startedAt);
    }
    return { results, aborted: signal?.aborted ?? false, ran, skipped, failed };
  }

  const stop = new SharedArrayBuffer(4);
  const flag = new Int32Array(stop);
  const onAbort = () => Atomics.store(flag, 0, 1);
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const queue = [...todo];
  const nWorkers = Math.min(options.workers ?? availableParallelism(), queue.length);
  const slot = async (): Promise<void> => {
    let pooled: PooledWorker | undefined;
    try {
      while (queue.length > 0 && Atomics.load(flag, 0) === 0) {
        const i = queue.shift()!;
        if (pooled === undefined) {
          pooled = startWorker({ stop });
          try {
            await pooled.ready;
          } catch (e) {
            queue.length = 0; // a worker that cannot start fails the sweep: start nothing more
            throw e;
          }
        }
        const startedAt = new Date();
        emit({ type: 'point-start', ...base(i) });
        const outcome = await runOnWorker(pooled.worker, jobs[i]!, runOptions, onEpoch(i));
        if (outcome.kind === 'crashed' && outcome.persist) {
          await pooled.worker.terminate();
          pooled = undefined;
        }
        await record(i, outcome, startedAt);
      }
    } finally {
      if (pooled !== undefined) await pooled.worker.terminate();
    }
  };
  try {
    const settled = await Promise.allSettled(Array.from({ length: nWorkers }, slot));
    const rejected = settled.find((s) => s.status === 'rejected');
    if (rejected !== undefined) throw (rejected as PromiseRejectedResult).reason;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  return { results, aborted: Atomics.load(flag, 0) !== 0, ran, skipped, failed };
}
