// dbn eval MODEL_FILE: the test error rate of a DNN on MNIST, or the reconstruction error of an
// RBM or a DBN on its data.
import {
  type Dbn,
  type Dnn,
  evaluate,
  hiddenProbabilities,
  modelSizes,
  type Rbm,
  reconstructionError,
} from '@dbn/models';
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { Context } from '../context.js';
import {
  type DataSpec,
  type LoadedData,
  loadAlphaDigits,
  loadMnistSubset,
  recordedSpec,
} from '../data.js';
import { type CliError, fromThrown, usage } from '../errors.js';
import { readModelFile } from '../files.js';
import {
  type DataName,
  optional,
  parseChars,
  parseCount,
  parseData,
  parseThreshold,
} from '../options.js';
import { yieldToEventLoop } from '../training.js';
import type { Action } from './types.js';

interface EvalRaw {
  readonly data?: string;
  readonly chars?: string;
  readonly trainSize?: string;
  readonly testSize?: string;
  readonly threshold?: string;
  readonly dataDir?: string;
  readonly json?: boolean;
}

interface EvalOptions {
  readonly data: DataName | undefined;
  readonly chars: string[] | undefined;
  readonly trainSize: number | undefined;
  readonly testSize: number | undefined;
  readonly threshold: number | undefined;
}

function parseEval(raw: EvalRaw): E.Either<CliError, EvalOptions> {
  return pipe(
    E.Do,
    E.bind('data', () => optional<DataName | undefined>(raw.data, parseData, undefined)),
    E.bind('chars', () =>
      optional<string[] | undefined>(raw.chars, (s) => parseChars(s), undefined),
    ),
    E.bind('trainSize', () =>
      optional<number | undefined>(raw.trainSize, (s) => parseCount('--train-size', s), undefined),
    ),
    E.bind('testSize', () =>
      optional<number | undefined>(raw.testSize, (s) => parseCount('--test-size', s), undefined),
    ),
    E.bind('threshold', () =>
      optional<number | undefined>(raw.threshold, parseThreshold, undefined),
    ),
  );
}

/** Which data to evaluate an RBM or a DBN on: the flags, else what the model was trained on. */
function unsupervisedSpec(
  o: EvalOptions,
  recorded: DataSpec | undefined,
): E.Either<CliError, DataSpec> {
  const name = o.data ?? recorded?.name;
  if (name === undefined) {
    return E.left(
      usage('the model file does not record its data; pass --data alphadigits or --data mnist'),
    );
  }
  if (name === 'alphadigits') {
    if (o.trainSize !== undefined || o.testSize !== undefined || o.threshold !== undefined) {
      return E.left(usage('--train-size, --test-size and --threshold apply to --data mnist'));
    }
    const chars = o.chars ?? (recorded?.name === 'alphadigits' ? [...recorded.chars] : undefined);
    if (chars === undefined) return E.left(usage('pass --chars to evaluate on Binary AlphaDigits'));
    return E.right({ name, chars });
  }
  if (o.chars !== undefined) return E.left(usage('--chars applies to --data alphadigits'));
  if (o.trainSize !== undefined && o.testSize !== undefined) {
    return E.left(
      usage('give --train-size (training images) or --test-size (test images), not both'),
    );
  }
  const rec = recorded?.name === 'mnist' ? recorded : undefined;
  const threshold = o.threshold ?? rec?.threshold ?? 128;
  if (o.testSize !== undefined)
    return E.right({ name, split: 'test', size: o.testSize, threshold });
  const size = o.trainSize ?? (rec?.split === 'train' ? rec.size : 60_000);
  return E.right({ name, split: 'train', size, threshold });
}

function load(
  spec: DataSpec,
  dataDir: string | undefined,
  ctx: Context,
): Promise<E.Either<CliError, LoadedData>> {
  return spec.name === 'alphadigits'
    ? loadAlphaDigits(spec.chars, dataDir, ctx.env)
    : loadMnistSubset(
        spec.split,
        spec.size,
        spec.threshold,
        dataDir,
        spec.split === 'test' ? '--test-size' : '--train-size',
      );
}

function checkInputs(file: string, inputs: number, data: LoadedData): E.Either<CliError, void> {
  return inputs === data.X.cols
    ? E.right(undefined)
    : E.left(
        usage(
          `${file} has ${inputs} inputs but ${data.description} has ${data.X.cols} pixels per image`,
        ),
      );
}

async function evalModel(
  file: string,
  raw: EvalRaw,
  ctx: Context,
): Promise<E.Either<CliError, void>> {
  const opts = parseEval(raw);
  if (E.isLeft(opts)) return opts;
  const o = opts.right;
  const loaded = await readModelFile(file);
  if (E.isLeft(loaded)) return loaded;
  const { model, metadata } = loaded.right;
  const sizes = modelSizes(model);
  let spec: E.Either<CliError, DataSpec>;
  if (model.kind === 'dnn') {
    if (
      (o.data !== undefined && o.data !== 'mnist') ||
      o.chars !== undefined ||
      o.trainSize !== undefined
    ) {
      return E.left(
        usage('a dnn is evaluated on the MNIST test images: use --data mnist [--test-size N]'),
      );
    }
    const rec = recordedSpec(metadata, 'test') ?? recordedSpec(metadata, 'data');
    const threshold = o.threshold ?? (rec?.name === 'mnist' ? rec.threshold : 128);
    spec = E.right({ name: 'mnist', split: 'test', size: o.testSize ?? 10_000, threshold });
  } else {
    spec = unsupervisedSpec(o, recordedSpec(metadata, 'data'));
  }
  if (E.isLeft(spec)) return spec;
  const data = await load(spec.right, raw.dataDir, ctx);
  if (E.isLeft(data)) return data;
  const d = data.right;
  const fits = checkInputs(file, sizes[0]!, d);
  if (E.isLeft(fits)) return fits;
  await yieldToEventLoop();
  let metrics: Record<string, number | number[]>;
  try {
    ctx.signal.throwIfAborted();
    if (model.kind === 'dnn') {
      const classes = sizes[sizes.length - 1]!;
      if (classes !== d.classes) {
        return E.left(usage(`${file} has ${classes} classes but MNIST has ${d.classes}`));
      }
      const ev = evaluate(model as Dnn, d.X, d.labels);
      metrics = { testErrorRate: ev.errorRate, testLoss: ev.loss, accuracy: ev.accuracy };
    } else {
      const layers = model.kind === 'rbm' ? [model as Rbm] : (model as Dbn).layers;
      const errors: number[] = [];
      let input = d.X as (typeof layers)[number]['W'];
      for (let l = 0; l < layers.length; l++) {
        errors.push(reconstructionError(layers[l]!, input));
        if (l + 1 < layers.length) input = hiddenProbabilities(layers[l]!, input);
      }
      metrics = {
        reconstructionError: errors[0]!,
        ...(model.kind === 'dbn' ? { layerReconstructionErrors: errors } : {}),
      };
    }
  } catch (e) {
    return E.left(fromThrown(e, ctx.signal));
  }
  if (raw.json) {
    ctx.json({ command: 'eval', file, model: model.kind, sizes, data: d.description, ...metrics });
  } else if (model.kind === 'dnn') {
    ctx.out(
      `test error rate ${(100 * (metrics.testErrorRate as number)).toFixed(2)}% ` +
        `(loss ${(metrics.testLoss as number).toFixed(4)}) of the dnn ${sizes.join('-')} on ${d.description}`,
    );
  } else {
    const per =
      model.kind === 'dbn'
        ? ` (per layer ${(metrics.layerReconstructionErrors as number[]).map((x) => x.toPrecision(4)).join(', ')})`
        : '';
    ctx.out(
      `reconstruction error ${(metrics.reconstructionError as number).toPrecision(4)}${per} of the ${model.kind} ${sizes.join('-')} on ${d.description}`,
    );
  }
  return E.right(undefined);
}

export function registerEval(program: Command, ctx: Context, run: Action): void {
  program
    .command('eval')
    .summary('test error rate of a DNN, or reconstruction error of an RBM/DBN')
    .description(
      'Evaluate a saved model. A dnn: its error rate on the first --test-size MNIST test images.\n' +
        'An rbm or dbn: its mean squared reconstruction error on the data it was trained on (as\n' +
        'recorded in the model file), or on the data the flags name; for a dbn each layer is\n' +
        'measured on the hidden probabilities of the layer below.',
    )
    .argument('<model-file>', 'a model.safetensors written by `dbn train` or an experiment')
    .option('--data <name>', 'alphadigits or mnist (default: the data the model was trained on)')
    .option('--chars <list>', 'AlphaDigits characters (default: those the model was trained on)')
    .option('--train-size <n>', 'rbm/dbn on MNIST: the first n training images')
    .option('--test-size <n>', 'the first n MNIST test images (default for a dnn: all 10000)')
    .option(
      '--threshold <t>',
      'MNIST binarisation: pixel > t is 1 (default: as in training, or 128)',
    )
    .option('--data-dir <dir>', 'directory holding binaryalphadigs.mat or the MNIST IDX files')
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ dbn eval runs/dnn-mnist-20250101-120000-s1/model.safetensors --data mnist
  $ dbn eval model.safetensors --data mnist --test-size 1000 --json
  $ dbn eval runs/rbm-alphadigits-20250101-120000-s1/model.safetensors
  $ dbn eval model.safetensors --data alphadigits --chars A,B,C`,
    )
    .action((file: string, raw: EvalRaw) => run(() => evalModel(file, raw, ctx)));
}
