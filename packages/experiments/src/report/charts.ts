// Vega-Lite specs of the study's charts, built from experiment results. Browser-safe: the web
// viewer renders these exact specs; `renderSvg` (render-svg.ts) renders them in Node.

import type { TopLevelSpec } from 'vega-lite';
import { architectureLabel, hiddenLayers, isPretrained, type PointAggregate } from './aggregate.js';
import { CAPACITY_CRITERION, capacityRows } from './capacity.js';
import { STUDY_FIG3_EQM, STUDY_TABLE1_BEST } from './claims.js';
import type { FigureKind } from './kind.js';
import { describeValues, type Stat } from './stats.js';
import type { StudyReference } from './summary.js';
import { type SweepAxis, sweepAxisFor, sweepRows } from './sweep.js';
import { isArray } from './validate.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const WIDTH = 420;
const HEIGHT = 240;
/** The study's colours: red = pretrained, blue = random (classical). */
const INIT_DOMAIN = ['pretrained', 'random'];
const INIT_RANGE = ['#d62728', '#1f77b4'];
const CONFIG = {
  font: 'Helvetica, Arial, sans-serif',
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 14, subtitleFontSize: 11, subtitleColor: '#555', anchor: 'start' as const },
};

function checkPoints(fn: string, points: readonly PointAggregate[]): void {
  if (!isArray(points)) throw new TypeError(`${fn}: points must be an array, got ${typeof points}`);
}

function seedsNote(counts: readonly number[]): string {
  const max = Math.max(0, ...counts);
  const min = Math.min(...counts);
  if (max <= 1) return 'one seed per point';
  const n = min === max ? `${max}` : `${min}–${max}`;
  return `mean over ${n} seeds per point; band: min–max`;
}

/**
 * Figures 9–11: test error (%) against the swept variable, one line per initialisation
 * (pretrained red, random blue) with markers at the measured means; a min–max band is added
 * when any cell has more than one seed. The x axis is logarithmic for training size. Returns
 * undefined when no point has a test error and an x value.
 */
export function sweepChartSpec(
  points: readonly PointAggregate[],
  axis: SweepAxis,
  title: string,
): TopLevelSpec | undefined {
  checkPoints('sweepChartSpec', points);
  const rows = sweepRows(points, axis);
  if (rows.length === 0) return undefined;
  const values = rows.map((r) => ({
    x: r.x,
    init: r.init,
    mean: r.errorPercent.mean,
    min: r.errorPercent.min,
    max: r.errorPercent.max,
    sd: r.errorPercent.sd,
    n: r.errorPercent.n,
  }));
  const band = rows.some((r) => r.errorPercent.n > 1);
  const xs = [...new Set(rows.map((r) => r.x))].sort((a, b) => a - b);
  const x = {
    field: 'x',
    type: 'quantitative' as const,
    title: axis.title,
    scale: axis.log ? { type: 'log' as const } : { zero: false },
    axis: { values: xs, format: axis.log ? '~s' : 'd' },
  };
  const color = {
    field: 'init',
    type: 'nominal' as const,
    title: 'initialisation',
    scale: { domain: INIT_DOMAIN, range: INIT_RANGE },
    legend: { symbolType: 'stroke', symbolOpacity: 1, symbolStrokeWidth: 3, symbolSize: 300 },
  };
  return {
    $schema: SCHEMA,
    title: { text: title, subtitle: seedsNote(rows.map((r) => r.errorPercent.n)) },
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    data: { values },
    layer: [
      ...(band
        ? [
            {
              mark: { type: 'area' as const, opacity: 0.18 },
              encoding: {
                x,
                y: { field: 'min', type: 'quantitative' as const },
                y2: { field: 'max' },
                color,
              },
            },
          ]
        : []),
      {
        mark: { type: 'line' as const, strokeWidth: 2 },
        encoding: {
          x,
          y: {
            field: 'mean',
            type: 'quantitative' as const,
            title: 'test error (%)',
            scale: { zero: false },
          },
          color,
        },
      },
      {
        mark: { type: 'point' as const, filled: true, size: 40 },
        encoding: {
          x,
          y: { field: 'mean', type: 'quantitative' as const },
          color,
          tooltip: [
            { field: 'x', type: 'quantitative' as const, title: axis.title },
            { field: 'init', type: 'nominal' as const },
            {
              field: 'mean',
              type: 'quantitative' as const,
              title: 'mean error (%)',
              format: '.2f',
            },
            { field: 'n', type: 'quantitative' as const, title: 'seeds' },
          ],
        },
      },
    ],
  };
}

/**
 * The study's printed values to draw next to Figure 3's measurements: `reference` (the summary's
 * `study.reference`, per point id, placed at the q of that point's config) when it is about the
 * reconstruction error, else {@link STUDY_FIG3_EQM}. Sorted by q.
 */
export function studyQSeries(
  points: readonly PointAggregate[],
  reference?: StudyReference,
): { q: number; error: number }[] {
  checkPoints('studyQSeries', points);
  if (reference === undefined || reference.metric !== 'reconstructionError') {
    return STUDY_FIG3_EQM.map((s) => ({ q: s.q, error: s.error }));
  }
  const out: { q: number; error: number }[] = [];
  for (const p of points) {
    const value = Object.hasOwn(reference.values, p.pointId)
      ? reference.values[p.pointId]
      : undefined;
    const q = hiddenLayers(p.config)?.[0];
    if (value !== undefined && value > 0 && q !== undefined) out.push({ q, error: value });
  }
  return out.sort((a, b) => a.q - b.q);
}

/**
 * Figure 3: final reconstruction error against q (log–log), each measured point annotated with
 * its value, next to the values printed in the study (grey, dashed; see {@link studyQSeries}).
 * Points with an error ≤ 0 cannot sit on a log axis and are left out (named in the subtitle).
 * Undefined when no point has both q and a positive error.
 */
export function reconstructionVsQSpec(
  points: readonly PointAggregate[],
  title: string,
  reference?: StudyReference,
): TopLevelSpec | undefined {
  checkPoints('reconstructionVsQSpec', points);
  const withQ = points.filter(
    (p) => p.reconstructionError !== undefined && hiddenLayers(p.config)?.length,
  );
  const dropped = withQ.filter((p) => p.reconstructionError!.mean <= 0).map((p) => p.label);
  const measured = withQ
    .filter((p) => p.reconstructionError!.mean > 0)
    .map((p) => ({
      q: hiddenLayers(p.config)![0]!,
      error: p.reconstructionError!.mean,
      n: p.reconstructionError!.n,
      series: 'measured',
      label: p.label,
    }))
    .sort((a, b) => a.q - b.q);
  if (measured.length === 0) return undefined;
  const study = studyQSeries(points, reference).map((s) => ({
    q: s.q,
    error: s.error,
    n: 1,
    series: 'study (as printed)',
    label: '',
  }));
  const subtitle = [
    seedsNote(measured.map((m) => m.n)).replace('; band: min–max', ''),
    ...(dropped.length > 0 ? [`not drawn (error 0): ${dropped.join(', ')}`] : []),
  ].join(' · ');
  const x = {
    field: 'q',
    type: 'quantitative' as const,
    title: 'hidden units q',
    scale: { type: 'log' as const },
    axis: { format: '~s' },
  };
  const y = {
    field: 'error',
    type: 'quantitative' as const,
    title: 'final reconstruction error',
    scale: { type: 'log' as const },
  };
  const color = {
    field: 'series',
    type: 'nominal' as const,
    title: null,
    scale: { domain: ['measured', 'study (as printed)'], range: ['#d62728', '#888888'] },
  };
  return {
    $schema: SCHEMA,
    title: { text: title, subtitle },
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    data: { values: [...measured, ...study] },
    layer: [
      {
        mark: { type: 'line' as const, strokeWidth: 2 },
        encoding: {
          x,
          y,
          color,
          strokeDash: {
            field: 'series',
            type: 'nominal' as const,
            scale: {
              domain: ['measured', 'study (as printed)'],
              range: [
                [1, 0],
                [5, 4],
              ],
            },
            legend: null,
          },
        },
      },
      { mark: { type: 'point' as const, filled: true, size: 40 }, encoding: { x, y, color } },
      {
        transform: [{ filter: "datum.series === 'measured'" }],
        mark: { type: 'text' as const, dy: -10, fontSize: 10, color: '#333' },
        encoding: { x, y, text: { field: 'error', type: 'quantitative' as const, format: '.3~g' } },
      },
    ],
  };
}

/**
 * Per-epoch reconstruction error of each point (RBM; for a DBN its first layer, which sees the
 * data), averaged over seeds, log y; with point markers when no run exceeds 25 epochs. Undefined when no result has a per-epoch history.
 */
export function epochChartSpec(
  points: readonly PointAggregate[],
  title: string,
): TopLevelSpec | undefined {
  checkPoints('epochChartSpec', points);
  const labels = points.map((p) => p.label);
  const unique = (p: PointAggregate): string =>
    labels.filter((l) => l === p.label).length > 1 ? `${p.label} [${p.pointId}]` : p.label;
  const values: { point: string; epoch: number; error: number }[] = [];
  const domain: string[] = [];
  let dbn = false;
  for (const p of points) {
    const byEpoch = new Map<number, number[]>();
    for (const r of p.reps) {
      const h = r.metrics.history;
      if (h.length === 0) continue;
      const first = Math.min(...h.map((e) => e.layer));
      if (h.some((e) => e.layer !== first)) dbn = true;
      for (const e of h) {
        if (e.layer !== first || !(e.reconstructionError > 0)) continue;
        const list = byEpoch.get(e.epoch);
        if (list === undefined) byEpoch.set(e.epoch, [e.reconstructionError]);
        else list.push(e.reconstructionError);
      }
    }
    if (byEpoch.size === 0) continue;
    const name = unique(p);
    domain.push(name);
    for (const [epoch, errs] of [...byEpoch.entries()].sort((a, b) => a[0] - b[0])) {
      values.push({ point: name, epoch, error: describeValues(errs).mean });
    }
  }
  if (values.length === 0) return undefined;
  const maxEpochs = Math.max(...values.map((v) => v.epoch));
  return {
    $schema: SCHEMA,
    title: {
      text: title,
      subtitle: dbn
        ? 'first layer (the RBM that sees the data); mean over seeds'
        : 'mean over seeds',
    },
    width: WIDTH,
    height: 180,
    config: CONFIG,
    data: { values },
    // Markers keep short runs (a single epoch is a point, not a line) visible.
    mark: {
      type: 'line',
      strokeWidth: 1.5,
      ...(maxEpochs <= 25 ? { point: { filled: true, size: 16 } } : {}),
    },
    encoding: {
      x: {
        field: 'epoch',
        type: 'quantitative',
        title: 'epoch',
        axis: { format: 'd', tickMinStep: 1 },
      },
      y: {
        field: 'error',
        type: 'quantitative',
        title: 'reconstruction error',
        scale: { type: 'log' },
      },
      color: {
        field: 'point',
        type: 'nominal',
        title: 'point',
        scale: { domain, scheme: domain.length <= 10 ? 'tableau10' : 'tableau20' },
      },
    },
  };
}

/**
 * Table 1 as bars: mean test error (%) per configuration, pretrained red / random blue, with a
 * min–max rule when a configuration has several seeds, and the study's best (4 × 400 ≈ 1.5 %)
 * as a dashed reference line. Undefined when no point has a test error.
 */
export function bestConfigurationSpec(
  points: readonly PointAggregate[],
  title: string,
): TopLevelSpec | undefined {
  checkPoints('bestConfigurationSpec', points);
  const values = points
    .filter((p) => p.testErrorRate !== undefined && hiddenLayers(p.config))
    .map((p) => ({
      config: `${architectureLabel(hiddenLayers(p.config)!)}${isPretrained(p.config) ? '' : ' (random)'}`,
      init: isPretrained(p.config) ? 'pretrained' : 'random',
      mean: p.testErrorRate!.mean * 100,
      min: p.testErrorRate!.min * 100,
      max: p.testErrorRate!.max * 100,
      n: p.testErrorRate!.n,
    }));
  if (values.length === 0) return undefined;
  const studyPct = STUDY_TABLE1_BEST.testErrorRate * 100;
  const inits = INIT_DOMAIN.filter((i) => values.some((v) => v.init === i));
  const y = {
    field: 'config',
    type: 'nominal' as const,
    title: 'configuration',
    sort: values.map((v) => v.config),
  };
  return {
    $schema: SCHEMA,
    title: { text: title, subtitle: seedsNote(values.map((v) => v.n)) },
    width: WIDTH,
    height: { step: 22 },
    config: CONFIG,
    layer: [
      {
        data: { values },
        mark: { type: 'bar' as const },
        encoding: {
          y,
          x: { field: 'mean', type: 'quantitative' as const, title: 'test error (%)' },
          color: {
            field: 'init',
            type: 'nominal' as const,
            title: 'initialisation',
            scale: { domain: inits, range: inits.map((i) => INIT_RANGE[INIT_DOMAIN.indexOf(i)]!) },
          },
        },
      },
      ...(values.some((v) => v.n > 1)
        ? [
            {
              data: { values },
              mark: { type: 'rule' as const, color: '#222' },
              encoding: {
                y,
                x: { field: 'min', type: 'quantitative' as const },
                x2: { field: 'max' },
              },
            },
          ]
        : []),
      {
        data: {
          values: [
            { x: studyPct, text: `study: ${STUDY_TABLE1_BEST.architecture} ≈ ${studyPct} %` },
          ],
        },
        mark: { type: 'rule' as const, color: '#555', strokeDash: [5, 4] },
        encoding: { x: { field: 'x', type: 'quantitative' as const } },
      },
      {
        data: {
          values: [
            { x: studyPct, text: `study: ${STUDY_TABLE1_BEST.architecture} ≈ ${studyPct} %` },
          ],
        },
        mark: {
          type: 'text' as const,
          align: 'left' as const,
          dx: 4,
          y: -6,
          fontSize: 10,
          color: '#555',
        },
        encoding: { x: { field: 'x', type: 'quantitative' as const }, text: { field: 'text' } },
      },
    ],
  };
}

/** One panel of the capacity chart: mean and min–max over seeds of a metric per n. */
function capacityPanel(
  rows: readonly { x: number; mean: number; min: number; max: number; n: number }[],
  xs: readonly number[],
  yTitle: string,
  title: string,
  extra: readonly Record<string, unknown>[],
  yScale: Record<string, unknown>,
  format: string,
): Record<string, unknown> {
  const x = {
    field: 'x',
    type: 'quantitative' as const,
    title: 'number of characters trained on',
    scale: { domain: [Math.min(...xs) - 0.5, Math.max(...xs) + 0.5], nice: false },
    axis: { values: xs, format: 'd' },
  };
  const y = { field: 'mean', type: 'quantitative' as const, title: yTitle, scale: yScale };
  const spread = rows.some((r) => r.n > 1);
  return {
    title,
    width: WIDTH,
    height: 200,
    layer: [
      ...extra,
      ...(spread
        ? [
            {
              data: { values: rows },
              mark: { type: 'rule' as const, color: '#d62728', strokeWidth: 1.5 },
              encoding: {
                x,
                y: { field: 'min', type: 'quantitative' as const },
                y2: { field: 'max' },
              },
            },
          ]
        : []),
      {
        data: { values: rows },
        mark: { type: 'line' as const, color: '#d62728', strokeWidth: 2 },
        encoding: { x, y },
      },
      {
        data: { values: rows },
        mark: { type: 'point' as const, filled: true, size: 40, color: '#d62728' },
        encoding: {
          x,
          y,
          tooltip: [
            { field: 'x', type: 'quantitative' as const, title: 'characters' },
            { field: 'mean', type: 'quantitative' as const, title: yTitle, format },
            { field: 'min', type: 'quantitative' as const, title: 'min', format },
            { field: 'max', type: 'quantitative' as const, title: 'max', format },
            { field: 'n', type: 'quantitative' as const, title: 'seeds' },
          ],
        },
      },
    ],
  };
}

/**
 * The capacity experiments (issue #7): against the number of characters n, up to three stacked
 * panels — recognised samples (%) with the criterion's threshold (dashed), coverage (characters
 * generated) with the line y = n of "every character appears" (dashed), and mean log-likelihood
 * per image (nats) — each the mean over seeds (line and dots) with a min–max rule per n when a
 * point has several seeds. A panel is drawn when some point has its metric; undefined when none
 * has any.
 */
export function capacityChartSpec(
  points: readonly PointAggregate[],
  title: string,
): TopLevelSpec | undefined {
  checkPoints('capacityChartSpec', points);
  const rows = capacityRows(points);
  const series = (pick: (r: (typeof rows)[number]) => Stat | undefined, scale: number) =>
    rows.flatMap((r) => {
      const s = pick(r);
      return s === undefined
        ? []
        : [{ x: r.x, mean: s.mean * scale, min: s.min * scale, max: s.max * scale, n: s.n }];
    });
  const recognised = series((r) => r.recognised, 100);
  const coverage = series((r) => r.coverage, 1);
  const loglik = series((r) => r.meanLogLikelihood, 1);
  const xs = [...new Set(rows.map((r) => r.x))];
  const panels: Record<string, unknown>[] = [];
  const dashed = { strokeDash: [5, 4], color: '#888888' };
  if (recognised.length > 0) {
    const threshold = CAPACITY_CRITERION.minRecognised * 100;
    panels.push(
      capacityPanel(
        recognised,
        xs,
        'recognised samples (%)',
        'Recognised samples',
        [
          {
            data: { values: [{ y: threshold, text: `criterion ${threshold} %` }] },
            mark: { type: 'rule' as const, ...dashed },
            encoding: { y: { field: 'y', type: 'quantitative' as const } },
          },
          {
            data: { values: [{ y: threshold, text: `criterion ≥ ${threshold} %` }] },
            mark: {
              type: 'text' as const,
              align: 'right' as const,
              baseline: 'bottom' as const,
              x: 'width',
              dx: -4,
              dy: -3,
              fontSize: 10,
              color: '#555',
            },
            encoding: {
              y: { field: 'y', type: 'quantitative' as const },
              text: { field: 'text' },
            },
          },
        ],
        { domain: [0, 100] },
        '.1f',
      ),
    );
  }
  if (coverage.length > 0) {
    const diagonal = xs.map((x) => ({ x, y: x }));
    panels.push(
      capacityPanel(
        coverage,
        xs,
        'characters generated (coverage)',
        'Coverage — dashed: every character appears (y = n)',
        [
          {
            data: { values: diagonal },
            mark: { type: 'line' as const, ...dashed },
            encoding: {
              x: { field: 'x', type: 'quantitative' as const },
              y: { field: 'y', type: 'quantitative' as const },
            },
          },
        ],
        { zero: true },
        '.2f',
      ),
    );
  }
  if (loglik.length > 0) {
    const methods = new Set(
      points.flatMap((p) => p.reps.map((r) => r.metrics.likelihood?.method).filter((m) => m)),
    );
    const bound = methods.has('dbn-bound') ? ' (DBN: variational lower bound)' : '';
    const sets = new Set(
      points.flatMap((p) =>
        p.reps.flatMap((r) =>
          r.metrics.likelihood?.set === undefined ? [] : [r.metrics.likelihood.set],
        ),
      ),
    );
    const of =
      sets.size === 1 && sets.has('train')
        ? ' of the training images'
        : sets.size === 1 && sets.has('test')
          ? ' of the test images'
          : ' per image';
    panels.push(
      capacityPanel(
        loglik,
        xs,
        'log-likelihood per image (nats)',
        `Mean log-likelihood${of}${bound}`,
        [],
        { zero: false },
        '.2f',
      ),
    );
  }
  if (panels.length === 0) return undefined;
  const counts = [...recognised, ...coverage, ...loglik].map((r) => r.n);
  return {
    $schema: SCHEMA,
    title: { text: title, subtitle: seedsNote(counts).replace('band', 'bars') },
    config: CONFIG,
    vconcat: panels,
    spacing: 24,
  } as unknown as TopLevelSpec;
}

/** Options of {@link figureSpec}. */
export interface FigureOptions {
  /** The swept variable of a line-chart kind (default {@link sweepAxisFor}(kind)). */
  readonly axis?: SweepAxis;
  /** The study's numbers per point id (the summary's `study.reference`). */
  readonly reference?: StudyReference;
}

/**
 * The figure of an experiment, the spec written to `<experiment>/figure.svg`: the main chart of
 * its kind (sweep lines for fig9–11, bars for table1, error vs q for fig3, quality panels for
 * the capacity experiments) stacked above the
 * per-epoch reconstruction chart when the points have histories. Undefined when there is
 * nothing to draw (e.g. fig8, or no successful point).
 */
export function figureSpec(
  kind: FigureKind,
  points: readonly PointAggregate[],
  title: string,
  options: FigureOptions = {},
): TopLevelSpec | undefined {
  checkPoints('figureSpec', points);
  if (typeof title !== 'string')
    throw new TypeError(`figureSpec: title must be a string, got ${typeof title}`);
  let main: TopLevelSpec | undefined;
  switch (kind) {
    case 'error-vs-depth':
    case 'error-vs-width':
    case 'error-vs-train-size':
    case 'error-vs-chars':
      main = sweepChartSpec(points, options.axis ?? sweepAxisFor(kind)!, title);
      break;
    case 'best-configuration':
      main = bestConfigurationSpec(points, title);
      break;
    case 'reconstruction-vs-q':
      main = reconstructionVsQSpec(points, title, options.reference);
      break;
    case 'capacity':
      main = capacityChartSpec(points, title);
      break;
    default:
      main = undefined;
  }
  const epochs = epochChartSpec(
    points,
    main === undefined
      ? `${title}: reconstruction error per epoch`
      : 'Reconstruction error per epoch',
  );
  if (main === undefined) return epochs;
  if (epochs === undefined) return main;
  const strip = (s: TopLevelSpec): Record<string, unknown> => {
    const { $schema: _s, config: _c, ...rest } = s as unknown as Record<string, unknown>;
    return rest;
  };
  return {
    $schema: SCHEMA,
    config: CONFIG,
    vconcat: [strip(main), strip(epochs)],
    spacing: 30,
    resolve: {
      scale: { color: 'independent', strokeDash: 'independent' },
      legend: { color: 'independent' },
    },
  } as unknown as TopLevelSpec;
}
