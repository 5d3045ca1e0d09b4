// Interoperability with scipy.io (the reference reader/writer most users have): scipy must read
// what writeMat writes, and readMat must read what scipy writes, value for value.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { matChar } from '../src/mat/char.js';
import { matrixFromRowMajor } from '../src/mat/matrix.js';
import { readMat } from '../src/mat/read.js';
import type { MatValue, NumericClass } from '../src/mat/types.js';
import { writeMat } from '../src/mat/write.js';
import { matName, matNumeric } from './mat-arbitraries.js';

const probe = spawnSync('python3', ['-c', 'import scipy.io, numpy'], { encoding: 'utf8' });
const hasScipy = probe.status === 0;
const reason = hasScipy ? '' : ' (skipped: python3 with scipy is not available)';

// Serialises loadmat's result in a canonical form: arrays flattened column-major, integers as
// strings (exact for 64-bit), non-finite floats as 'NaN'/'Infinity'/'-Infinity'.
const SERIALIZE = `
import json, math, sys
import numpy as np
import scipy.io as sio

def fl(v):
    v = float(v)
    if math.isfinite(v):
        return v
    return 'NaN' if math.isnan(v) else ('Infinity' if v > 0 else '-Infinity')

# x is loaded with mat_dtype=False (keeps complex values), y with mat_dtype=True (the only way
# scipy reports logical arrays: as bool); both have the same structure.
def ser(x, y):
    shape = [int(d) for d in x.shape]
    if x.dtype == object:
        return {'kind': 'cell', 'dims': shape,
                'cells': [ser(a, b) for a, b in zip(x.flatten(order='F'), y.flatten(order='F'))]}
    if x.dtype.names is not None:
        names = list(x.dtype.names)
        return {'kind': 'struct', 'dims': shape, 'fieldNames': names,
                'elements': [{f: ser(a[f], b[f]) for f in names}
                             for a, b in zip(x.flatten(order='F'), y.flatten(order='F'))]}
    if y.dtype == bool:
        x = y
    if x.dtype.kind == 'U':
        return {'kind': 'char', 'dims': shape, 'chars': ''.join(x.flatten(order='F'))}
    flat = x.flatten(order='F')
    if x.dtype.kind == 'c':
        return {'kind': 'numeric', 'dtype': str(flat.real.dtype), 'dims': shape,
                're': [fl(v) for v in flat.real], 'im': [fl(v) for v in flat.imag]}
    if x.dtype.kind in 'iub':
        return {'kind': 'numeric', 'dtype': str(x.dtype), 'dims': shape, 're': [str(int(v)) for v in flat]}
    return {'kind': 'numeric', 'dtype': str(x.dtype), 'dims': shape, 're': [fl(v) for v in flat]}

def load(path):
    opts = dict(chars_as_strings=False, squeeze_me=False, struct_as_record=True)
    d = sio.loadmat(path, mat_dtype=False, **opts)
    m = sio.loadmat(path, mat_dtype=True, **opts)
    return {k: ser(v, m[k]) for k, v in d.items() if not k.startswith('__')}
`;

const DTYPES: Record<NumericClass, string> = {
  double: 'float64',
  single: 'float32',
  int8: 'int8',
  uint8: 'uint8',
  int16: 'int16',
  uint16: 'uint16',
  int32: 'int32',
  uint32: 'uint32',
  int64: 'int64',
  uint64: 'uint64',
  logical: 'bool',
};

/** The same canonical form as SERIALIZE, computed from our values. */
function canon(v: MatValue): unknown {
  switch (v.kind) {
    case 'numeric': {
      const float = v.class === 'double' || v.class === 'single';
      const f = (x: number | bigint) =>
        float ? (Number.isFinite(Number(x)) ? Number(x) : String(x)) : String(x);
      const re = Array.from(v.data as ArrayLike<number | bigint>, f);
      const out: Record<string, unknown> = {
        kind: 'numeric',
        dtype: DTYPES[v.class],
        dims: v.dims,
        re,
      };
      if (v.imag !== undefined) out.im = Array.from(v.imag as ArrayLike<number | bigint>, f);
      return out;
    }
    case 'char': {
      const rows = v.text.length;
      const cols = rows === 0 ? 0 : v.text[0]!.length;
      let chars = '';
      for (let c = 0; c < cols; c++) for (let r = 0; r < rows; r++) chars += v.text[r]![c];
      return { kind: 'char', dims: v.dims, chars };
    }
    case 'cell':
      return { kind: 'cell', dims: v.dims, cells: v.cells.map(canon) };
    case 'struct':
      return {
        kind: 'struct',
        dims: v.dims,
        fieldNames: v.fieldNames,
        elements: v.elements.map((e) =>
          Object.fromEntries(v.fieldNames.map((f) => [f, canon(e[f]!)])),
        ),
      };
  }
}

function python(script: string, ...args: string[]): string {
  const r = spawnSync('python3', ['-c', SERIALIZE + script, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return r.stdout;
}

const dir = hasScipy ? mkdtempSync(join(tmpdir(), 'dbn-mat-')) : '';
afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasScipy)(`MAT-files and scipy.io${reason}`, () => {
  it('scipy.io.loadmat reads what writeMat writes, compressed or not', () => {
    const scalar = (x: number): MatValue => ({
      kind: 'numeric',
      class: 'double',
      dims: [1, 1],
      data: Float64Array.of(x),
    });
    const fixed: Array<{ name: string; value: MatValue }> = [
      {
        name: 'weights',
        value: matrixFromRowMajor(3, 4, [0.5, -1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1e-300]),
      },
      { name: 'mask', value: matrixFromRowMajor(2, 2, [1, 0, 0, 1], 'logical') },
      {
        name: 'big',
        value: {
          kind: 'numeric',
          class: 'uint64',
          dims: [1, 2],
          data: BigUint64Array.of(0n, 2n ** 64n - 1n),
        },
      },
      {
        name: 'neg',
        value: {
          kind: 'numeric',
          class: 'int64',
          dims: [2, 1],
          data: BigInt64Array.of(-(2n ** 63n), 5n),
        },
      },
      {
        name: 'z',
        value: {
          kind: 'numeric',
          class: 'double',
          dims: [1, 2],
          data: Float64Array.of(1, 2),
          imag: Float64Array.of(-3, 4),
        },
      },
      {
        name: 'cube',
        value: {
          kind: 'numeric',
          class: 'int16',
          dims: [2, 3, 2],
          data: Int16Array.from({ length: 12 }, (_, i) => i - 6),
        },
      },
      {
        name: 'empty',
        value: { kind: 'numeric', class: 'single', dims: [0, 3], data: new Float32Array(0) },
      },
      { name: 'label', value: matChar(['ab\u00e9', 'xyz']) },
      {
        name: 'nested',
        value: {
          kind: 'cell',
          dims: [1, 2],
          cells: [scalar(1), { kind: 'cell', dims: [1, 1], cells: [matChar('in')] }],
        },
      },
      {
        name: 'config',
        value: {
          kind: 'struct',
          dims: [1, 2],
          fieldNames: ['lr', 'name'],
          elements: [
            { lr: scalar(0.1), name: matChar('rbm') },
            { lr: scalar(0.01), name: matChar('dbn') },
          ],
        },
      },
    ];
    // Plus sampled numeric arrays of every class (complex only for floats: scipy reads complex
    // integers as complex floats).
    const sampled = fc
      .sample(fc.tuple(matName, matNumeric), { seed: 5, numRuns: 40 })
      .filter(
        ([, v]) =>
          v.kind === 'numeric' &&
          (v.imag === undefined || v.class === 'double' || v.class === 'single'),
      )
      .map(([name, value], i) => ({ name: `s${i}_${name.slice(0, 20)}`, value }));
    const variables = [...fixed, ...sampled];
    const expected = Object.fromEntries(variables.map((v) => [v.name, canon(v.value)]));
    for (const compress of [false, true]) {
      const path = join(dir, `ours-${compress}.mat`);
      writeFileSync(
        path,
        writeMat(variables, { compress, createdAt: new Date(Date.UTC(2024, 5, 1)) }),
      );
      const got = JSON.parse(python('print(json.dumps(load(sys.argv[1])))', path));
      expect(got).toEqual(expected);
    }
  });

  it('readMat reads what scipy.io.savemat writes, as scipy reads it back', () => {
    const make = `
import numpy as np
rng = np.random.default_rng(3)
st = np.zeros((1, 2), dtype=[('x', 'O'), ('label', 'O')])
st[0, 0] = (np.arange(3.0), 'one')
st[0, 1] = (np.array([[True, False]]), 'two')
cell = np.empty((2, 1), dtype=object)
cell[0, 0] = np.array([[1, 2]], dtype=np.int32)
cell[1, 0] = 'h\u00e9llo \u20ac'
data = {
    'd': rng.standard_normal((4, 3)),
    'f': rng.standard_normal((2, 5)).astype(np.float32),
    'i8': np.array([[-128, 0, 127]], dtype=np.int8),
    'u8': rng.integers(0, 256, (3, 3)).astype(np.uint8),
    'i16': np.array([[-32768, 32767]], dtype=np.int16),
    'u16': np.array([[65535]], dtype=np.uint16),
    'i32': np.array([[-2**31, 2**31 - 1]], dtype=np.int32),
    'u32': np.array([[2**32 - 1]], dtype=np.uint32),
    'i64': np.array([[-2**63, 2**63 - 1]], dtype=np.int64),
    'u64': np.array([[2**64 - 1]], dtype=np.uint64),
    'b': np.array([[True, False, True]]),
    'c': np.array([[1 + 2j, -3.5j]]),
    'cube': np.arange(24.0).reshape(2, 3, 4),
    'e': np.zeros((0, 3)),
    's': 'plain text',
    'rows': np.array(['abc', 'def']),
    'cell': cell,
    'st': st,
    'one': {'a': 1.5, 'b': np.array([[1, 2], [3, 4]], dtype=np.uint8)},
}
for compress in (False, True):
    sio.savemat(sys.argv[1] + ('-z' if compress else '') + '.mat', data, do_compression=compress)
print(json.dumps(load(sys.argv[1] + '.mat')))
`;
    const base = join(dir, 'scipy');
    const expected = JSON.parse(python(make, base));
    expect(Object.keys(expected)).toHaveLength(19);
    for (const suffix of ['', '-z']) {
      const r = readMat(new Uint8Array(readFileSync(`${base}${suffix}.mat`)));
      if (E.isLeft(r)) throw new Error(r.left.message);
      expect(r.right.variables.every((v) => v.compressed === (suffix === '-z'))).toBe(true);
      const got = Object.fromEntries(r.right.variables.map((v) => [v.name, canon(v.value)]));
      expect(got).toEqual(expected);
    }
  });
});
