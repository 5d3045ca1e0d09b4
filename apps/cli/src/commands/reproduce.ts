// dbn reproduce: runs every experiment of the study as one sweep, then writes the report.
import { listExperiments, runExperiments } from '@dbn/experiments';
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import type { Context } from '../context.js';
import type { CliError } from '../errors.js';
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
} from '../sweep.js';
import { sweepOptions } from './experiment.js';
import type { Action } from './types.js';

async function reproduce(raw: SweepRaw, ctx: Context): Promise<E.Either<CliError, void>> {
  const plan = planSweep(raw);
  if (E.isLeft(plan)) return plan;
  const p = plan.right;
  const names = listExperiments();
  const checked = await precheck(names, p, ctx);
  if (E.isLeft(checked)) return checked;
  const progress = progressOn(ctx.io.stderr);
  let ran: Awaited<ReturnType<typeof runExperiments>>;
  try {
    ran = await runExperiments(
      names,
      runnerOptions(p, checked.right, ctx, sweepProgress(progress)),
    );
  } finally {
    progress.stop();
  }
  if (E.isLeft(ran)) return E.left(fromExperimentError(ran.left));
  const written = await report(p.out, names);
  if (E.isLeft(written)) return written;
  if (p.json) {
    ctx.json({
      scale: p.scale,
      seed: p.seed,
      experiments: ran.right.map((s) => summaryJson(p.out, s)),
      report: written.right,
    });
  } else {
    ctx.out(
      ...ran.right.flatMap((s) => summaryLines(s)),
      `report: ${written.right.html}`,
      `        ${written.right.md}`,
    );
  }
  const failed = failures(ran.right);
  return failed === undefined ? E.right(undefined) : E.left(failed);
}

export function registerReproduce(program: Command, ctx: Context, run: Action): void {
  sweepOptions(
    program
      .command('reproduce')
      .summary('run every experiment of the study and write report.html and report.md')
      .description(
        'Run all experiments (fig2 … fig11, table1) as one sweep on worker threads, skipping\n' +
          'points already done (so it resumes after Ctrl-C), then write <out>/report.html and\n' +
          '<out>/report.md with every figure, table and verdict, and print where they are.\n' +
          'Exits 1 when a point failed (the report shows which).',
      ),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ dbn reproduce --scale quick --out results/
  $ dbn reproduce --scale paper --seeds 3 --out paper-results/
  $ dbn reproduce --scale paper --shard 1/4 --out shard-1/   # then: dbn merge shard-*/ --out all/`,
    )
    .action((raw: SweepRaw) => run(() => reproduce(raw, ctx)));
}
