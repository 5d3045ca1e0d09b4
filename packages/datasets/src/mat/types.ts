// The values of a MATLAB MAT-file (level 5): what `readMat` returns and `writeMat` accepts.
// Arrays are column-major, as MATLAB stores them; `dims` has at least two entries.

/** The numeric classes: MATLAB's numeric types plus `logical` (stored as uint8 with a flag). */
export type NumericClass =
  | 'double'
  | 'single'
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'logical';

/** Every numeric class, in MATLAB's class-code order (logical last). */
export const NUMERIC_CLASSES: readonly NumericClass[] = [
  'double',
  'single',
  'int8',
  'uint8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'uint64',
  'logical',
];

/** The typed array that holds the values of each numeric class. */
export interface NumericArrays {
  double: Float64Array;
  single: Float32Array;
  int8: Int8Array;
  uint8: Uint8Array;
  int16: Int16Array;
  uint16: Uint16Array;
  int32: Int32Array;
  uint32: Uint32Array;
  int64: BigInt64Array;
  uint64: BigUint64Array;
  logical: Uint8Array;
}

/**
 * A numeric (or logical) array: `data` holds the product of `dims` values in column-major order
 * (element (i, j) of a 2-D array is `data[i + j·dims[0]]`). `imag` is present exactly when the
 * array is complex and then has the same type and length as `data`; logical arrays are never
 * complex. Logical values are 0 or 1.
 */
export type MatNumeric = {
  [C in NumericClass]: {
    readonly kind: 'numeric';
    readonly class: C;
    readonly dims: readonly number[];
    readonly data: NumericArrays[C];
    readonly imag?: NumericArrays[C];
  };
}[NumericClass];

/**
 * A char array of `dims[0]` rows; `text[r]` is row r, whose length (in UTF-16 code units, as
 * MATLAB counts characters) is the product of the other dims. A 1×n char array is one string.
 */
export interface MatChar {
  readonly kind: 'char';
  readonly dims: readonly number[];
  readonly text: readonly string[];
}

/** A cell array: `cells` holds the product of `dims` values in column-major order. */
export interface MatCell {
  readonly kind: 'cell';
  readonly dims: readonly number[];
  readonly cells: readonly MatValue[];
}

/**
 * A struct array: `elements` holds the product of `dims` records in column-major order, each
 * with exactly the fields `fieldNames` (records have a null prototype).
 */
export interface MatStruct {
  readonly kind: 'struct';
  readonly dims: readonly number[];
  readonly fieldNames: readonly string[];
  readonly elements: readonly Readonly<Record<string, MatValue>>[];
}

/** Any value a MAT-file variable can hold here, discriminated by `kind`. */
export type MatValue = MatNumeric | MatChar | MatCell | MatStruct;

/** The 128-byte header: descriptive text (trailing blanks removed), version and byte order. */
export interface MatHeader {
  readonly text: string;
  readonly version: number;
  readonly endian: 'little' | 'big';
}

/**
 * A top-level variable: its name, value, MATLAB's global flag, whether it was stored in a
 * compressed element, and the byte offset of its element in the file.
 */
export interface MatVariable {
  readonly name: string;
  readonly value: MatValue;
  readonly global: boolean;
  readonly compressed: boolean;
  readonly offset: number;
}

/** A parsed MAT-file: the header and the variables in file order. */
export interface MatFile {
  readonly header: MatHeader;
  readonly variables: readonly MatVariable[];
}
