// A rough cost model of a point (floating-point operations), used to start the longest points
// first so that a sweep's tail is short. Only the order of work depends on it, never a result.
import type { PointConfig } from './config.js';

/**
 * Estimated floating-point operations of a point: CD-k training (≈ (8 + 4k)·p·q per example and
 * epoch, plus the reconstruction-error pass), generation (4·p·q per chain and Gibbs step), and
 * for a DNN pretraining plus backprop (≈ 6 flops per weight per example and epoch). Throws
 * TypeError on a non-object.
 */
export function estimateCost(c: PointConfig): number {
  if (typeof c !== 'object' || c === null) {
    throw new TypeError(`config must be a PointConfig, got ${String(c)}`);
  }
  if (c.model === 'binarisation') return c.trainSize * 784;
  const p = c.dataset === 'alphadigits' ? 320 : 784;
  const n = c.dataset === 'alphadigits' ? 39 * c.chars.length : c.trainSize;
  const sizes = [p, ...c.hidden];
  let rbm = 0;
  for (let l = 1; l < sizes.length; l++) rbm += sizes[l - 1]! * sizes[l]!;
  const unsupervised =
    (c.model !== 'dnn' || c.pretrain ? 1 : 0) * n * c.epochs * (12 + 4 * c.k) * rbm;
  if (c.model !== 'dnn') {
    const top = sizes[sizes.length - 2]! * sizes[sizes.length - 1]!;
    return unsupervised + c.samples * (c.gibbsSteps * 4 * top + 2 * rbm);
  }
  const weights = rbm + sizes[sizes.length - 1]! * 10;
  return unsupervised + 6 * weights * n * c.backpropEpochs + 2 * weights * (n + c.testSize);
}
