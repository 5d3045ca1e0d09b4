// Wall-time estimate of `dbn reproduce` at a scale, from measured costs on this machine.
//
// Every point of every registered experiment is broken into phases — CD-k / PCD epochs of each
// RBM (each DBN layer; DNN pretraining), the up pass between DBN layers, backprop epochs, the
// test-set evaluation, Gibbs generation and the down pass of a DBN (also for the quality chains),
// AIS of the (top) RBM, saving the model and the checkpoints a long point writes (one per 180 s) — and each distinct phase (sizes, batch, k, rows) is timed
// once with our own trainers on real data: whole epochs on all rows of an AlphaDigits set, on
// SAMPLE_ROWS rows for MNIST, scaled by rows / rows timed (both the minibatch loop and the
// whole-set pass of an epoch are linear in the rows); Gibbs generation on at most GIBBS_STEPS
// steps, scaled by steps. A point's estimate is
// Σ count × cost; the sweep is then scheduled on 1 and on 2 workers in the runner's order
// (longest first by estimateCost, each worker takes the next job when it is free).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromArray, type Matrix } from '@dbn/linalg';
import {
  aisLogPartition,
  type Dnn,
  evaluate,
  hiddenProbabilities,
  initDnn,
  initRbm,
  type Rbm,
  sampleRbm,
  saveModel,
  trainDnn,
  trainRbm,
  visibleProbabilities,
} from '@dbn/models';
import { derive } from '@dbn/random';
import * as E from 'fp-ts/lib/Either.js';
import {
  type DatasetName,
  EXPERIMENTS,
  type Experiment,
  estimateCost,
  inputSize,
  type PointConfig,
  resolvePoints,
  type Scale,
  trainingSet,
  writeFileAtomicSync,
} from '../src/index.js';

/** MNIST phases are timed on this many rows (10 batches of 128, 256 of 5) and scaled. */
export const SAMPLE_ROWS = 1280;
/** Gibbs generation is timed on at most this many steps and scaled. */
export const GIBBS_STEPS = 10;
/** AIS is timed on at most this many temperatures and scaled. */
export const AIS_STEPS = 200;
/** Layers this small get an exact log Z (enumeration) instead of AIS (MAX_ENUMERATED_UNITS). */
const EXACT_UNITS = 20;
/** The runner writes a checkpoint of a running point every this many seconds (its default). */
export const CHECKPOINT_SECONDS = 180;
/** From this many seconds per epoch on, one timed epoch is enough. */
const LONG_EPOCH_SECONDS = 1.5;
/** Target seconds of a repeated timing of a short epoch or pass. */
const TARGET_SECONDS = 0.3;

/** One kind of work of a point, `count` times, on `rows` rows (see the module comment). */
export type Phase =
  | {
      readonly kind: 'cd';
      readonly dataset: DatasetName;
      readonly p: number;
      readonly q: number;
      readonly batch: number;
      readonly k: number;
      /** Persistent CD (about the cost of CD-k). */
      readonly persistent: boolean;
      readonly rows: number;
      readonly count: number;
    }
  | {
      readonly kind: 'up';
      readonly dataset: DatasetName;
      readonly p: number;
      readonly q: number;
      readonly rows: number;
      readonly count: number;
    }
  | {
      readonly kind: 'backprop';
      readonly sizes: readonly number[];
      readonly batch: number;
      readonly rows: number;
      readonly count: number;
    }
  | {
      readonly kind: 'evaluate';
      readonly sizes: readonly number[];
      readonly rows: number;
      readonly count: number;
    }
  | {
      readonly kind: 'gibbs';
      readonly p: number;
      readonly q: number;
      readonly samples: number;
      readonly steps: number;
      readonly count: number;
    }
  | {
      readonly kind: 'down';
      readonly p: number;
      readonly q: number;
      readonly samples: number;
      readonly count: number;
    }
  | {
      /** AIS estimate of log Z of the (top) RBM: `runs` chains through `steps` temperatures. */
      readonly kind: 'ais';
      readonly p: number;
      readonly q: number;
      readonly runs: number;
      readonly steps: number;
      readonly count: number;
    }
  | { readonly kind: 'save'; readonly params: number; readonly count: number };

/** Configuration fields of the quality and likelihood measurements, where the registry has them. */
type Measured = Partial<{
  quality: boolean;
  qualitySamples: number;
  aisRuns: number;
  aisSteps: number;
  persistent: boolean;
}>;

/** Rows a point trains on: 39 per AlphaDigits character, or the MNIST training size. */
export function trainRows(c: PointConfig): number {
  return c.dataset === 'alphadigits' ? 39 * c.chars.length : c.trainSize;
}

/** Parameters of the point's model (weights and biases), for the cost of saving it. */
export function modelParams(c: PointConfig): number {
  const sizes = [inputSize(c), ...c.hidden];
  if (c.model === 'dnn') sizes.push(10);
  let n = 0;
  for (let l = 1; l < sizes.length; l++) {
    n += sizes[l - 1]! * sizes[l]! + sizes[l]!;
    if (c.model !== 'dnn') n += sizes[l - 1]!;
  }
  return n;
}

/**
 * The phases of one run of a point (checkpoints excluded: they depend on its duration). The
 * binarisation illustration has none (it converts ≤ 64 images).
 */
export function pointPhases(c: PointConfig): Phase[] {
  if (c.model === 'binarisation') return [];
  const dataset = c.dataset;
  const m = c as PointConfig & Measured;
  const persistent = m.persistent === true;
  const rows = trainRows(c);
  const sizes = [inputSize(c), ...c.hidden];
  const L = c.hidden.length;
  const out: Phase[] = [];
  if (c.model !== 'dnn' || c.pretrain) {
    for (let l = 1; l <= L; l++) {
      const [p, q] = [sizes[l - 1]!, sizes[l]!];
      const batch = c.batchSize;
      out.push({ kind: 'cd', dataset, p, q, batch, k: c.k, persistent, rows, count: c.epochs });
      if (l < L) out.push({ kind: 'up', dataset, p, q, rows, count: 1 });
    }
  }
  if (c.model === 'dnn') {
    const net = [...sizes, 10];
    out.push({ kind: 'backprop', sizes: net, batch: c.batchSize, rows, count: c.backpropEpochs });
    out.push({ kind: 'evaluate', sizes: net, rows: c.testSize, count: 1 });
  } else {
    const [p, q] = [sizes[L - 1]!, sizes[L]!];
    out.push({ kind: 'gibbs', p, q, samples: c.samples, steps: c.gibbsSteps, count: 1 });
    for (let l = L - 1; l >= 1; l--) {
      out.push({ kind: 'down', p: sizes[l - 1]!, q: sizes[l]!, samples: c.samples, count: 1 });
    }
    const chains = m.quality === true ? (m.qualitySamples ?? 0) : 0;
    if (chains > 0) {
      out.push({ kind: 'gibbs', p, q, samples: chains, steps: c.gibbsSteps, count: 1 });
      for (let l = L - 1; l >= 1; l--) {
        out.push({ kind: 'down', p: sizes[l - 1]!, q: sizes[l]!, samples: chains, count: 1 });
      }
    }
    const runs = m.aisRuns ?? 0;
    if (runs > 0 && Math.min(p, q) > EXACT_UNITS) {
      out.push({ kind: 'ais', p, q, runs, steps: m.aisSteps ?? 1, count: 1 });
    }
  }
  out.push({ kind: 'save', params: modelParams(c), count: 1 });
  return out;
}

/**
 * Rows a phase is timed on: all of an AlphaDigits set (≤ 390 rows), SAMPLE_ROWS of MNIST (the
 * per-row cost of an MNIST epoch is the same at 50 or 60,000 rows, so both scales share it).
 */
function timedRows(dataset: DatasetName): number | undefined {
  return dataset === 'mnist' ? SAMPLE_ROWS : undefined;
}

/** How a phase is timed: the measurement key, the units timed and the factor to one run. */
function plan(ph: Phase): { key: string; measured: number; scale: number } {
  switch (ph.kind) {
    case 'cd': {
      const m = timedRows(ph.dataset) ?? ph.rows;
      return {
        key: `${ph.persistent ? 'pcd' : 'cd'} ${ph.dataset} ${ph.p}→${ph.q} batch ${ph.batch} k ${ph.k} rows ${m}`,
        measured: m,
        scale: ph.rows / m,
      };
    }
    case 'up': {
      const m = timedRows(ph.dataset) ?? ph.rows;
      return { key: `up ${ph.dataset} ${ph.p}→${ph.q} rows ${m}`, measured: m, scale: ph.rows / m };
    }
    case 'backprop': {
      const m = SAMPLE_ROWS;
      return {
        key: `backprop ${ph.sizes.join('-')} batch ${ph.batch} rows ${m}`,
        measured: m,
        scale: ph.rows / m,
      };
    }
    case 'evaluate': {
      const m = SAMPLE_ROWS;
      return { key: `evaluate ${ph.sizes.join('-')} rows ${m}`, measured: m, scale: ph.rows / m };
    }
    case 'gibbs': {
      const s = Math.min(ph.steps, GIBBS_STEPS);
      return {
        key: `gibbs ${ph.p}→${ph.q} chains ${ph.samples} steps ${s}`,
        measured: s,
        scale: ph.steps / s,
      };
    }
    case 'ais': {
      const s = Math.min(ph.steps, AIS_STEPS);
      return {
        key: `ais ${ph.p}→${ph.q} runs ${ph.runs} steps ${s}`,
        measured: s,
        scale: ph.steps / s,
      };
    }
    case 'down':
      return { key: `down ${ph.p}→${ph.q} chains ${ph.samples}`, measured: ph.samples, scale: 1 };
    case 'save':
      return { key: 'save per parameter', measured: 1, scale: ph.params };
  }
}

/** A timed phase: seconds of the timed run (× its plan scale = one phase run), or why not. */
export interface Measurement {
  readonly key: string;
  readonly seconds: number | null;
  readonly error?: string;
  /** Wall seconds this measurement took. */
  readonly benchSeconds: number;
}

/**
 * Best seconds of `fn` after one warm-up, over ≥ 3 runs and ≥ TARGET_SECONDS in all (a warm-up
 * of ≥ LONG_EPOCH_SECONDS is taken as the timing).
 */
function timeCalls(fn: () => void): number {
  const w = performance.now();
  fn();
  const warm = (performance.now() - w) / 1000;
  if (warm >= LONG_EPOCH_SECONDS) return warm;
  const per: number[] = [];
  const t0 = performance.now();
  while (per.length < 3 || (performance.now() - t0) / 1000 < TARGET_SECONDS) {
    const t = performance.now();
    fn();
    per.push((performance.now() - t) / 1000);
    if (per.length >= 200) break;
  }
  return Math.min(...per);
}

/**
 * Seconds of one epoch from a trainer that runs `epochs` epochs and reports each epoch's seconds:
 * the best of the epochs after the first of each run (the first warms up) — one run of 2 epochs
 * when an epoch takes ≥ LONG_EPOCH_SECONDS, else a second run of 3 or more epochs (the best is
 * the least disturbed by other processes on a shared machine).
 */
function timeEpochs(train: (epochs: number, record: (seconds: number) => void) => void): number {
  const secs: number[] = [];
  train(2, (s) => secs.push(s));
  const first = secs[1]!;
  if (first >= LONG_EPOCH_SECONDS) return first;
  const epochs = Math.max(3, Math.min(40, Math.ceil(TARGET_SECONDS / Math.max(first, 1e-4)) + 1));
  secs.length = 0;
  train(epochs, (s) => secs.push(s));
  return Math.min(first, ...secs.slice(1));
}

/** Loads training rows for the measurements, cached by (dataset, rows). */
class Rows {
  private readonly cache = new Map<string, { X: Matrix<Float32Array>; labels: Int32Array }>();
  constructor(private readonly dataDir: string | undefined) {}

  /** `rows` training rows of `dataset` (AlphaDigits: the characters of `like`). */
  async get(
    dataset: DatasetName,
    rows: number,
    like: PointConfig,
  ): Promise<{ X: Matrix<Float32Array>; labels: Int32Array }> {
    const key = `${dataset} ${rows}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const config: PointConfig =
      dataset === 'mnist' ? { ...like, dataset, trainSize: rows } : { ...like, dataset };
    const set = await trainingSet(
      config,
      this.dataDir === undefined ? {} : { dataDir: this.dataDir },
    );
    if (E.isLeft(set)) throw new Error(set.left.message);
    if (set.right.X.rows !== rows) {
      throw new Error(`expected ${rows} ${dataset} rows, got ${set.right.X.rows}`);
    }
    const value = { X: set.right.X, labels: set.right.labels };
    this.cache.set(key, value);
    return value;
  }

  /** Input of width `p` on those rows: the data itself, or σ(X·W + b) of a random RBM. */
  async input(
    dataset: DatasetName,
    rows: number,
    p: number,
    like: PointConfig,
  ): Promise<Matrix<Float32Array>> {
    const { X } = await this.get(dataset, rows, like);
    if (X.cols === p) return X;
    const lift = initRbm(X.cols, p, derive(0, 'walltime', 'lift', p)) as Rbm<Float32Array>;
    return hiddenProbabilities(lift, X);
  }
}

/** Times one phase (at its measurement size, see plan) and returns seconds per measured unit. */
async function measure(ph: Phase, rows: Rows, like: PointConfig, dir: string): Promise<number> {
  const { measured } = plan(ph);
  const rng = derive(0, 'walltime', plan(ph).key);
  switch (ph.kind) {
    case 'cd': {
      const X = await rows.input(ph.dataset, measured, ph.p, like);
      const init = initRbm(ph.p, ph.q, rng.derive('init')) as Rbm<Float32Array>;
      const config = { batchSize: ph.batch, learningRate: 0.1, k: ph.k, persistent: ph.persistent };
      let r = 0;
      return timeEpochs((epochs, record) => {
        trainRbm(init, X, { ...config, epochs }, rng.derive('train', r++), {
          onEpoch: (e) => record(e.seconds),
        });
      });
    }
    case 'up': {
      const X = await rows.input(ph.dataset, measured, ph.p, like);
      const rbm = initRbm(ph.p, ph.q, rng) as Rbm<Float32Array>;
      return timeCalls(() => hiddenProbabilities(rbm, X));
    }
    case 'backprop': {
      const { X, labels } = await rows.get('mnist', measured, like);
      const dnn = initDnn(ph.sizes, rng.derive('init')) as Dnn<Float32Array>;
      const config = { batchSize: ph.batch, learningRate: 0.1 };
      let r = 0;
      return timeEpochs((epochs, record) => {
        trainDnn(dnn, X, labels, { ...config, epochs }, rng.derive('train', r++), {
          onEpoch: (e) => record(e.seconds),
        });
      });
    }
    case 'evaluate': {
      const { X, labels } = await rows.get('mnist', measured, like);
      const dnn = initDnn(ph.sizes, rng) as Dnn<Float32Array>;
      return timeCalls(() => evaluate(dnn, X, labels));
    }
    case 'gibbs': {
      const rbm = initRbm(ph.p, ph.q, rng.derive('init'));
      let r = 0;
      return timeCalls(() =>
        sampleRbm(rbm, { samples: ph.samples, gibbsSteps: measured }, rng.derive('sample', r++)),
      );
    }
    case 'ais': {
      const rbm = initRbm(ph.p, ph.q, rng.derive('init'));
      let r = 0;
      return timeCalls(() =>
        aisLogPartition(rbm, { betas: measured, runs: ph.runs }, rng.derive('ais', r++)),
      );
    }
    case 'down': {
      const rbm = initRbm(ph.p, ph.q, rng) as Rbm<Float32Array>;
      const H = fromArray(ph.samples, ph.q, new Float32Array(ph.samples * ph.q).fill(0.5));
      return timeCalls(() => visibleProbabilities(rbm, H));
    }
    case 'save': {
      // A 784 × 1000 RBM (0.79 M parameters, 3.1 MB) encoded and written atomically (fsync).
      const rbm = initRbm(784, 1000, rng);
      const params = 784 * 1000 + 784 + 1000;
      const path = join(dir, 'model.safetensors');
      const seconds = timeCalls(() => {
        const w = writeFileAtomicSync(path, saveModel(rbm, { bench: 'walltime' }));
        if (E.isLeft(w)) throw new Error(w.left.message);
      });
      return seconds / params;
    }
  }
}

/** The estimate of one job (a point repetition). */
export interface JobEstimate {
  readonly experiment: string;
  readonly pointId: string;
  readonly rep: number;
  /** The runner's cost model (it orders the sweep by it). */
  readonly estimateCost: number;
  /** Estimated seconds on one worker, or null when a phase could not be timed. */
  readonly seconds: number | null;
  /** Seconds per phase kind (training, generation, …). */
  readonly byKind: Readonly<Record<string, number>>;
  /** Checkpoints the point writes (one per CHECKPOINT_SECONDS of its run). */
  readonly checkpoints: number;
  /** Measurements that failed for this point (key: reason). */
  readonly failed: readonly string[];
}

/** Per experiment: its jobs and their estimates, and what the estimate leaves out. */
export interface ExperimentEstimate {
  readonly name: string;
  readonly points: number;
  readonly reps: number;
  readonly jobs: number;
  readonly seconds: number | null;
  readonly longestJobSeconds: number | null;
  /** This experiment alone (`dbn experiment <name>`) on 2 workers, in the runner's order. */
  readonly twoWorkersAloneSeconds: number | null;
  /** Phases of the experiment that are not modelled (they would add to the estimate). */
  readonly notModelled: readonly string[];
  readonly error?: string;
}

/** A schedule of the sweep on `workers` workers. */
export interface Schedule {
  readonly workers: number;
  readonly order: 'runner' | 'longest-measured-first';
  readonly seconds: number;
  /** Per experiment: when its first job starts and its last ends (seconds from the start). */
  readonly spans: Readonly<Record<string, { start: number; end: number }>>;
}

/** The estimate of a whole reproduce run. */
export interface WalltimeEstimate {
  readonly scale: Scale;
  readonly sampleRows: number;
  readonly gibbsSteps: number;
  readonly measurements: readonly Measurement[];
  readonly experiments: readonly ExperimentEstimate[];
  readonly jobs: readonly JobEstimate[];
  /** Σ of every job: one worker. */
  readonly oneWorkerSeconds: number;
  readonly schedules: readonly Schedule[];
  /** Jobs whose estimate is missing (a phase could not be timed): left out of the totals. */
  readonly incompleteJobs: number;
}

/**
 * Greedy list schedule: jobs in `order`, each to the worker that is free first. Returns the
 * makespan and each job's start and end.
 */
export function listSchedule(
  seconds: readonly number[],
  order: readonly number[],
  workers: number,
): { makespan: number; start: number[]; end: number[] } {
  const free = new Array<number>(workers).fill(0);
  const start = new Array<number>(seconds.length).fill(0);
  const end = new Array<number>(seconds.length).fill(0);
  for (const j of order) {
    let w = 0;
    for (let i = 1; i < workers; i++) if (free[i]! < free[w]!) w = i;
    start[j] = free[w]!;
    end[j] = free[w]! + seconds[j]!;
    free[w] = end[j]!;
  }
  return { makespan: Math.max(0, ...free), start, end };
}

/** Job indices in the runner's order: estimateCost descending, sweep order for ties. */
function runnerOrder(jobs: readonly JobEstimate[]): number[] {
  return jobs
    .map((_, i) => i)
    .sort((a, b) => jobs[b]!.estimateCost - jobs[a]!.estimateCost || a - b);
}

function notModelled(e: Experiment): string[] {
  const out: string[] = ['loading data and starting workers'];
  if (e.points.length > 0 && (e.figure.kind === 'capacity' || e.figure.kind === 'likelihood')) {
    out.push(
      'training the quality classifier, and the per-image part of the likelihood (free energies, DBN bound); AIS and the quality chains are modelled',
    );
  }
  return out;
}

/**
 * Estimates the wall time of running every registered experiment at `scale` (reps: each
 * experiment's `seeds`, default 1): times each distinct phase once (see the module comment),
 * sums phases per job, and schedules the jobs on 1 and 2 workers. `log` receives progress lines.
 */
export async function estimateWalltime(
  scale: Scale,
  options: { dataDir?: string; log?: (line: string) => void; cache?: Map<string, Measurement> },
): Promise<WalltimeEstimate> {
  const log = options.log ?? (() => {});
  const rows = new Rows(options.dataDir);
  const cache = options.cache ?? new Map<string, Measurement>();
  const dir = mkdtempSync(join(tmpdir(), 'dbn-walltime-'));
  const jobs: JobEstimate[] = [];
  const experiments: ExperimentEstimate[] = [];
  const used = new Set<string>();
  try {
    for (const exp of EXPERIMENTS) {
      const resolved = resolvePoints(exp, scale);
      const reps = exp.seeds ?? 1;
      if (E.isLeft(resolved)) {
        experiments.push({
          name: exp.name,
          points: exp.points.length,
          reps,
          jobs: 0,
          seconds: null,
          longestJobSeconds: null,
          twoWorkersAloneSeconds: null,
          notModelled: notModelled(exp),
          error: resolved.left.message,
        });
        continue;
      }
      const mine: JobEstimate[] = [];
      for (const point of resolved.right) {
        const c = point.config;
        const byKind: Record<string, number> = {};
        const failed: string[] = [];
        let total = 0;
        let saveCost = 0;
        for (const ph of pointPhases(c)) {
          const { key, scale: factor } = plan(ph);
          used.add(key);
          let m = cache.get(key);
          if (m === undefined) {
            const t0 = performance.now();
            try {
              const seconds = await measure(ph, rows, c, dir);
              m = { key, seconds, benchSeconds: (performance.now() - t0) / 1000 };
            } catch (e) {
              const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
              m = { key, seconds: null, error, benchSeconds: (performance.now() - t0) / 1000 };
            }
            cache.set(key, m);
            log(
              `  ${key}: ${m.seconds === null ? `FAILED (${m.error})` : `${m.seconds.toExponential(3)} s`} [${m.benchSeconds.toFixed(1)} s]`,
            );
          }
          if (m.seconds === null) {
            if (!failed.includes(`${key}: ${m.error}`)) failed.push(`${key}: ${m.error}`);
            continue;
          }
          const s = m.seconds * factor * ph.count;
          total += s;
          byKind[ph.kind] = (byKind[ph.kind] ?? 0) + s;
          if (ph.kind === 'save') saveCost = m.seconds * factor;
        }
        const checkpoints = Math.floor(total / CHECKPOINT_SECONDS);
        if (checkpoints > 0) {
          byKind.checkpoint = checkpoints * saveCost;
          total += checkpoints * saveCost;
        }
        for (let rep = 0; rep < reps; rep++) {
          mine.push({
            experiment: exp.name,
            pointId: point.pointId,
            rep,
            estimateCost: estimateCost(c),
            seconds: failed.length > 0 ? null : total,
            byKind,
            checkpoints,
            failed,
          });
        }
      }
      const known = mine.filter((j) => j.seconds !== null).map((j) => j.seconds!);
      const complete = known.length === mine.length;
      experiments.push({
        name: exp.name,
        points: resolved.right.length,
        reps,
        jobs: mine.length,
        seconds: complete ? known.reduce((a, b) => a + b, 0) : null,
        longestJobSeconds: known.length > 0 ? Math.max(...known) : null,
        twoWorkersAloneSeconds: complete
          ? listSchedule(known, runnerOrder(mine), 2).makespan
          : null,
        notModelled: notModelled(exp),
      });
      jobs.push(...mine);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const secs = jobs.map((j) => j.seconds ?? 0);
  const idx = jobs.map((_, i) => i);
  const lpt = [...idx].sort((a, b) => secs[b]! - secs[a]! || a - b);
  const schedules: Schedule[] = [];
  for (const [workers, order, name] of [
    [1, runnerOrder(jobs), 'runner'],
    [2, runnerOrder(jobs), 'runner'],
    [2, lpt, 'longest-measured-first'],
  ] as const) {
    const s = listSchedule(secs, order, workers);
    const spans: Record<string, { start: number; end: number }> = {};
    jobs.forEach((j, i) => {
      const sp = spans[j.experiment];
      spans[j.experiment] = sp
        ? { start: Math.min(sp.start, s.start[i]!), end: Math.max(sp.end, s.end[i]!) }
        : { start: s.start[i]!, end: s.end[i]! };
    });
    schedules.push({ workers, order: name, seconds: s.makespan, spans });
  }
  return {
    scale,
    sampleRows: SAMPLE_ROWS,
    gibbsSteps: GIBBS_STEPS,
    measurements: [...used].map((k) => cache.get(k)!),
    experiments,
    jobs,
    oneWorkerSeconds: secs.reduce((a, b) => a + b, 0),
    schedules,
    incompleteJobs: jobs.filter((j) => j.seconds === null).length,
  };
}
