import { fromArray, transpose } from '@dbn/linalg';
import { describe, expect, it } from 'vitest';
import { FILTER_PAD_RGB, filterGrey, filterGrid, type RgbaImage } from '../src/filters.js';

/** The grey (red channel) of pixel (x, y), checking the pixel is grey and opaque. */
function grey(img: RgbaImage, x: number, y: number): number {
  const p = 4 * (y * img.width + x);
  const [r, g, b, a] = img.data.subarray(p, p + 4);
  expect([g, b, a]).toEqual([r, r, 255]);
  return r!;
}

const isPad = (img: RgbaImage, x: number, y: number) => {
  const p = 4 * (y * img.width + x);
  return Array.from(img.data.subarray(p, p + 3)).join() === FILTER_PAD_RGB.join();
};

describe('filterGrey', () => {
  it('maps −m, 0, m to black, mid grey, white and is monotone', () => {
    expect(filterGrey(-2, 2)).toBe(0);
    expect(filterGrey(0, 2)).toBe(128);
    expect(filterGrey(2, 2)).toBe(255);
    expect(filterGrey(1, 2)).toBe(191);
    expect(filterGrey(0, 0)).toBe(128);
    for (let w = -1; w < 1; w += 0.01)
      expect(filterGrey(w + 0.01, 1)).toBeGreaterThanOrEqual(filterGrey(w, 1));
  });
});

describe('filterGrid', () => {
  // W is visible (4 = 2 × 2 pixels) × hidden (3); column k is filter k.
  const columns = [
    [1, -1, 0, 0.5],
    [0, 0, 0, 0],
    [-2, 0, 0.5, 1],
  ];
  const data = new Float32Array(12);
  columns.forEach((col, k) => {
    col.forEach((w, i) => {
      data[i * 3 + k] = w;
    });
  });
  const W = fromArray(4, 3, data);

  it('draws each column as a tile normalised by its own max |w|', () => {
    const img = filterGrid(W, { height: 2, width: 2, count: 3 });
    // ⌈√3⌉ = 2 tiles per row, 2 rows: 1 + 2·(2 + 1) = 7 pixels each way.
    expect([img.width, img.height]).toEqual([7, 7]);
    const tile = (k: number) => {
      const x0 = 1 + (k % 2) * 3;
      const y0 = 1 + Math.floor(k / 2) * 3;
      return [
        grey(img, x0, y0),
        grey(img, x0 + 1, y0),
        grey(img, x0, y0 + 1),
        grey(img, x0 + 1, y0 + 1),
      ];
    };
    expect(tile(0)).toEqual([255, 0, 128, 191]);
    expect(tile(1)).toEqual([128, 128, 128, 128]);
    expect(tile(2)).toEqual([0, 128, 159, 191]);
    // Padding and the empty fourth cell.
    for (let i = 0; i < 7; i++) expect(isPad(img, i, 0) && isPad(img, 0, i)).toBe(true);
    expect(isPad(img, 3, 2) && isPad(img, 4, 4) && isPad(img, 5, 5)).toBe(true);
  });

  it('draws the first count filters, cols per row, from a strided (transposed) matrix too', () => {
    const img = filterGrid(W, { height: 2, width: 2, count: 2, cols: 1 });
    expect([img.width, img.height]).toEqual([4, 7]);
    const Wt = transpose(fromArray(3, 4, new Float32Array(columns.flat())));
    const same = filterGrid(Wt, { height: 2, width: 2, count: 2, cols: 1 });
    expect(Array.from(same.data)).toEqual(Array.from(img.data));
    expect(grey(img, 1, 4)).toBe(128);
    expect(grey(img, 1, 1)).toBe(255);
  });

  it('names the bad argument', () => {
    expect(() => filterGrid(W, { height: 3, width: 2, count: 1 })).toThrow(/height × width/);
    expect(() => filterGrid(W, { height: 2, width: 2, count: 4 })).toThrow(/count must be/);
    expect(() => filterGrid(W, { height: 2, width: 2, count: 0 })).toThrow(RangeError);
    expect(() => filterGrid(W, { height: 2, width: 2, count: 1, cols: 0 })).toThrow(/cols/);
    expect(() => filterGrid(null as never, { height: 2, width: 2, count: 1 })).toThrow(TypeError);
  });
});
