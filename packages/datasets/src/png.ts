// Image grids as 8-bit greyscale PNGs (fast-png): runs in Node and in browsers.
import { decode, encode } from 'fast-png';
import * as E from 'fp-ts/lib/Either.js';
import type { InvalidArgumentError } from './errors.js';

/** An 8-bit greyscale image: `data[y*width + x]` in 0..255, row-major, no padding per row. */
export interface GreyImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** Options of {@link imageGrid}. */
export interface ImageGridOptions {
  /** N×(height·width) row-major images: floats in 0..1 (clamped; NaN → 0) or uint8 in 0..255. */
  readonly images: Float32Array | Float64Array | Uint8Array;
  /** How many images to draw, the first `count` of `images`. */
  readonly count: number;
  /** Height of one image in pixels. */
  readonly height: number;
  /** Width of one image in pixels. */
  readonly width: number;
  /** Images per grid row (default: ⌈√count⌉). */
  readonly cols?: number;
  /** Pixels of padding around and between images (default 1). */
  readonly padding?: number;
  /** Integer upscaling of each image pixel, nearest neighbour (default 1). */
  readonly scale?: number;
  /** Grey level of padding and of empty cells, 0..255 (default {@link PAD_GREY}, mid-grey). */
  readonly padValue?: number;
}

/** Default grey level of padding and empty grid cells. */
export const PAD_GREY = 128;

const tag = (x: unknown): string => Object.prototype.toString.call(x);

function checkInt(fn: string, name: string, v: number, lo: number, hi: number): void {
  if (!Number.isInteger(v) || v < lo || v > hi) {
    throw new RangeError(`${fn}: ${name} must be an integer in ${lo}..${hi}, got ${v}`);
  }
}

/**
 * Lays out the first `count` images in a grid, `cols` per row, row by row, like matplotlib's
 * `imshow(cmap='gray')`: float value 1 (ink) → 255 (white), 0 → 0 (black), v → round(255·v);
 * uint8 values are copied. Image k sits at x = padding + (k mod cols)·(width·scale + padding),
 * y = padding + ⌊k/cols⌋·(height·scale + padding); padding and unused cells are `padValue`.
 */
export function imageGrid(options: ImageGridOptions): GreyImage {
  const fn = 'imageGrid';
  const { images, count, height, width } = options;
  const padding = options.padding ?? 1;
  const scale = options.scale ?? 1;
  const padValue = options.padValue ?? PAD_GREY;
  if (
    !(
      images instanceof Float32Array ||
      images instanceof Float64Array ||
      images instanceof Uint8Array
    )
  ) {
    throw new TypeError(
      `${fn}: images must be a Float32Array, Float64Array or Uint8Array, got ${tag(images)}`,
    );
  }
  checkInt(fn, 'height', height, 1, 1 << 16);
  checkInt(fn, 'width', width, 1, 1 << 16);
  const size = height * width;
  const available = Math.floor(images.length / size);
  checkInt(fn, 'count', count, 1, available);
  const cols = options.cols ?? Math.ceil(Math.sqrt(count));
  checkInt(fn, 'cols', cols, 1, 1 << 16);
  checkInt(fn, 'padding', padding, 0, 1 << 12);
  checkInt(fn, 'scale', scale, 1, 1 << 8);
  checkInt(fn, 'padValue', padValue, 0, 255);
  const gridCols = Math.min(cols, count);
  const gridRows = Math.ceil(count / cols);
  const tileW = width * scale;
  const tileH = height * scale;
  const outW = gridCols * tileW + (gridCols + 1) * padding;
  const outH = gridRows * tileH + (gridRows + 1) * padding;
  if (outW * outH > 1 << 30) {
    throw new RangeError(`${fn}: the grid would be ${outW}×${outH} pixels, more than 2^30`);
  }
  const data = new Uint8Array(outW * outH).fill(padValue);
  const isByte = images instanceof Uint8Array;
  for (let k = 0; k < count; k++) {
    const x0 = padding + (k % cols) * (tileW + padding);
    const y0 = padding + Math.floor(k / cols) * (tileH + padding);
    const base = k * size;
    for (let y = 0; y < tileH; y++) {
      const srcRow = base + Math.floor(y / scale) * width;
      const dstRow = (y0 + y) * outW + x0;
      for (let x = 0; x < tileW; x++) {
        const v = images[srcRow + Math.floor(x / scale)]!;
        data[dstRow + x] = isByte ? v : v >= 1 ? 255 : v > 0 ? Math.round(v * 255) : 0;
      }
    }
  }
  return { width: outW, height: outH, data };
}

function checkGrey(fn: string, image: GreyImage): void {
  if (typeof image !== 'object' || image === null) {
    throw new TypeError(`${fn}: image must be an object, got ${String(image)}`);
  }
  const { width, height, data } = image;
  checkInt(fn, 'image.width', width, 1, 0x7fffffff);
  checkInt(fn, 'image.height', height, 1, 0x7fffffff);
  if (!(data instanceof Uint8Array)) {
    throw new TypeError(`${fn}: image.data must be a Uint8Array, got ${tag(data)}`);
  }
  if (data.length !== width * height) {
    throw new RangeError(
      `${fn}: image.data.length must be width × height (${width * height}), got ${data.length}`,
    );
  }
}

/** Encodes an 8-bit greyscale image as PNG bytes (one channel, bit depth 8). */
export function encodePng(image: GreyImage): Uint8Array {
  checkGrey('encodePng', image);
  return encode({
    width: image.width,
    height: image.height,
    data: image.data,
    depth: 8,
    channels: 1,
  });
}

/**
 * Decodes PNG bytes that hold an 8-bit greyscale image (as written by {@link encodePng});
 * anything else — not a PNG, corrupt, another colour type or depth — is a Left.
 */
export function decodePng(bytes: Uint8Array): E.Either<InvalidArgumentError, GreyImage> {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`decodePng: bytes must be a Uint8Array, got ${tag(bytes)}`);
  }
  const bad = (why: string): E.Either<InvalidArgumentError, GreyImage> =>
    E.left({
      _tag: 'InvalidArgument',
      argument: 'bytes',
      message: `decodePng: bytes are not an 8-bit greyscale PNG: ${why}`,
    });
  let png: ReturnType<typeof decode>;
  try {
    png = decode(bytes, { checkCrc: true });
  } catch (e) {
    return bad(e instanceof Error ? e.message : String(e));
  }
  if (png.channels !== 1 || png.depth !== 8 || png.palette !== undefined) {
    return bad(`${png.channels} channel(s) at bit depth ${png.depth}`);
  }
  const data = png.data;
  if (data instanceof Uint16Array || data.length !== png.width * png.height) {
    return bad(`${data.length} samples for ${png.width}×${png.height}`);
  }
  return E.right({ width: png.width, height: png.height, data: new Uint8Array(data) });
}
