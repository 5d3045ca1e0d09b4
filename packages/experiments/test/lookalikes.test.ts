import { ALPHADIGITS_LABELS } from '@dbn/datasets';
import { fromArray } from '@dbn/linalg';
import { describe, expect, it } from 'vitest';
import { mergeLookalikes } from '../src/quality/lookalikes.js';

const C = ALPHADIGITS_LABELS.length;
const zero = ALPHADIGITS_LABELS.indexOf('0');
const oh = ALPHADIGITS_LABELS.indexOf('O');
const b = ALPHADIGITS_LABELS.indexOf('B');

/** Two samples: one scored 'O' (0.95), one scored 'B' (0.9), the rest spread evenly. */
function probs() {
  const data = new Float32Array(2 * C).fill(0.05 / (C - 1));
  data[oh] = 0.95;
  data.fill(0.1 / (C - 1), C, 2 * C);
  data[C + b] = 0.9;
  return fromArray(2, C, data);
}

describe('mergeLookalikes', () => {
  it("adds 'O' into a trained '0' that has no trained 'O', leaving P unchanged", () => {
    const P = probs();
    const before = Array.from(P.data);
    const M = mergeLookalikes(P, [zero, b]);
    expect(M.data[zero]).toBeCloseTo(0.95 + 0.05 / (C - 1), 6);
    expect(M.data[oh]).toBe(0);
    expect(M.data[C + b]).toBe(P.data[C + b]);
    expect(Array.from(P.data)).toEqual(before);
    // Rows still sum to one.
    for (let i = 0; i < 2; i++) {
      let s = 0;
      for (let j = 0; j < C; j++) s += M.data[i * C + j]!;
      expect(s).toBeCloseTo(1, 5);
    }
  });

  it('changes nothing when both or neither of a pair are trained', () => {
    const P = probs();
    expect(Array.from(mergeLookalikes(P, [zero, oh]).data)).toEqual(Array.from(P.data));
    expect(Array.from(mergeLookalikes(P, [b]).data)).toEqual(Array.from(P.data));
  });

  it('names a bad argument', () => {
    expect(() => mergeLookalikes(fromArray(1, 10, new Float32Array(10)), [0])).toThrow(/P must/);
    expect(() => mergeLookalikes(probs(), [zero], [['0', '?']])).toThrow(/pairs/);
  });
});
