// A tiny run directory as `dbn experiment` writes it (docs/0002): fig2 with an RBM point and a
// DBN point, each trained a few epochs on synthetic 20×16 images, with model.safetensors,
// samples.png drawn from the point's own 'sample' stream, result.json and summary.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng, imageGrid } from '@dbn/datasets';
import { fromArray } from '@dbn/linalg';
import {
  initDbn,
  initRbm,
  type Model,
  sampleDbn,
  sampleRbm,
  saveModel,
  trainDbn,
  trainRbm,
} from '@dbn/models';
import { derive } from '@dbn/random';

export const SEED = 1;
const H = 20;
const W = 16;

/** 20 synthetic 20×16 images: a bar or a box at varying positions. */
function images(): Float32Array {
  const n = 20;
  const X = new Float32Array(n * H * W);
  for (let i = 0; i < n; i++) {
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const bar = i % 2 === 0 ? x >= 4 + (i % 5) && x < 8 + (i % 5) : y >= 6 && y < 12;
        X[i * H * W + y * W + x] = bar ? 1 : 0;
      }
  }
  return X;
}

interface PointSpec {
  readonly id: string;
  readonly label: string;
  readonly hidden: number[];
}

export const POINTS: readonly PointSpec[] = [
  { id: 'rbm12', label: '(a) RBM q = 12', hidden: [12] },
  { id: 'dbn12x8', label: '(b) DBN 12-8', hidden: [12, 8] },
];

export const CONFIG = {
  dataset: 'alphadigits',
  chars: ['A'],
  trainSize: 60000,
  testSize: 10000,
  subsetSeed: null,
  epochs: 4,
  batchSize: 5,
  learningRate: 0.1,
  k: 1,
  gibbsSteps: 7,
  samples: 9,
  pretrain: true,
  backpropEpochs: 1,
  threshold: 128,
};

/** Writes the run under `runs/fig2/` and returns nothing; everything is derived from SEED. */
export function writeTinyRun(runs: string): void {
  const X = fromArray(20, H * W, images());
  const results = [];
  for (const p of POINTS) {
    const S = derive(SEED, 'fig2', p.id, 'rep', 0);
    const model = p.hidden.length === 1 ? 'rbm' : 'dbn';
    const config = { ...CONFIG, model, hidden: p.hidden };
    let trained: Model;
    let history: Record<string, number>[];
    const opts = { epochs: CONFIG.epochs, batchSize: CONFIG.batchSize, learningRate: 0.1, k: 1 };
    if (model === 'rbm') {
      const r = trainRbm(
        initRbm(H * W, p.hidden[0]!, S.derive('init')),
        X,
        opts,
        S.derive('train'),
      );
      trained = r.rbm;
      history = r.history.map((h) => ({ ...h }));
    } else {
      // A DBN's history is flat in result.json, each record with its 1-based layer.
      const r = trainDbn(
        initDbn([H * W, ...p.hidden], S.derive('init')),
        X,
        opts,
        S.derive('train'),
      );
      trained = r.dbn;
      history = r.history.flatMap((layer, l) => layer.map((h) => ({ ...h, layer: l + 1 })));
    }
    const sample = { samples: CONFIG.samples, gibbsSteps: CONFIG.gibbsSteps };
    const s =
      trained.kind === 'rbm'
        ? sampleRbm(trained, sample, S.derive('sample'))
        : sampleDbn(trained as never, sample, S.derive('sample'));
    const png = encodePng(
      imageGrid({ images: s.samples.data, count: CONFIG.samples, height: H, width: W }),
    );
    const dir = join(runs, 'fig2', p.id, 'rep-0');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'model.safetensors'), saveModel(trained, { config, seed: SEED }));
    writeFileSync(join(dir, 'samples.png'), png);
    const last = history.filter((h) => h.layer === undefined || h.layer === 1).at(-1)!;
    const result = {
      experiment: 'fig2',
      pointId: p.id,
      label: p.label,
      rep: 0,
      seed: SEED,
      hash: 'f'.repeat(64),
      codeVersion: 'dbn-experiments/1',
      config,
      metrics: { reconstructionError: last.reconstructionError, history, secondsPerEpoch: 0.01 },
      artifacts: { model: 'model.safetensors', samples: 'samples.png' },
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:00:01.000Z',
      seconds: 1,
    };
    writeFileSync(join(dir, 'result.json'), JSON.stringify(result, null, 2));
    results.push(result);
  }
  const summary = {
    experiment: 'fig2',
    title: "RBM generations of 'A' (tiny test run)",
    study: { ref: 'Figure 2', claim: 'A tiny claim for the test: the samples look like the data.' },
    figure: { kind: 'mosaic' },
    scale: 'quick',
    quick: 'tiny',
    seed: SEED,
    seeds: 1,
    codeVersion: 'dbn-experiments/1',
    overrides: {},
    points: POINTS.map((p) => ({ id: p.id, label: p.label })),
    complete: true,
    results,
    missing: [],
    writtenAt: '2026-01-01T00:00:01.000Z',
  };
  writeFileSync(join(runs, 'fig2', 'summary.json'), JSON.stringify(summary, null, 2));
}
