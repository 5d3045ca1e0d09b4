// Building an experiment's summary.json from its results.
import { join } from 'node:path';
import type * as E from 'fp-ts/lib/Either.js';
import { type IoError, writeJsonAtomic } from './atomic.js';
import type { PointConfig } from './config.js';
import type { Experiment, Scale } from './experiment.js';
import { CODE_VERSION } from './identity.js';
import { type ExperimentSummary, FILES, type MissingPoint, type PointResult } from './result.js';

/** Everything of a summary except its results. */
export type SummaryMeta = Omit<ExperimentSummary, 'complete' | 'results' | 'missing' | 'writtenAt'>;

/** The summary metadata of `experiment` run at `scale` with `seed`, `seeds` and `overrides`. */
export function summaryMeta(
  experiment: Experiment,
  scale: Scale,
  seed: number,
  seeds: number,
  overrides: Partial<PointConfig>,
): SummaryMeta {
  return {
    experiment: experiment.name,
    title: experiment.title,
    study: experiment.study,
    figure: experiment.figure,
    scale,
    quick: experiment.quick,
    seed,
    seeds,
    codeVersion: CODE_VERSION,
    overrides,
    points: experiment.points.map((p) => ({ id: p.id, label: p.label })),
  };
}

/**
 * A summary from its metadata and the results found: results ordered by point (as listed in
 * `meta.points`) then rep; every point × rep in 0..seeds−1 without a result is `missing`.
 * Results of points not in `meta.points` are left out.
 */
export function buildSummary(meta: SummaryMeta, found: readonly PointResult[]): ExperimentSummary {
  const byKey = new Map(found.map((r) => [`${r.pointId}\u0000${r.rep}`, r]));
  const results: PointResult[] = [];
  const missing: MissingPoint[] = [];
  for (const p of meta.points) {
    for (let rep = 0; rep < meta.seeds; rep++) {
      const r = byKey.get(`${p.id}\u0000${rep}`);
      if (r === undefined) missing.push({ pointId: p.id, rep });
      else results.push(r);
    }
  }
  return {
    ...meta,
    complete: missing.length === 0,
    results,
    missing,
    writtenAt: new Date().toISOString(),
  };
}

/** Writes `<out>/<experiment>/summary.json` atomically. */
export function writeSummary(
  out: string,
  summary: ExperimentSummary,
): Promise<E.Either<IoError, string>> {
  return writeJsonAtomic(join(out, summary.experiment, FILES.summary), summary);
}
