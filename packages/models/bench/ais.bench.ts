// Benchmark: the cost of measuring generation quality — AIS estimates of log Z for a 784→500 RBM
// (M = 100 runs; the full 14,500-step schedule is EXTRAPOLATED from a reduced number of steps),
// exact enumeration of log Z at 12, 16 and 20 hidden units of a 784-visible RBM, and AIS against
// the exact value on the 784→20 model. Models are random (W ~ N(0, σ²), biases ~ N(0, 0.5²)):
// the run time does not depend on the weights' values. Wall and CPU seconds are both reported
// (other processes share the machine; CPU seconds are the steadier figure).
//
// Env: DBN_BENCH_AIS_STEPS steps of the longer timed AIS run (default 60; the shorter has 10 and
//      the difference gives seconds per step), DBN_BENCH_REPEATS timed runs per case (default 2).
import { zeros } from '@dbn/linalg';
import { derive, type Stream } from '@dbn/random';
import { machineInfo, time, writeResults } from '../../../tooling/testkit/src/bench.js';
import { aisLogPartition, DEFAULT_AIS_STEPS, exactLogPartition, type Rbm } from '../src/index.js';
import { envInt, fmt, isMain, load, packageDir, table } from './common.js';

const VISIBLE = 784;
const HIDDEN = 500;
const RUNS = 100;

/** A float32 RBM with W ~ N(0, σ²) and biases ~ N(0, 0.5²). */
function randomRbm(p: number, q: number, sigma: number, rng: Stream): Rbm<Float32Array> {
  const W = zeros(p, q, 'f32');
  rng.fillNormal(W.data, 0, sigma);
  const a = rng.fillNormal(new Float32Array(p), 0, 0.5);
  const b = rng.fillNormal(new Float32Array(q), 0, 0.5);
  return { kind: 'rbm', visible: p, hidden: q, W, a, b };
}

/** Wall and CPU seconds of one call of `fn`, and its result. */
function once<R>(fn: () => R): { wall: number; cpu: number; result: R } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = fn();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1e6, result };
}

/** The best (lowest wall time) of `repeats` calls. */
function best<R>(repeats: number, fn: () => R): { wall: number; cpu: number; result: R } {
  let b = once(fn);
  for (let r = 1; r < repeats; r++) {
    const x = once(fn);
    if (x.wall < b.wall) b = x;
  }
  return b;
}

/** Runs the AIS/exact benchmark: prints tables and writes bench/results/ais.json. */
export async function run(): Promise<void> {
  const long = envInt('DBN_BENCH_AIS_STEPS', 60);
  const short = 10;
  if (long <= short) throw new RangeError(`DBN_BENCH_AIS_STEPS must be > ${short}`);
  const repeats = envInt('DBN_BENCH_REPEATS', 2);
  const loadStart = load();

  // 1. AIS on 784→500, M = 100: seconds per step from two reduced schedules, extrapolated.
  console.log(
    `\nAIS log Z, RBM ${VISIBLE}→${HIDDEN}, M = ${RUNS} runs: timed at ${short} and ${long} ` +
      `steps (best of ${repeats}); ${DEFAULT_AIS_STEPS} steps EXTRAPOLATED`,
  );
  const big = randomRbm(VISIBLE, HIDDEN, 0.05, derive(1, 'bench', 'ais', 'model'));
  const rng = (k: number) => derive(1, 'bench', 'ais', k);
  const tShort = best(repeats, () =>
    aisLogPartition(big, { betas: short, runs: RUNS }, rng(short)),
  );
  const tLong = best(repeats, () => aisLogPartition(big, { betas: long, runs: RUNS }, rng(long)));
  const perStepWall = (tLong.wall - tShort.wall) / (long - short);
  const perStepCpu = (tLong.cpu - tShort.cpu) / (long - short);
  const setupWall = tShort.wall - short * perStepWall;
  const fullWall = setupWall + DEFAULT_AIS_STEPS * perStepWall;
  const fullCpu = tShort.cpu - short * perStepCpu + DEFAULT_AIS_STEPS * perStepCpu;
  console.log(
    table(
      ['case', 'wall s', 'cpu s'],
      [
        [`${short} steps (measured)`, fmt(tShort.wall, 3), fmt(tShort.cpu, 3)],
        [`${long} steps (measured)`, fmt(tLong.wall, 3), fmt(tLong.cpu, 3)],
        ['per step (difference)', fmt(perStepWall, 4), fmt(perStepCpu, 4)],
        [`${DEFAULT_AIS_STEPS} steps (EXTRAPOLATED)`, fmt(fullWall, 0), fmt(fullCpu, 0)],
      ],
    ),
  );

  // 2. Exact log Z by enumerating 12, 16 and 20 hidden units of a 784-visible RBM.
  console.log(`\nexact log Z, RBM ${VISIBLE}→n, enumerating the n hidden units`);
  const exactRows = [];
  let twenty: { rbm: Rbm<Float32Array>; logZ: number } | undefined;
  for (const n of [12, 16, 20]) {
    const rbm = randomRbm(VISIBLE, n, 0.3, derive(1, 'bench', 'exact', n));
    let logZ = 0;
    let wall: number;
    let cpu: number;
    let how: string;
    if (n <= 16) {
      const t = time(
        () => {
          logZ = exactLogPartition(rbm);
        },
        3,
        0.2,
      );
      wall = t.bestSeconds;
      cpu = once(() => exactLogPartition(rbm)).cpu;
      how = `time(): best of ${t.samples} samples of ${t.callsPerSample} call(s); cpu: one call`;
    } else {
      const t = best(1, () => exactLogPartition(rbm));
      logZ = t.result;
      wall = t.wall;
      cpu = t.cpu;
      how = 'one call';
      twenty = { rbm, logZ };
    }
    const states = 2 ** n;
    exactRows.push({
      visible: VISIBLE,
      hidden: n,
      states,
      logZ,
      seconds: wall,
      cpuSeconds: cpu,
      nsPerSoftplus: (wall / (states * VISIBLE)) * 1e9,
      cpuNsPerSoftplus: (cpu / (states * VISIBLE)) * 1e9,
      how,
    });
  }
  console.log(
    table(
      ['units', 'states', 'log Z', 'wall s', 'cpu s', 'ns/softplus', 'how'],
      exactRows.map((r) => [
        String(r.hidden),
        String(r.states),
        fmt(r.logZ, 4),
        fmt(r.seconds, 3),
        fmt(r.cpuSeconds, 3),
        `${fmt(r.nsPerSoftplus, 1)} (cpu ${fmt(r.cpuNsPerSoftplus, 1)})`,
        r.how,
      ]),
    ),
  );

  // 3. AIS against the exact value on the 784→20 model.
  console.log(`\nAIS against exact log Z, RBM ${VISIBLE}→20, M = ${RUNS}`);
  const accuracy = [];
  for (const steps of [1000, DEFAULT_AIS_STEPS]) {
    const t = once(() =>
      aisLogPartition(twenty!.rbm, { betas: steps, runs: RUNS }, derive(1, 'bench', 'acc', steps)),
    );
    const r = t.result;
    accuracy.push({
      steps,
      exact: twenty!.logZ,
      logZ: r.logZ,
      logZLow: r.logZLow,
      logZHigh: r.logZHigh,
      error: r.logZ - twenty!.logZ,
      inInterval: r.logZLow <= twenty!.logZ && twenty!.logZ <= r.logZHigh,
      seconds: t.wall,
      cpuSeconds: t.cpu,
    });
  }
  console.log(
    table(
      ['steps', 'exact', 'AIS', '−3σ', '+3σ', 'error', 'in', 'wall s'],
      accuracy.map((a) => [
        String(a.steps),
        fmt(a.exact, 3),
        fmt(a.logZ, 3),
        fmt(a.logZLow, 3),
        fmt(a.logZHigh, 3),
        fmt(a.error, 3),
        a.inInterval ? 'yes' : 'NO',
        fmt(a.seconds, 2),
      ]),
    ),
  );

  const path = writeResults(packageDir, 'ais', {
    machine: { ...machineInfo(), loadavg1mStart: loadStart, loadavg1mEnd: load() },
    ais784x500: {
      what: `aisLogPartition on a random ${VISIBLE}→${HIDDEN} float32 RBM (W ~ N(0, 0.05²)), M = ${RUNS}`,
      measuredSteps: [short, long],
      measured: {
        [short]: { seconds: tShort.wall, cpuSeconds: tShort.cpu },
        [long]: { seconds: tLong.wall, cpuSeconds: tLong.cpu },
      },
      secondsPerStep: perStepWall,
      cpuSecondsPerStep: perStepCpu,
      extrapolated: true,
      extrapolatedSteps: DEFAULT_AIS_STEPS,
      extrapolatedSeconds: fullWall,
      extrapolatedCpuSeconds: fullCpu,
      repeats,
    },
    exact: exactRows,
    aisVsExact784x20: accuracy,
  });
  console.log(`→ ${path}`);
}

if (isMain(import.meta.url)) await run();
