import { fromArray, zeros } from '@dbn/linalg';
import { derive } from '@dbn/random';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DivergedError,
  initRbm,
  type Rbm,
  reconstructionError,
  sampleRbm,
  trainRbm,
} from '../src/index.js';
import { sigma, snapshot } from './helpers.js';

function randomBinary(n: number, p: number, seed: number) {
  const X = zeros(n, p, 'f32');
  const half = new Float32Array(n * p).fill(0.3);
  derive(seed, 'data').bernoulli(half, X.data);
  return X;
}

describe('initRbm', () => {
  it('draws W ~ N(0, 0.1²) with zero biases, deterministically', () => {
    const r = initRbm(320, 200, derive(1));
    const r2 = initRbm(320, 200, derive(1));
    expect(Array.from(r.W.data)).toEqual(Array.from(r2.W.data));
    let s = 0;
    let s2 = 0;
    for (const w of r.W.data) {
      s += w;
      s2 += w * w;
    }
    const n = r.W.data.length;
    expect(Math.abs(s / n)).toBeLessThan(0.005);
    expect(Math.sqrt(s2 / n)).toBeCloseTo(0.1, 2);
    expect(r.a.every((x) => x === 0) && r.b.every((x) => x === 0)).toBe(true);
  });
  it('names bad arguments', () => {
    expect(() => initRbm(0, 3, derive(1))).toThrow(/visible/);
    expect(() => initRbm(3, 2.5, derive(1))).toThrow(/hidden/);
  });
});

describe('trainRbm', () => {
  it('one CD-1 step equals the update formula on the same samples (float64)', () => {
    const p = 5;
    const q = 3;
    const n = 7;
    const rng = derive(11);
    const r0 = initRbm(p, q, rng.derive('init'), { dtype: 'f64', sigma: 0.5 }) as Rbm<Float64Array>;
    const r = {
      ...r0,
      a: Float64Array.from([0.1, -0.2, 0.3, 0, 0.05]),
      b: Float64Array.from([0.2, -0.1, 0]),
    };
    const data = new Float64Array(n * p);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7) % 3 === 0 ? 1 : 0;
    const X = fromArray(n, p, data);
    const lr = 0.1;
    const { rbm: trained } = trainRbm(r, X, { epochs: 1, batchSize: n, learningRate: lr }, rng);

    // Replay the documented order of draws with the same derived stream.
    const s = rng.derive('epoch', 1);
    const perm = s.permutation(n);
    const v0 = new Float64Array(n * p);
    for (let i = 0; i < n; i++) v0.set(data.subarray(perm[i]! * p, perm[i]! * p + p), i * p);
    const up = (v: Float64Array) => {
      const out = new Float64Array(n * q);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < q; j++) {
          let act = r.b[j]!;
          for (let k = 0; k < p; k++) act += v[i * p + k]! * r.W.data[k * q + j]!;
          out[i * q + j] = sigma(act);
        }
      return out;
    };
    const ph0 = up(v0);
    const h = s.bernoulli(ph0, new Float64Array(n * q));
    const pv = new Float64Array(n * p);
    for (let i = 0; i < n; i++)
      for (let k = 0; k < p; k++) {
        let act = r.a[k]!;
        for (let j = 0; j < q; j++) act += h[i * q + j]! * r.W.data[k * q + j]!;
        pv[i * p + k] = sigma(act);
      }
    const v1 = s.bernoulli(pv, new Float64Array(n * p));
    const ph1 = up(v1);
    for (let k = 0; k < p; k++) {
      for (let j = 0; j < q; j++) {
        let g = 0;
        for (let i = 0; i < n; i++)
          g += v0[i * p + k]! * ph0[i * q + j]! - v1[i * p + k]! * ph1[i * q + j]!;
        expect(trained.W.data[k * q + j]).toBeCloseTo(r.W.data[k * q + j]! + (lr / n) * g, 12);
      }
      let ga = 0;
      for (let i = 0; i < n; i++) ga += v0[i * p + k]! - v1[i * p + k]!;
      expect(trained.a[k]).toBeCloseTo(r.a[k]! + (lr / n) * ga, 12);
    }
    for (let j = 0; j < q; j++) {
      let gb = 0;
      for (let i = 0; i < n; i++) gb += ph0[i * q + j]! - ph1[i * q + j]!;
      expect(trained.b[j]).toBeCloseTo(r.b[j]! + (lr / n) * gb, 12);
    }
  });

  it('is bit-for-bit deterministic whatever ran before, and never changes its inputs', () => {
    const X = randomBinary(60, 20, 1);
    const r = initRbm(20, 8, derive(5, 'init'));
    const before = snapshot([X.data, r.W.data, r.a, r.b]);
    const cfg = { epochs: 3, batchSize: 7, learningRate: 0.1 };
    const one = trainRbm(r, X, cfg, derive(5, 'train'));
    derive(99).permutation(1000); // unrelated randomness in between
    trainRbm(r, X, { ...cfg, k: 2 }, derive(6));
    const two = trainRbm(r, X, cfg, derive(5, 'train'));
    expect(Array.from(two.rbm.W.data)).toEqual(Array.from(one.rbm.W.data));
    expect(two.history.map((h) => h.reconstructionError)).toEqual(
      one.history.map((h) => h.reconstructionError),
    );
    expect(snapshot([X.data, r.W.data, r.a, r.b])).toEqual(before);
  });

  it('lowers the reconstruction error and reports it per epoch', () => {
    const X = randomBinary(100, 30, 2);
    const r = initRbm(30, 20, derive(2));
    const e0 = reconstructionError(r, X);
    const seen: number[] = [];
    const { rbm, history } = trainRbm(
      r,
      X,
      { epochs: 20, batchSize: 5, learningRate: 0.1 },
      derive(3),
      {
        onEpoch: (e) => seen.push(e.epoch),
      },
    );
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(history.at(-1)!.reconstructionError).toBeLessThan(e0);
    expect(history.at(-1)!.reconstructionError).toBeCloseTo(reconstructionError(rbm, X), 6);
    expect(history.every((h) => h.seconds >= 0)).toBe(true);
  });

  it('supports momentum, weight decay, CD-k and PCD deterministically', () => {
    const X = randomBinary(50, 16, 4);
    const r = initRbm(16, 10, derive(4));
    for (const extra of [
      { momentum: 0.5 },
      { weightDecay: 0.01 },
      { k: 3 },
      { persistent: true },
    ]) {
      const cfg = { epochs: 2, batchSize: 10, learningRate: 0.05, ...extra };
      const a = trainRbm(r, X, cfg, derive(8));
      const b = trainRbm(r, X, cfg, derive(8));
      expect(Array.from(a.rbm.W.data)).toEqual(Array.from(b.rbm.W.data));
      expect(a.history.at(-1)!.reconstructionError).toBeLessThan(0.5);
    }
  });

  it('throws DivergedError naming the epoch when weights blow up', () => {
    const X = randomBinary(40, 10, 5);
    const r = initRbm(10, 5, derive(1), { sigma: 1 });
    expect(() =>
      trainRbm(r, X, { epochs: 5, batchSize: 40, learningRate: 1e40 }, derive(1)),
    ).toThrow(DivergedError);
    try {
      trainRbm(r, X, { epochs: 5, batchSize: 40, learningRate: 1e40 }, derive(1));
    } catch (e) {
      expect((e as DivergedError).epoch).toBe(1);
      expect((e as Error).message).toMatch(/epoch 1/);
    }
  });

  it('stops when aborted', () => {
    const X = randomBinary(40, 10, 6);
    const r = initRbm(10, 5, derive(1));
    const ctrl = new AbortController();
    expect(() =>
      trainRbm(r, X, { epochs: 10, batchSize: 5, learningRate: 0.1 }, derive(1), {
        signal: ctrl.signal,
        onEpoch: (e) => e.epoch === 2 && ctrl.abort(new Error('stop here')),
      }),
    ).toThrow('stop here');
  });

  it('rejects bad configs by field name', () => {
    const X = randomBinary(10, 4, 7);
    const r = initRbm(4, 3, derive(1));
    expect(() => trainRbm(r, X, { epochs: 0, batchSize: 5, learningRate: 0.1 }, derive(1))).toThrow(
      /epochs/,
    );
    expect(() => trainRbm(r, X, { epochs: 1, batchSize: 5, learningRate: -1 }, derive(1))).toThrow(
      /learningRate/,
    );
    expect(() =>
      trainRbm(
        r,
        randomBinary(10, 5, 1),
        { epochs: 1, batchSize: 5, learningRate: 0.1 },
        derive(1),
      ),
    ).toThrow(/data must have 4 columns/);
  });
});

describe('sampleRbm', () => {
  it('returns binary samples and probabilities, deterministically, without changing the RBM', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 5 }),
        fc.nat(1000),
        (chains, steps, seed) => {
          const r = initRbm(12, 6, derive(seed, 'm'));
          const before = snapshot([r.W.data, r.a, r.b]);
          const s1 = sampleRbm(r, { samples: chains, gibbsSteps: steps }, derive(seed, 's'));
          const s2 = sampleRbm(r, { samples: chains, gibbsSteps: steps }, derive(seed, 's'));
          expect(Array.from(s1.samples.data)).toEqual(Array.from(s2.samples.data));
          expect(s1.samples.data.every((x) => x === 0 || x === 1)).toBe(true);
          expect(s1.probabilities.data.every((x) => x >= 0 && x <= 1)).toBe(true);
          expect(s1.samples.rows).toBe(chains);
          expect(snapshot([r.W.data, r.a, r.b])).toEqual(before);
        },
      ),
      { numRuns: 20 },
    );
  });
});

describe('resuming from a snapshot', () => {
  it('an RBM resumed at epoch e from a snapshot equals the uninterrupted run bit for bit', () => {
    const X = randomBinary(45, 12, 9);
    const r = initRbm(12, 7, derive(9));
    const cfg = { epochs: 5, batchSize: 4, learningRate: 0.1 };
    let snap: ReturnType<typeof initRbm> | undefined;
    const full = trainRbm(r, X, cfg, derive(10), {
      onEpoch: (e) => {
        if (e.epoch === 2) snap = e.snapshot();
      },
    });
    const resumed = trainRbm(snap!, X, { ...cfg, startEpoch: 3 }, derive(10));
    expect(Array.from(resumed.rbm.W.data)).toEqual(Array.from(full.rbm.W.data));
    expect(resumed.history.map((h) => h.epoch)).toEqual([3, 4, 5]);
  });
});
