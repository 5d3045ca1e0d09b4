import { describe, expect, it } from 'vitest';
import { aggregatePoints } from '../src/report/aggregate.js';
import {
  bestConfigurationSpec,
  epochChartSpec,
  figureSpec,
  reconstructionVsQSpec,
  studyQSeries,
  sweepChartSpec,
} from '../src/report/charts.js';
import { STUDY_FIG3_EQM } from '../src/report/claims.js';
import { renderSvg } from '../src/report/render-svg.js';
import { SWEEP_AXES } from '../src/report/sweep.js';
import { result, sweepPoints } from './fixtures/report/points.js';
import { allElements, parseXml } from './fixtures/report/xml.js';

// Specs are plain JSON; the tests read them loosely.
// biome-ignore lint/suspicious/noExplicitAny: deep reads of vega-lite spec JSON in assertions
type Json = Record<string, any>;
const json = (spec: unknown): Json => JSON.parse(JSON.stringify(spec));

const linePaths = (svg: string): number =>
  allElements(parseXml(svg))
    .filter((g) => g.name === 'g' && (g.attrs.class ?? '').includes('mark-line'))
    .reduce((n, g) => n + g.children.filter((c) => c.name === 'path').length, 0);

describe('sweepChartSpec (Figures 9–11)', () => {
  const oneSeed = sweepPoints('depth', [
    { x: 2, pre: [0.02], rnd: [0.05] },
    { x: 4, pre: [0.03], rnd: [0.04] },
  ]);

  it('plots mean test error in % per x and initialisation, red pretrained and blue random', () => {
    const spec = json(sweepChartSpec(oneSeed, SWEEP_AXES.depth, 'Depth'));
    expect(spec.data.values).toEqual([
      { x: 2, init: 'pretrained', mean: 2, min: 2, max: 2, sd: 0, n: 1 },
      { x: 2, init: 'random', mean: 5, min: 5, max: 5, sd: 0, n: 1 },
      { x: 4, init: 'pretrained', mean: 3, min: 3, max: 3, sd: 0, n: 1 },
      { x: 4, init: 'random', mean: 4, min: 4, max: 4, sd: 0, n: 1 },
    ]);
    const line = spec.layer.find((l: Json) => l.mark.type === 'line');
    expect(line.encoding.y.title).toBe('test error (%)');
    expect(line.encoding.color.scale).toEqual({
      domain: ['pretrained', 'random'],
      range: ['#d62728', '#1f77b4'],
    });
    expect(line.encoding.x.axis.values).toEqual([2, 4]);
    expect(spec.layer.some((l: Json) => l.mark.type === 'area')).toBe(false); // one seed: no band
    expect(spec.title.subtitle).toBe('one seed per point');
  });

  it('adds a min–max band with several seeds, and a log x axis for training size', () => {
    const seeds = sweepPoints('trainSize', [
      { x: 1000, pre: [0.05, 0.07], rnd: [0.08, 0.1] },
      { x: 60000, pre: [0.02, 0.03], rnd: [0.03, 0.035] },
    ]);
    const spec = json(sweepChartSpec(seeds, SWEEP_AXES.trainSize, 'Size'));
    const area = spec.layer.find((l: Json) => l.mark.type === 'area');
    expect(area.encoding.y.field).toBe('min');
    expect(area.encoding.y2.field).toBe('max');
    expect(area.encoding.x.scale.type).toBe('log');
    const first = spec.data.values[0];
    expect(first).toMatchObject({ x: 1000, init: 'pretrained', n: 2 });
    for (const [k, want] of [
      ['min', 5],
      ['max', 7],
      ['mean', 6],
    ] as const)
      expect(first[k]).toBeCloseTo(want, 12);
    expect(spec.title.subtitle).toBe('mean over 2 seeds per point; band: min–max');
  });

  it('renders one line path per initialisation', async () => {
    const svg = await renderSvg(sweepChartSpec(oneSeed, SWEEP_AXES.depth, 'Depth')!);
    expect(linePaths(svg)).toBe(2);
  });

  it('is undefined with nothing to draw, and validates points', () => {
    expect(sweepChartSpec([], SWEEP_AXES.width, 't')).toBeUndefined();
    expect(() => sweepChartSpec(3 as never, SWEEP_AXES.width, 't')).toThrow(
      /points must be an array/,
    );
  });
});

describe('reconstructionVsQSpec (Figure 3)', () => {
  const points = aggregatePoints(
    [1, 10, 100, 1000].map((q, i) =>
      result(`q${q}`, { hidden: [q] }, { reconstructionError: i === 3 ? 0 : 0.3 / (i + 1) }, 0, {
        label: `q = ${q}`,
      }),
    ),
  );

  it('is log–log, annotates measured values, shows the study’s printed EQM and names dropped zeros', async () => {
    const spec = json(reconstructionVsQSpec(points, 'Fig 3'));
    const measured = spec.data.values.filter((v: Json) => v.series === 'measured');
    expect(measured.map((v: Json) => [v.q, v.error])).toEqual([
      [1, 0.3 / 1],
      [10, 0.3 / 2],
      [100, 0.3 / 3],
    ]);
    const study = spec.data.values.filter((v: Json) => v.series !== 'measured');
    expect(study.map((v: Json) => [v.q, v.error])).toEqual(
      STUDY_FIG3_EQM.map((s) => [s.q, s.error]),
    );
    expect(spec.layer[0].encoding.x.scale.type).toBe('log');
    expect(spec.layer[0].encoding.y.scale.type).toBe('log');
    const text = spec.layer.find((l: Json) => l.mark.type === 'text');
    expect(text.encoding.text.field).toBe('error');
    expect(spec.title.subtitle).toContain('not drawn (error 0): q = 1000');
    const svg = await renderSvg(reconstructionVsQSpec(points, 'Fig 3')!);
    expect(linePaths(svg)).toBe(2); // measured, study
    expect(svg).toContain('0.15'); // an annotation
  });
});

describe('studyQSeries', () => {
  it('places the summary’s reference values at their points’ q, else uses the printed Figure 3', () => {
    const points = aggregatePoints([
      result('q10', { hidden: [10] }, {}),
      result('q1', { hidden: [1] }, {}),
      result('other', { hidden: [5] }, {}),
    ]);
    const reference = {
      metric: 'reconstructionError' as const,
      values: { q1: 0.27668, q10: 0.17965, q99: 1 },
    };
    expect(studyQSeries(points, reference)).toEqual([
      { q: 1, error: 0.27668 },
      { q: 10, error: 0.17965 },
    ]);
    expect(studyQSeries(points)).toEqual(STUDY_FIG3_EQM.map((e) => ({ q: e.q, error: e.error })));
  });
});

describe('epochChartSpec', () => {
  it('averages seeds per epoch, one line per point, first DBN layer only', async () => {
    const h = (vals: number[], layer = 0) =>
      vals.map((v, i) => ({ layer, epoch: i + 1, reconstructionError: v }));
    const points = aggregatePoints([
      result('a', {}, { history: h([0.4, 0.2]) }, 0),
      result('a', {}, { history: h([0.2, 0.1]) }, 1),
      result('b', {}, { history: [...h([0.5, 0.3]), ...h([9, 9], 1)] }, 0),
      result('c', {}, { error: { kind: 'diverged', message: '' } }),
    ]);
    const spec = json(epochChartSpec(points, 'Epochs'));
    expect(spec.data.values).toEqual([
      { point: 'a', epoch: 1, error: expect.closeTo(0.3, 12) },
      { point: 'a', epoch: 2, error: expect.closeTo(0.15, 12) },
      { point: 'b', epoch: 1, error: 0.5 },
      { point: 'b', epoch: 2, error: 0.3 },
    ]);
    expect(spec.encoding.color.scale.domain).toEqual(['a', 'b']);
    expect(spec.title.subtitle).toContain('first layer');
    expect(linePaths(await renderSvg(epochChartSpec(points, 'Epochs')!))).toBe(2);
    expect(epochChartSpec(aggregatePoints([result('x', {}, {})]), 't')).toBeUndefined();
  });
});

describe('bestConfigurationSpec and figureSpec', () => {
  const table = aggregatePoints([
    result('a', { hidden: [200, 200], pretrain: true }, { testErrorRate: 0.02 }),
    result('b', { hidden: [400, 400, 400, 400], pretrain: true }, { testErrorRate: 0.015 }),
  ]);

  it('draws bars per configuration with the study’s 1.5 % reference', async () => {
    const spec = json(bestConfigurationSpec(table, 'T1'));
    expect(spec.layer[0].data.values.map((v: Json) => [v.config, v.mean])).toEqual([
      ['2 × 200', 2],
      ['4 × 400', 1.5],
    ]);
    expect(spec.layer[0].encoding.color.scale.domain).toEqual(['pretrained']);
    const rule = spec.layer.find((l: Json) => l.mark.type === 'rule' && l.mark.strokeDash);
    expect(rule.data.values[0].x).toBe(1.5);
    parseXml(await renderSvg(bestConfigurationSpec(table, 'T1')!));
  });

  it('stacks the main chart above the per-epoch chart, with independent colours', () => {
    const points = aggregatePoints([
      result(
        'q',
        { hidden: [10] },
        { reconstructionError: 0.1, history: [{ layer: 0, epoch: 1, reconstructionError: 0.2 }] },
      ),
    ]);
    const spec = json(figureSpec('reconstruction-vs-q', points, 'F3'));
    expect(spec.vconcat).toHaveLength(2);
    expect(spec.resolve.scale.color).toBe('independent');
    expect(spec.vconcat[0].$schema).toBeUndefined();
    expect(json(figureSpec('generation', points, 'F2')).mark.type).toBe('line');
    expect(
      figureSpec('binarisation', aggregatePoints([result('b', {}, {})]), 'F8'),
    ).toBeUndefined();
    expect(json(figureSpec('best-configuration', table, 'T')).layer[0].mark.type).toBe('bar');
  });
});
