import type { FloatArray, Matrix } from '@dbn/linalg';
import type { Stream } from '@dbn/random';
import { DivergedError } from '../errors.js';
import { hiddenProbabilities } from '../rbm/conditionals.js';
import { type RbmEpochEvent, type RbmTrainConfig, trainRbm } from '../rbm/train.js';
import type { Dbn, Rbm, RbmEpoch, TrainHooks } from '../types.js';

/** An epoch event of {@link trainDbn}: which layer (1-based) and the layer's epoch event. */
export interface DbnEpochEvent<T extends FloatArray> extends RbmEpochEvent<T> {
  readonly layer: number;
  readonly layers: number;
}

/**
 * Where {@link trainDbn} starts: layers before `layer` are taken as trained (and propagate the
 * data upward), layer `layer` starts at `epoch` (see RbmTrainConfig.startEpoch).
 */
export interface DbnResume {
  readonly layer: number;
  readonly epoch: number;
}

export interface DbnTrainResult<T extends FloatArray> {
  readonly dbn: Dbn<T>;
  /** history[l − 1] is layer l's per-epoch record. */
  readonly history: readonly (readonly RbmEpoch[])[];
}

/**
 * Greedy layer-wise training: RBM l is trained by {@link trainRbm} with stream
 * `rng.derive('layer', l)` on the hidden probabilities σ(xW + b) of layer l − 1 (layer 1 on the
 * data). Inputs are not changed. A diverging layer throws DivergedError naming the layer.
 */
export function trainDbn<T extends FloatArray>(
  dbn: Dbn<T>,
  data: Matrix<T>,
  config: RbmTrainConfig,
  rng: Stream,
  hooks: TrainHooks<DbnEpochEvent<T>> = {},
  resume: DbnResume = { layer: 1, epoch: 1 },
): DbnTrainResult<T> {
  const L = dbn.layers.length;
  if (!Number.isInteger(resume.layer) || resume.layer < 1 || resume.layer > L) {
    throw new RangeError(`resume.layer must be an integer in 1..${L}, got ${resume.layer}`);
  }
  const trained: Rbm<T>[] = [];
  const history: RbmEpoch[][] = [];
  let input = data;
  for (let l = 1; l <= L; l++) {
    const layer = dbn.layers[l - 1]!;
    if (l < resume.layer) {
      trained.push(layer);
      history.push([]);
      input = hiddenProbabilities(layer, input);
      continue;
    }
    const layerConfig = l === resume.layer ? { ...config, startEpoch: resume.epoch } : config;
    let res: ReturnType<typeof trainRbm<T>>;
    try {
      res = trainRbm(layer, input, layerConfig, rng.derive('layer', l), {
        ...(hooks.signal ? { signal: hooks.signal } : {}),
        onEpoch: (e) => hooks.onEpoch?.({ ...e, layer: l, layers: L }),
      });
    } catch (err) {
      if (err instanceof DivergedError) throw new DivergedError(err.epoch, err.what, l);
      throw err;
    }
    trained.push(res.rbm);
    history.push([...res.history]);
    if (l < L) input = hiddenProbabilities(res.rbm, input);
  }
  return { dbn: { kind: 'dbn', layers: trained }, history };
}
