import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { readMat } from '../src/mat/read.js';
import { writeMat } from '../src/mat/write.js';
import { matVariables } from './mat-arbitraries.js';

const createdAt = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));

describe('writeMat → readMat', () => {
  it('is the identity on any variables, compressed or not, and re-encodes to the same bytes', () => {
    fc.assert(
      fc.property(matVariables(), fc.boolean(), (variables, compress) => {
        const bytes = writeMat(variables, { compress, createdAt });
        const read = readMat(bytes);
        if (E.isLeft(read)) throw new Error(read.left.message);
        const file = read.right;
        expect(file.header.endian).toBe('little');
        expect(file.variables.map((v) => v.compressed)).toEqual(variables.map(() => compress));
        expect(file.variables.map(({ name, value }) => ({ name, value }))).toEqual(variables);
        // Byte-identical re-encoding checks every bit (NaN payloads, -0, int64 extremes).
        const again = writeMat(
          file.variables.map(({ name, value }) => ({ name, value })),
          { compress, createdAt },
        );
        expect(again).toEqual(bytes);
      }),
      { numRuns: 150 },
    );
  });
});
