import { readFileSync } from 'node:fs';
import { zlibSync } from 'fflate';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { dataFile } from '../../../tooling/testkit/src/data.js';
import type { DatasetError } from '../src/errors.js';
import { MAX_NESTING_DEPTH, readMat } from '../src/mat/read.js';
import type { MatFile, MatValue } from '../src/mat/types.js';
import {
  compressed,
  concat,
  element,
  file,
  header,
  latin1,
  MI,
  MX,
  matrix,
  values,
} from './mat-builder.js';

function ok(bytes: Uint8Array): MatFile {
  const r = readMat(bytes);
  if (E.isLeft(r)) throw new Error(`expected Right, got ${r.left.message}`);
  return r.right;
}

function err(bytes: Uint8Array): DatasetError {
  const r = readMat(bytes);
  if (E.isRight(r)) throw new Error('expected Left, got Right');
  return r.left;
}

function only(bytes: Uint8Array): MatValue {
  const f = ok(bytes);
  expect(f.variables).toHaveLength(1);
  return f.variables[0]!.value;
}

describe('readMat header', () => {
  it('rejects input shorter than the 128-byte header', () => {
    const e = err(new Uint8Array(100).fill(0x41));
    expect(e).toMatchObject({ _tag: 'ParseError', format: 'mat', offset: 0 });
    expect(e.message).toContain('128-byte');
    expect(e.message).toContain('100 bytes');
  });

  it('reports a MAT-file v4 as unsupported', () => {
    // v4 header: MOPT 0 (little-endian double), 2 rows, 1 col, real, name length 2.
    const v4 = concat(
      values(true, 'i32', [0, 2, 1, 0, 2]),
      latin1('x\0'),
      values(true, 'f64', [1, 2]),
    );
    for (const bytes of [v4, concat(v4, new Uint8Array(200))]) {
      const e = err(bytes);
      expect(e._tag).toBe('Unsupported');
      expect(e.message).toContain('version 4');
    }
  });

  it('reports a MAT-file v7.3 (HDF5) as unsupported', () => {
    const h = header(true, {
      text: 'MATLAB 7.3 MAT-file, Platform: GLNXA64, HDF5 schema 1.00 .',
      version: 0x0200,
    });
    const hdf5 = concat(
      h,
      new Uint8Array(384),
      Uint8Array.of(0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a),
    );
    const e = err(hdf5);
    expect(e._tag).toBe('Unsupported');
    expect(e.message).toContain('7.3');
    // Detected from the version alone, too.
    expect(err(header(true, { text: 'MATLAB 5.0 MAT-file', version: 0x0200 })).message).toContain(
      '7.3',
    );
  });

  it('rejects a bad endian indicator and a bad version with their offsets', () => {
    const h = header(true);
    h[126] = 0x41;
    expect(err(h)).toMatchObject({ _tag: 'ParseError', offset: 126, found: '0x414d' });
    expect(err(header(false, { version: 0x0101 }))).toMatchObject({
      _tag: 'ParseError',
      offset: 124,
      expected: 'version 0x0100',
      found: '0x0101',
    });
  });

  it('reads the header text, version and byte order; an empty file has no variables', () => {
    for (const le of [true, false]) {
      const f = ok(header(le, { text: 'MATLAB 5.0 MAT-file, hello' }));
      expect(f.header).toEqual({
        text: 'MATLAB 5.0 MAT-file, hello',
        version: 0x0100,
        endian: le ? 'little' : 'big',
      });
      expect(f.variables).toEqual([]);
    }
  });
});

describe.each([
  ['little', true],
  ['big', false],
])('readMat (%s-endian)', (_, le) => {
  it('reads a double matrix in column-major order', () => {
    const m = matrix(le, {
      mx: MX.DOUBLE,
      dims: [2, 3],
      name: 'w',
      body: [element(le, MI.DOUBLE, values(le, 'f64', [1, 2, 3, 4, 5, -0.5]))],
    });
    const f = ok(file(le, m));
    expect(f.variables[0]).toMatchObject({
      name: 'w',
      global: false,
      compressed: false,
      offset: 128,
    });
    expect(f.variables[0]!.value).toEqual({
      kind: 'numeric',
      class: 'double',
      dims: [2, 3],
      data: Float64Array.of(1, 2, 3, 4, 5, -0.5),
    });
  });

  it('converts storage types that differ from the class', () => {
    const cases: Array<[number, number, Uint8Array, MatValue['kind'], unknown]> = [
      [MX.DOUBLE, MI.UINT8, values(le, 'u8', [0, 7, 255]), 'numeric', Float64Array.of(0, 7, 255)],
      [MX.DOUBLE, MI.INT16, values(le, 'i16', [-3, 0, 9]), 'numeric', Float64Array.of(-3, 0, 9)],
      [MX.SINGLE, MI.DOUBLE, values(le, 'f64', [0.1, 2, 3]), 'numeric', Float32Array.of(0.1, 2, 3)],
      [MX.INT8, MI.INT16, values(le, 'i16', [-128, 0, 127]), 'numeric', Int8Array.of(-128, 0, 127)],
      [MX.UINT16, MI.UINT8, values(le, 'u8', [1, 2, 3]), 'numeric', Uint16Array.of(1, 2, 3)],
      [MX.INT64, MI.INT32, values(le, 'i32', [-5, 0, 5]), 'numeric', BigInt64Array.of(-5n, 0n, 5n)],
      [
        MX.UINT64,
        MI.UINT64,
        values(le, 'u64', [0n, 1n, 2n ** 64n - 1n]),
        'numeric',
        BigUint64Array.of(0n, 1n, 2n ** 64n - 1n),
      ],
      [
        MX.UINT32,
        MI.DOUBLE,
        values(le, 'f64', [0, 1, 4294967295]),
        'numeric',
        Uint32Array.of(0, 1, 4294967295),
      ],
    ];
    for (const [mx, mi, data, , expected] of cases) {
      const v = only(
        file(le, matrix(le, { mx, dims: [1, 3], name: 'x', body: [element(le, mi, data)] })),
      );
      expect(v.kind).toBe('numeric');
      if (v.kind === 'numeric') expect(v.data).toEqual(expected);
    }
  });

  it('rejects stored values the class cannot hold, naming the value', () => {
    for (const [mx, mi, data, bad] of [
      [MX.INT8, MI.INT16, values(le, 'i16', [1, 300]), '300'],
      [MX.UINT8, MI.INT8, values(le, 'i8', [-1, 0]), '-1'],
      [MX.INT32, MI.DOUBLE, values(le, 'f64', [1.5, 0]), '1.5'],
      [MX.UINT64, MI.INT64, values(le, 'i64', [-2n, 0n]), '-2'],
    ] as const) {
      const e = err(
        file(le, matrix(le, { mx, dims: [1, 2], name: 'x', body: [element(le, mi, data)] })),
      );
      expect(e._tag).toBe('ParseError');
      expect(e.message).toContain(`value ${bad}`);
    }
  });

  it('reads logical arrays (uint8 + flag) as 0/1, complex arrays with imag, N-D dims', () => {
    const logical = only(
      file(
        le,
        matrix(le, {
          mx: MX.UINT8,
          flags: 0x02,
          dims: [1, 4],
          name: 'b',
          body: [element(le, MI.UINT8, values(le, 'u8', [0, 1, 2, 0]))],
        }),
      ),
    );
    expect(logical).toEqual({
      kind: 'numeric',
      class: 'logical',
      dims: [1, 4],
      data: Uint8Array.of(0, 1, 1, 0),
    });
    const complex = only(
      file(
        le,
        matrix(le, {
          mx: MX.INT16,
          flags: 0x08,
          dims: [2, 1, 2],
          name: 'z',
          body: [
            element(le, MI.INT16, values(le, 'i16', [1, 2, 3, 4])),
            element(le, MI.UINT8, values(le, 'u8', [5, 6, 7, 8])),
          ],
        }),
      ),
    );
    expect(complex).toEqual({
      kind: 'numeric',
      class: 'int16',
      dims: [2, 1, 2],
      data: Int16Array.of(1, 2, 3, 4),
      imag: Int16Array.of(5, 6, 7, 8),
    });
  });

  it('reads small data elements and empty matrices', () => {
    const small = matrix(le, {
      mx: MX.UINT8,
      dims: [1, 3],
      name: 'abc',
      smallName: true,
      body: [element(le, MI.UINT8, values(le, 'u8', [9, 8, 7]), { small: true })],
    });
    const empty = matrix(le, {
      mx: MX.DOUBLE,
      dims: [0, 3],
      name: 'e',
      body: [element(le, MI.DOUBLE, new Uint8Array(0))],
    });
    const noData = matrix(le, { mx: MX.SINGLE, dims: [0, 0], name: 'n' });
    const f = ok(file(le, small, empty, noData));
    expect(f.variables.map((v) => v.name)).toEqual(['abc', 'e', 'n']);
    expect(f.variables[0]!.value).toEqual({
      kind: 'numeric',
      class: 'uint8',
      dims: [1, 3],
      data: Uint8Array.of(9, 8, 7),
    });
    expect(f.variables[1]!.value).toEqual({
      kind: 'numeric',
      class: 'double',
      dims: [0, 3],
      data: new Float64Array(0),
    });
    expect(f.variables[2]!.value).toEqual({
      kind: 'numeric',
      class: 'single',
      dims: [0, 0],
      data: new Float32Array(0),
    });
  });

  it('decodes char arrays per row from every character storage type', () => {
    const utf16 = (s: string) => Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));
    // 2×3 ['abc'; 'def'] column-major: a d b e c f.
    const rows = only(
      file(
        le,
        matrix(le, {
          mx: MX.CHAR,
          dims: [2, 3],
          name: 's',
          body: [element(le, MI.UINT16, values(le, 'u16', utf16('adbecf')))],
        }),
      ),
    );
    expect(rows).toEqual({ kind: 'char', dims: [2, 3], text: ['abc', 'def'] });
    const text = 'h\u00e9llo\u20ac\u{1d11e}'; // 8 UTF-16 code units, the last two a surrogate pair
    const storages: Array<[number, Uint8Array]> = [
      [MI.UTF8, new TextEncoder().encode(text)],
      [MI.UTF16, values(le, 'u16', utf16(text))],
      [MI.UINT16, values(le, 'u16', utf16(text))],
      [
        MI.UTF32,
        values(
          le,
          'u32',
          Array.from(text, (c) => c.codePointAt(0)!),
        ),
      ],
    ];
    for (const [mi, data] of storages) {
      const v = only(
        file(
          le,
          matrix(le, {
            mx: MX.CHAR,
            dims: [1, text.length],
            name: 's',
            body: [element(le, mi, data)],
          }),
        ),
      );
      expect(v).toEqual({ kind: 'char', dims: [1, 8], text: [text] });
    }
    const latin = only(
      file(
        le,
        matrix(le, {
          mx: MX.CHAR,
          dims: [1, 3],
          name: 's',
          body: [element(le, MI.UINT8, Uint8Array.of(0x41, 0xe9, 0x7a))],
        }),
      ),
    );
    expect(latin).toEqual({ kind: 'char', dims: [1, 3], text: ['A\u00e9z'] });
    const mismatch = err(
      file(
        le,
        matrix(le, {
          mx: MX.CHAR,
          dims: [1, 4],
          name: 's',
          body: [element(le, MI.UTF8, latin1('abc'))],
        }),
      ),
    );
    expect(mismatch).toMatchObject({
      _tag: 'ParseError',
      expected: '4 characters',
      found: '3 characters',
    });
    const badUtf8 = err(
      file(
        le,
        matrix(le, {
          mx: MX.CHAR,
          dims: [1, 2],
          name: 's',
          body: [element(le, MI.UTF8, Uint8Array.of(0xc3, 0x28))],
        }),
      ),
    );
    expect(badUtf8.message).toContain('UTF-8');
  });

  it('reads cell arrays (column-major, nested, 0-byte empty cells)', () => {
    const d = matrix(le, {
      mx: MX.DOUBLE,
      dims: [1, 1],
      body: [element(le, MI.DOUBLE, values(le, 'f64', [3]))],
    });
    const c = matrix(le, {
      mx: MX.CHAR,
      dims: [1, 2],
      body: [element(le, MI.UINT16, values(le, 'u16', [104, 105]))],
    });
    const emptyCell = element(le, MI.MATRIX, new Uint8Array(0));
    const inner = matrix(le, { mx: MX.CELL, dims: [1, 1], body: [d] });
    const v = only(
      file(
        le,
        matrix(le, { mx: MX.CELL, dims: [2, 2], name: 'c', body: [d, c, emptyCell, inner] }),
      ),
    );
    expect(v).toEqual({
      kind: 'cell',
      dims: [2, 2],
      cells: [
        { kind: 'numeric', class: 'double', dims: [1, 1], data: Float64Array.of(3) },
        { kind: 'char', dims: [1, 2], text: ['hi'] },
        { kind: 'numeric', class: 'double', dims: [0, 0], data: new Float64Array(0) },
        {
          kind: 'cell',
          dims: [1, 1],
          cells: [{ kind: 'numeric', class: 'double', dims: [1, 1], data: Float64Array.of(3) }],
        },
      ],
    });
  });

  it('reads struct arrays with their field names, and fieldless structs', () => {
    const num = (x: number) =>
      matrix(le, {
        mx: MX.DOUBLE,
        dims: [1, 1],
        body: [element(le, MI.DOUBLE, values(le, 'f64', [x]))],
      });
    const names = concat(latin1('alpha'), new Uint8Array(27), latin1('b'), new Uint8Array(31));
    const s = matrix(le, {
      mx: MX.STRUCT,
      dims: [1, 2],
      name: 's',
      body: [
        element(le, MI.INT32, values(le, 'i32', [32]), { small: true }),
        element(le, MI.INT8, names),
        num(1),
        num(2),
        num(3),
        num(4),
      ],
    });
    const v = only(file(le, s));
    expect(v.kind).toBe('struct');
    if (v.kind !== 'struct') return;
    expect(v.dims).toEqual([1, 2]);
    expect(v.fieldNames).toEqual(['alpha', 'b']);
    expect(
      v.elements.map((e) =>
        [e.alpha, e.b].map((x) => (x?.kind === 'numeric' ? x.data[0] : undefined)),
      ),
    ).toEqual([
      [1, 2],
      [3, 4],
    ]);
    const fieldless = only(
      file(
        le,
        matrix(le, {
          mx: MX.STRUCT,
          dims: [3, 1],
          name: 'e',
          body: [
            element(le, MI.INT32, values(le, 'i32', [32]), { small: true }),
            element(le, MI.INT8, new Uint8Array(0)),
          ],
        }),
      ),
    );
    expect(fieldless).toMatchObject({ kind: 'struct', dims: [3, 1], fieldNames: [] });
    if (fieldless.kind === 'struct')
      expect(fieldless.elements.map((e) => Object.keys(e))).toEqual([[], [], []]);
    const dup = concat(latin1('a'), new Uint8Array(7), latin1('a'), new Uint8Array(7));
    const e = err(
      file(
        le,
        matrix(le, {
          mx: MX.STRUCT,
          dims: [1, 1],
          name: 'd',
          body: [
            element(le, MI.INT32, values(le, 'i32', [8]), { small: true }),
            element(le, MI.INT8, dup),
            num(1),
            num(2),
          ],
        }),
      ),
    );
    expect(e.message).toContain("'a' twice");
  });

  it('reads compressed elements and the global flag', () => {
    const m = matrix(le, {
      mx: MX.INT32,
      flags: 0x04,
      dims: [1, 2],
      name: 'g',
      body: [element(le, MI.INT32, values(le, 'i32', [-7, 7]))],
    });
    const plain = matrix(le, {
      mx: MX.UINT8,
      dims: [1, 1],
      name: 'p',
      body: [element(le, MI.UINT8, Uint8Array.of(5))],
    });
    const f = ok(file(le, compressed(le, m), plain));
    expect(
      f.variables.map(({ name, global, compressed, offset }) => ({
        name,
        global,
        compressed,
        offset,
      })),
    ).toEqual([
      { name: 'g', global: true, compressed: true, offset: 128 },
      { name: 'p', global: false, compressed: false, offset: 128 + compressed(le, m).length },
    ]);
    expect(f.variables[0]!.value).toEqual({
      kind: 'numeric',
      class: 'int32',
      dims: [1, 2],
      data: Int32Array.of(-7, 7),
    });
  });

  it('returns Unsupported for sparse arrays, objects and function handles', () => {
    for (const [mx, word] of [
      [MX.SPARSE, 'sparse'],
      [MX.OBJECT, 'objects'],
      [MX.FUNCTION, 'function handles'],
      [MX.OPAQUE, 'opaque'],
    ] as const) {
      const e = err(file(le, matrix(le, { mx, dims: [1, 1], name: 'x' })));
      expect(e).toMatchObject({ _tag: 'Unsupported', offset: 128 });
      expect(e.message).toContain(word);
    }
  });

  it('skips the subsystem data named by the header', () => {
    const v = matrix(le, {
      mx: MX.UINT8,
      dims: [1, 1],
      name: 'v',
      body: [element(le, MI.UINT8, Uint8Array.of(1))],
    });
    const sub = matrix(le, {
      mx: MX.UINT8,
      dims: [1, 3],
      body: [element(le, MI.UINT8, Uint8Array.of(1, 2, 3))],
    });
    const f = ok(concat(header(le, { subsystem: 128 + v.length }), v, sub));
    expect(f.variables.map((x) => x.name)).toEqual(['v']);
  });
});

describe('readMat errors', () => {
  const le = true;
  const u8 = (name: string, data: number[]) =>
    matrix(le, {
      mx: MX.UINT8,
      dims: [1, data.length],
      name,
      body: [element(le, MI.UINT8, Uint8Array.from(data))],
    });

  it('reports a tag claiming more bytes than remain, at the tag offset', () => {
    const good = u8('a', [1]);
    const bad = element(le, MI.MATRIX, new Uint8Array(16), { size: 1000 });
    const e = err(file(le, good, bad));
    expect(e).toMatchObject({
      _tag: 'ParseError',
      offset: 128 + good.length,
      expected: '1000 bytes of miMATRIX data',
    });
    expect(e.message).toContain('16 bytes left');
  });

  it('reports dims claiming 10^12 elements before allocating anything', () => {
    const m = matrix(le, {
      mx: MX.DOUBLE,
      dims: [1_000_000, 1_000_000],
      name: 'big',
      body: [element(le, MI.DOUBLE, new Uint8Array(8))],
    });
    const t0 = performance.now();
    const e = err(file(le, m));
    expect(performance.now() - t0).toBeLessThan(500);
    expect(e._tag).toBe('ParseError');
    expect(e.message).toContain('1000000000000 elements');
    const cells = matrix(le, { mx: MX.CELL, dims: [1_000_000, 1_000_000], name: 'c' });
    expect(err(file(le, cells))._tag).toBe('ParseError');
  });

  it('reports a data size that does not match the dims', () => {
    const m = matrix(le, {
      mx: MX.DOUBLE,
      dims: [2, 2],
      name: 'x',
      body: [element(le, MI.DOUBLE, new Uint8Array(24))],
    });
    expect(err(file(le, m))).toMatchObject({
      expected: 'real part of 32 bytes (4 values of miDOUBLE)',
      found: '24 bytes',
    });
  });

  it('reports top-level elements that are not matrices, and trailing garbage', () => {
    expect(err(file(le, element(le, MI.DOUBLE, new Uint8Array(8))))).toMatchObject({
      offset: 128,
      found: 'miDOUBLE',
    });
    const e = err(concat(file(le, u8('a', [1])), Uint8Array.of(1, 2, 3)));
    expect(e.message).toContain('8-byte data element tag');
    // Trailing zero bytes (short of a tag) are tolerated.
    expect(ok(concat(file(le, u8('a', [1])), new Uint8Array(5))).variables).toHaveLength(1);
  });

  it('locates errors inside a compressed element by that element and the inflated offset', () => {
    const bad = matrix(le, {
      mx: MX.UINT8,
      dims: [1, 9],
      name: 'x',
      body: [element(le, MI.UINT8, new Uint8Array(8))],
    });
    const good = u8('a', [1]);
    const e = err(file(le, good, compressed(le, bad)));
    expect(e).toMatchObject({ _tag: 'ParseError', offset: 128 + good.length });
    expect(e.message).toContain('of the inflated data of the miCOMPRESSED element');
  });

  it('reports corrupt zlib data, a wrong checksum and inflated data beyond the declared size', () => {
    const m = u8('a', [1, 2, 3]);
    const z = zlibSync(m);
    const badHeader = z.slice();
    badHeader[0] = 0x79;
    expect(err(file(le, element(le, MI.COMPRESSED, badHeader, { pad: false })))).toMatchObject({
      _tag: 'ParseError',
      format: 'zlib',
      offset: 128,
    });
    const badSum = z.slice();
    badSum[badSum.length - 1]! ^= 0xff;
    expect(err(file(le, element(le, MI.COMPRESSED, badSum, { pad: false }))).message).toContain(
      'Adler-32',
    );
    const truncated = z.slice(0, z.length - 8);
    expect(err(file(le, element(le, MI.COMPRESSED, truncated, { pad: false })))).toMatchObject({
      format: 'zlib',
    });
    // Inner tag declares 40 bytes, but 4 kB follow.
    const inner = concat(
      element(le, MI.MATRIX, new Uint8Array(40)).subarray(0, 8),
      new Uint8Array(4096),
    );
    const e = err(file(le, element(le, MI.COMPRESSED, zlibSync(inner), { pad: false })));
    expect(e.message).toContain('inflates to the 48 bytes its element declares');
  });

  it('refuses compressed elements beyond maxInflatedBytes without inflating them', () => {
    const m = matrix(le, {
      mx: MX.UINT8,
      dims: [1, 1 << 20],
      name: 'z',
      body: [element(le, MI.UINT8, new Uint8Array(1 << 20))],
    });
    const bytes = file(le, compressed(le, m));
    expect(bytes.length).toBeLessThan(2000);
    const r = readMat(bytes, { maxInflatedBytes: 1 << 16 });
    expect(E.isLeft(r) && r.left._tag).toBe('Unsupported');
    expect(E.isLeft(r) && r.left.message).toContain('limit of 65536 bytes');
    expect(E.isRight(readMat(bytes))).toBe(true);
  });

  it(`bounds nesting at ${MAX_NESTING_DEPTH} levels`, () => {
    const nest = (levels: number): Uint8Array => {
      let m = matrix(le, { mx: MX.DOUBLE, dims: [0, 0] });
      for (let i = 1; i < levels; i++) m = matrix(le, { mx: MX.CELL, dims: [1, 1], body: [m] });
      return m;
    };
    expect(E.isRight(readMat(file(le, nest(MAX_NESTING_DEPTH))))).toBe(true);
    const e = err(file(le, nest(MAX_NESTING_DEPTH + 1)));
    expect(e._tag).toBe('Unsupported');
    expect(e.message).toContain('nested');
  });

  it('bounds entries no input bytes account for (fieldless struct arrays)', () => {
    const s = matrix(le, {
      mx: MX.STRUCT,
      dims: [100_000, 100_000],
      name: 's',
      body: [
        element(le, MI.INT32, values(le, 'i32', [32]), { small: true }),
        element(le, MI.INT8, new Uint8Array(0)),
      ],
    });
    expect(err(file(le, s))._tag).toBe('Unsupported');
  });

  it('validates its arguments', () => {
    expect(() => readMat([1, 2] as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => readMat(new Uint8Array(0), { maxInflatedBytes: -1 })).toThrow(RangeError);
  });
});

const original = dataFile('binaryalphadigs.mat');
describe.skipIf(!original)('readMat on binaryalphadigs.mat (original)', () => {
  it('has the header and variables the data README describes', () => {
    const bytes = readFileSync(original!);
    expect(bytes.length).toBe(532_304);
    const f = ok(bytes);
    expect(f.header).toEqual({
      text: 'MATLAB 5.0 MAT-file, Platform: LNX86, Created on: Wed May 30 13:33:43 2001',
      version: 0x0100,
      endian: 'little',
    });
    expect(
      f.variables.map((v) => [v.name, v.value.kind, v.value.dims.join('x'), v.compressed]),
    ).toEqual([
      ['dat', 'cell', '36x39', false],
      ['numclass', 'numeric', '1x1', false],
      ['classlabels', 'cell', '1x36', false],
      ['classcounts', 'cell', '1x36', false],
    ]);
    const [dat, numclass, classlabels, classcounts] = f.variables.map((v) => v.value);
    if (dat?.kind !== 'cell' || classlabels?.kind !== 'cell' || classcounts?.kind !== 'cell')
      throw new Error('shape');
    for (const cell of dat.cells) {
      expect(cell).toMatchObject({ kind: 'numeric', class: 'uint8', dims: [20, 16] });
      if (cell.kind === 'numeric') expect(cell.data.every((x) => x === 0 || x === 1)).toBe(true);
    }
    expect(numclass).toEqual({
      kind: 'numeric',
      class: 'double',
      dims: [1, 1],
      data: Float64Array.of(36),
    });
    expect(
      classlabels.cells
        .map((c) => (c.kind === 'char' ? `${c.dims.join('x')}:${c.text[0]}` : c.kind))
        .join(' '),
    ).toBe([...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((c) => `1x1:${c}`).join(' '));
    for (const c of classcounts.cells) {
      expect(c).toEqual({
        kind: 'numeric',
        class: 'double',
        dims: [1, 1],
        data: Float64Array.of(39),
      });
    }
  });
});

const feaGnd = dataFile('binaryalphadigs-fea-gnd.mat');
describe.skipIf(!feaGnd)('readMat on binaryalphadigs-fea-gnd.mat (compressed)', () => {
  it('has the header and compressed variables the data README describes', () => {
    const bytes = readFileSync(feaGnd!);
    expect(bytes.length).toBe(65_445);
    const f = ok(bytes);
    expect(f.header.text).toBe(
      'MATLAB 5.0 MAT-file, Platform: MACI64, Created on: Wed Jan 31 16:08:14 2018',
    );
    expect(f.variables.map((v) => [v.name, v.compressed, v.value.dims.join('x')])).toEqual([
      ['fea', true, '1404x320'],
      ['gnd', true, '1404x1'],
    ]);
    expect(f.variables[0]!.value).toMatchObject({ kind: 'numeric', class: 'uint8' });
    // gnd's class is double (its values are stored as miUINT8); labels run 1..36, 39 each.
    const gnd = f.variables[1]!.value;
    expect(gnd).toMatchObject({ kind: 'numeric', class: 'double' });
    if (gnd.kind !== 'numeric') return;
    const counts = new Map<number, number>();
    for (const x of gnd.data) counts.set(Number(x), (counts.get(Number(x)) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 36 }, (_, i) => i + 1),
    );
    expect([...counts.values()].every((n) => n === 39)).toBe(true);
  });
});
