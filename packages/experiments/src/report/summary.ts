// The report's read side of docs/0002-experiments.md: a summary.json checked into typed results.
// Browser-safe (pure): the web viewer parses the same files with this code. The types are
// named Report* so that they do not clash with the runner's own (src/result.ts), which they
// mirror for the fields the report reads.
import * as E from 'fp-ts/lib/Either.js';
import { invalidSummary, type ReportInvalidSummary } from './errors.js';

/** Numbers the study reports per point id (`study.reference` of the contract). */
export interface StudyReference {
  /** `logLikelihood`: mean log p(v) in nats per image (metrics.likelihood). */
  readonly metric: 'reconstructionError' | 'testErrorRate' | 'logLikelihood';
  readonly values: Readonly<Record<string, number>>;
}

/** Where a claim comes from in the study, what it says, and the numbers it reports. */
export interface StudyClaim {
  /** e.g. "Figure 9". */
  readonly ref: string;
  readonly claim: string;
  readonly reference?: StudyReference;
}

/** How the study shows the experiment (`figure` of the contract). */
export type ReportFigure =
  | { readonly kind: 'mosaic'; readonly caption?: 'reconstructionError' }
  | {
      readonly kind: 'line';
      readonly x: 'layers' | 'width' | 'trainSize' | 'chars';
      readonly xLabel?: string;
      readonly logX?: boolean;
    }
  | { readonly kind: 'table' }
  | { readonly kind: 'binarisation' }
  /** capacity-rbm / capacity-dbn: quality and likelihood against the number of characters. */
  | { readonly kind: 'capacity' }
  /** ais-mnist: a table of test log-likelihoods beside published values. */
  | { readonly kind: 'likelihood' };

/** A failed point: `metrics.error` of its result.json. */
export interface ReportFailure {
  /** `out-of-memory`, `diverged`, `data`, `crashed`, `error`, … */
  readonly kind: string;
  readonly message: string;
}

/**
 * One epoch's reconstruction error from `metrics.history`; `layer` is the record's (1-based for
 * a DBN, as the contract says), 0 when the record has none (an RBM).
 */
export interface ReconstructionEpoch {
  readonly layer: number;
  readonly epoch: number;
  readonly reconstructionError: number;
}

/** fig8's numbers: labels of the images shown and the fraction of their pixels set to 1. */
export interface ReportBinarisation {
  readonly labels: readonly number[];
  readonly onFraction: readonly number[];
}

/**
 * `metrics.quality` (issue #7): generated samples scored by a classifier; a sample is recognised
 * when its most probable class is a trained one with probability ≥ τ.
 */
export interface ReportQuality {
  /** Fraction of samples recognised, 0..1. */
  readonly recognised: number;
  /** Trained classes with at least one recognised sample (0..classes). */
  readonly coverage: number;
  /** Trained classes (the point's characters, or 10 MNIST digits). */
  readonly classes: number;
  /** Entropy (nats) of the recognised samples' class distribution, 0..log(classes). */
  readonly coverageEntropy: number;
  /** Samples scored, when recorded. */
  readonly samples?: number;
  /** The confidence threshold τ, when recorded. */
  readonly tau?: number;
  /** Recognised samples per trained class (length `classes`), when recorded. */
  readonly perClass?: readonly number[];
  /** The scoring classifier's id and held-out accuracy, when recorded. */
  readonly classifier?: { readonly id?: string; readonly heldOutAccuracy?: number };
}

/**
 * `metrics.likelihood` (issue #7): mean log p(v) per image in nats (exact, AIS, or a DBN's
 * variational lower bound) with the log Z interval behind it.
 */
export interface ReportLikelihood {
  /** `exact`, `ais` or `dbn-bound` (other strings are kept as they are). */
  readonly method: string;
  readonly meanLogLikelihood: number;
  /** `train` or `test`, when recorded. */
  readonly set?: string;
  readonly images?: number;
  readonly logZ?: number;
  /** Lower end of log Z's ±3σ interval; absent when unbounded (JSON null for −∞). */
  readonly logZLow?: number;
  readonly logZHigh?: number;
  /** AIS runs M and intermediate temperatures K (0 for exact). */
  readonly runs?: number;
  readonly betas?: number;
  readonly seconds?: number;
}

/** The metrics of one result.json that the report uses (other fields are ignored). */
export interface ReportMetrics {
  /** Final-epoch reconstruction error (a DBN's: of layer 1, on the images). */
  readonly reconstructionError?: number;
  /** DBN (and pretrained DNN): final reconstruction error of each layer, layer 1 first. */
  readonly layerReconstructionErrors?: readonly number[];
  /** DNN: test error as a fraction in 0..1. */
  readonly testErrorRate?: number;
  /** DNN: training error as a fraction in 0..1. */
  readonly trainErrorRate?: number;
  readonly secondsPerEpoch?: number;
  /** Per-epoch reconstruction errors of `metrics.history` (DNN backprop records are skipped). */
  readonly history: readonly ReconstructionEpoch[];
  readonly binarisation?: ReportBinarisation;
  /** RBM/DBN: recognisability of generated samples, when measured. */
  readonly quality?: ReportQuality;
  /** RBM/DBN: log-likelihood per image, when measured. */
  readonly likelihood?: ReportLikelihood;
  /** Present iff the point failed. */
  readonly error?: ReportFailure;
}

/** A point's resolved `PointConfig` (flat JSON); known fields are type-checked when parsed. */
export type ConfigRecord = Readonly<Record<string, unknown>>;

/** One result.json (one repetition of one point). */
export interface ReportResult {
  readonly experiment: string;
  readonly pointId: string;
  readonly label: string;
  readonly rep: number;
  readonly config: ConfigRecord;
  readonly metrics: ReportMetrics;
  /** Artifact name → file name relative to the rep directory (`samples`, `model`). */
  readonly artifacts: Readonly<Record<string, string>>;
  readonly seed?: number;
  readonly hash?: string;
  readonly codeVersion?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  /** Wall-clock seconds of the point, summed over resumed runs. */
  readonly seconds?: number;
}

/** A parsed `<run>/<experiment>/summary.json`. */
export interface ReportSummary {
  readonly experiment: string;
  readonly title?: string;
  readonly study?: StudyClaim;
  readonly figure?: ReportFigure;
  /** `paper` or `quick`. */
  readonly scale?: string;
  /** What the quick scale changes, in one line. */
  readonly quick?: string;
  /** The experiment seed and the number of repetitions per point. */
  readonly seed?: number;
  readonly seeds?: number;
  readonly codeVersion?: string;
  /** The user's `--set` overrides applied to every point. */
  readonly overrides?: ConfigRecord;
  /** Every point of the sweep in order, also those without results. */
  readonly points?: readonly { readonly id: string; readonly label: string }[];
  /** Point repetitions without a result (not run yet, or run by another shard). */
  readonly missing: readonly { readonly pointId: string; readonly rep: number }[];
  /** Every result present, in the order of the file. */
  readonly results: readonly ReportResult[];
}

/** Where a summary comes from, for error messages and the directory-name check. */
export interface SummarySource {
  /** The file path, named in every error. */
  readonly path: string;
  /** The experiment directory's name; a summary or result naming another experiment is a Left. */
  readonly experiment: string;
}

type Json = Readonly<Record<string, unknown>>;

class Invalid extends Error {
  constructor(
    readonly at: string,
    readonly why: string,
  ) {
    super(why);
  }
}

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const show = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

function optString(o: Json, key: string, at: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new Invalid(`${at}${key}`, `expected a string, got ${show(v)}`);
  return v;
}

function optNumber(
  o: Json,
  key: string,
  at: string,
  lo = -Infinity,
  hi = Infinity,
): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) {
    const range = hi === Infinity ? (lo === -Infinity ? '' : ` ≥ ${lo}`) : ` in ${lo}..${hi}`;
    throw new Invalid(`${at}${key}`, `expected a finite number${range}, got ${show(v)}`);
  }
  return v;
}

function optInt(o: Json, key: string, at: string, lo: number): number | undefined {
  const v = optNumber(o, key, at, lo);
  if (v !== undefined && !Number.isInteger(v))
    throw new Invalid(`${at}${key}`, `expected an integer, got ${v}`);
  return v;
}

function numbers(v: unknown, at: string): number[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) {
    throw new Invalid(at, `expected an array of finite numbers, got ${show(v)}`);
  }
  return v as number[];
}

const NUMBER_FIELDS = [
  'trainSize',
  'testSize',
  'epochs',
  'batchSize',
  'learningRate',
  'k',
  'gibbsSteps',
  'samples',
  'backpropEpochs',
  'threshold',
] as const;

function parseConfig(v: unknown, at: string): ConfigRecord {
  if (!isObject(v)) throw new Invalid(at, `expected the point's config object, got ${show(v)}`);
  optString(v, 'model', `${at}.`);
  optString(v, 'dataset', `${at}.`);
  for (const key of NUMBER_FIELDS) optNumber(v, key, `${at}.`);
  const hidden = v.hidden;
  if (
    hidden !== undefined &&
    (!Array.isArray(hidden) || hidden.some((q) => !Number.isInteger(q) || q < 1))
  ) {
    throw new Invalid(`${at}.hidden`, `expected positive integers, got ${show(hidden)}`);
  }
  const chars = v.chars;
  if (chars !== undefined && (!Array.isArray(chars) || chars.some((c) => typeof c !== 'string'))) {
    throw new Invalid(`${at}.chars`, `expected an array of strings, got ${show(chars)}`);
  }
  if (v.pretrain !== undefined && typeof v.pretrain !== 'boolean') {
    throw new Invalid(`${at}.pretrain`, `expected a boolean, got ${show(v.pretrain)}`);
  }
  return v;
}

function parseFailure(v: unknown, at: string): ReportFailure | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw new Invalid(at, `expected { kind, message }, got ${show(v)}`);
  const kind = optString(v, 'kind', `${at}.`) ?? 'error';
  const message = optString(v, 'message', `${at}.`) ?? '';
  return { kind, message };
}

function parseHistory(v: unknown, at: string): ReconstructionEpoch[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v))
    throw new Invalid(at, `expected an array of epoch records, got ${show(v)}`);
  const out: ReconstructionEpoch[] = [];
  v.forEach((r, i) => {
    const p = `${at}[${i}].`;
    if (!isObject(r))
      throw new Invalid(`${at}[${i}]`, `expected an epoch record object, got ${show(r)}`);
    const value = optNumber(r, 'reconstructionError', p, 0);
    if (value === undefined) return; // a DNN backprop epoch (loss, accuracy)
    const layer = optInt(r, 'layer', p, 0) ?? 0;
    const epoch = optInt(r, 'epoch', p, 0) ?? i + 1;
    out.push({ layer, epoch, reconstructionError: value });
  });
  return out;
}

function parseBinarisation(v: unknown, at: string): ReportBinarisation | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw new Invalid(at, `expected { labels, onFraction }, got ${show(v)}`);
  const labels = numbers(v.labels, `${at}.labels`);
  const onFraction = numbers(v.onFraction, `${at}.onFraction`);
  if (onFraction.some((f) => f < 0 || f > 1)) {
    throw new Invalid(`${at}.onFraction`, `expected fractions in 0..1, got ${show(onFraction)}`);
  }
  return { labels, onFraction };
}

function required<T>(value: T | undefined, at: string, what: string): T {
  if (value === undefined) throw new Invalid(at, `missing: ${what}`);
  return value;
}

function parseQuality(v: unknown, at: string): ReportQuality | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v))
    throw new Invalid(at, `expected { recognised, coverage, classes, … }, got ${show(v)}`);
  const p = `${at}.`;
  const recognised = required(optNumber(v, 'recognised', p, 0, 1), `${p}recognised`, 'a fraction');
  const classes = required(optInt(v, 'classes', p, 1), `${p}classes`, 'the trained classes');
  const coverage = required(optInt(v, 'coverage', p, 0), `${p}coverage`, 'a class count');
  if (coverage > classes) {
    throw new Invalid(`${p}coverage`, `expected at most classes (${classes}), got ${coverage}`);
  }
  const coverageEntropy = required(
    optNumber(v, 'coverageEntropy', p, 0, Math.log(classes) + 1e-9),
    `${p}coverageEntropy`,
    'an entropy in nats',
  );
  const samples = optInt(v, 'samples', p, 0);
  const tau = optNumber(v, 'tau', p, 0, 1);
  let perClass: number[] | undefined;
  if (v.perClass !== undefined && v.perClass !== null) {
    perClass = numbers(v.perClass, `${p}perClass`);
    if (perClass.length !== classes || perClass.some((c) => !Number.isInteger(c) || c < 0)) {
      throw new Invalid(
        `${p}perClass`,
        `expected ${classes} non-negative integer counts, got ${show(perClass)}`,
      );
    }
  }
  let classifier: { id?: string; heldOutAccuracy?: number } | undefined;
  if (v.classifier !== undefined && v.classifier !== null) {
    if (!isObject(v.classifier)) {
      throw new Invalid(
        `${p}classifier`,
        `expected { id, heldOutAccuracy, … }, got ${show(v.classifier)}`,
      );
    }
    const id = optString(v.classifier, 'id', `${p}classifier.`);
    const acc = optNumber(v.classifier, 'heldOutAccuracy', `${p}classifier.`, 0, 1);
    classifier = {
      ...(id !== undefined ? { id } : {}),
      ...(acc !== undefined ? { heldOutAccuracy: acc } : {}),
    };
  }
  return {
    recognised,
    coverage,
    classes,
    coverageEntropy,
    ...(samples !== undefined ? { samples } : {}),
    ...(tau !== undefined ? { tau } : {}),
    ...(perClass !== undefined ? { perClass } : {}),
    ...(classifier !== undefined ? { classifier } : {}),
  };
}

function parseLikelihood(v: unknown, at: string): ReportLikelihood | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v))
    throw new Invalid(at, `expected { method, meanLogLikelihood, … }, got ${show(v)}`);
  const p = `${at}.`;
  const method = optString(v, 'method', p) ?? 'ais';
  const mean = required(
    optNumber(v, 'meanLogLikelihood', p),
    `${p}meanLogLikelihood`,
    'the mean log-likelihood per image',
  );
  const set = optString(v, 'set', p);
  const images = optInt(v, 'images', p, 0);
  const logZ = optNumber(v, 'logZ', p);
  const logZLow = optNumber(v, 'logZLow', p);
  const logZHigh = optNumber(v, 'logZHigh', p);
  if (logZLow !== undefined && logZHigh !== undefined && logZLow > logZHigh) {
    throw new Invalid(`${p}logZLow`, `expected at most logZHigh (${logZHigh}), got ${logZLow}`);
  }
  const runs = optInt(v, 'runs', p, 0);
  const betas = optInt(v, 'betas', p, 0);
  const seconds = optNumber(v, 'seconds', p, 0);
  return {
    method,
    meanLogLikelihood: mean,
    ...(set !== undefined ? { set } : {}),
    ...(images !== undefined ? { images } : {}),
    ...(logZ !== undefined ? { logZ } : {}),
    ...(logZLow !== undefined ? { logZLow } : {}),
    ...(logZHigh !== undefined ? { logZHigh } : {}),
    ...(runs !== undefined ? { runs } : {}),
    ...(betas !== undefined ? { betas } : {}),
    ...(seconds !== undefined ? { seconds } : {}),
  };
}

function parseMetrics(v: unknown, at: string): ReportMetrics {
  if (!isObject(v)) throw new Invalid(at, `expected a metrics object, got ${show(v)}`);
  const p = `${at}.`;
  const layers =
    v.layerReconstructionErrors === undefined
      ? undefined
      : numbers(v.layerReconstructionErrors, `${p}layerReconstructionErrors`);
  const recon = optNumber(v, 'reconstructionError', p, 0);
  const test = optNumber(v, 'testErrorRate', p, 0, 1);
  const train = optNumber(v, 'trainErrorRate', p, 0, 1);
  const spe = optNumber(v, 'secondsPerEpoch', p, 0);
  const binarisation = parseBinarisation(v.binarisation, `${p}binarisation`);
  const error = parseFailure(v.error, `${p}error`);
  const quality = parseQuality(v.quality, `${p}quality`);
  const likelihood = parseLikelihood(v.likelihood, `${p}likelihood`);
  return {
    history: parseHistory(v.history, `${p}history`),
    ...(recon !== undefined ? { reconstructionError: recon } : {}),
    ...(layers !== undefined ? { layerReconstructionErrors: layers } : {}),
    ...(test !== undefined ? { testErrorRate: test } : {}),
    ...(train !== undefined ? { trainErrorRate: train } : {}),
    ...(spe !== undefined ? { secondsPerEpoch: spe } : {}),
    ...(binarisation !== undefined ? { binarisation } : {}),
    ...(quality !== undefined ? { quality } : {}),
    ...(likelihood !== undefined ? { likelihood } : {}),
    ...(error !== undefined ? { error } : {}),
  };
}

function parseArtifacts(v: unknown, at: string): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) throw new Invalid(at, `expected an object of file names, got ${show(v)}`);
  const out: Record<string, string> = {};
  for (const [key, path] of Object.entries(v)) {
    if (path === undefined || path === null) continue;
    if (typeof path !== 'string')
      throw new Invalid(`${at}.${key}`, `expected a file name, got ${show(path)}`);
    out[key] = path;
  }
  return out;
}

function parseResult(v: unknown, at: string, experiment: string): ReportResult {
  if (!isObject(v)) throw new Invalid(at, `expected a result object, got ${show(v)}`);
  const p = `${at}.`;
  const named = optString(v, 'experiment', p);
  if (named !== undefined && named !== experiment) {
    throw new Invalid(`${p}experiment`, `names experiment "${named}", expected "${experiment}"`);
  }
  const pointId = optString(v, 'pointId', p);
  if (pointId === undefined || pointId === '')
    throw new Invalid(`${p}pointId`, 'missing: every result needs its point id');
  const label = optString(v, 'label', p) ?? pointId;
  const rep = optInt(v, 'rep', p, 0) ?? 0;
  const seed = optNumber(v, 'seed', p);
  const hash = optString(v, 'hash', p);
  const codeVersion = optString(v, 'codeVersion', p);
  const startedAt = optString(v, 'startedAt', p);
  const finishedAt = optString(v, 'finishedAt', p);
  const seconds = optNumber(v, 'seconds', p, 0);
  return {
    experiment,
    pointId,
    label,
    rep,
    config: parseConfig(v.config, `${p}config`),
    metrics: parseMetrics(v.metrics, `${p}metrics`),
    artifacts: parseArtifacts(v.artifacts, `${p}artifacts`),
    ...(seed !== undefined ? { seed } : {}),
    ...(hash !== undefined ? { hash } : {}),
    ...(codeVersion !== undefined ? { codeVersion } : {}),
    ...(startedAt !== undefined ? { startedAt } : {}),
    ...(finishedAt !== undefined ? { finishedAt } : {}),
    ...(seconds !== undefined ? { seconds } : {}),
  };
}

const REFERENCE_METRICS: readonly string[] = [
  'reconstructionError',
  'testErrorRate',
  'logLikelihood',
];

function parseStudy(v: unknown, at: string): StudyClaim | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw new Invalid(at, `expected { ref, claim, reference? }, got ${show(v)}`);
  const ref = optString(v, 'ref', `${at}.`) ?? '';
  const claim = optString(v, 'claim', `${at}.`);
  let reference: StudyReference | undefined;
  const r = v.reference;
  if (r !== undefined && r !== null) {
    if (
      !isObject(r) ||
      typeof r.metric !== 'string' ||
      !REFERENCE_METRICS.includes(r.metric) ||
      !isObject(r.values)
    ) {
      throw new Invalid(
        `${at}.reference`,
        `expected { metric, values: { pointId: number } }, got ${show(r)}`,
      );
    }
    for (const key of Object.keys(r.values)) optNumber(r.values, key, `${at}.reference.values.`);
    reference = {
      metric: r.metric as StudyReference['metric'],
      values: r.values as Record<string, number>,
    };
  }
  if (claim === undefined || claim === '') return undefined;
  return { ref, claim, ...(reference !== undefined ? { reference } : {}) };
}

const AXES = ['layers', 'width', 'trainSize', 'chars'];

function parseFigure(v: unknown, at: string): ReportFigure | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw new Invalid(at, `expected a figure object, got ${show(v)}`);
  const kind = optString(v, 'kind', `${at}.`);
  switch (kind) {
    case 'mosaic': {
      return v.caption === 'reconstructionError'
        ? { kind, caption: 'reconstructionError' }
        : { kind };
    }
    case 'line': {
      if (typeof v.x !== 'string' || !AXES.includes(v.x)) {
        throw new Invalid(`${at}.x`, `expected one of ${AXES.join(', ')}, got ${show(v.x)}`);
      }
      const xLabel = optString(v, 'xLabel', `${at}.`);
      if (v.logX !== undefined && typeof v.logX !== 'boolean') {
        throw new Invalid(`${at}.logX`, `expected a boolean, got ${show(v.logX)}`);
      }
      return {
        kind,
        x: v.x as 'layers' | 'width' | 'trainSize' | 'chars',
        ...(xLabel !== undefined ? { xLabel } : {}),
        ...(typeof v.logX === 'boolean' ? { logX: v.logX } : {}),
      };
    }
    case 'table':
    case 'binarisation':
    case 'capacity':
    case 'likelihood':
      return { kind };
    default:
      throw new Invalid(
        `${at}.kind`,
        `expected mosaic, line, table, binarisation, capacity or likelihood, got ${show(kind)}`,
      );
  }
}

function parsePointList(v: unknown, at: string): { id: string; label: string }[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v))
    throw new Invalid(at, `expected an array of { id, label }, got ${show(v)}`);
  return v.map((e, i) => {
    if (!isObject(e)) throw new Invalid(`${at}[${i}]`, `expected { id, label }, got ${show(e)}`);
    const id = optString(e, 'id', `${at}[${i}].`);
    if (id === undefined || id === '') throw new Invalid(`${at}[${i}].id`, 'missing');
    return { id, label: optString(e, 'label', `${at}[${i}].`) ?? id };
  });
}

function parseMissing(v: unknown, at: string): { pointId: string; rep: number }[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v))
    throw new Invalid(at, `expected an array of { pointId, rep }, got ${show(v)}`);
  return v.map((e, i) => {
    if (!isObject(e)) throw new Invalid(`${at}[${i}]`, `expected { pointId, rep }, got ${show(e)}`);
    const pointId = optString(e, 'pointId', `${at}[${i}].`);
    if (pointId === undefined) throw new Invalid(`${at}[${i}].pointId`, 'missing');
    return { pointId, rep: optInt(e, 'rep', `${at}[${i}].`, 0) ?? 0 };
  });
}

/**
 * Checks a parsed summary.json against docs/0002-experiments.md (`{ experiment, title, study,
 * figure, scale, quick, seed, seeds, codeVersion, overrides, points, complete, results, missing,
 * writtenAt }`) and returns what the report reads, typed. `results` is required; the other
 * fields are optional but type-checked when present. A summary or result naming another
 * experiment than `source.experiment`, a known config field of the wrong type, an error rate
 * outside 0..1, a malformed `metrics.quality` (recognised outside 0..1, coverage above classes,
 * …) or `metrics.likelihood` (no finite meanLogLikelihood, logZLow > logZHigh, …), an unknown
 * figure kind or a duplicate (point, rep) is a Left `InvalidSummary` naming `source.path` and
 * the JSON location (e.g. `results[3].metrics.quality.coverage`). A null `logZLow` (JSON's −∞)
 * is read as absent.
 */
export function parseSummary(
  json: unknown,
  source: SummarySource,
): E.Either<ReportInvalidSummary, ReportSummary> {
  if (!isObject(source) || typeof source.path !== 'string' || source.path === '') {
    throw new TypeError(
      `parseSummary: source.path must be a non-empty string, got ${show(source)}`,
    );
  }
  if (typeof source.experiment !== 'string' || source.experiment === '') {
    throw new TypeError(
      `parseSummary: source.experiment must be a non-empty string, got ${show(source.experiment)}`,
    );
  }
  const experiment = source.experiment;
  try {
    if (!isObject(json)) throw new Invalid('', `expected a summary object, got ${show(json)}`);
    const name = optString(json, 'experiment', '');
    if (name !== undefined && name !== experiment) {
      throw new Invalid('experiment', `names experiment "${name}", expected "${experiment}"`);
    }
    if (!Array.isArray(json.results))
      throw new Invalid('results', `expected an array of results, got ${show(json.results)}`);
    const results = json.results.map((r, i) => parseResult(r, `results[${i}]`, experiment));
    const seen = new Map<string, number>();
    results.forEach((r, i) => {
      const key = `${r.pointId}\u0000${r.rep}`;
      const first = seen.get(key);
      if (first !== undefined) {
        throw new Invalid(
          'results',
          `two results for point "${r.pointId}" rep ${r.rep} (#${first} and #${i})`,
        );
      }
      seen.set(key, i);
    });
    if (json.overrides !== undefined && json.overrides !== null && !isObject(json.overrides)) {
      throw new Invalid('overrides', `expected an object, got ${show(json.overrides)}`);
    }
    const title = optString(json, 'title', '');
    const study = parseStudy(json.study, 'study');
    const figure = parseFigure(json.figure, 'figure');
    const scale = optString(json, 'scale', '');
    const quick = optString(json, 'quick', '');
    const seed = optNumber(json, 'seed', '');
    const seeds = optInt(json, 'seeds', '', 1);
    const codeVersion = optString(json, 'codeVersion', '');
    const points = parsePointList(json.points, 'points');
    const overrides = isObject(json.overrides) ? json.overrides : undefined;
    return E.right({
      experiment,
      results,
      missing: parseMissing(json.missing, 'missing'),
      ...(title !== undefined ? { title } : {}),
      ...(study !== undefined ? { study } : {}),
      ...(figure !== undefined ? { figure } : {}),
      ...(scale !== undefined ? { scale } : {}),
      ...(quick !== undefined ? { quick } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(seeds !== undefined ? { seeds } : {}),
      ...(codeVersion !== undefined ? { codeVersion } : {}),
      ...(overrides !== undefined ? { overrides } : {}),
      ...(points !== undefined ? { points } : {}),
    });
  } catch (e) {
    if (e instanceof Invalid) return E.left(invalidSummary(source.path, e.at, e.why));
    throw e;
  }
}
