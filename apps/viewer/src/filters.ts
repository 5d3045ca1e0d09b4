// First-layer filters as images: hidden unit j's weight column W[:, j] drawn as a height × width
// tile. Pure (no DOM): the e2e test recomputes the canvas pixels in Node with this module.
import type { FloatArray, Matrix } from '@dbn/linalg';

/** An RGBA image, `data[4·(y·width + x) + c]`, as `ImageData` holds it. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

/** Options of {@link filterGrid}. */
export interface FilterGridOptions {
  /** Height × width of one tile; height · width must equal W.rows (the visible units). */
  readonly height: number;
  readonly width: number;
  /** How many filters to draw, the first `count` columns of W (1 ≤ count ≤ W.cols). */
  readonly count: number;
  /** Tiles per grid row (default ⌈√count⌉). */
  readonly cols?: number;
}

/** Colour of the 1-pixel padding around and between tiles (not a grey, so tiles stand apart). */
export const FILTER_PAD_RGB: readonly [number, number, number] = [40, 70, 140];

/**
 * Grey level of weight w in a filter whose largest |weight| is m: round(127.5·(1 + w/m)), so
 * w = 0 → 128 (mid grey), w = m → 255 (white), w = −m → 0 (black); an all-zero filter is 128.
 */
export function filterGrey(w: number, m: number): number {
  return m > 0 ? Math.round(127.5 * (1 + w / m)) : 128;
}

const isInt = (v: number, lo: number) => Number.isInteger(v) && v >= lo;

/**
 * The first `count` filters of W (visible × hidden) as one RGBA grid: tile k shows column k,
 * pixel (y, x) = filterGrey(W[y·width + x, k], max_i |W[i, k]|) — each filter normalised on its
 * own, symmetric around 0 — at x = 1 + (k mod cols)·(width + 1), y = 1 + ⌊k/cols⌋·(height + 1);
 * padding and empty cells are {@link FILTER_PAD_RGB}; alpha is 255.
 */
export function filterGrid(W: Matrix<FloatArray>, options: FilterGridOptions): RgbaImage {
  if (typeof W !== 'object' || W === null || !isInt(W.rows, 1) || !isInt(W.cols, 1))
    throw new TypeError(`filterGrid: W must be a non-empty Matrix, got ${String(W)}`);
  const { height, width, count } = options;
  if (!isInt(height, 1)) throw new RangeError(`filterGrid: height must be ≥ 1, got ${height}`);
  if (!isInt(width, 1)) throw new RangeError(`filterGrid: width must be ≥ 1, got ${width}`);
  if (height * width !== W.rows)
    throw new RangeError(
      `filterGrid: height × width must equal W.rows = ${W.rows}, got ${height} × ${width}`,
    );
  if (!isInt(count, 1) || count > W.cols)
    throw new RangeError(`filterGrid: count must be an integer in 1..${W.cols}, got ${count}`);
  const cols = options.cols ?? Math.ceil(Math.sqrt(count));
  if (!isInt(cols, 1)) throw new RangeError(`filterGrid: cols must be ≥ 1, got ${cols}`);
  const rows = Math.ceil(count / cols);
  const gw = 1 + cols * (width + 1);
  const gh = 1 + rows * (height + 1);
  const data = new Uint8ClampedArray(4 * gw * gh);
  const [pr, pg, pb] = FILTER_PAD_RGB;
  for (let p = 0; p < gw * gh; p++) {
    data[4 * p] = pr;
    data[4 * p + 1] = pg;
    data[4 * p + 2] = pb;
    data[4 * p + 3] = 255;
  }
  const { data: w, offset, rowStride, colStride } = W;
  for (let k = 0; k < count; k++) {
    let m = 0;
    for (let i = 0; i < W.rows; i++) {
      const a = Math.abs(w[offset + i * rowStride + k * colStride]!);
      if (a > m) m = a;
    }
    const x0 = 1 + (k % cols) * (width + 1);
    const y0 = 1 + Math.floor(k / cols) * (height + 1);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const g = filterGrey(w[offset + (y * width + x) * rowStride + k * colStride]!, m);
        const p = 4 * ((y0 + y) * gw + x0 + x);
        data[p] = g;
        data[p + 1] = g;
        data[p + 2] = g;
      }
  }
  return { width: gw, height: gh, data };
}
