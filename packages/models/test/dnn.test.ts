import { fromArray, zeros } from '@dbn/linalg';
import { derive } from '@dbn/random';
import { checkGradient } from '@dbn/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Dnn,
  dnnFromDbn,
  errorRate,
  evaluate,
  forward,
  initDbn,
  initDnn,
  lossAndGradients,
  predict,
  trainDbn,
  trainDnn,
} from '../src/index.js';
import { snapshot } from './helpers.js';

/** The parameters of a DNN flattened into one float64 vector, and a way to write them back. */
function flatten(dnn: Dnn<Float64Array>): { x: Float64Array; load: (x: Float64Array) => void } {
  const parts = dnn.layers.flatMap((l) => [l.W.data, l.b]);
  const x = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    x.set(p, o);
    o += p.length;
  }
  return {
    x,
    load: (y) => {
      let k = 0;
      for (const p of parts) {
        p.set(y.subarray(k, k + p.length));
        k += p.length;
      }
    },
  };
}

describe('backpropagation', () => {
  it('gradients equal central finite differences (float64, random small networks)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 4 }),
        fc.integer({ min: 1, max: 6 }),
        fc.nat(10_000),
        (sizes, n, seed) => {
          const classes = sizes[sizes.length - 1]!;
          const dnn = initDnn(sizes, derive(seed, 'net'), {
            dtype: 'f64',
            sigma: 1,
          }) as Dnn<Float64Array>;
          const X = fromArray(n, sizes[0]!, new Float64Array(n * sizes[0]!));
          derive(seed, 'x').fillNormal(X.data);
          const labels = new Int32Array(n).map(() => 0);
          const lr = derive(seed, 'y');
          for (let i = 0; i < n; i++) labels[i] = lr.int(classes);
          const { gradients } = lossAndGradients(dnn, X, labels);
          const analytic = flatten({ kind: 'dnn', layers: gradients } as Dnn<Float64Array>).x;
          const { x, load } = flatten(dnn);
          const f = (y: Float64Array) => {
            load(y);
            return evaluate(dnn, X, labels).loss;
          };
          // floor 1e-5: a central difference with eps = 1e-5 carries ~1e-11 of float64 rounding
          // (loss ≈ 1), which a floor of 1e-6 turned into a 3.6e-5 "relative" error on a gradient
          // entry of −5.4e-7 (fast-check case [[4, 4], 1, 3361]), failing now and then
          const res = checkGradient(f, x, analytic, { eps: 1e-5, floor: 1e-5 });
          load(x);
          expect(res.maxRelativeError).toBeLessThan(1e-5);
        },
      ),
      { numRuns: 40, examples: [[[4, 4], 1, 3361]] },
    );
  });

  it('the softmax + cross-entropy gradient with respect to the logits is p − y', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 2, maxLength: 8 }),
        fc.nat(),
        (z, yRaw) => {
          const k = z.length;
          const y = yRaw % k;
          // one layer with W = I and input z: the bias gradient is ∂L/∂z.
          const W = new Float64Array(k * k);
          for (let i = 0; i < k; i++) W[i * k + i] = 1;
          const dnn: Dnn<Float64Array> = {
            kind: 'dnn',
            layers: [{ W: fromArray(k, k, W), b: new Float64Array(k) }],
          };
          const { gradients } = lossAndGradients(
            dnn,
            fromArray(1, k, Float64Array.from(z)),
            Int32Array.of(y),
          );
          const m = Math.max(...z);
          const e = z.map((v) => Math.exp(v - m));
          const s = e.reduce((a, b) => a + b, 0);
          for (let j = 0; j < k; j++)
            expect(gradients[0]!.b[j]).toBeCloseTo(e[j]! / s - (j === y ? 1 : 0), 12);
        },
      ),
    );
  });
});

function toyProblem(n: number, seed: number) {
  // two classes: the sign of the sum of the first 4 of 8 binary inputs minus 2
  const X = zeros(n, 8, 'f32');
  derive(seed, 'toy').bernoulli(new Float32Array(n * 8).fill(0.5), X.data);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < 4; j++) s += X.data[i * 8 + j]!;
    labels[i] = s >= 2 ? 1 : 0;
  }
  return { X, labels };
}

describe('trainDnn', () => {
  it('learns a toy problem, reports loss and accuracy per epoch, deterministically', () => {
    const { X, labels } = toyProblem(400, 1);
    const dnn = initDnn([8, 16, 2], derive(1));
    const before = snapshot([X.data, labels, ...dnn.layers.flatMap((l) => [l.W.data, l.b])]);
    const cfg = { epochs: 30, batchSize: 10, learningRate: 0.5 };
    const a = trainDnn(dnn, X, labels, cfg, derive(2));
    const b = trainDnn(dnn, X, labels, cfg, derive(2));
    expect(a.history).toHaveLength(30);
    expect(a.history.at(-1)!.loss).toBeLessThan(a.history[0]!.loss);
    expect(a.history.at(-1)!.accuracy).toBeGreaterThan(0.9);
    expect(errorRate(a.dnn, X, labels)).toBeCloseTo(1 - a.history.at(-1)!.accuracy, 12);
    expect(Array.from(b.dnn.layers[0]!.W.data)).toEqual(Array.from(a.dnn.layers[0]!.W.data));
    expect(snapshot([X.data, labels, ...dnn.layers.flatMap((l) => [l.W.data, l.b])])).toEqual(
      before,
    );
  });

  it('predict gives softmax rows and forward gives every layer', () => {
    const { X } = toyProblem(13, 2);
    const dnn = initDnn([8, 5, 4, 3], derive(3));
    const P = predict(dnn, X);
    for (let i = 0; i < 13; i++) {
      let s = 0;
      for (let j = 0; j < 3; j++) s += P.data[i * 3 + j]!;
      expect(s).toBeCloseTo(1, 5);
    }
    const acts = forward(dnn, X);
    expect(acts.map((a) => a.cols)).toEqual([8, 5, 4, 3]);
    expect(Array.from(acts[3]!.data.subarray(0, 39))).toEqual(Array.from(P.data));
  });

  it('rejects labels out of range and mismatched inputs', () => {
    const { X } = toyProblem(5, 3);
    const dnn = initDnn([8, 3], derive(3));
    expect(() => evaluate(dnn, X, Uint8Array.of(0, 1, 2, 3, 0))).toThrow(/labels\[3\]/);
    expect(() => evaluate(dnn, X, Uint8Array.of(0))).toThrow(/labels must have 5/);
  });
});

describe('DBN → DNN', () => {
  it('copies every pretrained layer exactly and leaves the DBN unchanged', () => {
    const { X } = toyProblem(60, 4);
    const dbn = trainDbn(
      initDbn([8, 6, 4], derive(1)),
      X,
      { epochs: 2, batchSize: 5, learningRate: 0.1 },
      derive(2),
    ).dbn;
    const before = snapshot(dbn.layers.flatMap((l) => [l.W.data, l.a, l.b]));
    const dnn = dnnFromDbn(dbn, 3, derive(3));
    expect(dnn.layers).toHaveLength(3);
    for (let l = 0; l < 2; l++) {
      expect(Array.from(dnn.layers[l]!.W.data)).toEqual(Array.from(dbn.layers[l]!.W.data));
      expect(Array.from(dnn.layers[l]!.b)).toEqual(Array.from(dbn.layers[l]!.b));
      expect(dnn.layers[l]!.W.data).not.toBe(dbn.layers[l]!.W.data);
    }
    expect([dnn.layers[2]!.W.rows, dnn.layers[2]!.W.cols]).toEqual([4, 3]);
    trainDnn(
      dnn,
      X,
      new Uint8Array(60),
      { epochs: 1, batchSize: 10, learningRate: 0.1 },
      derive(4),
    );
    expect(snapshot(dbn.layers.flatMap((l) => [l.W.data, l.a, l.b]))).toEqual(before);
  });
});
