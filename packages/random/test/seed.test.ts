import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkPathPart,
  checkSeed,
  type PathPart,
  pathLabel,
  type Seed,
  seedKey,
} from '../src/seed.js';

const seedArb: fc.Arbitrary<Seed> = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.string(),
);
const partArb: fc.Arbitrary<PathPart> = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

describe('checkSeed', () => {
  it('accepts finite numbers (0 included) and strings', () => {
    for (const seed of [0, -0, 1, -7, 1.5, 2 ** 53, Number.MIN_VALUE, '', '0', 'abc']) {
      expect(() => checkSeed(seed)).not.toThrow();
    }
  });

  it('throws TypeError naming seed and its value otherwise', () => {
    const bad: Array<[unknown, string]> = [
      [Number.NaN, 'NaN'],
      [Number.POSITIVE_INFINITY, 'Infinity'],
      [Number.NEGATIVE_INFINITY, '-Infinity'],
      [undefined, 'undefined'],
      [null, 'null'],
      [true, 'boolean'],
      [10n, '10n'],
      [{}, 'Object'],
      [[1], 'Array'],
    ];
    for (const [seed, shown] of bad) {
      expect(() => checkSeed(seed)).toThrow(TypeError);
      expect(() => checkSeed(seed)).toThrow(/^seed must be/);
      expect(() => checkSeed(seed)).toThrow(shown);
    }
  });
});

describe('checkPathPart', () => {
  it('accepts strings and finite numbers, names path[i] otherwise', () => {
    expect(() => checkPathPart('rbm', 0)).not.toThrow();
    expect(() => checkPathPart(3, 1)).not.toThrow();
    expect(() => checkPathPart(Number.NaN, 2)).toThrow(TypeError);
    expect(() => checkPathPart(Number.NaN, 2)).toThrow(/^path\[2\] must be .*NaN/);
    expect(() => checkPathPart(undefined, 0)).toThrow(/path\[0\].*undefined/);
    expect(() => checkPathPart({}, 1)).toThrow(TypeError);
  });
});

describe('seedKey', () => {
  it('is the JSON of [typeof seed, seed, ...path]', () => {
    expect(seedKey(42, ['rbm', 0])).toBe('["number",42,"rbm",0]');
    expect(seedKey('42', [])).toBe('["string","42"]');
  });

  it('keeps apart pairs that a naive join would merge', () => {
    const keys = [
      seedKey(0, []),
      seedKey('0', []),
      seedKey(1, ['a', 'b']),
      seedKey(1, ['a/b']),
      seedKey(1, ['ab']),
      seedKey(1, ['2']),
      seedKey(1, [2]),
      seedKey('1/2', []),
      seedKey(1, ['a,b']),
      seedKey(1, ['a', '', 'b']),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('is injective on (seed, path) up to -0 = 0', () => {
    const norm = (v: Seed | PathPart) => (Object.is(v, -0) ? 0 : v);
    fc.assert(
      fc.property(
        seedArb,
        fc.array(partArb, { maxLength: 4 }),
        seedArb,
        fc.array(partArb, { maxLength: 4 }),
        (s1, p1, s2, p2) => {
          const same =
            norm(s1) === norm(s2) &&
            p1.length === p2.length &&
            p1.every((v, i) => norm(v) === norm(p2[i]!));
          expect(seedKey(s1, p1) === seedKey(s2, p2)).toBe(same);
        },
      ),
    );
  });
});

describe('pathLabel', () => {
  it('joins seed and parts with /', () => {
    expect(pathLabel(42, ['rbm', 0, 'epoch', 3])).toBe('42/rbm/0/epoch/3');
    expect(pathLabel('run', [])).toBe('run');
  });
});
