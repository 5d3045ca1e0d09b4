// Which figure an experiment draws and which verdict rule applies. Browser-safe.

import type { PointAggregate } from './aggregate.js';
import type { ReportFigure } from './summary.js';
import { isArray } from './validate.js';

/** The kind of figure (and verdict rule) of an experiment. */
export type FigureKind =
  /** fig9: DNN test error vs number of hidden layers, pretrained vs random. */
  | 'error-vs-depth'
  /** fig10: DNN test error vs units per layer. */
  | 'error-vs-width'
  /** fig11: DNN test error vs training examples (log axis). */
  | 'error-vs-train-size'
  /** A line chart of test error vs number of characters (a figure of kind line, x = chars). */
  | 'error-vs-chars'
  /** table1: the best DNN configuration. */
  | 'best-configuration'
  /** fig3: final RBM reconstruction error vs hidden units q (log–log). */
  | 'reconstruction-vs-q'
  /** fig2, fig4–fig7 and other RBM/DBN experiments: generated-sample mosaics, judged by eye. */
  | 'generation'
  /** fig8: grey vs binarised MNIST panels. */
  | 'binarisation'
  /**
   * capacity-rbm / capacity-dbn (issue #7): recognised fraction, coverage and log-likelihood vs
   * the number of characters, and the characters learnt under the criterion of capacity.ts.
   */
  | 'capacity'
  /** ais-mnist (issue #7): AIS test log-likelihoods per trainer beside published values. */
  | 'likelihood'
  /** Anything else: a metrics table only. */
  | 'metrics';

const BY_NAME: Readonly<Record<string, FigureKind>> = {
  fig2: 'generation',
  fig3: 'reconstruction-vs-q',
  fig4: 'generation',
  fig5: 'generation',
  fig6: 'generation',
  fig7: 'generation',
  fig8: 'binarisation',
  fig9: 'error-vs-depth',
  fig10: 'error-vs-width',
  fig11: 'error-vs-train-size',
  table1: 'best-configuration',
  'capacity-rbm': 'capacity',
  'capacity-dbn': 'capacity',
  'ais-mnist': 'likelihood',
};

const BY_AXIS: Readonly<Record<string, FigureKind>> = {
  layers: 'error-vs-depth',
  width: 'error-vs-width',
  trainSize: 'error-vs-train-size',
  chars: 'error-vs-chars',
};

/**
 * The figure kind of an experiment: by its contract name (fig2 … fig11, table1, capacity-*,
 * ais-mnist), else by the summary's `figure` (line → by its x axis, table → best-configuration,
 * mosaic → generation, binarisation, capacity, likelihood), else by the points' `config.model` (rbm/dbn → generation,
 * binarisation → binarisation), else `metrics`.
 */
export function figureKind(
  experiment: string,
  points: readonly PointAggregate[],
  figure?: ReportFigure,
): FigureKind {
  if (typeof experiment !== 'string') {
    throw new TypeError(`figureKind: experiment must be a string, got ${typeof experiment}`);
  }
  if (!isArray(points)) {
    throw new TypeError(`figureKind: points must be an array, got ${typeof points}`);
  }
  if (Object.hasOwn(BY_NAME, experiment)) return BY_NAME[experiment]!;
  if (figure !== undefined) {
    if (figure.kind === 'line') return BY_AXIS[figure.x] ?? 'metrics';
    if (figure.kind === 'table') return 'best-configuration';
    if (figure.kind === 'mosaic') return 'generation';
    if (figure.kind === 'binarisation') return 'binarisation';
    if (figure.kind === 'capacity') return 'capacity';
    if (figure.kind === 'likelihood') return 'likelihood';
  }
  const models = new Set(points.map((p) => p.config.model));
  if (models.size === 1 && (models.has('rbm') || models.has('dbn'))) return 'generation';
  if (models.size === 1 && models.has('binarisation')) return 'binarisation';
  return 'metrics';
}

/**
 * Natural order of experiments in a report: the study's order, then issue #7's capacity-rbm,
 * capacity-dbn and ais-mnist (as registered), then others by name.
 */
export function compareExperiments(a: string, b: string): number {
  const order = [
    'fig2',
    'fig3',
    'fig4',
    'fig5',
    'fig6',
    'fig7',
    'fig8',
    'fig9',
    'fig10',
    'fig11',
    'table1',
    'capacity-rbm',
    'capacity-dbn',
    'ais-mnist',
  ];
  const ia = order.indexOf(a);
  const ib = order.indexOf(b);
  if (ia >= 0 && ib >= 0) return ia - ib;
  if (ia >= 0) return -1;
  if (ib >= 0) return 1;
  return a.localeCompare(b, 'en', { numeric: true });
}
