// MAT-file level 5 writer: little-endian, numeric (every class, complex too), logical, char,
// cell and struct arrays, each variable optionally in its own miCOMPRESSED (zlib) element.
// MATLAB (`load`), Octave and scipy.io.loadmat read the result. Runs in Node and in browsers.
import { zlibSync } from 'fflate';
import {
  CLASS_CODES,
  FLAG_COMPLEX,
  FLAG_GLOBAL,
  FLAG_LOGICAL,
  HOST_LITTLE_ENDIAN,
  MI,
  MX,
} from './format.js';
import { MAX_NESTING_DEPTH } from './read.js';
import {
  type MatChar,
  type MatNumeric,
  type MatStruct,
  type MatValue,
  NUMERIC_CLASSES,
  type NumericClass,
} from './types.js';

/** A variable to write: a MATLAB name (letter, then letters, digits, `_`; ≤ 63) and a value. */
export interface MatVariableInput {
  readonly name: string;
  readonly value: MatValue;
  /** MATLAB's global flag (default false). */
  readonly global?: boolean;
}

/** Options of {@link writeMat}. */
export interface WriteMatOptions {
  /** Store each variable in a zlib-compressed element, as MATLAB's -v7 does (default false). */
  readonly compress?: boolean;
  /** The date in the header text (default now); fix it for byte-identical output. */
  readonly createdAt?: Date;
}

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
const MAX_ELEMENT_BYTES = 0xffffffff;

const CONSTRUCTORS: Readonly<Record<NumericClass, abstract new (...args: never[]) => unknown>> = {
  double: Float64Array,
  single: Float32Array,
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
  logical: Uint8Array,
};

/** A growing little-endian byte buffer. */
class Sink {
  bytes = new Uint8Array(1024);
  view = new DataView(this.bytes.buffer);
  length = 0;

  reserve(n: number): void {
    const need = this.length + n;
    if (need <= this.bytes.length) return;
    let cap = this.bytes.length * 2;
    while (cap < need) cap *= 2;
    const bigger = new Uint8Array(cap);
    bigger.set(this.bytes.subarray(0, this.length));
    this.bytes = bigger;
    this.view = new DataView(bigger.buffer);
  }

  u32(v: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, v, true);
    this.length += 4;
  }

  raw(b: Uint8Array): void {
    this.reserve(b.length);
    this.bytes.set(b, this.length);
    this.length += b.length;
  }

  pad8(): void {
    const pad = (8 - (this.length % 8)) % 8;
    this.reserve(pad);
    this.bytes.fill(0, this.length, this.length + pad);
    this.length += pad;
  }

  /** A data element; 1 to 4 bytes go in the small format, as MATLAB writes them. */
  element(type: number, data: Uint8Array): void {
    const n = data.length;
    if (n > 0 && n <= 4) {
      this.u32((n << 16) | type);
      this.reserve(4);
      this.bytes.fill(0, this.length, this.length + 4);
      this.bytes.set(data, this.length);
      this.length += 4;
      return;
    }
    if (n > MAX_ELEMENT_BYTES - 8) {
      throw new RangeError(`a data element of ${n} bytes does not fit a MAT-file (4 GiB at most)`);
    }
    this.u32(type);
    this.u32(n);
    this.raw(data);
    this.pad8();
  }

  result(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

/** The bytes of a typed array in little-endian order (a view when the host is little-endian). */
function littleEndianBytes(a: ArrayBufferView & { BYTES_PER_ELEMENT: number }): Uint8Array {
  const view = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const size = a.BYTES_PER_ELEMENT;
  if (HOST_LITTLE_ENDIAN || size === 1) return view;
  const copy = view.slice();
  for (let i = 0; i < copy.length; i += size) copy.subarray(i, i + size).reverse();
  return copy;
}

function ascii(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function int32s(values: readonly number[]): Uint8Array {
  return littleEndianBytes(Int32Array.from(values));
}

// ---------------------------------------------------------------------------------------------
// Validation (programmer errors throw)

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || typeof v !== 'object') return String(v);
  return Object.prototype.toString.call(v);
}

function checkName(name: unknown, what: string): void {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new RangeError(
      `${what} must be a MATLAB name (a letter, then letters, digits or _; at most 63), got ${describe(name)}`,
    );
  }
}

function checkDims(dims: unknown, path: string): number {
  if (!Array.isArray(dims) || dims.length < 2) {
    throw new RangeError(
      `${path}.dims must be an array of at least 2 sizes, got ${describe(dims)}`,
    );
  }
  let numel = 1;
  for (let i = 0; i < dims.length; i++) {
    const d: unknown = dims[i];
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0 || d > 0x7fffffff) {
      throw new RangeError(
        `${path}.dims[${i}] must be an integer in 0..2^31-1, got ${describe(d)}`,
      );
    }
    numel *= d;
  }
  return numel;
}

function checkNumeric(v: MatNumeric, path: string): void {
  const numel = checkDims(v.dims, path);
  const cls: unknown = v.class;
  if (typeof cls !== 'string' || !NUMERIC_CLASSES.includes(cls as NumericClass)) {
    throw new RangeError(
      `${path}.class must be one of ${NUMERIC_CLASSES.join(', ')}, got ${describe(cls)}`,
    );
  }
  const Ctor = CONSTRUCTORS[v.class];
  for (const part of ['data', 'imag'] as const) {
    const a: unknown = v[part];
    if (part === 'imag' && a === undefined) continue;
    if (!(a instanceof Ctor)) {
      throw new TypeError(
        `${path}.${part} of a ${v.class} array must be a ${Ctor.name}, got ${describe(a)}`,
      );
    }
    const length = (a as ArrayLike<unknown>).length;
    if (length !== numel) {
      throw new RangeError(
        `${path}.${part} must hold the product of dims (${v.dims.join('×')} = ${numel}), got ${length} values`,
      );
    }
  }
  if (v.class === 'logical') {
    if (v.imag !== undefined) throw new RangeError(`${path} is logical and cannot have imag`);
    const d = v.data;
    for (let i = 0; i < d.length; i++) {
      if (d[i]! > 1)
        throw new RangeError(`${path}.data[${i}] of a logical array must be 0 or 1, got ${d[i]}`);
    }
  }
}

function checkChar(v: MatChar, path: string): void {
  const numel = checkDims(v.dims, path);
  const rows = v.dims[0]!;
  const text: unknown = v.text;
  if (!Array.isArray(text) || text.length !== rows) {
    throw new RangeError(
      `${path}.text must be an array of dims[0] = ${rows} strings, got ${describe(text)}`,
    );
  }
  const cols = rows === 0 ? 0 : numel / rows;
  for (let r = 0; r < rows; r++) {
    const row: unknown = text[r];
    if (typeof row !== 'string' || row.length !== cols) {
      throw new RangeError(
        `${path}.text[${r}] must be a string of ${cols} characters (the product of dims after the first), got ${describe(row)}`,
      );
    }
  }
}

function checkValue(v: MatValue, path: string, depth: number): void {
  if (depth > MAX_NESTING_DEPTH) {
    throw new RangeError(`${path} is nested more than ${MAX_NESTING_DEPTH} deep`);
  }
  if (v === null || typeof v !== 'object') {
    throw new TypeError(`${path} must be a MatValue, got ${describe(v)}`);
  }
  switch (v.kind) {
    case 'numeric':
      checkNumeric(v, path);
      return;
    case 'char':
      checkChar(v, path);
      return;
    case 'cell': {
      const numel = checkDims(v.dims, path);
      if (!Array.isArray(v.cells) || v.cells.length !== numel) {
        throw new RangeError(
          `${path}.cells must be an array of ${numel} values, got ${describe(v.cells)}`,
        );
      }
      for (let i = 0; i < numel; i++) checkValue(v.cells[i]!, `${path}.cells[${i}]`, depth + 1);
      return;
    }
    case 'struct': {
      const numel = checkDims(v.dims, path);
      if (!Array.isArray(v.fieldNames)) {
        throw new TypeError(`${path}.fieldNames must be an array, got ${describe(v.fieldNames)}`);
      }
      const names = new Set<string>();
      for (const f of v.fieldNames) {
        checkName(f, `${path}.fieldNames entry`);
        if (names.has(f)) throw new RangeError(`${path}.fieldNames has ${describe(f)} twice`);
        names.add(f);
      }
      if (!Array.isArray(v.elements) || v.elements.length !== numel) {
        throw new RangeError(
          `${path}.elements must be an array of ${numel} records, got ${describe(v.elements)}`,
        );
      }
      for (let i = 0; i < numel; i++) {
        const rec = v.elements[i]!;
        if (rec === null || typeof rec !== 'object') {
          throw new TypeError(`${path}.elements[${i}] must be a record, got ${describe(rec)}`);
        }
        const keys = Object.keys(rec);
        if (keys.length !== names.size || !keys.every((k) => names.has(k))) {
          throw new RangeError(
            `${path}.elements[${i}] must have exactly the fields ${[...names].join(', ')}, got ${keys.join(', ')}`,
          );
        }
        for (const f of v.fieldNames) checkValue(rec[f]!, `${path}.elements[${i}].${f}`, depth + 1);
      }
      return;
    }
    default:
      throw new TypeError(
        `${path}.kind must be numeric, char, cell or struct, got ${describe((v as { kind: unknown }).kind)}`,
      );
  }
}

// ---------------------------------------------------------------------------------------------
// Encoding

function writeMatrix(sink: Sink, v: MatValue, name: string, global: boolean): void {
  const start = sink.length;
  sink.u32(MI.MATRIX);
  sink.u32(0); // size, patched below
  let mx: number;
  let flags = global ? FLAG_GLOBAL : 0;
  switch (v.kind) {
    case 'numeric':
      mx = CLASS_CODES[v.class].mx;
      if (v.class === 'logical') flags |= FLAG_LOGICAL;
      if (v.imag !== undefined) flags |= FLAG_COMPLEX;
      break;
    case 'char':
      mx = MX.CHAR;
      break;
    case 'cell':
      mx = MX.CELL;
      break;
    case 'struct':
      mx = MX.STRUCT;
      break;
  }
  sink.u32(MI.UINT32);
  sink.u32(8);
  sink.u32(mx | (flags << 8));
  sink.u32(0);
  sink.element(MI.INT32, int32s(v.dims));
  sink.element(MI.INT8, ascii(name));
  switch (v.kind) {
    case 'numeric': {
      const mi = CLASS_CODES[v.class].mi;
      sink.element(mi, littleEndianBytes(v.data));
      if (v.imag !== undefined) sink.element(mi, littleEndianBytes(v.imag));
      break;
    }
    case 'char':
      writeChars(sink, charUnits(v));
      break;
    case 'cell':
      for (let i = 0; i < v.cells.length; i++) writeMatrix(sink, v.cells[i]!, '', false);
      break;
    case 'struct':
      writeStruct(sink, v);
      break;
  }
  const size = sink.length - start - 8;
  if (size > MAX_ELEMENT_BYTES) {
    throw new RangeError(
      `variable ${JSON.stringify(name)} needs ${size} bytes; a MAT-file element holds at most 4 GiB`,
    );
  }
  sink.view.setUint32(start + 4, size, true);
}

/** The UTF-16 code units of a char array in column-major order. */
function charUnits(v: MatChar): Uint16Array {
  const rows = v.text.length;
  const cols = rows === 0 ? 0 : v.text[0]!.length;
  const out = new Uint16Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const row = v.text[r]!;
    for (let c = 0; c < cols; c++) out[r + c * rows] = row.charCodeAt(c);
  }
  return out;
}

const utf8 = new TextEncoder();

/**
 * Characters as miUTF8, as MATLAB and scipy write them (scipy decodes miUINT16 as one byte a
 * character); as miUINT16 when the code units hold a lone surrogate, which UTF-8 cannot encode.
 */
function writeChars(sink: Sink, units: Uint16Array): void {
  const n = units.length;
  for (let i = 0; i < n; i++) {
    const u = units[i]!;
    if (u >= 0xd800 && u <= 0xdfff) {
      const pair = u <= 0xdbff && i + 1 < n && units[i + 1]! >= 0xdc00 && units[i + 1]! <= 0xdfff;
      if (!pair) {
        sink.element(MI.UINT16, littleEndianBytes(units));
        return;
      }
      i++;
    }
  }
  let text = '';
  for (let i = 0; i < n; i += 8192) {
    text += String.fromCharCode.apply(null, Array.from(units.subarray(i, Math.min(n, i + 8192))));
  }
  sink.element(MI.UTF8, utf8.encode(text));
}

function writeStruct(sink: Sink, v: MatStruct): void {
  const names = v.fieldNames;
  let longest = 0;
  for (const f of names) longest = Math.max(longest, f.length);
  const len = longest < 32 ? 32 : 64;
  sink.element(MI.INT32, int32s([len]));
  const bytes = new Uint8Array(names.length * len);
  for (let f = 0; f < names.length; f++) bytes.set(ascii(names[f]!), f * len);
  sink.element(MI.INT8, bytes);
  for (let i = 0; i < v.elements.length; i++) {
    const rec = v.elements[i]!;
    for (let f = 0; f < names.length; f++) writeMatrix(sink, rec[names[f]!]!, '', false);
  }
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** C's asctime format in UTC, as MATLAB writes it: "Wed May 30 13:33:43 2001". */
function asctime(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()}`
  );
}

/**
 * Encodes variables as a little-endian MAT-file level 5 (MATLAB 5 to 7.x; `load` in MATLAB,
 * Octave and scipy.io.loadmat read it), each variable compressed when `options.compress` is set.
 * Output is deterministic for a fixed `options.createdAt`. Invalid names, values whose data do not
 * match their dims/class, duplicate names or nesting deeper than 64 throw RangeError/TypeError.
 */
export function writeMat(
  variables: readonly MatVariableInput[],
  options: WriteMatOptions = {},
): Uint8Array {
  if (!Array.isArray(variables)) {
    throw new TypeError(`variables must be an array, got ${describe(variables)}`);
  }
  const createdAt = options.createdAt ?? new Date();
  if (!(createdAt instanceof Date) || Number.isNaN(createdAt.getTime())) {
    throw new RangeError(`options.createdAt must be a valid Date, got ${describe(createdAt)}`);
  }
  const seen = new Set<string>();
  for (let i = 0; i < variables.length; i++) {
    const v = variables[i]!;
    if (v === null || typeof v !== 'object') {
      throw new TypeError(`variables[${i}] must be {name, value}, got ${describe(v)}`);
    }
    checkName(v.name, `variables[${i}].name`);
    if (seen.has(v.name))
      throw new RangeError(`variables[${i}].name ${describe(v.name)} is used twice`);
    seen.add(v.name);
    checkValue(v.value, `variables[${i}].value`, 1);
  }

  const sink = new Sink();
  const text = `MATLAB 5.0 MAT-file, Platform: dbn, Created on: ${asctime(createdAt)}`;
  const header = new Uint8Array(128);
  header.fill(0x20, 0, 116);
  header.set(ascii(text), 0);
  header[124] = 0x00; // version 0x0100, little-endian
  header[125] = 0x01;
  header[126] = 0x49; // 'I'
  header[127] = 0x4d; // 'M'
  sink.raw(header);
  for (const v of variables) {
    if (options.compress === true) {
      const inner = new Sink();
      writeMatrix(inner, v.value, v.name, v.global === true);
      const z = zlibSync(inner.result(), { level: 6 });
      if (z.length > MAX_ELEMENT_BYTES) {
        throw new RangeError(`variable ${JSON.stringify(v.name)} compresses to more than 4 GiB`);
      }
      // MATLAB does not pad compressed elements.
      sink.u32(MI.COMPRESSED);
      sink.u32(z.length);
      sink.raw(z);
    } else {
      writeMatrix(sink, v.value, v.name, v.global === true);
    }
  }
  return sink.result();
}
