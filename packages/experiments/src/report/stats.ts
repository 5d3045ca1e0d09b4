// Descriptive statistics and a least-squares slope for verdicts and chart bands. Browser-safe.
import { isArray } from './validate.js';

/** Summary of repeated measurements (one per seed). */
export interface Stat {
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (n − 1 in the denominator); 0 when n = 1. */
  readonly sd: number;
  readonly min: number;
  readonly max: number;
}

function checkFinite(fn: string, name: string, values: readonly number[]): void {
  if (!isArray(values)) {
    throw new TypeError(`${fn}: ${name} must be an array of numbers, got ${typeof values}`);
  }
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new RangeError(`${fn}: ${name}[${i}] must be a finite number, got ${String(v)}`);
    }
  });
}

/** n, mean, sample sd, min and max of a non-empty array of finite numbers. */
export function describeValues(values: readonly number[]): Stat {
  checkFinite('describeValues', 'values', values);
  const n = values.length;
  if (n === 0) throw new RangeError('describeValues: values must be non-empty, got length 0');
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / n;
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  return { n, mean, sd, min, max };
}

/**
 * The ordinary least-squares slope of y on x: Σ(x−x̄)(y−ȳ) / Σ(x−x̄)². xs and ys are finite and of
 * equal length ≥ 2 with at least two distinct x (else RangeError).
 */
export function leastSquaresSlope(xs: readonly number[], ys: readonly number[]): number {
  const fn = 'leastSquaresSlope';
  checkFinite(fn, 'xs', xs);
  checkFinite(fn, 'ys', ys);
  if (xs.length !== ys.length) {
    throw new RangeError(`${fn}: ys.length must equal xs.length (${xs.length}), got ${ys.length}`);
  }
  if (xs.length < 2) throw new RangeError(`${fn}: need at least 2 points, got ${xs.length}`);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) * (xs[i]! - mx);
  }
  if (sxx === 0) throw new RangeError(`${fn}: xs must hold at least two distinct values`);
  return sxy / sxx;
}
