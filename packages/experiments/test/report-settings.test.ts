import { describe, expect, it } from 'vitest';
import { aggregatePoints } from '../src/report/aggregate.js';
import { experimentSettings, formatSetting } from '../src/report/settings.js';
import { result } from './fixtures/report/points.js';

describe('experimentSettings', () => {
  it('splits shared and varied fields in the contract’s order (an unknown model keeps all)', () => {
    const points = aggregatePoints([
      result(
        'a',
        { zeta: 1, epochs: 100, model: 'toy', hidden: [500, 500], chars: ['W'], learningRate: 0.1 },
        {},
      ),
      result(
        'b',
        { zeta: 1, epochs: 100, model: 'toy', hidden: [500, 500, 500], chars: ['W'] },
        {},
      ),
    ]);
    expect(experimentSettings(points)).toEqual({
      shared: [
        ['model', 'toy'],
        ['chars', 'W'],
        ['epochs', '100'],
        ['zeta', '1'],
      ],
      varied: ['hidden', 'learningRate'],
    });
  });

  it('leaves out fields that matter to none of the models', () => {
    const points = aggregatePoints([
      result('a', { model: 'rbm', hidden: [10], pretrain: true, backpropEpochs: 200 }, {}),
      result('b', { model: 'rbm', hidden: [20], pretrain: true, backpropEpochs: 200 }, {}),
    ]);
    expect(experimentSettings(points)).toEqual({ shared: [['model', 'rbm']], varied: ['hidden'] });
  });

  it('formats values for a reader', () => {
    expect(formatSetting('hidden', [400, 400])).toBe('2 × 400');
    expect(formatSetting('chars', ['2', '4', 'B'])).toBe('2,4,B');
    expect(formatSetting('pretrain', false)).toBe('no');
    expect(formatSetting('other', { a: 1 })).toBe('{"a":1}');
  });
});
