import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { derive, type Stream, stream } from '../src/index.js';
import { seedKey } from '../src/seed.js';
import { Sfc32 } from '../src/sfc32.js';
import { correlation } from './stats.js';

function draw(s: Stream, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(s.uint32());
  return out;
}

/** Exercises every method once, to disturb anything shared between streams. */
function useEverything(s: Stream): void {
  s.uniform();
  s.int(17);
  s.fillUniform(new Float32Array(1001));
  s.fillUniform(new Float64Array(33), -2, 3);
  s.fillNormal(new Float64Array(77));
  s.fillNormal(new Float32Array(10_000));
  s.bernoulli(new Float32Array(9000).fill(0.5), new Float32Array(9000));
  s.fillBernoulli(new Float64Array(5), 0.25);
  s.permutation(100);
  s.shuffle([1, 2, 3]);
}

describe('stream / derive: determinism', () => {
  it('same seed and path give identical sequences, whatever ran in between', () => {
    const first = derive(7, 'rbm', 0);
    const a = draw(first, 50);
    const u1 = first.fillUniform(new Float32Array(5000));
    useEverything(stream(7));
    useEverything(derive(7, 'rbm', 1));
    useEverything(derive(7, 'rbm', 0));
    const again = derive(7, 'rbm', 0);
    expect(draw(again, 50)).toEqual(a);
    expect(again.fillUniform(new Float32Array(5000))).toEqual(u1);
  });

  it('is the sfc32 stream of Sfc32.fromKey(JSON.stringify([typeof seed, seed, ...path]))', () => {
    for (const [seed, path] of [
      [0, []],
      ['0', ['a', 1]],
      [42, ['rbm', 0, 'epoch', 3]],
    ] as const) {
      const g = Sfc32.fromKey(seedKey(seed, path));
      const s = derive(seed, ...path);
      for (let i = 0; i < 20; i++) expect(s.uint32()).toBe(g.next());
    }
  });

  it('seed 0 is valid and differs from seed 1 and from "0"', () => {
    const zero = draw(stream(0), 8);
    expect(draw(stream(0), 8)).toEqual(zero);
    expect(draw(stream(1), 8)).not.toEqual(zero);
    expect(draw(stream('0'), 8)).not.toEqual(zero);
    expect(draw(stream(-0), 8)).toEqual(zero);
  });

  it('stream(seed) equals derive(seed), and derive chains compose', () => {
    expect(draw(stream(5), 10)).toEqual(draw(derive(5), 10));
    expect(draw(derive(5, 'a').derive('b'), 10)).toEqual(draw(derive(5, 'a', 'b'), 10));
    expect(draw(stream(5).derive('a', 2).derive(), 10)).toEqual(draw(derive(5, 'a', 2), 10));
  });

  it('derive does not advance the parent', () => {
    const p = stream('parent');
    const q = stream('parent');
    p.derive('child').uint32();
    p.derive('other', 1);
    expect(draw(p, 10)).toEqual(draw(q, 10));
  });

  it('distinct (seed, path) pairs give different streams', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer(), fc.string({ maxLength: 4 })),
        fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('a', 'b', '0')), {
          maxLength: 3,
        }),
        fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('a', 'b', '0')), {
          maxLength: 3,
        }),
        (seed, p1, p2) => {
          fc.pre(JSON.stringify(p1) !== JSON.stringify(p2));
          expect(draw(derive(seed, ...p1), 4)).not.toEqual(draw(derive(seed, ...p2), 4));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('stream / derive: independence', () => {
  it('sibling and parent/child streams are uncorrelated and share no prefix', () => {
    const n = 100_000;
    const base = stream(2024);
    const streams = [base, base.derive(0), base.derive(1), base.derive('x'), stream(2025)];
    const samples = streams.map((s) => s.fillUniform(new Float64Array(n)));
    for (let i = 0; i < samples.length; i++) {
      for (let j = i + 1; j < samples.length; j++) {
        expect(Math.abs(correlation(samples[i]!, samples[j]!))).toBeLessThan(0.02);
        // Lagged by one as well (catches a stream that is a shifted copy of another).
        const r = correlation(samples[i]!.subarray(1), samples[j]!.subarray(0, n - 1));
        expect(Math.abs(r)).toBeLessThan(0.02);
      }
    }
    const heads = streams.map((s) => draw(s.derive(), 16).join(','));
    expect(new Set(heads).size).toBe(heads.length);
  });

  it('1000 sibling streams start with 1000 distinct words', () => {
    const s = stream(3);
    const firsts = new Set<number>();
    for (let i = 0; i < 1000; i++) firsts.add(s.derive('epoch', i).uint32());
    expect(firsts.size).toBe(1000);
  });
});

describe('stream / derive: metadata and validation', () => {
  it('exposes seed, frozen parts and a path for logs', () => {
    const s = derive(42, 'rbm', 0).derive('epoch', 3);
    expect(s.seed).toBe(42);
    expect(s.parts).toEqual(['rbm', 0, 'epoch', 3]);
    expect(Object.isFrozen(s.parts)).toBe(true);
    expect(s.path).toBe('42/rbm/0/epoch/3');
    expect(stream('run').path).toBe('run');
  });

  it('does not keep a reference to the caller’s path array', () => {
    const path: Array<string | number> = ['a', 1];
    const s = derive(1, ...path);
    path.push('b');
    expect(s.parts).toEqual(['a', 1]);
  });

  it('rejects invalid seeds with a TypeError naming seed and its value', () => {
    const bad: unknown[] = [Number.NaN, Number.POSITIVE_INFINITY, undefined, null, true, 1n, {}];
    for (const seed of bad) {
      expect(() => stream(seed as number)).toThrow(TypeError);
      expect(() => stream(seed as number)).toThrow(/^seed must be a finite number or a string/);
      expect(() => derive(seed as number, 'a')).toThrow(/seed/);
    }
    expect(() => stream(Number.NaN)).toThrow(/got NaN/);
    expect(() => stream(undefined as unknown as number)).toThrow(/got undefined/);
  });

  it('rejects invalid path parts naming their position', () => {
    expect(() => derive(1, 'a', Number.NaN)).toThrow(TypeError);
    expect(() => derive(1, 'a', Number.NaN)).toThrow(/path\[1\].*NaN/);
    expect(() => stream(1).derive(undefined as unknown as string)).toThrow(/path\[0\]/);
    expect(() => stream(1).derive({} as unknown as string)).toThrow(TypeError);
  });

  it('uint32 gives integers in [0, 2^32) covering both halves', () => {
    const s = stream('u32');
    let high = 0;
    let bad = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = s.uint32();
      if (!(Number.isInteger(x) && x >= 0 && x < 2 ** 32)) bad++;
      if (x >= 2 ** 31) high++;
    }
    expect(bad).toBe(0);
    expect(Math.abs(high - 5000)).toBeLessThan(4 * 50);
  });
});
