// dbn train rbm|dbn|dnn: trains a model on Binary AlphaDigits or binarised MNIST and saves it
// (with generated samples for RBMs and DBNs) into a new run folder.

import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { encodePng, imageGrid } from '@dbn/datasets';
import { getThreads, MAX_THREADS, setThreads } from '@dbn/linalg';
import {
  type Dbn,
  type Dnn,
  type DnnEpoch,
  dnnFromDbn,
  evaluate,
  initDbn,
  initDnn,
  initRbm,
  type Model,
  modelSizes,
  type Rbm,
  type RbmEpoch,
  sampleDbn,
  sampleRbm,
  saveModel,
} from '@dbn/models';
import { type Stream, stream } from '@dbn/random';
import { Argument, type Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { type Context, cliVersion } from '../context.js';
import { type LoadedData, loadAlphaDigits, loadMnistSubset } from '../data.js';
import { type CliError, fromThrown, usage } from '../errors.js';
import { checkRunName, runName, writeRunDir } from '../files.js';
import {
  type DataName,
  optional,
  parseChars,
  parseCount,
  parseData,
  parsePositive,
  parseSeed,
  parseSizes,
  parseThreshold,
} from '../options.js';
import { type Progress, progressOn } from '../progress.js';
import { trainDbnStepwise, trainDnnStepwise, trainRbmStepwise } from '../training.js';
import type { Action } from './types.js';

export type ModelKind = 'rbm' | 'dbn' | 'dnn';

/** The options as commander hands them over (strings; flags as booleans). */
export interface TrainRaw {
  readonly data?: string;
  readonly chars?: string;
  readonly trainSize?: string;
  readonly testSize?: string;
  readonly hidden?: string;
  readonly epochs?: string;
  readonly batchSize?: string;
  readonly lr?: string;
  readonly k?: string;
  readonly gibbsSteps?: string;
  readonly samples?: string;
  readonly pretrain?: boolean;
  readonly epochsRbm?: string;
  readonly dataDir?: string;
  readonly threshold?: string;
  readonly seed: string;
  readonly threads?: string;
  readonly out: string;
  readonly name?: string;
  readonly json?: boolean;
}

/** A validated training request. */
export interface TrainPlan {
  readonly model: ModelKind;
  readonly data: DataName;
  readonly chars: readonly string[];
  readonly trainSize: number | undefined;
  readonly testSize: number | undefined;
  readonly threshold: number;
  readonly hidden: readonly number[];
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly k: number;
  readonly gibbsSteps: number;
  readonly samples: number;
  readonly pretrain: boolean;
  readonly epochsRbm: number;
  readonly seed: number;
  /** Threads for large float32 products (results are the same bits for any count). */
  readonly threads: number;
  readonly out: string;
  readonly name: string | undefined;
  readonly dataDir: string | undefined;
  readonly json: boolean;
}

export const TRAIN_DEFAULTS = {
  chars: 'A',
  hidden: { rbm: '200', dbn: '200,200', dnn: '200,200' },
  epochs: { rbm: '100', dbn: '100', dnn: '30' },
  batchSize: '32',
  lr: '0.1',
  k: '1',
  gibbsSteps: '200',
  samples: '16',
  epochsRbm: '10',
  threshold: '128',
} as const;

const MAX_SAMPLES = 10_000;

/** Options that only some models or data sets accept: given elsewhere, they are an error. */
function checkApplicable(
  model: ModelKind,
  data: DataName,
  raw: TrainRaw,
): E.Either<CliError, void> {
  const rules: [keyof TrainRaw, string, boolean][] = [
    ['chars', '--chars applies to --data alphadigits', data === 'alphadigits'],
    ['trainSize', '--train-size applies to --data mnist', data === 'mnist'],
    ['threshold', '--threshold applies to --data mnist', data === 'mnist'],
    ['testSize', '--test-size applies to `dbn train dnn`', model === 'dnn'],
    ['pretrain', '--pretrain applies to `dbn train dnn`', model === 'dnn'],
    [
      'epochsRbm',
      '--epochs-rbm needs `dbn train dnn --pretrain`',
      model === 'dnn' && raw.pretrain === true,
    ],
    [
      'k',
      '--k (CD-k) applies to rbm, dbn and `dnn --pretrain`',
      model !== 'dnn' || raw.pretrain === true,
    ],
    ['samples', '--samples applies to rbm and dbn (dnn draws no samples)', model !== 'dnn'],
    ['gibbsSteps', '--gibbs-steps applies to rbm and dbn (dnn draws no samples)', model !== 'dnn'],
  ];
  for (const [key, message, ok] of rules) {
    if (!ok && raw[key] !== undefined) return E.left(usage(message));
  }
  return E.right(undefined);
}

/**
 * Threads of a single training run when --threads is not given: DBN_THREADS when set (already
 * read by @dbn/linalg), else every core — one run alone should use the machine, and the products
 * give the same bits on any number of threads (sweeps keep one thread per worker instead).
 */
function defaultThreads(): number {
  return process.env.DBN_THREADS !== undefined && process.env.DBN_THREADS !== ''
    ? getThreads()
    : Math.min(MAX_THREADS, availableParallelism());
}

/** Validates the command line of `dbn train <model>`. */
export function planTraining(model: ModelKind, raw: TrainRaw): E.Either<CliError, TrainPlan> {
  return pipe(
    E.Do,
    E.bind('data', () => optional(raw.data, parseData, model === 'dnn' ? 'mnist' : 'alphadigits')),
    E.tap(({ data }) =>
      model === 'dnn' && data !== 'mnist'
        ? E.left(usage('`dbn train dnn` needs --data mnist (Binary AlphaDigits has no test split)'))
        : checkApplicable(model, data, raw),
    ),
    E.bind('chars', ({ data }) =>
      data === 'alphadigits' ? parseChars(raw.chars ?? TRAIN_DEFAULTS.chars) : E.right([]),
    ),
    E.bind('trainSize', () =>
      optional(raw.trainSize, (s) => parseCount('--train-size', s), undefined),
    ),
    E.bind('testSize', () =>
      optional(raw.testSize, (s) => parseCount('--test-size', s), undefined),
    ),
    E.bind('threshold', () => parseThreshold(raw.threshold ?? TRAIN_DEFAULTS.threshold)),
    E.bind('hidden', () => parseSizes('--hidden', raw.hidden ?? TRAIN_DEFAULTS.hidden[model])),
    E.tap(({ hidden }) =>
      model === 'rbm' && hidden.length !== 1
        ? E.left(
            usage(
              `--hidden of an rbm is one layer size, got ${hidden.join(',')} (use \`dbn train dbn\` for a stack)`,
            ),
          )
        : E.right(undefined),
    ),
    E.bind('epochs', () =>
      parseCount('--epochs', raw.epochs ?? TRAIN_DEFAULTS.epochs[model], 1_000_000),
    ),
    E.bind('batchSize', () =>
      parseCount('--batch-size', raw.batchSize ?? TRAIN_DEFAULTS.batchSize, 1_000_000),
    ),
    E.bind('learningRate', () => parsePositive('--lr', raw.lr ?? TRAIN_DEFAULTS.lr, 1000)),
    E.bind('k', () => parseCount('--k', raw.k ?? TRAIN_DEFAULTS.k, 10_000)),
    E.bind('gibbsSteps', () =>
      parseCount('--gibbs-steps', raw.gibbsSteps ?? TRAIN_DEFAULTS.gibbsSteps, 1_000_000),
    ),
    E.bind('samples', () =>
      parseCount('--samples', raw.samples ?? TRAIN_DEFAULTS.samples, MAX_SAMPLES),
    ),
    E.bind('epochsRbm', () =>
      parseCount('--epochs-rbm', raw.epochsRbm ?? TRAIN_DEFAULTS.epochsRbm, 1_000_000),
    ),
    E.bind('seed', () => parseSeed(raw.seed)),
    E.bind('threads', () =>
      raw.threads === undefined
        ? E.right(defaultThreads())
        : parseCount('--threads', raw.threads, MAX_THREADS),
    ),
    E.map((p) => ({
      ...p,
      model,
      pretrain: raw.pretrain === true,
      out: raw.out,
      name: raw.name,
      dataDir: raw.dataDir,
      json: raw.json === true,
    })),
  );
}

/** What a finished training returns besides the model. */
interface Trained {
  readonly model: Model;
  readonly history: unknown;
  readonly metrics: Record<string, unknown>;
  readonly seconds: number;
}

const fmt = (x: number, digits = 4) => (Number.isFinite(x) ? x.toPrecision(digits) : String(x));

function meanSeconds(records: readonly { seconds: number }[]): number {
  return records.length === 0 ? 0 : records.reduce((s, r) => s + r.seconds, 0) / records.length;
}

async function trainUnsupervised(
  plan: TrainPlan,
  data: LoadedData,
  root: Stream,
  ctx: Context,
  progress: Progress,
): Promise<Trained> {
  const config = {
    epochs: plan.epochs,
    batchSize: plan.batchSize,
    learningRate: plan.learningRate,
    k: plan.k,
  };
  const sizes = [data.X.cols, ...plan.hidden];
  const t0 = performance.now();
  if (plan.model === 'rbm') {
    const rbm = initRbm(sizes[0]!, sizes[1]!, root.derive('init')) as Rbm<Float32Array>;
    const task = progress.task('rbm', plan.epochs, 'epoch');
    const res = await trainRbmStepwise(rbm, data.X, config, root.derive('train'), {
      signal: ctx.signal,
      onEpoch: (e) => task.update(e.epoch, `reconstruction error ${fmt(e.reconstructionError)}`),
    });
    task.finish();
    const last = res.history[res.history.length - 1]!;
    return {
      model: res.rbm,
      history: res.history,
      seconds: (performance.now() - t0) / 1000,
      metrics: {
        reconstructionError: last.reconstructionError,
        secondsPerEpoch: meanSeconds(res.history),
      },
    };
  }
  const dbn = initDbn(sizes, root.derive('init')) as Dbn<Float32Array>;
  const res = await pretrain(dbn, data, config, root.derive('train'), ctx, progress, 'layer');
  return {
    model: res.dbn,
    history: res.history,
    seconds: (performance.now() - t0) / 1000,
    metrics: res.metrics,
  };
}

async function pretrain(
  dbn: Dbn<Float32Array>,
  data: LoadedData,
  config: { epochs: number; batchSize: number; learningRate: number; k: number },
  rng: Stream,
  ctx: Context,
  progress: Progress,
  label: string,
): Promise<{ dbn: Dbn<Float32Array>; history: RbmEpoch[][]; metrics: Record<string, unknown> }> {
  const L = dbn.layers.length;
  const tasks = Array.from({ length: L }, (_, l) =>
    progress.task(`${label} ${l + 1}/${L}`, config.epochs, 'epoch'),
  );
  const res = await trainDbnStepwise(dbn, data.X, config, rng, {
    signal: ctx.signal,
    onEpoch: (e) => {
      const task = tasks[e.layer - 1]!;
      task.update(e.epoch, `reconstruction error ${fmt(e.reconstructionError)}`);
      if (e.epoch === config.epochs) task.finish();
    },
  });
  const layerErrors = res.history.map((h) => h[h.length - 1]!.reconstructionError);
  return {
    dbn: res.dbn,
    history: res.history,
    metrics: {
      // The study's EQM of a DBN is that of its first layer (the one that reconstructs images).
      reconstructionError: layerErrors[0],
      layerReconstructionErrors: layerErrors,
      secondsPerEpoch: meanSeconds(res.history.flat()),
    },
  };
}

async function trainSupervised(
  plan: TrainPlan,
  train: LoadedData,
  test: LoadedData,
  root: Stream,
  ctx: Context,
  progress: Progress,
): Promise<Trained> {
  const t0 = performance.now();
  const sizes = [train.X.cols, ...plan.hidden, train.classes];
  let dnn: Dnn<Float32Array>;
  let pretraining: Record<string, unknown> | undefined;
  let pretrainHistory: RbmEpoch[][] | undefined;
  if (plan.pretrain) {
    const dbn = initDbn(sizes.slice(0, -1), root.derive('pretrain', 'init')) as Dbn<Float32Array>;
    const config = {
      epochs: plan.epochsRbm,
      batchSize: plan.batchSize,
      learningRate: plan.learningRate,
      k: plan.k,
    };
    const res = await pretrain(
      dbn,
      train,
      config,
      root.derive('pretrain', 'train'),
      ctx,
      progress,
      'pretrain layer',
    );
    dnn = dnnFromDbn(res.dbn, train.classes, root.derive('init'));
    pretraining = res.metrics;
    pretrainHistory = res.history;
  } else {
    dnn = initDnn(sizes, root.derive('init')) as Dnn<Float32Array>;
  }
  const task = progress.task('backprop', plan.epochs, 'epoch');
  const res = await trainDnnStepwise(
    dnn,
    train.X,
    train.labels,
    { epochs: plan.epochs, batchSize: plan.batchSize, learningRate: plan.learningRate },
    root.derive('train'),
    {
      signal: ctx.signal,
      onEpoch: (e: DnnEpoch) =>
        task.update(
          e.epoch,
          `loss ${fmt(e.loss)}, train error ${(100 * (1 - e.accuracy)).toFixed(2)}%`,
        ),
    },
  );
  task.finish();
  ctx.signal.throwIfAborted();
  const ev = evaluate(res.dnn, test.X, test.labels);
  const last = res.history[res.history.length - 1]!;
  return {
    model: res.dnn,
    history: pretrainHistory
      ? { pretraining: pretrainHistory, backprop: res.history }
      : res.history,
    seconds: (performance.now() - t0) / 1000,
    metrics: {
      testErrorRate: ev.errorRate,
      testLoss: ev.loss,
      trainErrorRate: 1 - last.accuracy,
      trainLoss: last.loss,
      secondsPerEpoch: meanSeconds(res.history),
      ...(pretraining ? { pretraining } : {}),
    },
  };
}

function samplesPng(plan: TrainPlan, model: Model, data: LoadedData, root: Stream): Uint8Array {
  const opts = { samples: plan.samples, gibbsSteps: plan.gibbsSteps };
  const rng = root.derive('sample');
  const s = model.kind === 'rbm' ? sampleRbm(model, opts, rng) : sampleDbn(model as Dbn, opts, rng);
  const grid = imageGrid({
    images: s.samples.data,
    count: plan.samples,
    height: data.height,
    width: data.width,
  });
  return encodePng(grid);
}

/** The options recorded in the model file and result.json (enough to rerun). */
function configOf(plan: TrainPlan, train: LoadedData, test: LoadedData | undefined) {
  return {
    model: plan.model,
    data: train.spec,
    ...(test ? { test: test.spec } : {}),
    hidden: plan.hidden,
    epochs: plan.epochs,
    batchSize: plan.batchSize,
    learningRate: plan.learningRate,
    ...(plan.model !== 'dnn' || plan.pretrain ? { k: plan.k } : {}),
    ...(plan.model === 'dnn'
      ? { pretrain: plan.pretrain, ...(plan.pretrain ? { epochsRbm: plan.epochsRbm } : {}) }
      : { gibbsSteps: plan.gibbsSteps, samples: plan.samples }),
  };
}

/** Runs a validated training request: load, train, save, report. */
export async function runTraining(
  plan: TrainPlan,
  ctx: Context,
): Promise<E.Either<CliError, void>> {
  if (plan.name !== undefined) {
    // Refuse a taken --name before training rather than after (writeRunDir checks again).
    const taken = checkRunName(plan.out, plan.name);
    if (E.isLeft(taken)) return taken;
  }
  const train =
    plan.data === 'alphadigits'
      ? await loadAlphaDigits(plan.chars, plan.dataDir, ctx.env)
      : await loadMnistSubset(
          'train',
          plan.trainSize,
          plan.threshold,
          plan.dataDir,
          '--train-size',
        );
  if (E.isLeft(train)) return train;
  let test: LoadedData | undefined;
  if (plan.model === 'dnn') {
    const t = await loadMnistSubset(
      'test',
      plan.testSize,
      plan.threshold,
      plan.dataDir,
      '--test-size',
    );
    if (E.isLeft(t)) return t;
    test = t.right;
  }
  const root = stream(plan.seed);
  const progress = progressOn(ctx.io.stderr);
  const startedAt = new Date();
  let trained: Trained;
  const threadsBefore = getThreads();
  setThreads(plan.threads);
  try {
    trained =
      plan.model === 'dnn'
        ? await trainSupervised(plan, train.right, test!, root, ctx, progress)
        : await trainUnsupervised(plan, train.right, root, ctx, progress);
    ctx.signal.throwIfAborted();
  } catch (e) {
    return E.left(fromThrown(e, ctx.signal));
  } finally {
    setThreads(threadsBefore);
    progress.stop();
  }
  const config = configOf(plan, train.right, test);
  const sizes = modelSizes(trained.model);
  const metadata = {
    config,
    seed: plan.seed,
    version: cliVersion(),
    program: `dbn train ${plan.model}`,
    history: trained.history,
    metrics: trained.metrics,
    startedAt: startedAt.toISOString(),
  };
  const files = [{ name: 'model.safetensors', bytes: saveModel(trained.model, metadata) }];
  if (trained.model.kind !== 'dnn') {
    files.push({ name: 'samples.png', bytes: samplesPng(plan, trained.model, train.right, root) });
  }
  const result = {
    command: 'train',
    model: plan.model,
    sizes,
    data: train.right.description,
    ...(test ? { test: test.description } : {}),
    seed: plan.seed,
    config,
    ...trained.metrics,
    seconds: trained.seconds,
    history: trained.history,
    version: cliVersion(),
    artifacts: {
      model: 'model.safetensors',
      ...(trained.model.kind === 'dnn' ? {} : { samples: 'samples.png' }),
    },
  };
  files.push({
    name: 'result.json',
    bytes: new TextEncoder().encode(`${JSON.stringify(result, null, 2)}\n`),
  });
  const name = plan.name ?? runName([plan.model, plan.data], plan.seed, startedAt);
  const dir = await writeRunDir(plan.out, name, files, plan.name === undefined);
  if (E.isLeft(dir)) return dir;
  const runDir = dir.right;
  const paths = Object.fromEntries(
    Object.entries(result.artifacts).map(([k, f]) => [k, join(runDir, f)]),
  );
  if (plan.json) {
    ctx.json({ ...result, runDir, files: paths });
    return E.right(undefined);
  }
  const m = trained.metrics as Record<string, number | number[] | undefined>;
  const lines = [
    `trained ${plan.model} ${sizes.join('-')} on ${train.right.description}, seed ${plan.seed}`,
  ];
  if (plan.model === 'dnn') {
    lines.push(
      `  test error rate   ${(100 * (m.testErrorRate as number)).toFixed(2)}% on ${test!.description}`,
      `  train error rate  ${(100 * (m.trainErrorRate as number)).toFixed(2)}%`,
    );
  } else {
    lines.push(`  reconstruction error ${fmt(m.reconstructionError as number)}`);
    if (plan.model === 'dbn') {
      lines.push(
        `  per layer            ${(m.layerReconstructionErrors as number[]).map((x) => fmt(x)).join(', ')}`,
      );
    }
  }
  lines.push(
    `  ${fmt(m.secondsPerEpoch as number, 3)} s per epoch, ${trained.seconds.toFixed(1)} s in all`,
    `  run directory ${runDir}`,
  );
  ctx.out(...lines);
  return E.right(undefined);
}

export function registerTrain(program: Command, ctx: Context, run: Action): void {
  program
    .command('train')
    .summary('train an RBM, a DBN or a DNN and save it in a run folder')
    .description(
      'Train a model and save model.safetensors (with config, seed, version and history in its\n' +
        'metadata), samples.png (RBM/DBN) and result.json into a new folder under --out.\n' +
        'rbm and dbn train on Binary AlphaDigits (default) or binarised MNIST; dnn classifies\n' +
        'MNIST, optionally initialised from a DBN (--pretrain). For dnn, --epochs counts\n' +
        'backpropagation epochs and --epochs-rbm the pretraining epochs of each layer.',
    )
    .addArgument(new Argument('<model>', 'what to train').choices(['rbm', 'dbn', 'dnn']))
    .option('--data <name>', 'alphadigits or mnist (default: alphadigits; mnist for dnn)')
    .option(
      '--chars <list>',
      `AlphaDigits characters 0-9, A-Z: A,B,C or ABC (default: ${TRAIN_DEFAULTS.chars})`,
    )
    .option('--train-size <n>', 'MNIST training images, the first n (default: all 60000)')
    .option('--test-size <n>', 'MNIST test images for dnn, the first n (default: all 10000)')
    .option(
      '--hidden <sizes>',
      'hidden layer sizes (default: 200 for rbm, 200,200 for dbn and dnn)',
    )
    .option('--epochs <n>', 'training epochs; for dnn backprop epochs (default: 100; 30 for dnn)')
    .option('--batch-size <n>', `minibatch size (default: ${TRAIN_DEFAULTS.batchSize})`)
    .option('--lr <x>', `learning rate (default: ${TRAIN_DEFAULTS.lr})`)
    .option('--k <n>', `Gibbs steps of contrastive divergence CD-k (default: ${TRAIN_DEFAULTS.k})`)
    .option(
      '--gibbs-steps <n>',
      `Gibbs steps per generated sample (default: ${TRAIN_DEFAULTS.gibbsSteps})`,
    )
    .option(
      '--samples <n>',
      `images generated into samples.png (default: ${TRAIN_DEFAULTS.samples})`,
    )
    .option('--pretrain', 'dnn: initialise the hidden layers from a DBN trained on the same images')
    .option(
      '--epochs-rbm <n>',
      `dnn --pretrain: epochs of each RBM (default: ${TRAIN_DEFAULTS.epochsRbm})`,
    )
    .option('--data-dir <dir>', 'directory holding binaryalphadigs.mat or the MNIST IDX files')
    .option(
      '--threshold <t>',
      `MNIST binarisation: pixel > t is 1 (default: ${TRAIN_DEFAULTS.threshold})`,
    )
    .option('--seed <n>', 'random seed, a whole number (0 is valid)', '1')
    .option(
      '--threads <n>',
      'threads for large products; any count gives the same results (default: DBN_THREADS, else every core)',
    )
    .option('--out <dir>', 'parent directory of the run folder', 'runs')
    .option('--name <name>', 'run folder name (default: <model>-<data>-<date>-<time>-s<seed>)')
    .option('--json', 'print the summary as JSON on stdout (progress goes to stderr)')
    .addHelpText(
      'after',
      `
Examples:
  $ dbn train rbm --data alphadigits --chars A,B --hidden 200 --epochs 100 --batch-size 10
  $ dbn train dbn --chars 0,1,2 --hidden 200,200 --epochs 50 --seed 7
  $ dbn train rbm --data mnist --train-size 60000 --hidden 500 --epochs 1 --batch-size 5 --json
  $ dbn train dnn --hidden 200,200 --train-size 10000 --pretrain --epochs-rbm 10 \\
      --epochs 30 --batch-size 32 --lr 0.1 --seed 1 --json`,
    )
    .action((model: ModelKind, raw: TrainRaw) =>
      run(async () => {
        const plan = planTraining(model, raw);
        return E.isLeft(plan) ? plan : runTraining(plan.right, ctx);
      }),
    );
}
