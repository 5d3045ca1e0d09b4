// dbn export MODEL_FILE: a model's weights as a NumPy .npz archive or a MATLAB .mat file.
import { extname } from 'node:path';
import { type MatVariableInput, matrixFromRowMajor, writeMat } from '@dbn/datasets';
import { exportNpz, type Model, modelSizes } from '@dbn/models';
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import type { Context } from '../context.js';
import type { CliError } from '../errors.js';
import { usage } from '../errors.js';
import { readModelFile, writeOutput } from '../files.js';
import { parseChoice } from '../options.js';
import type { Action } from './types.js';

type Format = 'npz' | 'mat';

interface ExportRaw {
  readonly format?: string;
  readonly out: string;
  readonly json?: boolean;
}

const rowVector = (data: ArrayLike<number>) => matrixFromRowMajor(1, data.length, data);

/**
 * A model's parameters as MATLAB double matrices: W<l> (inputs × outputs) and row vectors
 * a<l> (visible biases, RBM/DBN layers) and b<l> (hidden or output biases), l = 1, 2, …;
 * plus `kind` (char) and `sizes` (row vector of layer sizes).
 */
export function matVariables(model: Model): MatVariableInput[] {
  const vars: MatVariableInput[] = [
    { name: 'kind', value: { kind: 'char', dims: [1, model.kind.length], text: [model.kind] } },
    { name: 'sizes', value: rowVector(modelSizes(model)) },
  ];
  const layers =
    model.kind === 'rbm'
      ? [{ W: model.W, a: model.a as ArrayLike<number> | undefined, b: model.b }]
      : model.kind === 'dbn'
        ? model.layers.map((r) => ({ W: r.W, a: r.a as ArrayLike<number> | undefined, b: r.b }))
        : model.layers.map((d) => ({ W: d.W, a: undefined, b: d.b }));
  layers.forEach((layer, i) => {
    const { W, a, b } = layer;
    const l = i + 1;
    const w = W.data.subarray(W.offset, W.offset + W.rows * W.cols);
    vars.push({ name: `W${l}`, value: matrixFromRowMajor(W.rows, W.cols, w) });
    if (a !== undefined) vars.push({ name: `a${l}`, value: rowVector(a) });
    vars.push({ name: `b${l}`, value: rowVector(b) });
  });
  return vars;
}

async function exportModel(
  file: string,
  raw: ExportRaw,
  ctx: Context,
): Promise<E.Either<CliError, void>> {
  let format: E.Either<CliError, Format>;
  if (raw.format !== undefined)
    format = parseChoice<Format>('--format', raw.format, ['npz', 'mat']);
  else {
    const ext = extname(raw.out).toLowerCase();
    format =
      ext === '.npz' || ext === '.mat'
        ? E.right(ext.slice(1) as Format)
        : E.left(usage(`give --format npz or --format mat (the name ${raw.out} does not say)`));
  }
  if (E.isLeft(format)) return format;
  const loaded = await readModelFile(file);
  if (E.isLeft(loaded)) return loaded;
  const { model } = loaded.right;
  const bytes = format.right === 'npz' ? exportNpz(model) : writeMat(matVariables(model));
  const written = await writeOutput(raw.out, bytes);
  if (E.isLeft(written)) return written;
  const names = format.right === 'npz' ? null : matVariables(model).map((v) => v.name);
  if (raw.json) {
    ctx.json({
      command: 'export',
      model: model.kind,
      sizes: modelSizes(model),
      format: format.right,
      out: written.right,
      bytes: bytes.length,
      ...(names ? { variables: names } : {}),
    });
  } else {
    ctx.out(
      `wrote the ${model.kind} ${modelSizes(model).join('-')} as ${format.right} to ${written.right} (${bytes.length} bytes${names ? `; variables ${names.join(', ')}` : ''})`,
    );
  }
  return E.right(undefined);
}

export function registerExport(program: Command, ctx: Context, run: Action): void {
  program
    .command('export')
    .summary("write a model's weights as NumPy .npz or MATLAB .mat")
    .description(
      "Write a saved model's parameters for other tools. npz (numpy.load) holds the arrays under\n" +
        'the names of the model file (W, a, b; layers.<l>.W, …). mat (MATLAB, Octave,\n' +
        'scipy.io.loadmat) holds double matrices W1, a1, b1, W2, … (W<l> is inputs × outputs, the\n' +
        "biases are row vectors; dnn layers have no a<l>), plus 'kind' and 'sizes'.",
    )
    .argument('<model-file>', 'a model.safetensors written by `dbn train` or an experiment')
    .option('--format <format>', 'npz or mat (default: from the --out extension)')
    .requiredOption('--out <file>', 'the file to write')
    .option('--json', 'print a JSON summary on stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ dbn export runs/rbm-alphadigits-20250101-120000-s1/model.safetensors --format npz --out rbm.npz
  $ dbn export model.safetensors --format mat --out weights.mat
  $ python3 -c "import numpy; print(numpy.load('rbm.npz')['W'].shape)"`,
    )
    .action((file: string, raw: ExportRaw) => run(() => exportModel(file, raw, ctx)));
}
