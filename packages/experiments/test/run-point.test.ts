import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DivergedError, type Dnn, evaluate, loadModel } from '@dbn/models';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  classifyFailure,
  FILES,
  largestMatrix,
  type PointConfig,
  type PointJob,
  PointStopped,
  pointHash,
  runPoint,
  testSet,
} from '../src/index.js';
import {
  config,
  dataDir,
  hasMnist,
  modelTensors,
  tempDir,
  timeless,
  tinyMnist,
} from './helpers.js';

function job(dir: string, c: PointConfig, pointId = 'p'): PointJob {
  return {
    experiment: 'unit',
    pointId,
    label: pointId,
    rep: 0,
    seed: 7,
    hash: pointHash(c, 7, 0),
    config: c,
    dir,
  };
}

/** Runs a point, stopping after each `stops[i]`-th epoch event, resuming until it finishes. */
async function interrupted(dir: string, c: PointConfig, stops: number[]) {
  let events = 0;
  const pending = [...stops];
  const options = {
    ...(dataDir === undefined ? {} : { dataDir }),
    checkpointSeconds: 0,
    onEpoch: () => {
      events++;
    },
    shouldStop: () => pending.length > 0 && events === pending[0],
  };
  let resumes = 0;
  for (;;) {
    try {
      return { result: await runPoint(job(dir, c), options), resumes };
    } catch (e) {
      if (!(e instanceof PointStopped)) throw e;
      pending.shift();
      resumes++;
      expect(existsSync(join(dir, FILES.checkpoint))).toBe(true);
      expect(existsSync(join(dir, FILES.result))).toBe(false);
    }
  }
}

async function expectResumeEqualsUninterrupted(c: PointConfig, stops: number[]) {
  const a = tempDir();
  const b = tempDir();
  const whole = await runPoint(job(a, c), { ...(dataDir === undefined ? {} : { dataDir }) });
  expect(whole.metrics.error).toBeUndefined();
  const { result, resumes } = await interrupted(b, c, stops);
  expect(resumes).toBe(stops.length);
  expect(timeless(result)).toEqual(timeless(whole));
  expect(modelTensors(join(b, FILES.model))).toEqual(modelTensors(join(a, FILES.model)));
  if (whole.artifacts.samples !== undefined) {
    expect(readFileSync(join(b, FILES.samples))).toEqual(readFileSync(join(a, FILES.samples)));
  }
  // Checkpoint and temp files are gone once the result is written.
  expect(readdirSync(b).sort()).toEqual(readdirSync(a).sort());
  expect(result.seconds).toBeGreaterThan(0);
}

describe.skipIf(dataDir === undefined)('runPoint on AlphaDigits', () => {
  it('writes model, samples and result; the RBM history has one record per epoch', async () => {
    const dir = tempDir();
    const r = await runPoint(job(dir, config({ epochs: 3 })), { dataDir: dataDir! });
    expect(readdirSync(dir).sort()).toEqual([FILES.model, FILES.result, FILES.samples].sort());
    expect(r.metrics.history).toHaveLength(3);
    expect(r.metrics.reconstructionError).toBe(
      (r.metrics.history![2] as { reconstructionError: number }).reconstructionError,
    );
    expect(r.artifacts).toEqual({ model: FILES.model, samples: FILES.samples });
    expect(JSON.parse(readFileSync(join(dir, FILES.result), 'utf8'))).toEqual(r);
    // PNG signature
    expect(Array.from(readFileSync(join(dir, FILES.samples)).subarray(0, 4))).toEqual([
      0x89, 0x50, 0x4e, 0x47,
    ]);
  });

  it('an RBM resumed from checkpoints equals the uninterrupted run, bit for bit', async () => {
    await expectResumeEqualsUninterrupted(config({ epochs: 4 }), [1, 3]);
  });

  it('a PCD RBM stopped mid-training starts over and equals the uninterrupted run', async () => {
    // PCD's negative chains are not in the checkpoint: resuming from it would restart them.
    await expectResumeEqualsUninterrupted(config({ epochs: 3, persistent: true }), [1]);
  });

  it('a DBN resumed mid-layer and at a layer boundary equals the uninterrupted run', async () => {
    // 3 layers × 3 epochs: stop after layer 1 epoch 2, after layer 1's last epoch, in layer 3.
    await expectResumeEqualsUninterrupted(
      config({ model: 'dbn', hidden: [12, 10, 8], epochs: 3 }),
      [2, 3, 7],
    );
  });

  it('a DBN layer reports its own final error; reconstructionError is layer 1’s', async () => {
    const r = await runPoint(job(tempDir(), config({ model: 'dbn', hidden: [12, 8], epochs: 2 })), {
      dataDir: dataDir!,
    });
    expect(r.metrics.layerReconstructionErrors).toHaveLength(2);
    expect(r.metrics.reconstructionError).toBe(r.metrics.layerReconstructionErrors![0]);
    expect(r.metrics.history!.map((h) => (h as { layer?: number }).layer)).toEqual([1, 1, 2, 2]);
  });

  it('records an impossible allocation as out-of-memory, naming the matrix', async () => {
    const dir = tempDir();
    const r = await runPoint(job(dir, config({ hidden: [1e9] })), { dataDir: dataDir! });
    expect(r.metrics.error?.kind).toBe('out-of-memory');
    expect(r.metrics.error?.message).toContain('320 × 1000000000');
    expect(readdirSync(dir)).toEqual([FILES.result]);
  });

  it('records a missing data file as a data failure', async () => {
    const r = await runPoint(job(tempDir(), config({})), { dataDir: tempDir() });
    expect(r.metrics.error?.kind).toBe('data');
    expect(r.metrics.error?.message).toContain('binaryalphadigs.mat');
  });

  it('ignores (and deletes) a checkpoint of another configuration', async () => {
    const dir = tempDir();
    const other = config({ epochs: 4, learningRate: 0.05 });
    await expect(interrupted(dir, other, [1]).then(() => 0)).resolves.toBe(0);
    // Leave a checkpoint of `other` behind, then run a different config in the same folder.
    let n = 0;
    await expect(
      runPoint(job(dir, other), {
        dataDir: dataDir!,
        checkpointSeconds: 0,
        onEpoch: () => void n++,
        shouldStop: () => n === 2,
      }),
    ).rejects.toBeInstanceOf(PointStopped);
    const c = config({ epochs: 2 });
    const r = await runPoint(job(dir, c), { dataDir: dataDir! });
    const fresh = await runPoint(job(tempDir(), c), { dataDir: dataDir! });
    expect(timeless(r)).toEqual(timeless(fresh));
    expect(existsSync(join(dir, FILES.checkpoint))).toBe(false);
  });
});

describe.skipIf(!hasMnist)('runPoint on MNIST', () => {
  it('a pretrained DNN resumed in pretraining and in backprop equals the uninterrupted run', async () => {
    // Pretraining: 2 layers × 2 epochs (events 1–4), then 2 backprop epochs (events 5–6).
    await expectResumeEqualsUninterrupted(tinyMnist.base, [1, 4, 5]);
  });

  it('evaluates the saved random-init DNN on the binarised test images', async () => {
    const c: PointConfig = { ...tinyMnist.base, pretrain: false };
    const dir = tempDir();
    const r = await runPoint(job(dir, c));
    const m = r.metrics;
    expect(m.history).toHaveLength(2);
    expect(m.pretrainHistory).toBeUndefined();
    expect(r.artifacts).toEqual({ model: FILES.model, misclassified: FILES.misclassified });
    const loaded = loadModel(new Uint8Array(readFileSync(join(dir, FILES.model))));
    const test = await testSet(c);
    if (E.isLeft(loaded) || E.isLeft(test)) throw new Error('cannot reload');
    expect(loaded.right.model.kind).toBe('dnn');
    expect(test.right.X.rows).toBe(300);
    const ev = evaluate(loaded.right.model as Dnn, test.right.X, test.right.labels);
    expect(m.testErrorRate).toBe(ev.errorRate);
    expect(m.testLoss).toBe(ev.loss);
    expect(m.trainErrorRate).toBe(1 - (m.history![1] as { accuracy: number }).accuracy);
    expect(loaded.right.metadata.config).toEqual(c);
  });

  it('fig8: writes the grey and binarised rows of the first four images (5, 0, 4, 1)', async () => {
    const c: PointConfig = { ...tinyMnist.base, model: 'binarisation', trainSize: 4 };
    const dir = tempDir();
    const r = await runPoint(job(dir, c));
    expect(r.metrics.binarisation?.labels).toEqual([5, 0, 4, 1]);
    for (const f of r.metrics.binarisation!.onFraction) {
      expect(f).toBeGreaterThan(0.05);
      expect(f).toBeLessThan(0.4);
    }
    expect(readdirSync(dir).sort()).toEqual([FILES.result, FILES.samples]);
  });
});

describe('failure classification', () => {
  const c = config({ hidden: [100_000] });
  it('maps allocation failures to out-of-memory with the matrix size', () => {
    const f = classifyFailure(new RangeError('Array buffer allocation failed'), c);
    expect(f.kind).toBe('out-of-memory');
    expect(f.message).toContain('the 320 × 100000 float32 weight matrix (128 MB)');
    expect(largestMatrix(c)).toBe('the 320 × 100000 float32 weight matrix (128 MB)');
  });

  it('maps DivergedError to diverged and anything else to error', () => {
    expect(classifyFailure(new DivergedError(3, 'a weight'), c).kind).toBe('diverged');
    expect(classifyFailure(new TypeError('boom'), c)).toEqual({
      kind: 'error',
      message: 'TypeError: boom',
    });
  });
});
