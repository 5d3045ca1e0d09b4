// Runs one resolved point: loads its data, trains, generates or evaluates, and writes
// model.safetensors, samples.png and — last, atomically — result.json (docs/0002-experiments.md).
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng, imageGrid } from '@dbn/datasets';
import type { Matrix } from '@dbn/linalg';
import {
  type Dbn,
  DivergedError,
  type Dnn,
  dnnFromDbn,
  evaluate,
  initDbn,
  initDnn,
  initRbm,
  type Model,
  type Rbm,
  type RbmTrainConfig,
  sampleDbn,
  sampleRbm,
  saveModel,
  trainDbn,
  trainDnn,
  trainRbm,
} from '@dbn/models';
import type { Stream } from '@dbn/random';
import * as E from 'fp-ts/lib/Either.js';
import { isTempFile, writeFileAtomic, writeJsonAtomic } from './atomic.js';
import {
  type Checkpoint,
  type CheckpointState,
  type Phase,
  readCheckpoint,
  removeCheckpoint,
  writeCheckpoint,
} from './checkpoint.js';
import { type PointConfig, validateConfig } from './config.js';
import { type DataError, type DataOptions, mnistSubset, testSet, trainingSet } from './data.js';
import { CODE_VERSION, pointStream } from './identity.js';
import { dbnLikelihood, likelihoodImages, pointQuality, rbmLikelihood } from './quality/measure.js';
import {
  type DnnEpochRecord,
  FILES,
  type LikelihoodMetrics,
  type MisclassifiedExample,
  type PointArtifacts,
  type PointFailure,
  type PointMetrics,
  type PointResult,
  type QualityMetrics,
  type RbmEpochRecord,
} from './result.js';

/** One repetition of one point, fully resolved: what to run and where to write it. */
export interface PointJob {
  readonly experiment: string;
  readonly pointId: string;
  readonly label: string;
  readonly rep: number;
  /** The experiment seed (see pointStream). */
  readonly seed: number;
  /** The point's content hash (see pointHash). */
  readonly hash: string;
  readonly config: PointConfig;
  /** The rep directory `<out>/<experiment>/<pointId>/rep-<rep>` (created when missing). */
  readonly dir: string;
}

/** An epoch finished: which phase, epoch (1-based) of how many, and the layer for DBNs. */
export interface EpochProgress {
  readonly phase: Phase;
  readonly epoch: number;
  readonly epochs: number;
  readonly layer?: number;
  readonly layers?: number;
}

/** Options of {@link runPoint}. */
export interface RunPointOptions extends DataOptions {
  /**
   * Minimum wall seconds between two checkpoints, checked after every epoch (default 180;
   * 0 = after every epoch; Infinity = only when stopped).
   */
  readonly checkpointSeconds?: number;
  /**
   * Polled after every epoch: when it returns true, a checkpoint is written and runPoint
   * rejects with {@link PointStopped} (no result is written).
   */
  readonly shouldStop?: () => boolean;
  /** Called after every epoch, before the checkpoint and stop checks. */
  readonly onEpoch?: (progress: EpochProgress) => void;
}

/** Thrown by {@link runPoint} when `shouldStop` asked it to stop between two epochs. */
export class PointStopped extends Error {
  override readonly name = 'PointStopped';
  readonly _tag = 'PointStopped' as const;
  constructor(readonly pointId: string) {
    super(`point ${pointId} stopped between epochs; its checkpoint is kept for resuming`);
  }
}

/** A point failed: carried to {@link runPoint}'s catch with the history so far. */
class PointFailed extends Error {
  constructor(readonly failure: PointFailure) {
    super(failure.message);
  }
}

const MNIST_CLASSES = 10;

function checkJob(job: PointJob): void {
  if (typeof job !== 'object' || job === null) {
    throw new TypeError(`job must be a PointJob, got ${String(job)}`);
  }
  for (const k of ['experiment', 'pointId', 'label', 'hash', 'dir'] as const) {
    if (typeof job[k] !== 'string' || job[k] === '') {
      throw new TypeError(`job.${k} must be a non-empty string, got ${String(job[k])}`);
    }
  }
  if (!Number.isInteger(job.rep) || job.rep < 0) {
    throw new RangeError(`job.rep must be a non-negative integer, got ${job.rep}`);
  }
  if (typeof job.seed !== 'number' || !Number.isFinite(job.seed)) {
    throw new TypeError(`job.seed must be a finite number, got ${String(job.seed)}`);
  }
  const valid = validateConfig(job.config);
  if (E.isLeft(valid)) throw new RangeError(`job.config: ${valid.left.message}`);
}

function checkOptions(options: RunPointOptions): void {
  const s = options.checkpointSeconds;
  if (s !== undefined && (typeof s !== 'number' || Number.isNaN(s) || s < 0)) {
    throw new RangeError(`checkpointSeconds must be a number ≥ 0, got ${String(s)}`);
  }
}

/** Input width of a point's data: 320 AlphaDigits pixels or 784 MNIST pixels. */
export function inputSize(config: PointConfig): number {
  return config.dataset === 'alphadigits' ? 320 : 784;
}

/** Layer sizes of a point's model: [p, q1, …] (plus the 10 classes for a DNN). */
export function modelSizes(config: PointConfig): number[] {
  const sizes = [inputSize(config), ...config.hidden];
  if (config.model === 'dnn') sizes.push(MNIST_CLASSES);
  return sizes;
}

function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${u === 0 ? v : v.toPrecision(3)} ${units[u]}`;
}

/**
 * A one-line description of the point's largest weight matrix, e.g.
 * "the 320 × 100000 float32 weight matrix (128 MB)", for out-of-memory messages.
 */
export function largestMatrix(config: PointConfig): string {
  if (config.model === 'binarisation') return 'the images';
  const sizes = modelSizes(config);
  let best = 0;
  for (let l = 1; l < sizes.length; l++) {
    if (sizes[l - 1]! * sizes[l]! > sizes[best]! * sizes[best + 1]!) best = l - 1;
  }
  const r = sizes[best]!;
  const c = sizes[best + 1]!;
  return `the ${r} × ${c} float32 weight matrix (${formatBytes(r * c * 4)})`;
}

const OOM =
  /Array buffer allocation failed|Invalid typed array length|Invalid array buffer length|Invalid array length|out of memory|Cannot allocate/i;

/**
 * Classifies an error thrown while running a point: allocation failures → 'out-of-memory' (the
 * message names the largest weight matrix), DivergedError → 'diverged', anything else → 'error'.
 */
export function classifyFailure(e: unknown, config: PointConfig): PointFailure {
  if (e instanceof PointFailed) return e.failure;
  if (e instanceof DivergedError || (e as { _tag?: unknown })?._tag === 'Diverged') {
    return { kind: 'diverged', message: (e as Error).message };
  }
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  if (e instanceof Error && OOM.test(message)) {
    return {
      kind: 'out-of-memory',
      message: `out of memory: cannot allocate ${largestMatrix(config)} of ${config.model} [${modelSizes(config).join(', ')}] (${message})`,
    };
  }
  return { kind: 'error', message };
}

function dataFailure(e: DataError): PointFailed {
  return new PointFailed({ kind: 'data', message: e.message });
}

const mean = (xs: readonly number[]): number =>
  xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;

/** The last reconstruction error of each layer, in layer order. */
function lastPerLayer(records: readonly RbmEpochRecord[], layers: number): number[] {
  const out: number[] = new Array(layers).fill(Number.NaN);
  for (const r of records) out[(r.layer ?? 1) - 1] = r.reconstructionError;
  return out;
}

/** Mutable progress of a point, shared with the checkpoint writer. */
interface Tracker {
  readonly job: PointJob;
  readonly options: RunPointOptions;
  readonly startedAt: string;
  /** Seconds spent before this run (from the checkpoint). */
  readonly secondsBefore: number;
  readonly t0: number;
  lastCheckpoint: number;
  unsupervised: RbmEpochRecord[];
  backprop: DnnEpochRecord[];
}

function elapsed(t: Tracker): number {
  return t.secondsBefore + (performance.now() - t.t0) / 1000;
}

/**
 * After an epoch: report progress, then write a checkpoint when one is due or a stop was
 * asked for, and stop. `model` builds the parameters to save (called only when writing).
 */
function afterEpoch(
  t: Tracker,
  progress: EpochProgress,
  model: () => Model,
  state: Pick<CheckpointState, 'phase' | 'layer' | 'epoch'>,
): void {
  t.options.onEpoch?.(progress);
  const stop = t.options.shouldStop?.() ?? false;
  const interval = t.options.checkpointSeconds ?? 180;
  const now = performance.now();
  if (stop || (now - t.lastCheckpoint) / 1000 >= interval) {
    const written = writeCheckpoint(t.job.dir, model(), {
      hash: t.job.hash,
      ...state,
      unsupervised: t.unsupervised,
      backprop: t.backprop,
      startedAt: t.startedAt,
      seconds: elapsed(t),
    });
    // A checkpoint that cannot be written only costs the ability to resume; a stop without it
    // still stops (the point then restarts from scratch).
    if (E.isRight(written)) t.lastCheckpoint = performance.now();
  }
  if (stop) throw new PointStopped(t.job.pointId);
}

function rbmConfig(c: PointConfig): RbmTrainConfig {
  return {
    epochs: c.epochs,
    batchSize: c.batchSize,
    learningRate: c.learningRate,
    k: c.k,
    ...(c.persistent ? { persistent: true } : {}),
  };
}

/**
 * Greedy DBN training with exact resume: from `ckpt` when it is of `phase`, else from
 * initDbn(sizes, init). Returns the trained DBN.
 */
function trainDbnResumable(
  t: Tracker,
  X: Matrix<Float32Array>,
  hidden: readonly number[],
  streams: { readonly init: Stream; readonly train: Stream },
  phase: 'train' | 'pretrain',
  ckpt: Checkpoint | undefined,
): Dbn {
  const c = t.job.config;
  const sizes = [X.cols, ...hidden];
  const L = hidden.length;
  let dbn = initDbn(sizes, streams.init);
  let resume = { layer: 1, epoch: 1 };
  // Completed layers (copies taken at each layer's last epoch) for checkpoints of later layers.
  const done: Rbm[] = [];
  if (ckpt !== undefined && ckpt.state.phase === phase && ckpt.model.kind === 'dbn') {
    const saved = ckpt.model.layers;
    const { layer, epoch } = ckpt.state;
    dbn = { kind: 'dbn', layers: [...saved, ...dbn.layers.slice(saved.length)] };
    resume = { layer, epoch: epoch + 1 };
    done.push(...saved.slice(0, epoch >= c.epochs ? layer : layer - 1));
  }
  const res = trainDbn(
    dbn as Dbn<Float32Array>,
    X,
    rbmConfig(c),
    streams.train,
    {
      onEpoch: (e) => {
        t.unsupervised.push({
          layer: e.layer,
          epoch: e.epoch,
          reconstructionError: e.reconstructionError,
          seconds: e.seconds,
        });
        if (e.epoch === e.epochs) done[e.layer - 1] = e.snapshot();
        afterEpoch(
          t,
          { phase, epoch: e.epoch, epochs: e.epochs, layer: e.layer, layers: L },
          () => ({
            kind: 'dbn',
            layers: [...done.slice(0, e.layer - 1), done[e.layer - 1] ?? e.snapshot()],
          }),
          { phase, layer: e.layer, epoch: e.epoch },
        );
      },
    },
    resume,
  );
  return res.dbn;
}

/** What training produced: the model to save, metrics, and images for samples.png. */
interface Outcome {
  readonly model?: Model;
  readonly metrics: PointMetrics;
  readonly png?: Uint8Array;
  /** DNN: misclassified.png, the images of `metrics.misclassified`. */
  readonly misclassifiedPng?: Uint8Array;
}

function samplesPng(samples: Matrix, height: number, width: number): Uint8Array {
  const n = samples.rows;
  const grid = imageGrid({
    images: samples.data.subarray(0, n * height * width) as Float32Array,
    count: n,
    height,
    width,
    cols: Math.ceil(Math.sqrt(n)),
  });
  return encodePng(grid);
}

/**
 * The measurements of an RBM/DBN point (docs/0006-quality.md): metrics.quality when
 * `config.quality` (qualitySamples chains of `generate`, stream S.derive('quality')), and
 * metrics.likelihood when `config.aisRuns > 0` (`likelihood` on the point's evaluation images,
 * stream S.derive('likelihood')).
 */
async function measure(
  t: Tracker,
  S: Stream,
  X: Matrix<Float32Array>,
  generate: (samples: number, rng: Stream) => Matrix<Float32Array>,
  likelihood: (
    images: Matrix<Float32Array>,
    set: 'train' | 'test',
    rng: Stream,
  ) => LikelihoodMetrics,
): Promise<Pick<PointMetrics, 'quality' | 'likelihood'>> {
  const c = t.job.config;
  const out: { quality?: QualityMetrics; likelihood?: LikelihoodMetrics } = {};
  if (c.quality) {
    const q = await pointQuality(c, (n) => generate(n, S.derive('quality')), t.options);
    if (E.isLeft(q)) throw dataFailure(q.left);
    out.quality = q.right;
  }
  if (c.aisRuns > 0) {
    const images = await likelihoodImages(c, X, t.options);
    if (E.isLeft(images)) throw dataFailure(images.left);
    out.likelihood = likelihood(images.right.X, images.right.set, S.derive('likelihood'));
  }
  return out;
}

async function runRbm(t: Tracker, S: Stream, ckpt: Checkpoint | undefined): Promise<Outcome> {
  const c = t.job.config;
  const data = await trainingSet(c, t.options);
  if (E.isLeft(data)) throw dataFailure(data.left);
  const { X, height, width } = data.right;
  let rbm: Rbm;
  let startEpoch = 1;
  if (ckpt !== undefined && ckpt.state.phase === 'train' && ckpt.model.kind === 'rbm') {
    rbm = ckpt.model;
    startEpoch = ckpt.state.epoch + 1;
  } else {
    rbm = initRbm(X.cols, c.hidden[0]!, S.derive('init'));
  }
  const res = trainRbm(
    rbm as Rbm<Float32Array>,
    X,
    { ...rbmConfig(c), startEpoch },
    S.derive('train'),
    {
      onEpoch: (e) => {
        t.unsupervised.push({
          epoch: e.epoch,
          reconstructionError: e.reconstructionError,
          seconds: e.seconds,
        });
        afterEpoch(t, { phase: 'train', epoch: e.epoch, epochs: e.epochs }, () => e.snapshot(), {
          phase: 'train',
          layer: 1,
          epoch: e.epoch,
        });
      },
    },
  );
  const history = t.unsupervised;
  const ts = performance.now();
  const { samples } = sampleRbm(
    res.rbm,
    { samples: c.samples, gibbsSteps: c.gibbsSteps },
    S.derive('sample'),
  );
  const sampleSeconds = (performance.now() - ts) / 1000;
  const measured = await measure(
    t,
    S,
    X,
    (n, rng) =>
      sampleRbm(res.rbm, { samples: n, gibbsSteps: c.gibbsSteps }, rng)
        .samples as Matrix<Float32Array>,
    (images, set, rng) => rbmLikelihood(res.rbm, images, set, c, X, rng),
  );
  return {
    model: res.rbm,
    metrics: {
      reconstructionError: history[history.length - 1]!.reconstructionError,
      history,
      secondsPerEpoch: mean(history.map((h) => h.seconds)),
      sampleSeconds,
      ...measured,
    },
    png: samplesPng(samples, height, width),
  };
}

async function runDbn(t: Tracker, S: Stream, ckpt: Checkpoint | undefined): Promise<Outcome> {
  const c = t.job.config;
  const data = await trainingSet(c, t.options);
  if (E.isLeft(data)) throw dataFailure(data.left);
  const { X, height, width } = data.right;
  const dbn = trainDbnResumable(
    t,
    X,
    c.hidden,
    { init: S.derive('init'), train: S.derive('train') },
    'train',
    ckpt,
  );
  const history = t.unsupervised;
  const layerErrors = lastPerLayer(history, c.hidden.length);
  const ts = performance.now();
  const { samples } = sampleDbn(
    dbn,
    { samples: c.samples, gibbsSteps: c.gibbsSteps },
    S.derive('sample'),
  );
  const sampleSeconds = (performance.now() - ts) / 1000;
  const measured = await measure(
    t,
    S,
    X,
    (n, rng) =>
      sampleDbn(dbn, { samples: n, gibbsSteps: c.gibbsSteps }, rng).samples as Matrix<Float32Array>,
    (images, set, rng) => dbnLikelihood(dbn, images, set, c, rng),
  );
  return {
    model: dbn,
    metrics: {
      reconstructionError: layerErrors[0]!,
      layerReconstructionErrors: layerErrors,
      history,
      secondsPerEpoch: mean(history.map((h) => h.seconds)),
      sampleSeconds,
      ...measured,
    },
    png: samplesPng(samples, height, width),
  };
}

/** At most this many misclassified test images are listed and drawn (result.ts). */
const MISCLASSIFIED_MAX = 100;
/** misclassified.png has this many images per row. */
const MISCLASSIFIED_COLS = 10;

/**
 * A DNN's test-set confusion counts C[y][p] (rows = true label y, columns = predicted p), the
 * first ≤ 100 misclassified test images in test order, and a grid PNG of those images (binarised
 * as the network saw them, 10 per row, imageGrid layout; no PNG when none is wrong).
 */
function confusionOutcome(
  predictions: Int32Array,
  test: { readonly X: Matrix; readonly labels: Int32Array; height: number; width: number },
): {
  confusion: number[][];
  misclassified: MisclassifiedExample[];
  png?: Uint8Array;
} {
  const confusion = Array.from({ length: MNIST_CLASSES }, () =>
    new Array<number>(MNIST_CLASSES).fill(0),
  );
  const misclassified: MisclassifiedExample[] = [];
  for (let i = 0; i < predictions.length; i++) {
    const label = test.labels[i]!;
    const predicted = predictions[i]!;
    confusion[label]![predicted]!++;
    if (label !== predicted && misclassified.length < MISCLASSIFIED_MAX)
      misclassified.push({ index: i, label, predicted });
  }
  if (misclassified.length === 0) return { confusion, misclassified };
  const size = test.height * test.width;
  const { X } = test;
  const images = new Float32Array(misclassified.length * size);
  misclassified.forEach((m, k) => {
    const row = X.offset + m.index * X.rowStride;
    for (let j = 0; j < size; j++) images[k * size + j] = X.data[row + j * X.colStride]!;
  });
  const grid = imageGrid({
    images,
    count: misclassified.length,
    height: test.height,
    width: test.width,
    cols: MISCLASSIFIED_COLS,
  });
  return { confusion, misclassified, png: encodePng(grid) };
}

async function runDnn(t: Tracker, S: Stream, ckpt: Checkpoint | undefined): Promise<Outcome> {
  const c = t.job.config;
  const train = await trainingSet(c, t.options);
  if (E.isLeft(train)) throw dataFailure(train.left);
  const test = await testSet(c, t.options);
  if (E.isLeft(test)) throw dataFailure(test.left);
  const { X, labels } = train.right;
  let dnn: Dnn;
  let startEpoch = 1;
  if (ckpt !== undefined && ckpt.state.phase === 'backprop' && ckpt.model.kind === 'dnn') {
    dnn = ckpt.model;
    startEpoch = ckpt.state.epoch + 1;
  } else if (c.pretrain) {
    const dbn = trainDbnResumable(
      t,
      X,
      c.hidden,
      { init: S.derive('pretrain', 'init'), train: S.derive('pretrain', 'train') },
      'pretrain',
      ckpt,
    );
    dnn = dnnFromDbn(dbn, MNIST_CLASSES, S.derive('dnn', 'init'));
  } else {
    dnn = initDnn([X.cols, ...c.hidden, MNIST_CLASSES], S.derive('dnn', 'init'));
  }
  const res = trainDnn(
    dnn as Dnn<Float32Array>,
    X,
    labels,
    { epochs: c.backpropEpochs, batchSize: c.batchSize, learningRate: c.learningRate, startEpoch },
    S.derive('backprop'),
    {
      onEpoch: (e) => {
        t.backprop.push({ epoch: e.epoch, loss: e.loss, accuracy: e.accuracy, seconds: e.seconds });
        afterEpoch(t, { phase: 'backprop', epoch: e.epoch, epochs: e.epochs }, () => e.snapshot(), {
          phase: 'backprop',
          layer: 1,
          epoch: e.epoch,
        });
      },
    },
  );
  const ev = evaluate(res.dnn, test.right.X, test.right.labels);
  const wrong = confusionOutcome(ev.predictions, test.right);
  const history = t.backprop;
  const last = history[history.length - 1]!;
  const pre = t.unsupervised;
  const metrics: PointMetrics = {
    testErrorRate: ev.errorRate,
    trainErrorRate: 1 - last.accuracy,
    testLoss: ev.loss,
    history,
    secondsPerEpoch: mean(history.map((h) => h.seconds)),
    ...(c.pretrain
      ? {
          pretrainHistory: pre,
          layerReconstructionErrors: lastPerLayer(pre, c.hidden.length),
          pretrainSecondsPerEpoch: mean(pre.map((h) => h.seconds)),
        }
      : {}),
    confusion: wrong.confusion,
    misclassified: wrong.misclassified,
  };
  return {
    model: res.dnn,
    metrics,
    ...(wrong.png !== undefined ? { misclassifiedPng: wrong.png } : {}),
  };
}

async function runBinarisation(t: Tracker): Promise<Outcome> {
  const c = t.job.config;
  const sub = await mnistSubset('train', c.trainSize, c.subsetSeed, t.options);
  if (E.isLeft(sub)) throw dataFailure(sub.left);
  const { grey, labels, height, width } = sub.right;
  const n = c.trainSize;
  const size = height * width;
  // Top row: grey levels as they are; bottom row: pixel > threshold → 255 (white), else 0.
  const images = new Uint8Array(2 * n * size);
  images.set(grey);
  const onFraction: number[] = [];
  for (let i = 0; i < n; i++) {
    let on = 0;
    for (let j = 0; j < size; j++) {
      const b = grey[i * size + j]! > c.threshold ? 1 : 0;
      images[(n + i) * size + j] = b * 255;
      on += b;
    }
    onFraction.push(on / size);
  }
  const grid = imageGrid({ images, count: 2 * n, height, width, cols: n });
  return {
    metrics: { binarisation: { labels: Array.from(labels), onFraction } },
    png: encodePng(grid),
  };
}

/** Removes temp files left by a killed writer (`.name.<pid>.<hex>.tmp`) from `dir`. */
function removeTempFiles(dir: string): void {
  for (const name of readdirSync(dir))
    if (isTempFile(name)) rmSync(join(dir, name), { force: true });
}

/**
 * Runs one point repetition and writes its files into `job.dir`: `model.safetensors` (metadata:
 * config, seed, rep, hash, version, history), `samples.png` (RBM/DBN generations or fig8's grey
 * and binarised rows; 1 = white), `misclassified.png` (DNN: the first ≤ 100 misclassified
 * test images of `metrics.misclassified`, 10 per row), then `result.json` last and atomically;
 * the checkpoint is removed once the result is written. The point's randomness is
 * pointStream(seed, experiment, pointId, rep) only. When `job.dir` holds a checkpoint of the
 * same hash the point resumes from it and ends bit-identical to an uninterrupted run (timings
 * aside); a `persistent` (PCD) point, whose chains a checkpoint does not hold, starts over
 * instead, so it too ends bit-identical.
 *
 * A failing point resolves to a result whose `metrics.error` says why: 'out-of-memory'
 * (allocation failures, naming the largest weight matrix), 'diverged', 'data' (data not found)
 * or 'error'. Rejects with {@link PointStopped} when `shouldStop` asked to stop, and with the
 * I/O error when result.json itself cannot be written. Throws TypeError/RangeError on a
 * malformed job or options.
 */
export async function runPoint(job: PointJob, options: RunPointOptions = {}): Promise<PointResult> {
  checkJob(job);
  checkOptions(options);
  mkdirSync(job.dir, { recursive: true });
  removeTempFiles(job.dir);
  // Files of an earlier configuration go first, result.json before the artifacts it names.
  for (const f of [FILES.result, FILES.model, FILES.samples, FILES.misclassified])
    rmSync(join(job.dir, f), { force: true });
  const saved = readCheckpoint(job.dir, job.hash);
  // Persistent CD's negative chains are not in a checkpoint: resuming would restart them from
  // fresh states and end elsewhere than an uninterrupted run, so a PCD point starts over (its
  // time so far still counts in `seconds`).
  const ckpt = job.config.persistent ? undefined : saved;
  const t: Tracker = {
    job,
    options,
    startedAt: saved?.state.startedAt ?? new Date().toISOString(),
    secondsBefore: saved?.state.seconds ?? 0,
    t0: performance.now(),
    lastCheckpoint: performance.now(),
    unsupervised: ckpt === undefined ? [] : [...ckpt.state.unsupervised],
    backprop: ckpt === undefined ? [] : [...ckpt.state.backprop],
  };
  const S = pointStream(job.seed, job.experiment, job.pointId, job.rep);
  const c = job.config;
  let metrics: PointMetrics;
  const artifacts: { model?: string; samples?: string; misclassified?: string } = {};
  try {
    const outcome =
      c.model === 'rbm'
        ? await runRbm(t, S, ckpt)
        : c.model === 'dbn'
          ? await runDbn(t, S, ckpt)
          : c.model === 'dnn'
            ? await runDnn(t, S, ckpt)
            : await runBinarisation(t);
    if (outcome.model !== undefined) {
      const history =
        c.model === 'dnn'
          ? { history: t.backprop, pretrainHistory: t.unsupervised }
          : { history: t.unsupervised };
      const bytes = saveModel(outcome.model, {
        experiment: job.experiment,
        pointId: job.pointId,
        rep: job.rep,
        seed: job.seed,
        hash: job.hash,
        version: CODE_VERSION,
        config: c,
        ...history,
      });
      const w = await writeFileAtomic(join(job.dir, FILES.model), bytes);
      if (E.isLeft(w)) throw new PointFailed({ kind: 'error', message: w.left.message });
      artifacts.model = FILES.model;
    }
    if (outcome.png !== undefined) {
      const w = await writeFileAtomic(join(job.dir, FILES.samples), outcome.png);
      if (E.isLeft(w)) throw new PointFailed({ kind: 'error', message: w.left.message });
      artifacts.samples = FILES.samples;
    }
    if (outcome.misclassifiedPng !== undefined) {
      const w = await writeFileAtomic(join(job.dir, FILES.misclassified), outcome.misclassifiedPng);
      if (E.isLeft(w)) throw new PointFailed({ kind: 'error', message: w.left.message });
      artifacts.misclassified = FILES.misclassified;
    }
    metrics = outcome.metrics;
  } catch (e) {
    if (e instanceof PointStopped) throw e;
    const error = classifyFailure(e, c);
    metrics = {
      error,
      ...(t.unsupervised.length > 0 ? { history: t.unsupervised } : {}),
      ...(t.backprop.length > 0 ? { history: t.backprop, pretrainHistory: t.unsupervised } : {}),
    };
  }
  const result: PointResult = {
    experiment: job.experiment,
    pointId: job.pointId,
    label: job.label,
    rep: job.rep,
    seed: job.seed,
    hash: job.hash,
    codeVersion: CODE_VERSION,
    config: c,
    metrics,
    artifacts: artifacts as PointArtifacts,
    startedAt: t.startedAt,
    finishedAt: new Date().toISOString(),
    seconds: elapsed(t),
  };
  const written = await writeJsonAtomic(join(job.dir, FILES.result), result);
  if (E.isLeft(written)) throw new Error(written.left.message);
  removeCheckpoint(job.dir);
  return result;
}
