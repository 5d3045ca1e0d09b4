// The issue #7 experiments: capacity-rbm, capacity-dbn and ais-mnist as data.
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { CHAR_SEQUENCE } from '../src/experiments/common.js';
import {
  type Experiment,
  getExperiment,
  planJobs,
  type ResolvedPoint,
  resolvePoints,
  type Scale,
} from '../src/index.js';

function experiment(name: string): Experiment {
  const e = getExperiment(name);
  if (e === undefined) throw new Error(`no ${name}`);
  return e;
}

function resolved(name: string, scale: Scale): ResolvedPoint[] {
  const r = resolvePoints(experiment(name), scale);
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right;
}

describe.each([
  ['capacity-rbm', 'rbm', [500], 'Figure 4'],
  ['capacity-dbn', 'dbn', [500, 500, 500, 500, 500], 'Figure 7'],
] as const)('%s', (name, model, hidden, ref) => {
  const exp = experiment(name);

  it('trains on the first K characters of the sequence for K = 1…10, three seeds', () => {
    expect(exp.points.map((p) => p.id)).toEqual(Array.from({ length: 10 }, (_, i) => `n${i + 1}`));
    expect(exp.seeds).toBe(3);
    expect(exp.figure).toEqual({ kind: 'capacity' });
    expect(exp.study.ref).toBe(ref);
    expect(exp.study.claim).toMatch(/by eye/);
    expect(exp.points[1]!.label).toBe('2 characters: 2,4');
    expect(exp.points[0]!.label).toBe('1 character: 2');
  });

  it.each(['paper', 'quick'] as const)('measures quality and likelihood at %s scale', (scale) => {
    const points = resolved(name, scale);
    points.forEach((p, i) => {
      expect(p.config.chars).toEqual(CHAR_SEQUENCE.slice(0, i + 1));
      expect(p.config).toMatchObject({
        model,
        hidden,
        dataset: 'alphadigits',
        quality: true,
        tau: 0.9,
        qualitySamples: 100,
        batchSize: 5,
        learningRate: 0.1,
        k: 1,
        gibbsSteps: 50,
        persistent: false,
      });
      expect(p.config.aisRuns).toBeGreaterThanOrEqual(2);
    });
  });

  it("uses the study's training and the paper's AIS at paper scale, less at quick", () => {
    const paper = resolved(name, 'paper');
    const quick = resolved(name, 'quick');
    for (const p of paper)
      expect(p.config).toMatchObject({ epochs: 100, aisRuns: 100, aisSteps: 14_500 });
    for (const q of quick) {
      expect(q.config.epochs).toBeLessThan(100);
      expect(q.config.aisRuns * q.config.aisSteps).toBeLessThan(100 * 14_500);
    }
  });

  it('plans three repetitions per point unless seeds is given', () => {
    const three = planJobs(exp, 'quick', '/tmp/out');
    expect(E.isRight(three) && three.right.length).toBe(30);
    expect(
      E.isRight(three) && three.right.filter((j) => j.pointId === 'n4').map((j) => j.rep),
    ).toEqual([0, 1, 2]);
    const one = planJobs(exp, 'quick', '/tmp/out', { seeds: 1 });
    expect(E.isRight(one) && one.right.length).toBe(10);
  });
});

describe('ais-mnist', () => {
  const exp = experiment('ais-mnist');

  it('compares CD-1, CD-25 and PCD with the published CD-25 value', () => {
    expect(exp.points.map((p) => p.id)).toEqual(['cd1', 'cd25', 'pcd']);
    expect(exp.figure).toEqual({ kind: 'likelihood' });
    expect(exp.study.reference).toEqual({ metric: 'logLikelihood', values: { cd25: -86.34 } });
    expect(exp.seeds ?? 1).toBe(1);
  });

  it.each(['paper', 'quick'] as const)('resolves at %s scale', (scale) => {
    const byId = Object.fromEntries(resolved('ais-mnist', scale).map((p) => [p.pointId, p.config]));
    expect(byId.cd1).toMatchObject({ k: 1, persistent: false });
    expect(byId.cd25).toMatchObject({ k: 25, persistent: false });
    expect(byId.pcd).toMatchObject({ k: 1, persistent: true });
    for (const c of Object.values(byId))
      expect(c).toMatchObject({
        model: 'rbm',
        dataset: 'mnist',
        hidden: [500],
        threshold: 128,
        quality: true,
      });
    if (scale === 'paper')
      for (const c of Object.values(byId))
        expect(c).toMatchObject({
          trainSize: 60_000,
          testSize: 10_000,
          aisRuns: 100,
          aisSteps: 14_500,
        });
  });
});
