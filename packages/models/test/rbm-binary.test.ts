import { colSums, getBackend, isResident, type Matrix, setBackend, zeros } from '@dbn/linalg';
import { derive } from '@dbn/random';
import { afterEach, describe, expect, it } from 'vitest';
import {
  evaluate,
  forward,
  gibbsSampler,
  initDnn,
  initRbm,
  predict,
  reconstructionError,
  sampleDbn,
  sampleRbm,
  trainDnn,
  trainRbm,
} from '../src/index.js';
import { BinaryOperand, runBuffers } from '../src/rbm/binary.js';

const DEFAULT_BACKEND = getBackend();
afterEach(() => setBackend(DEFAULT_BACKEND));

/** n × p float32 0/1 data with about `density` ones (sparse like binarised MNIST). */
function sparseBinary(n: number, p: number, density: number, seed: number): Matrix<Float32Array> {
  const X = zeros(n, p);
  derive(seed, 'data').bernoulli(new Float32Array(n * p).fill(density), X.data);
  return X;
}

function maxAbsDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let d = 0;
  for (let q = 0; q < x.length; q++) d = Math.max(d, Math.abs(x[q]! - y[q]!));
  return d;
}

describe('binary operands', () => {
  it('a run too large for one wasm memory gets plain arrays instead of an arena', () => {
    setBackend('wasm');
    const like = new Float32Array(0);
    // 10000 × 10000 float32 weights (400 MB) plus workspaces exceed a 2 GiB wasm memory with the
    // kernels' scratch: fig6's q = 10000 must still train (copying per call).
    const big = runBuffers(like, [[10_000, 10_000]], [[1024, 10_000]], [1024, 10_000, 10_000]);
    expect(big.arena).toBeUndefined();
    const small = runBuffers(like, [[320, 200]], [[5, 320]], [5, 320, 200]);
    expect(small.arena).toBeDefined();
  });

  it('a BinaryOperand gives the dense products and column sums, 0/1 or not', () => {
    for (const density of [0.05, 0.9, -1]) {
      const A = sparseBinary(6, 40, Math.abs(density), 2);
      // density −1: the same matrix with one fractional value (not 0/1: the dense paths)
      if (density < 0) A.data[17] = 0.25;
      const B = zeros(40, 9);
      derive(3).fillNormal(B.data);
      const op = new BinaryOperand(A.data, 6, 40);
      op.fill(A);
      const got = zeros(6, 9);
      op.times(1, B, 0, got);
      for (let i = 0; i < 6; i++) {
        for (let j = 0; j < 9; j++) {
          let s = 0;
          for (let k = 0; k < 40; k++) s += A.data[i * 40 + k]! * B.data[k * 9 + j]!;
          expect(Math.abs(got.data[i * 9 + j]! - s)).toBeLessThan(1e-5);
        }
      }
      expect(op.binary).toBe(density >= 0);
      const sums = new Float32Array(40).fill(0.5);
      op.colSums(2, 1, sums);
      expect(Array.from(sums)).toEqual(
        Array.from(colSums(2, A, 1, new Float32Array(40).fill(0.5))),
      );
    }
  });
});

describe.each(['wasm', 'js'] as const)('binary kernels in the models (%s backend)', (backend) => {
  it('trainRbm on sparse 0/1 data agrees with the dense float64 run up to float32 rounding', () => {
    setBackend(backend);
    const X = sparseBinary(60, 30, 0.1, 4);
    const X64 = { ...X, data: Float64Array.from(X.data) };
    const r = initRbm(30, 12, derive(5));
    const r64 = {
      ...r,
      W: { ...r.W, data: Float64Array.from(r.W.data) },
      a: Float64Array.from(r.a),
      b: Float64Array.from(r.b),
    };
    const cfg = { epochs: 2, batchSize: 6, learningRate: 0.1 };
    const f32 = trainRbm(r, X, cfg, derive(6));
    const f64 = trainRbm(r64, X64, cfg, derive(6));
    // the same draws (a sample flips only if a uniform lands within ~1e-7 of a probability)
    expect(maxAbsDiff(f32.rbm.W.data, f64.rbm.W.data)).toBeLessThan(1e-5);
    expect(maxAbsDiff(f32.rbm.a, f64.rbm.a)).toBeLessThan(1e-5);
    const e32 = f32.history.map((h) => h.reconstructionError);
    const e64 = f64.history.map((h) => h.reconstructionError);
    expect(maxAbsDiff(e32, e64)).toBeLessThan(1e-6);
    expect(Math.abs(reconstructionError(f32.rbm, X) - e32[1]!)).toBeLessThan(1e-6);
  });

  it('trainRbm on data with some non-0/1 batches agrees with the dense float64 run', () => {
    setBackend(backend);
    // rows 0–11 have fractional values: the batches holding them take the dense products and
    // column sums, the others the binary ones (each batch is checked as it is indexed)
    const X = sparseBinary(60, 30, 0.1, 16);
    for (let i = 0; i < 12; i++) X.data[i * 30 + (i % 30)] = 0.375;
    const X64 = { ...X, data: Float64Array.from(X.data) };
    const r = initRbm(30, 12, derive(17));
    const r64 = {
      ...r,
      W: { ...r.W, data: Float64Array.from(r.W.data) },
      a: Float64Array.from(r.a),
      b: Float64Array.from(r.b),
    };
    const cfg = { epochs: 2, batchSize: 6, learningRate: 0.1, momentum: 0.5 };
    const f32 = trainRbm(r, X, cfg, derive(18));
    const f64 = trainRbm(r64, X64, cfg, derive(18));
    expect(maxAbsDiff(f32.rbm.W.data, f64.rbm.W.data)).toBeLessThan(1e-5);
    expect(maxAbsDiff(f32.rbm.a, f64.rbm.a)).toBeLessThan(1e-5);
    expect(maxAbsDiff(f32.rbm.b, f64.rbm.b)).toBeLessThan(1e-5);
    const e32 = f32.history.map((h) => h.reconstructionError);
    const e64 = f64.history.map((h) => h.reconstructionError);
    expect(maxAbsDiff(e32, e64)).toBeLessThan(1e-6);
    expect(reconstructionError(f32.rbm, X)).toBe(e32[1]);
  });

  it("evaluate gives trainDnn's last-epoch loss bit for bit; predict and forward agree", () => {
    setBackend(backend);
    const X = sparseBinary(30, 16, 0.1, 13);
    const labels = new Int32Array(30).map((_, i) => i % 3);
    const cfg = { epochs: 2, batchSize: 7, learningRate: 0.3 };
    const { dnn, history } = trainDnn(
      initDnn([16, 6, 5, 3], derive(14)),
      X,
      labels,
      cfg,
      derive(15),
    );
    const ev = evaluate(dnn, X, labels);
    expect(ev.loss).toBe(history[1]!.loss);
    expect(ev.accuracy).toBe(history[1]!.accuracy);
    const P = predict(dnn, X);
    const acts = forward(dnn, X);
    expect(Array.from(acts[3]!.data)).toEqual(Array.from(P.data));
    // results are plain copies, never views of the arena the pass ran in
    expect(isResident(P.data)).toBe(false);
    for (const A of acts) expect(isResident(A.data)).toBe(false);
  });

  it('returns plain arrays, never arena memory, from training (RBM, DNN) and sampling', () => {
    setBackend(backend);
    const X = sparseBinary(20, 16, 0.1, 7);
    let snap: ReturnType<typeof initRbm> | undefined;
    const { rbm } = trainRbm(
      initRbm(16, 8, derive(1)),
      X,
      { epochs: 1, batchSize: 5, learningRate: 0.1 },
      derive(2),
      {
        onEpoch: (e) => {
          snap = e.snapshot();
        },
      },
    );
    const arrays = [rbm.W.data, rbm.a, rbm.b, snap!.W.data, snap!.a, snap!.b];
    const s = sampleRbm(rbm, { samples: 3, gibbsSteps: 2 }, derive(3));
    const d = sampleDbn({ kind: 'dbn', layers: [rbm] }, { samples: 3, gibbsSteps: 2 }, derive(3));
    const net = trainDnn(
      initDnn([16, 5, 2], derive(4)),
      X,
      new Int32Array(20).map((_, i) => i % 2),
      { epochs: 1, batchSize: 5, learningRate: 0.1 },
      derive(5),
    );
    arrays.push(s.samples.data, s.probabilities.data, d.samples.data);
    arrays.push(...net.dnn.layers.flatMap((l) => [l.W.data, l.b]));
    for (const x of arrays) expect(isResident(x)).toBe(false);
    // a later run does not change an earlier result
    const W = Array.from(rbm.W.data);
    trainRbm(
      initRbm(16, 8, derive(9)),
      X,
      { epochs: 1, batchSize: 5, learningRate: 0.1 },
      derive(2),
    );
    expect(Array.from(rbm.W.data)).toEqual(W);
  });

  it('Gibbs chains on a sparse RBM match the float64 sampler', () => {
    setBackend(backend);
    const r = initRbm(40, 10, derive(8), { sigma: 0.5 });
    const sparse = { ...r, a: new Float32Array(40).fill(-2.5) }; // p(v = 1) ≈ 0.08: sparse chains
    const s64 = {
      ...sparse,
      W: { ...r.W, data: Float64Array.from(r.W.data) },
      a: Float64Array.from(sparse.a),
      b: Float64Array.from(r.b),
    };
    const g32 = gibbsSampler(sparse, 16, derive(9));
    const g64 = gibbsSampler(s64, 16, derive(9));
    g32.step(20);
    g64.step(20);
    expect(Array.from(g32.visible.data)).toEqual(Array.from(g64.visible.data));
    expect(maxAbsDiff(g32.probabilities.data, g64.probabilities.data)).toBeLessThan(1e-5);
  });

  it('trainDnn on sparse 0/1 inputs agrees with the dense float64 run', () => {
    setBackend(backend);
    const X = sparseBinary(40, 25, 0.1, 10);
    const X64 = { ...X, data: Float64Array.from(X.data) };
    const labels = new Int32Array(40).map((_, i) => i % 3);
    const net = initDnn([25, 8, 3], derive(11));
    const net64 = {
      kind: 'dnn' as const,
      layers: net.layers.map((l) => ({
        W: { ...l.W, data: Float64Array.from(l.W.data) },
        b: Float64Array.from(l.b),
      })),
    };
    const cfg = { epochs: 2, batchSize: 8, learningRate: 0.5 };
    const a = trainDnn(net, X, labels, cfg, derive(12));
    const b = trainDnn(net64, X64, labels, cfg, derive(12));
    for (let l = 0; l < 2; l++) {
      expect(maxAbsDiff(a.dnn.layers[l]!.W.data, b.dnn.layers[l]!.W.data)).toBeLessThan(1e-5);
    }
    expect(Math.abs(a.history[1]!.loss - b.history[1]!.loss)).toBeLessThan(1e-5);
  });
});
