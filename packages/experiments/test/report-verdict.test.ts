import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregatePoints } from '../src/report/aggregate.js';
import { SWEEP_AXES } from '../src/report/sweep.js';
import {
  bestConfigurationVerdict,
  byEyeVerdict,
  reconstructionVsQVerdict,
  sweepVerdict,
  verdictFor,
} from '../src/report/verdict.js';
import { result, sweepPoints } from './fixtures/report/points.js';

describe('sweepVerdict (Figures 9–11)', () => {
  it('pretrained better everywhere and a shrinking gap → supported, both "yes"', () => {
    const points = sweepPoints('depth', [
      { x: 2, pre: [0.02], rnd: [0.05] },
      { x: 3, pre: [0.022], rnd: [0.045] },
      { x: 5, pre: [0.025], rnd: [0.03] },
    ]);
    const v = sweepVerdict(points, SWEEP_AXES.depth);
    expect(v.status).toBe('supported');
    expect(v.checks.map((c) => c.holds)).toEqual([true, true]);
    expect(v.checks[0]!.measured).toBe('3 of 3');
    expect(v.summary).toMatch(
      /^pretrained better at a majority of depths: yes \(3 of 3\); gap .* shrinks with depth: yes/,
    );
  });

  it('a gap that grows with width → "no" for that part, partly supported', () => {
    const points = sweepPoints('width', [
      { x: 100, pre: [0.03], rnd: [0.031] },
      { x: 400, pre: [0.025], rnd: [0.04] },
      { x: 800, pre: [0.02], rnd: [0.06] },
    ]);
    const v = sweepVerdict(points, SWEEP_AXES.width);
    expect(v.checks.map((c) => c.holds)).toEqual([true, false]);
    expect(v.status).toBe('partly');
    expect(v.summary).toContain('gap (random − pretrained) shrinks with width: no');
  });

  it('random better everywhere and random − pretrained rising → not supported', () => {
    const points = sweepPoints('depth', [
      { x: 2, pre: [0.05], rnd: [0.03] },
      { x: 4, pre: [0.05], rnd: [0.04] },
    ]);
    const v = sweepVerdict(points, SWEEP_AXES.depth);
    expect(v.status).toBe('not-supported');
    expect(v.checks[0]!.measured).toBe('0 of 2');
  });

  it('averages seeds: the comparison uses means, not single runs', () => {
    // Seed 0 alone would say random is better at x = 2; the means say pretrained (0.03 < 0.04).
    const points = sweepPoints('depth', [
      { x: 2, pre: [0.05, 0.01, 0.03], rnd: [0.04, 0.04, 0.04] },
      { x: 3, pre: [0.02], rnd: [0.03] },
    ]);
    expect(sweepVerdict(points, SWEEP_AXES.depth).checks[0]!.measured).toBe('2 of 2');
  });

  it('training size: error falling with log10(size) for both initialisations → supported', () => {
    const points = sweepPoints('trainSize', [
      { x: 1000, pre: [0.08], rnd: [0.1] },
      { x: 10000, pre: [0.04], rnd: [0.05] },
      { x: 60000, pre: [0.02], rnd: [0.025] },
    ]);
    const v = sweepVerdict(points, SWEEP_AXES.trainSize);
    expect(v.status).toBe('supported');
    expect(v.checks.map((c) => c.claim)).toEqual([
      'pretrained better at a majority of training sizes',
      'pretrained error falls with more data',
      'random error falls with more data',
    ]);
    expect(v.checks[1]!.measured).toContain('8.00 % at 1000 examples → 2.00 % at 60000 examples');
  });

  it('no x with both initialisations → no-data, saying why', () => {
    const points = aggregatePoints([
      result('a', { hidden: [200, 200], pretrain: true }, { testErrorRate: 0.02 }),
    ]);
    const v = sweepVerdict(points, SWEEP_AXES.depth);
    expect(v.status).toBe('no-data');
    expect(v.summary).toContain('both initialisations');
    expect(v.facts).toContain('Lowest pretrained error: 2.00 % at depth 2.');
  });

  it('k counts exactly the x where the pretrained mean is lower (property)', () => {
    const rate = fc.double({ min: 0, max: 1, noNaN: true });
    fc.assert(
      fc.property(fc.array(fc.tuple(rate, rate), { minLength: 1, maxLength: 8 }), (pairs) => {
        const cells = pairs.map(([pre, rnd], i) => ({ x: i + 1, pre: [pre], rnd: [rnd] }));
        const v = sweepVerdict(sweepPoints('depth', cells), SWEEP_AXES.depth);
        const k = pairs.filter(([pre, rnd]) => rnd * 100 - pre * 100 > 0).length;
        expect(v.checks[0]!.measured).toBe(`${k} of ${pairs.length}`);
        expect(v.checks[0]!.holds).toBe(k > pairs.length / 2);
      }),
      { numRuns: 60 },
    );
  });

  it('"gap shrinks" follows the sign of a linear gap’s slope (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -0.004, max: 0.004, noNaN: true }).filter((s) => Math.abs(s) > 1e-4),
        fc.integer({ min: 2, max: 6 }),
        (slope, n) => {
          const cells = Array.from({ length: n }, (_, i) => ({
            x: i + 2,
            pre: [0.02],
            rnd: [0.02 + 0.03 + slope * (i + 2)],
          }));
          const v = sweepVerdict(sweepPoints('depth', cells), SWEEP_AXES.depth);
          expect(v.checks[1]!.holds).toBe(slope < 0);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('bestConfigurationVerdict (Table 1)', () => {
  const table = (errors: Record<string, number>) =>
    aggregatePoints(
      Object.entries(errors).map(([arch, e]) => {
        const [l, q] = arch.split('x').map(Number) as [number, number];
        return result(arch, { hidden: Array(l).fill(q), pretrain: true }, { testErrorRate: e });
      }),
    );

  it('4 × 400 best within 0.5 pp of 1.5 % → supported', () => {
    const v = bestConfigurationVerdict(table({ '2x200': 0.025, '4x400': 0.0162, '4x300': 0.017 }));
    expect(v.status).toBe('supported');
    expect(v.summary).toContain('best configuration is 4 × 400: yes (4 × 400)');
    expect(v.summary).toContain('yes (1.62 %, +0.12 pp)');
  });

  it('another best far from 1.5 % → not supported, naming our best', () => {
    const v = bestConfigurationVerdict(table({ '2x200': 0.031, '4x400': 0.04 }));
    expect(v.status).toBe('not-supported');
    expect(v.summary).toContain('best configuration is 4 × 400: no (2 × 200)');
    expect(v.facts).toContain('Best: 2 × 200 (pretrained) at 3.10 % over 1 seed.');
  });
});

describe('reconstructionVsQVerdict (Figure 3)', () => {
  const qs = (errors: number[]) =>
    aggregatePoints(
      errors.map((e, i) => result(`q${i}`, { hidden: [10 ** i] }, { reconstructionError: e })),
    );

  it('strictly falling error → supported; one step up → not supported, counted', () => {
    expect(reconstructionVsQVerdict(qs([0.3, 0.1, 0.01, 0.001])).status).toBe('supported');
    const v = reconstructionVsQVerdict(qs([0.3, 0.1, 0.2, 0.001]));
    expect(v.status).toBe('not-supported');
    expect(v.checks[0]!.measured).toMatch(
      /^2 of 3 steps down; 0\.3 at q = 1 → 1\.00e-3 at q = 1000$/,
    );
  });

  it('sorts by q, not by file order', () => {
    const points = aggregatePoints([
      result('big', { hidden: [1000] }, { reconstructionError: 0.001 }),
      result('small', { hidden: [1] }, { reconstructionError: 0.3 }),
    ]);
    expect(reconstructionVsQVerdict(points).status).toBe('supported');
  });
});

describe('verdictFor', () => {
  const rbm = aggregatePoints([
    result('a', { model: 'rbm', hidden: [500] }, { reconstructionError: 0.02 }),
    result('b', { model: 'rbm', hidden: [500] }, { reconstructionError: 0.05 }),
  ]);

  it('capacity experiments: judged by eye, no invented number, the reconstruction range as a fact', () => {
    for (const name of ['fig4', 'fig7']) {
      const v = verdictFor(name, 'generation', rbm);
      expect(v.status).toBe('by-eye');
      expect(v.checks).toEqual([]);
      expect(v.summary).toContain('judged capacity by eye');
      expect(v.facts).toEqual([
        'Final reconstruction error: lowest 0.02 for a, highest 0.05 for b.',
      ]);
    }
    expect(byEyeVerdict('fig5', rbm).summary).toContain('judged these generations by eye');
  });

  it('no successful point → no-data naming the failures', () => {
    const failed = aggregatePoints([
      result('a', {}, { error: { kind: 'diverged', message: 'NaN' } }),
    ]);
    const v = verdictFor('fig9', 'error-vs-depth', failed);
    expect(v.status).toBe('no-data');
    expect(v.summary).toBe('No successful point: 1 failed — see failures.');
  });

  it('states failed and missing runs, and fig8’s measured numbers', () => {
    const points = aggregatePoints(
      [
        result(
          'b',
          { model: 'binarisation' },
          { binarisation: { labels: [5, 0], onFraction: [0.2, 0.125] } },
          0,
          {
            label: 'grey and binarised',
          },
        ),
        result('c', { model: 'binarisation' }, { error: { kind: 'data', message: 'no MNIST' } }),
      ],
      {
        missing: [
          { pointId: 'd', rep: 0 },
          { pointId: 'd', rep: 1 },
        ],
      },
    );
    expect(verdictFor('fig8', 'binarisation', points).facts).toEqual([
      'grey and binarised: images of 5, 0; fraction of pixels set to 1: 0.2, 0.125.',
      '1 run failed and is left out (see failures).',
      '2 runs of the sweep have no result yet (not run, or run by another shard).',
    ]);
  });

  it('uses the axis it is given for line kinds', () => {
    const points = sweepPoints('depth', [
      { x: 2, pre: [0.02], rnd: [0.05] },
      { x: 3, pre: [0.02], rnd: [0.04] },
    ]);
    const v = verdictFor('new', 'error-vs-depth', points, {
      axis: { ...SWEEP_AXES.depth, plural: 'depths (L)' },
    });
    expect(v.checks[0]!.claim).toBe('pretrained better at a majority of depths (L)');
  });

  it('dispatches by kind and validates arguments', () => {
    expect(verdictFor('x', 'metrics', rbm).status).toBe('not-assessed');
    expect(verdictFor('fig8', 'binarisation', rbm).status).toBe('by-eye');
    expect(() => verdictFor('x', 'nope' as never, rbm)).toThrow(
      /kind must be a FigureKind, got nope/,
    );
    expect(() => verdictFor('x', 'metrics', 3 as never)).toThrow(TypeError);
  });
});
