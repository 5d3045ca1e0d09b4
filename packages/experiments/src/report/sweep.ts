// The data of Figures 9–11: test error (%) per x value and initialisation. Browser-safe.

import { hiddenLayers, isPretrained, type PointAggregate } from './aggregate.js';
import type { FigureKind } from './kind.js';
import { describeValues, type Stat } from './stats.js';
import type { ConfigRecord, ReportFigure } from './summary.js';
import { isArray } from './validate.js';

/** The swept variable of a DNN figure. */
export type SweepAxisName = 'depth' | 'width' | 'trainSize' | 'chars';

/** How a swept variable is read from a config, named and drawn. */
export interface SweepAxis {
  readonly name: SweepAxisName;
  /** Axis title. */
  readonly title: string;
  /** The variable in a sentence ("depth"). */
  readonly noun: string;
  /** A value in a sentence: `at(4)` → "depth 4", "4 characters". */
  readonly at: (x: number) => string;
  /** Plural noun for "k of n …" ("depths"). */
  readonly plural: string;
  /** Unit for a slope ("pp per layer"). */
  readonly slopeUnit: string;
  /** Log-scale x axis (and slopes taken against log10 x). */
  readonly log: boolean;
  /** The x value of a config, or undefined when it has none. */
  readonly of: (config: ConfigRecord) => number | undefined;
}

/** The swept variables of Figures 9 (depth), 10 (width), 11 (training size), and characters. */
export const SWEEP_AXES: Readonly<Record<SweepAxisName, SweepAxis>> = Object.freeze({
  depth: {
    name: 'depth',
    title: 'hidden layers',
    noun: 'depth',
    at: (x: number) => `depth ${x}`,
    plural: 'depths',
    slopeUnit: 'pp per layer',
    log: false,
    of: (c: ConfigRecord) => hiddenLayers(c)?.length,
  },
  width: {
    name: 'width',
    title: 'units per hidden layer',
    noun: 'width',
    at: (x: number) => `width ${x}`,
    plural: 'widths',
    slopeUnit: 'pp per unit',
    log: false,
    of: (c: ConfigRecord) => hiddenLayers(c)?.[0],
  },
  trainSize: {
    name: 'trainSize',
    title: 'training examples',
    noun: 'log10(training size)',
    at: (x: number) => `${x} examples`,
    plural: 'training sizes',
    slopeUnit: 'pp per decade',
    log: true,
    of: (c: ConfigRecord) => (typeof c.trainSize === 'number' ? c.trainSize : undefined),
  },
  chars: {
    name: 'chars',
    title: 'characters learnt',
    noun: 'number of characters',
    at: (x: number) => `${x} characters`,
    plural: 'character counts',
    slopeUnit: 'pp per character',
    log: false,
    of: (c: ConfigRecord) => (Array.isArray(c.chars) ? c.chars.length : undefined),
  },
});

const AXIS_OF_KIND: Partial<Record<FigureKind, SweepAxisName>> = {
  'error-vs-depth': 'depth',
  'error-vs-width': 'width',
  'error-vs-train-size': 'trainSize',
  'error-vs-chars': 'chars',
};

/**
 * The swept variable of a line-chart kind, with the axis title and log scale of the summary's
 * `figure` when it gives them (`xLabel`, `logX`); undefined for other kinds.
 */
export function sweepAxisFor(kind: FigureKind, figure?: ReportFigure): SweepAxis | undefined {
  const name = AXIS_OF_KIND[kind];
  if (name === undefined) return undefined;
  const axis = SWEEP_AXES[name];
  if (figure === undefined || figure.kind !== 'line') return axis;
  return {
    ...axis,
    ...(figure.xLabel !== undefined ? { title: figure.xLabel } : {}),
    ...(figure.logX !== undefined ? { log: figure.logX } : {}),
  };
}

/** The two initialisations compared in Figures 9–11. */
export type Init = 'pretrained' | 'random';

/** One (x, initialisation) cell of a sweep: test error in percent over its repetitions. */
export interface SweepRow {
  readonly x: number;
  readonly init: Init;
  /** Test error rate × 100 over the successful repetitions. */
  readonly errorPercent: Stat;
  /** Labels of the points merged into this cell (normally one). */
  readonly labels: readonly string[];
}

/**
 * The sweep's cells sorted by x then initialisation (pretrained first): every successful
 * repetition with a test error and an x value contributes its error × 100; points sharing
 * (x, init) are merged.
 */
export function sweepRows(points: readonly PointAggregate[], axis: SweepAxis): SweepRow[] {
  if (!isArray(points)) {
    throw new TypeError(`sweepRows: points must be an array, got ${typeof points}`);
  }
  if (typeof axis !== 'object' || axis === null || typeof axis.of !== 'function') {
    throw new TypeError(`sweepRows: axis must be one of SWEEP_AXES, got ${String(axis)}`);
  }
  const cells = new Map<string, { x: number; init: Init; values: number[]; labels: string[] }>();
  for (const p of points) {
    const x = axis.of(p.config);
    if (x === undefined) continue;
    const values = p.reps
      .map((r) => r.metrics.testErrorRate)
      .filter((v): v is number => v !== undefined)
      .map((v) => v * 100);
    if (values.length === 0) continue;
    const init: Init = isPretrained(p.config) ? 'pretrained' : 'random';
    const key = `${x}|${init}`;
    const cell = cells.get(key);
    if (cell === undefined) cells.set(key, { x, init, values, labels: [p.label] });
    else {
      cell.values.push(...values);
      cell.labels.push(p.label);
    }
  }
  return [...cells.values()]
    .sort((a, b) => a.x - b.x || (a.init === b.init ? 0 : a.init === 'pretrained' ? -1 : 1))
    .map((c) => ({
      x: c.x,
      init: c.init,
      errorPercent: describeValues(c.values),
      labels: c.labels,
    }));
}
