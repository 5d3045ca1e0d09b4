// train → generate → export → eval on Binary AlphaDigits (skipped when DBN_DATA_DIR lacks it).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { decodePng, matrixRowMajor, readMat } from '@dbn/datasets';
import { loadModel, type Rbm } from '@dbn/models';
import { dataFile } from '@dbn/testkit';
import * as E from 'fp-ts/lib/Either.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { Capture, expectOneLineFailure, run, tempDir } from './helpers.js';

const matFile = dataFile('binaryalphadigs.mat');

function hasNumpy(): boolean {
  const r = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' });
  return r.status === 0;
}

describe.skipIf(!matFile)('Binary AlphaDigits workflow (DBN_DATA_DIR)', () => {
  const dataDir = matFile ? dirname(matFile) : '';
  const out = tempDir();
  let summary: Record<string, unknown>;
  let runDir: string;
  let modelPath: string;

  beforeAll(async () => {
    const r = await run([
      'train',
      'rbm',
      '--data',
      'alphadigits',
      '--chars',
      'A,B',
      '--hidden',
      '50',
      '--epochs',
      '2',
      '--batch-size',
      '10',
      '--samples',
      '6',
      '--gibbs-steps',
      '20',
      '--seed',
      '0',
      '--data-dir',
      dataDir,
      '--out',
      out,
      '--json',
    ]);
    expect(r.stderr).not.toMatch(/dbn: error/);
    expect(r.code).toBe(0);
    summary = JSON.parse(r.stdout);
    runDir = summary.runDir as string;
    modelPath = join(runDir, 'model.safetensors');
  });

  it('train rbm --json prints a parseable summary with a finite reconstruction error', () => {
    expect(Number.isFinite(summary.reconstructionError)).toBe(true);
    expect(summary.reconstructionError).toBeGreaterThan(0);
    expect(summary.reconstructionError).toBeLessThan(1);
    expect(summary.secondsPerEpoch).toBeGreaterThan(0);
    expect(summary.sizes).toEqual([320, 50]);
    expect(summary.seed).toBe(0);
    expect((summary.history as unknown[]).length).toBe(2);
    expect(readdirSync(runDir).sort()).toEqual(['model.safetensors', 'result.json', 'samples.png']);
    expect(readdirSync(out)).toEqual([runDir.split('/').pop()]); // no temp folder left
    const result = JSON.parse(readFileSync(join(runDir, 'result.json'), 'utf8'));
    expect(result.reconstructionError).toBe(summary.reconstructionError);
  });

  it('saves the model with config, seed, version and history', () => {
    const loaded = loadModel(new Uint8Array(readFileSync(modelPath)));
    if (E.isLeft(loaded)) throw new Error(loaded.left.message);
    const { model, metadata } = loaded.right;
    expect(model.kind).toBe('rbm');
    expect(metadata.seed).toBe(0);
    expect(metadata.version).toBe(summary.version);
    expect((metadata.config as { data: unknown }).data).toEqual({
      name: 'alphadigits',
      chars: ['A', 'B'],
    });
    expect(metadata.history).toEqual(summary.history);
  });

  it('is reproducible: the same seed gives the same model bytes, another seed does not', async () => {
    const again = await run([
      'train',
      'rbm',
      '--chars',
      'A,B',
      '--hidden',
      '50',
      '--epochs',
      '2',
      '--batch-size',
      '10',
      '--samples',
      '6',
      '--gibbs-steps',
      '20',
      '--seed',
      '0',
      '--data-dir',
      dataDir,
      '--out',
      out,
      '--name',
      'again',
      '--json',
    ]);
    expect(again.code).toBe(0);
    const b = JSON.parse(again.stdout);
    expect(b.reconstructionError).toBe(summary.reconstructionError);
    const weights = (p: string) => {
      const m = loadModel(new Uint8Array(readFileSync(p)));
      if (E.isLeft(m)) throw new Error(m.left.message);
      return (m.right.model as Rbm).W.data;
    };
    expect(weights(join(b.runDir, 'model.safetensors'))).toEqual(weights(modelPath));
    expect(readFileSync(join(b.runDir, 'samples.png'))).toEqual(
      readFileSync(join(runDir, 'samples.png')),
    );
    const seed1 = await run([
      'train',
      'rbm',
      '--chars',
      'A,B',
      '--hidden',
      '50',
      '--epochs',
      '2',
      '--batch-size',
      '10',
      '--samples',
      '6',
      '--gibbs-steps',
      '20',
      '--seed',
      '1',
      '--data-dir',
      dataDir,
      '--out',
      out,
      '--json',
    ]);
    const c = JSON.parse(seed1.stdout);
    expect(c.reconstructionError).not.toBe(summary.reconstructionError);
    expect(weights(join(c.runDir, 'model.safetensors'))).not.toEqual(weights(modelPath));
    // --name of an existing run is refused, nothing is overwritten
    const clash = await run([
      'train',
      'rbm',
      '--chars',
      'A',
      '--epochs',
      '1',
      '--data-dir',
      dataDir,
      '--out',
      out,
      '--name',
      'again',
    ]);
    expectOneLineFailure(clash, /run directory .*again already exists/, 2);
    const badName = await run([
      'train',
      'rbm',
      '--data-dir',
      dataDir,
      '--out',
      out,
      '--name',
      '../x',
    ]);
    expectOneLineFailure(badName, /--name must be letters/, 2);
  });

  it('generate writes a PNG grid of the right size and reproduces samples.png', async () => {
    const png = join(out, 'gen.png');
    const r = await run([
      'generate',
      modelPath,
      '--samples',
      '6',
      '--gibbs-steps',
      '20',
      '--seed',
      '0',
      '--out',
      png,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    const img = decodePng(new Uint8Array(readFileSync(png)));
    if (E.isLeft(img)) throw new Error(img.left.message);
    // 6 images of 20×16 in ⌈√6⌉ = 3 columns, 2 rows, 1 px padding
    expect([img.right.width, img.right.height]).toEqual([3 * 16 + 4, 2 * 20 + 3]);
    expect(s.png).toEqual({ width: 52, height: 43 });
    expect(readFileSync(png)).toEqual(readFileSync(join(runDir, 'samples.png')));
    const other = join(out, 'gen2.png');
    const r2 = await run([
      'generate',
      modelPath,
      '--samples',
      '10',
      '--seed',
      '5',
      '--cols',
      '5',
      '--scale',
      '2',
      '--probabilities',
      '--out',
      other,
    ]);
    expect(r2.code).toBe(0);
    const img2 = decodePng(new Uint8Array(readFileSync(other)));
    if (E.isLeft(img2)) throw new Error(img2.left.message);
    expect([img2.right.width, img2.right.height]).toEqual([5 * 32 + 6, 2 * 40 + 3]);
    // probabilities are grey levels, not only black and white
    expect(img2.right.data.some((v) => v !== 0 && v !== 255 && v !== 128)).toBe(true);
  });

  it('export mat: readMat reads W1, a1, b1 back with the model values', async () => {
    const file = join(out, 'w.mat');
    const r = await run(['export', modelPath, '--format', 'mat', '--out', file]);
    expect(r.code).toBe(0);
    const mat = readMat(new Uint8Array(readFileSync(file)));
    if (E.isLeft(mat)) throw new Error(mat.left.message);
    const names = mat.right.variables.map((v) => v.name);
    expect(names).toEqual(['kind', 'sizes', 'W1', 'a1', 'b1']);
    const loaded = loadModel(new Uint8Array(readFileSync(modelPath)));
    if (E.isLeft(loaded)) throw new Error('unreadable');
    const rbm = loaded.right.model as Rbm;
    const W = matrixRowMajor(mat.right.variables[2]!.value);
    if (E.isLeft(W)) throw new Error(W.left.message);
    expect([W.right.rows, W.right.cols]).toEqual([320, 50]);
    expect(Float32Array.from(W.right.data)).toEqual(rbm.W.data);
    const b = matrixRowMajor(mat.right.variables[4]!.value);
    if (E.isLeft(b)) throw new Error(b.left.message);
    expect([b.right.rows, b.right.cols]).toEqual([1, 50]);
    expect(Float32Array.from(b.right.data)).toEqual(rbm.b);
  });

  it.skipIf(!hasNumpy())('export npz: numpy.load reads it (python3 with numpy)', async () => {
    const file = join(out, 'w.npz');
    const r = await run(['export', modelPath, '--out', file, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).format).toBe('npz');
    const py = spawnSync(
      'python3',
      [
        '-c',
        'import sys, numpy; z = numpy.load(sys.argv[1]); print(sorted(z.files), z["W"].shape, z["W"].dtype, float(z["b"].sum()))',
        file,
      ],
      { encoding: 'utf8' },
    );
    expect(py.stderr).toBe('');
    expect(py.stdout).toMatch(/^\['W', 'a', 'b'\] \(320, 50\) float32 /);
    const loaded = loadModel(new Uint8Array(readFileSync(modelPath)));
    if (E.isLeft(loaded)) throw new Error('unreadable');
    const bSum = Number(py.stdout.trim().split(' ').pop());
    const expected = Array.from((loaded.right.model as Rbm).b).reduce((s, x) => s + x, 0);
    expect(bSum).toBeCloseTo(expected, 4);
  });

  it('eval gives the reconstruction error of the last epoch on the training data', async () => {
    const r = await run(['eval', modelPath, '--data-dir', dataDir, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).reconstructionError).toBe(summary.reconstructionError);
    const other = await run(['eval', modelPath, '--chars', 'Z', '--data-dir', dataDir, '--json']);
    expect(JSON.parse(other.stdout).reconstructionError).not.toBe(summary.reconstructionError);
  });

  it('train dbn: samples and per-layer errors', async () => {
    const r = await run([
      'train',
      'dbn',
      '--chars',
      '0,1',
      '--hidden',
      '40,20',
      '--epochs',
      '2',
      '--samples',
      '4',
      '--gibbs-steps',
      '5',
      '--data-dir',
      dataDir,
      '--out',
      out,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.sizes).toEqual([320, 40, 20]);
    expect(s.layerReconstructionErrors).toHaveLength(2);
    expect(s.reconstructionError).toBe(s.layerReconstructionErrors[0]);
    expect(existsSync(s.files.samples)).toBe(true);
    const ev = await run(['eval', s.files.model, '--data-dir', dataDir, '--json']);
    expect(JSON.parse(ev.stdout).layerReconstructionErrors).toEqual(s.layerReconstructionErrors);
    const mat = join(out, 'dbn.mat');
    expect((await run(['export', s.files.model, '--out', mat])).code).toBe(0);
    const m = readMat(new Uint8Array(readFileSync(mat)));
    if (E.isLeft(m)) throw new Error(m.left.message);
    expect(m.right.variables.map((v) => v.name)).toEqual([
      'kind',
      'sizes',
      'W1',
      'a1',
      'b1',
      'W2',
      'a2',
      'b2',
    ]);
  });

  it('human-readable output names the run directory', async () => {
    const r = await run([
      'train',
      'rbm',
      '--chars',
      'C',
      '--epochs',
      '1',
      '--hidden',
      '10',
      '--data-dir',
      dataDir,
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^trained rbm 320-10 on alphadigits C \(39 images\), seed 1\n/);
    expect(r.stdout).toMatch(/reconstruction error 0\.\d+/);
    expect(r.stderr).toMatch(/^rbm: epoch 1\/1 {2}reconstruction error/m);
  });

  it('Ctrl-C (an abort) stops training and writes nothing', async () => {
    const dir = tempDir();
    const ac = new AbortController();
    const stderr = new Capture();
    stderr.onWrite = (chunk) => {
      if (/epoch 2\//.test(chunk)) ac.abort();
    };
    const r = await run(
      ['train', 'rbm', '--chars', 'A', '--epochs', '100000', '--data-dir', dataDir, '--out', dir],
      { signal: ac.signal, stderr },
    );
    expect(r.code).toBe(130);
    expect(r.stderrLines.pop()).toBe('dbn: error: interrupted; no results were written');
    expect(r.stderr).toMatch(/epoch 2\/100000/);
    expect(r.stderr).not.toMatch(/epoch 4\//);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('data info describes the real .mat; a corrupt copy fails in one line', async () => {
    const r = await run(['data', 'info', matFile!]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/MAT-file/);
    expect(r.stdout).toMatch(/^ {2}dat +36×39 +cell/m);
    const j = await run(['data', 'info', matFile!, '--json']);
    expect(JSON.parse(j.stdout).variables.map((v: { name: string }) => v.name)).toContain('dat');
    const bytes = readFileSync(matFile!);
    const corrupt = join(out, 'corrupt.mat');
    writeFileSync(corrupt, bytes.subarray(0, 3000));
    expectOneLineFailure(
      await run(['data', 'info', corrupt]),
      /corrupt\.mat is not a readable MAT-file: /,
      1,
    );
    const garbage = join(out, 'garbage.bin');
    writeFileSync(garbage, 'hello world, not a data file');
    expectOneLineFailure(
      await run(['data', 'info', garbage]),
      /garbage\.bin is not a readable MAT-file/,
      1,
    );
  });

  it('data fetch finds the file in --data-dir without downloading', async () => {
    const r = await run(['data', 'fetch', '--data-dir', dataDir, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.path).toBe(matFile);
    expect(j.downloaded).toBe(false);
  });
});
