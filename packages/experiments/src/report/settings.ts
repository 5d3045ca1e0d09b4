// The settings an experiment used: config fields shared by every point vs fields that vary.
// Browser-safe.
import { architectureLabel, type PointAggregate } from './aggregate.js';
import { isArray } from './validate.js';

/** PointConfig fields in the order of docs/0002-experiments.md; others follow by name. */
const FIELD_ORDER = [
  'model',
  'dataset',
  'chars',
  'trainSize',
  'testSize',
  'hidden',
  'epochs',
  'batchSize',
  'learningRate',
  'k',
  'gibbsSteps',
  'samples',
  'pretrain',
  'backpropEpochs',
  'threshold',
  'persistent',
  'quality',
  'qualitySamples',
  'tau',
  'aisRuns',
  'aisSteps',
  'boundSamples',
];

const QUALITY_FIELDS = ['quality', 'qualitySamples', 'tau', 'aisRuns', 'aisSteps'] as const;

/**
 * The fields that choose an RBM's or DBN's data, by `config.dataset`: AlphaDigits trains on the
 * characters `chars`; MNIST on `trainSize` images (the first, or a `subsetSeed` subset)
 * binarised at `threshold`, its likelihood averaged over `testSize` test images (ais-mnist).
 */
const DATA_FIELDS: Readonly<Record<string, readonly string[]>> = {
  alphadigits: ['chars'],
  mnist: ['trainSize', 'testSize', 'subsetSeed', 'threshold'],
};

/**
 * The config fields that matter to each model (docs/0002-experiments.md): a resolved config
 * carries every field, irrelevant ones keeping the base's value, so the others are not shown.
 */
const RELEVANT: Readonly<Record<string, readonly string[]>> = {
  rbm: [
    'model',
    'dataset',
    'hidden',
    'epochs',
    'batchSize',
    'learningRate',
    'k',
    'gibbsSteps',
    'samples',
    'persistent',
    ...QUALITY_FIELDS,
  ],
  dbn: [
    'model',
    'dataset',
    'hidden',
    'epochs',
    'batchSize',
    'learningRate',
    'k',
    'gibbsSteps',
    'samples',
    ...QUALITY_FIELDS,
    'boundSamples',
  ],
  dnn: [
    'model',
    'dataset',
    'trainSize',
    'testSize',
    'subsetSeed',
    'hidden',
    'pretrain',
    'epochs',
    'batchSize',
    'learningRate',
    'k',
    'backpropEpochs',
    'threshold',
  ],
  binarisation: ['model', 'dataset', 'trainSize', 'subsetSeed', 'threshold'],
};

/**
 * Issue #7's fields, shown only when some point uses them: the quality scoring settings when a
 * point scores its samples, the AIS settings when one estimates a likelihood, PCD when one uses
 * it (a resolved config carries them all, off by default).
 */
const IN_USE: Readonly<Record<string, (config: Readonly<Record<string, unknown>>) => boolean>> = {
  persistent: (c) => c.persistent === true,
  quality: (c) => c.quality === true,
  qualitySamples: (c) => c.quality === true,
  tau: (c) => c.quality === true,
  aisRuns: (c) => typeof c.aisRuns === 'number' && c.aisRuns > 0,
  aisSteps: (c) => typeof c.aisRuns === 'number' && c.aisRuns > 0,
  boundSamples: (c) => c.model === 'dbn' && typeof c.aisRuns === 'number' && c.aisRuns > 0,
};

/**
 * The fields that matter to a point's config: its model's (RELEVANT), plus — for an RBM or DBN —
 * those that pick its data set's images (DATA_FIELDS; an unknown data set keeps both kinds);
 * undefined (every field) for an unknown model.
 */
function relevantFields(config: Readonly<Record<string, unknown>>): readonly string[] | undefined {
  const model = typeof config.model === 'string' ? config.model : '';
  if (!Object.hasOwn(RELEVANT, model)) return undefined;
  const own = RELEVANT[model]!;
  if (model !== 'rbm' && model !== 'dbn') return own;
  const dataset = typeof config.dataset === 'string' ? config.dataset : '';
  const data = Object.hasOwn(DATA_FIELDS, dataset)
    ? DATA_FIELDS[dataset]!
    : Object.values(DATA_FIELDS).flat();
  return [...own, ...data];
}

/** Settings of an experiment: `[field, value]` pairs shared by all points, and the varied fields. */
export interface ExperimentSettings {
  readonly shared: readonly (readonly [string, string])[];
  readonly varied: readonly string[];
}

/**
 * A config value for a reader: `hidden` in the study's notation ("5 × 500"), `chars` joined by
 * commas, booleans yes/no, other arrays and objects as JSON, strings and numbers as they are.
 */
export function formatSetting(field: string, value: unknown): string {
  if (typeof field !== 'string')
    throw new TypeError(`formatSetting: field must be a string, got ${typeof field}`);
  if (field === 'hidden' && Array.isArray(value) && value.every((q) => typeof q === 'number')) {
    return architectureLabel(value as number[]);
  }
  if (field === 'chars' && Array.isArray(value)) return value.map(String).join(',');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value) ?? String(value);
}

/**
 * Splits the points' config fields into those with one value across all points (shared, with
 * that value formatted by {@link formatSetting}) and those that vary; a field missing from some
 * points counts as varying. Points without any result (whose config is unknown) are left out, and
 * so are fields that matter to none of the points' models (an RBM's `pretrain`, a DNN's
 * `gibbsSteps`, an MNIST RBM's `chars`, an AlphaDigits RBM's `trainSize`); unknown models keep
 * every field. Issue #7's fields (quality, qualitySamples, tau, aisRuns, aisSteps, persistent, a
 * DBN's boundSamples) appear only when some point uses them. Fields are in the contract's order, then
 * alphabetical.
 */
export function experimentSettings(points: readonly PointAggregate[]): ExperimentSettings {
  if (!isArray(points)) {
    throw new TypeError(`experimentSettings: points must be an array, got ${typeof points}`);
  }
  points = points.filter((p) => p.reps.length + p.failures.length > 0);
  const fields = new Set<string>();
  for (const p of points) {
    const relevant = relevantFields(p.config);
    for (const key of Object.keys(p.config))
      if (relevant === undefined || relevant.includes(key)) fields.add(key);
  }
  for (const [field, used] of Object.entries(IN_USE))
    if (!points.some((p) => used(p.config))) fields.delete(field);
  const rank = (f: string): number => {
    const i = FIELD_ORDER.indexOf(f);
    return i < 0 ? FIELD_ORDER.length : i;
  };
  const ordered = [...fields].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const shared: [string, string][] = [];
  const varied: string[] = [];
  for (const f of ordered) {
    const values = new Set(points.map((p) => JSON.stringify(p.config[f] ?? null)));
    if (values.size === 1 && points.every((p) => p.config[f] !== undefined)) {
      shared.push([f, formatSetting(f, points[0]!.config[f])]);
    } else varied.push(f);
  }
  return { shared, varied };
}
