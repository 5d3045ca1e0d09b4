import {
  axpy,
  binaryGemmTDiff,
  colSums,
  type FloatArray,
  type Matrix,
  rowSlice,
  scal,
} from '@dbn/linalg';
import type { Stream } from '@dbn/random';
import { DivergedError } from '../errors.js';
import type { Rbm, RbmEpoch, TrainHooks } from '../types.js';
import {
  allFinite,
  arrayLike,
  checkData,
  checkNonNegative,
  checkPositiveInt,
  copyMatrix,
  gatherRows,
  secondsSince,
} from '../util.js';
import { BinaryOperand, copyRbmParams, runBuffers } from './binary.js';
import { downInto, upInto } from './conditionals.js';
import { reconstructionErrorWith } from './reconstruction-error.js';

/** Hyper-parameters of contrastive-divergence training. */
export interface RbmTrainConfig {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** Gibbs steps in the negative phase (CD-k); the study uses 1. */
  readonly k?: number;
  /** Momentum μ of the parameter velocity (0 = plain SGD, the study's). */
  readonly momentum?: number;
  /** L2 weight decay λ on W (0 = none, the study's). */
  readonly weightDecay?: number;
  /** Persistent CD: negative chains carry over between minibatches (off = the study's CD). */
  readonly persistent?: boolean;
  /**
   * First epoch to run (default 1). Because epoch e draws only from `rng.derive('epoch', e)`,
   * resuming a snapshot taken after epoch e − 1 with `startEpoch: e` reproduces the uninterrupted
   * run bit for bit (for plain CD without momentum or PCD, whose state is not in the snapshot).
   */
  readonly startEpoch?: number;
}

/** An epoch event of {@link trainRbm}: the epoch's record plus a copy-on-demand of the RBM. */
export interface RbmEpochEvent<T extends FloatArray> extends RbmEpoch {
  readonly epochs: number;
  snapshot(): Rbm<T>;
}

export interface RbmTrainResult<T extends FloatArray> {
  readonly rbm: Rbm<T>;
  readonly history: readonly RbmEpoch[];
}

/** Copies of an RBM's parameters, the only buffers training mutates. */
export function cloneRbm<T extends FloatArray>(rbm: Rbm<T>): Rbm<T> {
  return { ...rbm, W: copyMatrix(rbm.W), a: rbm.a.slice() as T, b: rbm.b.slice() as T };
}

/** Checks an {@link RbmTrainConfig}, naming the bad field. */
export function checkRbmConfig(config: RbmTrainConfig): void {
  checkPositiveInt('epochs', config.epochs);
  checkPositiveInt('batchSize', config.batchSize);
  checkNonNegative('learningRate', config.learningRate, true);
  checkPositiveInt('k', config.k ?? 1);
  const mu = config.momentum ?? 0;
  checkNonNegative('momentum', mu);
  if (mu >= 1) throw new RangeError(`momentum must be < 1, got ${mu}`);
  checkNonNegative('weightDecay', config.weightDecay ?? 0);
  const start = config.startEpoch ?? 1;
  if (!Number.isInteger(start) || start < 1 || start > config.epochs + 1) {
    throw new RangeError(
      `startEpoch must be an integer in 1..epochs + 1 = ${config.epochs + 1}, got ${start}`,
    );
  }
}

/**
 * Trains a copy of `rbm` on the rows of `data` (n × visible, values in [0, 1]) by CD-k with
 * minibatch SGD and returns it with the per-epoch history; `rbm` and `data` are not changed.
 *
 * Per epoch e the stream `rng.derive('epoch', e)` first draws a permutation of the rows, then,
 * per minibatch of m rows v0: ph0 = σ(v0W + b); h ~ B(ph0); pv = σ(hWᵀ + a); v ~ B(pv);
 * ph = σ(vW + b) (the last three repeated k times, in this order of draws), then
 * W += (lr/m)(v0ᵀph0 − vᵀph), a += (lr/m)Σ(v0 − v), b += (lr/m)Σ(ph0 − ph).
 * With persistent CD the negative chain starts from the previous batch's final v instead of v0
 * (chains start from `rng.derive('pcd')` uniform-binary states). Throws DivergedError when the
 * weights or the reconstruction error stop being finite, and the signal's reason when aborted.
 */
export function trainRbm<T extends FloatArray>(
  rbm: Rbm<T>,
  data: Matrix<T>,
  config: RbmTrainConfig,
  rng: Stream,
  hooks: TrainHooks<RbmEpochEvent<T>> = {},
): RbmTrainResult<T> {
  checkRbmConfig(config);
  checkData('data', data, rbm.visible);
  if (data.data.constructor !== rbm.a.constructor) {
    throw new TypeError(
      `data must hold ${rbm.a.constructor.name} like the RBM, got ${data.data.constructor.name}`,
    );
  }
  const { epochs, batchSize, learningRate: lr } = config;
  const k = config.k ?? 1;
  const mu = config.momentum ?? 0;
  const decay = config.weightDecay ?? 0;
  const persistent = config.persistent ?? false;
  const { visible: p, hidden: q } = rbm;
  const n = data.rows;
  const like = rbm.a;
  const mMax = Math.max(1, Math.min(batchSize, n));
  const errChunk = Math.max(1, Math.min(1024, n));
  const velocity = mu > 0 || decay > 0;
  // Every buffer of the run, resident in one arena of WebAssembly memory on the 'wasm' backend
  // (sized here once, so the kernels never copy W or the batch matrices); plain arrays otherwise.
  const buffers = runBuffers(
    like,
    [
      [p, q],
      [1, p],
      [1, q],
      ...Array.from({ length: 6 }, (_, i) => [mMax, i % 2 === 0 ? p : q] as const),
      ...(velocity
        ? ([
            [p, q],
            [1, p],
            [1, q],
          ] as const)
        : []),
      ...(persistent ? ([[mMax, p]] as const) : []),
      [errChunk, q],
      [errChunk, p],
    ],
    [
      [mMax, p],
      [mMax, p],
      [errChunk, p],
    ],
    [errChunk, p, q],
  );
  const { W, a, b } = copyRbmParams(buffers, rbm);
  const out: Rbm<T> = { ...rbm, W, a, b };
  const V0 = buffers.zeros(mMax, p);
  const PH0 = buffers.zeros(mMax, q);
  const V = buffers.zeros(mMax, p);
  const PH = buffers.zeros(mMax, q);
  const PV = buffers.zeros(mMax, p);
  const H = buffers.zeros(mMax, q);
  const vW = velocity ? buffers.zeros(p, q) : undefined;
  const va = velocity ? buffers.vector(p) : undefined;
  const vb = velocity ? buffers.vector(q) : undefined;
  const chain = persistent ? buffers.zeros(mMax, p) : undefined;
  if (chain) {
    const init = rng.derive('pcd');
    const half = arrayLike(like, mMax * p).fill(0.5);
    init.bernoulli(half, chain.data);
  }
  const EH = buffers.zeros(errChunk, q);
  const ER = buffers.zeros(errChunk, p);
  // 0/1 operands: the data rows v0, the sampled negative visibles v (always 0/1) and the data
  // chunks of the reconstruction-error pass. Each fill checks its matrix (a batch that is not
  // 0/1 takes the dense products), so the data need no whole-set check first.
  const bin0 = new BinaryOperand(like, mMax, p, buffers.arena);
  const binV = new BinaryOperand(like, mMax, p, buffers.arena);
  const binErr = new BinaryOperand(like, errChunk, p, buffers.arena);
  const history: RbmEpoch[] = [];
  // Views of the first m rows of every batch buffer, made once per batch size (the last batch
  // may be shorter), so the minibatch loop allocates nothing.
  const batchViews = (m: number) => {
    const mp = m * p;
    const mq = m * q;
    return {
      m,
      v0: rowSlice(V0, 0, m),
      ph0: rowSlice(PH0, 0, m),
      h: rowSlice(H, 0, m),
      pv: rowSlice(PV, 0, m),
      v: rowSlice(V, 0, m),
      ph: rowSlice(PH, 0, m),
      c: chain ? rowSlice(chain, 0, m) : undefined,
      ph0Flat: PH0.data.subarray(0, mq) as T,
      hFlat: H.data.subarray(0, mq) as T,
      phFlat: PH.data.subarray(0, mq) as T,
      pvFlat: PV.data.subarray(0, mp) as T,
      vFlat: V.data.subarray(0, mp) as T,
    };
  };
  let views = batchViews(mMax);
  /**
   * C += α·(v0ᵀ·ph0 − vᵀ·ph) (v0, v the matrices bin0, binV were last filled with): one pass over
   * C with the binary kernel when both v0 and v are sparse enough, else each term by the binary
   * scatter or dense gemm.
   */
  const statistics = (alpha: number, ph0: Matrix<T>, ph: Matrix<T>, C: Matrix<T>) => {
    if (bin0.scatter && binV.scatter) {
      binaryGemmTDiff(alpha, bin0.index, ph0, binV.index, ph, 1, C);
      return;
    }
    bin0.transposeTimes(alpha, ph0, 1, C);
    binV.transposeTimes(-alpha, ph, 1, C);
  };

  for (let epoch = config.startEpoch ?? 1; epoch <= epochs; epoch++) {
    const t0 = performance.now();
    const s = rng.derive('epoch', epoch);
    const perm = s.permutation(n);
    for (let start = 0; start < n; start += batchSize) {
      hooks.signal?.throwIfAborted();
      const m = Math.min(batchSize, n - start);
      gatherRows(data, perm, start, m, V0.data);
      if (views.m !== m) views = batchViews(m);
      const { v0, ph0, h, pv, v, ph, hFlat, phFlat, ph0Flat, pvFlat, vFlat } = views;
      bin0.fill(v0);
      upInto(W, b, v0, ph0, bin0);
      let negPhFlat = ph0Flat;
      if (views.c) {
        binV.fill(views.c);
        upInto(W, b, views.c, ph, binV);
        negPhFlat = phFlat;
      }
      for (let step = 0; step < k; step++) {
        s.bernoulli(negPhFlat, hFlat);
        downInto(W, a, h, pv);
        s.bernoulli(pvFlat, vFlat);
        binV.fill(v);
        upInto(W, b, v, ph, binV);
        negPhFlat = phFlat;
      }
      if (chain) chain.data.set(vFlat);
      const rate = lr / m;
      if (vW && va && vb) {
        scal(mu, vW.data);
        scal(mu, va);
        scal(mu, vb);
        statistics(rate, ph0, ph, vW);
        if (decay > 0) axpy(-lr * decay, W.data, vW.data);
        bin0.colSums(rate, 1, va);
        binV.colSums(-rate, 1, va);
        colSums(rate, ph0, 1, vb);
        colSums(-rate, ph, 1, vb);
        axpy(1, vW.data, W.data);
        axpy(1, va, a);
        axpy(1, vb, b);
      } else {
        statistics(rate, ph0, ph, W);
        bin0.colSums(rate, 1, a);
        binV.colSums(-rate, 1, a);
        colSums(rate, ph0, 1, b);
        colSums(-rate, ph, 1, b);
      }
    }
    if (!allFinite(W.data) || !allFinite(a) || !allFinite(b))
      throw new DivergedError(epoch, 'a weight');
    const err = reconstructionErrorWith(W, a, b, data, EH, ER, binErr);
    if (!Number.isFinite(err)) throw new DivergedError(epoch, 'the reconstruction error');
    const record: RbmEpoch = { epoch, reconstructionError: err, seconds: secondsSince(t0) };
    history.push(record);
    hooks.onEpoch?.({ ...record, epochs, snapshot: () => cloneRbm(out) });
  }
  // the result is a plain copy: it must not alias the run's arena
  return { rbm: buffers.arena ? cloneRbm(out) : out, history };
}
