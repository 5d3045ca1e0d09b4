import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dataFile, testOutputDir } from '@dbn/testkit';
import fc from 'fast-check';
import { encode } from 'fast-png';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../src/acquire.js';
import { parseAlphaDigits } from '../src/alphadigits.js';
import { binarize } from '../src/binarize.js';
import { loadMnist } from '../src/mnist.js';
import { decodePng, encodePng, type GreyImage, imageGrid, PAD_GREY } from '../src/png.js';

function right<A>(e: E.Either<unknown, A>): A {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left)}`);
  return e.right;
}

const at = (img: GreyImage, x: number, y: number): number => img.data[y * img.width + x]!;

/** Where pixel (r, c) of image k lands, by the layout documented on imageGrid. */
function place(
  k: number,
  r: number,
  c: number,
  o: { h: number; w: number; cols: number; pad: number; scale: number },
) {
  return {
    x: o.pad + (k % o.cols) * (o.w * o.scale + o.pad) + c * o.scale,
    y: o.pad + Math.floor(k / o.cols) * (o.h * o.scale + o.pad) + r * o.scale,
  };
}

describe('imageGrid', () => {
  it('maps 1 to white, 0 to black, v to round(255 v), clamping, NaN to black', () => {
    const images = Float64Array.of(1, 0, 0.5, 0.2, 2, -1, Number.NaN, 1 / 255);
    const grid = imageGrid({ images, count: 1, height: 1, width: 8, padding: 0 });
    expect(grid.width).toBe(8);
    expect(grid.height).toBe(1);
    expect(Array.from(grid.data)).toEqual([255, 0, 128, 51, 255, 0, 0, 1]);
    const bytes = imageGrid({ images: Uint8Array.of(0, 7, 255), count: 1, height: 1, width: 3 });
    // 5×3: a padding row, then padding, the three pixels, padding, then a padding row.
    expect(bytes.width).toBe(5);
    expect(Array.from(bytes.data)).toEqual([
      ...[128, 128, 128, 128, 128],
      ...[128, 0, 7, 255, 128],
      ...[128, 128, 128, 128, 128],
    ]);
  });

  it('places every pixel of every image where documented; the rest is padding', () => {
    const arb = fc
      .record({
        count: fc.integer({ min: 1, max: 7 }),
        h: fc.integer({ min: 1, max: 4 }),
        w: fc.integer({ min: 1, max: 4 }),
        cols: fc.integer({ min: 1, max: 8 }),
        pad: fc.integer({ min: 0, max: 3 }),
        scale: fc.integer({ min: 1, max: 3 }),
        padValue: fc.integer({ min: 0, max: 255 }),
      })
      .chain((o) =>
        fc
          .uint8Array({ minLength: o.count * o.h * o.w, maxLength: o.count * o.h * o.w + 5 })
          .map((images) => ({ ...o, images })),
      );
    fc.assert(
      fc.property(arb, (o) => {
        const before = o.images.slice();
        const grid = imageGrid({
          images: o.images,
          count: o.count,
          height: o.h,
          width: o.w,
          cols: o.cols,
          padding: o.pad,
          scale: o.scale,
          padValue: o.padValue,
        });
        expect(o.images).toEqual(before);
        const gridCols = Math.min(o.cols, o.count);
        const gridRows = Math.ceil(o.count / o.cols);
        expect(grid.width).toBe(gridCols * o.w * o.scale + (gridCols + 1) * o.pad);
        expect(grid.height).toBe(gridRows * o.h * o.scale + (gridRows + 1) * o.pad);
        const covered = new Uint8Array(grid.width * grid.height);
        for (let k = 0; k < o.count; k++) {
          for (let r = 0; r < o.h; r++) {
            for (let c = 0; c < o.w; c++) {
              const { x, y } = place(k, r, c, o);
              const v = o.images[k * o.h * o.w + r * o.w + c]!;
              for (let dy = 0; dy < o.scale; dy++) {
                for (let dx = 0; dx < o.scale; dx++) {
                  expect(at(grid, x + dx, y + dy)).toBe(v);
                  covered[(y + dy) * grid.width + x + dx] = 1;
                }
              }
            }
          }
        }
        for (let i = 0; i < covered.length; i++) {
          if (covered[i] === 0) expect(grid.data[i]).toBe(o.padValue);
        }
      }),
      { numRuns: 150, seed: 2 },
    );
  });

  it('defaults to ⌈√count⌉ columns, padding 1 and mid-grey', () => {
    const grid = imageGrid({ images: new Float32Array(5 * 4), count: 5, height: 2, width: 2 });
    // 3 columns × 2 rows of 2×2 tiles with 1-pixel padding.
    expect(grid.width).toBe(3 * 2 + 4);
    expect(grid.height).toBe(2 * 2 + 3);
    expect(grid.data[0]).toBe(PAD_GREY);
    expect(PAD_GREY).toBe(128);
    // The unused sixth cell is padding too.
    expect(at(grid, 7, 4)).toBe(PAD_GREY);
    expect(at(grid, 1, 1)).toBe(0);
  });

  it('rejects bad options, naming them', () => {
    const images = new Float32Array(8);
    const ok = { images, count: 2, height: 2, width: 2 };
    expect(() => imageGrid({ ...ok, count: 3 })).toThrow(/count/);
    expect(() => imageGrid({ ...ok, count: 0 })).toThrow(/count/);
    expect(() => imageGrid({ ...ok, height: 0 })).toThrow(/height/);
    expect(() => imageGrid({ ...ok, cols: 0 })).toThrow(/cols/);
    expect(() => imageGrid({ ...ok, padding: -1 })).toThrow(/padding/);
    expect(() => imageGrid({ ...ok, scale: 1.5 })).toThrow(/scale/);
    expect(() => imageGrid({ ...ok, padValue: 256 })).toThrow(/padValue/);
    expect(() => imageGrid({ ...ok, images: [0, 1] as unknown as Float32Array })).toThrow(
      TypeError,
    );
  });
});

describe('encodePng / decodePng', () => {
  it('round-trips a grey image', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), (w, h) => {
        const data = Uint8Array.from({ length: w * h }, (_, i) => (i * 37 + w) & 255);
        const png = encodePng({ width: w, height: h, data });
        expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
        const back = right(decodePng(png));
        expect(back).toEqual({ width: w, height: h, data });
      }),
      { numRuns: 50, seed: 4 },
    );
  });

  it('returns a Left for bytes that are not an 8-bit grey PNG', () => {
    const png = encodePng({ width: 2, height: 2, data: Uint8Array.of(1, 2, 3, 4) });
    for (const bad of [
      new Uint8Array(0),
      Uint8Array.of(1, 2, 3),
      png.subarray(0, png.length - 20),
    ]) {
      const got = decodePng(bad);
      expect(E.isLeft(got) && got.left._tag).toBe('InvalidArgument');
    }
    const corrupt = png.slice();
    corrupt[40] ^= 0xff;
    expect(E.isLeft(decodePng(corrupt))).toBe(true);
    const rgb = encode({
      width: 1,
      height: 1,
      data: Uint8Array.of(1, 2, 3),
      channels: 3,
      depth: 8,
    });
    const got = decodePng(rgb);
    expect(E.isLeft(got) && got.left.message).toContain('3 channel(s)');
  });

  it('rejects inconsistent images', () => {
    expect(() => encodePng({ width: 2, height: 2, data: new Uint8Array(3) })).toThrow(
      /image\.data\.length/,
    );
    expect(() => encodePng({ width: 0, height: 2, data: new Uint8Array(0) })).toThrow(
      /image\.width/,
    );
  });
});

describe('figures', () => {
  it('writes binarised MNIST like Figure 8: first four digits grey on top, > 128 below', async () => {
    const mnist = right(await loadMnist({ split: 'train' }));
    expect(Array.from(mnist.labels.subarray(0, 4))).toEqual([5, 0, 4, 1]);
    const n = 4;
    const d = mnist.cols;
    const first = mnist.images.subarray(0, n * d);
    const images = new Float32Array(2 * n * d);
    for (let i = 0; i < n * d; i++) images[i] = first[i]! / 255;
    binarize(first, 128, images.subarray(n * d));
    const opts = { h: 28, w: 28, cols: 4, pad: 2, scale: 4 };
    const grid = imageGrid({
      images,
      count: 2 * n,
      height: 28,
      width: 28,
      cols: 4,
      padding: 2,
      scale: 4,
    });
    const path = join(testOutputDir('datasets'), 'mnist-binarized.png');
    expect(right(await writeFileAtomic(path, encodePng(grid)))).toBe(path);

    const png = right(decodePng(new Uint8Array(await readFile(path))));
    expect(png.width).toBe(4 * 112 + 5 * 2);
    expect(png.height).toBe(2 * 112 + 3 * 2);
    let checkedInk = 0;
    let checkedFaint = 0;
    for (let k = 0; k < n; k++) {
      for (let p = 0; p < d; p++) {
        const v = first[k * d + p]!;
        const r = Math.floor(p / 28);
        const c = p % 28;
        const top = place(k, r, c, opts);
        const bottom = place(k + n, r, c, opts);
        // Every pixel: grey kept exactly on top, thresholded at > 128 below (all 16 copies).
        expect(at(png, top.x + 3, top.y + 3)).toBe(v);
        expect(at(png, bottom.x, bottom.y)).toBe(v > 128 ? 255 : 0);
        expect(at(png, bottom.x + 3, bottom.y + 3)).toBe(v > 128 ? 255 : 0);
        if (v > 128) checkedInk++;
        else if (v > 0) checkedFaint++;
      }
    }
    expect(checkedInk).toBeGreaterThan(100);
    expect(checkedFaint).toBeGreaterThan(20);
    // Padding: the border, the gutter between the rows, and between two columns.
    expect(at(png, 0, 0)).toBe(PAD_GREY);
    expect(at(png, png.width - 1, png.height - 1)).toBe(PAD_GREY);
    expect(at(png, 50, 2 + 112)).toBe(PAD_GREY);
    expect(at(png, 2 + 112, 50)).toBe(PAD_GREY);
  });

  const alphadigitsPath = dataFile('binaryalphadigs.mat');
  describe.skipIf(alphadigitsPath === undefined)('Binary AlphaDigits (DBN_DATA_DIR)', () => {
    it('writes the 36 characters, the first example of each', async () => {
      const data = right(parseAlphaDigits(new Uint8Array(readFileSync(alphadigitsPath!))));
      const { height: h, width: w } = data;
      const perClass = data.count / data.classNames.length;
      expect(data.classNames.length).toBe(36);
      const images = new Float32Array(36 * h * w);
      for (let c = 0; c < 36; c++) {
        const src = c * perClass;
        expect(data.labels[src]).toBe(c);
        for (let p = 0; p < h * w; p++) images[c * h * w + p] = data.images[src * h * w + p]!;
      }
      const opts = { h, w, cols: 12, pad: 1, scale: 3 };
      const grid = imageGrid({
        images,
        count: 36,
        height: h,
        width: w,
        cols: 12,
        padding: 1,
        scale: 3,
      });
      const path = join(testOutputDir('datasets'), 'alphadigits-36.png');
      expect(right(await writeFileAtomic(path, encodePng(grid)))).toBe(path);

      const png = right(decodePng(new Uint8Array(await readFile(path))));
      expect(png.width).toBe(12 * 48 + 13);
      expect(png.height).toBe(3 * 60 + 4);
      for (let k = 0; k < 36; k++) {
        let ink = 0;
        for (let r = 0; r < h; r++) {
          for (let c = 0; c < w; c++) {
            const v = images[k * h * w + r * w + c]!;
            const { x, y } = place(k, r, c, opts);
            expect(at(png, x + 1, y + 2)).toBe(v === 1 ? 255 : 0);
            ink += v;
          }
        }
        expect(ink).toBeGreaterThan(10);
      }
      expect(at(png, 0, 30)).toBe(PAD_GREY);
      expect(at(png, 1 + 48, 30)).toBe(PAD_GREY);
    });
  });
});
