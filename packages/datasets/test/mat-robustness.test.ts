import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { zlibSync } from 'fflate';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { dataFile } from '../../../tooling/testkit/src/data.js';
import { readMat } from '../src/mat/read.js';
import type { MatFile, MatValue } from '../src/mat/types.js';
import { writeMat } from '../src/mat/write.js';
import { matVariables } from './mat-arbitraries.js';
import { concat, element, file, header, MI, MX, matrix, values } from './mat-builder.js';

/** Bytes held by the typed arrays of a parsed file (what a reader allocated for data). */
function dataBytes(f: MatFile): number {
  let total = 0;
  const walk = (v: MatValue): void => {
    if (v.kind === 'numeric') total += v.data.byteLength + (v.imag?.byteLength ?? 0);
    else if (v.kind === 'char') for (const t of v.text) total += 2 * t.length;
    else if (v.kind === 'cell') for (const c of v.cells) walk(c);
    else for (const e of v.elements) for (const f of v.fieldNames) walk(e[f]!);
  };
  for (const v of f.variables) walk(v.value);
  return total;
}

/**
 * readMat must return (never throw), within `ms`; a Right from uncompressed input must not
 * hold more data than 8 bytes per input byte (a double per stored uint8 is the most a
 * storage conversion can expand).
 */
function checkTotal(bytes: Uint8Array, ms = 2000): void {
  const t0 = performance.now();
  const r = readMat(bytes, { maxInflatedBytes: 1 << 24 });
  const elapsed = performance.now() - t0;
  expect(elapsed).toBeLessThan(ms);
  if (E.isLeft(r)) {
    expect(typeof r.left._tag).toBe('string');
    expect(r.left.message.length).toBeGreaterThan(0);
    if ('offset' in r.left) {
      expect(r.left.offset).toBeGreaterThanOrEqual(0);
      expect(r.left.offset).toBeLessThanOrEqual(bytes.length);
    }
  } else if (!r.right.variables.some((v) => v.compressed)) {
    expect(dataBytes(r.right)).toBeLessThanOrEqual(8 * bytes.length);
  }
}

/**
 * A file cut at each of `lengths` reads as Left, or — cut exactly at an element boundary — as
 * the variables before the cut.
 */
function checkTruncations(base: Uint8Array, lengths: Iterable<number>): void {
  const full = readMat(base);
  if (E.isLeft(full)) throw new Error(full.left.message);
  const vars = full.right.variables;
  expect(vars.length).toBeGreaterThan(1);
  const boundaries = [...vars.map((v) => v.offset), base.length];
  for (const n of lengths) {
    const r = readMat(base.subarray(0, n));
    if (E.isRight(r)) {
      const k = boundaries.indexOf(n);
      expect(k).toBeGreaterThanOrEqual(0);
      expect(r.right.variables).toEqual(vars.slice(0, k));
    }
  }
}

const createdAt = new Date(Date.UTC(2020, 0, 1));

/** A small file that uses most features: numeric classes, char, cells, structs. */
function sample(compress: boolean): Uint8Array {
  const [vars] = fc.sample(matVariables(4, 3), { seed: 42, numRuns: 1 });
  return writeMat(vars!, { compress, createdAt });
}

describe('readMat robustness', () => {
  it('returns Left or a value for random bytes, bare or after a valid header', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }),
        fc.boolean(),
        fc.boolean(),
        (tail, withHeader, le) => {
          checkTotal(withHeader ? file(le, tail) : tail);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('returns Left or a value for random element streams (plausible tags, random contents)', () => {
    const tagged = fc
      .array(
        fc.tuple(
          fc.constantFrom(MI.MATRIX, MI.COMPRESSED, MI.UINT32, MI.INT32, MI.INT8, MI.DOUBLE),
          fc.uint8Array({ maxLength: 64 }),
        ),
        { maxLength: 6 },
      )
      .map((parts) => parts.map(([type, data]) => element(true, type, data)));
    fc.assert(
      fc.property(tagged, (elements) => {
        checkTotal(file(true, ...elements));
      }),
      { numRuns: 1000 },
    );
  });

  it('returns Left or a value for written files with random byte flips', () => {
    for (const compress of [false, true]) {
      const base = sample(compress);
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 1, max: 255 })), {
            minLength: 1,
            maxLength: 4,
          }),
          (flips) => {
            const bytes = base.slice();
            for (const [at, x] of flips) bytes[at]! ^= x;
            checkTotal(bytes);
          },
        ),
        { numRuns: 800 },
      );
    }
  });

  it('reads written files truncated at every length as Left, or as the variables before the cut', () => {
    for (const compress of [false, true]) {
      const base = sample(compress);
      checkTruncations(
        base,
        Array.from({ length: base.length }, (_, n) => n),
      );
    }
  });

  it('rejects crafted size claims quickly and without allocating for them', () => {
    const le = true;
    const claims: Array<[Uint8Array, RegExp]> = [
      // 10^12 doubles claimed by the dims, 8 bytes given.
      [
        matrix(le, {
          mx: MX.DOUBLE,
          dims: [1_000_000, 1_000_000],
          name: 'a',
          body: [element(le, MI.DOUBLE, new Uint8Array(8))],
        }),
        /1000000000000 elements the dimensions claim/,
      ],
      // A data tag claiming 4 GiB - 1.
      [
        matrix(le, {
          mx: MX.DOUBLE,
          dims: [1, 1],
          name: 'a',
          body: [element(le, MI.DOUBLE, new Uint8Array(8), { size: 0xffffffff })],
        }),
        /4294967295 bytes of miDOUBLE data/,
      ],
      // A top-level tag claiming 4 GiB - 1.
      [
        element(le, MI.MATRIX, new Uint8Array(8), { size: 0xffffffff }),
        /4294967295 bytes of miMATRIX data/,
      ],
      // A cell array claiming 2^62 cells.
      [
        matrix(le, { mx: MX.CELL, dims: [2 ** 31 - 1, 2 ** 31 - 1], name: 'c' }),
        /elements the dimensions claim/,
      ],
      // A char array claiming 10^12 characters.
      [
        matrix(le, {
          mx: MX.CHAR,
          dims: [1_000_000, 1_000_000],
          name: 's',
          body: [element(le, MI.UINT16, new Uint8Array(8))],
        }),
        /1000000000000 elements the dimensions claim/,
      ],
      // Empty char arrays claiming 2^31 - 1 rows.
      [matrix(le, { mx: MX.CHAR, dims: [2 ** 31 - 1, 0], name: 's' }), /rows of empty char arrays/],
      // A struct array claiming 10^12 elements of 1 field.
      [
        matrix(le, {
          mx: MX.STRUCT,
          dims: [1_000_000, 1_000_000],
          name: 't',
          body: [
            element(le, MI.INT32, values(le, 'i32', [8]), { small: true }),
            element(le, MI.INT8, new Uint8Array(8)),
          ],
        }),
        /1000000000000 field values/,
      ],
      // A dimensions element claiming 2^30 dims.
      [
        element(
          le,
          MI.MATRIX,
          concat(
            element(le, MI.UINT32, values(le, 'u32', [MX.DOUBLE, 0])),
            element(le, MI.INT32, values(le, 'i32', [1, 1]), { size: 0xfffffffc }),
          ),
        ),
        /4294967292 bytes of miINT32/,
      ],
    ];
    for (const [m, reason] of claims) {
      const t0 = performance.now();
      const r = readMat(file(le, m));
      expect(performance.now() - t0).toBeLessThan(100);
      expect(E.isLeft(r) && r.left.message).toMatch(reason);
    }
    // A compressed element whose inner tag claims 3 GiB: more than deflate can expand to.
    const inner = element(le, MI.MATRIX, new Uint8Array(64), { size: 3 * 2 ** 30 });
    const r = readMat(file(le, element(le, MI.COMPRESSED, zlibSync(inner), { pad: false })));
    expect(E.isLeft(r) && r.left.message).toMatch(
      /at most 1032× expansion of \d+ compressed bytes/,
    );
  });

  it('stops inflating a zip bomb once it passes the size its element declares', () => {
    const le = true;
    // 16 MiB of zeros behind a tag that declares 56 bytes: about 16 kB compressed.
    const bomb = new Uint8Array(16 << 20);
    bomb.set(element(le, MI.MATRIX, new Uint8Array(56)).subarray(0, 8));
    const z = zlibSync(bomb, { level: 9 });
    const bytes = concat(header(le), element(le, MI.COMPRESSED, z, { pad: false }));
    const t0 = performance.now();
    const r = readMat(bytes);
    const elapsed = performance.now() - t0;
    expect(E.isLeft(r) && r.left.message).toContain(
      'inflates to the 64 bytes its element declares',
    );
    expect(z.length).toBeLessThan(20_000);
    // Stopping after the first 8 kB input chunk takes a few ms; inflating 16 MiB far longer.
    expect(elapsed).toBeLessThan(1000);
  });
});

const original = dataFile('binaryalphadigs.mat');
const feaGnd = dataFile('binaryalphadigs-fea-gnd.mat');

describe.skipIf(!original || !feaGnd)('readMat robustness on the real files', () => {
  it('reads the real files cut inside the header, tags, data and compressed streams as Left', () => {
    for (const path of [original!, feaGnd!]) {
      const bytes = new Uint8Array(readFileSync(path));
      const lengths = new Set<number>();
      for (let n = 0; n <= 300; n++) lengths.add(n); // header, first tags, first sub-elements
      for (const n of fc.sample(fc.nat({ max: bytes.length - 1 }), { seed: 7, numRuns: 60 }))
        lengths.add(n);
      lengths.add(bytes.length - 1);
      checkTruncations(bytes, lengths);
    }
  });

  it('returns Left or a value for the real files with random byte flips', () => {
    const fea = new Uint8Array(readFileSync(feaGnd!));
    const orig = new Uint8Array(readFileSync(original!));
    for (const [base, runs] of [
      [fea, 60],
      [orig, 30],
    ] as const) {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 1, max: 255 })), {
            minLength: 1,
            maxLength: 3,
          }),
          (flips) => {
            const bytes = base.slice();
            for (const [at, x] of flips) bytes[at]! ^= x;
            checkTotal(bytes);
          },
        ),
        { numRuns: runs, seed: 11 },
      );
    }
  });
});
