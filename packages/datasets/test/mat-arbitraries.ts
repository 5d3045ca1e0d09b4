// Test helper: fast-check arbitraries of MAT-file values (every numeric class, char, nested cells
// and structs, with random dims including empty ones).
import fc from 'fast-check';
import type { MatValue, NumericClass } from '../src/mat/types.js';
import { NUMERIC_CLASSES } from '../src/mat/types.js';

const product = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

/** A valid MATLAB variable or field name. */
export const matName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,62}$/);

/** Dims with 2 to `maxDims` entries, each 0..maxSide (0 rarely), at most `maxNumel` elements. */
export function matDims(maxSide = 4, maxNumel = 24, maxDims = 4): fc.Arbitrary<number[]> {
  const side = fc.oneof(
    { arbitrary: fc.integer({ min: 1, max: maxSide }), weight: 9 },
    { arbitrary: fc.constant(0), weight: 1 },
  );
  return fc.array(side, { minLength: 2, maxLength: maxDims }).filter((d) => product(d) <= maxNumel);
}

function values(cls: NumericClass, n: number): fc.Arbitrary<ArrayLike<number | bigint>> {
  const ints = (min: number, max: number) =>
    fc.array(fc.integer({ min, max }), { minLength: n, maxLength: n });
  switch (cls) {
    case 'double':
      return fc.array(fc.double(), { minLength: n, maxLength: n }).map((a) => Float64Array.from(a));
    case 'single':
      return fc.array(fc.float(), { minLength: n, maxLength: n }).map((a) => Float32Array.from(a));
    case 'int8':
      return ints(-128, 127).map((a) => Int8Array.from(a));
    case 'uint8':
      return ints(0, 255).map((a) => Uint8Array.from(a));
    case 'logical':
      return ints(0, 1).map((a) => Uint8Array.from(a));
    case 'int16':
      return ints(-32768, 32767).map((a) => Int16Array.from(a));
    case 'uint16':
      return ints(0, 65535).map((a) => Uint16Array.from(a));
    case 'int32':
      return ints(-2147483648, 2147483647).map((a) => Int32Array.from(a));
    case 'uint32':
      return ints(0, 4294967295).map((a) => Uint32Array.from(a));
    case 'int64':
      return fc
        .array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), {
          minLength: n,
          maxLength: n,
        })
        .map((a) => BigInt64Array.from(a));
    case 'uint64':
      return fc
        .array(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), { minLength: n, maxLength: n })
        .map((a) => BigUint64Array.from(a));
  }
}

/** A numeric or logical array of any class, real or complex. */
export const matNumeric: fc.Arbitrary<MatValue> = fc
  .tuple(fc.constantFrom(...NUMERIC_CLASSES), matDims(), fc.boolean())
  .chain(([cls, dims, complex]) => {
    const n = product(dims);
    const data = values(cls, n);
    const withImag = complex && cls !== 'logical';
    return (withImag ? fc.tuple(data, values(cls, n)) : data.map((d) => [d] as const)).map(
      ([re, im]) =>
        (im === undefined
          ? { kind: 'numeric', class: cls, dims, data: re }
          : { kind: 'numeric', class: cls, dims, data: re, imag: im }) as unknown as MatValue,
    );
  });

/** A char array: dims[0] rows of arbitrary UTF-16 code units (lone surrogates included). */
export const matCharValue: fc.Arbitrary<MatValue> = matDims(3, 12, 3).chain((dims) => {
  const rows = dims[0]!;
  const cols = rows === 0 ? 0 : product(dims) / rows;
  const row = fc
    .array(fc.integer({ min: 0, max: 0xffff }), { minLength: cols, maxLength: cols })
    .map((units) => String.fromCharCode(...units));
  return fc
    .array(row, { minLength: rows, maxLength: rows })
    .map((text) => ({ kind: 'char', dims, text }) as MatValue);
});

/** Any value: numeric, char, and cells and structs nested up to `maxDepth` levels. */
export function matValue(maxDepth = 3): fc.Arbitrary<MatValue> {
  const { value } = fc.letrec<{ value: MatValue; cell: MatValue; struct: MatValue }>((tie) => ({
    value: fc.oneof(
      { maxDepth, depthSize: 'small' },
      matNumeric,
      matCharValue,
      tie('cell'),
      tie('struct'),
    ),
    cell: matDims(2, 4, 3).chain((dims) =>
      fc
        .array(tie('value'), { minLength: product(dims), maxLength: product(dims) })
        .map((cells) => ({ kind: 'cell', dims, cells }) as MatValue),
    ),
    struct: fc
      .tuple(matDims(2, 3, 3), fc.uniqueArray(matName, { maxLength: 3 }))
      .chain(([dims, fieldNames]) => {
        const record = fc.tuple(...fieldNames.map(() => tie('value'))).map((vs) => {
          const r: Record<string, MatValue> = {};
          fieldNames.forEach((f, i) => {
            r[f] = vs[i]!;
          });
          return r;
        });
        return fc
          .array(record, { minLength: product(dims), maxLength: product(dims) })
          .map((elements) => ({ kind: 'struct', dims, fieldNames, elements }) as MatValue);
      }),
  }));
  return value;
}

/** A list of variables with distinct names. */
export function matVariables(
  maxLength = 4,
  maxDepth = 3,
): fc.Arbitrary<Array<{ name: string; value: MatValue }>> {
  return fc.uniqueArray(fc.record({ name: matName, value: matValue(maxDepth) }), {
    maxLength,
    selector: (v) => v.name,
  });
}
