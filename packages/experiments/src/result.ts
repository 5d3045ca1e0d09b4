// The result files of a run (docs/0002-experiments.md): one result.json per point repetition
// and a summary.json per experiment.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { PointConfig } from './config.js';
import type { FigureSpec, Scale, StudyRef } from './experiment.js';

/** Why a point failed: a failed point is a result too, so one bad point never stops a sweep. */
export type FailureKind = 'out-of-memory' | 'diverged' | 'data' | 'crashed' | 'error';

/** A point's failure: its kind and a one-line message. */
export interface PointFailure {
  readonly kind: FailureKind;
  readonly message: string;
}

/** One epoch of unsupervised training; `layer` (1-based) for DBNs and DNN pretraining. */
export interface RbmEpochRecord {
  readonly layer?: number;
  readonly epoch: number;
  readonly reconstructionError: number;
  readonly seconds: number;
}

/** One epoch of backpropagation: training loss and accuracy after the epoch. */
export interface DnnEpochRecord {
  readonly epoch: number;
  readonly loss: number;
  readonly accuracy: number;
  readonly seconds: number;
}

/**
 * Recognisability of generated samples (issue #7): a classifier scores each sample; a sample is
 * recognised when its most probable class is one of the trained classes with probability ≥ τ.
 */
export interface QualityMetrics {
  /** The scoring classifier: its data set, number of classes, held-out accuracy and id. */
  readonly classifier: {
    readonly dataset: 'alphadigits' | 'mnist';
    readonly classes: number;
    readonly heldOutAccuracy: number;
    /** A stable id of the classifier (its config hash), so results name what scored them. */
    readonly id: string;
  };
  /** The confidence threshold τ. */
  readonly tau: number;
  /** Samples scored (independent Gibbs chains). */
  readonly samples: number;
  /** Fraction of samples recognised as one of the trained classes with confidence ≥ τ. */
  readonly recognised: number;
  /** Number of trained classes with at least one recognised sample. */
  readonly coverage: number;
  /** Number of trained classes (the point's characters, or 10 digits for MNIST). */
  readonly classes: number;
  /** Entropy (nats) of the recognised samples' class distribution; e^H = effective classes. */
  readonly coverageEntropy: number;
  /** Recognised samples per trained class, in the point's `chars` order (MNIST: digits 0–9). */
  readonly perClass: readonly number[];
}

/** Log-likelihood per image (issue #7): exact, AIS, or the DBN variational lower bound. */
export interface LikelihoodMetrics {
  /** `exact` (enumeration), `ais` (RBM, AIS estimate of log Z) or `dbn-bound` (lower bound). */
  readonly method: 'exact' | 'ais' | 'dbn-bound';
  /** Mean log p(v) in nats per image over `set` (for `dbn-bound`: the mean lower bound). */
  readonly meanLogLikelihood: number;
  /** The images averaged over: the point's training images, or the test split (MNIST). */
  readonly set: 'train' | 'test';
  readonly images: number;
  /** log Z of the (top) RBM and its ±3σ interval (equal to logZ for `exact`). */
  readonly logZ: number;
  readonly logZLow: number;
  readonly logZHigh: number;
  /** AIS runs M and intermediate temperatures (0 for `exact`). */
  readonly runs: number;
  readonly betas: number;
  /** Wall seconds spent estimating. */
  readonly seconds: number;
}

/** A misclassified test image of a DNN point: its index in the test set, true and predicted labels. */
export interface MisclassifiedExample {
  readonly index: number;
  readonly label: number;
  readonly predicted: number;
}

/** fig8's numbers: the labels of the images shown and the fraction of pixels set to 1. */
export interface BinarisationMetrics {
  readonly labels: readonly number[];
  readonly onFraction: readonly number[];
}

/**
 * The metrics of a point. RBM: `reconstructionError` (final epoch), `history`,
 * `secondsPerEpoch`. DBN: also `layerReconstructionErrors` (final epoch of each layer) with
 * `reconstructionError` that of layer 1 (the error on the images); `history` holds every layer's
 * epochs. RBM and DBN also report `sampleSeconds` (generation time). DNN: `testErrorRate`, `trainErrorRate`, `testLoss`, backprop `history` and
 * `secondsPerEpoch`; when pretrained also `pretrainHistory`, `layerReconstructionErrors` and
 * `pretrainSecondsPerEpoch`. Binarisation: `binarisation`. A failure: `error` (and what history
 * there was).
 */
export interface PointMetrics {
  readonly reconstructionError?: number;
  readonly layerReconstructionErrors?: readonly number[];
  readonly history?: readonly (RbmEpochRecord | DnnEpochRecord)[];
  readonly pretrainHistory?: readonly RbmEpochRecord[];
  readonly testErrorRate?: number;
  readonly trainErrorRate?: number;
  readonly testLoss?: number;
  readonly secondsPerEpoch?: number;
  readonly pretrainSecondsPerEpoch?: number;
  /** RBM/DBN: wall seconds spent generating the samples. */
  readonly sampleSeconds?: number;
  readonly binarisation?: BinarisationMetrics;
  /** RBM/DBN: recognisability of generated samples (when the config asks for it). */
  readonly quality?: QualityMetrics;
  /** RBM/DBN: log-likelihood per image (when the config asks for it). */
  readonly likelihood?: LikelihoodMetrics;
  /** DNN: confusion matrix on the test set, rows = true label, columns = predicted label. */
  readonly confusion?: readonly (readonly number[])[];
  /**
   * DNN: the first misclassified test images (at most 100), in test-set order; their images are
   * in the `misclassified` artifact, row-major in the same order.
   */
  readonly misclassified?: readonly MisclassifiedExample[];
  readonly error?: PointFailure;
}

/** The artifacts of a point, as file names relative to its rep directory. */
export interface PointArtifacts {
  readonly model?: string;
  readonly samples?: string;
  /** DNN: a PNG grid of the misclassified test images listed in `metrics.misclassified`. */
  readonly misclassified?: string;
}

/** The content of `<out>/<experiment>/<pointId>/rep-<r>/result.json`. */
export interface PointResult {
  readonly experiment: string;
  readonly pointId: string;
  readonly label: string;
  readonly rep: number;
  /** The experiment seed; the point's stream is derive(seed, experiment, pointId, 'rep', rep). */
  readonly seed: number;
  readonly hash: string;
  readonly codeVersion: string;
  readonly config: PointConfig;
  readonly metrics: PointMetrics;
  readonly artifacts: PointArtifacts;
  /** ISO-8601 times; `seconds` is the wall time spent, summed over resumed runs. */
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly seconds: number;
}

/** A point repetition of the sweep that has no result (yet). */
export interface MissingPoint {
  readonly pointId: string;
  readonly rep: number;
}

/** The content of `<out>/<experiment>/summary.json`. */
export interface ExperimentSummary {
  readonly experiment: string;
  readonly title: string;
  readonly study: StudyRef;
  readonly figure: FigureSpec;
  readonly scale: Scale;
  /** What the quick scale changes (one line), copied from the experiment. */
  readonly quick: string;
  readonly seed: number;
  readonly seeds: number;
  readonly codeVersion: string;
  /** The user's `--set` overrides applied to every point. */
  readonly overrides: Partial<PointConfig>;
  /** Every point of the sweep in order (also those of other shards). */
  readonly points: readonly { readonly id: string; readonly label: string }[];
  /** Whether every point repetition has a result. */
  readonly complete: boolean;
  /** All results present, in point order then rep. */
  readonly results: readonly PointResult[];
  readonly missing: readonly MissingPoint[];
  readonly writtenAt: string;
}

/** A result or summary file that cannot be read or does not have the expected shape. */
export interface ResultFileError {
  readonly _tag: 'ResultFileError';
  readonly path: string;
  readonly message: string;
}

/** The file names of a rep directory. */
export const FILES = Object.freeze({
  result: 'result.json',
  model: 'model.safetensors',
  samples: 'samples.png',
  misclassified: 'misclassified.png',
  checkpoint: 'checkpoint.safetensors',
  summary: 'summary.json',
});

/** `<out>/<experiment>/<pointId>/rep-<rep>`. */
export function repDir(out: string, experiment: string, pointId: string, rep: number): string {
  if (!Number.isInteger(rep) || rep < 0) {
    throw new RangeError(`rep must be a non-negative integer, got ${rep}`);
  }
  return join(out, experiment, pointId, `rep-${rep}`);
}

const isObj = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** Checks the fields every result.json has; returns a message naming the first bad one. */
function resultProblem(x: unknown): string | undefined {
  if (!isObj(x)) return 'not a JSON object';
  const strings = [
    'experiment',
    'pointId',
    'label',
    'hash',
    'codeVersion',
    'startedAt',
    'finishedAt',
  ];
  for (const k of strings) if (typeof x[k] !== 'string') return `field ${k} is not a string`;
  for (const k of ['rep', 'seed', 'seconds'])
    if (typeof x[k] !== 'number') return `field ${k} is not a number`;
  for (const k of ['config', 'metrics', 'artifacts'])
    if (!isObj(x[k])) return `field ${k} is not an object`;
  return undefined;
}

/** Reads and checks a result.json; a missing, unreadable or malformed file is a Left. */
export async function readResult(path: string): Promise<E.Either<ResultFileError, PointResult>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    return E.left({ _tag: 'ResultFileError', path, message: `${path}: ${String(e)}` });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return E.left({
      _tag: 'ResultFileError',
      path,
      message: `${path}: invalid JSON: ${String(e)}`,
    });
  }
  const problem = resultProblem(parsed);
  return problem === undefined
    ? E.right(parsed as PointResult)
    : E.left({ _tag: 'ResultFileError', path, message: `${path}: ${problem}` });
}

/** Reads and checks a summary.json; a missing, unreadable or malformed file is a Left. */
export async function readSummary(
  path: string,
): Promise<E.Either<ResultFileError, ExperimentSummary>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    return E.left({ _tag: 'ResultFileError', path, message: `${path}: ${String(e)}` });
  }
  if (
    !isObj(parsed) ||
    typeof parsed.experiment !== 'string' ||
    !Array.isArray(parsed.points) ||
    !Array.isArray(parsed.results) ||
    typeof parsed.seeds !== 'number'
  ) {
    return E.left({
      _tag: 'ResultFileError',
      path,
      message: `${path}: not a summary.json (needs experiment, points, results, seeds)`,
    });
  }
  return E.right(parsed as unknown as ExperimentSummary);
}

/**
 * Whether a stored result can be reused for a point with hash `hash`: same hash, and not a
 * failure that may go away on another attempt (out-of-memory, data, crashed, error); a
 * divergence is deterministic and is reused.
 */
export function isReusable(result: PointResult, hash: string): boolean {
  if (result.hash !== hash) return false;
  const kind = result.metrics.error?.kind;
  return kind === undefined || kind === 'diverged';
}
