import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { dataFile } from '../../../tooling/testkit/src/data.js';
import { matChar } from '../src/mat/char.js';
import { describeMat } from '../src/mat/describe.js';
import { matrixFromRowMajor } from '../src/mat/matrix.js';
import { readMat } from '../src/mat/read.js';
import { writeMat } from '../src/mat/write.js';

describe('describeMat', () => {
  it('lists each variable with name, dims and class', () => {
    const bytes = writeMat(
      [
        { name: 'weights', value: matrixFromRowMajor(2, 3, [1, 2, 3, 4, 5, 6], 'single') },
        { name: 'label', value: matChar('rbm'), global: true },
        {
          name: 's',
          value: {
            kind: 'struct',
            dims: [1, 1],
            fieldNames: ['a', 'b'],
            elements: [{ a: matChar('x'), b: matChar('y') }],
          },
        },
        {
          name: 'z',
          value: {
            kind: 'numeric',
            class: 'int8',
            dims: [1, 1, 2],
            data: Int8Array.of(1, 2),
            imag: Int8Array.of(0, 1),
          },
        },
      ],
      { compress: true, createdAt: new Date(Date.UTC(2024, 1, 29, 12)) },
    );
    const r = readMat(bytes);
    if (E.isLeft(r)) throw new Error(r.left.message);
    expect(describeMat(r.right).split('\n')).toEqual([
      'MATLAB 5.0 MAT-file, Platform: dbn, Created on: Thu Feb 29 12:00:00 2024 (little-endian, 4 variables)',
      '  weights  2×3    single [compressed]',
      '  label    1×3    char [global, compressed]',
      '  s        1×1    struct (fields: a, b) [compressed]',
      '  z        1×1×2  complex int8 [compressed]',
    ]);
  });

  it('validates its argument', () => {
    expect(() => describeMat({} as never)).toThrow(TypeError);
  });
});

const original = dataFile('binaryalphadigs.mat');
describe.skipIf(!original)('describeMat on binaryalphadigs.mat', () => {
  it('lists dat, numclass, classlabels, classcounts', () => {
    const r = readMat(new Uint8Array(readFileSync(original!)));
    if (E.isLeft(r)) throw new Error(r.left.message);
    expect(describeMat(r.right).split('\n').slice(1)).toEqual([
      '  dat          36×39  cell',
      '  numclass     1×1    double',
      '  classlabels  1×36   cell',
      '  classcounts  1×36   cell',
    ]);
  });
});
