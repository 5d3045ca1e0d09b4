import { describe, expect, it } from 'vitest';
import { findResult, inProgress, loadEntry, rawResults } from '../src/runs.js';

const result = {
  experiment: 'capacity-rbm',
  pointId: 'q12',
  label: 'q = 12',
  rep: 0,
  config: { model: 'rbm', hidden: [12] },
  metrics: { reconstructionError: 0.1 },
  artifacts: {},
};
const summary = (figure: unknown) => ({
  experiment: 'capacity-rbm',
  figure,
  points: [{ id: 'q12', label: 'q = 12' }],
  results: [result],
  missing: [],
  complete: true,
});

describe('loadEntry', () => {
  it('parses a summary with a known figure', () => {
    const l = loadEntry('run/capacity-rbm', 'capacity-rbm', summary({ kind: 'mosaic' }));
    expect(l.summary?.results).toHaveLength(1);
    expect(l.figureNote).toBeUndefined();
  });

  it('keeps an experiment whose figure kind it does not know, and says so', () => {
    const l = loadEntry('capacity-rbm', 'capacity-rbm', summary({ kind: 'no-such-kind' }));
    expect(l.summary?.results).toHaveLength(1);
    expect(l.summary?.figure).toBeUndefined();
    expect(l.figureNote).toMatch(/no-such-kind/);
  });

  it('reports any other problem', () => {
    const l = loadEntry('x', 'capacity-rbm', { ...summary(undefined), results: 3 });
    expect(l.summary).toBeUndefined();
    expect(l.error).toMatch(/results/);
  });

  it('finds results by directory, point and rep', () => {
    const l = loadEntry('run/capacity-rbm', 'capacity-rbm', summary(undefined));
    expect(rawResults(l)).toHaveLength(1);
    expect(findResult([l], { dir: 'run/capacity-rbm', pointId: 'q12', rep: 0 })).toBe(result);
    expect(findResult([l], { dir: 'run/capacity-rbm', pointId: 'q12', rep: 1 })).toBeUndefined();
    expect(findResult([l], { dir: 'other', pointId: 'q12', rep: 0 })).toBeUndefined();
  });
});

describe('inProgress', () => {
  it('is true until the summary is complete and nothing is missing', () => {
    expect(inProgress({ complete: true, missing: [] })).toBe(false);
    expect(inProgress({ complete: false, missing: [] })).toBe(true);
    expect(inProgress({ missing: [] })).toBe(true);
    expect(inProgress({ complete: true, missing: [{ pointId: 'a', rep: 0 }] })).toBe(true);
  });
});
