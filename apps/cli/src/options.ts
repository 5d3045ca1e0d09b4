// Parsing and validation of command-line values. Commander hands every option over as a
// string; these functions turn one into a value or a Usage error naming the option, the value
// and what would be accepted, so that a command can report it in one line.
import { ALPHADIGITS_LABELS } from '@dbn/datasets';
import * as E from 'fp-ts/lib/Either.js';
import { type CliError, usage } from './errors.js';

/** Largest layer size accepted (larger ones would not fit in memory with MNIST's 784 inputs). */
export const MAX_LAYER_SIZE = 65_536;

const quote = (raw: string): string => JSON.stringify(raw);

function checkRaw(flag: string, raw: unknown): string {
  if (typeof flag !== 'string' || flag === '') {
    throw new TypeError(`flag must be a non-empty string, got ${String(flag)}`);
  }
  if (typeof raw !== 'string') throw new TypeError(`${flag}: value must be a string, got ${raw}`);
  return raw.trim();
}

/**
 * A whole number written in decimal digits (underscores allowed as separators, e.g. 60_000)
 * between `min` and `max` inclusive.
 */
export function parseInteger(
  flag: string,
  raw: string,
  min: number,
  max: number = Number.MAX_SAFE_INTEGER,
): E.Either<CliError, number> {
  const text = checkRaw(flag, raw);
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
    throw new RangeError(
      `${flag}: bounds must be safe integers with min ≤ max, got ${min}..${max}`,
    );
  }
  const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `in ${min}..${max}`;
  if (!/^[+-]?\d+(_\d+)*$/.test(text)) {
    return E.left(usage(`${flag} must be a whole number ${range}, got ${quote(raw)}`));
  }
  const value = Number(text.replaceAll('_', ''));
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    return E.left(usage(`${flag} must be a whole number ${range}, got ${quote(raw)}`));
  }
  return E.right(value);
}

/** A positive whole number (≥ 1), at most `max`. */
export function parseCount(
  flag: string,
  raw: string,
  max: number = Number.MAX_SAFE_INTEGER,
): E.Either<CliError, number> {
  return parseInteger(flag, raw, 1, max);
}

/** A finite decimal number > 0 (e.g. 0.1, 1e-3), at most `max`. */
export function parsePositive(
  flag: string,
  raw: string,
  max = Number.POSITIVE_INFINITY,
): E.Either<CliError, number> {
  const text = checkRaw(flag, raw);
  const ok = /^[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text);
  const value = ok ? Number(text) : Number.NaN;
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    const range = max === Number.POSITIVE_INFINITY ? '> 0' : `in (0, ${max}]`;
    return E.left(usage(`${flag} must be a number ${range}, got ${quote(raw)}`));
  }
  return E.right(value);
}

/** A seed: a whole number 0..2^53−1 (0 is a valid seed). */
export function parseSeed(raw: string, flag = '--seed'): E.Either<CliError, number> {
  return parseInteger(flag, raw, 0);
}

/** Layer sizes: a comma-separated list of whole numbers 1..MAX_LAYER_SIZE, e.g. "200,200". */
export function parseSizes(flag: string, raw: string): E.Either<CliError, number[]> {
  const text = checkRaw(flag, raw);
  const parts = text.split(',').map((s) => s.trim());
  const bad = (why: string) =>
    E.left(
      usage(
        `${flag} must be a comma-separated list of layer sizes 1..${MAX_LAYER_SIZE} (e.g. 200,200), ${why}`,
      ),
    );
  if (text === '') return bad('got nothing');
  const sizes: number[] = [];
  for (const part of parts) {
    const n = /^\d+$/.test(part) ? Number(part) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < 1 || n > MAX_LAYER_SIZE) {
      return bad(`got ${quote(part)} in ${quote(raw)}`);
    }
    sizes.push(n);
  }
  return E.right(sizes);
}

/**
 * Binary AlphaDigits characters: a comma-separated list (or one run of characters, e.g. "ABC")
 * of '0'–'9' and 'A'–'Z', any case; returned upper-case. Unknown or repeated ones are errors
 * listing the valid characters.
 */
export function parseChars(raw: string, flag = '--chars'): E.Either<CliError, string[]> {
  const text = checkRaw(flag, raw);
  const tokens = text.includes(',')
    ? text.split(',').map((s) => s.trim())
    : [...text].filter((c) => c.trim() !== '');
  const valid = `valid characters: ${ALPHADIGITS_LABELS.join('')} (any case)`;
  if (tokens.length === 0 || tokens.every((t) => t === '')) {
    return E.left(usage(`${flag} lists no character; ${valid}`));
  }
  const out: string[] = [];
  for (const t of tokens) {
    const c = t.toUpperCase();
    if (c.length !== 1 || !ALPHADIGITS_LABELS.includes(c)) {
      return E.left(usage(`unknown character ${quote(t)} in ${flag}; ${valid}`));
    }
    if (out.includes(c)) return E.left(usage(`character ${quote(t)} is given twice in ${flag}`));
    out.push(c);
  }
  return E.right(out);
}

/** One of a fixed set of words. */
export function parseChoice<T extends string>(
  flag: string,
  raw: string,
  choices: readonly T[],
): E.Either<CliError, T> {
  const text = checkRaw(flag, raw);
  const hit = choices.find((c) => c === text);
  return hit === undefined
    ? E.left(usage(`${flag} must be one of ${choices.join(', ')}, got ${quote(raw)}`))
    : E.right(hit);
}

/** Data sets the CLI trains on. */
export type DataName = 'alphadigits' | 'mnist';
export const DATA_NAMES: readonly DataName[] = ['alphadigits', 'mnist'];

export function parseData(raw: string): E.Either<CliError, DataName> {
  return parseChoice('--data', raw, DATA_NAMES);
}

/** MNIST binarisation threshold: pixel > threshold → 1, a whole number 0..255. */
export function parseThreshold(raw: string): E.Either<CliError, number> {
  return parseInteger('--threshold', raw, 0, 255);
}

/** A field=value override for `--set`. */
export function parseSetting(raw: string, flag = '--set'): E.Either<CliError, string> {
  const text = checkRaw(flag, raw);
  const m = /^([A-Za-z][A-Za-z0-9_]*)=(.*)$/.exec(text);
  if (!m || m[2] === '') {
    return E.left(usage(`${flag} must be field=value (e.g. epochs=5), got ${quote(raw)}`));
  }
  return E.right(`${m[1]}=${m[2]}`);
}

/** Image size "HxW" (e.g. 20x16) for images whose size the model file does not record. */
export interface ImageSize {
  readonly height: number;
  readonly width: number;
}

export function parseImageSize(raw: string, flag = '--image-size'): E.Either<CliError, ImageSize> {
  const text = checkRaw(flag, raw);
  const m = /^(\d+)\s*[x×]\s*(\d+)$/i.exec(text);
  const height = m ? Number(m[1]) : 0;
  const width = m ? Number(m[2]) : 0;
  if (!m || height < 1 || width < 1 || height > 4096 || width > 4096) {
    return E.left(usage(`${flag} must be HxW with sides 1..4096 (e.g. 28x28), got ${quote(raw)}`));
  }
  return E.right({ height, width });
}

/** The value of an optional string option through `parse`, or `fallback` when it is absent. */
export function optional<T>(
  raw: string | undefined,
  parse: (raw: string) => E.Either<CliError, T>,
  fallback: T,
): E.Either<CliError, T> {
  return raw === undefined ? E.right(fallback) : parse(raw);
}

/** Repeatable options collect their values in order (commander's `argParser` for lists). */
export function collect(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}
