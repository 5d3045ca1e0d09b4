// Training one epoch at a time, yielding to the event loop between epochs so that Ctrl-C (an
// AbortSignal) and progress bars are served while a long run goes on. The models' trainers
// draw epoch e only from `rng.derive('epoch', e)`, so running epoch e alone with
// `startEpoch: e` continues the run bit for bit: the result equals one call of trainRbm /
// trainDbn / trainDnn with all epochs (the tests check this).
import type { Matrix } from '@dbn/linalg';
import {
  type Dbn,
  DivergedError,
  type Dnn,
  type DnnEpoch,
  type DnnTrainConfig,
  hiddenProbabilities,
  type Labels,
  type Rbm,
  type RbmEpoch,
  type RbmTrainConfig,
  trainDnn,
  trainRbm,
} from '@dbn/models';
import type { Stream } from '@dbn/random';

/** Called after each epoch. */
export type EpochCallback<E> = (record: E) => void;

/** Lets pending I/O, timers and signal handlers run (e.g. a Ctrl-C handler that aborts). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Hooks of the step-wise trainers. */
export interface StepHooks<E> {
  readonly signal?: AbortSignal;
  readonly onEpoch?: EpochCallback<E>;
}

/** Plain CD-k only: momentum, weight decay and PCD keep state that an epoch-wise run would lose. */
function checkPlainCd(config: RbmTrainConfig): void {
  if ((config.momentum ?? 0) !== 0 || (config.weightDecay ?? 0) !== 0 || config.persistent) {
    throw new RangeError('step-wise training supports plain CD-k only (no momentum, decay, PCD)');
  }
}

/** trainRbm(rbm, data, config, rng), one epoch at a time; throws the signal's reason on abort. */
export async function trainRbmStepwise(
  rbm: Rbm<Float32Array>,
  data: Matrix<Float32Array>,
  config: RbmTrainConfig,
  rng: Stream,
  hooks: StepHooks<RbmEpoch> = {},
): Promise<{ rbm: Rbm<Float32Array>; history: RbmEpoch[] }> {
  checkPlainCd(config);
  let current = rbm;
  const history: RbmEpoch[] = [];
  for (let epoch = config.startEpoch ?? 1; epoch <= config.epochs; epoch++) {
    await yieldToEventLoop();
    hooks.signal?.throwIfAborted();
    const res = trainRbm(
      current,
      data,
      { ...config, startEpoch: epoch, epochs: epoch },
      rng,
      hooks.signal ? { signal: hooks.signal } : {},
    );
    current = res.rbm;
    const record = res.history[0]!;
    history.push(record);
    hooks.onEpoch?.(record);
  }
  return { rbm: current, history };
}

/** A DBN epoch record: which layer (1-based) of how many. */
export interface DbnEpochRecord extends RbmEpoch {
  readonly layer: number;
  readonly layers: number;
}

/**
 * trainDbn(dbn, data, config, rng), one epoch at a time: RBM l is trained with stream
 * `rng.derive('layer', l)` on the hidden probabilities of layer l − 1 (layer 1 on the data);
 * a divergence names its layer.
 */
export async function trainDbnStepwise(
  dbn: Dbn<Float32Array>,
  data: Matrix<Float32Array>,
  config: RbmTrainConfig,
  rng: Stream,
  hooks: StepHooks<DbnEpochRecord> & { readonly onLayer?: (layer: number) => void } = {},
): Promise<{ dbn: Dbn<Float32Array>; history: RbmEpoch[][] }> {
  const L = dbn.layers.length;
  const trained: Rbm<Float32Array>[] = [];
  const history: RbmEpoch[][] = [];
  let input = data;
  for (let l = 1; l <= L; l++) {
    hooks.onLayer?.(l);
    let res: Awaited<ReturnType<typeof trainRbmStepwise>>;
    try {
      res = await trainRbmStepwise(dbn.layers[l - 1]!, input, config, rng.derive('layer', l), {
        ...(hooks.signal ? { signal: hooks.signal } : {}),
        onEpoch: (e) => hooks.onEpoch?.({ ...e, layer: l, layers: L }),
      });
    } catch (err) {
      if (err instanceof DivergedError) throw new DivergedError(err.epoch, err.what, l);
      throw err;
    }
    trained.push(res.rbm);
    history.push(res.history);
    if (l < L) {
      await yieldToEventLoop();
      hooks.signal?.throwIfAborted();
      input = hiddenProbabilities(res.rbm, input);
    }
  }
  return { dbn: { kind: 'dbn', layers: trained }, history };
}

/** trainDnn(dnn, X, labels, config, rng), one epoch at a time. */
export async function trainDnnStepwise(
  dnn: Dnn<Float32Array>,
  X: Matrix<Float32Array>,
  labels: Labels,
  config: DnnTrainConfig,
  rng: Stream,
  hooks: StepHooks<DnnEpoch> = {},
): Promise<{ dnn: Dnn<Float32Array>; history: DnnEpoch[] }> {
  let current = dnn;
  const history: DnnEpoch[] = [];
  for (let epoch = config.startEpoch ?? 1; epoch <= config.epochs; epoch++) {
    await yieldToEventLoop();
    hooks.signal?.throwIfAborted();
    const res = trainDnn(
      current,
      X,
      labels,
      { ...config, startEpoch: epoch, epochs: epoch },
      rng,
      hooks.signal ? { signal: hooks.signal } : {},
    );
    current = res.dnn;
    const record = res.history[0]!;
    history.push(record);
    hooks.onEpoch?.(record);
  }
  return { dnn: current, history };
}
