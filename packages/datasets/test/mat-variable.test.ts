import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { matChar } from '../src/mat/char.js';
import type { MatFile } from '../src/mat/types.js';
import { getVariable } from '../src/mat/variable.js';

const file: MatFile = {
  header: { text: 'MATLAB 5.0 MAT-file', version: 0x0100, endian: 'little' },
  variables: [
    { name: 'a', value: matChar('first'), global: false, compressed: false, offset: 128 },
    { name: 'b', value: matChar('b'), global: false, compressed: false, offset: 200 },
    { name: 'a', value: matChar('second'), global: false, compressed: false, offset: 300 },
  ],
};

describe('getVariable', () => {
  it('returns the value of the first variable with the name', () => {
    expect(getVariable(file, 'a')).toEqual(E.right(matChar('first')));
    expect(getVariable(file, 'b')).toEqual(E.right(matChar('b')));
  });

  it('returns NotFound listing the names there are', () => {
    const r = getVariable(file, 'c');
    expect(r).toEqual(
      E.left({
        _tag: 'NotFound',
        what: 'variable c',
        message: "MAT-file has no variable 'c' (it has: a, b, a)",
      }),
    );
    expect(() => getVariable(file, 3 as never)).toThrow(TypeError);
  });
});
