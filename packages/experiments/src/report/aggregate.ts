// Grouping results by point and summarising repetitions (seeds). Browser-safe.

import { describeValues, type Stat } from './stats.js';
import type { ConfigRecord, ReportResult } from './summary.js';
import { isArray } from './validate.js';

/** One point of an experiment with its repetitions summarised. */
export interface PointAggregate {
  readonly pointId: string;
  readonly label: string;
  /** The resolved config (of the first repetition; repetitions differ only by seed). */
  readonly config: ConfigRecord;
  /** Successful repetitions, by rep. */
  readonly reps: readonly ReportResult[];
  /** Failed repetitions, by rep. */
  readonly failures: readonly ReportResult[];
  /** Repetitions without a result (not run yet, or another shard's), from the summary. */
  readonly missing: readonly number[];
  readonly reconstructionError?: Stat;
  readonly testErrorRate?: Stat;
  readonly trainErrorRate?: Stat;
  /** Wall-clock seconds per repetition. */
  readonly seconds?: Stat;
  /** `metrics.quality.recognised` (fraction 0..1) over the repetitions that measured it. */
  readonly recognised?: Stat;
  /** `metrics.quality.coverage` (trained classes generated) over repetitions. */
  readonly coverage?: Stat;
  /** `metrics.quality.coverageEntropy` (nats) over repetitions. */
  readonly coverageEntropy?: Stat;
  /** `metrics.likelihood.meanLogLikelihood` (nats per image) over repetitions. */
  readonly meanLogLikelihood?: Stat;
}

function stat(values: readonly (number | undefined)[]): Stat | undefined {
  const v = values.filter((x): x is number => x !== undefined);
  return v.length === 0 ? undefined : describeValues(v);
}

/** The sweep as the summary lists it: every point in order, and the repetitions missing. */
export interface SweepListing {
  readonly points?: readonly { readonly id: string; readonly label: string }[];
  readonly missing?: readonly { readonly pointId: string; readonly rep: number }[];
}

/**
 * Groups results by point and summarises each metric over the successful repetitions (a result
 * without `metrics.error`) as n, mean, sample sd, min and max (see {@link Stat}): errors,
 * seconds, and issue #7's recognised fraction, coverage, coverage entropy and mean
 * log-likelihood; a metric absent from every successful repetition is left out.
 * Points come in the order of `listing.points` (those without any result included, with an
 * empty config), then any other point in order of first appearance, then points named only in
 * `listing.missing` (labelled by id); `listing.missing` gives each point's missing repetitions.
 */
export function aggregatePoints(
  results: readonly ReportResult[],
  listing: SweepListing = {},
): PointAggregate[] {
  if (!isArray(results)) {
    throw new TypeError(`aggregatePoints: results must be an array, got ${typeof results}`);
  }
  if (typeof listing !== 'object' || listing === null) {
    throw new TypeError(
      `aggregatePoints: listing must be { points?, missing? }, got ${String(listing)}`,
    );
  }
  const groups = new Map<string, { label: string; results: ReportResult[] }>();
  for (const p of listing.points ?? []) groups.set(p.id, { label: p.label, results: [] });
  for (const r of results) {
    const g = groups.get(r.pointId);
    if (g === undefined) groups.set(r.pointId, { label: r.label, results: [r] });
    else g.results.push(r);
  }
  const missing = new Map<string, number[]>();
  for (const m of listing.missing ?? []) {
    missing.set(m.pointId, [...(missing.get(m.pointId) ?? []), m.rep]);
    if (!groups.has(m.pointId)) groups.set(m.pointId, { label: m.pointId, results: [] });
  }
  return [...groups.entries()].map(([pointId, group]) => {
    const sorted = [...group.results].sort((a, b) => a.rep - b.rep);
    const reps = sorted.filter((r) => r.metrics.error === undefined);
    const failures = sorted.filter((r) => r.metrics.error !== undefined);
    const first = sorted[0];
    const recon = stat(reps.map((r) => r.metrics.reconstructionError));
    const test = stat(reps.map((r) => r.metrics.testErrorRate));
    const train = stat(reps.map((r) => r.metrics.trainErrorRate));
    const seconds = stat(reps.map((r) => r.seconds));
    const recognised = stat(reps.map((r) => r.metrics.quality?.recognised));
    const coverage = stat(reps.map((r) => r.metrics.quality?.coverage));
    const entropy = stat(reps.map((r) => r.metrics.quality?.coverageEntropy));
    const loglik = stat(reps.map((r) => r.metrics.likelihood?.meanLogLikelihood));
    return {
      pointId,
      label: first?.label ?? group.label,
      config: first?.config ?? {},
      reps,
      failures,
      missing: (missing.get(pointId) ?? []).sort((a, b) => a - b),
      ...(recon !== undefined ? { reconstructionError: recon } : {}),
      ...(test !== undefined ? { testErrorRate: test } : {}),
      ...(train !== undefined ? { trainErrorRate: train } : {}),
      ...(seconds !== undefined ? { seconds } : {}),
      ...(recognised !== undefined ? { recognised } : {}),
      ...(coverage !== undefined ? { coverage } : {}),
      ...(entropy !== undefined ? { coverageEntropy: entropy } : {}),
      ...(loglik !== undefined ? { meanLogLikelihood: loglik } : {}),
    };
  });
}

/** `config.hidden` as an array of layer sizes, or undefined when absent. */
export function hiddenLayers(config: ConfigRecord): readonly number[] | undefined {
  const h = config.hidden;
  return Array.isArray(h) && h.every((q) => typeof q === 'number') ? (h as number[]) : undefined;
}

/** True iff `config.pretrain` is true (a DNN initialised from a DBN); anything else is random. */
export function isPretrained(config: ConfigRecord): boolean {
  return config.pretrain === true;
}

/**
 * An architecture in the study's notation: equal layers → "4 × 400", else sizes joined by "-"
 * (at most 8 shown, then "… (L layers)"); "" for no layers.
 */
export function architectureLabel(hidden: readonly number[]): string {
  if (!isArray(hidden)) {
    throw new TypeError(
      `architectureLabel: hidden must be an array of sizes, got ${typeof hidden}`,
    );
  }
  if (hidden.length === 0) return '';
  if (hidden.every((q) => q === hidden[0])) return `${hidden.length} × ${hidden[0]}`;
  if (hidden.length <= 8) return hidden.join('-');
  return `${hidden.slice(0, 8).join('-')}-… (${hidden.length} layers)`;
}
