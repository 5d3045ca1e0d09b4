// What `dbn experiment`, `dbn reproduce` and `dbn merge` share: their options, progress of a
// sweep, errors of @dbn/experiments as CliErrors, the report, and the printed summaries.
import { dirname, isAbsolute, join, resolve } from 'node:path';
import {
  type ExperimentError,
  type ExperimentSummary,
  getExperiment,
  listExperiments,
  type MergeError,
  type PointConfig,
  type PointResult,
  type ProgressEvent,
  parseOverrides,
  parseShard,
  planJobs,
  type ReportError,
  type RunExperimentOptions,
  SCALES,
  type Scale,
  type Shard,
  type WrittenReport,
  writeReport,
} from '@dbn/experiments';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { Context } from './context.js';
import { alphaDigitsPath } from './data.js';
import { type CliError, dataError, usage } from './errors.js';
import { optional, parseChoice, parseCount, parseSeed, parseSetting } from './options.js';
import type { Progress, Task } from './progress.js';

/** Options of experiment and reproduce as commander hands them over. */
export interface SweepRaw {
  readonly scale: string;
  readonly set?: readonly string[];
  readonly seed: string;
  readonly seeds?: string;
  readonly shard?: string;
  readonly workers?: string;
  readonly out: string;
  readonly dataDir?: string;
  readonly mnistDir?: string;
  readonly json?: boolean;
}

/** Validated sweep options. */
export interface SweepPlan {
  readonly scale: Scale;
  readonly sets: readonly string[];
  readonly overrides: Partial<PointConfig>;
  readonly seed: number;
  /** Repetitions per point; undefined = each experiment's default. */
  readonly seeds: number | undefined;
  readonly shard: Shard | undefined;
  readonly workers: number | undefined;
  readonly out: string;
  readonly dataDir: string | undefined;
  readonly mnistDir: string | undefined;
  readonly json: boolean;
}

/** Most worker threads accepted (each holds a model and its data). */
const MAX_WORKERS = 256;

/** Validates the shared options; `--set` fields and values are checked by @dbn/experiments. */
export function planSweep(raw: SweepRaw): E.Either<CliError, SweepPlan> {
  return pipe(
    E.Do,
    E.bind('scale', () => parseChoice<Scale>('--scale', raw.scale, SCALES)),
    E.bind('sets', () => E.traverseArray((s: string) => parseSetting(s))(raw.set ?? [])),
    E.bind('overrides', ({ sets }) =>
      pipe(
        parseOverrides(sets),
        E.mapLeft((e) => usage(e.message.startsWith('--set') ? e.message : `--set: ${e.message}`)),
      ),
    ),
    E.bind('seed', () => parseSeed(raw.seed)),
    E.bind('seeds', () =>
      optional<number | undefined>(raw.seeds, (s) => parseCount('--seeds', s, 1000), undefined),
    ),
    E.bind('shard', () =>
      optional<Shard | undefined>(
        raw.shard,
        (s) =>
          pipe(
            parseShard(s),
            E.mapLeft((e) => usage(e.message)),
          ),
        undefined,
      ),
    ),
    E.bind('workers', () =>
      optional<number | undefined>(
        raw.workers,
        (s) => parseCount('--workers', s, MAX_WORKERS),
        undefined,
      ),
    ),
    E.map((p) => ({
      ...p,
      out: raw.out,
      dataDir: raw.dataDir,
      mnistDir: raw.mnistDir,
      json: raw.json === true,
    })),
  );
}

/** An unknown experiment name, listing the known ones. */
export function unknownExperiment(name: string): CliError {
  return usage(
    `unknown experiment ${JSON.stringify(name)}; known: ${listExperiments().join(', ')} (see \`dbn experiment --list\`)`,
  );
}

/** What {@link precheck} found: the number of point runs and where Binary AlphaDigits is. */
export interface Prechecked {
  readonly jobs: number;
  /** The directory of binaryalphadigs.mat, when a point needs it. */
  readonly alphaDigitsDir: string | undefined;
}

/**
 * Checks before anything runs: every name is an experiment, its points resolve with the
 * overrides, and Binary AlphaDigits is there when a point needs it (else how to fetch it).
 */
export async function precheck(
  names: readonly string[],
  plan: SweepPlan,
  ctx: Context,
): Promise<E.Either<CliError, Prechecked>> {
  let jobs = 0;
  let alpha = false;
  for (const name of names) {
    const exp = getExperiment(name);
    if (exp === undefined) return E.left(unknownExperiment(name));
    const planned = planJobs(exp, plan.scale, plan.out, {
      overrides: plan.overrides,
      seed: plan.seed,
      ...(plan.seeds === undefined ? {} : { seeds: plan.seeds }),
    });
    if (E.isLeft(planned)) return E.left(usage(planned.left.message));
    jobs += planned.right.length;
    alpha ||= planned.right.some((j) => j.config.dataset === 'alphadigits');
  }
  if (!alpha) return E.right({ jobs, alphaDigitsDir: undefined });
  const found = await alphaDigitsPath(plan.dataDir, ctx.env);
  return E.isLeft(found) ? found : E.right({ jobs, alphaDigitsDir: dirname(found.right) });
}

/**
 * The runner's options from a plan; the runner reads Binary AlphaDigits from where
 * {@link precheck} found it (--data-dir, DBN_DATA_DIR or the cache).
 */
export function runnerOptions(
  plan: SweepPlan,
  checked: Prechecked,
  ctx: Context,
  onProgress: (e: ProgressEvent) => void,
): RunExperimentOptions {
  return {
    scale: plan.scale,
    out: plan.out,
    overrides: plan.overrides,
    seed: plan.seed,
    ...(plan.seeds === undefined ? {} : { seeds: plan.seeds }),
    ...(plan.shard ? { shard: plan.shard } : {}),
    ...(plan.workers ? { workers: plan.workers } : {}),
    ...(checked.alphaDigitsDir ? { dataDir: checked.alphaDigitsDir } : {}),
    ...(plan.mnistDir ? { mnistDir: resolve(plan.mnistDir) } : {}),
    signal: ctx.signal,
    onProgress,
  };
}

/** An error of the runner as a CliError. */
export function fromExperimentError(e: ExperimentError): CliError {
  switch (e._tag) {
    case 'Aborted':
      return {
        _tag: 'Interrupted',
        message:
          'interrupted; finished points and checkpoints are kept: run the same command again to resume',
      };
    case 'DataError':
      return dataError(
        e.dataset === 'alphadigits'
          ? `${e.message.split('. ')[0]}; run \`dbn data fetch\` to download it`
          : e.message,
      );
    case 'IoError':
      return { _tag: 'Io', message: e.message };
    case 'WorkerError':
      return { _tag: 'Experiment', message: `cannot start worker threads: ${e.message}` };
    default:
      return usage(e.message);
  }
}

export function fromMergeError(e: MergeError): CliError {
  switch (e._tag) {
    case 'NotARunDirectory':
      return usage(e.message);
    case 'IoError':
      return { _tag: 'Io', message: e.message };
    default:
      return { _tag: 'Experiment', message: e.message };
  }
}

export function fromReportError(e: ReportError): CliError {
  return e._tag === 'IoError'
    ? { _tag: 'Io', message: `report: ${e.message}` }
    : { _tag: 'Experiment', message: `report: ${e.message}` };
}

/**
 * Writes the report of the run directory: every experiment in it, or (when another one's
 * summary cannot be read) just `names`.
 */
export async function report(
  out: string,
  names: readonly string[],
): Promise<E.Either<CliError, WrittenReport>> {
  const all = await writeReport({ runDir: out });
  if (E.isRight(all) || names.length === 0) return pipe(all, E.mapLeft(fromReportError));
  return pipe(await writeReport({ runDir: out, experiments: names }), E.mapLeft(fromReportError));
}

const PLAIN_EPOCH_SECONDS = 10;

/**
 * Progress of a sweep: a bar of points (done/total) and one bar per running point (its epochs
 * in the current phase). Without a terminal: a line per point event and, per point, an epoch
 * line at most every 10 s (and the last epoch of each phase).
 */
export function sweepProgress(progress: Progress): (e: ProgressEvent) => void {
  let points: Task | undefined;
  let finished = 0;
  const running = new Map<string, { task: Task; phase: string; lastLine: number }>();
  return (e) => {
    points ??= progress.task('sweep', e.total, 'point');
    const key = `${e.experiment}/${e.pointId}${e.rep > 0 ? `/rep-${e.rep}` : ''}`;
    const stopRunning = () => {
      running.get(key)?.task.remove();
      running.delete(key);
    };
    switch (e.type) {
      case 'point-start':
        if (!progress.live) progress.log(`${key}: started (${e.index + 1}/${e.total})`);
        return;
      case 'epoch': {
        const phase = `${key} ${e.phase}${e.layer === undefined ? '' : ` layer ${e.layer}/${e.layers}`}`;
        let r = running.get(key);
        if (r === undefined || r.phase !== phase) {
          r?.task.remove();
          r = { task: progress.task(phase, e.epochs ?? 1, 'epoch'), phase, lastLine: 0 };
          running.set(key, r);
        }
        const now = performance.now() / 1000;
        const last = e.epoch === e.epochs;
        if (progress.live || last || e.epoch === 1 || now - r.lastLine >= PLAIN_EPOCH_SECONDS) {
          r.lastLine = now;
          r.task.update(e.epoch ?? 0);
        }
        return;
      }
      case 'point-done':
      case 'point-skipped':
      case 'point-failed': {
        stopRunning();
        finished++;
        const what =
          e.type === 'point-done'
            ? `done in ${(e.seconds ?? 0).toFixed(1)} s`
            : e.type === 'point-skipped'
              ? 'already done'
              : `failed (${e.error?.kind}): ${e.error?.message}`;
        if (!progress.live || e.type === 'point-failed') progress.log(`${key}: ${what}`);
        points.update(finished, key);
        return;
      }
    }
  };
}

/** The metrics of a result without the per-epoch histories (for printing). */
function mainMetrics(r: PointResult): Record<string, unknown> {
  const { history: _h, pretrainHistory: _p, ...rest } = r.metrics;
  return rest;
}

function artifactPath(out: string, r: PointResult, file: string): string {
  return isAbsolute(file)
    ? file
    : join(resolve(out), r.experiment, r.pointId, `rep-${r.rep}`, file);
}

/** A summary for `--json`: the experiment and, per point repetition, its metrics and files. */
export function summaryJson(out: string, s: ExperimentSummary) {
  return {
    experiment: s.experiment,
    title: s.title,
    study: s.study.ref,
    scale: s.scale,
    seed: s.seed,
    seeds: s.seeds,
    overrides: s.overrides,
    complete: s.complete,
    summary: join(resolve(out), s.experiment, 'summary.json'),
    points: s.results.map((r) => ({
      pointId: r.pointId,
      label: r.label,
      rep: r.rep,
      seconds: r.seconds,
      metrics: mainMetrics(r),
      artifacts: Object.fromEntries(
        Object.entries(r.artifacts).map(([k, f]) => [k, artifactPath(out, r, f as string)]),
      ),
    })),
    missing: s.missing,
  };
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

function metricText(r: PointResult): string {
  const m = r.metrics;
  if (m.error) return `FAILED (${m.error.kind}): ${m.error.message}`;
  const parts: string[] = [];
  if (m.testErrorRate !== undefined) parts.push(`test error ${pct(m.testErrorRate)}`);
  if (m.reconstructionError !== undefined)
    parts.push(`reconstruction error ${m.reconstructionError.toPrecision(4)}`);
  if (m.layerReconstructionErrors && m.layerReconstructionErrors.length > 1) {
    parts.push(`(layers ${m.layerReconstructionErrors.map((x) => x.toPrecision(3)).join(', ')})`);
  }
  if (parts.length === 0 && m.binarisation) parts.push('binarisation');
  return parts.join(' ');
}

/** Lines describing an experiment's results for people. */
export function summaryLines(s: ExperimentSummary): string[] {
  const done = new Set(s.results.map((r) => `${r.pointId}/${r.rep}`)).size;
  const lines = [
    `${s.experiment}: ${s.title} (${s.study.ref}; ${s.scale} scale, seed ${s.seed}${s.seeds > 1 ? `, ${s.seeds} seeds` : ''}) — ${done}/${done + s.missing.length} point runs${s.complete ? '' : ', incomplete'}`,
  ];
  const width = Math.max(0, ...s.results.map((r) => r.label.length));
  for (const r of s.results) {
    const rep = s.seeds > 1 ? ` rep ${r.rep}` : '';
    lines.push(`  ${r.label.padEnd(width)}${rep}  ${metricText(r)}  (${r.seconds.toFixed(1)} s)`);
  }
  return lines;
}

/** Failed point repetitions of the summaries, as one error line (or undefined when none failed). */
export function failures(summaries: readonly ExperimentSummary[]): CliError | undefined {
  const failed = summaries.flatMap((s) => s.results.filter((r) => r.metrics.error !== undefined));
  if (failed.length === 0) return undefined;
  const total = summaries.reduce((n, s) => n + s.results.length, 0);
  const first = failed[0]!;
  return {
    _tag: 'Experiment',
    message: `${failed.length} of ${total} point runs failed (see the report); first: ${first.experiment}/${first.pointId}: ${first.metrics.error!.message}`,
  };
}
