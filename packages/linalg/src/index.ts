export { addRowVector } from './add-row-vector.js';
export {
  type Arena,
  arenaBytes,
  createArena,
  gemmScratchBytes,
  isResident,
  isSharedResident,
  MAX_ARENA_BYTES,
} from './arena.js';
export { axpy } from './axpy.js';
export { biasSigmoid } from './bias-sigmoid.js';
export { binaryGemm } from './binary-gemm.js';
export { binaryGemmT } from './binary-gemm-t.js';
export { binaryGemmTDiff } from './binary-gemm-t-diff.js';
export { BinaryIndex } from './binary-index.js';
export { colSums } from './col-sums.js';
export { expApprox } from './exp-approx.js';
export { gemm } from './gemm.js';
export { gemv } from './gemv.js';
export { logSumExpRows } from './log-sum-exp-rows.js';
export {
  clone,
  type DType,
  describe,
  dtypeOf,
  type FloatArray,
  fromArray,
  get,
  isContiguous,
  type Matrix,
  rowSlice,
  transpose,
  zeros,
} from './matrix.js';
export { mul } from './mul.js';
export {
  closeThreads,
  DEFAULT_THREAD_SPIN_US,
  getThreadSpin,
  getThreads,
  MAX_THREAD_SPIN_US,
  MAX_THREADS,
  setThreadSpin,
  setThreads,
} from './parallel/threads.js';
export { rowArgmax } from './row-argmax.js';
export { scal } from './scal.js';
export { sigmoid } from './sigmoid.js';
export { sigmoidBackward } from './sigmoid-backward.js';
export { softmaxRows } from './softmax-rows.js';
export { squaredError } from './squared-error.js';
export { sub } from './sub.js';
export { type Backend, getBackend, setBackend } from './wasm/backend.js';
