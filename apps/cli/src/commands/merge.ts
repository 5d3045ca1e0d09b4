// dbn merge DIR... --out DIR: combines run directories (shards, machines) and writes the report.
import { mergeRuns } from '@dbn/experiments';
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import type { Context } from '../context.js';
import type { CliError } from '../errors.js';
import { fromMergeError, report, summaryLines } from '../sweep.js';
import type { Action } from './types.js';

interface MergeRaw {
  readonly out: string;
  readonly report: boolean;
  readonly json?: boolean;
}

async function merge(
  dirs: string[],
  raw: MergeRaw,
  ctx: Context,
): Promise<E.Either<CliError, void>> {
  const merged = await mergeRuns(dirs, raw.out);
  if (E.isLeft(merged)) return E.left(fromMergeError(merged.left));
  const m = merged.right;
  let written: { html: string; md: string } | undefined;
  if (raw.report && m.experiments.length > 0) {
    const r = await report(m.out, m.experiments);
    if (E.isLeft(r)) return r;
    written = r.right;
  }
  if (raw.json) {
    ctx.json({
      out: m.out,
      experiments: m.experiments,
      copied: m.copied,
      identical: m.identical,
      complete: Object.fromEntries(m.summaries.map((s) => [s.experiment, s.complete])),
      ...(written ? { report: written } : {}),
    });
  } else {
    ctx.out(
      `merged ${dirs.length} run director${dirs.length === 1 ? 'y' : 'ies'} into ${m.out}: ${m.copied} point runs copied, ${m.identical} already there`,
      ...m.summaries.flatMap((s) => summaryLines(s)),
      ...(written ? [`report: ${written.html}`, `        ${written.md}`] : []),
    );
  }
  return E.right(undefined);
}

export function registerMerge(program: Command, ctx: Context, run: Action): void {
  program
    .command('merge')
    .summary('merge run directories (shards, machines) into one and write its report')
    .description(
      'Copy every finished point of the given run directories into --out (which may be new,\n' +
        'existing, or one of them), check that points and summaries agree (a conflict copies\n' +
        "nothing), rewrite each experiment's summary.json, then write the report of --out.",
    )
    .argument('<dirs...>', 'run directories, e.g. the --out of each shard')
    .requiredOption('--out <dir>', 'the merged run directory')
    .option('--no-report', 'do not write report.html and report.md')
    .option('--json', 'print what was merged as JSON on stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ dbn merge shard-0/ shard-1/ shard-2/ shard-3/ --out results/
  $ dbn merge laptop-runs/ cluster-runs/ --out runs/ --json`,
    )
    .action((dirs: string[], raw: MergeRaw) => run(() => merge(dirs, raw, ctx)));
}
