import { describe, expect, it } from 'vitest';
import { aggregatePoints } from '../src/report/aggregate.js';
import { compareExperiments, figureKind } from '../src/report/kind.js';
import { result } from './fixtures/report/points.js';

describe('figureKind / compareExperiments', () => {
  it('maps contract names, else the model, else metrics', () => {
    expect(figureKind('fig9', [])).toBe('error-vs-depth');
    expect(figureKind('fig10', [])).toBe('error-vs-width');
    expect(figureKind('fig11', [])).toBe('error-vs-train-size');
    expect(figureKind('table1', [])).toBe('best-configuration');
    expect(figureKind('fig3', [])).toBe('reconstruction-vs-q');
    expect(figureKind('fig7', [])).toBe('generation');
    expect(figureKind('fig8', [])).toBe('binarisation');
    expect(figureKind('extra', aggregatePoints([result('a', { model: 'dbn' }, {})]))).toBe(
      'generation',
    );
    expect(figureKind('extra', aggregatePoints([result('a', { model: 'dnn' }, {})]))).toBe(
      'metrics',
    );
    expect(figureKind('constructor', [])).toBe('metrics');
  });

  it('orders experiments as the study does, others after by natural name', () => {
    const names = ['table1', 'zeta', 'fig10', 'capacity-rbm', 'fig2', 'fig9', 'ais-mnist'];
    expect([...names].sort(compareExperiments)).toEqual([
      'fig2',
      'fig9',
      'fig10',
      'table1',
      'capacity-rbm',
      'ais-mnist',
      'zeta',
    ]);
  });

  it('uses the summary’s figure for experiments it does not know by name', () => {
    const line = (x: 'layers' | 'width' | 'trainSize' | 'chars') => ({ kind: 'line' as const, x });
    expect(figureKind('new', [], line('chars'))).toBe('error-vs-chars');
    expect(figureKind('new', [], line('trainSize'))).toBe('error-vs-train-size');
    expect(figureKind('new', [], { kind: 'table' })).toBe('best-configuration');
    expect(figureKind('new', [], { kind: 'mosaic' })).toBe('generation');
    expect(figureKind('new', [], { kind: 'binarisation' })).toBe('binarisation');
    expect(figureKind('fig9', [], { kind: 'mosaic' })).toBe('error-vs-depth'); // the name wins
  });
});
