import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODE_VERSION, canonicalJson, pointHash, pointStream } from '../src/index.js';
import { config } from './helpers.js';

describe('canonicalJson', () => {
  it('sorts keys at every level and is independent of insertion order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}',
    );
    // A "__proto__" key (as JSON.parse makes it: an own property) is kept, not taken as the prototype.
    expect(canonicalJson(JSON.parse('{"":{"__proto__":false}}'))).toBe('{"":{"__proto__":false}}');
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (o) => {
        const reversed = Object.fromEntries(Object.entries(o).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(o));
        expect(JSON.parse(canonicalJson(o))).toEqual(JSON.parse(JSON.stringify(o)));
      }),
    );
  });

  it('refuses values JSON cannot represent', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ a: undefined })).toThrow(TypeError);
  });
});

describe('pointHash and pointStream', () => {
  it('change with the config, the seed, the rep and the code version only', () => {
    const c = config({});
    const h = pointHash(c, 1, 0);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(pointHash({ ...c }, 1, 0)).toBe(h);
    expect(pointHash(config({ epochs: 4 }), 1, 0)).not.toBe(h);
    expect(pointHash(c, 0, 0)).not.toBe(h);
    expect(pointHash(c, 1, 1)).not.toBe(h);
    expect(pointHash(c, 1, 0, `${CODE_VERSION}+`)).not.toBe(h);
    expect(() => pointHash(c, 1, -1)).toThrow(RangeError);
    expect(() => pointHash(c, Number.NaN, 0)).toThrow(TypeError);
  });

  it('derives the point stream from (seed, experiment, point, rep), seed 0 included', () => {
    const s = pointStream(0, 'fig2', 'base', 0);
    expect(s.parts).toEqual(['fig2', 'base', 'rep', 0]);
    expect(pointStream(0, 'fig2', 'base', 0).uint32()).toBe(s.uint32());
    expect(pointStream(0, 'fig2', 'base', 1).uint32()).not.toBe(
      pointStream(0, 'fig2', 'base', 0).uint32(),
    );
  });
});
