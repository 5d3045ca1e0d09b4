import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { parseSummary, type ReportSummary } from '../src/report/summary.js';

const source = { path: '/run/fig9/summary.json', experiment: 'fig9' };

const ok = (json: unknown): ReportSummary => {
  const r = parseSummary(json, source);
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right;
};

const bad = (json: unknown) => {
  const r = parseSummary(json, source);
  if (E.isRight(r)) throw new Error('expected a Left');
  return r.left;
};

/** A result.json as docs/0002-experiments.md describes it. */
const result = (over: Record<string, unknown> = {}) => ({
  experiment: 'fig9',
  pointId: 'layers2-pretrained',
  label: '2 × 200, pretrained',
  rep: 0,
  seed: 1,
  hash: 'abc',
  codeVersion: '0.1.0',
  config: { model: 'dnn', hidden: [200, 200], pretrain: true, trainSize: 1000 },
  metrics: {
    testErrorRate: 0.025,
    trainErrorRate: 0.01,
    testLoss: 0.1,
    secondsPerEpoch: 0.5,
    history: [{ epoch: 1, loss: 0.3, accuracy: 0.9, seconds: 1 }],
    pretrainHistory: [{ layer: 1, epoch: 1, reconstructionError: 0.1, seconds: 1 }],
  },
  artifacts: { model: 'model.safetensors' },
  startedAt: 'a',
  finishedAt: 'b',
  seconds: 12.5,
  ...over,
});

/** A summary.json as docs/0002-experiments.md describes it. */
const summary = (over: Record<string, unknown> = {}) => ({
  experiment: 'fig9',
  title: 'Depth',
  study: { ref: 'Figure 9', claim: 'pretrained wins' },
  figure: {
    kind: 'line',
    x: 'layers',
    xLabel: 'hidden layers',
    logX: false,
    y: 'testErrorRate',
    series: 'pretrain',
  },
  scale: 'quick',
  quick: 'fewer epochs',
  seed: 1,
  seeds: 2,
  codeVersion: '0.1.0',
  overrides: { epochs: 3 },
  points: [
    { id: 'layers2-pretrained', label: '2 × 200, pretrained' },
    { id: 'layers2-random', label: '2 × 200, random init' },
  ],
  complete: false,
  results: [result(), result({ rep: 1, metrics: { testErrorRate: 0.03 } })],
  missing: [
    { pointId: 'layers2-random', rep: 0 },
    { pointId: 'layers2-random', rep: 1 },
  ],
  writtenAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

describe('parseSummary', () => {
  it('reads the contract’s summary and result fields', () => {
    const s = ok(summary());
    expect(s).toMatchObject({
      experiment: 'fig9',
      title: 'Depth',
      scale: 'quick',
      quick: 'fewer epochs',
      seed: 1,
      seeds: 2,
      codeVersion: '0.1.0',
      overrides: { epochs: 3 },
      figure: { kind: 'line', x: 'layers', xLabel: 'hidden layers', logX: false },
    });
    expect(s.study).toEqual({ ref: 'Figure 9', claim: 'pretrained wins' });
    expect(s.points?.map((p) => p.id)).toEqual(['layers2-pretrained', 'layers2-random']);
    expect(s.missing).toEqual([
      { pointId: 'layers2-random', rep: 0 },
      { pointId: 'layers2-random', rep: 1 },
    ]);
    expect(s.results).toHaveLength(2);
    expect(s.results[0]).toMatchObject({
      pointId: 'layers2-pretrained',
      label: '2 × 200, pretrained',
      rep: 0,
      seed: 1,
      seconds: 12.5,
      artifacts: { model: 'model.safetensors' },
      metrics: { testErrorRate: 0.025, trainErrorRate: 0.01, secondsPerEpoch: 0.5, history: [] },
    });
    expect(s.results[1]!.metrics.testErrorRate).toBe(0.03);
  });

  it('reads the study’s reference values, figure kinds, failures and fig8’s numbers', () => {
    const s = ok(
      summary({
        study: {
          ref: 'F3',
          claim: 'c',
          reference: { metric: 'reconstructionError', values: { q1: 0.27 } },
        },
        figure: { kind: 'mosaic', caption: 'reconstructionError' },
        results: [
          result({
            metrics: { error: { kind: 'out-of-memory', message: 'the 320 × 100000 matrix' } },
          }),
          result({
            pointId: 'b',
            metrics: { binarisation: { labels: [5, 0], onFraction: [0.2, 0.1] } },
          }),
        ],
      }),
    );
    expect(s.study?.reference).toEqual({ metric: 'reconstructionError', values: { q1: 0.27 } });
    expect(s.figure).toEqual({ kind: 'mosaic', caption: 'reconstructionError' });
    expect(s.results[0]!.metrics.error).toEqual({
      kind: 'out-of-memory',
      message: 'the 320 × 100000 matrix',
    });
    expect(s.results[1]!.metrics.binarisation).toEqual({ labels: [5, 0], onFraction: [0.2, 0.1] });
    expect(ok(summary({ figure: { kind: 'table', metric: 'testErrorRate' } })).figure).toEqual({
      kind: 'table',
    });
    expect(ok(summary({ figure: { kind: 'binarisation' } })).figure).toEqual({
      kind: 'binarisation',
    });
  });

  it('keeps the reconstruction epochs of RBM and DBN histories, skipping backprop epochs', () => {
    const s = ok(
      summary({
        results: [
          result({
            metrics: {
              history: [
                { epoch: 1, reconstructionError: 0.5, seconds: 1 },
                { epoch: 2, reconstructionError: 0.4, seconds: 1 },
                { layer: 2, epoch: 1, reconstructionError: 0.2, seconds: 1 },
                { epoch: 3, loss: 2, accuracy: 0.5, seconds: 1 },
              ],
            },
          }),
        ],
      }),
    );
    expect(s.results[0]!.metrics.history).toEqual([
      { layer: 0, epoch: 1, reconstructionError: 0.5 },
      { layer: 0, epoch: 2, reconstructionError: 0.4 },
      { layer: 2, epoch: 1, reconstructionError: 0.2 },
    ]);
  });

  it('needs only experiment-less results: metadata fields are optional', () => {
    const s = ok({ results: [{ pointId: 'p', config: {}, metrics: {} }] });
    expect(s).toEqual({
      experiment: 'fig9',
      missing: [],
      results: [
        {
          experiment: 'fig9',
          pointId: 'p',
          label: 'p',
          rep: 0,
          config: {},
          metrics: { history: [] },
          artifacts: {},
        },
      ],
    });
  });

  it('names the file and the JSON location of every violation', () => {
    const cases: [unknown, string, RegExp][] = [
      [
        summary({ results: [result({ metrics: { testErrorRate: 12 } })] }),
        'results[0].metrics.testErrorRate',
        /in 0\.\.1, got 12/,
      ],
      [
        summary({ results: [result(), result({ rep: 1, config: { hidden: [0] } })] }),
        'results[1].config.hidden',
        /positive integers/,
      ],
      [
        summary({ results: [result({ config: { pretrain: 'yes' } })] }),
        'results[0].config.pretrain',
        /boolean/,
      ],
      [summary({ results: [result({ pointId: undefined })] }), 'results[0].pointId', /missing/],
      [summary({ results: [result({ rep: 1.5 })] }), 'results[0].rep', /integer/],
      [summary({ results: [result({ experiment: 'fig10' })] }), 'results[0].experiment', /"fig10"/],
      [summary({ experiment: 'fig10' }), 'experiment', /expected "fig9"/],
      [
        summary({ results: [result(), result()] }),
        'results',
        /two results for point "layers2-pretrained" rep 0/,
      ],
      [summary({ results: undefined }), 'results', /expected an array of results/],
      [
        summary({ results: [result({ metrics: { history: [3] } })] }),
        'results[0].metrics.history[0]',
        /epoch record/,
      ],
      [
        summary({ results: [result({ artifacts: { samples: 5 } })] }),
        'results[0].artifacts.samples',
        /file name/,
      ],
      [
        summary({
          results: [result({ metrics: { binarisation: { labels: [1], onFraction: [2] } } })],
        }),
        'results[0].metrics.binarisation.onFraction',
        /0\.\.1/,
      ],
      [
        summary({ figure: { kind: 'pie' } }),
        'figure.kind',
        /mosaic, line, table, binarisation, capacity or likelihood/,
      ],
      [
        summary({ figure: { kind: 'line', x: 'depth' } }),
        'figure.x',
        /layers, width, trainSize, chars/,
      ],
      [
        summary({ study: { ref: 'r', claim: 'c', reference: { metric: 'x', values: {} } } }),
        'study.reference',
        /metric/,
      ],
      [summary({ seeds: 0 }), 'seeds', /≥ 1/],
      [summary({ missing: [{ rep: 0 }] }), 'missing[0].pointId', /missing/],
      [summary({ points: [{ label: 'no id' }] }), 'points[0].id', /missing/],
      [summary({ overrides: 'epochs=3' }), 'overrides', /object/],
      [[result()], '', /expected a summary object/],
    ];
    for (const [json, at, why] of cases) {
      const err = bad(json);
      expect(err._tag).toBe('InvalidSummary');
      expect(err.at, String(why)).toBe(at);
      expect(err.message).toContain('/run/fig9/summary.json');
      expect(err.message).toMatch(why);
    }
  });

  it('rejects a bad source with a TypeError naming it', () => {
    expect(() => parseSummary({}, { path: '', experiment: 'fig9' })).toThrow(/source\.path/);
    expect(() => parseSummary({}, { path: 'p', experiment: '' })).toThrow(/source\.experiment/);
  });
});
