// Issue #7's capacity experiments in the report: the criterion on hand-made sweeps (monotone,
// non-monotone, missing and failed points), the verdict against the study's 3 / 5, the chart.
import { describe, expect, it } from 'vitest';
import { aggregatePoints } from '../src/report/aggregate.js';
import {
  CAPACITY_CRITERION,
  capacityRows,
  capacityRuleText,
  measureCapacity,
} from '../src/report/capacity.js';
import { capacityChartSpec, figureSpec } from '../src/report/charts.js';
import { renderSvg } from '../src/report/render-svg.js';
import type { ReportResult } from '../src/report/summary.js';
import { capacityTable, tableMarkdown } from '../src/report/table.js';
import { capacityVerdict, verdictFor } from '../src/report/verdict.js';
import { result } from './fixtures/report/points.js';
import { allElements, parseXml } from './fixtures/report/xml.js';

// biome-ignore lint/suspicious/noExplicitAny: deep reads of vega-lite spec JSON in assertions
type Json = Record<string, any>;
const json = (spec: unknown): Json => JSON.parse(JSON.stringify(spec));

const CHARS = ['2', '4', 'B', 'Z', '9', 'P', 'T', 'N', '0', 'K'];

/** One seed's measurement: recognised fraction, coverage, and optionally a log-likelihood. */
type Seed = readonly [recognised: number, coverage: number, loglik?: number];

/** Results of point `n<K>` (K characters) with one result per seed. */
function capResults(k: number, seeds: readonly Seed[], model = 'rbm'): ReportResult[] {
  return seeds.map(([recognised, coverage, loglik], rep) =>
    result(
      `n${k}`,
      { model, dataset: 'alphadigits', chars: CHARS.slice(0, k), hidden: [500] },
      {
        quality: {
          recognised,
          coverage,
          classes: k,
          coverageEntropy: Math.log(Math.max(1, coverage)),
        },
        ...(loglik !== undefined
          ? {
              likelihood: {
                method: model === 'dbn' ? 'dbn-bound' : 'ais',
                meanLogLikelihood: loglik,
                set: 'train',
              },
            }
          : {}),
      },
      rep,
      { label: `${k} characters` },
    ),
  );
}

const pass = (k: number): Seed[] => [
  [0.9, k, -40 - 5 * k],
  [0.8, k, -42 - 5 * k],
  [0.85, k, -41 - 5 * k],
];
const fail = (k: number): Seed[] => [
  [0.3, Math.max(1, k - 2), -40 - 5 * k],
  [0.4, Math.max(1, k - 1), -44 - 5 * k],
  [0.35, Math.max(1, k - 2), -42 - 5 * k],
];

/** A sweep n1…nK: `pattern[i]` says whether n(i+1) meets the criterion (all seeds alike). */
function sweep(pattern: readonly boolean[], model = 'rbm') {
  return aggregatePoints(
    pattern.flatMap((ok, i) => capResults(i + 1, ok ? pass(i + 1) : fail(i + 1), model)),
  );
}

describe('measureCapacity (the criterion)', () => {
  it('is the last n of unbroken success from n = 1', () => {
    const m = measureCapacity(sweep([true, true, true, false, false]));
    expect(m.capacity).toBe(3);
    expect(m.passesAbove).toEqual([]);
    expect(m.rows.map((r) => r.status)).toEqual([
      'learnt',
      'learnt',
      'learnt',
      'not-learnt',
      'not-learnt',
    ]);
  });

  it('a non-monotone curve: success above the first failure does not count', () => {
    const m = measureCapacity(sweep([true, true, false, true, true]));
    expect(m.capacity).toBe(2);
    expect(m.passesAbove).toEqual([4, 5]);
  });

  it('0 when one character already fails', () => {
    expect(measureCapacity(sweep([false, true])).capacity).toBe(0);
  });

  it('applies the thresholds to means over seeds, boundaries included', () => {
    const { minRecognised, coverageSlack } = CAPACITY_CRITERION;
    expect(minRecognised).toBe(0.5);
    expect(coverageSlack).toBe(0.5);
    const at = (seeds: Seed[], k = 3) =>
      measureCapacity(
        aggregatePoints([
          ...capResults(1, pass(1)),
          ...capResults(2, pass(2)),
          ...capResults(k, seeds),
        ]),
      ).rows[2]!.status;
    // Mean recognised 0.5 exactly, mean coverage 2.5 = 3 − 0.5 exactly: learnt.
    expect(
      at([
        [0.4, 3],
        [0.6, 2],
      ]),
    ).toBe('learnt');
    // Seed 0 alone would fail (0.2); the mean 0.5333 passes.
    expect(
      at([
        [0.2, 3],
        [0.9, 3],
        [0.5, 3],
      ]),
    ).toBe('learnt');
    expect(
      at([
        [0.49, 3],
        [0.49, 3],
      ]),
    ).toBe('not-learnt');
    // One character missing in two seeds of three: mean coverage 2.33 < 2.5.
    expect(
      at([
        [0.9, 2],
        [0.9, 2],
        [0.9, 3],
      ]),
    ).toBe('not-learnt');
  });

  it('a point without results before the first failure leaves it undecided, with a lower bound', () => {
    const points = aggregatePoints([...capResults(1, pass(1)), ...capResults(3, fail(3))], {
      points: [1, 2, 3].map((k) => ({ id: `n${k}`, label: `${k} characters` })),
      missing: [0, 1, 2].map((rep) => ({ pointId: 'n2', rep })),
    });
    const m = measureCapacity(points);
    expect(m.capacity).toBeUndefined();
    expect(m.atLeast).toBe(1);
    expect(m.undecided).toBe('2 characters: 3 of 3 seeds have no result');
  });

  it('a failed or missing seed, or an unscored point, is not enough data', () => {
    const failed = [
      ...capResults(1, pass(1)),
      ...capResults(2, pass(2).slice(0, 2)),
      result(
        'n2',
        { model: 'rbm', chars: CHARS.slice(0, 2) },
        { error: { kind: 'diverged', message: 'NaN' } },
        2,
      ),
      ...capResults(3, fail(3)),
    ];
    expect(measureCapacity(aggregatePoints(failed)).undecided).toBe(
      '2 characters: 1 of 3 seeds failed',
    );
    const missing = aggregatePoints(
      [...capResults(1, pass(1)), ...capResults(2, pass(2).slice(0, 2))],
      { missing: [{ pointId: 'n2', rep: 2 }] },
    );
    expect(measureCapacity(missing).undecided).toBe('2 characters: 1 of 3 seeds have no result');
    const unscored = aggregatePoints([
      result('n1', { model: 'rbm', chars: ['2'] }, { reconstructionError: 0.1 }),
    ]);
    expect(measureCapacity(unscored).undecided).toBe(
      'n1: 1 of 1 seeds have no quality measurement',
    );
  });

  it('data missing above the first failure does not matter', () => {
    const points = aggregatePoints(
      [true, true, true, false].flatMap((ok, i) =>
        capResults(i + 1, ok ? pass(i + 1) : fail(i + 1)),
      ),
      { missing: [{ pointId: 'n5', rep: 0 }] },
    );
    expect(measureCapacity(points).capacity).toBe(3);
  });

  it('every swept count passing gives only a lower bound', () => {
    const m = measureCapacity(sweep([true, true, true, true]));
    expect(m.capacity).toBeUndefined();
    expect(m.atLeast).toBe(4);
    expect(m.beyondSweep).toBe(true);
  });

  it('two points on the same number of characters are no sweep: undecided', () => {
    // As `--set chars=2,4` would make every point of the sweep: n1 and n2 both train on 2.
    const n1 = capResults(2, pass(2)).map((r) => ({ ...r, pointId: 'n1', label: 'n1' }));
    const m = measureCapacity(aggregatePoints([...n1, ...capResults(2, fail(2))]));
    expect(m.capacity).toBeUndefined();
    expect(m.atLeast).toBe(0);
    expect(m.beyondSweep).toBe(false);
    expect(m.undecided).toMatch(/several points train on 2 characters \(n1, 2 characters\)/);
    // Read as a sweep, n1 passing then n2 failing would be "2 characters", agreeing with 3.
    expect(
      capacityVerdict('capacity-rbm', aggregatePoints([...n1, ...capResults(2, fail(2))])).status,
    ).toBe('no-data');
  });

  it('sorts by number of characters, not file order, and validates its argument', () => {
    const points = aggregatePoints([...capResults(2, pass(2)), ...capResults(1, pass(1))]);
    expect(capacityRows(points).map((r) => r.x)).toEqual([1, 2]);
    expect(() => measureCapacity(3 as never)).toThrow(/points must be an array/);
  });
});

describe('capacityVerdict', () => {
  it('RBM learning 3 characters agrees with the study’s 3', () => {
    const v = capacityVerdict('capacity-rbm', sweep([true, true, true, false, false]));
    expect(v.status).toBe('supported');
    expect(v.summary).toBe(
      "characters learnt agree with the study's 3 (±1): yes (measured 3 characters, study 3)",
    );
    expect(v.rule).toBe(capacityRuleText());
    expect(v.rule).toContain('≥ 50 %');
    expect(v.rule).toContain('≥ n − 0.5');
    expect(v.facts[0]).toMatch(
      /^Per number of characters \(means over seeds\): n = 1 ✓ \(recognised 85 %, coverage 1\/1\)/,
    );
  });

  it('a non-monotone DBN learning 2 disagrees with the study’s 5 and says why', () => {
    const v = verdictFor('capacity-dbn', 'capacity', sweep([true, true, false, true, true], 'dbn'));
    expect(v.status).toBe('not-supported');
    expect(v.checks[0]!.measured).toBe('measured 2 characters, study 5');
    expect(
      v.facts.some((f) => f.startsWith('Not monotone: n = 4, n = 5 meet the criterion again')),
    ).toBe(true);
  });

  it('a missing point gives no number: not enough data', () => {
    const points = aggregatePoints([...capResults(1, pass(1)), ...capResults(3, fail(3))], {
      points: [1, 2, 3].map((k) => ({ id: `n${k}`, label: `${k} characters` })),
      missing: [{ pointId: 'n2', rep: 0 }],
    });
    const v = capacityVerdict('capacity-rbm', points);
    expect(v.status).toBe('no-data');
    expect(v.checks).toEqual([]);
    expect(v.summary).toBe(
      'Not enough data to measure the capacity (at least 1 character so far): 2 characters: 1 of 1 seeds have no result.',
    );
  });

  it('an all-passing sweep: a disagreement when its bound exceeds the study’s number + 1, else no data', () => {
    const rbm = capacityVerdict('capacity-rbm', sweep([true, true, true, true, true]));
    expect(rbm.status).toBe('not-supported');
    expect(rbm.checks[0]!.measured).toMatch(/^at least 5 characters: every swept count passes/);
    const dbn = capacityVerdict('capacity-dbn', sweep([true, true, true, true], 'dbn'));
    expect(dbn.status).toBe('no-data');
  });
});

describe('capacityChartSpec', () => {
  const points = sweep([true, true, true, false, false]);
  const marks = (svg: string, cls: string): number =>
    allElements(parseXml(svg))
      .filter((g) => g.name === 'g' && (g.attrs.class ?? '').includes(cls))
      .reduce(
        (n, g) => n + g.children.filter((c) => c.name === 'path' || c.name === 'line').length,
        0,
      );

  it('stacks recognised (with the criterion), coverage (with y = n) and log-likelihood panels', () => {
    const spec = json(capacityChartSpec(points, 'Capacity'));
    expect(spec.vconcat.map((p: Json) => p.title)).toEqual([
      'Recognised samples',
      'Coverage — dashed: every character appears (y = n)',
      'Mean log-likelihood of the training images',
    ]);
    const line = spec.vconcat[0].layer.find((l: Json) => l.mark.type === 'line');
    expect(line.data.values.map((v: Json) => v.x)).toEqual([1, 2, 3, 4, 5]);
    expect(line.data.values[0].mean).toBeCloseTo(85, 10);
    const spread = spec.vconcat[0].layer.find((l: Json) => l.mark.type === 'rule' && l.encoding.y2);
    expect(spread.data.values[0]).toMatchObject({ min: 80, max: 90, n: 3 });
    const diagonal = spec.vconcat[1].layer[0];
    expect(diagonal.data.values).toEqual([1, 2, 3, 4, 5].map((x) => ({ x, y: x })));
    expect(diagonal.mark.strokeDash).toEqual([5, 4]);
    expect(spec.title.subtitle).toBe('mean over 3 seeds per point; bars: min–max');
  });

  it('renders to SVG with the expected marks', async () => {
    const svg = await renderSvg(capacityChartSpec(points, 'Capacity')!);
    // Lines: recognised, coverage and y = n, log-likelihood.
    expect(marks(svg, 'mark-line role-mark')).toBe(4);
    // Dots: 5 per panel.
    expect(marks(svg, 'mark-symbol role-mark')).toBe(15);
    // Rules: the 50 % threshold and one min–max bar per n in each panel.
    expect(marks(svg, 'mark-rule role-mark')).toBe(1 + 3 * 5);
    expect(svg).toContain('number of characters trained on');
  });

  it('draws only the panels measured, no bars with one seed, nothing without quality', async () => {
    const one = aggregatePoints([1, 2].flatMap((k) => capResults(k, [[0.9, k]])));
    const spec = json(capacityChartSpec(one, 'One seed'));
    expect(spec.vconcat).toHaveLength(2);
    expect(spec.vconcat[0].layer.some((l: Json) => l.encoding.y2)).toBe(false);
    parseXml(await renderSvg(capacityChartSpec(one, 'One seed')!));
    expect(
      capacityChartSpec(
        aggregatePoints([result('n1', { chars: ['2'] }, { reconstructionError: 0.1 })]),
        't',
      ),
    ).toBeUndefined();
  });

  it('figureSpec stacks it above the per-epoch chart, and it renders', async () => {
    const withHistory = aggregatePoints(
      capResults(1, pass(1)).map((r) => ({
        ...r,
        metrics: { ...r.metrics, history: [{ layer: 0, epoch: 1, reconstructionError: 0.1 }] },
      })),
    );
    const spec = json(figureSpec('capacity', withHistory, 'Capacity'));
    expect(spec.vconcat).toHaveLength(2);
    expect(spec.vconcat[0].vconcat).toHaveLength(3);
    parseXml(await renderSvg(figureSpec('capacity', withHistory, 'Capacity')!));
  });
});

describe('capacityTable', () => {
  it('one row per n with means ± sd, e^H and the criterion, reasons for missing data', () => {
    const points = aggregatePoints([...capResults(1, pass(1)), ...capResults(3, fail(3))], {
      points: [1, 2, 3].map((k) => ({ id: `n${k}`, label: `${k} characters` })),
      missing: [{ pointId: 'n2', rep: 0 }],
    });
    const t = capacityTable(points, 'cap');
    expect(t.columns.map((c) => c.title)).toEqual([
      'Characters',
      'Point',
      'Seeds',
      'Recognised (%)',
      'Coverage',
      'Effective characters e^H',
      'Log-likelihood (nats)',
      'Criterion',
    ]);
    expect(t.rows.map((r) => r[7]!.text)).toEqual([
      'learnt',
      'not enough data: 1 of 1 seeds have no result',
      'not learnt',
    ]);
    expect(t.rows[0]![3]!.text).toBe('85 ± 5');
    expect(t.rows[2]![4]!.text).toBe('1.33/3 ± 0.577');
    expect(t.rows[0]![6]!.text).toBe('−46 ± 1');
    expect(tableMarkdown(t)).toContain(
      '| 1 | 1 characters | 3 | 85 ± 5 | 1/1 ± 0 | 1 ± 0 | −46 ± 1 | learnt |',
    );
  });
});

describe('capacityVerdict arguments', () => {
  it('names the bad argument', () => {
    expect(() => capacityVerdict(1 as never, [])).toThrow(/experiment must be a string/);
    expect(() => capacityVerdict('capacity-rbm', {} as never)).toThrow(/points must be an array/);
    expect(() => capacityTable(3 as never, 'c')).toThrow(TypeError);
  });
});
