import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zeros } from '@dbn/linalg';
import { derive } from '@dbn/random';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  type Dnn,
  exportNpz,
  initDbn,
  initDnn,
  initRbm,
  loadModel,
  type Model,
  predict,
  saveModel,
} from '../src/index.js';

function arraysOf(m: Model): number[][] {
  switch (m.kind) {
    case 'rbm':
      return [Array.from(m.W.data), Array.from(m.a), Array.from(m.b)];
    case 'dbn':
      return m.layers.flatMap((l) => [Array.from(l.W.data), Array.from(l.a), Array.from(l.b)]);
    case 'dnn':
      return m.layers.flatMap((l) => [Array.from(l.W.data), Array.from(l.b)]);
  }
}

const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

describe('safetensors persistence', () => {
  const models: Model[] = [
    initRbm(7, 4, derive(1)),
    initDbn([6, 5, 3], derive(2), { dtype: 'f64' }),
    initDnn([5, 4, 3], derive(3)),
  ];

  it.each(models.map((m) => [m.kind, m] as const))(
    'round-trips a %s bit for bit with its metadata',
    (_, m) => {
      const meta = {
        seed: 42,
        config: { lr: 0.1, batchSize: 5 },
        version: '0.1.0',
        history: [{ epoch: 1, loss: 0.5 }],
      };
      const bytes = saveModel(m, meta);
      const back = loadModel(bytes);
      expect(E.isRight(back)).toBe(true);
      if (E.isRight(back)) {
        expect(back.right.model.kind).toBe(m.kind);
        expect(arraysOf(back.right.model)).toEqual(arraysOf(m));
        expect(back.right.metadata).toEqual(meta);
      }
    },
  );

  it('a loaded classifier predicts bit-identically', () => {
    const dnn = initDnn([10, 6, 3], derive(4));
    const X = zeros(9, 10, 'f32');
    derive(5).fillUniform(X.data);
    const back = loadModel(saveModel(dnn));
    if (E.isLeft(back)) throw new Error(back.left.message);
    const a = predict(dnn, X);
    const b = predict(back.right.model as Dnn, X);
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
  });

  it('returns a ModelFileError for truncated, corrupted or foreign files, never throws', () => {
    const good = saveModel(initDbn([5, 4, 3], derive(6)), { seed: 1 });
    fc.assert(
      fc.property(
        fc.nat(good.length),
        fc.array(fc.tuple(fc.nat(good.length - 1), fc.nat(255)), { maxLength: 5 }),
        (cut, flips) => {
          const bytes = good.slice(0, cut);
          for (const [i, v] of flips) if (i < bytes.length) bytes[i] = v;
          const res = loadModel(bytes);
          if (E.isLeft(res)) {
            expect(res.left._tag).toBe('ModelFileError');
            expect(res.left.message.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 300 },
    );
    const tooShort = loadModel(good.slice(0, 100));
    expect(E.isLeft(tooShort) && tooShort.left.message).toMatch(/header claims|too short/);
    const foreign = loadModel(
      new TextEncoder().encode('\u0010\u0000\u0000\u0000\u0000\u0000\u0000\u0000{"x":1}         '),
    );
    expect(E.isLeft(foreign) && foreign.left.message).toMatch(/not a dbn model file/);
  });
});

describe('.npz export', () => {
  it.skipIf(!hasNumpy)('is read by numpy.load with the same values', () => {
    const dbn = initDbn([6, 5, 3], derive(7));
    const dir = mkdtempSync(join(tmpdir(), 'dbn-npz-'));
    const file = join(dir, 'model.npz');
    writeFileSync(file, exportNpz(dbn));
    const script = `
import numpy as np, json, sys
z = np.load(sys.argv[1])
print(json.dumps({k: {"shape": list(z[k].shape), "dtype": str(z[k].dtype), "sum": float(z[k].astype(np.float64).sum()), "first": float(z[k].flat[0])} for k in z.files}))
`;
    const res = spawnSync('python3', ['-c', script, file], { encoding: 'utf8' });
    expect(res.status).toBe(0);
    const info = JSON.parse(res.stdout) as Record<
      string,
      { shape: number[]; dtype: string; sum: number; first: number }
    >;
    expect(Object.keys(info).sort()).toEqual(
      ['layers.0.W', 'layers.0.a', 'layers.0.b', 'layers.1.W', 'layers.1.a', 'layers.1.b'].sort(),
    );
    expect(info['layers.0.W']!.shape).toEqual([6, 5]);
    expect(info['layers.0.W']!.dtype).toBe('float32');
    let s = 0;
    for (const w of dbn.layers[0]!.W.data) s += w;
    expect(info['layers.0.W']!.sum).toBeCloseTo(s, 4);
    expect(info['layers.0.W']!.first).toBe(dbn.layers[0]!.W.data[0]);
  });
});

describe('loadModel on a view into a larger buffer', () => {
  it('reads the right bytes when the input does not start at offset 0 of its buffer', () => {
    const rbm = initRbm(6, 4, derive(11));
    const bytes = saveModel(rbm);
    const big = new Uint8Array(bytes.length + 37);
    big.fill(0xab);
    big.set(bytes, 29);
    const res = loadModel(big.subarray(29, 29 + bytes.length));
    if (E.isLeft(res)) throw new Error(res.left.message);
    expect(arraysOf(res.right.model)).toEqual(arraysOf(rbm));
    // a small Node Buffer lives inside a shared pool, and Buffer#slice returns a view
    const buf = Buffer.from(bytes);
    const fromBuffer = loadModel(buf);
    if (E.isLeft(fromBuffer)) throw new Error(fromBuffer.left.message);
    expect(arraysOf(fromBuffer.right.model)).toEqual(arraysOf(rbm));
  });
});
