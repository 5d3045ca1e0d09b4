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

  it("shows an RBM's data fields by its data set: chars for AlphaDigits, sizes for MNIST", () => {
    const base = { model: 'rbm', hidden: [500], trainSize: 60_000, testSize: 10_000 };
    const mnist = aggregatePoints([
      result('cd1', { ...base, dataset: 'mnist', chars: ['A'], threshold: 128, k: 1 }, {}),
      result('cd25', { ...base, dataset: 'mnist', chars: ['A'], threshold: 128, k: 25 }, {}),
    ]);
    expect(experimentSettings(mnist)).toEqual({
      shared: [
        ['model', 'rbm'],
        ['dataset', 'mnist'],
        ['trainSize', '60000'],
        ['testSize', '10000'],
        ['hidden', '1 × 500'],
        ['threshold', '128'],
      ],
      varied: ['k'],
    });
    const alpha = aggregatePoints([
      result('n1', { ...base, dataset: 'alphadigits', chars: ['2'], threshold: 128 }, {}),
      result('n2', { ...base, dataset: 'alphadigits', chars: ['2', '4'], threshold: 128 }, {}),
    ]);
    expect(experimentSettings(alpha)).toEqual({
      shared: [
        ['model', 'rbm'],
        ['dataset', 'alphadigits'],
        ['hidden', '1 × 500'],
      ],
      varied: ['chars'],
    });
  });

  it("shows a DBN's boundSamples only when it estimates a likelihood", () => {
    const dbn = { model: 'dbn', dataset: 'alphadigits', chars: ['2'], boundSamples: 2 };
    const bound = aggregatePoints([result('n1', { ...dbn, aisRuns: 10, aisSteps: 200 }, {})]);
    expect(experimentSettings(bound).shared).toContainEqual(['boundSamples', '2']);
    const none = aggregatePoints([result('n1', { ...dbn, aisRuns: 0, aisSteps: 200 }, {})]);
    expect(experimentSettings(none).shared.map(([f]) => f)).not.toContain('boundSamples');
    const rbm = aggregatePoints([
      result('n1', { ...dbn, model: 'rbm', aisRuns: 10, aisSteps: 200 }, {}),
    ]);
    expect(experimentSettings(rbm).shared.map(([f]) => f)).not.toContain('boundSamples');
  });

  it('formats values for a reader', () => {
    expect(formatSetting('hidden', [400, 400])).toBe('2 × 400');
    expect(formatSetting('chars', ['2', '4', 'B'])).toBe('2,4,B');
    expect(formatSetting('pretrain', false)).toBe('no');
    expect(formatSetting('other', { a: 1 })).toBe('{"a":1}');
  });
});
