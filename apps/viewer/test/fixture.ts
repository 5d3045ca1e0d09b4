// A tiny run directory as `dbn experiment` writes it (docs/0002): fig2 with an RBM point and a
// DBN point, each trained a few epochs on synthetic 20×16 images, with model.safetensors,
// samples.png drawn from the point's own 'sample' stream, result.json and summary.json. Then a
// second run directory `run-b/` (writeRunB): fig9's depth-2 DNN points made by the real
// runPoint on a small MNIST subset (confusion matrix, misclassified.png), a capacity-rbm point
// with metrics.quality and an exact metrics.likelihood, `future` with a figure kind nobody
// knows, and fig6, a run still in progress.
import { cpSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng, imageGrid } from '@dbn/datasets';
import {
  getExperiment,
  type PointConfig,
  type PointResult,
  pointHash,
  repDir,
  runPoint,
} from '@dbn/experiments';
import { fromArray } from '@dbn/linalg';
import {
  exactLogLikelihood,
  exactLogPartition,
  initDbn,
  initRbm,
  loadModel,
  type Model,
  type Rbm,
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

/** fig9's depth-2 points of run-b (real runPoint: 200 MNIST training / 300 test images, 20 backprop epochs). */
export const DNN_POINTS = [
  { id: 'layers2-pretrained', label: '2 × 16, pretrained', pretrain: true },
  { id: 'layers2-random', label: '2 × 16, random init', pretrain: false },
] as const;

/**
 * metrics.quality of the capacity-rbm fixture point: fixture values (no classifier runs here),
 * only to check that the viewer shows what a result.json says.
 */
export const FIXTURE_QUALITY = {
  classifier: { dataset: 'alphadigits', classes: 36, heldOutAccuracy: 0.9, id: 'c'.repeat(64) },
  tau: 0.8,
  samples: 9,
  recognised: 0.75,
  coverage: 1,
  classes: 1,
  coverageEntropy: 0,
  perClass: [7],
} as const;

/** The points of run-b/fig6, the run in progress. */
export const LIVE_POINTS = [
  { id: 'rbm-a', label: 'rbm a' },
  { id: 'rbm-b', label: 'rbm b' },
] as const;

function summaryOf(
  experiment: string,
  title: string,
  figure: unknown,
  points: readonly { id: string; label: string }[],
  results: readonly unknown[],
  complete: boolean,
) {
  const e = getExperiment(experiment);
  return {
    experiment,
    title,
    study: e?.study ?? { ref: 'test', claim: 'none' },
    figure,
    scale: 'quick',
    quick: 'tiny',
    seed: SEED,
    seeds: 1,
    codeVersion: 'dbn-experiments/1',
    overrides: {},
    points: points.map((p) => ({ id: p.id, label: p.label })),
    complete,
    results,
    missing: [],
    writtenAt: '2026-01-01T00:00:01.000Z',
  };
}

/** fig2's rbm12 point copied as point `pointId` of run-b's `experiment`, `extra` metrics added. */
function copyRbmPoint(
  runs: string,
  experiment: string,
  pointId: string,
  label: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const from = join(runs, 'fig2', 'rbm12', 'rep-0');
  const to = join(runs, 'run-b', experiment, pointId, 'rep-0');
  mkdirSync(to, { recursive: true });
  cpSync(join(from, 'model.safetensors'), join(to, 'model.safetensors'));
  cpSync(join(from, 'samples.png'), join(to, 'samples.png'));
  const r = JSON.parse(readFileSync(join(from, 'result.json'), 'utf8'));
  const result = { ...r, experiment, pointId, label, metrics: { ...r.metrics, ...extra } };
  writeFileSync(join(to, '.result.json.tmp'), JSON.stringify(result, null, 2));
  renameSync(join(to, '.result.json.tmp'), join(to, 'result.json'));
  return result;
}

/**
 * Writes `runs/run-b/` (after {@link writeTinyRun}): fig9 (two DNN points by runPoint),
 * capacity-rbm (figure kind 'capacity'; an RBM point with quality and exact likelihood) and fig6
 * (in progress: point rbm-a done, rbm-b missing; see {@link finishLiveRun}).
 */
export async function writeRunB(runs: string): Promise<void> {
  const runB = join(runs, 'run-b');
  const fig9 = getExperiment('fig9')!;
  const results: PointResult[] = [];
  for (const p of DNN_POINTS) {
    const config: PointConfig = {
      ...fig9.base,
      trainSize: 200,
      testSize: 300,
      hidden: [16, 16],
      epochs: 2,
      backpropEpochs: 20,
      batchSize: 10,
      pretrain: p.pretrain,
    };
    const r = await runPoint({
      experiment: 'fig9',
      pointId: p.id,
      label: p.label,
      rep: 0,
      seed: SEED,
      hash: pointHash(config, SEED, 0),
      config,
      dir: repDir(runB, 'fig9', p.id, 0),
    });
    if (r.metrics.error !== undefined)
      throw new Error(`fixture fig9 ${p.id}: ${r.metrics.error.message}`);
    results.push(r);
  }
  const fig9Summary = summaryOf(
    'fig9',
    'fig9 (tiny test run)',
    fig9.figure,
    DNN_POINTS,
    results,
    true,
  );
  writeFileSync(join(runB, 'fig9', 'summary.json'), JSON.stringify(fig9Summary));

  // capacity-rbm: the exact log-likelihood of the rbm12 model on the fixture images.
  const modelFile = join(runs, 'fig2', 'rbm12', 'rep-0', 'model.safetensors');
  const loaded = loadModel(new Uint8Array(readFileSync(modelFile)));
  if (loaded._tag === 'Left') throw new Error(loaded.left.message);
  const rbm = loaded.right.model as Rbm<Float32Array>;
  const logZ = exactLogPartition(rbm);
  const likelihood = {
    method: 'exact',
    meanLogLikelihood: exactLogLikelihood(rbm, fromArray(20, H * W, images())),
    set: 'train',
    images: 20,
    logZ,
    logZLow: logZ,
    logZHigh: logZ,
    runs: 0,
    betas: 0,
    seconds: 0.01,
  };
  const cap = copyRbmPoint(runs, 'capacity-rbm', 'rbm12', 'q = 12', {
    quality: FIXTURE_QUALITY,
    likelihood,
  });
  const capSummary = summaryOf(
    'capacity-rbm',
    'capacity (tiny test run)',
    { kind: 'capacity' },
    [{ id: 'rbm12', label: 'q = 12' }],
    [cap],
    true,
  );
  writeFileSync(join(runB, 'capacity-rbm', 'summary.json'), JSON.stringify(capSummary));

  // An experiment whose figure kind no viewer knows (a kind added after the viewer was built).
  const f = copyRbmPoint(runs, 'future', 'rbm12', 'q = 12');
  const future = summaryOf(
    'future',
    'a figure kind from the future (tiny test run)',
    { kind: 'not-yet-invented' },
    [{ id: 'rbm12', label: 'q = 12' }],
    [f],
    true,
  );
  writeFileSync(join(runB, 'future', 'summary.json'), JSON.stringify(future));

  const a = copyRbmPoint(runs, 'fig6', 'rbm-a', 'rbm a');
  const live = summaryOf(
    'fig6',
    'in progress (tiny test run)',
    { kind: 'mosaic' },
    LIVE_POINTS,
    [a],
    false,
  );
  writeFileSync(join(runB, 'fig6', 'summary.json'), JSON.stringify(live));
}

/** run-b/fig6 gets its second result.json; with `complete`, its summary then says complete. */
export function finishLiveRun(runs: string, complete: boolean): void {
  const b = copyRbmPoint(runs, 'fig6', 'rbm-b', 'rbm b');
  if (!complete) return;
  const aFile = join(runs, 'run-b', 'fig6', 'rbm-a', 'rep-0', 'result.json');
  const a = JSON.parse(readFileSync(aFile, 'utf8'));
  const done = summaryOf(
    'fig6',
    'in progress (tiny test run)',
    { kind: 'mosaic' },
    LIVE_POINTS,
    [a, b],
    true,
  );
  // Atomically (temp file + rename): the server may be reading it for a poll right now.
  const file = join(runs, 'run-b', 'fig6', 'summary.json');
  writeFileSync(`${file}.tmp`, JSON.stringify(done));
  renameSync(`${file}.tmp`, file);
}
