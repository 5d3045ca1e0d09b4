// Validation against an independent implementation: the study's pipeline (greedy CD-1 DBN
// pretraining → DNN = DBN + softmax fine-tuned by backprop, and the same DNN from a random init)
// run by @dbn/models (float32) and by bench/numpy_dbn.py (float64 by default, like the study) with
// the same architecture, data, hyper-parameters and init distributions, over several seeds. The
// RNGs differ, so the comparison is of distributions: per setting, mean ± sd of the test error
// rate of each implementation, and whether they agree within noise (|Δmean| ≤ 2·pooled sd; Welch
// t and its two-sided p-value are reported too).
//
// Not a unit test and not run by bench/index.ts unless DBN_BENCH_AGREEMENT=1. Run it alone with
//   pnpm --filter @dbn/models exec tsx --conditions=@dbn/source bench/numpy-agreement.ts [flags]
// Flags (or env): --train N (DBN_AGREE_TRAIN, 3000) --test N (DBN_AGREE_TEST, 5000)
//   --hidden 200,200 (DBN_AGREE_HIDDEN) --rbm-epochs 5 (DBN_AGREE_RBM_EPOCHS)
//   --dnn-epochs 15 (DBN_AGREE_DNN_EPOCHS) --batch 10 (DBN_AGREE_BATCH) --lr 0.1 (DBN_AGREE_LR)
//   --seeds 3 (DBN_AGREE_SEEDS) --dtype f64|f32 (DBN_AGREE_DTYPE: numpy's float type)
//   --name numpy-agreement (DBN_AGREE_NAME: the results file's name)
// Writes bench/results/<name>.json.
import { derive } from '@dbn/random';
import { writeResults } from '../../../tooling/testkit/src/bench.js';
import { dnnFromDbn, evaluate, initDbn, initDnn, trainDbn, trainDnn } from '../src/index.js';
import {
  fmt,
  isMain,
  load,
  machine,
  mnistRows,
  numpyAvailable,
  oursLabel,
  packageDir,
  runNumpy,
  scratch,
  table,
} from './common.js';

const SETTINGS = ['pretrained', 'random'] as const;
type Setting = (typeof SETTINGS)[number];

export interface AgreementConfig {
  readonly train: number;
  readonly test: number;
  readonly hidden: number[];
  readonly rbmEpochs: number;
  readonly dnnEpochs: number;
  readonly batch: number;
  readonly lr: number;
  readonly seeds: number;
  readonly dtype: 'f64' | 'f32';
  readonly name: string;
}

const DEFAULTS: AgreementConfig = {
  train: 3000,
  test: 5000,
  hidden: [200, 200],
  rbmEpochs: 5,
  dnnEpochs: 15,
  batch: 10,
  lr: 0.1,
  seeds: 3,
  dtype: 'f64',
  name: 'numpy-agreement',
};

/** The configuration from `--flag value` arguments, then DBN_AGREE_* env, then the defaults. */
export function agreementConfig(argv: readonly string[] = process.argv.slice(2)): AgreementConfig {
  const raw = (flag: string): string | undefined => {
    const i = argv.indexOf(`--${flag}`);
    if (i >= 0 && argv[i + 1] !== undefined) return argv[i + 1];
    const env = process.env[`DBN_AGREE_${flag.toUpperCase().replace(/-/g, '_')}`];
    return env === '' ? undefined : env;
  };
  const int = (flag: string, fallback: number): number => {
    const s = raw(flag);
    if (s === undefined) return fallback;
    const v = Number(s);
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`--${flag} must be a positive integer`);
    return v;
  };
  const lrRaw = raw('lr');
  const lr = lrRaw === undefined ? DEFAULTS.lr : Number(lrRaw);
  if (!(lr > 0) || !Number.isFinite(lr)) throw new RangeError('--lr must be a positive number');
  const hiddenRaw = raw('hidden');
  const hidden = hiddenRaw === undefined ? DEFAULTS.hidden : hiddenRaw.split(',').map(Number);
  if (hidden.length === 0 || hidden.some((q) => !Number.isInteger(q) || q < 1)) {
    throw new RangeError('--hidden must be a comma-separated list of positive integers');
  }
  const dtype = raw('dtype') ?? DEFAULTS.dtype;
  if (dtype !== 'f64' && dtype !== 'f32') throw new RangeError('--dtype must be f64 or f32');
  const name = raw('name') ?? DEFAULTS.name;
  if (!/^[\w.-]+$/.test(name)) throw new RangeError('--name must be a plain file name');
  return {
    train: int('train', DEFAULTS.train),
    test: int('test', DEFAULTS.test),
    hidden,
    rbmEpochs: int('rbm-epochs', DEFAULTS.rbmEpochs),
    dnnEpochs: int('dnn-epochs', DEFAULTS.dnnEpochs),
    batch: int('batch', DEFAULTS.batch),
    lr,
    seeds: int('seeds', DEFAULTS.seeds),
    dtype,
    name,
  };
}

/** One training run's outcome, in the shape numpy_dbn.py prints. */
interface Run {
  readonly setting: Setting;
  readonly seed: number;
  readonly testError: number;
  readonly testLoss: number;
  /** rbmErrors[l][e]: reconstruction error of layer l + 1 after epoch e + 1 (pretrained only). */
  readonly rbmErrors: number[][];
  readonly history: { loss: number; error: number }[];
  readonly seconds: number;
}

interface NumpyOut {
  readonly numpy: string;
  readonly threads: number | null;
  readonly runs: Run[];
}

function runOurs(
  cfg: AgreementConfig,
  setting: Setting,
  seed: number,
  train: Awaited<ReturnType<typeof mnistRows>>,
  test: Awaited<ReturnType<typeof mnistRows>>,
): Run {
  const t0 = performance.now();
  const rng = derive(seed, 'agreement', setting);
  const sizes = [train.X.cols, ...cfg.hidden];
  const rbmConfig = { epochs: cfg.rbmEpochs, batchSize: cfg.batch, learningRate: cfg.lr };
  const dnnConfig = { epochs: cfg.dnnEpochs, batchSize: cfg.batch, learningRate: cfg.lr };
  let rbmErrors: number[][] = [];
  let dnn: ReturnType<typeof initDnn>;
  if (setting === 'pretrained') {
    const dbn = initDbn(sizes, rng.derive('init'));
    const res = trainDbn(dbn, train.X, rbmConfig, rng.derive('pretrain'));
    rbmErrors = res.history.map((h) => h.map((e) => e.reconstructionError));
    dnn = dnnFromDbn(res.dbn, 10, rng.derive('output'));
  } else {
    dnn = initDnn([...sizes, 10], rng.derive('init'));
  }
  const ft = trainDnn(dnn, train.X, train.labels, dnnConfig, rng.derive('finetune'));
  const ev = evaluate(ft.dnn, test.X, test.labels);
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `  ours ${setting} seed ${seed}: test error ${fmt(ev.errorRate, 4)} (${fmt(seconds, 1)} s)`,
  );
  return {
    setting,
    seed,
    testError: ev.errorRate,
    testLoss: ev.loss,
    rbmErrors,
    history: ft.history.map((h) => ({ loss: h.loss, error: 1 - h.accuracy })),
    seconds,
  };
}

// ---------------------------------------------------------------------------------------------
// Statistics

/** Sample mean and standard deviation (n − 1). */
function meanSd(xs: readonly number[]): { mean: number; sd: number; n: number } {
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const sd = n > 1 ? Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, n };
}

function logGamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9), accurate to ~1e-15 for x > 0.
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularised incomplete beta I_x(a, b) by Lentz's continued fraction. */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  const front = Math.exp(
    logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x),
  );
  const tiny = 1e-300;
  let f = 1;
  let c = 1;
  let d = 0;
  for (let i = 0; i <= 400; i++) {
    const m = i >> 1;
    let num: number;
    if (i === 0) num = 1;
    else if (i % 2 === 0) num = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    else num = -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 + num * d;
    if (Math.abs(d) < tiny) d = tiny;
    d = 1 / d;
    c = 1 + num / c;
    if (Math.abs(c) < tiny) c = tiny;
    const cd = c * d;
    f *= cd;
    if (Math.abs(1 - cd) < 1e-12) break;
  }
  return (front * (f - 1)) / a;
}

/** Two-sided p-value of Student's t with `df` degrees of freedom. */
function tTwoSided(t: number, df: number): number {
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** Compares two samples: difference of means, pooled sd, Welch t, df, p and the 2·sd verdict. */
export function compareSamples(ours: readonly number[], numpy: readonly number[]) {
  const a = meanSd(ours);
  const b = meanSd(numpy);
  const diff = a.mean - b.mean;
  const pooledSd = Math.sqrt((a.sd ** 2 + b.sd ** 2) / 2);
  const va = a.sd ** 2 / a.n;
  const vb = b.sd ** 2 / b.n;
  const se = Math.sqrt(va + vb);
  const welchT = se > 0 ? diff / se : diff === 0 ? 0 : Number.POSITIVE_INFINITY * Math.sign(diff);
  const df = se > 0 ? (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1)) : Number.NaN;
  const p = Number.isFinite(welchT) && df > 0 ? tTwoSided(welchT, df) : welchT === 0 ? 1 : 0;
  return {
    ours: a,
    numpy: b,
    diff,
    pooledSd,
    welchT,
    welchDf: df,
    welchP: p,
    withinTwoPooledSd: Math.abs(diff) <= 2 * pooledSd,
  };
}

// ---------------------------------------------------------------------------------------------

/** Runs the agreement check: prints the comparison and writes bench/results/<cfg.name>.json. */
export async function run(cfg: AgreementConfig = agreementConfig()): Promise<void> {
  const start = machine();
  const t0 = performance.now();
  const seeds = Array.from({ length: cfg.seeds }, (_, i) => i + 1);
  console.log(
    `\nnumpy agreement: ${[784, ...cfg.hidden, 10].join('-')}, train ${cfg.train} / test ${cfg.test} ` +
      `binarised MNIST images, ${cfg.rbmEpochs} RBM epochs + ${cfg.dnnEpochs} backprop epochs, ` +
      `batch ${cfg.batch}, lr ${cfg.lr}, seeds ${seeds.join(',')}; ${oursLabel()}, numpy ${cfg.dtype}`,
  );
  const train = await mnistRows('train', cfg.train, 'agreement-train');
  const test = await mnistRows('test', cfg.test, 'agreement-test');

  const ours: Run[] = [];
  for (const setting of SETTINGS)
    for (const seed of seeds) ours.push(runOurs(cfg, setting, seed, train, test));

  let np: NumpyOut | undefined;
  if (numpyAvailable()) {
    const tmp = scratch();
    try {
      // One BLAS thread: results do not depend on it, and it avoids OpenBLAS spinning against
      // other processes on a shared machine.
      np = runNumpy<NumpyOut>(
        'numpy_dbn.py',
        {
          train: tmp.write('train.u8', train.bits),
          trainLabels: tmp.write('train-labels.u8', train.labels),
          trainRows: cfg.train,
          test: tmp.write('test.u8', test.bits),
          testLabels: tmp.write('test-labels.u8', test.labels),
          testRows: cfg.test,
          cols: train.X.cols,
          hidden: cfg.hidden,
          classes: 10,
          rbmEpochs: cfg.rbmEpochs,
          dnnEpochs: cfg.dnnEpochs,
          batch: cfg.batch,
          lr: cfg.lr,
          seeds,
          settings: SETTINGS,
          dtype: cfg.dtype,
        },
        { threads: 1, timeoutMs: 3_600_000 },
      );
    } finally {
      tmp.dispose();
    }
  }

  const pick = (runs: readonly Run[], s: Setting) => runs.filter((r) => r.setting === s);
  const last = <T>(xs: readonly T[]) => xs[xs.length - 1]!;
  const metrics: { name: string; get: (r: Run) => number | undefined; settings: Setting[] }[] = [
    { name: 'test error', get: (r) => r.testError, settings: [...SETTINGS] },
    { name: 'test loss', get: (r) => r.testLoss, settings: [...SETTINGS] },
    { name: 'final train loss', get: (r) => last(r.history).loss, settings: [...SETTINGS] },
    ...cfg.hidden.map((_, l) => ({
      name: `RBM ${l + 1} final EQM`,
      get: (r: Run) => (r.rbmErrors[l] ? last(r.rbmErrors[l]!) : undefined),
      settings: ['pretrained' as Setting],
    })),
  ];
  const comparisons = metrics.flatMap((m) =>
    m.settings.map((s) => {
      const a = pick(ours, s)
        .map(m.get)
        .filter((x): x is number => x !== undefined);
      const b = np
        ? pick(np.runs, s)
            .map(m.get)
            .filter((x): x is number => x !== undefined)
        : [];
      return {
        metric: m.name,
        setting: s,
        ...(b.length ? compareSamples(a, b) : { ours: meanSd(a) }),
      };
    }),
  );

  const pct = (x: number, d = 2) => `${(100 * x).toFixed(d)}`;
  const ms = (s: { mean: number; sd: number } | undefined, scale: (x: number) => string) =>
    s ? `${scale(s.mean)} ± ${scale(s.sd)}` : '—';
  console.log(
    `\n${oursLabel()} vs numpy (${cfg.dtype}), mean ± sd over ${cfg.seeds} seeds; error rates in %;` +
      ' agree = |Δ| ≤ 2·pooled sd',
  );
  console.log(
    table(
      ['metric', 'setting', 'ours', 'numpy', 'Δ (ours−np)', '2·pooled sd', 'Welch t', 'p', 'agree'],
      comparisons.map((c) => {
        const isRate = c.metric === 'test error';
        const f = isRate ? (x: number) => pct(x) : (x: number) => x.toFixed(4);
        const cmp = 'diff' in c ? c : undefined;
        return [
          c.metric,
          c.setting,
          ms(c.ours, f),
          ms(cmp?.numpy, f),
          cmp ? f(cmp.diff) : '—',
          cmp ? f(2 * cmp.pooledSd) : '—',
          cmp ? fmt(cmp.welchT) : '—',
          cmp ? fmt(cmp.welchP, 3) : '—',
          cmp ? (cmp.withinTwoPooledSd ? 'yes' : 'NO') : '—',
        ];
      }),
    ),
  );
  const per = (runs: readonly Run[]) =>
    SETTINGS.map(
      (s) =>
        `${s} ${pick(runs, s)
          .map((r) => pct(r.testError))
          .join(' / ')}`,
    ).join('; ');
  console.log(`per-seed test error % — ours: ${per(ours)}`);
  if (np) console.log(`                      numpy: ${per(np.runs)}`);
  else
    console.log('numpy skipped: python3 with numpy is not available, failed, or DBN_BENCH_NUMPY=0');
  const seconds = (performance.now() - t0) / 1000;
  const sum = (runs: readonly Run[]) => runs.reduce((s, r) => s + r.seconds, 0);
  console.log(
    `training time: ours ${fmt(sum(ours), 1)} s, numpy (1 thread) ${np ? fmt(sum(np.runs), 1) : '—'} s; total ${fmt(seconds, 1)} s`,
  );

  const path = writeResults(packageDir, cfg.name, {
    machine: start,
    config: cfg,
    architecture: [784, ...cfg.hidden, 10],
    data: {
      train: `subsetIndices(${cfg.train}, 60000, 'agreement-train') of MNIST train, pixel > 128`,
      test: `subsetIndices(${cfg.test}, 10000, 'agreement-test') of MNIST test, pixel > 128`,
    },
    criterion:
      '|mean(ours) − mean(numpy)| ≤ 2·sqrt((sd_ours² + sd_numpy²)/2); Welch t and p reported',
    numpy: np ? { version: np.numpy, threads: np.threads, dtype: cfg.dtype } : null,
    comparisons,
    runs: { ours, numpy: np?.runs ?? null },
    seconds,
    loadavgEnd: load(),
  });
  console.log(`→ ${path}`);
}

if (isMain(import.meta.url)) await run();
