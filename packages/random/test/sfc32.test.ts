import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { Sfc32 } from '../src/sfc32.js';

const M32 = (1n << 32n) - 1n;

/** sfc32 written independently with BigInt arithmetic: the reference for the int32 version. */
function referenceSfc32(a0: number, b0: number, c0: number, d0: number): () => number {
  let a = BigInt(a0 >>> 0);
  let b = BigInt(b0 >>> 0);
  let c = BigInt(c0 >>> 0);
  let d = BigInt(d0 >>> 0);
  return () => {
    const t = (a + b + d) & M32;
    d = (d + 1n) & M32;
    a = b ^ (b >> 9n);
    b = (c + (c << 3n)) & M32;
    c = ((((c << 21n) | (c >> 11n)) & M32) + t) & M32;
    return Number(t);
  };
}

describe('Sfc32', () => {
  it('matches a BigInt reference implementation from any state', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer(), fc.integer(), fc.integer(), (a, b, c, d) => {
        const g = new Sfc32(a, b, c, d);
        const ref = referenceSfc32(a, b, c, d);
        for (let i = 0; i < 40; i++) expect(g.next()).toBe(ref());
      }),
    );
  });

  it('works from the all-zero state (the counter keeps it moving)', () => {
    const g = new Sfc32(0, 0, 0, 0);
    const seen = new Set<number>();
    for (let i = 0; i < 64; i++) seen.add(g.next());
    expect(seen.size).toBeGreaterThan(60);
  });

  it('fromKey seeds from four ARC4 words of seedrandom(key), then discards 12 outputs', () => {
    for (const key of ['', 'a', '["number",0]', '["string","0","rbm",3]']) {
      const arc4 = seedrandom(key);
      const ref = referenceSfc32(arc4.int32(), arc4.int32(), arc4.int32(), arc4.int32());
      for (let i = 0; i < 12; i++) ref();
      const g = Sfc32.fromKey(key);
      for (let i = 0; i < 20; i++) expect(g.next()).toBe(ref());
    }
  });

  it('nextDouble is ((x1 >>> 5)·2^26 + (x2 >>> 6))·2^-53 of the next two outputs', () => {
    const g = Sfc32.fromKey('double');
    const twin = g.clone();
    for (let i = 0; i < 1000; i++) {
      const u = g.nextDouble();
      const k = (twin.next() >>> 5) * 2 ** 26 + (twin.next() >>> 6);
      expect(u).toBe(k / 2 ** 53);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
  });

  it('clone is an independent copy', () => {
    const g = Sfc32.fromKey('clone');
    const h = g.clone();
    const first = g.next();
    g.next();
    expect(h.next()).toBe(first);
  });
});
