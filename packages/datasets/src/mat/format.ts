// Codes of the MAT-file level 5 format shared by the reader and the writer (not exported from
// the package). Reference: MathWorks, "MAT-File Format", version 7 (2019), chapter 1.

import type { NumericArrays, NumericClass } from './types.js';

/** Data types of data-element tags. */
export const MI = {
  INT8: 1,
  UINT8: 2,
  INT16: 3,
  UINT16: 4,
  INT32: 5,
  UINT32: 6,
  SINGLE: 7,
  DOUBLE: 9,
  INT64: 12,
  UINT64: 13,
  MATRIX: 14,
  COMPRESSED: 15,
  UTF8: 16,
  UTF16: 17,
  UTF32: 18,
} as const;

/** Array classes of the array-flags sub-element. */
export const MX = {
  CELL: 1,
  STRUCT: 2,
  OBJECT: 3,
  CHAR: 4,
  SPARSE: 5,
  DOUBLE: 6,
  SINGLE: 7,
  INT8: 8,
  UINT8: 9,
  INT16: 10,
  UINT16: 11,
  INT32: 12,
  UINT32: 13,
  INT64: 14,
  UINT64: 15,
  FUNCTION: 16,
  OPAQUE: 17,
} as const;

/** Bits of the flags byte of the array-flags sub-element. */
export const FLAG_COMPLEX = 0x08;
export const FLAG_GLOBAL = 0x04;
export const FLAG_LOGICAL = 0x02;

/** Bytes per value of the numeric data types (0 for types that are not plain numbers). */
export function miSize(type: number): number {
  switch (type) {
    case MI.INT8:
    case MI.UINT8:
      return 1;
    case MI.INT16:
    case MI.UINT16:
      return 2;
    case MI.INT32:
    case MI.UINT32:
    case MI.SINGLE:
      return 4;
    case MI.DOUBLE:
    case MI.INT64:
    case MI.UINT64:
      return 8;
    default:
      return 0;
  }
}

/** The name of a data type, for messages. */
export function miName(type: number): string {
  switch (type) {
    case MI.INT8:
      return 'miINT8';
    case MI.UINT8:
      return 'miUINT8';
    case MI.INT16:
      return 'miINT16';
    case MI.UINT16:
      return 'miUINT16';
    case MI.INT32:
      return 'miINT32';
    case MI.UINT32:
      return 'miUINT32';
    case MI.SINGLE:
      return 'miSINGLE';
    case MI.DOUBLE:
      return 'miDOUBLE';
    case MI.INT64:
      return 'miINT64';
    case MI.UINT64:
      return 'miUINT64';
    case MI.MATRIX:
      return 'miMATRIX';
    case MI.COMPRESSED:
      return 'miCOMPRESSED';
    case MI.UTF8:
      return 'miUTF8';
    case MI.UTF16:
      return 'miUTF16';
    case MI.UTF32:
      return 'miUTF32';
    default:
      return `data type ${type}`;
  }
}

/** The numeric class of an array-class code (without the logical flag), or undefined. */
export function numericClassOf(mx: number): NumericClass | undefined {
  switch (mx) {
    case MX.DOUBLE:
      return 'double';
    case MX.SINGLE:
      return 'single';
    case MX.INT8:
      return 'int8';
    case MX.UINT8:
      return 'uint8';
    case MX.INT16:
      return 'int16';
    case MX.UINT16:
      return 'uint16';
    case MX.INT32:
      return 'int32';
    case MX.UINT32:
      return 'uint32';
    case MX.INT64:
      return 'int64';
    case MX.UINT64:
      return 'uint64';
    default:
      return undefined;
  }
}

/** Array-class code and data type the writer uses for each numeric class. */
export const CLASS_CODES: Readonly<Record<NumericClass, { mx: number; mi: number }>> = {
  double: { mx: MX.DOUBLE, mi: MI.DOUBLE },
  single: { mx: MX.SINGLE, mi: MI.SINGLE },
  int8: { mx: MX.INT8, mi: MI.INT8 },
  uint8: { mx: MX.UINT8, mi: MI.UINT8 },
  int16: { mx: MX.INT16, mi: MI.INT16 },
  uint16: { mx: MX.UINT16, mi: MI.UINT16 },
  int32: { mx: MX.INT32, mi: MI.INT32 },
  uint32: { mx: MX.UINT32, mi: MI.UINT32 },
  int64: { mx: MX.INT64, mi: MI.INT64 },
  uint64: { mx: MX.UINT64, mi: MI.UINT64 },
  logical: { mx: MX.UINT8, mi: MI.UINT8 },
};

/** True on little-endian hosts (all current browsers and Node platforms). */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A zero-filled typed array of `n` elements of the storage type of MATLAB class `cls`. */
export function newNumericArray<C extends NumericClass>(cls: C, n: number): NumericArrays[C];
export function newNumericArray(cls: NumericClass, n: number): NumericArrays[NumericClass] {
  switch (cls) {
    case 'double':
      return new Float64Array(n);
    case 'single':
      return new Float32Array(n);
    case 'int8':
      return new Int8Array(n);
    case 'uint8':
    case 'logical':
      return new Uint8Array(n);
    case 'int16':
      return new Int16Array(n);
    case 'uint16':
      return new Uint16Array(n);
    case 'int32':
      return new Int32Array(n);
    case 'uint32':
      return new Uint32Array(n);
    case 'int64':
      return new BigInt64Array(n);
    case 'uint64':
      return new BigUint64Array(n);
  }
}
