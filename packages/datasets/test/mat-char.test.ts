import { describe, expect, it } from 'vitest';
import { matChar } from '../src/mat/char.js';

describe('matChar', () => {
  it('makes a 1×n array from a string and an r×n array from rows', () => {
    expect(matChar('hello')).toEqual({ kind: 'char', dims: [1, 5], text: ['hello'] });
    expect(matChar(['ab', 'cd', 'ef'])).toEqual({
      kind: 'char',
      dims: [3, 2],
      text: ['ab', 'cd', 'ef'],
    });
    expect(matChar([])).toEqual({ kind: 'char', dims: [0, 0], text: [] });
    expect(matChar('')).toEqual({ kind: 'char', dims: [1, 0], text: [''] });
    // Lengths count UTF-16 code units, as MATLAB does.
    expect(matChar('\u{1d11e}').dims).toEqual([1, 2]);
  });

  it('copies its input and validates it', () => {
    const rows = ['x', 'y'];
    const c = matChar(rows);
    rows[0] = 'z';
    expect(c.text).toEqual(['x', 'y']);
    expect(() => matChar(['ab', 'c'])).toThrow(/text\[1\] must have 2 characters/);
    expect(() => matChar([1] as never)).toThrow(TypeError);
    expect(() => matChar(7 as never)).toThrow(TypeError);
  });
});
