// The capacity experiments' measurement (issue #7): how many characters a model learns, from
// the recognised fraction and coverage of its generated samples per number of characters.
// Browser-safe.

import type { PointAggregate } from './aggregate.js';
import { formatNumber } from './format.js';
import type { Stat } from './stats.js';
import { isArray } from './validate.js';

/**
 * The criterion of "n characters are learnt" at a point that trains on n characters: the mean
 * recognised fraction over seeds is ≥ `minRecognised` and the mean coverage (trained characters
 * with at least one recognised sample) is ≥ n − `coverageSlack`, i.e. most samples are
 * identifiable and on average at most half a character is missing per seed (1 seed: none; 2
 * or 3 seeds: one character in one seed). The capacity is the largest swept n for which this
 * holds at every swept m ≤ n. It agrees with the study's by-eye number when within
 * `agreeWithin` characters (the study wrote "~3" and "~5": a judgement on one image per n).
 */
export const CAPACITY_CRITERION: {
  readonly minRecognised: number;
  readonly coverageSlack: number;
  readonly agreeWithin: number;
} = Object.freeze({ minRecognised: 0.5, coverageSlack: 0.5, agreeWithin: 1 });

/** The criterion in one sentence, for the report's rule line and the docs. */
export function capacityRuleText(): string {
  const c = CAPACITY_CRITERION;
  return (
    `n characters are learnt when, over the seeds of the point trained on n characters, the mean recognised ` +
    `fraction is ≥ ${formatNumber(c.minRecognised * 100)} % and the mean coverage is ≥ n − ${formatNumber(c.coverageSlack)} ` +
    `(on average at most half a character missing per seed: with 3 seeds, one seed may miss one character); the capacity is the largest swept n for which this holds at every swept m ≤ n. ` +
    `A point with a failed or missing seed, or without a quality measurement, is not enough data. ` +
    `The capacity agrees with the study when within ${c.agreeWithin} character of its number.`
  );
}

/** Whether a point meets the criterion, or why it cannot be judged. */
export type CapacityStatus = 'learnt' | 'not-learnt' | 'no-data';

/** One number of characters of a capacity sweep, with its measured quality over seeds. */
export interface CapacityRow {
  /** The number of characters trained on. */
  readonly x: number;
  readonly pointId: string;
  readonly label: string;
  /** Recognised fraction (0..1), coverage (count), coverage entropy (nats) over seeds. */
  readonly recognised?: Stat;
  readonly coverage?: Stat;
  readonly coverageEntropy?: Stat;
  /** Mean log-likelihood per image (nats) over seeds. */
  readonly meanLogLikelihood?: Stat;
  readonly status: CapacityStatus;
  /** For `no-data`: why, in a few words ("1 of 3 seeds failed"). */
  readonly why?: string;
}

const N_ID = /^n(\d+)$/;

/**
 * The number of characters of a point: its `config.chars.length`, or — for a point without any
 * result, whose config is unknown — K from a capacity point id `n<K>`; undefined otherwise.
 */
export function charCount(point: PointAggregate): number | undefined {
  const chars = point.config.chars;
  if (Array.isArray(chars)) return chars.length;
  const m = N_ID.exec(point.pointId);
  return m === null ? undefined : Number(m[1]);
}

function rowOf(p: PointAggregate, x: number): CapacityRow {
  const c = CAPACITY_CRITERION;
  const total = p.reps.length + p.failures.length + p.missing.length;
  const unscored = p.reps.filter((r) => r.metrics.quality === undefined).length;
  const why =
    p.failures.length > 0
      ? `${p.failures.length} of ${total} seeds failed`
      : p.missing.length > 0
        ? `${p.missing.length} of ${total} seeds have no result`
        : p.reps.length === 0
          ? 'no result'
          : unscored > 0
            ? `${unscored} of ${total} seeds have no quality measurement`
            : undefined;
  const base = {
    x,
    pointId: p.pointId,
    label: p.label,
    ...(p.recognised !== undefined ? { recognised: p.recognised } : {}),
    ...(p.coverage !== undefined ? { coverage: p.coverage } : {}),
    ...(p.coverageEntropy !== undefined ? { coverageEntropy: p.coverageEntropy } : {}),
    ...(p.meanLogLikelihood !== undefined ? { meanLogLikelihood: p.meanLogLikelihood } : {}),
  };
  if (why !== undefined || p.recognised === undefined || p.coverage === undefined) {
    return { ...base, status: 'no-data', why: why ?? 'no quality measurement' };
  }
  const learnt =
    p.recognised.mean >= c.minRecognised && p.coverage.mean >= x - c.coverageSlack - 1e-12;
  return { ...base, status: learnt ? 'learnt' : 'not-learnt' };
}

/**
 * The rows of a capacity sweep sorted by number of characters ({@link charCount}), each judged
 * by {@link CAPACITY_CRITERION}; points with no character count are left out (see
 * {@link measureCapacity}, which reports them).
 */
export function capacityRows(points: readonly PointAggregate[]): CapacityRow[] {
  if (!isArray(points))
    throw new TypeError(`capacityRows: points must be an array, got ${typeof points}`);
  const rows: CapacityRow[] = [];
  for (const p of points) {
    const x = charCount(p);
    if (x !== undefined) rows.push(rowOf(p, x));
  }
  return rows.sort((a, b) => a.x - b.x);
}

/** The outcome of {@link measureCapacity}. */
export interface CapacityMeasurement {
  /** The characters learnt, when the data decide it. */
  readonly capacity?: number;
  /** When undecided: the capacity is at least this (the last swept n that passed, else 0). */
  readonly atLeast: number;
  /** Why the capacity is undecided (the first point that is not enough data, or the sweep's end). */
  readonly undecided?: string;
  /** Undecided only because every swept count passes: the capacity is ≥ the largest swept n. */
  readonly beyondSweep: boolean;
  /** Swept counts above the capacity that meet the criterion again (a non-monotone curve). */
  readonly passesAbove: readonly number[];
  readonly rows: readonly CapacityRow[];
}

/**
 * The number of characters learnt: scanning swept counts upwards, the last n before the first
 * `not-learnt` one (0 when the first fails), provided every count up to that one is judged. A
 * `no-data` count before the first failure, or a sweep where every count passes (the capacity
 * may lie beyond it), leaves it undecided with a lower bound; so does a point whose number of
 * characters is unknown. Two points on the same number of characters are no sweep: undecided,
 * at least 0.
 */
export function measureCapacity(points: readonly PointAggregate[]): CapacityMeasurement {
  if (!isArray(points))
    throw new TypeError(`measureCapacity: points must be an array, got ${typeof points}`);
  const rows = capacityRows(points);
  const unknown = points.filter((p) => charCount(p) === undefined);
  // Two points on the same number of characters (a `--set chars=…` override makes every point
  // alike): "the largest n that passes" has no meaning, whatever each point measured.
  const twice = rows.filter((r, i) => i > 0 && rows[i - 1]!.x === r.x).map((r) => r.x);
  if (twice.length > 0) {
    const n = [...new Set(twice)];
    return {
      atLeast: 0,
      undecided: `several points train on ${n.join(', ')} character${n.length === 1 && n[0] === 1 ? '' : 's'} (${rows
        .filter((r) => n.includes(r.x))
        .map((r) => r.label)
        .join(', ')}): not a sweep over the number of characters`,
      beyondSweep: false,
      passesAbove: [],
      rows,
    };
  }
  let atLeast = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (r.status === 'no-data') {
      return {
        atLeast,
        undecided: `${r.label}: ${r.why}`,
        beyondSweep: false,
        passesAbove: [],
        rows,
      };
    }
    if (r.status === 'not-learnt') {
      if (unknown.length > 0) break;
      const passesAbove = rows
        .slice(i + 1)
        .filter((s) => s.status === 'learnt')
        .map((s) => s.x);
      return { capacity: atLeast, atLeast, beyondSweep: false, passesAbove, rows };
    }
    atLeast = r.x;
  }
  const undecided =
    unknown.length > 0
      ? `${unknown.map((p) => p.label).join(', ')}: number of characters unknown`
      : rows.length === 0
        ? 'no point has a number of characters'
        : `every swept count passes up to ${atLeast}; the capacity may lie beyond the sweep`;
  const beyondSweep = unknown.length === 0 && rows.length > 0;
  return { atLeast, undecided, beyondSweep, passesAbove: [], rows };
}
