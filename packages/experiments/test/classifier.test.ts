import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getBackend, setBackend } from '@dbn/linalg';
import { initDnn, saveModel } from '@dbn/models';
import { derive } from '@dbn/random';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  ALPHADIGITS_CLASSIFIER,
  classifierId,
  classifierSpec,
  getClassifier,
  MNIST_CLASSIFIER,
  trainClassifier,
} from '../src/quality/classifier.js';
import { dataDir, tempDir } from './helpers.js';

describe('classifierId', () => {
  it('is a stable hash of the configuration that changes with any field', () => {
    expect(classifierId(ALPHADIGITS_CLASSIFIER)).toMatch(/^[0-9a-f]{16}$/);
    expect(classifierId({ ...ALPHADIGITS_CLASSIFIER })).toBe(classifierId(ALPHADIGITS_CLASSIFIER));
    expect(classifierId({ ...ALPHADIGITS_CLASSIFIER, seed: 8 })).not.toBe(
      classifierId(ALPHADIGITS_CLASSIFIER),
    );
    expect(classifierId(MNIST_CLASSIFIER)).not.toBe(classifierId(ALPHADIGITS_CLASSIFIER));
    expect(() => classifierId({ ...MNIST_CLASSIFIER, shifts: true })).toThrow(/spec\.shifts/);
    expect(() => classifierId({ ...MNIST_CLASSIFIER, refitOnAll: true })).toThrow(
      /spec\.refitOnAll/,
    );
  });

  it('depends on the float32 backend, whose kernels round differently', () => {
    const before = getBackend();
    try {
      setBackend('js');
      const js = classifierId(ALPHADIGITS_CLASSIFIER);
      setBackend('wasm');
      if (getBackend() === 'wasm') expect(classifierId(ALPHADIGITS_CLASSIFIER)).not.toBe(js);
    } finally {
      setBackend(before);
    }
  });

  it.each([
    [{ epochs: 0 }, /spec\.epochs/],
    [{ inputs: 784 }, /spec\.inputs/],
    [{ heldOutPerClass: 39 }, /spec\.heldOutPerClass/],
    [{ learningRate: 0 }, /spec\.learningRate/],
    [{ hidden: [0] }, /spec\.hidden/],
    [{ shifts: 1 as unknown as boolean }, /spec\.shifts/],
  ])('rejects a malformed spec %j naming the field', (change, re) => {
    expect(() => classifierId({ ...ALPHADIGITS_CLASSIFIER, ...change })).toThrow(re);
  });

  it('picks the scorer by data set and rejects others', () => {
    expect(classifierSpec('alphadigits')).toMatchObject({ inputs: 320, classes: 36 });
    expect(classifierSpec('mnist')).toMatchObject({ inputs: 784, classes: 10, threshold: 128 });
    expect(() => classifierSpec('cifar' as 'mnist')).toThrow(/dataset/);
    expect(() => getClassifier('mnist', { spec: ALPHADIGITS_CLASSIFIER })).toThrow(/spec/);
  });
});

/** A small, quick AlphaDigits scorer for tests (the real one: 320-300-36, shifted images). */
const SMALL = {
  ...ALPHADIGITS_CLASSIFIER,
  hidden: [40],
  epochs: 8,
  shifts: false,
  refitOnAll: false,
};

describe.skipIf(dataDir === undefined)('getClassifier (AlphaDigits)', () => {
  it('trains once, writes the disk cache and measures a held-out accuracy', async () => {
    const cacheDir = tempDir();
    const c = await getClassifier('alphadigits', { dataDir: dataDir!, cacheDir, spec: SMALL });
    if (E.isLeft(c)) throw new Error(c.left.message);
    const id = classifierId(SMALL);
    expect(c.right.info).toMatchObject({ dataset: 'alphadigits', classes: 36, id });
    // 36 classes: chance is 1/36 (the real scorer measures 0.76, docs/0006-quality.md).
    expect(c.right.info.heldOutAccuracy).toBeGreaterThan(0.3);
    expect(existsSync(join(cacheDir, `alphadigits-${id}.safetensors`))).toBe(true);
    // Memoised per process: the same object comes back.
    const again = await getClassifier('alphadigits', { dataDir: dataDir!, cacheDir, spec: SMALL });
    expect(E.isRight(again) && again.right).toBe(c.right);
  }, 60_000);

  it('is deterministic: training again gives the same network and accuracy', async () => {
    const a = await trainClassifier(SMALL, { dataDir: dataDir! });
    const b = await trainClassifier(SMALL, { dataDir: dataDir! });
    if (E.isLeft(a) || E.isLeft(b)) throw new Error('data');
    expect(b.right.info).toEqual(a.right.info);
    expect(Array.from(b.right.dnn.layers[1]!.W.data)).toEqual(
      Array.from(a.right.dnn.layers[1]!.W.data),
    );
  }, 60_000);
});

describe.skipIf(dataDir === undefined)('trainClassifier refitOnAll (AlphaDigits)', () => {
  it('scores with the recipe refit on all images, keeping the split accuracy', async () => {
    const split = await trainClassifier(SMALL, { dataDir: dataDir! });
    const refit = await trainClassifier({ ...SMALL, refitOnAll: true }, { dataDir: dataDir! });
    if (E.isLeft(split) || E.isLeft(refit)) throw new Error('data');
    // Same seeds, same split: the reported accuracy is the split-trained network's.
    expect(refit.right.info.heldOutAccuracy).toBe(split.right.info.heldOutAccuracy);
    // The scorer saw all 1,404 images, so it differs from the split-trained network.
    expect(Array.from(refit.right.dnn.layers[0]!.W.data)).not.toEqual(
      Array.from(split.right.dnn.layers[0]!.W.data),
    );
  }, 60_000);
});

describe('getClassifier (disk cache)', () => {
  it('reads a cached classifier of the same id instead of training', async () => {
    const cacheDir = tempDir();
    mkdirSync(cacheDir, { recursive: true });
    const id = classifierId(ALPHADIGITS_CLASSIFIER);
    const dnn = initDnn([320, ...ALPHADIGITS_CLASSIFIER.hidden, 36], derive(0));
    writeFileSync(
      join(cacheDir, `alphadigits-${id}.safetensors`),
      saveModel(dnn, { id, heldOutAccuracy: 0.125 }),
    );
    // No data directory is needed: nothing is trained.
    const c = await getClassifier('alphadigits', { cacheDir, dataDir: tempDir() });
    if (E.isLeft(c)) throw new Error(c.left.message);
    expect(c.right.info.heldOutAccuracy).toBe(0.125);
    expect(Array.from(c.right.dnn.layers[0]!.W.data)).toEqual(Array.from(dnn.layers[0]!.W.data));
  });

  it('ignores a cached file of another id and reports missing data as a Left', async () => {
    const cacheDir = tempDir();
    const id = classifierId(ALPHADIGITS_CLASSIFIER);
    const dnn = initDnn([320, ...ALPHADIGITS_CLASSIFIER.hidden, 36], derive(0));
    writeFileSync(
      join(cacheDir, `alphadigits-${id}.safetensors`),
      saveModel(dnn, { id: 'something-else', heldOutAccuracy: 0.125 }),
    );
    const c = await getClassifier('alphadigits', {
      cacheDir,
      dataDir: tempDir(),
      allowDownload: false,
    });
    // With no binaryalphadigs.mat in dataDir it must train, and training needs the data.
    if (E.isRight(c)) expect(c.right.info.heldOutAccuracy).not.toBe(0.125);
    else expect(c.left._tag).toBe('DataError');
  }, 120_000);
});
