import { zeros } from '@dbn/linalg';
import { derive } from '@dbn/random';
import { describe, expect, it } from 'vitest';
import {
  dbnSizes,
  hiddenProbabilities,
  initDbn,
  type Rbm,
  sampleDbn,
  sampleRbm,
  trainDbn,
  trainRbm,
} from '../src/index.js';

function data(n: number, p: number, seed: number) {
  const X = zeros(n, p, 'f32');
  derive(seed).bernoulli(new Float32Array(n * p).fill(0.4), X.data);
  return X;
}

describe('DBN', () => {
  it('trains greedily: layer l is an RBM trained on layer l−1’s hidden probabilities', () => {
    const X = data(40, 12, 1);
    const dbn = initDbn([12, 8, 6], derive(1));
    expect(dbnSizes(dbn)).toEqual([12, 8, 6]);
    const cfg = { epochs: 3, batchSize: 5, learningRate: 0.1 };
    const rng = derive(2);
    const { dbn: trained, history } = trainDbn(dbn, X, cfg, rng);
    expect(history.map((h) => h.length)).toEqual([3, 3]);
    const l1 = trainRbm(dbn.layers[0]!, X, cfg, rng.derive('layer', 1)).rbm;
    expect(Array.from(trained.layers[0]!.W.data)).toEqual(Array.from(l1.W.data));
    const l2 = trainRbm(
      dbn.layers[1]!,
      hiddenProbabilities(l1, X),
      cfg,
      rng.derive('layer', 2),
    ).rbm;
    expect(Array.from(trained.layers[1]!.W.data)).toEqual(Array.from(l2.W.data));
  });

  it('generates binary visible samples; a one-layer DBN samples like its RBM', () => {
    const X = data(30, 10, 3);
    const { dbn } = trainDbn(
      initDbn([10, 7, 5], derive(3)),
      X,
      { epochs: 2, batchSize: 5, learningRate: 0.1 },
      derive(4),
    );
    const s = sampleDbn(dbn, { samples: 6, gibbsSteps: 10 }, derive(5));
    expect([s.samples.rows, s.samples.cols]).toEqual([6, 10]);
    expect(s.samples.data.every((x) => x === 0 || x === 1)).toBe(true);
    const one = { kind: 'dbn' as const, layers: [dbn.layers[0]!] };
    const a = sampleDbn(one, { samples: 4, gibbsSteps: 5 }, derive(6));
    const b = sampleRbm(dbn.layers[0]!, { samples: 4, gibbsSteps: 5 }, derive(6).derive('top'));
    expect(Array.from(a.samples.data)).toEqual(Array.from(b.samples.data));
  });
});

describe('DBN resume', () => {
  it('resuming at (layer 2, epoch 2) from a snapshot equals the uninterrupted run', () => {
    const X = data(30, 10, 7);
    const dbn = initDbn([10, 6, 4], derive(7));
    const cfg = { epochs: 3, batchSize: 5, learningRate: 0.1 };
    let snap: Rbm | undefined;
    const full = trainDbn(dbn, X, cfg, derive(8), {
      onEpoch: (e) => {
        if (e.layer === 2 && e.epoch === 1) snap = e.snapshot();
      },
    });
    const partial = { kind: 'dbn' as const, layers: [full.dbn.layers[0]!, snap!] };
    const resumed = trainDbn(partial, X, cfg, derive(8), {}, { layer: 2, epoch: 2 });
    expect(Array.from(resumed.dbn.layers[1]!.W.data)).toEqual(
      Array.from(full.dbn.layers[1]!.W.data),
    );
  });
});
