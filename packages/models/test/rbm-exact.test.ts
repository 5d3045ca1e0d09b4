import { fromArray, get } from '@dbn/linalg';
import { derive } from '@dbn/random';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  freeEnergy,
  gibbsSampler,
  hiddenProbabilities,
  trainRbm,
  visibleProbabilities,
} from '../src/index.js';
import { allBinary, energy, exactVisibleDistribution, logSumExp, rbm64, sigma } from './helpers.js';

const tinyRbm = fc
  .record({ p: fc.integer({ min: 1, max: 6 }), q: fc.integer({ min: 1, max: 4 }) })
  .chain(({ p, q }) =>
    fc.record({
      p: fc.constant(p),
      q: fc.constant(q),
      W: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), {
        minLength: p * q,
        maxLength: p * q,
      }),
      a: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: p, maxLength: p }),
      b: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: q, maxLength: q }),
    }),
  )
  .map(({ p, q, W, a, b }) => rbm64(p, q, W, a, b));

describe('RBM against enumeration (tiny models, float64)', () => {
  it('free energy equals −log Σ_h exp(−E(v, h))', () => {
    fc.assert(
      fc.property(tinyRbm, (r) => {
        const V = allBinary(r.visible);
        const H = allBinary(r.hidden);
        const F = freeEnergy(r, V);
        for (let x = 0; x < V.rows; x++) {
          const v = V.data.subarray(x * r.visible, (x + 1) * r.visible);
          const terms = new Float64Array(H.rows);
          for (let y = 0; y < H.rows; y++)
            terms[y] = -energy(r, v, H.data.subarray(y * r.hidden, (y + 1) * r.hidden));
          expect(F[x]).toBeCloseTo(-logSumExp(terms), 10);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('p(h | v) and p(v | h) factorise into the sigmoids the model computes', () => {
    fc.assert(
      fc.property(tinyRbm, (r) => {
        const V = allBinary(r.visible);
        const H = allBinary(r.hidden);
        const PH = hiddenProbabilities(r, V);
        const PV = visibleProbabilities(r, H);
        // p(h_j = 1 | v) by enumerating h: Σ_{h: h_j = 1} e^{−E(v,h)} / Σ_h e^{−E(v,h)}
        for (let x = 0; x < V.rows; x++) {
          const v = V.data.subarray(x * r.visible, (x + 1) * r.visible);
          const w = new Float64Array(H.rows);
          for (let y = 0; y < H.rows; y++)
            w[y] = -energy(r, v, H.data.subarray(y * r.hidden, (y + 1) * r.hidden));
          const lz = logSumExp(w);
          for (let j = 0; j < r.hidden; j++) {
            let pj = 0;
            for (let y = 0; y < H.rows; y++) if ((y >> j) & 1) pj += Math.exp(w[y]! - lz);
            expect(get(PH, x, j)).toBeCloseTo(pj, 10);
          }
        }
        for (let y = 0; y < H.rows; y++) {
          const h = H.data.subarray(y * r.hidden, (y + 1) * r.hidden);
          for (let i = 0; i < r.visible; i++) {
            let act = r.a[i]!;
            for (let j = 0; j < r.hidden; j++) act += r.W.data[i * r.hidden + j]! * h[j]!;
            expect(get(PV, y, i)).toBeCloseTo(sigma(act), 12);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('long Gibbs chains approach the exact distribution (TV shrinks with samples)', () => {
    const rng = derive(7, 'tiny');
    const W = Array.from({ length: 12 }, (_, i) => Math.sin(i * 1.7) * 1.5);
    const r = rbm64(4, 3, W, [0.5, -0.3, 0.2, -0.8], [0.1, -0.4, 0.3]);
    const exact = exactVisibleDistribution(r);
    const tv = (chains: number, steps: number) => {
      const g = gibbsSampler(r, chains, rng.derive('chains', chains));
      g.step(steps);
      const counts = new Float64Array(16);
      for (let c = 0; c < chains; c++) {
        let idx = 0;
        for (let i = 0; i < 4; i++) idx |= (g.visible.data[c * 4 + i]! > 0.5 ? 1 : 0) << i;
        counts[idx]!++;
      }
      let d = 0;
      for (let x = 0; x < 16; x++) d += Math.abs(counts[x]! / chains - exact[x]!);
      return d / 2;
    };
    // Expected TV of an empirical distribution with K=16 cells is about √(K/(2πN)) … √(K/N)/2.
    const small = tv(2000, 60);
    const large = tv(32000, 60);
    expect(small).toBeLessThan(2 * Math.sqrt(16 / 2000));
    expect(large).toBeLessThan(2 * Math.sqrt(16 / 32000));
    expect(large).toBeLessThan(small);
  });

  it('the expected CD-k update at large k approaches the exact log-likelihood gradient', () => {
    const W = Array.from({ length: 8 }, (_, i) => Math.cos(i * 2.3));
    const r = rbm64(4, 2, W, [0.2, -0.1, 0.3, 0], [-0.2, 0.4]);
    // data: 4 patterns repeated; a single batch holding them all; one epoch; tiny lr.
    const patterns = [
      [1, 0, 1, 0],
      [1, 1, 0, 0],
      [0, 0, 1, 1],
      [1, 1, 1, 0],
    ];
    const reps = 6000;
    const n = patterns.length * reps;
    const data = new Float64Array(n * 4);
    for (let i = 0; i < n; i++) data.set(patterns[i % 4]!, i * 4);
    const X = fromArray(n, 4, data);
    const lr = 1e-3;
    const { rbm: after } = trainRbm(
      r,
      X,
      { epochs: 1, batchSize: n, learningRate: lr, k: 40 },
      derive(3),
    );
    // exact gradient ∂ log L / ∂W = E_data[v σ(vW + b)ᵀ] − E_model[v σ(vW + b)ᵀ]
    const V = allBinary(4);
    const pv = exactVisibleDistribution(r);
    const PH = hiddenProbabilities(r, V);
    const pos = new Float64Array(8);
    for (const pat of patterns) {
      const x = pat.reduce((acc, bit, i) => acc | (bit << i), 0);
      for (let i = 0; i < 4; i++)
        for (let j = 0; j < 2; j++) pos[i * 2 + j]! += (pat[i]! * get(PH, x, j)) / 4;
    }
    const neg = new Float64Array(8);
    for (let x = 0; x < 16; x++)
      for (let i = 0; i < 4; i++)
        for (let j = 0; j < 2; j++) neg[i * 2 + j]! += pv[x]! * ((x >> i) & 1) * get(PH, x, j);
    for (let e = 0; e < 8; e++) {
      const cd = (after.W.data[e]! - r.W.data[e]!) / lr;
      // Monte-Carlo error of the negative phase: sd ≤ 0.5/√n per entry; allow 5 sd.
      expect(Math.abs(cd - (pos[e]! - neg[e]!))).toBeLessThan(5 * (0.5 / Math.sqrt(n)) + 1e-9);
    }
  });
});
