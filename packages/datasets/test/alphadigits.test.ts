import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { dataFile } from '../../../tooling/testkit/src/data.js';
import {
  ALPHADIGITS_LABELS,
  type AlphaDigits,
  parseAlphaDigits,
  selectAlphaDigits,
} from '../src/alphadigits.js';
import { matChar } from '../src/mat/char.js';
import { matrixFromRowMajor } from '../src/mat/matrix.js';
import type { MatValue } from '../src/mat/types.js';
import { writeMat } from '../src/mat/write.js';

const H = 20;
const W = 16;
const N = 1404;
const createdAt = new Date(Date.UTC(2024, 0, 1));

/** Deterministic pseudo-random 0/1 images, N × (H·W) row-major. */
function randomImages(seed: number): Uint8Array {
  const out = new Uint8Array(N * H * W);
  let s = seed >>> 0;
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s >>> 31;
  }
  return out;
}

/** Image i (row-major, upright) as MATLAB's column-major 20×16 uint8 matrix. */
function imageValue(images: Uint8Array, i: number): MatValue {
  const rowMajor = Array.from(images.subarray(i * H * W, (i + 1) * H * W));
  return matrixFromRowMajor(H, W, rowMajor, 'uint8');
}

/** The original layout: dat{c+1,j+1} is example j of class c. */
function originalFile(
  images: Uint8Array,
  extra: Array<{ name: string; value: MatValue }> = [],
): Uint8Array {
  const cells: MatValue[] = new Array(N);
  for (let c = 0; c < 36; c++)
    for (let j = 0; j < 39; j++) cells[c + j * 36] = imageValue(images, c * 39 + j);
  return writeMat([{ name: 'dat', value: { kind: 'cell', dims: [36, 39], cells } }, ...extra], {
    createdAt,
  });
}

/** The re-saved layout: fea row k is image k flattened column-major, gnd its label 1..36. */
function feaGndFile(images: Uint8Array, gnd?: Float64Array): Uint8Array {
  const fea = new Uint8Array(N * H * W);
  for (let k = 0; k < N; k++) {
    for (let r = 0; r < H; r++) {
      for (let col = 0; col < W; col++)
        fea[k + (r + col * H) * N] = images[k * H * W + r * W + col]!;
    }
  }
  const labels = gnd ?? Float64Array.from({ length: N }, (_, k) => Math.floor(k / 39) + 1);
  return writeMat(
    [
      { name: 'fea', value: { kind: 'numeric', class: 'uint8', dims: [N, H * W], data: fea } },
      { name: 'gnd', value: { kind: 'numeric', class: 'double', dims: [N, 1], data: labels } },
    ],
    { compress: true, createdAt },
  );
}

/** Index of the first element where a and b differ, -1 when equal (fast on 449k elements). */
function firstDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

function parsed(bytes: Uint8Array): AlphaDigits {
  const r = parseAlphaDigits(bytes);
  if (E.isLeft(r)) throw new Error(r.left.message);
  return r.right;
}

function parseFailure(bytes: Uint8Array): string {
  const r = parseAlphaDigits(bytes);
  if (E.isRight(r)) throw new Error('expected Left');
  return `${r.left._tag}: ${r.left.message}`;
}

describe('ALPHADIGITS_LABELS', () => {
  it("is '0'..'9' then 'A'..'Z'", () => {
    expect(ALPHADIGITS_LABELS).toHaveLength(36);
    expect(ALPHADIGITS_LABELS.join('')).toBe('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ');
  });
});

describe('parseAlphaDigits', () => {
  const images = randomImages(1);
  const classLabels = {
    name: 'classlabels',
    value: { kind: 'cell', dims: [1, 36], cells: ALPHADIGITS_LABELS.map((c) => matChar(c)) },
  } as const;

  it('reads both layouts into the same upright row-major images in class order', () => {
    const a = parsed(originalFile(images, [classLabels]));
    const b = parsed(feaGndFile(images));
    for (const d of [a, b]) {
      expect(d.count).toBe(N);
      expect([d.height, d.width]).toEqual([H, W]);
      expect(firstDiff(d.images, images)).toBe(-1);
      expect(d.labels).toEqual(Uint8Array.from({ length: N }, (_, i) => Math.floor(i / 39)));
      expect(d.classNames).toEqual(ALPHADIGITS_LABELS);
    }
  });

  it('takes labels from gnd', () => {
    const gnd = Float64Array.from({ length: N }, (_, k) => 36 - (k % 36));
    expect(parsed(feaGndFile(images, gnd)).labels).toEqual(Uint8Array.from(gnd, (g) => g - 1));
  });

  it('returns a Left naming what is missing or misshapen', () => {
    expect(parseFailure(new Uint8Array(10))).toMatch(/^ParseError: .*128-byte/);
    expect(parseFailure(writeMat([{ name: 'x', value: matChar('a') }], { createdAt }))).toBe(
      "NotFound: MAT-file has neither 'dat' nor 'fea' and 'gnd' (it has: x)",
    );
    const wrongDims = writeMat(
      [{ name: 'dat', value: { kind: 'cell', dims: [1, 0], cells: [] } }],
      { createdAt },
    );
    expect(parseFailure(wrongDims)).toContain(
      'expected dat to be a 36×39 cell array, found a 1×0 cell array',
    );

    const cells: MatValue[] = new Array(N);
    for (let c = 0; c < 36; c++)
      for (let j = 0; j < 39; j++) cells[c + j * 36] = imageValue(images, c * 39 + j);
    const withCell = (k: number, v: MatValue) =>
      writeMat(
        [
          {
            name: 'dat',
            value: { kind: 'cell', dims: [36, 39], cells: cells.map((x, i) => (i === k ? v : x)) },
          },
        ],
        {
          createdAt,
        },
      );
    expect(
      parseFailure(withCell(37, matrixFromRowMajor(20, 15, new Array(300).fill(0), 'uint8'))),
    ).toContain('expected dat{2,2} to be a real 20×16 numeric matrix, found a 20×15 uint8 array');
    expect(
      parseFailure(withCell(0, matrixFromRowMajor(20, 16, new Array(320).fill(2), 'uint8'))),
    ).toContain('expected dat{1,1} to hold only 0 and 1, found the value 2');
    const badLabels = {
      name: 'classlabels',
      value: { kind: 'cell', dims: [1, 1], cells: [matChar('x')] },
    } as const;
    expect(parseFailure(originalFile(images, [badLabels]))).toContain('classlabels');

    const gnd = Float64Array.from({ length: N }, () => 1);
    gnd[5] = 37;
    expect(parseFailure(feaGndFile(images, gnd))).toContain(
      'expected gnd to hold class labels 1..36, found the value 37 at element 5',
    );
    const feaOnly = writeMat(
      [
        {
          name: 'fea',
          value: { kind: 'numeric', class: 'uint8', dims: [N, 319], data: new Uint8Array(N * 319) },
        },
        {
          name: 'gnd',
          value: { kind: 'numeric', class: 'double', dims: [N, 1], data: gnd.fill(1) },
        },
      ],
      { createdAt },
    );
    expect(parseFailure(feaOnly)).toContain(
      'expected fea to be a real 1404×320 numeric matrix, found a 1404×319 uint8 array',
    );
  });

  it('validates its argument', () => {
    expect(() => parseAlphaDigits('x' as never)).toThrow(TypeError);
  });
});

describe('selectAlphaDigits', () => {
  const data = parsed(feaGndFile(randomImages(2)));

  it('selects characters by label (any case) or index, in the order given', () => {
    const r = selectAlphaDigits(data, ['b', 3, 'Z']);
    if (E.isLeft(r)) throw new Error(r.left.message);
    const s = r.right;
    expect(s.chars).toEqual(['B', '3', 'Z']);
    expect([s.rows, s.cols]).toEqual([3 * 39, 320]);
    expect(s.labels).toEqual(Int32Array.from({ length: 117 }, (_, i) => Math.floor(i / 39)));
    const classes = [11, 3, 35];
    for (let k = 0; k < 3; k++) {
      for (let j = 0; j < 39; j++) {
        const from = (classes[k]! * 39 + j) * 320;
        const to = (k * 39 + j) * 320;
        expect(
          firstDiff(s.images.subarray(to, to + 320), data.images.subarray(from, from + 320)),
        ).toBe(-1);
      }
    }
  });

  it('returns InvalidArgument for unknown, repeated or no characters', () => {
    const fail = (chars: Array<string | number>) => {
      const r = selectAlphaDigits(data, chars);
      if (E.isRight(r)) throw new Error('expected Left');
      expect(r.left._tag).toBe('InvalidArgument');
      return r.left.message;
    };
    const unknown = fail(['A', '?']);
    expect(unknown).toContain('unknown character "?" at chars[1]');
    expect(unknown).toContain(
      '0 1 2 3 4 5 6 7 8 9 A B C D E F G H I J K L M N O P Q R S T U V W X Y Z',
    );
    expect(fail([36])).toContain('unknown character 36');
    expect(fail([1.5])).toContain('unknown character 1.5');
    expect(fail(['AB'])).toContain('unknown character "AB"');
    expect(fail([])).toContain('chars is empty');
    expect(fail(['a', 10])).toContain('selected twice');
  });

  it('does not change its input and validates it', () => {
    const before = data.images.slice();
    selectAlphaDigits(data, ['A']);
    expect(firstDiff(data.images, before)).toBe(-1);
    expect(() => selectAlphaDigits({} as never, ['A'])).toThrow(TypeError);
    expect(() => selectAlphaDigits({ ...data, count: 5 }, ['A'])).toThrow(RangeError);
  });
});

const original = dataFile('binaryalphadigs.mat');
const feaGnd = dataFile('binaryalphadigs-fea-gnd.mat');

describe.skipIf(!original || !feaGnd)('Binary AlphaDigits (real files)', () => {
  const load = (path: string) => parsed(new Uint8Array(readFileSync(path)));

  it('both files give identical images and labels: 1404 binary images, 39 per class', () => {
    const a = load(original!);
    const b = load(feaGnd!);
    expect(a.count).toBe(1404);
    expect(firstDiff(b.images, a.images)).toBe(-1);
    expect(firstDiff(b.labels, a.labels)).toBe(-1);
    expect(a.images.every((x) => x === 0 || x === 1)).toBe(true);
    const perClass = new Array(36).fill(0);
    for (const l of a.labels) perClass[l]++;
    expect(perClass).toEqual(new Array(36).fill(39));
    // Every image has ink, and no image is all ink.
    for (let i = 0; i < a.count; i++) {
      let ink = 0;
      for (let p = 0; p < 320; p++) ink += a.images[i * 320 + p]!;
      expect(ink).toBeGreaterThan(0);
      expect(ink).toBeLessThan(320);
    }
  });

  it('images are upright and not mirrored', () => {
    const d = load(original!);
    /** Ink of all 39 examples of `ch` in rows [r0, r1) and columns [c0, c1). */
    const ink = (ch: string, r0: number, r1: number, c0: number, c1: number) => {
      const cls = d.classNames.indexOf(ch);
      let sum = 0;
      for (let j = 0; j < 39; j++) {
        const base = (cls * 39 + j) * 320;
        for (let r = r0; r < r1; r++)
          for (let c = c0; c < c1; c++) sum += d.images[base + r * 16 + c]!;
      }
      return sum;
    };
    const top = (ch: string) => ink(ch, 0, 5, 0, 16);
    const bottom = (ch: string) => ink(ch, 15, 20, 0, 16);
    const left = (ch: string) => ink(ch, 0, 20, 0, 8);
    const right = (ch: string) => ink(ch, 0, 20, 8, 16);
    // '7': a bar on top, a stroke down the right; 'F': bar on top, stem on the left; 'L': stem
    // on the left, foot at the bottom.
    expect(top('7')).toBeGreaterThan(2 * bottom('7'));
    expect(right('7')).toBeGreaterThan(1.5 * left('7'));
    expect(top('F')).toBeGreaterThan(1.5 * bottom('F'));
    expect(left('F')).toBeGreaterThan(1.2 * right('F'));
    expect(bottom('L')).toBeGreaterThan(2 * top('L'));
    expect(left('L')).toBeGreaterThan(2 * right('L'));
    // 'A': the apex (top rows) is narrower than the legs (bottom rows).
    const width = (ch: string, r0: number, r1: number) => {
      const cls = d.classNames.indexOf(ch);
      let total = 0;
      for (let j = 0; j < 39; j++) {
        for (let r = r0; r < r1; r++) {
          let lo = 16;
          let hi = -1;
          for (let c = 0; c < 16; c++) {
            if (d.images[(cls * 39 + j) * 320 + r * 16 + c]) {
              lo = Math.min(lo, c);
              hi = Math.max(hi, c);
            }
          }
          total += hi >= lo ? hi - lo + 1 : 0;
        }
      }
      return total;
    };
    expect(width('A', 0, 4)).toBeLessThan(0.7 * width('A', 16, 20));
  });
});
