// The measured quality of a point in a few words, for mosaic captions (issue #7). Browser-safe.

import type { PointAggregate } from './aggregate.js';
import { formatNumber } from './format.js';

/**
 * A point's measured quality as a caption suffix, means over its successful seeds:
 * "recognised 83 % · 3/3 chars · −52.1 nats" — recognised fraction (`metrics.quality`), coverage
 * over the trained classes ("digits" for MNIST, else "chars"), mean log-likelihood per image
 * (`metrics.likelihood`; "≥ … nats" for a DBN's lower bound), and "(n seeds)" when several.
 * Undefined when the point has neither measurement.
 */
export function qualityCaption(point: PointAggregate): string | undefined {
  if (typeof point !== 'object' || point === null || !Array.isArray(point.reps)) {
    throw new TypeError(`qualityCaption: point must be a PointAggregate, got ${String(point)}`);
  }
  const parts: string[] = [];
  if (point.recognised !== undefined) {
    parts.push(`recognised ${formatNumber(point.recognised.mean * 100, 2)} %`);
  }
  if (point.coverage !== undefined) {
    const q = point.reps.find((r) => r.metrics.quality !== undefined)?.metrics.quality;
    const unit = point.config.dataset === 'mnist' ? 'digits' : 'chars';
    parts.push(
      `${formatNumber(point.coverage.mean)}${q === undefined ? '' : `/${q.classes}`} ${unit}`,
    );
  }
  if (point.meanLogLikelihood !== undefined) {
    const bound = point.reps.some((r) => r.metrics.likelihood?.method === 'dbn-bound');
    const v = point.meanLogLikelihood.mean;
    parts.push(`${bound ? '≥ ' : ''}${v < 0 ? '−' : ''}${Math.abs(v).toFixed(1)} nats`);
  }
  if (parts.length === 0) return undefined;
  const n = Math.max(
    point.recognised?.n ?? 0,
    point.coverage?.n ?? 0,
    point.meanLogLikelihood?.n ?? 0,
  );
  return `${parts.join(' · ')}${n > 1 ? ` (${n} seeds)` : ''}`;
}
