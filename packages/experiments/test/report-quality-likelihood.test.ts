// Issue #7's ais-mnist in the report: the likelihood table (Markdown and HTML), the verdict on
// CD-25 near the published value and CD-1 below CD-25, and the helpers behind them.
import { describe, expect, it } from 'vitest';
import { aggregatePoints } from '../src/report/aggregate.js';
import { PUBLISHED_AIS_MNIST } from '../src/report/claims.js';
import {
  findTrainerPoint,
  LIKELIHOOD_TOLERANCE_NATS,
  likelihoodInterval,
  nats,
  trainerLabel,
} from '../src/report/likelihood.js';
import type { ReportLikelihood, StudyReference } from '../src/report/summary.js';
import { likelihoodTable, tableHtml, tableMarkdown } from '../src/report/table.js';
import { likelihoodVerdict, verdictFor } from '../src/report/verdict.js';
import { result } from './fixtures/report/points.js';

const ll = (meanLogLikelihood: number, over: Partial<ReportLikelihood> = {}): ReportLikelihood => ({
  method: 'ais',
  meanLogLikelihood,
  set: 'test',
  images: 10000,
  logZ: 400,
  logZLow: 399.8,
  logZHigh: 400.3,
  runs: 100,
  betas: 14500,
  ...over,
});

const config = (k: number, persistent = false) => ({
  model: 'rbm',
  dataset: 'mnist',
  hidden: [500],
  k,
  ...(persistent ? { persistent: true } : {}),
});

/** ais-mnist's three points, each with the given per-seed mean log-likelihoods. */
function aisPoints(cd1: number[], cd25: number[], pcd: number[]) {
  return aggregatePoints([
    ...cd1.map((v, rep) => result('cd1', config(1), { likelihood: ll(v) }, rep, { label: 'CD-1' })),
    ...cd25.map((v, rep) =>
      result(
        'cd25',
        config(25),
        {
          likelihood: ll(v),
          quality: { recognised: 0.9, coverage: 10, classes: 10, coverageEntropy: 2.2 },
        },
        rep,
        {
          label: 'CD-25',
        },
      ),
    ),
    ...pcd.map((v, rep) =>
      result('pcd', config(1, true), { likelihood: ll(v) }, rep, { label: 'PCD' }),
    ),
  ]);
}

const reference: StudyReference = { metric: 'logLikelihood', values: { cd25: -86.34, cd1: -120 } };

describe('likelihood helpers', () => {
  it('names trainers from the config', () => {
    expect(trainerLabel(config(1))).toBe('CD-1');
    expect(trainerLabel(config(25))).toBe('CD-25');
    expect(trainerLabel(config(1, true))).toBe('PCD-1');
    expect(trainerLabel({ model: 'rbm', k: 3, trainer: 'pcd' })).toBe('PCD-3');
    expect(trainerLabel({ model: 'rbm' })).toBeUndefined();
    expect(() => trainerLabel(null as never)).toThrow(TypeError);
  });

  it('finds points by id, else by config', () => {
    const byConfig = aggregatePoints([
      result('a', config(25), { likelihood: ll(-90) }),
      result('b', config(1), { likelihood: ll(-120) }),
    ]);
    expect(findTrainerPoint(byConfig, 'cd25')?.pointId).toBe('a');
    expect(findTrainerPoint(byConfig, 'cd1')?.pointId).toBe('b');
    expect(findTrainerPoint(byConfig, 'pcd')).toBeUndefined();
  });

  it('maps the ±3σ log Z interval onto the mean log-likelihood, averaged over seeds', () => {
    const [p] = aggregatePoints([
      result('cd25', config(25), { likelihood: ll(-86) }, 0),
      result('cd25', config(25), { likelihood: ll(-88) }, 1),
    ]);
    const i = likelihoodInterval(p!)!;
    expect(i.low).toBeCloseTo(-87 - 0.3, 10);
    expect(i.high).toBeCloseTo(-87 + 0.2, 10);
    const [open] = aggregatePoints([
      result('x', config(1), {
        likelihood: { method: 'ais', meanLogLikelihood: -90, logZ: 1, logZHigh: 2 },
      }),
    ]);
    expect(likelihoodInterval(open!)!.high).toBe(Number.POSITIVE_INFINITY);
    const [none] = aggregatePoints([
      result('x', config(1), { likelihood: { method: 'exact', meanLogLikelihood: -90 } }),
    ]);
    expect(likelihoodInterval(none!)).toBeUndefined();
  });

  it('writes nats with a true minus sign', () => {
    expect(nats(-86.3412)).toBe('−86.34');
    expect(nats(1.5, true)).toBe('+1.5');
    expect(nats(0, true)).toBe('0');
  });
});

describe('likelihoodTable', () => {
  const points = aisPoints([-121, -123], [-87, -88], [-86.5]);

  it('one row per point: trainer, seeds, mean ± sd, AIS interval, published, Δ, runs, steps, recognised', () => {
    const t = likelihoodTable(points, 'AIS', reference);
    expect(t.columns.map((c) => c.title)).toEqual([
      'Point',
      'Trainer',
      'Seeds',
      'Test log-likelihood (nats)',
      'AIS ±3σ interval',
      'Published (nats)',
      'Δ (nats)',
      'Estimate',
      'AIS runs',
      'AIS steps',
      'Recognised (%)',
    ]);
    const md = tableMarkdown(t);
    expect(md).toContain(
      '| CD-1 | CD-1 | 2 | −122 ± 1.414 | −122.3 … −121.8 | −120 | −2 | ais, test | 100 | 14500 | — |',
    );
    expect(md).toContain(
      '| CD-25 | CD-25 | 2 | −87.5 ± 0.7071 | −87.8 … −87.3 | −86.34 | −1.16 | ais, test | 100 | 14500 | 90 ± 0 |',
    );
    expect(md).toContain(
      '| PCD | PCD-1 | 1 | −86.5 | −86.8 … −86.3 | — | — | ais, test | 100 | 14500 | — |',
    );
    const html = tableHtml(t);
    expect(html).toContain('<td class="num" data-value="-87.5">−87.5 ± 0.7071</td>');
    expect(html).toContain('<td class="num" data-value="-86.34">−86.34</td>');
  });

  it('leaves the published columns out without a reference, and shows failures', () => {
    const failed = aggregatePoints([
      result('cd1', config(1), { error: { kind: 'out-of-memory', message: 'W' } }),
      result('cd25', config(25), { likelihood: ll(-87) }),
    ]);
    const t = likelihoodTable(failed, 'AIS');
    expect(t.columns.map((c) => c.title)).not.toContain('Published (nats)');
    expect(t.columns.at(-1)!.title).toBe('Status');
    expect(t.rows[0]!.at(-1)!.text).toBe('FAILED 1 of 1: out-of-memory');
    expect(() => likelihoodTable(3 as never, 'x')).toThrow(TypeError);
  });
});

describe('likelihoodVerdict', () => {
  it('CD-25 within the tolerance and CD-1 lower → supported', () => {
    expect(LIKELIHOOD_TOLERANCE_NATS).toBe(3);
    const v = likelihoodVerdict(aisPoints([-121], [-87], [-86.5]), reference);
    expect(v.status).toBe('supported');
    expect(v.summary).toBe(
      'CD-25 within 3 nats of the published −86.34: yes (−87 nats, Δ −0.66); CD-1 worse than CD-25, as published: yes (CD-1 −121 vs CD-25 −87 nats)',
    );
    expect(v.rule).toContain('within 3 nats');
    expect(v.facts).toContain('CD-25: −87 nats (published −86.34, Δ −0.66).');
  });

  it('CD-25 far off but CD-1 lower → partly; CD-1 above CD-25 too → not supported', () => {
    expect(likelihoodVerdict(aisPoints([-121], [-95], []), reference).status).toBe('partly');
    const v = likelihoodVerdict(aisPoints([-90], [-95], []), reference);
    expect(v.status).toBe('not-supported');
    expect(v.checks.map((c) => c.holds)).toEqual([false, false]);
  });

  it('boundary: exactly 3 nats away holds', () => {
    const v = likelihoodVerdict(aisPoints([-120], [-86.34 - 3], []), reference);
    expect(v.checks[0]!.holds).toBe(true);
  });

  it('falls back on the published CD-25 value without a reference; a missing point is undecided', () => {
    expect(PUBLISHED_AIS_MNIST.cd25).toBe(-86.34);
    const v = verdictFor('ais-mnist', 'likelihood', aisPoints([], [-87], []));
    expect(v.checks.map((c) => c.holds)).toEqual([true, undefined]);
    expect(v.checks[1]!.measured).toBe('needs both (CD-1 missing, CD-25 −87)');
    expect(v.status).toBe('supported');
    const failed = aggregatePoints([
      result('cd25', config(25), { error: { kind: 'diverged', message: 'NaN' } }),
      result('cd1', config(1), { likelihood: ll(-120) }),
    ]);
    const none = verdictFor('ais-mnist', 'likelihood', failed, { reference });
    expect(none.status).toBe('no-data');
    expect(none.facts).toContain('1 run failed and is left out (see failures).');
  });
});

describe('argument checks', () => {
  it('names the bad argument', () => {
    expect(() => likelihoodVerdict(3 as never)).toThrow(
      /likelihoodVerdict: points must be an array/,
    );
    expect(() => likelihoodVerdict([], 7 as never)).toThrow(/reference must be/);
    expect(() => findTrainerPoint(null as never, 'cd1')).toThrow(TypeError);
    expect(() => nats('1' as never)).toThrow(TypeError);
  });
});
