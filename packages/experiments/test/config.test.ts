import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { ALPHADIGITS_RBM } from '../src/experiments/common.js';
import {
  CONFIG_FIELDS,
  type ConfigError,
  mergeConfig,
  type PointConfig,
  parseOverrides,
  validateConfig,
  validatePartialConfig,
} from '../src/index.js';

const left = <A>(e: E.Either<ConfigError, A>): ConfigError => {
  if (E.isRight(e)) throw new Error(`expected a Left, got ${JSON.stringify(e.right)}`);
  return e.left;
};

describe('validateConfig', () => {
  it('accepts a full configuration and normalises characters to upper case', () => {
    const r = validateConfig({ ...ALPHADIGITS_RBM, chars: ['a', 'b'] });
    expect(E.isRight(r) && r.right.chars).toEqual(['A', 'B']);
  });

  it('rejects an unknown field, listing the valid ones', () => {
    const e = left(validateConfig({ ...ALPHADIGITS_RBM, epoch: 3 }));
    expect(e._tag).toBe('UnknownField');
    expect(e.field).toBe('epoch');
    expect(e.message).toContain('epochs');
    expect(e._tag === 'UnknownField' && e.validFields).toEqual(CONFIG_FIELDS);
  });

  it('rejects a missing field', () => {
    const { k: _, ...rest } = ALPHADIGITS_RBM;
    const e = left(validateConfig(rest));
    expect(e).toMatchObject({ _tag: 'MissingField', field: 'k' });
  });

  it.each([
    ['epochs', '10', 'WrongType'],
    ['epochs', 2.5, 'WrongType'],
    ['epochs', 0, 'InvalidValue'],
    ['learningRate', 0, 'InvalidValue'],
    ['learningRate', Number.NaN, 'WrongType'],
    ['hidden', [], 'InvalidValue'],
    ['hidden', [200, 0], 'InvalidValue'],
    ['hidden', 200, 'WrongType'],
    ['chars', ['A', 'a'], 'InvalidValue'],
    ['chars', ['?'], 'InvalidValue'],
    ['trainSize', 60_001, 'InvalidValue'],
    ['testSize', 10_001, 'InvalidValue'],
    ['threshold', 256, 'InvalidValue'],
    ['pretrain', 'yes', 'WrongType'],
    ['model', 'svm', 'WrongType'],
    ['subsetSeed', 'x', 'WrongType'],
  ] as const)('rejects %s = %j with %s naming the field', (field, value, tag) => {
    const e = left(validateConfig({ ...ALPHADIGITS_RBM, [field]: value }));
    expect(e._tag).toBe(tag);
    expect(e.field).toBe(field);
    expect(e.message).toContain(field);
  });

  it('rejects impossible combinations of sizes and models', () => {
    expect(left(validateConfig({ ...ALPHADIGITS_RBM, hidden: [10, 10] })).field).toBe('hidden');
    expect(left(validateConfig({ ...ALPHADIGITS_RBM, model: 'dnn' })).field).toBe('dataset');
    expect(
      left(
        validateConfig({
          ...ALPHADIGITS_RBM,
          model: 'binarisation',
          dataset: 'mnist',
          trainSize: 100,
        }),
      ).field,
    ).toBe('trainSize');
  });

  it('accepts very large layer sizes (their allocation fails at run time, as a result)', () => {
    expect(E.isRight(validateConfig({ ...ALPHADIGITS_RBM, hidden: [1e9] }))).toBe(true);
  });

  it('validates partial configurations field by field', () => {
    expect(validatePartialConfig({ epochs: 3 })).toEqual(E.right({ epochs: 3 }));
    expect(left(validatePartialConfig({ nope: 1 }))._tag).toBe('UnknownField');
    expect(left(validatePartialConfig([1]))._tag).toBe('WrongType');
  });

  it('merges left to right without changing its inputs', () => {
    const base: PointConfig = { ...ALPHADIGITS_RBM };
    const merged = mergeConfig(base, { epochs: 5 }, { epochs: 7, hidden: [3] });
    expect(merged.epochs).toBe(7);
    expect(merged.hidden).toEqual([3]);
    expect(base.epochs).toBe(100);
    expect(() => mergeConfig(base, null as unknown as Partial<PointConfig>)).toThrow(TypeError);
  });
});

describe('parseOverrides', () => {
  it('parses numbers, lists, characters and booleans by field', () => {
    const r = parseOverrides([
      'epochs=50',
      'batchSize=32',
      'hidden=200,200',
      'chars=A,B',
      'pretrain=true',
    ]);
    expect(r).toEqual(
      E.right({ epochs: 50, batchSize: 32, hidden: [200, 200], chars: ['A', 'B'], pretrain: true }),
    );
  });

  it('parses exponents, enums, null seeds and bracketed lists; the last override wins', () => {
    expect(
      parseOverrides([
        'hidden=[1e9]',
        'learningRate=1e-2',
        'model=dbn',
        'subsetSeed=null',
        'pretrain=false',
        'epochs=3',
        'epochs=4',
      ]),
    ).toEqual(
      E.right({
        hidden: [1e9],
        learningRate: 0.01,
        model: 'dbn',
        subsetSeed: null,
        pretrain: false,
        epochs: 4,
      }),
    );
  });

  it('names the valid fields when a field is unknown', () => {
    const e = left(parseOverrides(['epoch=5']));
    expect(e._tag).toBe('UnknownField');
    for (const f of CONFIG_FIELDS) expect(e.message).toContain(f);
  });

  it.each([
    ['epochs'],
    ['=5'],
    ['epochs=ten'],
    ['epochs='],
    ['epochs=0'],
    ['hidden=200,,200'],
    ['hidden=a,b'],
    ['pretrain=maybe'],
    ['chars=A,?'],
    ['learningRate=-1'],
    ['model=svm'],
  ])('rejects %s as BadOverride', (arg) => {
    const e = left(parseOverrides([arg]));
    expect(e._tag).toBe('BadOverride');
    expect(e.message).toContain(arg);
  });

  it('throws TypeError on a non-array', () => {
    expect(() => parseOverrides('epochs=1' as unknown as string[])).toThrow(TypeError);
  });

  it('round-trips any positive integer list through hidden=…', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1e7 }), { minLength: 1, maxLength: 8 }),
        (h) => {
          expect(parseOverrides([`hidden=${h.join(',')}`])).toEqual(E.right({ hidden: h }));
        },
      ),
    );
  });
});
