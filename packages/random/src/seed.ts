import { show } from './validate.js';

/** A seed: any finite number (0 included) or any string. Required everywhere; there is no default. */
export type Seed = number | string;

/** One component of a derived stream's path, e.g. `'rbm'`, `0`, `'epoch'`, `3`. */
export type PathPart = string | number;

/** Throws TypeError naming `seed` and its value unless it is a finite number or a string. */
export function checkSeed(seed: unknown): asserts seed is Seed {
  if (typeof seed === 'string') return;
  if (typeof seed === 'number' && Number.isFinite(seed)) return;
  throw new TypeError(`seed must be a finite number or a string, got ${show(seed)}`);
}

/** Throws TypeError naming `path[index]` unless `part` is a string or a finite number. */
export function checkPathPart(part: unknown, index: number): asserts part is PathPart {
  if (typeof part === 'string') return;
  if (typeof part === 'number' && Number.isFinite(part)) return;
  throw new TypeError(`path[${index}] must be a string or a finite number, got ${show(part)}`);
}

/**
 * The string that is hashed to seed the stream for (seed, path): `JSON.stringify([typeof seed,
 * seed, ...path])`. JSON keeps strings and numbers apart (`0` vs `"0"`) and quotes separators, so
 * distinct (seed, path) pairs give distinct keys (except `-0`, which is the same seed as `0`).
 * Number formatting is fixed by ECMAScript, so keys are the same in every engine. Unchecked.
 */
export function seedKey(seed: Seed, path: readonly PathPart[]): string {
  return JSON.stringify([typeof seed, seed, ...path]);
}

/** The human-readable path of a stream, e.g. `42/rbm/0/epoch/3` — for logs only (not unique). */
export function pathLabel(seed: Seed, path: readonly PathPart[]): string {
  let label = String(seed);
  for (let i = 0; i < path.length; i++) label += `/${path[i]}`;
  return label;
}
