// The errors a command can end with. Each has a `_tag` and a one-line `message` for the user;
// `exitCode` maps the tag to the process exit code.
import { DivergedError } from '@dbn/models';

/**
 * What went wrong, as the user sees it:
 * - Usage: a bad command line (unknown command, bad number, unknown character, …);
 * - Data: a data file that is missing or malformed (the message says how to get it);
 * - ModelFile: a model file that cannot be read or is of the wrong kind;
 * - Io: reading or writing a file failed;
 * - Diverged: training produced non-finite numbers;
 * - Interrupted: Ctrl-C (or another abort) stopped the command before it wrote anything;
 * - Unavailable: the command exists but cannot run here (e.g. the viewer);
 * - Experiment: the experiment runner reported a failure.
 */
export interface CliError {
  readonly _tag:
    | 'Usage'
    | 'Data'
    | 'ModelFile'
    | 'Io'
    | 'Diverged'
    | 'Interrupted'
    | 'Unavailable'
    | 'Experiment';
  readonly message: string;
}

export const usage = (message: string): CliError => ({ _tag: 'Usage', message });
export const dataError = (message: string): CliError => ({ _tag: 'Data', message });
export const ioError = (message: string): CliError => ({ _tag: 'Io', message });
export const modelFileError = (message: string): CliError => ({ _tag: 'ModelFile', message });

/** Exit codes: 2 for a bad command line, 130 for an interrupt (as shells report SIGINT), else 1. */
export function exitCode(error: CliError): number {
  switch (error._tag) {
    case 'Usage':
      return 2;
    case 'Interrupted':
      return 130;
    default:
      return 1;
  }
}

/** True for the reason an aborted AbortSignal throws (an AbortError, or the reason we set). */
export function isAbort(e: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted && e === signal.reason) return true;
  return e instanceof Error && e.name === 'AbortError';
}

/**
 * Turns what a training or sampling call threw into a CliError when it is an expected failure
 * (divergence, an abort); anything else is rethrown for the top-level handler.
 */
export function fromThrown(e: unknown, signal?: AbortSignal): CliError {
  if (e instanceof DivergedError) return { _tag: 'Diverged', message: e.message };
  if (isAbort(e, signal)) {
    return { _tag: 'Interrupted', message: 'interrupted; no results were written' };
  }
  throw e;
}

/** The message of anything thrown, on one line. */
export function oneLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
