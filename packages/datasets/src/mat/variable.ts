// Looking up a variable of a parsed MAT-file by name.
import * as E from 'fp-ts/lib/Either.js';
import type { NotFoundError } from '../errors.js';
import type { MatFile, MatValue } from './types.js';

/** The value of the first variable called `name`, or `NotFound` listing the names there are. */
export function getVariable(file: MatFile, name: string): E.Either<NotFoundError, MatValue> {
  if (file === null || typeof file !== 'object' || !Array.isArray(file.variables)) {
    throw new TypeError(`file must be a MatFile, got ${String(file)}`);
  }
  if (typeof name !== 'string') throw new TypeError(`name must be a string, got ${String(name)}`);
  const vars = file.variables;
  for (let i = 0; i < vars.length; i++) {
    if (vars[i]!.name === name) return E.right(vars[i]!.value);
  }
  const names = vars.map((v) => v.name).join(', ');
  return E.left({
    _tag: 'NotFound',
    what: `variable ${name}`,
    message: `MAT-file has no variable '${name}' (it has: ${names === '' ? 'none' : names})`,
  });
}
