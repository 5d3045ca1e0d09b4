// A point's identity (docs/0002-experiments.md): its seed stream and its content hash.
import { createHash } from 'node:crypto';
import { derive, type Stream } from '@dbn/random';
import type { PointConfig } from './config.js';

/**
 * The version of the code that produced a result, part of every point's hash: bump it whenever
 * a change makes the same configuration and seed give different numbers, so old results are
 * recomputed instead of reused.
 */
export const CODE_VERSION = 'dbn-experiments/1';

/**
 * JSON with object keys sorted at every level and no whitespace, so equal values give equal
 * text. Throws TypeError on values JSON cannot represent faithfully (undefined, functions,
 * non-finite numbers, bigints, cycles are not checked beyond what JSON.stringify does).
 */
export function canonicalJson(value: unknown): string {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'number' && !Number.isFinite(v)) {
      throw new TypeError(`canonicalJson: non-finite number ${v}`);
    }
    if (v === undefined || typeof v === 'function' || typeof v === 'bigint') {
      throw new TypeError(`canonicalJson: cannot encode ${typeof v}`);
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      // A null prototype, so that a key named "__proto__" is an own property like any other.
      const out: Record<string, unknown> = Object.create(null);
      for (const k of Object.keys(v).sort()) out[k] = walk((v as Record<string, unknown>)[k]);
      return out;
    }
    return v;
  };
  return JSON.stringify(walk(value));
}

function checkRep(rep: number): void {
  if (!Number.isInteger(rep) || rep < 0) {
    throw new RangeError(`rep must be a non-negative integer, got ${rep}`);
  }
}

function checkSeed(seed: number): void {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new TypeError(`seed must be a finite number, got ${String(seed)}`);
  }
}

/**
 * The content hash of a point: hex sha256 of `canonicalJson({ config, seed, rep, codeVersion })`
 * with `seed` the experiment seed. Together with the result's path (experiment, point, rep) it
 * identifies the result: a result.json with this hash is reused instead of recomputed.
 */
export function pointHash(
  config: PointConfig,
  seed: number,
  rep: number,
  codeVersion: string = CODE_VERSION,
): string {
  checkSeed(seed);
  checkRep(rep);
  return createHash('sha256')
    .update(canonicalJson({ config, seed, rep, codeVersion }))
    .digest('hex');
}

/**
 * The random stream of repetition `rep` of a point: `derive(seed, experiment, pointId, 'rep',
 * rep)`. Results depend only on it and the configuration, never on scheduling.
 */
export function pointStream(
  seed: number,
  experiment: string,
  pointId: string,
  rep: number,
): Stream {
  checkSeed(seed);
  checkRep(rep);
  if (typeof experiment !== 'string' || typeof pointId !== 'string') {
    throw new TypeError(
      `experiment and pointId must be strings, got ${String(experiment)}, ${String(pointId)}`,
    );
  }
  return derive(seed, experiment, pointId, 'rep', rep);
}
