// The configuration of one point of an experiment (docs/0002-experiments.md): a flat JSON object
// whose every field can be overridden with `--set field=value`.
import { ALPHADIGITS_LABELS } from '@dbn/datasets';
import * as E from 'fp-ts/lib/Either.js';

/** What a point trains: an RBM, a DBN, a DNN (pretrained or not) or fig8's binarisation. */
export type ModelKind = 'rbm' | 'dbn' | 'dnn' | 'binarisation';

/** Which data a point uses. */
export type DatasetName = 'alphadigits' | 'mnist';

/**
 * The full, resolved configuration of one point. Every field is always present (irrelevant ones
 * keep their base value), so the canonical JSON — and hence the point's hash — is well defined.
 */
export interface PointConfig {
  /** `rbm` · `dbn` · `dnn` · `binarisation` (fig8). */
  readonly model: ModelKind;
  /** `alphadigits` (RBM/DBN) or `mnist` (DNN, binarisation; RBM/DBN allowed too). */
  readonly dataset: DatasetName;
  /** AlphaDigits characters ('0'–'9', 'A'–'Z'), e.g. ['A']; distinct. */
  readonly chars: readonly string[];
  /** MNIST training examples (1..60000): the first N, or a seeded subset when `subsetSeed` is set. */
  readonly trainSize: number;
  /** MNIST test examples (1..10000), chosen like `trainSize`. */
  readonly testSize: number;
  /** Seed of the MNIST subsets (`subsetIndices`), or null for the first N of each split. */
  readonly subsetSeed: number | null;
  /** Hidden layer sizes: [q] for an RBM, [q1…qL] for a DBN or a DNN's hidden layers. */
  readonly hidden: readonly number[];
  /** RBM epochs (each DBN layer; DNN pretraining). */
  readonly epochs: number;
  /** Minibatch size (RBM and backprop). */
  readonly batchSize: number;
  /** SGD step (RBM and backprop). */
  readonly learningRate: number;
  /** CD-k Gibbs steps in training (the study's 1). */
  readonly k: number;
  /** Generation: Gibbs steps per chain. */
  readonly gibbsSteps: number;
  /** Generation: number of images (independent chains). */
  readonly samples: number;
  /** DNN: initialise from a DBN trained on the same images (true) or randomly (false). */
  readonly pretrain: boolean;
  /** DNN supervised epochs. */
  readonly backpropEpochs: number;
  /** MNIST binarisation: pixel > threshold → 1 (the study's 128). */
  readonly threshold: number;
  /** RBM/DBN: score generated samples with the data set's classifier (metrics.quality). */
  readonly quality: boolean;
  /** RBM/DBN: independent Gibbs chains scored for `quality` (separate from `samples`). */
  readonly qualitySamples: number;
  /** Confidence threshold τ ∈ (0, 1] above which a sample counts as recognised. */
  readonly tau: number;
  /** RBM/DBN: AIS runs M for metrics.likelihood; 0 = no likelihood (else ≥ 2). */
  readonly aisRuns: number;
  /** AIS intermediate temperatures K (14,500 = the schedule of Salakhutdinov & Murray 2008). */
  readonly aisSteps: number;
  /** DBN likelihood bound: posterior samples S per image (dbnLowerBound; default 10). */
  readonly boundSamples: number;
  /** RBM training: persistent CD (negative chains carried across minibatches); false = CD-k. */
  readonly persistent: boolean;
}

/** A field name of {@link PointConfig}. */
export type ConfigField = keyof PointConfig;

/** How a field's value is typed, parsed and checked. */
type FieldKind =
  | { readonly type: 'enum'; readonly values: readonly string[] }
  | { readonly type: 'int'; readonly min: number; readonly max: number }
  | {
      readonly type: 'number';
      readonly min: number;
      readonly exclusiveMin: boolean;
      readonly max?: number;
    }
  | { readonly type: 'bool' }
  | { readonly type: 'ints'; readonly min: number }
  | { readonly type: 'chars' }
  | { readonly type: 'seed' };

const INT_MAX = Number.MAX_SAFE_INTEGER;

const FIELD_KINDS: { readonly [K in ConfigField]: FieldKind } = {
  model: { type: 'enum', values: ['rbm', 'dbn', 'dnn', 'binarisation'] },
  dataset: { type: 'enum', values: ['alphadigits', 'mnist'] },
  chars: { type: 'chars' },
  trainSize: { type: 'int', min: 1, max: 60_000 },
  testSize: { type: 'int', min: 1, max: 10_000 },
  subsetSeed: { type: 'seed' },
  hidden: { type: 'ints', min: 1 },
  epochs: { type: 'int', min: 1, max: INT_MAX },
  batchSize: { type: 'int', min: 1, max: INT_MAX },
  learningRate: { type: 'number', min: 0, exclusiveMin: true },
  k: { type: 'int', min: 1, max: INT_MAX },
  gibbsSteps: { type: 'int', min: 1, max: INT_MAX },
  samples: { type: 'int', min: 1, max: 100_000 },
  pretrain: { type: 'bool' },
  backpropEpochs: { type: 'int', min: 1, max: INT_MAX },
  threshold: { type: 'int', min: 0, max: 255 },
  quality: { type: 'bool' },
  qualitySamples: { type: 'int', min: 1, max: 100_000 },
  tau: { type: 'number', min: 0, exclusiveMin: true, max: 1 },
  aisRuns: { type: 'int', min: 0, max: 100_000 },
  aisSteps: { type: 'int', min: 1, max: INT_MAX },
  boundSamples: { type: 'int', min: 1, max: 10_000 },
  persistent: { type: 'bool' },
};

/** Every field of {@link PointConfig}, in the order of docs/0002-experiments.md. */
export const CONFIG_FIELDS: readonly ConfigField[] = Object.freeze(
  Object.keys(FIELD_KINDS) as ConfigField[],
);

/** A configuration that cannot be used; `field` names the culprit, `message` is one line. */
export type ConfigError =
  | {
      readonly _tag: 'UnknownField';
      readonly field: string;
      readonly validFields: readonly string[];
      readonly message: string;
    }
  | { readonly _tag: 'MissingField'; readonly field: string; readonly message: string }
  | {
      readonly _tag: 'WrongType';
      readonly field: string;
      readonly expected: string;
      readonly message: string;
    }
  | { readonly _tag: 'InvalidValue'; readonly field: string; readonly message: string }
  | { readonly _tag: 'BadOverride'; readonly field: string; readonly message: string };

const show = (v: unknown): string => {
  if (typeof v === 'string') return JSON.stringify(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
};

const unknownField = (field: string): ConfigError => ({
  _tag: 'UnknownField',
  field,
  validFields: CONFIG_FIELDS,
  message: `unknown field ${JSON.stringify(field)}; valid fields: ${CONFIG_FIELDS.join(', ')}`,
});

const wrongType = (field: string, expected: string, value: unknown): ConfigError => ({
  _tag: 'WrongType',
  field,
  expected,
  message: `${field} must be ${expected}, got ${show(value)}`,
});

const invalid = (field: string, message: string): ConfigError => ({
  _tag: 'InvalidValue',
  field,
  message: `${field}: ${message}`,
});

function describeKind(kind: FieldKind): string {
  switch (kind.type) {
    case 'enum':
      return `one of ${kind.values.map((v) => `'${v}'`).join(', ')}`;
    case 'int':
      return kind.max === INT_MAX
        ? `an integer ≥ ${kind.min}`
        : `an integer in ${kind.min}..${kind.max}`;
    case 'number':
      return `a finite number ${kind.exclusiveMin ? '>' : '≥'} ${kind.min}${kind.max === undefined ? '' : ` and ≤ ${kind.max}`}`;
    case 'bool':
      return 'true or false';
    case 'ints':
      return `a non-empty list of integers ≥ ${kind.min}`;
    case 'chars':
      return `a non-empty list of distinct AlphaDigits characters (${ALPHADIGITS_LABELS.join('')})`;
    case 'seed':
      return 'a finite number or null';
  }
}

/** Checks one field's value against its kind (type and range). */
function checkField(field: ConfigField, value: unknown): E.Either<ConfigError, unknown> {
  const kind = FIELD_KINDS[field];
  const expected = describeKind(kind);
  switch (kind.type) {
    case 'enum':
      return typeof value === 'string' && kind.values.includes(value)
        ? E.right(value)
        : E.left(wrongType(field, expected, value));
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value))
        return E.left(wrongType(field, expected, value));
      return value < kind.min || value > kind.max
        ? E.left(invalid(field, `must be ${expected}, got ${value}`))
        : E.right(value);
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value))
        return E.left(wrongType(field, expected, value));
      return value < kind.min ||
        (kind.exclusiveMin && value === kind.min) ||
        (kind.max !== undefined && value > kind.max)
        ? E.left(invalid(field, `must be ${expected}, got ${value}`))
        : E.right(value);
    case 'bool':
      return typeof value === 'boolean'
        ? E.right(value)
        : E.left(wrongType(field, expected, value));
    case 'ints': {
      if (!Array.isArray(value) || value.some((x) => typeof x !== 'number' || !Number.isInteger(x)))
        return E.left(wrongType(field, expected, value));
      if (value.length === 0) return E.left(invalid(field, `must be ${expected}, got []`));
      const bad = value.findIndex((x: number) => x < kind.min || x > INT_MAX);
      return bad >= 0
        ? E.left(
            invalid(field, `${field}[${bad}] must be an integer ≥ ${kind.min}, got ${value[bad]}`),
          )
        : E.right(value.slice());
    }
    case 'chars': {
      if (!Array.isArray(value) || value.some((x) => typeof x !== 'string'))
        return E.left(wrongType(field, expected, value));
      if (value.length === 0) return E.left(invalid(field, `must be ${expected}, got []`));
      const seen = new Set<string>();
      for (let i = 0; i < value.length; i++) {
        const c = String(value[i]).toUpperCase();
        if (!ALPHADIGITS_LABELS.includes(c))
          return E.left(
            invalid(
              field,
              `unknown character ${show(value[i])} at chars[${i}]; valid: ${ALPHADIGITS_LABELS.join('')}`,
            ),
          );
        if (seen.has(c))
          return E.left(invalid(field, `character ${show(value[i])} is selected twice`));
        seen.add(c);
      }
      return E.right(value.map((c: string) => c.toUpperCase()));
    }
    case 'seed':
      return value === null || (typeof value === 'number' && Number.isFinite(value))
        ? E.right(value)
        : E.left(wrongType(field, expected, value));
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Checks a partial configuration (an experiment's scale or point override, or user overrides):
 * every key must be a known field and every value of the field's type and range. Returns a
 * normalised copy (characters upper-cased, arrays copied).
 */
export function validatePartialConfig(input: unknown): E.Either<ConfigError, Partial<PointConfig>> {
  if (!isRecord(input)) return E.left(wrongType('config', 'an object', input));
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(input)) {
    if (!Object.hasOwn(FIELD_KINDS, field)) return E.left(unknownField(field));
    const checked = checkField(field as ConfigField, value);
    if (E.isLeft(checked)) return checked;
    out[field] = checked.right;
  }
  return E.right(out as Partial<PointConfig>);
}

/**
 * Checks a full configuration: no unknown or missing field, each of the right type and range,
 * and consistent sizes — an RBM has exactly one hidden layer; a DNN and binarisation use MNIST;
 * the binarisation illustration shows at most 64 images; aisRuns is 0 or at least 2. Returns a normalised copy, or a Left
 * {@link ConfigError} naming the field.
 */
export function validateConfig(input: unknown): E.Either<ConfigError, PointConfig> {
  const partial = validatePartialConfig(input);
  if (E.isLeft(partial)) return partial;
  const c = partial.right;
  for (const field of CONFIG_FIELDS) {
    if (!(field in c))
      return E.left({
        _tag: 'MissingField',
        field,
        message: `missing field ${field} (${describeKind(FIELD_KINDS[field])})`,
      });
  }
  const config = c as PointConfig;
  if (config.model === 'rbm' && config.hidden.length !== 1)
    return E.left(
      invalid('hidden', `an RBM has one hidden layer [q], got [${config.hidden.join(', ')}]`),
    );
  if ((config.model === 'dnn' || config.model === 'binarisation') && config.dataset !== 'mnist')
    return E.left(
      invalid('dataset', `model '${config.model}' needs dataset 'mnist', got '${config.dataset}'`),
    );
  if (config.aisRuns === 1)
    return E.left(
      invalid('aisRuns', 'must be 0 (no likelihood) or at least 2 (AIS needs two runs), got 1'),
    );
  if (config.model === 'binarisation' && config.trainSize > 64)
    return E.left(
      invalid(
        'trainSize',
        `the binarisation illustration shows 1..64 images, got ${config.trainSize}`,
      ),
    );
  return E.right(config);
}

/**
 * Merges configurations left to right (later fields win). Values are not checked: validate the
 * result with {@link validateConfig}.
 */
export function mergeConfig(
  base: PointConfig,
  ...overrides: readonly Partial<PointConfig>[]
): PointConfig {
  let out: PointConfig = { ...base };
  for (const o of overrides) {
    if (!isRecord(o)) throw new TypeError(`overrides must be objects, got ${show(o)}`);
    out = { ...out, ...o };
  }
  return out;
}

function parseNumber(text: string): number {
  const t = text.trim();
  // Number('') is 0 and Number(' ') too: refuse empty strings explicitly.
  return t === '' ? Number.NaN : Number(t);
}

function parseValue(field: ConfigField, text: string): E.Either<ConfigError, unknown> {
  const kind = FIELD_KINDS[field];
  const bad = (expected: string): E.Either<ConfigError, never> =>
    E.left({
      _tag: 'BadOverride',
      field,
      message: `--set ${field}=${text}: ${field} must be ${expected}`,
    });
  const expected = describeKind(kind);
  let value: unknown;
  switch (kind.type) {
    case 'enum':
      value = text.trim();
      break;
    case 'int':
    case 'number':
      value = parseNumber(text);
      if (Number.isNaN(value)) return bad(expected);
      break;
    case 'bool': {
      const t = text.trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(t)) value = true;
      else if (['false', '0', 'no', 'off'].includes(t)) value = false;
      else return bad(expected);
      break;
    }
    case 'ints': {
      const t = text.trim().replace(/^\[(.*)\]$/, '$1');
      const parts = t === '' ? [] : t.split(',');
      value = parts.map(parseNumber);
      if ((value as number[]).some(Number.isNaN)) return bad(expected);
      break;
    }
    case 'chars': {
      const t = text.trim().replace(/^\[(.*)\]$/, '$1');
      value = t === '' ? [] : t.split(',').map((s) => s.trim().replace(/^["'](.*)["']$/, '$1'));
      break;
    }
    case 'seed': {
      const t = text.trim().toLowerCase();
      if (t === 'null' || t === 'none') value = null;
      else {
        value = parseNumber(text);
        if (Number.isNaN(value)) return bad(expected);
      }
      break;
    }
  }
  const checked = checkField(field, value);
  if (E.isLeft(checked)) {
    const e = checked.left;
    return E.left({ _tag: 'BadOverride', field, message: `--set ${field}=${text}: ${e.message}` });
  }
  return checked;
}

/**
 * Parses `--set` overrides of the form `field=value`: numbers (`epochs=50`, `learningRate=1e-2`,
 * `hidden=1e9`), lists (`hidden=200,200`, `chars=A,B`), booleans (`pretrain=true|false`), enums
 * (`model=dbn`) and `subsetSeed=null`. A later override of the same field wins. An unknown field
 * gives an `UnknownField` error listing the valid fields; a missing `=` or a bad value gives
 * `BadOverride` naming the field. Throws TypeError when `args` is not an array of strings.
 */
export function parseOverrides(
  args: readonly string[],
): E.Either<ConfigError, Partial<PointConfig>> {
  if (!Array.isArray(args) || args.some((a) => typeof a !== 'string')) {
    throw new TypeError(`args must be an array of strings, got ${show(args)}`);
  }
  const out: Record<string, unknown> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0)
      return E.left({
        _tag: 'BadOverride',
        field: eq < 0 ? arg : '',
        message: `--set ${arg}: expected field=value (fields: ${CONFIG_FIELDS.join(', ')})`,
      });
    const field = arg.slice(0, eq).trim();
    if (!Object.hasOwn(FIELD_KINDS, field)) return E.left(unknownField(field));
    const value = parseValue(field as ConfigField, arg.slice(eq + 1));
    if (E.isLeft(value)) return value;
    out[field] = value.right;
  }
  return E.right(out as Partial<PointConfig>);
}
