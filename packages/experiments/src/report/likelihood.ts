// Log-likelihood helpers of the report (issue #7): trainer names, AIS intervals, nats as text.
// Browser-safe.

import type { PointAggregate } from './aggregate.js';
import { formatNumber } from './format.js';
import { describeValues } from './stats.js';
import type { ConfigRecord } from './summary.js';
import { isArray } from './validate.js';

/**
 * ais-mnist's CD-25 agrees with its published test log-likelihood when within this many nats
 * per image: far above AIS's own ±3σ error (tenths of a nat at the paper's schedule), well
 * below the tens of nats that separate CD-1 from CD-25.
 */
export const LIKELIHOOD_TOLERANCE_NATS = 3;

/**
 * A log-likelihood in nats for a reader: 4 significant digits with a true minus sign
 * ("−86.34"); `signed` adds "+" to positive values (differences).
 */
export function nats(value: number, signed = false): string {
  if (typeof value !== 'number')
    throw new TypeError(`nats: value must be a number, got ${typeof value}`);
  const text = formatNumber(Math.abs(value), 4);
  if (value < 0) return `−${text}`;
  return signed && value > 0 ? `+${text}` : text;
}

/**
 * How a point's RBM was trained, from its config: "PCD-k" when `persistent` is true (or
 * `trainer` is "pcd"), else "CD-k" with k = `config.k`; undefined without a numeric k.
 */
export function trainerLabel(config: ConfigRecord): string | undefined {
  if (typeof config !== 'object' || config === null) {
    throw new TypeError(`trainerLabel: config must be an object, got ${String(config)}`);
  }
  const k = config.k;
  if (typeof k !== 'number') return undefined;
  const pcd = config.persistent === true || config.trainer === 'pcd';
  return `${pcd ? 'PCD' : 'CD'}-${k}`;
}

/**
 * The point of ais-mnist trained with `trainer`: the point with that id (cd1, cd25, pcd), else
 * the only point whose config says so (CD-1: k = 1, CD-25: k = 25, not persistent; PCD:
 * persistent); undefined when none or several match.
 */
export function findTrainerPoint(
  points: readonly PointAggregate[],
  trainer: 'cd1' | 'cd25' | 'pcd',
): PointAggregate | undefined {
  if (!isArray(points))
    throw new TypeError(`findTrainerPoint: points must be an array, got ${typeof points}`);
  const byId = points.find((p) => p.pointId === trainer);
  if (byId !== undefined) return byId;
  const want = trainer === 'pcd' ? undefined : trainer === 'cd1' ? 1 : 25;
  const matches = points.filter((p) => {
    const label = trainerLabel(p.config);
    if (label === undefined) return false;
    return want === undefined ? label.startsWith('PCD') : label === `CD-${want}`;
  });
  return matches.length === 1 ? matches[0] : undefined;
}

/**
 * The AIS uncertainty of a point's mean log-likelihood, averaged over its seeds: log p̄ =
 * mean(−F) − log Ẑ, so the ±3σ interval of log Z, [logZLow, logZHigh], maps to
 * [log p̄ − (logZHigh − log Ẑ), log p̄ + (log Ẑ − logZLow)]. `high` is +∞ when some seed's
 * logZLow is unbounded; undefined when a seed lacks logZ or logZHigh.
 */
export function likelihoodInterval(
  point: PointAggregate,
): { readonly low: number; readonly high: number } | undefined {
  const ls = point.reps
    .map((r) => r.metrics.likelihood)
    .filter((l): l is NonNullable<typeof l> => l !== undefined);
  if (ls.length === 0 || ls.some((l) => l.logZ === undefined || l.logZHigh === undefined)) {
    return undefined;
  }
  const low = describeValues(ls.map((l) => l.meanLogLikelihood - (l.logZHigh! - l.logZ!))).mean;
  const high = ls.some((l) => l.logZLow === undefined)
    ? Number.POSITIVE_INFINITY
    : describeValues(ls.map((l) => l.meanLogLikelihood + (l.logZ! - l.logZLow!))).mean;
  return { low, high };
}
