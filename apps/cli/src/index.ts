// The dbn command line: `main(argv, io)` parses argv (process.argv style: node, script, args…),
// runs one command and returns the exit code. Output goes through `io`, so tests run it
// in-process; bin.ts wires it to the process.
import { Command, CommanderError } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { registerData } from './commands/data.js';
import { registerEval } from './commands/eval.js';
import { registerExperiment } from './commands/experiment.js';
import { registerExport } from './commands/export.js';
import { registerGenerate } from './commands/generate.js';
import { registerMerge } from './commands/merge.js';
import { registerReproduce } from './commands/reproduce.js';
import { registerTrain } from './commands/train.js';
import type { Action } from './commands/types.js';
import { registerView } from './commands/view.js';
import { Context, cliVersion, type Io } from './context.js';
import { type CliError, exitCode, fromThrown, oneLine } from './errors.js';

export type { Io, Writer } from './context.js';
export type { CliError } from './errors.js';

/** Builds the `dbn` program; `run` records the outcome of the command that runs. */
export function buildProgram(ctx: Context, run: Action): Command {
  const program = new Command('dbn');
  program
    .description(
      'Restricted Boltzmann Machines, Deep Belief Networks and DBN-pretrained deep nets, from\n' +
        'scratch and reproducible to the bit from one seed; and the study that uses them.',
    )
    .version(cliVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .helpCommand('help [command]', 'show help for a command')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
      outputError: (s, write) => write(`dbn: ${oneLine(s)}\n`),
      getOutHelpWidth: () => Math.min(ctx.io.stdout.columns ?? 100, 120),
      getErrHelpWidth: () => Math.min(ctx.io.stderr.columns ?? 100, 120),
    })
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      `
Examples:
  $ dbn data fetch                                  download Binary AlphaDigits into the cache
  $ dbn train rbm --chars A,B --epochs 100          train an RBM, save it under runs/
  $ dbn generate runs/rbm-*/model.safetensors --samples 25 --out samples.png
  $ dbn train dnn --pretrain --train-size 10000 --json
  $ dbn eval runs/dnn-*/model.safetensors --data mnist
  $ dbn experiment --list
  $ dbn reproduce --scale quick --out results/

Exit codes: 0 done, 1 failed, 2 bad command line, 130 interrupted (Ctrl-C).
Set DBN_DEBUG=1 to see stack traces of internal errors.`,
    );
  registerTrain(program, ctx, run);
  registerGenerate(program, ctx, run);
  registerEval(program, ctx, run);
  registerExport(program, ctx, run);
  registerData(program, ctx, run);
  registerExperiment(program, ctx, run);
  registerReproduce(program, ctx, run);
  registerMerge(program, ctx, run);
  registerView(program, ctx, run);
  return program;
}

/**
 * Runs the dbn command line. `argv` is process.argv style (the first two entries, node and the
 * script, are skipped). Bad input prints one line on stderr and returns a non-zero exit code;
 * an unexpected error prints one line too (with the stack when DBN_DEBUG=1) and returns 1.
 * Throws TypeError only when `argv` is not an array of strings (a programming error).
 */
export async function main(argv: readonly string[], io: Partial<Io> = {}): Promise<number> {
  if (!Array.isArray(argv) || argv.some((a) => typeof a !== 'string')) {
    throw new TypeError('main: argv must be an array of strings (process.argv style)');
  }
  const ctx = new Context({
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    env: io.env ?? process.env,
    signal: io.signal ?? new AbortController().signal,
  });
  let outcome: E.Either<CliError, void> = E.right(undefined);
  const run: Action = async (body) => {
    try {
      outcome = await body();
    } catch (e) {
      outcome = E.left(fromThrown(e, ctx.signal));
    }
  };
  try {
    const program = buildProgram(ctx, run);
    await program.parseAsync([...argv], { from: 'node' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; otherwise commander has printed its one-line error (or, for
      // `dbn` alone, the help) on stderr: a bad command line.
      return e.exitCode === 0 ? 0 : 2;
    }
    const where = ctx.debug && e instanceof Error && e.stack ? `\n${e.stack}` : '';
    ctx.io.stderr.write(
      `dbn: internal error: ${oneLine(e)}${where ? where : ' (set DBN_DEBUG=1 for the stack trace)'}\n`,
    );
    return 1;
  }
  if (E.isLeft(outcome)) {
    ctx.io.stderr.write(`dbn: error: ${oneLine(outcome.left.message)}\n`);
    return exitCode(outcome.left);
  }
  return 0;
}
