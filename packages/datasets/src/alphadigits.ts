// Binary AlphaDigits (Sam Roweis): 1,404 binary 20×16 images, 39 of each of '0'–'9' and 'A'–'Z'.
// Two layouts are in circulation and both are read:
//  - the original binaryalphadigs.mat: `dat`, a 36×39 cell of 20×16 uint8 matrices (dat{c,j} is
//    example j of class c), `classlabels` (1×36 cell of char), `numclass`, `classcounts`;
//  - a re-saved one: `fea`, 1404×320 whose row c·39+j is dat{c+1,j+1} flattened column-major,
//    and `gnd`, 1404×1 labels 1..36.
import * as E from 'fp-ts/lib/Either.js';
import type { DatasetError, InvalidArgumentError } from './errors.js';
import { parseError } from './errors.js';
import { readMat } from './mat/read.js';
import type { MatFile, MatValue, MatVariable } from './mat/types.js';

/** The 36 class names in class-index order: '0'…'9', then 'A'…'Z'. */
export const ALPHADIGITS_LABELS: readonly string[] = Object.freeze([
  ...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ',
]);

/** Image height (rows) of Binary AlphaDigits. */
export const ALPHADIGITS_HEIGHT = 20;
/** Image width (columns) of Binary AlphaDigits. */
export const ALPHADIGITS_WIDTH = 16;
/** Examples per class. */
export const ALPHADIGITS_PER_CLASS = 39;

const CLASSES = 36;
const COUNT = CLASSES * ALPHADIGITS_PER_CLASS;
const PIXELS = ALPHADIGITS_HEIGHT * ALPHADIGITS_WIDTH;

/**
 * The data set: `count` images of `height × width` pixels, 0 or 1, each stored row-major and
 * upright (image i is `images[i·320 … (i+1)·320)`, pixel (r, c) at `r·width + c`); `labels[i]` is
 * the class index 0..35 into `classNames`. Images are in class order, 39 per class.
 */
export interface AlphaDigits {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly classNames: readonly string[];
  readonly count: number;
  readonly height: number;
  readonly width: number;
}

/** A selection from {@link selectAlphaDigits}: rows × cols pixels (0/1), labels index `chars`. */
export interface AlphaDigitsSelection {
  readonly images: Float32Array;
  readonly labels: Int32Array;
  readonly rows: number;
  readonly cols: number;
  readonly chars: readonly string[];
}

class Bad {
  constructor(readonly error: DatasetError) {}
}

function shape(v: MatValue): string {
  const kind =
    v.kind === 'numeric' ? (v.imag === undefined ? v.class : `complex ${v.class}`) : v.kind;
  return `a ${v.dims.join('×')} ${kind} array`;
}

function misshapen(variable: MatVariable, expected: string, found: string): Bad {
  return new Bad(parseError('mat', expected, found, variable.offset));
}

function isMatrix(v: MatValue, rows: number, cols: number): boolean {
  return (
    v.kind === 'numeric' &&
    v.imag === undefined &&
    v.dims.length === 2 &&
    v.dims[0] === rows &&
    v.dims[1] === cols
  );
}

function variable(file: MatFile, name: string): MatVariable | undefined {
  return file.variables.find((v) => v.name === name);
}

/** Pixel values must be 0 or 1; returns the index of the first that is not, or -1. */
function firstNonBinary(data: ArrayLike<number | bigint>): number {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v !== 0 && v !== 1 && v !== 0n && v !== 1n) return i;
  }
  return -1;
}

function fromOriginal(file: MatFile, dat: MatVariable): AlphaDigits {
  const v = dat.value;
  if (
    v.kind !== 'cell' ||
    v.dims.length !== 2 ||
    v.dims[0] !== CLASSES ||
    v.dims[1] !== ALPHADIGITS_PER_CLASS
  ) {
    throw misshapen(dat, `dat to be a ${CLASSES}×${ALPHADIGITS_PER_CLASS} cell array`, shape(v));
  }
  const images = new Uint8Array(COUNT * PIXELS);
  const labels = new Uint8Array(COUNT);
  const H = ALPHADIGITS_HEIGHT;
  const W = ALPHADIGITS_WIDTH;
  for (let c = 0; c < CLASSES; c++) {
    for (let j = 0; j < ALPHADIGITS_PER_CLASS; j++) {
      const cell = v.cells[c + j * CLASSES]!;
      const where = `dat{${c + 1},${j + 1}}`;
      if (cell.kind !== 'numeric' || !isMatrix(cell, H, W)) {
        throw misshapen(dat, `${where} to be a real ${H}×${W} numeric matrix`, shape(cell));
      }
      const src = cell.data;
      const bad = firstNonBinary(src);
      if (bad >= 0) {
        throw misshapen(dat, `${where} to hold only 0 and 1`, `the value ${String(src[bad])}`);
      }
      const i = c * ALPHADIGITS_PER_CLASS + j;
      labels[i] = c;
      const base = i * PIXELS;
      // MATLAB stores the image column-major: pixel (r, col) is src[r + col·H].
      for (let col = 0; col < W; col++) {
        for (let r = 0; r < H; r++) images[base + r * W + col] = Number(src[r + col * H]!);
      }
    }
  }
  const classlabels = variable(file, 'classlabels');
  if (classlabels !== undefined) {
    const cl = classlabels.value;
    const ok =
      cl.kind === 'cell' &&
      cl.cells.length === CLASSES &&
      cl.cells.every(
        (x, c) => x.kind === 'char' && x.text.length === 1 && x.text[0] === ALPHADIGITS_LABELS[c],
      );
    if (!ok) {
      const found =
        cl.kind === 'cell'
          ? `${shape(cl)}: ${cl.cells.map((x) => (x.kind === 'char' ? x.text.join('') : `<${x.kind}>`)).join(' ')}`
          : shape(cl);
      throw misshapen(classlabels, `classlabels to be a 1×36 cell of '0'…'9', 'A'…'Z'`, found);
    }
  }
  return {
    images,
    labels,
    classNames: ALPHADIGITS_LABELS.slice(),
    count: COUNT,
    height: H,
    width: W,
  };
}

function fromFeaGnd(fea: MatVariable, gnd: MatVariable): AlphaDigits {
  const f = fea.value;
  if (f.kind !== 'numeric' || !isMatrix(f, COUNT, PIXELS)) {
    throw misshapen(fea, `fea to be a real ${COUNT}×${PIXELS} numeric matrix`, shape(f));
  }
  const g = gnd.value;
  if (g.kind !== 'numeric' || !(isMatrix(g, COUNT, 1) || isMatrix(g, 1, COUNT))) {
    throw misshapen(gnd, `gnd to be a real ${COUNT}×1 numeric vector`, shape(g));
  }
  const src = f.data;
  const bad = firstNonBinary(src);
  if (bad >= 0) {
    throw misshapen(
      fea,
      'fea to hold only 0 and 1',
      `the value ${String(src[bad])} at element ${bad}`,
    );
  }
  const labels = new Uint8Array(COUNT);
  for (let k = 0; k < COUNT; k++) {
    const label = Number(g.data[k]!);
    if (!(Number.isInteger(label) && label >= 1 && label <= CLASSES)) {
      throw misshapen(gnd, 'gnd to hold class labels 1..36', `the value ${label} at element ${k}`);
    }
    labels[k] = label - 1;
  }
  const images = new Uint8Array(COUNT * PIXELS);
  const H = ALPHADIGITS_HEIGHT;
  const W = ALPHADIGITS_WIDTH;
  // fea is column-major: element (k, p) is src[k + p·COUNT]; row k is image k flattened
  // column-major, so pixel (r, col) of image k is p = r + col·H.
  for (let col = 0; col < W; col++) {
    for (let r = 0; r < H; r++) {
      const from = (r + col * H) * COUNT;
      const to = r * W + col;
      for (let k = 0; k < COUNT; k++) images[k * PIXELS + to] = Number(src[from + k]!);
    }
  }
  return {
    images,
    labels,
    classNames: ALPHADIGITS_LABELS.slice(),
    count: COUNT,
    height: H,
    width: W,
  };
}

/**
 * Reads Binary AlphaDigits from the bytes of a MAT-file in either layout (original `dat` cell
 * or re-saved `fea`/`gnd`). A file that is not a MAT-file, lacks the variables or has them in
 * another shape, or holds pixels other than 0/1, gives a `Left` saying what was expected.
 */
export function parseAlphaDigits(bytes: Uint8Array): E.Either<DatasetError, AlphaDigits> {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`bytes must be a Uint8Array, got ${Object.prototype.toString.call(bytes)}`);
  }
  const parsed = readMat(bytes);
  if (E.isLeft(parsed)) return parsed;
  const file = parsed.right;
  try {
    const dat = variable(file, 'dat');
    if (dat !== undefined) return E.right(fromOriginal(file, dat));
    const fea = variable(file, 'fea');
    const gnd = variable(file, 'gnd');
    if (fea !== undefined && gnd !== undefined) return E.right(fromFeaGnd(fea, gnd));
    const names = file.variables.map((v) => v.name).join(', ');
    return E.left({
      _tag: 'NotFound',
      what: 'Binary AlphaDigits variables',
      message: `MAT-file has neither 'dat' nor 'fea' and 'gnd' (it has: ${names === '' ? 'none' : names})`,
    });
  } catch (e) {
    if (e instanceof Bad) return E.left(e.error);
    throw e;
  }
}

function invalidChars(message: string): InvalidArgumentError {
  return { _tag: 'InvalidArgument', argument: 'chars', message };
}

/**
 * The images of the given characters, in the order given (all examples of chars[0] in data
 * order, then chars[1], …) as 0/1 Float32 rows; `labels[i]` is the position in `chars` of
 * image i's character. A character is a label ('0'–'9', 'A'–'Z', any case) or a class index
 * 0..35. Unknown or repeated characters and an empty list give `InvalidArgument`.
 */
export function selectAlphaDigits(
  data: AlphaDigits,
  chars: ReadonlyArray<string | number>,
): E.Either<InvalidArgumentError, AlphaDigitsSelection> {
  if (
    data === null ||
    typeof data !== 'object' ||
    !(data.images instanceof Uint8Array) ||
    !(data.labels instanceof Uint8Array)
  ) {
    throw new TypeError(`data must be an AlphaDigits value, got ${String(data)}`);
  }
  const cols = data.height * data.width;
  const count = data.count;
  if (data.labels.length !== count || data.images.length !== count * cols) {
    throw new RangeError(
      `data must hold count = ${count} labels and count·height·width images, got ${data.labels.length} and ${data.images.length}`,
    );
  }
  if (!Array.isArray(chars)) throw new TypeError(`chars must be an array, got ${String(chars)}`);
  const names = data.classNames;
  const valid = `valid characters: ${names.join(' ')} (any case) or class indices 0..${names.length - 1}`;
  if (chars.length === 0) return E.left(invalidChars(`chars is empty; ${valid}`));
  const classes: number[] = [];
  for (let k = 0; k < chars.length; k++) {
    const ch = chars[k];
    let cls = -1;
    if (typeof ch === 'number') {
      if (Number.isInteger(ch) && ch >= 0 && ch < names.length) cls = ch;
    } else if (typeof ch === 'string') {
      cls = names.indexOf(ch.toUpperCase());
    }
    if (cls < 0) {
      return E.left(
        invalidChars(`unknown character ${JSON.stringify(ch)} at chars[${k}]; ${valid}`),
      );
    }
    if (classes.includes(cls)) {
      return E.left(
        invalidChars(`character ${JSON.stringify(ch)} at chars[${k}] is selected twice`),
      );
    }
    classes.push(cls);
  }
  const labelsIn = data.labels;
  const position = new Int32Array(names.length).fill(-1);
  for (let k = 0; k < classes.length; k++) position[classes[k]!] = k;
  const perChar = new Int32Array(classes.length);
  for (let i = 0; i < count; i++) {
    const p = position[labelsIn[i]!]!;
    if (p >= 0) perChar[p]!++;
  }
  // Start row of each selected character's block.
  const start = new Int32Array(classes.length);
  let rows = 0;
  for (let k = 0; k < classes.length; k++) {
    start[k] = rows;
    rows += perChar[k]!;
  }
  const images = new Float32Array(rows * cols);
  const labels = new Int32Array(rows);
  const src = data.images;
  for (let i = 0; i < count; i++) {
    const p = position[labelsIn[i]!]!;
    if (p < 0) continue;
    const row = start[p]!++;
    labels[row] = p;
    const from = i * cols;
    const to = row * cols;
    for (let j = 0; j < cols; j++) images[to + j] = src[from + j]!;
  }
  return E.right({ images, labels, rows, cols, chars: classes.map((c) => names[c]!) });
}
