// dbn view: the web viewer of run folders is not built yet; say so in one line.
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import type { Context } from '../context.js';
import type { Action } from './types.js';

export function registerView(program: Command, _ctx: Context, run: Action): void {
  program
    .command('view')
    .summary('browse run folders in a web viewer (not available yet)')
    .description(
      'Browse the runs, samples and reports under a runs directory in a web viewer. The viewer\n' +
        'is not part of this version yet: the command says so and exits with code 1.',
    )
    .argument('[runs-dir]', 'directory of runs', 'runs')
    .addHelpText(
      'after',
      `
Examples:
  $ dbn view runs/`,
    )
    .action(() =>
      run(async () =>
        E.left({
          _tag: 'Unavailable',
          message:
            'the web viewer is not available yet; open report.html in a run directory, or use `dbn eval` and `dbn generate`',
        }),
      ),
    );
}
