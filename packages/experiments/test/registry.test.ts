import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  axisValue,
  EXPERIMENTS,
  type Experiment,
  estimateCost,
  getExperiment,
  listExperiments,
  type PointConfig,
  planJobs,
  type ResolvedPoint,
  resolvePoints,
  SCALES,
  validateConfig,
} from '../src/index.js';

function resolved(name: string, scale: 'paper' | 'quick'): ResolvedPoint[] {
  const exp = getExperiment(name);
  if (exp === undefined) throw new Error(`no ${name}`);
  const r = resolvePoints(exp, scale);
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right;
}

const byId = (points: ResolvedPoint[]): Record<string, PointConfig> =>
  Object.fromEntries(points.map((p) => [p.pointId, p.config]));

describe('registry', () => {
  it('lists the study’s experiments by their contract names', () => {
    expect(listExperiments()).toEqual([
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
    ]);
    expect(getExperiment('fig12')).toBeUndefined();
  });

  it.each(EXPERIMENTS.flatMap((e) => SCALES.map((s) => [e.name, s] as const)))(
    '%s resolves at %s scale into valid, distinct point configurations',
    (name, scale) => {
      const points = resolved(name, scale);
      const exp = getExperiment(name) as Experiment;
      expect(points.map((p) => p.pointId)).toEqual(exp.points.map((p) => p.id));
      for (const p of points) {
        expect(E.isRight(validateConfig(p.config))).toBe(true);
        expect(estimateCost(p.config)).toBeGreaterThan(0);
      }
      const distinct = new Set(points.map((p) => JSON.stringify(p.config)));
      expect(distinct.size).toBe(points.length);
      expect(exp.study.claim.length).toBeGreaterThan(20);
      expect(exp.quick.length).toBeGreaterThan(3);
    },
  );

  it('fig2 has the study’s base RBM and its seven variants', () => {
    const c = byId(resolved('fig2', 'paper'));
    expect(c.base).toMatchObject({
      model: 'rbm',
      chars: ['A'],
      hidden: [200],
      batchSize: 5,
      learningRate: 0.1,
      epochs: 20,
      gibbsSteps: 50,
      k: 1,
    });
    expect(c.q10!.hidden).toEqual([10]);
    expect(c.q1000!.hidden).toEqual([1000]);
    expect(c.q10000!.hidden).toEqual([10000]);
    expect(c.lr1!.learningRate).toBe(1);
    expect(c.batch15!.batchSize).toBe(15);
    expect(c.epochs100!.epochs).toBe(100);
    expect(c.gibbs200!.gibbsSteps).toBe(200);
    expect(Object.keys(c)).toHaveLength(8);
  });

  it('fig3 sweeps q over the study’s eight values on ‘0’ for 100 epochs', () => {
    const points = resolved('fig3', 'paper');
    expect(points.map((p) => p.config.hidden[0])).toEqual([
      1, 10, 100, 320, 500, 1000, 10000, 100000,
    ]);
    for (const p of points) {
      expect(p.config).toMatchObject({ chars: ['0'], epochs: 100, batchSize: 5, gibbsSteps: 50 });
    }
    expect(getExperiment('fig3')!.study.reference!.values.q100000).toBe(0.00016);
  });

  it('fig4 and fig7 add characters in the study’s order', () => {
    const f4 = resolved('fig4', 'paper');
    expect(f4.map((p) => p.config.chars.join(''))).toEqual([
      '2',
      '24',
      '24B',
      '24BZ',
      '24BZ9',
      '24BZ9P',
      '24BZ9PT',
      '24BZ9PTN',
    ]);
    expect(f4.every((p) => p.config.hidden[0] === 500 && p.config.epochs === 100)).toBe(true);
    const f7 = resolved('fig7', 'paper');
    expect(f7.map((p) => p.config.chars.length)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(f7[9]!.config.chars).toEqual(['2', '4', 'B', 'Z', '9', 'P', 'T', 'N', '0', 'K']);
    expect(
      f7.every((p) => p.config.model === 'dbn' && p.config.hidden.join() === '500,500,500,500,500'),
    ).toBe(true);
  });

  it('fig5 and fig6 are DBNs of the study’s depths and widths', () => {
    const f5 = resolved('fig5', 'paper');
    expect(f5.map((p) => p.config.hidden.length)).toEqual([2, 5, 10, 20, 50, 100, 500, 1000]);
    expect(
      f5.every((p) => p.config.chars.join() === 'W' && p.config.hidden.every((q) => q === 500)),
    ).toBe(true);
    expect(f5.every((p) => p.config.epochs === 100)).toBe(true);
    const q5 = resolved('fig5', 'quick');
    expect(q5.map((p) => p.config.epochs)).toEqual([20, 20, 20, 10, 4, 2, 1, 1]);
    const f6 = resolved('fig6', 'paper');
    expect(f6.map((p) => p.config.hidden)).toEqual(
      [1, 10, 100, 200, 320, 500, 1000, 10000].map((q) => [q, q, q, q, q]),
    );
    expect(f6.every((p) => p.config.chars.join() === 'F')).toBe(true);
  });

  it('fig8 shows the first four MNIST training images binarised at > 128', () => {
    const [p] = resolved('fig8', 'paper');
    expect(p!.config).toMatchObject({ model: 'binarisation', trainSize: 4, threshold: 128 });
  });

  it('fig9–fig11 sweep depth, width and data, each pretrained and random, at paper scale', () => {
    const f9 = resolved('fig9', 'paper');
    expect(f9).toHaveLength(16);
    expect(f9.filter((p) => p.config.pretrain).map((p) => axisValue(p.config, 'layers'))).toEqual([
      2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    expect(f9.filter((p) => !p.config.pretrain)).toHaveLength(8);
    for (const p of f9) {
      expect(p.config).toMatchObject({
        model: 'dnn',
        dataset: 'mnist',
        trainSize: 10_000,
        testSize: 10_000,
        learningRate: 0.1,
        batchSize: 5,
        epochs: 100,
        backpropEpochs: 200,
        threshold: 128,
      });
      expect(p.config.hidden.every((q) => q === 200)).toBe(true);
    }
    const f10 = resolved('fig10', 'paper');
    expect([...new Set(f10.map((p) => axisValue(p.config, 'width')))]).toEqual([
      100, 200, 300, 400, 500, 600, 700, 800,
    ]);
    expect(f10.every((p) => p.config.hidden.length === 2 && p.config.trainSize === 10_000)).toBe(
      true,
    );
    const f11 = resolved('fig11', 'paper');
    expect([...new Set(f11.map((p) => p.config.trainSize))]).toEqual([
      1000, 3000, 7000, 10000, 30000, 60000,
    ]);
    expect(f11.every((p) => p.config.hidden.join() === '200,200')).toBe(true);
    expect(f11.filter((p) => p.config.pretrain)).toHaveLength(6);
  });

  it('table1 has six pretrained shapes on 60,000 images', () => {
    const t = resolved('table1', 'paper');
    expect(t.map((p) => p.config.hidden.join('x'))).toEqual([
      '200x200',
      '300x300',
      '400x400',
      '200x200x200x200',
      '300x300x300x300',
      '400x400x400x400',
    ]);
    expect(t.every((p) => p.config.pretrain && p.config.trainSize === 60_000)).toBe(true);
    expect(getExperiment('table1')!.study.claim).toMatch(/4 × 400.*1\.5 %/);
  });

  it('quick scale is smaller than paper for every trained point', () => {
    for (const exp of EXPERIMENTS) {
      const paper = resolved(exp.name, 'paper');
      const quick = resolved(exp.name, 'quick');
      paper.forEach((p, i) => {
        const q = quick[i]!.config;
        expect(estimateCost(q)).toBeLessThanOrEqual(estimateCost(p.config));
        if (p.config.model !== 'binarisation') {
          expect(estimateCost(q)).toBeLessThan(estimateCost(p.config));
        }
      });
    }
  });

  it('user overrides apply to every point, after the point’s own settings', () => {
    const exp = getExperiment('fig2')!;
    const r = resolvePoints(exp, 'paper', { epochs: 3 });
    expect(E.isRight(r) && r.right.every((p) => p.config.epochs === 3)).toBe(true);
    const bad = resolvePoints(exp, 'paper', { epochs: 0 });
    expect(E.isLeft(bad) && bad.left.message).toMatch(/fig2: epochs/);
  });

  it('plans jobs with a hash per point and rep, reps within points', () => {
    const jobs = planJobs(getExperiment('fig3')!, 'quick', '/tmp/out', { seeds: 2, seed: 0 });
    expect(E.isRight(jobs)).toBe(true);
    if (E.isLeft(jobs)) return;
    expect(jobs.right).toHaveLength(16);
    expect(jobs.right.slice(0, 2).map((j) => [j.pointId, j.rep])).toEqual([
      ['q1', 0],
      ['q1', 1],
    ]);
    expect(new Set(jobs.right.map((j) => j.hash)).size).toBe(16);
    expect(jobs.right[3]!.dir).toBe('/tmp/out/fig3/q10/rep-1');
    expect(() => planJobs(getExperiment('fig3')!, 'quick', '/tmp', { seeds: 0 })).toThrow(
      RangeError,
    );
    expect(() => resolvePoints(getExperiment('fig3')!, 'huge' as 'paper')).toThrow(RangeError);
  });
});
