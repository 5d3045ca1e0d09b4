// The shared part of the epoch benchmarks (cd-epoch, backprop-epoch): choose how many training
// rows to time, time our epochs, run the numpy script with its default threads and with one
// thread, join the timings, print the table and build the result rows.
import {
  envInt,
  fmt,
  load,
  type NumpyThreads,
  numpyAvailable,
  oursLabel,
  type Repeated,
  repeat,
  runNumpy,
  scratch,
  table,
} from './common.js';

/** The full MNIST training set: every time is reported per epoch over this many rows. */
export const FULL = 60_000;
/** The subset used when a full epoch would take too long: 5 × 640, whole batches of 5, 32, 128. */
export const SUBSET = 3200;
/** Rows of the probe that decides between the full set and the subset (640 = lcm(5, 32, 128)). */
const PROBE = 640;

/** numpy runs: with its default BLAS threads (the comparison asked for), and pinned to 1. */
export const NUMPY_THREADS: NumpyThreads[] = ['default', 1];

/** One numpy timing case as the scripts print it. */
export interface NumpyEpochCase {
  readonly dtype: 'f64' | 'f32';
  readonly batch: number;
  readonly rows: number;
  readonly epoch: Repeated;
  readonly errorPass?: Repeated;
  /** Rows the minibatch loop was timed on (< rows when the time budget cut it short). */
  readonly rowsTimed: number;
}

export interface NumpyEpochOut {
  readonly numpy: string;
  readonly threads: number | null;
  readonly results: NumpyEpochCase[];
}

/** Our timing of one batch size (the part of the epoch outside the SGD loop in `pass`). */
export interface OursEpoch {
  readonly batch: number;
  /** Training rows the epoch ran over (FULL, or SUBSET with times extrapolated ×FULL/rows). */
  readonly rows: number;
  /** Our full-epoch estimate from the probe that chose `rows` (null when DBN_BENCH_N is set). */
  readonly probeSecondsPer60k: number | null;
  readonly epoch: Repeated;
  readonly pass: Repeated;
}

/**
 * Times our epochs at one batch size. Rows: DBN_BENCH_N when set, else the full 60,000 when a
 * probe epoch on 640 rows extrapolates to ≤ DBN_BENCH_FULL_LIMIT seconds (default 60) per full
 * epoch, else SUBSET (times then extrapolated). Repeats: DBN_BENCH_REPEATS, default 2 on the
 * full set and 3 on a subset. `epoch(rows)` runs one epoch over the first `rows` training rows,
 * `pass(rows)` only the whole-set pass that ends an epoch (error or evaluation).
 */
export function timeOurs(
  batch: number,
  epoch: (rows: number) => void,
  pass: (rows: number) => void,
): OursEpoch {
  let rows: number;
  let probeSecondsPer60k: number | null = null;
  if (process.env.DBN_BENCH_N) {
    rows = Math.min(envInt('DBN_BENCH_N', SUBSET), FULL);
  } else {
    epoch(64); // warm-up: JIT, wasm compilation
    const t0 = performance.now();
    epoch(PROBE);
    probeSecondsPer60k = ((performance.now() - t0) / 1000) * (FULL / PROBE);
    rows = probeSecondsPer60k <= envInt('DBN_BENCH_FULL_LIMIT', 60) ? FULL : SUBSET;
  }
  const repeats = envInt('DBN_BENCH_REPEATS', rows >= FULL ? 2 : 3);
  const e = repeat(repeats, () => epoch(rows));
  const p = repeat(repeats, () => pass(rows));
  const probe = probeSecondsPer60k === null ? '' : ` (probe: ~${fmt(probeSecondsPer60k, 0)} s/60k)`;
  console.log(
    `  ${oursLabel()} batch ${batch}, ${rows} rows${probe}: ${e.allSeconds.map((s) => s.toFixed(2)).join(', ')} s`,
  );
  return { batch, rows, probeSecondsPer60k, epoch: e, pass: p };
}

/**
 * Runs `script` once per entry of NUMPY_THREADS with `args`, the cases (batch, rows) of `ours`,
 * `data` (and `labels`) paths of temporary files holding the rows of `bits` (`cols` wide; and
 * `labels`) that the cases need, `repeats` (DBN_BENCH_REPEATS, default 3) and `budget`:
 * seconds a case may take (DBN_BENCH_NUMPY_BUDGET, default 10) before the script stops
 * repeating it and times the rest of a slow epoch's loop from the rows done so far (a busy
 * machine makes multi-threaded OpenBLAS very slow at small batches). Empty map without numpy.
 */
export function runNumpyEpochs(
  script: string,
  args: Record<string, unknown>,
  ours: readonly OursEpoch[],
  bits: Uint8Array,
  cols: number,
  labels?: Uint8Array,
): Map<NumpyThreads, NumpyEpochOut | undefined> {
  const out = new Map<NumpyThreads, NumpyEpochOut | undefined>();
  if (!numpyAvailable()) return out;
  const tmp = scratch();
  try {
    const rows = Math.max(...ours.map((o) => o.rows));
    const files: Record<string, string> = {
      data: tmp.write('x.u8', bits.subarray(0, rows * cols)),
    };
    if (labels) files.labels = tmp.write('y.u8', labels.subarray(0, rows));
    const cases = ours.map((o) => ({ batch: o.batch, rows: o.rows }));
    const budget = envInt('DBN_BENCH_NUMPY_BUDGET', 10);
    for (const threads of NUMPY_THREADS) {
      console.log(`  numpy (${threads === 'default' ? 'default threads' : `${threads} thread`})…`);
      const repeats = envInt('DBN_BENCH_REPEATS', 3);
      const a = { ...args, ...files, rows, cols, cases, budget, repeats };
      out.set(threads, runNumpy<NumpyEpochOut>(script, a, { threads }));
    }
  } finally {
    tmp.dispose();
  }
  return out;
}

/** Joins our timings with numpy's, prints the comparison table and returns the result rows. */
export function compareEpochs(options: {
  readonly title: string;
  /** Header of our `pass` column (the per-epoch pass over the whole training set). */
  readonly passName: string;
  readonly ours: readonly OursEpoch[];
  readonly numpy: Map<NumpyThreads, NumpyEpochOut | undefined>;
}) {
  const { ours, numpy: np } = options;
  const npCase = (threads: NumpyThreads, dtype: string, o: OursEpoch) => {
    const c = np
      .get(threads)
      ?.results.find((r) => r.dtype === dtype && r.batch === o.batch && r.rows === o.rows);
    return c && { ...c, per60kSeconds: (c.epoch.bestSeconds * FULL) / c.rows };
  };
  const rows = ours.map((o) => {
    const best = o.epoch.bestSeconds;
    const scaleTo60k = FULL / o.rows;
    const numpy = {
      f64: npCase('default', 'f64', o),
      f32: npCase('default', 'f32', o),
      f64OneThread: npCase(1, 'f64', o),
      f32OneThread: npCase(1, 'f32', o),
    };
    const ratio = (c: { epoch: Repeated } | undefined) => (c ? best / c.epoch.bestSeconds : null);
    return {
      batch: o.batch,
      rowsMeasured: o.rows,
      extrapolatedTo60k: o.rows < FULL,
      scaleTo60k,
      ours: {
        dtype: 'f32',
        probeSecondsPer60k: o.probeSecondsPer60k,
        epoch: o.epoch,
        pass: o.pass,
        per60kSeconds: best * scaleTo60k,
      },
      numpy,
      oursOverNumpy: {
        f64: ratio(numpy.f64),
        f32: ratio(numpy.f32),
        f64OneThread: ratio(numpy.f64OneThread),
        f32OneThread: ratio(numpy.f32OneThread),
      },
    };
  });

  const def = np.get('default');
  const t = def?.threads ?? '?';
  const partial = (c: NumpyEpochCase | undefined) => (c && c.rowsTimed < c.rows ? '~' : '');
  const npCell = (c: (NumpyEpochCase & { per60kSeconds: number }) | undefined) =>
    `${partial(c)}${fmt(c?.per60kSeconds, 1)}`;
  const anyExtrapolated = rows.some((r) => r.extrapolatedTo60k);
  console.log(
    `\n${options.title} — seconds per 60k-image epoch (best of the runs)` +
      (anyExtrapolated
        ? `\n  * EXTRAPOLATED to 60k: measured on the stated rows, times ×60000/rows`
        : '') +
      `\n  ratio = ours/numpy (> 1: ours slower); np ${t}T = numpy's default threads, 1T = one thread` +
      `\n  ~ = numpy loop timed on part of the rows (time budget), scaled to all of them`,
  );
  console.log(
    table(
      [
        'batch',
        'rows',
        'runs',
        oursLabel(),
        '(median)',
        `(${options.passName})`,
        `np f64 ${t}T`,
        `np f32 ${t}T`,
        'np f64 1T',
        'np f32 1T',
        'ours/np64',
        'ours/np32',
        'ours/np64 1T',
        'ours/np32 1T',
      ],
      rows.map((r) => [
        String(r.batch),
        `${r.rowsMeasured}${r.extrapolatedTo60k ? '*' : ''}`,
        String(r.ours.epoch.runs),
        fmt(r.ours.per60kSeconds, 1),
        fmt(r.ours.epoch.medianSeconds * r.scaleTo60k, 1),
        fmt(r.ours.pass.bestSeconds * r.scaleTo60k, 1),
        npCell(r.numpy.f64),
        npCell(r.numpy.f32),
        npCell(r.numpy.f64OneThread),
        npCell(r.numpy.f32OneThread),
        fmt(r.oursOverNumpy.f64),
        fmt(r.oursOverNumpy.f32),
        fmt(r.oursOverNumpy.f64OneThread),
        fmt(r.oursOverNumpy.f32OneThread),
      ]),
    ),
  );
  if (!def) {
    console.log(
      'numpy columns skipped: python3 with numpy is not available, failed, or DBN_BENCH_NUMPY=0',
    );
  } else console.log(`numpy ${def.numpy}; 1-minute load average now ${load()}`);
  return {
    numpy: def ? { version: def.numpy, defaultThreads: def.threads } : null,
    loadavgEnd: load(),
    rows,
  };
}
