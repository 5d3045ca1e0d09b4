// dbn generate MODEL_FILE: Gibbs sampling from a saved RBM or DBN into a PNG grid.
import { encodePng, imageGrid } from '@dbn/datasets';
import { type Dbn, type Model, modelSizes, type Rbm, sampleDbn, sampleRbm } from '@dbn/models';
import { stream } from '@dbn/random';
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { Context } from '../context.js';
import { imageSizeOf, recordedSpec } from '../data.js';
import { type CliError, fromThrown, modelFileError, usage } from '../errors.js';
import { readModelFile, writeOutput } from '../files.js';
import {
  type ImageSize,
  optional,
  parseCount,
  parseImageSize,
  parseInteger,
  parseSeed,
} from '../options.js';
import { yieldToEventLoop } from '../training.js';
import type { Action } from './types.js';

interface GenerateRaw {
  readonly samples: string;
  readonly gibbsSteps: string;
  readonly seed: string;
  readonly out: string;
  readonly probabilities?: boolean;
  readonly cols?: string;
  readonly scale: string;
  readonly imageSize?: string;
  readonly json?: boolean;
}

/** Image sizes of the data sets the CLI trains on, by visible units. */
const KNOWN_SIZES: Readonly<Record<number, ImageSize>> = {
  320: imageSizeOf('alphadigits'),
  784: imageSizeOf('mnist'),
};

/**
 * The height × width of a model's images: --image-size, else the data set recorded in the
 * model file's metadata, else known by its number of visible units (320 AlphaDigits, 784 MNIST).
 */
export function imageSizeFor(
  visible: number,
  metadata: Record<string, unknown>,
  given: ImageSize | undefined,
): E.Either<CliError, ImageSize> {
  if (given !== undefined) {
    return given.height * given.width === visible
      ? E.right(given)
      : E.left(
          usage(
            `--image-size ${given.height}x${given.width} has ${given.height * given.width} pixels but the model has ${visible} visible units`,
          ),
        );
  }
  const spec = recordedSpec(metadata, 'data');
  const size = spec ? imageSizeOf(spec.name) : KNOWN_SIZES[visible];
  if (size === undefined || size.height * size.width !== visible) {
    return E.left(
      usage(`cannot tell the image size of ${visible} visible units; pass --image-size HxW`),
    );
  }
  return E.right(size);
}

function visibleOf(model: Model): number {
  return modelSizes(model)[0]!;
}

async function generate(
  file: string,
  raw: GenerateRaw,
  ctx: Context,
): Promise<E.Either<CliError, void>> {
  const opts = pipe(
    E.Do,
    E.bind('samples', () => parseCount('--samples', raw.samples, 10_000)),
    E.bind('gibbsSteps', () => parseCount('--gibbs-steps', raw.gibbsSteps, 10_000_000)),
    E.bind('seed', () => parseSeed(raw.seed)),
    E.bind('cols', () =>
      optional<number | undefined>(raw.cols, (s) => parseCount('--cols', s, 10_000), undefined),
    ),
    E.bind('scale', () => parseInteger('--scale', raw.scale, 1, 64)),
    E.bind('imageSize', () =>
      optional<ImageSize | undefined>(raw.imageSize, parseImageSize, undefined),
    ),
  );
  if (E.isLeft(opts)) return opts;
  const o = opts.right;
  const loaded = await readModelFile(file);
  if (E.isLeft(loaded)) return loaded;
  const { model, metadata } = loaded.right;
  if (model.kind === 'dnn') {
    return E.left(
      modelFileError(`${file} holds a dnn (a classifier); generate needs an rbm or a dbn`),
    );
  }
  const size = imageSizeFor(visibleOf(model), metadata, o.imageSize);
  if (E.isLeft(size)) return size;
  await yieldToEventLoop();
  let images: Float32Array | Float64Array;
  try {
    ctx.signal.throwIfAborted();
    const sample = { samples: o.samples, gibbsSteps: o.gibbsSteps };
    // The same stream as `dbn train`'s samples.png: equal options reproduce it exactly.
    const rng = stream(o.seed).derive('sample');
    const s =
      model.kind === 'rbm'
        ? sampleRbm(model as Rbm, sample, rng)
        : sampleDbn(model as Dbn, sample, rng);
    images = raw.probabilities ? s.probabilities.data : s.samples.data;
  } catch (e) {
    return E.left(fromThrown(e, ctx.signal));
  }
  const grid = imageGrid({
    images,
    count: o.samples,
    height: size.right.height,
    width: size.right.width,
    scale: o.scale,
    ...(o.cols === undefined ? {} : { cols: o.cols }),
  });
  const written = await writeOutput(raw.out, encodePng(grid));
  if (E.isLeft(written)) return written;
  const summary = {
    command: 'generate',
    model: model.kind,
    sizes: modelSizes(model),
    samples: o.samples,
    gibbsSteps: o.gibbsSteps,
    seed: o.seed,
    probabilities: raw.probabilities === true,
    image: { height: size.right.height, width: size.right.width },
    png: { width: grid.width, height: grid.height },
    out: written.right,
  };
  if (raw.json) ctx.json(summary);
  else {
    ctx.out(
      `wrote ${o.samples} ${raw.probabilities ? 'probability images' : 'samples'} of the ${model.kind} ` +
        `(${o.gibbsSteps} Gibbs steps, seed ${o.seed}) to ${written.right} (${grid.width}×${grid.height} px)`,
    );
  }
  return E.right(undefined);
}

export function registerGenerate(program: Command, ctx: Context, run: Action): void {
  program
    .command('generate')
    .summary('generate images from a saved RBM or DBN into a PNG grid')
    .description(
      'Run independent Gibbs chains on a saved RBM (or the top RBM of a DBN, then down passes)\n' +
        'from random starts and write the final images as a PNG grid (1 = white). With the same\n' +
        "--samples, --gibbs-steps and --seed as `dbn train`, it reproduces the run's samples.png.",
    )
    .argument('<model-file>', 'a model.safetensors written by `dbn train` or an experiment')
    .option('--samples <n>', 'number of images (chains)', '16')
    .option('--gibbs-steps <n>', 'alternating Gibbs steps per chain', '200')
    .option('--seed <n>', 'random seed, a whole number (0 is valid)', '1')
    .requiredOption('--out <file.png>', 'the PNG file to write')
    .option('--probabilities', "draw the last down pass's probabilities instead of binary samples")
    .option('--cols <n>', 'images per row of the grid (default: about the square root)')
    .option('--scale <n>', 'pixel upscaling of each image', '1')
    .option(
      '--image-size <HxW>',
      'image height x width when the model file does not say (e.g. 28x28)',
    )
    .option('--json', 'print a JSON summary on stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ dbn generate runs/rbm-alphadigits-20250101-120000-s1/model.safetensors --out samples.png
  $ dbn generate model.safetensors --samples 64 --gibbs-steps 1000 --seed 3 --out s.png --scale 4
  $ dbn generate model.safetensors --probabilities --out p.png --json`,
    )
    .action((file: string, raw: GenerateRaw) => run(() => generate(file, raw, ctx)));
}
