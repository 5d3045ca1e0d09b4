// An experiment as data (docs/0002-experiments.md): a base configuration, two scales and a list
// of points, resolved as base ← scale ← point.set ← point.scales[scale] ← user overrides.
import * as E from 'fp-ts/lib/Either.js';
import {
  type ConfigError,
  mergeConfig,
  type PointConfig,
  validateConfig,
  validatePartialConfig,
} from './config.js';

/** `paper`: the study's exact settings; `quick`: all experiments in ≤ 15 min on 2 cores. */
export type Scale = 'paper' | 'quick';

/** The scales, in the order they are listed to users. */
export const SCALES: readonly Scale[] = Object.freeze(['paper', 'quick']);

/** One point of a sweep. `id` is a directory name: letters, digits, `.`, `_`, `-`. */
export interface PointDef {
  readonly id: string;
  /** A short human label, e.g. "(b) q = 10". */
  readonly label: string;
  /** What this point changes relative to the base and scale. */
  readonly set: Partial<PointConfig>;
  /** Per-scale changes of this point only (e.g. fewer epochs for fig5's deepest DBNs at quick). */
  readonly scales?: Partial<Record<Scale, Partial<PointConfig>>>;
}

/**
 * A value of a point's configuration used as a chart axis (see {@link axisValue}):
 * `layers` = hidden.length, `width` = hidden[0], `trainSize`, `chars` = chars.length.
 */
export type Axis = 'layers' | 'width' | 'trainSize' | 'chars';

/**
 * How the study shows an experiment, for the report and viewer: a mosaic of each point's
 * samples.png; a line chart of a metric against an axis with one series per `pretrain` value;
 * a table of a metric per point; or the binarisation illustration.
 */
export type FigureSpec =
  | { readonly kind: 'mosaic'; readonly caption?: 'reconstructionError' }
  | {
      readonly kind: 'line';
      readonly x: Axis;
      readonly xLabel: string;
      readonly logX: boolean;
      readonly y: 'testErrorRate';
      readonly series: 'pretrain';
    }
  | { readonly kind: 'table'; readonly metric: 'testErrorRate' }
  | { readonly kind: 'binarisation' }
  /**
   * capacity-rbm / capacity-dbn (issue #7): recognised fraction, coverage and log-likelihood per
   * image (metrics.quality, metrics.likelihood) against the number of characters, mean ± spread
   * over repetitions, with the number of characters learnt under the report's stated criterion.
   */
  | { readonly kind: 'capacity' }
  /** ais-mnist (issue #7): a table of metrics.likelihood per point beside published values. */
  | { readonly kind: 'likelihood' };

/** What the study says, for the report: its figure or table, its claim, its reported numbers. */
export interface StudyRef {
  /** e.g. "Figure 3" or "Table 1". */
  readonly ref: string;
  /** The study's claim, in English, one line. */
  readonly claim: string;
  /** Numbers the study reports per point id, for side-by-side comparison. */
  readonly reference?: {
    /** `logLikelihood`: mean log p(v) in nats per image (metrics.likelihood). */
    readonly metric: 'reconstructionError' | 'testErrorRate' | 'logLikelihood';
    readonly values: Readonly<Record<string, number>>;
  };
}

/** An experiment of the study, as data. */
export interface Experiment {
  /** The contract name: `fig2` … `fig11`, `table1`. */
  readonly name: string;
  readonly title: string;
  readonly study: StudyRef;
  /** A full configuration every point starts from. */
  readonly base: PointConfig;
  /** Partial overrides of the base per scale (paper = the study's settings). */
  readonly scales: Readonly<Record<Scale, Partial<PointConfig>>>;
  /** One line: what the quick scale changes relative to the paper. */
  readonly quick: string;
  readonly figure: FigureSpec;
  readonly points: readonly PointDef[];
  /**
   * Repetitions per point (seeds) when the user does not choose (default 1); experiments that
   * report a spread over seeds (capacity-*) set more.
   */
  readonly seeds?: number;
}

/** A point with its fully resolved configuration. */
export interface ResolvedPoint {
  readonly experiment: string;
  readonly pointId: string;
  readonly label: string;
  readonly config: PointConfig;
}

/** A configuration error located in an experiment (and a point, when it is a point's). */
export interface PointConfigError {
  readonly _tag: 'PointConfigError';
  readonly experiment: string;
  readonly pointId?: string;
  readonly error: ConfigError;
  readonly message: string;
}

const POINT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Throws TypeError/RangeError unless `scale` is one of {@link SCALES}. */
export function checkScale(scale: unknown): asserts scale is Scale {
  if (!SCALES.includes(scale as Scale)) {
    throw new RangeError(`scale must be one of ${SCALES.join(', ')}, got ${String(scale)}`);
  }
}

/**
 * The configuration-axis value of `config` for a chart (see {@link Axis}). Throws RangeError on
 * an unknown axis.
 */
export function axisValue(config: PointConfig, axis: Axis): number {
  switch (axis) {
    case 'layers':
      return config.hidden.length;
    case 'width':
      return config.hidden[0]!;
    case 'trainSize':
      return config.trainSize;
    case 'chars':
      return config.chars.length;
    default:
      throw new RangeError(`axis must be layers, width, trainSize or chars, got ${String(axis)}`);
  }
}

/**
 * Resolves every point of `experiment` at `scale`: base ← scale ← point.set ←
 * point.scales[scale] ← `overrides`, each result validated. Returns the points in definition
 * order, or the first error, located by experiment and point. Throws on a malformed experiment
 * (bad or repeated point ids) or an unknown scale.
 */
export function resolvePoints(
  experiment: Experiment,
  scale: Scale,
  overrides: Partial<PointConfig> = {},
): E.Either<PointConfigError, ResolvedPoint[]> {
  checkScale(scale);
  checkPointIds(experiment);
  const name = experiment.name;
  const fail = (error: ConfigError, pointId?: string): E.Either<PointConfigError, never> =>
    E.left({
      _tag: 'PointConfigError',
      experiment: name,
      ...(pointId === undefined ? {} : { pointId }),
      error,
      message: `${name}${pointId === undefined ? '' : `/${pointId}`}: ${error.message}`,
    });
  const user = validatePartialConfig(overrides);
  if (E.isLeft(user)) return fail(user.left);
  const scaleSet = validatePartialConfig(experiment.scales[scale]);
  if (E.isLeft(scaleSet)) return fail(scaleSet.left);
  const out: ResolvedPoint[] = [];
  for (const p of experiment.points) {
    const own = validatePartialConfig(p.set);
    if (E.isLeft(own)) return fail(own.left, p.id);
    const perScale = validatePartialConfig(p.scales?.[scale] ?? {});
    if (E.isLeft(perScale)) return fail(perScale.left, p.id);
    const merged = mergeConfig(
      experiment.base,
      scaleSet.right,
      own.right,
      perScale.right,
      user.right,
    );
    const config = validateConfig(merged);
    if (E.isLeft(config)) return fail(config.left, p.id);
    out.push({ experiment: name, pointId: p.id, label: p.label, config: config.right });
  }
  return E.right(out);
}

/** Throws RangeError unless every point id is a distinct, filesystem-safe name. */
export function checkPointIds(experiment: Experiment): void {
  if (typeof experiment !== 'object' || experiment === null || !Array.isArray(experiment.points)) {
    throw new TypeError(`experiment must be an Experiment, got ${String(experiment)}`);
  }
  if (!POINT_ID.test(experiment.name)) {
    throw new RangeError(`experiment.name must match ${POINT_ID}, got ${experiment.name}`);
  }
  const seen = new Set<string>();
  for (const p of experiment.points) {
    if (typeof p.id !== 'string' || !POINT_ID.test(p.id)) {
      throw new RangeError(
        `point id must match ${POINT_ID} (a directory name), got ${JSON.stringify(p.id)}`,
      );
    }
    if (seen.has(p.id)) throw new RangeError(`point id ${p.id} is repeated in ${experiment.name}`);
    seen.add(p.id);
  }
}
