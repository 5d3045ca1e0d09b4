import { describe, expect, it } from 'vitest';
import { aggregatePoints } from '../src/report/aggregate.js';
import { SWEEP_AXES, sweepAxisFor, sweepRows } from '../src/report/sweep.js';
import { result } from './fixtures/report/points.js';

describe('sweepRows', () => {
  it('reads x by axis, error in %, merges points sharing (x, init), sorts by x then init', () => {
    const points = aggregatePoints([
      result('w800r', { hidden: [800, 800] }, { testErrorRate: 0.04 }),
      result('w100p', { hidden: [100, 100], pretrain: true }, { testErrorRate: 0.03 }),
      result('w100r', { hidden: [100, 100], pretrain: false }, { testErrorRate: 0.05 }),
      result('w100p-again', { hidden: [100, 100], pretrain: true }, { testErrorRate: 0.01 }),
      result('none', {}, { testErrorRate: 0.5 }),
    ]);
    const rows = sweepRows(points, SWEEP_AXES.width);
    expect(rows.map((r) => [r.x, r.init, r.errorPercent.n, r.labels])).toEqual([
      [100, 'pretrained', 2, ['w100p', 'w100p-again']],
      [100, 'random', 1, ['w100r']],
      [800, 'random', 1, ['w800r']],
    ]);
    expect(rows[0]!.errorPercent.mean).toBeCloseTo(2, 12);
    expect(sweepRows(points, SWEEP_AXES.depth).map((r) => [r.x, r.init, r.errorPercent.n])).toEqual(
      [
        [2, 'pretrained', 2],
        [2, 'random', 2],
      ],
    );
    expect(sweepRows(points, SWEEP_AXES.trainSize)).toEqual([]);
    expect(() => sweepRows(points, {} as never)).toThrow(/axis must be one of SWEEP_AXES/);
  });

  it('picks the axis of a kind, titled and scaled by the summary’s figure', () => {
    expect(sweepAxisFor('error-vs-depth')).toBe(SWEEP_AXES.depth);
    const axis = sweepAxisFor('error-vs-train-size', {
      kind: 'line',
      x: 'trainSize',
      xLabel: 'training images',
      logX: false,
    })!;
    expect([axis.name, axis.title, axis.log]).toEqual(['trainSize', 'training images', false]);
    expect(sweepAxisFor('generation')).toBeUndefined();
    expect(SWEEP_AXES.chars.of({ chars: ['A', 'B'] })).toBe(2);
  });
});
