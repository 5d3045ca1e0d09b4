// Public API of @dbn/experiments: the study's experiments as data, a resumable parallel runner,
// run merging, and (./report) the report writer.
export { type IoError, writeFileAtomicSync, writeJsonAtomic } from './atomic.js';
export {
  type Checkpoint,
  type CheckpointState,
  checkpointPath,
  type Phase,
  readCheckpoint,
  writeCheckpoint,
} from './checkpoint.js';
export {
  CONFIG_FIELDS,
  type ConfigError,
  type ConfigField,
  type DatasetName,
  type ModelKind,
  mergeConfig,
  type PointConfig,
  parseOverrides,
  validateConfig,
  validatePartialConfig,
} from './config.js';
export { estimateCost } from './cost.js';
export {
  type DataError,
  type DataOptions,
  type ImageSet,
  loadAlphaDigitsCached,
  loadMnistCached,
  locateAlphaDigits,
  mnistSubset,
  testSet,
  trainingSet,
} from './data.js';
export {
  type Axis,
  axisValue,
  checkPointIds,
  checkScale,
  type Experiment,
  type FigureSpec,
  type PointConfigError,
  type PointDef,
  type ResolvedPoint,
  resolvePoints,
  SCALES,
  type Scale,
  type StudyRef,
} from './experiment.js';
export { CODE_VERSION, canonicalJson, pointHash, pointStream } from './identity.js';
export { type MergeError, type MergeReport, mergeRuns } from './merge.js';
export {
  ALPHADIGITS_CLASSIFIER,
  type Classifier,
  type ClassifierOptions,
  type ClassifierSpec,
  classifierId,
  classifierSpec,
  getClassifier,
  MNIST_CLASSIFIER,
  trainClassifier,
} from './quality/classifier.js';
export {
  dbnLikelihood,
  likelihoodImages,
  pointQuality,
  rbmLikelihood,
  trainedClasses,
} from './quality/measure.js';
export { type ClassifierInfo, qualityMetrics } from './quality/quality-metrics.js';
export { EXPERIMENTS, getExperiment, listExperiments } from './registry.js';
export * from './report/index.js';
export {
  type BinarisationMetrics,
  type DnnEpochRecord,
  type ExperimentSummary,
  type FailureKind,
  FILES,
  isReusable,
  type LikelihoodMetrics,
  type MisclassifiedExample,
  type MissingPoint,
  type PointArtifacts,
  type PointFailure,
  type PointMetrics,
  type PointResult,
  type QualityMetrics,
  type RbmEpochRecord,
  type ResultFileError,
  readResult,
  repDir,
} from './result.js';
export {
  type ExperimentError,
  parseShard,
  planJobs,
  type RunExperimentOptions,
  runExperiment,
  runExperiments,
  type Shard,
  shardJobs,
} from './run-experiment.js';
export {
  classifyFailure,
  type EpochProgress,
  inputSize,
  largestMatrix,
  modelSizes,
  type PointJob,
  PointStopped,
  type RunPointOptions,
  runPoint,
} from './run-point.js';
export {
  type ProgressEvent,
  type ProgressType,
  reusableResult,
  runSweep,
  type SweepOptions,
  type SweepOutcome,
  WorkerStartError,
} from './runner.js';
export { buildSummary, type SummaryMeta, summaryMeta, writeSummary } from './summary.js';
