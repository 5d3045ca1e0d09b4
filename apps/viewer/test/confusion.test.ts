import { describe, expect, it } from 'vitest';
import { confusionCells } from '../src/confusion.js';

describe('confusionCells', () => {
  it('keeps the counts and shades by the share of the true class', () => {
    const cells = confusionCells([
      [3, 1],
      [0, 0],
    ]);
    expect(cells.map((r) => r.map((c) => c.count))).toEqual([
      [3, 1],
      [0, 0],
    ]);
    expect(cells.map((r) => r.map((c) => c.share))).toEqual([
      [0.75, 0.25],
      [0, 0],
    ]);
  });

  it('names a malformed matrix', () => {
    expect(() => confusionCells([])).toThrow(TypeError);
    expect(() => confusionCells([[1, 2]])).toThrow(/matrix\[0\] must be an array of 1/);
    expect(() => confusionCells([[1, 2], [3]])).toThrow(/matrix\[1\]/);
    expect(() =>
      confusionCells([
        [1, -1],
        [0, 0],
      ]),
    ).toThrow(/matrix\[0\]\[1\] must be a count, got -1/);
    expect(() =>
      confusionCells([
        [1, 0.5],
        [0, 0],
      ]),
    ).toThrow(RangeError);
  });
});
