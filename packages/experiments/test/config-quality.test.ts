// The measurement fields of a point's configuration (issue #7): quality, qualitySamples, tau,
// aisRuns, aisSteps, persistent.
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { ALPHADIGITS_RBM } from '../src/experiments/common.js';
import {
  CONFIG_FIELDS,
  type ConfigError,
  EXPERIMENTS,
  parseOverrides,
  resolvePoints,
  SCALES,
  validateConfig,
} from '../src/index.js';

const left = <A>(e: E.Either<ConfigError, A>): ConfigError => {
  if (E.isRight(e)) throw new Error(`expected a Left, got ${JSON.stringify(e.right)}`);
  return e.left;
};

const NEW_FIELDS = [
  'quality',
  'qualitySamples',
  'tau',
  'aisRuns',
  'aisSteps',
  'boundSamples',
  'persistent',
];

describe('measurement config fields', () => {
  it('are listed after the study fields, in the order of docs/0002', () => {
    expect(CONFIG_FIELDS.slice(-NEW_FIELDS.length)).toEqual(NEW_FIELDS);
  });

  it('default to no measurement and plain CD in the base configuration', () => {
    expect(ALPHADIGITS_RBM).toMatchObject({
      quality: false,
      qualitySamples: 100,
      tau: 0.9,
      aisRuns: 0,
      aisSteps: 14_500,
      boundSamples: 10,
      persistent: false,
    });
  });

  it('keep the study experiments unmeasured at both scales', () => {
    const study = EXPERIMENTS.filter((e) => /^(fig|table)/.test(e.name));
    for (const exp of study)
      for (const scale of SCALES) {
        const points = resolvePoints(exp, scale);
        if (E.isLeft(points)) throw new Error(points.left.message);
        for (const p of points.right)
          expect(p.config).toMatchObject({ quality: false, aisRuns: 0, persistent: false });
      }
  });

  it('parse from --set', () => {
    expect(
      parseOverrides([
        'quality=true',
        'qualitySamples=250',
        'tau=0.75',
        'aisRuns=50',
        'aisSteps=1000',
        'boundSamples=3',
        'persistent=yes',
      ]),
    ).toEqual(
      E.right({
        quality: true,
        qualitySamples: 250,
        tau: 0.75,
        aisRuns: 50,
        aisSteps: 1000,
        boundSamples: 3,
        persistent: true,
      }),
    );
    expect(parseOverrides(['tau=1', 'aisRuns=0'])).toEqual(E.right({ tau: 1, aisRuns: 0 }));
  });

  it.each([
    ['tau=0'],
    ['tau=1.01'],
    ['tau=-0.5'],
    ['tau=high'],
    ['qualitySamples=0'],
    ['aisRuns=-1'],
    ['aisRuns=2.5'],
    ['aisSteps=0'],
    ['boundSamples=0'],
    ['quality=maybe'],
    ['persistent=2'],
  ])('reject %s as BadOverride naming the field', (arg) => {
    const e = left(parseOverrides([arg]));
    expect(e._tag).toBe('BadOverride');
    expect(e.field).toBe(arg.slice(0, arg.indexOf('=')));
    expect(e.message).toContain(arg);
  });

  it.each([
    ['tau', 0, 'InvalidValue'],
    ['tau', 2, 'InvalidValue'],
    ['tau', '0.9', 'WrongType'],
    ['qualitySamples', 0, 'InvalidValue'],
    ['qualitySamples', 1.5, 'WrongType'],
    ['aisRuns', 1, 'InvalidValue'],
    ['aisRuns', -2, 'InvalidValue'],
    ['aisSteps', 0, 'InvalidValue'],
    ['boundSamples', 0, 'InvalidValue'],
    ['quality', 1, 'WrongType'],
    ['persistent', 'true', 'WrongType'],
  ] as const)('reject %s = %j in a full configuration with %s', (field, value, tag) => {
    const e = left(validateConfig({ ...ALPHADIGITS_RBM, [field]: value }));
    expect(e._tag).toBe(tag);
    expect(e.field).toBe(field);
    expect(e.message).toContain(field);
  });

  it('accept the edges of their ranges', () => {
    for (const c of [
      { tau: 1 },
      { tau: 1e-9 },
      { aisRuns: 0 },
      { aisRuns: 2 },
      { aisSteps: 1 },
      { qualitySamples: 1 },
    ])
      expect(E.isRight(validateConfig({ ...ALPHADIGITS_RBM, ...c }))).toBe(true);
  });
});
