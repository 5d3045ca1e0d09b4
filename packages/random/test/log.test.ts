import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { log, logUnit } from '../src/log.js';

describe('log (fdlibm port)', () => {
  it('equals V8 Math.log (itself fdlibm) on positive doubles, subnormals included', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(log(x)).toBe(Math.log(x));
      }),
      { numRuns: 5000 },
    );
    for (let i = 1; i < 100_000; i++) {
      const x = i / 100_000;
      if (log(x) !== Math.log(x)) expect(log(x)).toBe(Math.log(x));
    }
  });

  it('handles special values', () => {
    expect(log(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(log(-0)).toBe(Number.NEGATIVE_INFINITY);
    expect(log(-1)).toBeNaN();
    expect(log(Number.NaN)).toBeNaN();
    expect(log(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(log(1)).toBe(0);
    expect(log(Math.E)).toBe(Math.log(Math.E));
    expect(log(Number.MIN_VALUE)).toBe(Math.log(Number.MIN_VALUE));
  });
});

describe('logUnit', () => {
  const edge = [
    2 ** -64,
    2 ** -63,
    2 ** -1022,
    0.5,
    Math.SQRT1_2,
    Math.SQRT1_2 * (1 + 2 ** -52),
    Math.SQRT1_2 * (1 - 2 ** -52),
    1 - 2 ** -53,
    1 - 2 ** -21,
    1 - 2 ** -20,
    1,
    1 + 2 ** -52,
    1 + 2 ** -21,
    Math.SQRT2 * (1 - 2 ** -52),
    2 - 2 ** -52,
  ];

  it('is bit-identical to log on (0, 2)', () => {
    for (const x of edge) expect(Object.is(logUnit(x), log(x))).toBe(true);
    fc.assert(
      fc.property(fc.double({ min: 2 ** -1022, max: 2, maxExcluded: true, noNaN: true }), (x) => {
        expect(Object.is(logUnit(x), log(x))).toBe(true);
      }),
      { numRuns: 5000 },
    );
    for (let e = 1; e <= 64; e++) {
      for (const m of [1, 1.0000001, 1.2, Math.SQRT2, 1.5, 1.9999999]) {
        const x = m * 2 ** -e;
        expect(Object.is(logUnit(x), log(x))).toBe(true);
      }
    }
  });
});
