/**
 * Central finite differences: g_i ≈ (f(x + ε·e_i) − f(x − ε·e_i)) / 2ε, computed in float64.
 * `x` is perturbed in place and restored bit for bit before returning.
 */
export function numericalGradient(
  f: (x: Float64Array) => number,
  x: Float64Array,
  eps = 1e-6,
): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    x[i] = xi + eps;
    const fp = f(x);
    x[i] = xi - eps;
    const fm = f(x);
    x[i] = xi;
    g[i] = (fp - fm) / (2 * eps);
  }
  return g;
}

/** The result of comparing an analytic gradient with central finite differences. */
export interface GradientCheck {
  /** max_i |a_i − n_i| / max(|a_i| + |n_i|, floor): 0 when they agree exactly. */
  readonly maxRelativeError: number;
  /** The index where that maximum is reached (−1 for an empty gradient). */
  readonly worstIndex: number;
  readonly numerical: Float64Array;
}

/**
 * Compares `analytic` with the central-difference gradient of `f` at `x`:
 * err_i = |a_i − n_i| / max(|a_i| + |n_i|, floor).
 */
export function checkGradient(
  f: (x: Float64Array) => number,
  x: Float64Array,
  analytic: Float64Array,
  { eps = 1e-6, floor = 1e-8 }: { eps?: number; floor?: number } = {},
): GradientCheck {
  if (analytic.length !== x.length) {
    throw new RangeError(
      `analytic.length must equal x.length = ${x.length}, got ${analytic.length}`,
    );
  }
  const numerical = numericalGradient(f, x, eps);
  let worst = 0;
  let worstIndex = -1;
  for (let i = 0; i < x.length; i++) {
    const a = analytic[i]!;
    const n = numerical[i]!;
    const err = Math.abs(a - n) / Math.max(Math.abs(a) + Math.abs(n), floor);
    if (err > worst || worstIndex < 0) {
      worst = err;
      worstIndex = i;
    }
  }
  return { maxRelativeError: worst, worstIndex, numerical };
}
