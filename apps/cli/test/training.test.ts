// The step-wise trainers must give exactly what the models' trainers give in one call: that is
// what makes Ctrl-C handling free of any effect on results.
import { fromArray } from '@dbn/linalg';
import {
  type Dbn,
  type Dnn,
  initDbn,
  initDnn,
  initRbm,
  type Rbm,
  trainDbn,
  trainDnn,
  trainRbm,
} from '@dbn/models';
import { derive } from '@dbn/random';
import { describe, expect, it } from 'vitest';
import { trainDbnStepwise, trainDnnStepwise, trainRbmStepwise } from '../src/training.js';

function binaryData(rows: number, cols: number, seed: number) {
  const p = new Float32Array(rows * cols).fill(0.3);
  const x = derive(seed, 'data').bernoulli(p, new Float32Array(rows * cols));
  return fromArray(rows, cols, x);
}

const config = { epochs: 3, batchSize: 7, learningRate: 0.1, k: 2 };

describe('step-wise training', () => {
  it('trainRbmStepwise equals trainRbm bit for bit', async () => {
    const X = binaryData(40, 12, 1);
    const rbm = initRbm(12, 5, derive(3, 'init')) as Rbm<Float32Array>;
    const once = trainRbm(rbm, X, config, derive(3, 'train'));
    const seen: number[] = [];
    const step = await trainRbmStepwise(rbm, X, config, derive(3, 'train'), {
      onEpoch: (e) => seen.push(e.epoch),
    });
    expect(seen).toEqual([1, 2, 3]);
    expect(step.rbm.W.data).toEqual(once.rbm.W.data);
    expect(step.rbm.a).toEqual(once.rbm.a);
    expect(step.rbm.b).toEqual(once.rbm.b);
    expect(step.history.map((h) => h.reconstructionError)).toEqual(
      once.history.map((h) => h.reconstructionError),
    );
    // and a different seed gives different weights (the comparison can fail)
    const other = await trainRbmStepwise(rbm, X, config, derive(4, 'train'));
    expect(other.rbm.W.data).not.toEqual(once.rbm.W.data);
  });

  it('trainDbnStepwise equals trainDbn bit for bit', async () => {
    const X = binaryData(30, 10, 2);
    const dbn = initDbn([10, 6, 4], derive(5, 'init')) as Dbn<Float32Array>;
    const once = trainDbn(dbn, X, config, derive(5, 'train'));
    const step = await trainDbnStepwise(dbn, X, config, derive(5, 'train'));
    for (let l = 0; l < 2; l++) {
      expect(step.dbn.layers[l]!.W.data).toEqual(once.dbn.layers[l]!.W.data);
      expect(step.dbn.layers[l]!.b).toEqual(once.dbn.layers[l]!.b);
    }
    expect(step.history.map((h) => h.map((e) => e.reconstructionError))).toEqual(
      once.history.map((h) => h.map((e) => e.reconstructionError)),
    );
  });

  it('trainDnnStepwise equals trainDnn bit for bit', async () => {
    const X = binaryData(30, 10, 3);
    const labels = Int32Array.from({ length: 30 }, (_, i) => i % 3);
    const dnn = initDnn([10, 6, 3], derive(6, 'init')) as Dnn<Float32Array>;
    const c = { epochs: 3, batchSize: 4, learningRate: 0.5 };
    const once = trainDnn(dnn, X, labels, c, derive(6, 'train'));
    const step = await trainDnnStepwise(dnn, X, labels, c, derive(6, 'train'));
    for (let l = 0; l < 2; l++)
      expect(step.dnn.layers[l]!.W.data).toEqual(once.dnn.layers[l]!.W.data);
    expect(step.history.map((h) => h.loss)).toEqual(once.history.map((h) => h.loss));
  });

  it('stops at the next epoch when the signal is aborted', async () => {
    const X = binaryData(20, 8, 4);
    const rbm = initRbm(8, 4, derive(1, 'init')) as Rbm<Float32Array>;
    const ac = new AbortController();
    const epochs: number[] = [];
    await expect(
      trainRbmStepwise(rbm, X, { ...config, epochs: 50 }, derive(1, 'train'), {
        signal: ac.signal,
        onEpoch: (e) => {
          epochs.push(e.epoch);
          if (e.epoch === 2) ac.abort();
        },
      }),
    ).rejects.toThrow(/abort/i);
    expect(epochs).toEqual([1, 2]);
  });
});
