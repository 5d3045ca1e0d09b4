import type * as E from 'fp-ts/lib/Either.js';
import type { CliError } from '../errors.js';

/**
 * Runs a command's body and records its outcome for `main` (commander actions cannot return an
 * exit code themselves).
 */
export type Action = (body: () => Promise<E.Either<CliError, void>>) => Promise<void>;
