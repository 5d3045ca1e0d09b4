// Characters of Binary AlphaDigits that the scorer cannot tell apart (docs/0006-quality.md).
import { ALPHADIGITS_LABELS } from '@dbn/datasets';
import { clone, type Matrix } from '@dbn/linalg';

/**
 * Pairs of AlphaDigits characters drawn alike in the data set, as measured: the scorer trained
 * on all 1,404 images recognises 0 of the 39 real '0' images as '0' (it says 'O').
 */
export const ALPHADIGITS_LOOKALIKES: readonly (readonly [string, string])[] = Object.freeze([
  Object.freeze(['0', 'O'] as const),
]);

/**
 * Class probabilities with look-alikes merged: for each pair (x, y) where exactly one of x, y is
 * among the `trained` class indices (t) and the other is not (u), P′[:, t] = P[:, t] + P[:, u]
 * and P′[:, u] = 0 — merging two classes sums their probabilities. Other columns are copied.
 * Returns a new matrix; P is not changed. Throws RangeError on a pair naming an unknown
 * character or a P without one column per AlphaDigits class.
 */
export function mergeLookalikes(
  P: Matrix<Float32Array>,
  trained: readonly number[],
  pairs: readonly (readonly [string, string])[] = ALPHADIGITS_LOOKALIKES,
): Matrix<Float32Array> {
  if (P.cols !== ALPHADIGITS_LABELS.length) {
    throw new RangeError(`P must have ${ALPHADIGITS_LABELS.length} columns, got ${P.cols}`);
  }
  const merged = clone(P);
  const out = merged.data;
  const isTrained = new Set(trained);
  for (const [x, y] of pairs) {
    const a = ALPHADIGITS_LABELS.indexOf(x);
    const b = ALPHADIGITS_LABELS.indexOf(y);
    if (a < 0 || b < 0) throw new RangeError(`pairs: unknown AlphaDigits character in ${x}/${y}`);
    if (isTrained.has(a) === isTrained.has(b)) continue;
    const t = isTrained.has(a) ? a : b;
    const u = t === a ? b : a;
    for (let i = 0; i < P.rows; i++) {
      out[i * P.cols + t] = out[i * P.cols + t]! + out[i * P.cols + u]!;
      out[i * P.cols + u] = 0;
    }
  }
  return merged;
}
