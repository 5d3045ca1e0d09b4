import { describe, expect, it } from 'vitest';
import { claimFor, STUDY_CLAIMS, STUDY_FIG3_EQM, STUDY_TABLE1_BEST } from '../src/report/claims.js';

describe('claims', () => {
  it('has a claim for every experiment of the contract', () => {
    const names = [
      'fig2',
      'fig3',
      'fig4',
      'fig5',
      'fig6',
      'fig7',
      'fig8',
      'fig9',
      'fig10',
      'fig11',
      'table1',
      'capacity-rbm',
      'capacity-dbn',
      'ais-mnist',
    ];
    expect(Object.keys(STUDY_CLAIMS).sort()).toEqual([...names].sort());
    for (const n of names) expect(STUDY_CLAIMS[n]!.claim.length).toBeGreaterThan(40);
  });

  it('keeps the study’s printed figures: Figure 3 EQM falls with q, Table 1 best 4 × 400 ≈ 1.5 %', () => {
    expect(STUDY_FIG3_EQM.map((e) => e.q)).toEqual([1, 10, 100, 320, 500, 1000, 10000, 100000]);
    for (let i = 1; i < STUDY_FIG3_EQM.length; i++) {
      expect(STUDY_FIG3_EQM[i]!.error).toBeLessThan(STUDY_FIG3_EQM[i - 1]!.error);
    }
    expect(STUDY_TABLE1_BEST).toEqual({ architecture: '4 × 400', testErrorRate: 0.015 });
  });

  it('prefers the summary’s claim, falls back to the table, else says none is recorded', () => {
    expect(claimFor({ experiment: 'fig9', study: { ref: 'r', claim: 'c' } })).toEqual({
      ref: 'r',
      claim: 'c',
      source: 'summary',
    });
    expect(claimFor({ experiment: 'fig9' })).toEqual({
      ...STUDY_CLAIMS.fig9,
      source: 'claims-table',
    });
    expect(claimFor({ experiment: 'toString' }).source).toBe('none');
    expect(() => claimFor(null as never)).toThrow(TypeError);
  });
});
