// Generation quality from a classifier's class probabilities (issue #7, docs/0006-quality.md).
import type { Matrix } from '@dbn/linalg';
import type { QualityMetrics } from '../result.js';

/** What scored the samples: copied into {@link QualityMetrics}.classifier. */
export type ClassifierInfo = QualityMetrics['classifier'];

function checkProbabilities(P: Matrix): void {
  if (
    typeof P !== 'object' ||
    P === null ||
    !Number.isInteger(P.rows) ||
    !Number.isInteger(P.cols) ||
    P.rows < 1 ||
    P.cols < 1 ||
    !ArrayBuffer.isView(P.data)
  ) {
    throw new TypeError(
      `probabilities must be a non-empty matrix (rows = samples, cols = classes), got ${String(P)}`,
    );
  }
}

/**
 * Scores generated samples from the class probabilities P (rows = samples, cols = the
 * classifier's classes): sample r is recognised as class c = argmax_j P[r, j] (first on ties)
 * iff c is one of `trained` and P[r, c] ≥ τ. Returns recognised = #recognised / rows, perClass =
 * recognised counts in `trained` order, coverage = #{trained classes with a recognised sample},
 * coverageEntropy H = −Σ_c π_c ln π_c with π = perClass / #recognised (0 when none), so
 * 0 ≤ H ≤ ln |trained|. Pure; does not depend on the order of the rows. Throws RangeError or
 * TypeError naming a bad argument (τ outside (0, 1], repeated or out-of-range class indices).
 */
export function qualityMetrics(
  probabilities: Matrix,
  trained: readonly number[],
  tau: number,
  classifier: ClassifierInfo,
): QualityMetrics {
  checkProbabilities(probabilities);
  const P = probabilities;
  if (typeof tau !== 'number' || !(tau > 0 && tau <= 1)) {
    throw new RangeError(`tau must be a number in (0, 1], got ${String(tau)}`);
  }
  if (!Array.isArray(trained) || trained.length === 0) {
    throw new RangeError(
      `trained must be a non-empty array of class indices, got ${String(trained)}`,
    );
  }
  const slot = new Map<number, number>();
  trained.forEach((c, i) => {
    if (!Number.isInteger(c) || c < 0 || c >= P.cols) {
      throw new RangeError(`trained[${i}] must be a class index in 0..${P.cols - 1}, got ${c}`);
    }
    if (slot.has(c)) throw new RangeError(`trained[${i}] = ${c} is repeated`);
    slot.set(c, i);
  });
  if (typeof classifier !== 'object' || classifier === null) {
    throw new TypeError(`classifier must be a ClassifierInfo, got ${String(classifier)}`);
  }
  const perClass = new Array<number>(trained.length).fill(0);
  let recognised = 0;
  for (let r = 0; r < P.rows; r++) {
    const base = P.offset + r * P.rowStride;
    let best = 0;
    let bestP = P.data[base]!;
    for (let j = 1; j < P.cols; j++) {
      const p = P.data[base + j * P.colStride]!;
      if (p > bestP) {
        bestP = p;
        best = j;
      }
    }
    const i = slot.get(best);
    if (i !== undefined && bestP >= tau) {
      perClass[i]!++;
      recognised++;
    }
  }
  let coverage = 0;
  let entropy = 0;
  for (const n of perClass) {
    if (n === 0) continue;
    coverage++;
    const pi = n / recognised;
    entropy -= pi * Math.log(pi);
  }
  return {
    classifier: { ...classifier },
    tau,
    samples: P.rows,
    recognised: recognised / P.rows,
    coverage,
    classes: trained.length,
    // −Σ π ln π is ≥ 0 mathematically; clamp the −0 / rounding of a single class.
    coverageEntropy: Math.max(0, entropy),
    perClass,
  };
}
