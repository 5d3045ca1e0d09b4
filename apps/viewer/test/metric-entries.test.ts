import { describe, expect, it } from 'vitest';
import {
  compareRows,
  configEntries,
  likelihoodEntries,
  metricEntries,
  qualityEntries,
  repQualityLines,
  suggestPartner,
  valueText,
} from '../src/metric-entries.js';

const quality = {
  classifier: { dataset: 'alphadigits', classes: 36, heldOutAccuracy: 0.9, id: 'abcdef0123456789' },
  tau: 0.8,
  samples: 100,
  recognised: 0.83,
  coverage: 9,
  classes: 10,
  coverageEntropy: Math.log(8),
  perClass: [1, 2, 3],
};
const ais = {
  method: 'ais',
  meanLogLikelihood: -86.25,
  set: 'test',
  images: 1000,
  logZ: 400.5,
  logZLow: 400.1,
  logZHigh: 400.9,
  runs: 100,
  betas: 14500,
  seconds: 3,
};

describe('metric rows', () => {
  it('formats values', () => {
    expect(valueText('a')).toBe('a');
    expect(valueText(12)).toBe('12');
    expect(valueText(0.123456789)).toBe('0.123457');
    expect(valueText([16, 16])).toBe('[16,16]');
    expect(valueText(null)).toBe('null');
  });

  it('lists scalar metrics, leaves drawn ones out, formats quality and likelihood', () => {
    const rows = metricEntries({
      testErrorRate: 0.02,
      history: [{ epoch: 1 }],
      confusion: [[1]],
      misclassified: [],
      layerReconstructionErrors: [0.1, 0.2],
      quality,
      likelihood: ais,
      error: { kind: 'diverged', message: 'NaN' },
    });
    const names = rows.map((r) => r[0]);
    expect(names.slice(0, 3)).toEqual(['testErrorRate', 'layerReconstructionErrors', 'error']);
    expect(names).not.toContain('history');
    expect(names).not.toContain('confusion');
    expect(Object.fromEntries(rows)).toMatchObject({
      layerReconstructionErrors: '0.1, 0.2',
      error: 'diverged: NaN',
      'quality: recognised': '83.0 %',
      'quality: coverage': '9 / 10 classes',
      'quality: effective classes e^H': '8',
      'likelihood: mean log p(v)': '-86.3 nats/image (ais, 1000 test images)',
      'likelihood: log Z': '401 (±3σ: 400 … 401)',
      'likelihood: AIS runs × betas': '100 × 14500',
    });
  });

  it('skips absent or malformed quality and likelihood', () => {
    expect(qualityEntries(undefined)).toEqual([]);
    expect(likelihoodEntries('x')).toEqual([]);
    expect(repQualityLines({ testErrorRate: 0.1 })).toEqual([]);
  });

  it('writes the mosaic caption lines', () => {
    expect(repQualityLines({ quality, likelihood: ais })).toEqual([
      'recognised 83.0 % · coverage 9 / 10',
      'log p(v) -86.3 nats (ais, log Z ∈ [400, 401])',
    ]);
    expect(
      repQualityLines({ likelihood: { ...ais, method: 'dbn-bound', meanLogLikelihood: -90 } }),
    ).toEqual(['log p(v) ≥ -90 nats (dbn-bound, log Z ∈ [400, 401])']);
  });
});

describe('compare', () => {
  it('aligns rows by name and marks differences', () => {
    expect(
      compareRows(
        [
          ['a', '1'],
          ['b', '2'],
        ],
        [
          ['b', '3'],
          ['c', '4'],
        ],
      ),
    ).toEqual([
      { name: 'a', a: '1', b: '', differs: true },
      { name: 'b', a: '2', b: '3', differs: true },
      { name: 'c', a: '', b: '4', differs: true },
    ]);
    expect(compareRows([['a', '1']], [['a', '1']])[0]!.differs).toBe(false);
    expect(configEntries({ hidden: [2, 3], pretrain: true })).toEqual([
      ['hidden', '[2,3]'],
      ['pretrain', 'true'],
    ]);
  });

  it('suggests the point whose config differs least, preferring the same rep', () => {
    const r = (pointId: string, rep: number, config: object) => ({ pointId, rep, config });
    const results = [
      r('l2-pre', 0, { hidden: [2, 2], pretrain: true }),
      r('l2-pre', 1, { hidden: [2, 2], pretrain: true }),
      r('l3-pre', 0, { hidden: [2, 2, 2], pretrain: true }),
      r('l2-rand', 1, { hidden: [2, 2], pretrain: false }),
      r('l2-rand', 0, { hidden: [2, 2], pretrain: false }),
      r('l3-rand', 0, { hidden: [2, 2, 2], pretrain: false }),
    ];
    expect(suggestPartner(results, 'l2-pre', 0)).toBe(results[4]);
    expect(suggestPartner(results, 'l3-rand', 0)).toBe(results[2]);
    expect(suggestPartner(results, 'nope', 0)).toBeUndefined();
    expect(suggestPartner([results[0]!], 'l2-pre', 0)).toBeUndefined();
  });
});
