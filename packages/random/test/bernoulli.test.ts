import { describe, expect, it } from 'vitest';
import { derive, stream } from '../src/index.js';

const twins = (...path: Array<string | number>) => [derive(3, ...path), derive(3, ...path)];

/** |k − np| within the two-sided 99.99 % normal band of Binomial(n, p) (z = 3.89), plus 1. */
function inBand(k: number, n: number, p: number): boolean {
  return Math.abs(k - n * p) <= 3.89 * Math.sqrt(n * p * (1 - p)) + 1;
}

function sum(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s;
}

describe('bernoulli', () => {
  it('fires with probability p', () => {
    const s = stream('freq');
    const n = 100_000;
    for (const p of [0.0001, 0.001, 0.1, 0.3, 0.5, 0.77, 0.999]) {
      const out = s.bernoulli(new Float32Array(n).fill(p), new Float32Array(n));
      const k = sum(out);
      expect(inBand(k, n, Math.fround(p)), `p = ${p}, k = ${k}`).toBe(true);
    }
  });

  it('treats each element with its own p', () => {
    const n = 100_000;
    const p = new Float64Array(n);
    for (let i = 0; i < n; i++) p[i] = i % 2 === 0 ? 0.2 : 0.8;
    const out = stream('mixed').bernoulli(p, new Float32Array(n));
    let even = 0;
    let odd = 0;
    for (let i = 0; i < n; i++) {
      if (i % 2 === 0) even += out[i]!;
      else odd += out[i]!;
    }
    expect(inBand(even, n / 2, 0.2)).toBe(true);
    expect(inBand(odd, n / 2, 0.8)).toBe(true);
  });

  it('p = 0 never fires, p = 1 always does; outside [0, 1] clamps; NaN never fires', () => {
    const s = stream('extremes');
    const n = 50_000;
    expect(sum(s.bernoulli(new Float32Array(n), new Float32Array(n)))).toBe(0);
    expect(sum(s.bernoulli(new Float32Array(n).fill(1), new Float32Array(n)))).toBe(n);
    expect(sum(s.bernoulli(new Float64Array(n).fill(1), new Float64Array(n)))).toBe(n);
    expect(sum(s.bernoulli(new Float64Array(n).fill(-0.5), new Float64Array(n)))).toBe(0);
    expect(sum(s.bernoulli(new Float64Array(n).fill(1.5), new Float64Array(n)))).toBe(n);
    expect(sum(s.bernoulli(new Float32Array(n).fill(Number.NaN), new Float32Array(n)))).toBe(0);
  });

  it('is out[i] = 1 exactly when draw_i < p[i]·2^32', () => {
    const [s, t] = twins('contract');
    const n = 10_000;
    const p = stream('p').fillUniform(new Float32Array(n));
    const out = s!.bernoulli(p, new Float32Array(n));
    for (let i = 0; i < n; i++) {
      const want = t!.uint32() < p[i]! * 2 ** 32 ? 1 : 0;
      if (out[i] !== want) expect(out[i]).toBe(want);
    }
  });

  it('gives the same result for every float32/float64 combination and length', () => {
    for (const n of [1, 2, 3, 5, 4097, 9003, 9000]) {
      const p32 = derive(4, 'p', n).fillUniform(new Float32Array(n));
      const fast = derive(3, 'len', n).bernoulli(p32, new Float32Array(n));
      const generic = derive(3, 'len', n).bernoulli(p32, new Float64Array(n));
      expect(Array.from(fast)).toEqual(Array.from(generic));
    }
    const n = 9000;
    const p32 = stream('p').fillUniform(new Float32Array(n));
    const p64 = Float64Array.from(p32);
    const results = [
      derive(3, 'combo').bernoulli(p32, new Float32Array(n)),
      derive(3, 'combo').bernoulli(p32, new Float64Array(n)),
      derive(3, 'combo').bernoulli(p64, new Float32Array(n)),
      derive(3, 'combo').bernoulli(p64, new Float64Array(n)),
    ].map((r) => Array.from(r));
    for (const r of results) expect(r).toEqual(results[0]);
  });

  it('does not change p, and out may alias p', () => {
    const p = stream('p').fillUniform(new Float32Array(5000));
    const copy = p.slice();
    const [s, t] = twins('alias');
    const out = s!.bernoulli(p, new Float32Array(p.length));
    expect(p).toEqual(copy);
    const aliased = t!.bernoulli(copy, copy);
    expect(aliased).toBe(copy);
    expect(aliased).toEqual(out);
  });

  it('validates its arguments', () => {
    const s = stream(0);
    expect(() => s.bernoulli(new Float32Array(3), new Float32Array(4))).toThrow(RangeError);
    expect(() => s.bernoulli(new Float32Array(3), new Float32Array(4))).toThrow(
      /out.length must equal p.length = 3, got 4/,
    );
    expect(() => s.bernoulli([0.5] as unknown as Float32Array, new Float32Array(1))).toThrow(
      /p must be a Float32Array or Float64Array/,
    );
    expect(() =>
      s.bernoulli(new Float32Array(1), new Uint8Array(1) as unknown as Float32Array),
    ).toThrow(TypeError);
  });
});

describe('fillBernoulli', () => {
  it('matches bernoulli with a constant p array and fires with probability p', () => {
    const [s, t] = twins('scalar');
    const n = 100_000;
    const a = s!.fillBernoulli(new Float32Array(n), 0.3);
    const b = t!.bernoulli(new Float64Array(n).fill(0.3), new Float32Array(n));
    let differ = 0;
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) differ++;
    expect(differ).toBe(0);
    expect(inBand(sum(a), n, 0.3)).toBe(true);
    expect(sum(stream(1).fillBernoulli(new Float64Array(100), 0))).toBe(0);
    expect(sum(stream(1).fillBernoulli(new Float64Array(100), 1))).toBe(100);
  });

  it('validates p', () => {
    const s = stream(0);
    expect(() => s.fillBernoulli(new Float32Array(1), 1.5)).toThrow(
      /p must be in \[0, 1\], got 1.5/,
    );
    expect(() => s.fillBernoulli(new Float32Array(1), Number.NaN)).toThrow(RangeError);
  });
});
