// Public API of @dbn/models: immutable RBM, DBN and DNN. Functions take parameters and return
// new ones; they never change their inputs.

export { dbnSizes, initDbn } from './dbn/init.js';
export { sampleDbn } from './dbn/sample.js';
export { type DbnEpochEvent, type DbnResume, type DbnTrainResult, trainDbn } from './dbn/train.js';
export { type Evaluation, errorRate, evaluate, forward, predict } from './dnn/evaluate.js';
export { lossAndGradients } from './dnn/gradients.js';
export { cloneDnn, type DnnInitOptions, dnnFromDbn, dnnSizes, initDnn } from './dnn/init.js';
export {
  checkDnnConfig,
  type DnnEpochEvent,
  type DnnTrainConfig,
  type DnnTrainResult,
  trainDnn,
} from './dnn/train.js';
export type { Labels } from './dnn/workspace.js';
export * from './errors.js';
export { modelArrays, modelSizes, type NamedArray } from './io/arrays.js';
export { encodeNpy, encodeNpz, exportNpz } from './io/npz.js';
export {
  type LoadedModel,
  loadModel,
  type ModelFileError,
  type ModelMetadata,
  saveModel,
} from './io/safetensors.js';
export { hiddenProbabilities, visibleProbabilities } from './rbm/conditionals.js';
export { freeEnergy, softplus } from './rbm/free-energy.js';
export {
  type GibbsSampler,
  gibbsSampler,
  type SampleOptions,
  type Samples,
  sampleRbm,
} from './rbm/gibbs.js';
export { type InitOptions, initRbm } from './rbm/init.js';
export { reconstructionError } from './rbm/reconstruction-error.js';
export {
  checkRbmConfig,
  cloneRbm,
  type RbmEpochEvent,
  type RbmTrainConfig,
  type RbmTrainResult,
  trainRbm,
} from './rbm/train.js';
export * from './types.js';

// Measured generation quality: exact and AIS log Z, log-likelihood, DBN bound (docs/0004).

export { aisBetas, DEFAULT_AIS_STEPS } from './likelihood/ais-betas.js';
export { type AisLogLikelihood, aisLogLikelihood } from './likelihood/ais-log-likelihood.js';
export {
  type AisOptions,
  type AisResult,
  aisLogPartition,
  DEFAULT_AIS_RUNS,
} from './likelihood/ais-log-partition.js';
export { baseRateBias, DEFAULT_BASE_RATE_SMOOTHING } from './likelihood/base-rate-bias.js';
export {
  type DbnBoundOptions,
  type DbnLowerBound,
  DEFAULT_BOUND_SAMPLES,
  dbnLowerBound,
} from './likelihood/dbn-lower-bound.js';
export { exactLogLikelihood } from './likelihood/exact-log-likelihood.js';
export { exactLogPartition, MAX_ENUMERATED_UNITS } from './likelihood/exact-log-partition.js';
