import { unzlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { matChar } from '../src/mat/char.js';
import { matrixFromRowMajor } from '../src/mat/matrix.js';
import { MAX_NESTING_DEPTH } from '../src/mat/read.js';
import type { MatValue } from '../src/mat/types.js';
import { writeMat } from '../src/mat/write.js';
import { concat, element, header, latin1, MI, MX, matrix, values } from './mat-builder.js';

const createdAt = new Date(Date.UTC(2001, 4, 3, 13, 33, 43));
const scalar = (x: number): MatValue => ({
  kind: 'numeric',
  class: 'double',
  dims: [1, 1],
  data: Float64Array.of(x),
});

function headerText(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes.subarray(0, 116));
}

describe('writeMat', () => {
  it('writes the header MATLAB writes, with a fixed date, deterministically', () => {
    const a = writeMat([{ name: 'x', value: scalar(1) }], { createdAt });
    const b = writeMat([{ name: 'x', value: scalar(1) }], { createdAt });
    expect(a).toEqual(b);
    expect(headerText(a)).toBe(
      'MATLAB 5.0 MAT-file, Platform: dbn, Created on: Thu May  3 13:33:43 2001'.padEnd(116, ' '),
    );
    expect([...a.subarray(116, 128)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x01, 0x49, 0x4d]);
    const c = writeMat([{ name: 'x', value: scalar(1) }], {
      createdAt: new Date(Date.UTC(2030, 11, 25)),
    });
    expect(headerText(c)).toContain('Created on: Wed Dec 25 00:00:00 2030');
  });

  it('lays out elements as the format specifies (small tags for short names)', () => {
    const bytes = writeMat([{ name: 'ab', value: matrixFromRowMajor(2, 2, [1, 2, 3, 4]) }], {
      createdAt,
    });
    const expected = matrix(true, {
      mx: MX.DOUBLE,
      dims: [2, 2],
      name: 'ab',
      smallName: true,
      body: [element(true, MI.DOUBLE, values(true, 'f64', [1, 3, 2, 4]))],
    });
    expect(bytes.subarray(128)).toEqual(expected);
    expect(bytes.length % 8).toBe(0);
  });

  it('writes char arrays as miUTF8 column-major, logical with the logical flag, global variables', () => {
    const bytes = writeMat(
      [
        { name: 's', value: matChar(['ab', 'cd']) },
        {
          name: 'b',
          value: { kind: 'numeric', class: 'logical', dims: [1, 2], data: Uint8Array.of(1, 0) },
          global: true,
        },
      ],
      { createdAt },
    );
    const s = matrix(true, {
      mx: MX.CHAR,
      dims: [2, 2],
      name: 's',
      smallName: true,
      body: [element(true, MI.UTF8, latin1('acbd'), { small: true })],
    });
    const b = matrix(true, {
      mx: MX.UINT8,
      flags: 0x02 | 0x04,
      dims: [1, 2],
      name: 'b',
      smallName: true,
      body: [element(true, MI.UINT8, Uint8Array.of(1, 0), { small: true })],
    });
    expect(bytes.subarray(128)).toEqual(concat(s, b));
    // Non-ASCII text is UTF-8 encoded; text with a lone surrogate falls back to miUINT16.
    const euro = writeMat([{ name: 'e', value: matChar('\u20ac\ud834\udd1e') }], { createdAt });
    expect(euro.subarray(128)).toEqual(
      matrix(true, {
        mx: MX.CHAR,
        dims: [1, 3],
        name: 'e',
        smallName: true,
        body: [element(true, MI.UTF8, new TextEncoder().encode('\u20ac\ud834\udd1e'))],
      }),
    );
    const lone = writeMat([{ name: 'l', value: matChar('a\ud800') }], { createdAt });
    expect(lone.subarray(128)).toEqual(
      matrix(true, {
        mx: MX.CHAR,
        dims: [1, 2],
        name: 'l',
        smallName: true,
        body: [element(true, MI.UINT16, values(true, 'u16', [0x61, 0xd800]), { small: true })],
      }),
    );
  });

  it('writes struct field names in 32-byte slots (64 for long names)', () => {
    const value: MatValue = {
      kind: 'struct',
      dims: [1, 1],
      fieldNames: ['a'],
      elements: [{ a: scalar(2) }],
    };
    const bytes = writeMat([{ name: 'st', value }], { createdAt });
    const expected = matrix(true, {
      mx: MX.STRUCT,
      dims: [1, 1],
      name: 'st',
      smallName: true,
      body: [
        element(true, MI.INT32, values(true, 'i32', [32]), { small: true }),
        element(true, MI.INT8, concat(latin1('a'), new Uint8Array(31))),
        matrix(true, {
          mx: MX.DOUBLE,
          dims: [1, 1],
          body: [element(true, MI.DOUBLE, values(true, 'f64', [2]))],
        }),
      ],
    });
    expect(bytes.subarray(128)).toEqual(expected);
    const long = 'f'.repeat(40);
    const longBytes = writeMat(
      [
        {
          name: 'st',
          value: {
            kind: 'struct',
            dims: [1, 1],
            fieldNames: [long],
            elements: [{ [long]: scalar(2) }],
          },
        },
      ],
      { createdAt },
    );
    const view = new DataView(longBytes.buffer);
    // Field-name-length element: a small element holding 64.
    const at = 128 + 8 + 16 + 16 + 8;
    expect(view.getUint32(at, true)).toBe((4 << 16) | MI.INT32);
    expect(view.getInt32(at + 4, true)).toBe(64);
  });

  it('compresses each variable into its own unpadded miCOMPRESSED element', () => {
    const vars = [
      { name: 'a', value: matrixFromRowMajor(3, 3, [1, 2, 3, 4, 5, 6, 7, 8, 9]) },
      { name: 'b', value: matChar('hello') },
    ];
    const plain = writeMat(vars, { createdAt });
    const packed = writeMat(vars, { compress: true, createdAt });
    expect(packed.subarray(0, 128)).toEqual(plain.subarray(0, 128));
    const view = new DataView(packed.buffer);
    const inflated: Uint8Array[] = [];
    let pos = 128;
    while (pos < packed.length) {
      expect(view.getUint32(pos, true)).toBe(MI.COMPRESSED);
      const size = view.getUint32(pos + 4, true);
      inflated.push(unzlibSync(packed.subarray(pos + 8, pos + 8 + size)));
      pos += 8 + size;
    }
    expect(pos).toBe(packed.length);
    expect(concat(header(true), ...inflated).subarray(128)).toEqual(plain.subarray(128));
  });

  it('does not change its inputs', () => {
    const data = Float64Array.of(1, 2, 3);
    const value: MatValue = { kind: 'numeric', class: 'double', dims: [1, 3], data };
    const cell: MatValue = { kind: 'cell', dims: [1, 1], cells: [value] };
    const vars = [{ name: 'c', value: cell }];
    const before = structuredClone(vars);
    writeMat(vars, { compress: true, createdAt });
    writeMat(vars, { createdAt });
    expect(vars).toEqual(before);
  });

  it('throws on invalid arguments, naming them', () => {
    const v = scalar(1);
    const bad: Array<[() => unknown, ErrorConstructor, string]> = [
      [() => writeMat({} as never), TypeError, 'variables'],
      [() => writeMat([{ name: '1x', value: v }]), RangeError, '"1x"'],
      [() => writeMat([{ name: 'a'.repeat(64), value: v }]), RangeError, 'variables[0].name'],
      [
        () =>
          writeMat([
            { name: 'x', value: v },
            { name: 'x', value: v },
          ]),
        RangeError,
        'used twice',
      ],
      [
        () => writeMat([{ name: 'x', value: v }], { createdAt: new Date(Number.NaN) }),
        RangeError,
        'createdAt',
      ],
      [
        () =>
          writeMat([
            {
              name: 'x',
              value: { kind: 'numeric', class: 'double', dims: [2, 2], data: new Float64Array(3) },
            },
          ]),
        RangeError,
        '2×2 = 4',
      ],
      [
        () =>
          writeMat([
            {
              name: 'x',
              value: {
                kind: 'numeric',
                class: 'single',
                dims: [1, 1],
                data: new Float64Array(1),
              } as never,
            },
          ]),
        TypeError,
        'Float32Array',
      ],
      [
        () =>
          writeMat([
            {
              name: 'x',
              value: { kind: 'numeric', class: 'logical', dims: [1, 1], data: Uint8Array.of(2) },
            },
          ]),
        RangeError,
        '0 or 1',
      ],
      [
        () =>
          writeMat([
            {
              name: 'x',
              value: { kind: 'numeric', class: 'double', dims: [3], data: new Float64Array(3) },
            },
          ]),
        RangeError,
        'dims',
      ],
      [
        () => writeMat([{ name: 'x', value: { kind: 'char', dims: [2, 2], text: ['ab', 'c'] } }]),
        RangeError,
        'text[1]',
      ],
      [
        () =>
          writeMat([
            {
              name: 'x',
              value: { kind: 'struct', dims: [1, 1], fieldNames: ['a', 'b'], elements: [{ a: v }] },
            },
          ]),
        RangeError,
        'exactly the fields a, b',
      ],
      [
        () => writeMat([{ name: 'x', value: { kind: 'cell', dims: [1, 2], cells: [v] } }]),
        RangeError,
        'cells',
      ],
      [() => writeMat([{ name: 'x', value: { kind: 'sparse' } as never }]), TypeError, 'kind'],
    ];
    for (const [f, type, text] of bad) {
      expect(f).toThrow(type);
      expect(f).toThrow(text);
    }
    let deep: MatValue = v;
    for (let i = 0; i < MAX_NESTING_DEPTH; i++)
      deep = { kind: 'cell', dims: [1, 1], cells: [deep] };
    expect(() => writeMat([{ name: 'x', value: deep }])).toThrow(/nested more than 64/);
  });
});
