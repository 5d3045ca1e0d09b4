import { describe, expect, it } from 'vitest';
import {
  aggregatePoints,
  architectureLabel,
  hiddenLayers,
  isPretrained,
} from '../src/report/aggregate.js';
import { result } from './fixtures/report/points.js';

describe('aggregatePoints', () => {
  it('groups by point in first-appearance order, reps sorted, failures apart', () => {
    const points = aggregatePoints([
      result('b', { hidden: [5] }, { reconstructionError: 0.3 }, 1, { seconds: 3 }),
      result('a', {}, { testErrorRate: 0.1 }),
      result('b', { hidden: [5] }, { reconstructionError: 0.1 }, 0, { seconds: 1 }),
      result('b', { hidden: [5] }, { error: { kind: 'diverged', message: 'NaN' } }, 2),
    ]);
    expect(points.map((p) => p.pointId)).toEqual(['b', 'a']);
    const b = points[0]!;
    expect(b.reps.map((r) => r.rep)).toEqual([0, 1]);
    expect(b.failures.map((r) => r.rep)).toEqual([2]);
    expect(b.reconstructionError).toMatchObject({ n: 2, min: 0.1, max: 0.3 });
    expect(b.reconstructionError!.mean).toBeCloseTo(0.2, 12);
    expect(b.seconds).toMatchObject({ n: 2, mean: 2 });
    expect(b.testErrorRate).toBeUndefined();
    expect(points[1]!.testErrorRate).toMatchObject({ n: 1, mean: 0.1 });
  });

  it('reads configs: hidden layers, pretraining, the study’s architecture notation', () => {
    expect(hiddenLayers({ hidden: [1, 2] })).toEqual([1, 2]);
    expect(hiddenLayers({})).toBeUndefined();
    expect(isPretrained({ pretrain: true })).toBe(true);
    expect(isPretrained({ pretrain: 'true' })).toBe(false);
    expect(architectureLabel([400, 400, 400, 400])).toBe('4 × 400');
    expect(architectureLabel([500, 200])).toBe('500-200');
    expect(architectureLabel(Array.from({ length: 12 }, (_, i) => i + 1))).toBe(
      '1-2-3-4-5-6-7-8-… (12 layers)',
    );
    expect(architectureLabel([])).toBe('');
    expect(() => aggregatePoints({} as never)).toThrow(/results must be an array/);
  });

  it('follows the summary’s point list, keeping points without results and their missing reps', () => {
    const points = aggregatePoints(
      [result('b', { hidden: [5] }, { reconstructionError: 0.1 }), result('extra', {}, {})],
      {
        points: [
          { id: 'a', label: '(a) first' },
          { id: 'b', label: '(b) second' },
        ],
        missing: [
          { pointId: 'a', rep: 1 },
          { pointId: 'a', rep: 0 },
        ],
      },
    );
    expect(points.map((p) => [p.pointId, p.label, p.reps.length, p.missing])).toEqual([
      ['a', '(a) first', 0, [0, 1]],
      ['b', 'b', 1, []],
      ['extra', 'extra', 1, []],
    ]);
    expect(points[0]!.config).toEqual({});
    expect(() => aggregatePoints([], null as never)).toThrow(/listing/);
  });
});
