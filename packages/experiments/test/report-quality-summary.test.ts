// Issue #7 on the report's read side: the new figure kinds and reference metric, and
// metrics.quality / metrics.likelihood parsed defensively and aggregated over seeds.
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { aggregatePoints } from '../src/report/aggregate.js';
import { figureKind } from '../src/report/kind.js';
import { parseSummary, type ReportSummary } from '../src/report/summary.js';

const source = { path: '/run/capacity-rbm/summary.json', experiment: 'capacity-rbm' };

/** metrics.quality as result.ts describes it. */
const quality = (over: Record<string, unknown> = {}) => ({
  classifier: { dataset: 'alphadigits', classes: 36, heldOutAccuracy: 0.93, id: 'c0ffee' },
  tau: 0.8,
  samples: 30,
  recognised: 0.8,
  coverage: 2,
  classes: 3,
  coverageEntropy: 0.6,
  perClass: [12, 12, 0],
  ...over,
});

/** metrics.likelihood as result.ts describes it. */
const likelihood = (over: Record<string, unknown> = {}) => ({
  method: 'ais',
  meanLogLikelihood: -52.1,
  set: 'train',
  images: 117,
  logZ: 300,
  logZLow: 299.8,
  logZHigh: 300.3,
  runs: 100,
  betas: 14500,
  seconds: 12,
  ...over,
});

const result = (metrics: Record<string, unknown>, rep = 0, pointId = 'n3') => ({
  experiment: 'capacity-rbm',
  pointId,
  label: `${pointId.slice(1)} characters`,
  rep,
  config: { model: 'rbm', chars: ['2', '4', 'B'], hidden: [500] },
  metrics,
  artifacts: { samples: 'samples.png' },
});

const summary = (over: Record<string, unknown> = {}) => ({
  experiment: 'capacity-rbm',
  figure: { kind: 'capacity' },
  study: {
    ref: 'Figure 4',
    claim: 'an RBM learns ~3 characters',
  },
  seeds: 3,
  results: [result({ quality: quality(), likelihood: likelihood() })],
  missing: [],
  ...over,
});

const ok = (json: unknown, src = source): ReportSummary => {
  const r = parseSummary(json, src);
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right;
};

describe('parseSummary: issue #7 kinds, reference metric and metrics', () => {
  it('accepts the capacity and likelihood figure kinds, and they set the figure kind', () => {
    const s = ok(summary());
    expect(s.figure).toEqual({ kind: 'capacity' });
    expect(figureKind('renamed', [], s.figure)).toBe('capacity');
    const l = ok(
      {
        ...summary({ figure: { kind: 'likelihood' } }),
        experiment: 'ais-mnist',
        results: [],
      },
      { path: '/run/ais-mnist/summary.json', experiment: 'ais-mnist' },
    );
    expect(figureKind('renamed', [], l.figure)).toBe('likelihood');
    expect(figureKind('capacity-rbm', [])).toBe('capacity');
    expect(figureKind('capacity-dbn', [])).toBe('capacity');
    expect(figureKind('ais-mnist', [])).toBe('likelihood');
  });

  it('reads the logLikelihood reference metric', () => {
    const s = ok(
      summary({
        study: {
          ref: 'S&M 2008',
          claim: 'CD-25 reaches −86.34',
          reference: { metric: 'logLikelihood', values: { cd25: -86.34 } },
        },
      }),
    );
    expect(s.study?.reference).toEqual({ metric: 'logLikelihood', values: { cd25: -86.34 } });
  });

  it('reads metrics.quality and metrics.likelihood, a null logZLow as unbounded', () => {
    const s = ok(
      summary({
        results: [result({ quality: quality(), likelihood: likelihood({ logZLow: null }) })],
      }),
    );
    const m = s.results[0]!.metrics;
    expect(m.quality).toEqual({
      recognised: 0.8,
      coverage: 2,
      classes: 3,
      coverageEntropy: 0.6,
      samples: 30,
      tau: 0.8,
      perClass: [12, 12, 0],
      classifier: { id: 'c0ffee', heldOutAccuracy: 0.93 },
    });
    expect(m.likelihood).toEqual({
      method: 'ais',
      meanLogLikelihood: -52.1,
      set: 'train',
      images: 117,
      logZ: 300,
      logZHigh: 300.3,
      runs: 100,
      betas: 14500,
      seconds: 12,
    });
  });

  it('names the file and the JSON path of a malformed quality or likelihood', () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ quality: 'good' }, 'results[0].metrics.quality', /expected \{ recognised/],
      [
        { quality: quality({ recognised: 1.2 }) },
        'results[0].metrics.quality.recognised',
        /0\.\.1/,
      ],
      [
        { quality: quality({ recognised: undefined }) },
        'results[0].metrics.quality.recognised',
        /missing/,
      ],
      [
        { quality: quality({ coverage: 4 }) },
        'results[0].metrics.quality.coverage',
        /at most classes \(3\)/,
      ],
      [{ quality: quality({ coverage: 1.5 }) }, 'results[0].metrics.quality.coverage', /integer/],
      [{ quality: quality({ classes: 0 }) }, 'results[0].metrics.quality.classes', /≥ 1/],
      [
        { quality: quality({ coverageEntropy: 2 }) },
        'results[0].metrics.quality.coverageEntropy',
        /finite number in 0\.\./,
      ],
      [
        { quality: quality({ perClass: [1, 2] }) },
        'results[0].metrics.quality.perClass',
        /3 non-negative integer/,
      ],
      [
        { quality: quality({ classifier: 7 }) },
        'results[0].metrics.quality.classifier',
        /expected/,
      ],
      [
        { quality: quality({ classifier: { heldOutAccuracy: 'high' } }) },
        'results[0].metrics.quality.classifier.heldOutAccuracy',
        /finite number/,
      ],
      [{ likelihood: [] }, 'results[0].metrics.likelihood', /meanLogLikelihood/],
      [
        { likelihood: likelihood({ meanLogLikelihood: 'NaN' }) },
        'results[0].metrics.likelihood.meanLogLikelihood',
        /finite number/,
      ],
      [
        { likelihood: likelihood({ meanLogLikelihood: undefined }) },
        'results[0].metrics.likelihood.meanLogLikelihood',
        /missing/,
      ],
      [
        { likelihood: likelihood({ logZLow: 301 }) },
        'results[0].metrics.likelihood.logZLow',
        /at most logZHigh/,
      ],
      [{ likelihood: likelihood({ runs: -1 }) }, 'results[0].metrics.likelihood.runs', /≥ 0/],
    ];
    for (const [metrics, at, why] of cases) {
      const r = parseSummary(summary({ results: [result(metrics)] }), source);
      if (E.isRight(r)) throw new Error(`expected a Left for ${at}`);
      expect(r.left._tag).toBe('InvalidSummary');
      expect(r.left.at, String(why)).toBe(at);
      expect(r.left.message).toContain('/run/capacity-rbm/summary.json');
      expect(r.left.message).toMatch(why);
    }
  });

  it('rejects an unknown reference metric, naming study.reference', () => {
    const r = parseSummary(
      summary({
        study: { ref: 'r', claim: 'c', reference: { metric: 'nats', values: {} } },
      }),
      source,
    );
    expect(E.isLeft(r) && r.left.at).toBe('study.reference');
  });
});

describe('aggregatePoints: quality and likelihood over seeds', () => {
  it('gives n, mean, sample sd, min and max of each metric over successful seeds', () => {
    const s = ok(
      summary({
        results: [
          result(
            {
              quality: quality({ recognised: 0.6, coverage: 3, coverageEntropy: 1 }),
              likelihood: likelihood({ meanLogLikelihood: -50 }),
            },
            0,
          ),
          result(
            {
              quality: quality({ recognised: 0.9, coverage: 2, coverageEntropy: 0.5 }),
              likelihood: likelihood({ meanLogLikelihood: -54 }),
            },
            1,
          ),
          result(
            { error: { kind: 'diverged', message: 'NaN' }, quality: quality({ recognised: 0 }) },
            2,
          ),
        ],
      }),
    );
    const [p] = aggregatePoints(s.results);
    expect(p!.recognised).toMatchObject({ n: 2, min: 0.6, max: 0.9 });
    expect(p!.recognised!.mean).toBeCloseTo(0.75, 12);
    expect(p!.recognised!.sd).toBeCloseTo(Math.sqrt(0.045), 12);
    expect(p!.coverage).toMatchObject({ n: 2, mean: 2.5, min: 2, max: 3 });
    expect(p!.coverageEntropy).toMatchObject({ n: 2, mean: 0.75 });
    expect(p!.meanLogLikelihood).toMatchObject({ n: 2, mean: -52, min: -54, max: -50 });
    expect(p!.failures).toHaveLength(1);
  });

  it('leaves the metrics out when no seed measured them', () => {
    const s = ok(summary({ results: [result({ reconstructionError: 0.1 })] }));
    const [p] = aggregatePoints(s.results);
    expect(p!.recognised).toBeUndefined();
    expect(p!.coverage).toBeUndefined();
    expect(p!.meanLogLikelihood).toBeUndefined();
  });
});
