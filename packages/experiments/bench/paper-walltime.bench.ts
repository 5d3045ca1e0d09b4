// Benchmark: the estimated wall time of `dbn reproduce --scale paper` on this machine, from
// measured per-epoch costs (see walltime.ts), per experiment and in total, on one worker and on
// the 2-worker pool. The quick scale is estimated the same way (sharing the measurements) so that
// quick-walltime.bench.ts can check the estimator against a measured quick run.
// Writes bench/results/paper-walltime.json. Env: DBN_DATA_DIR (Binary AlphaDigits), DBN_BACKEND.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { writeResults } from '../../../tooling/testkit/src/bench.js';
import { duration, isMain, load, machine, packageDir, table } from './common.js';
import { estimateWalltime, type Measurement, type WalltimeEstimate } from './walltime.js';

/** The models benchmark's measured full 60k CD-1 epoch (784→500) at `batch`, if it was run. */
function modelsCdEpoch(batch: number): { seconds: number; date: string } | undefined {
  const path = resolve(packageDir, '..', 'models', 'bench', 'results', 'cd-epoch.json');
  if (!existsSync(path)) return undefined;
  try {
    const r = JSON.parse(readFileSync(path, 'utf8')) as {
      machine: { date: string };
      rows: { batch: number; rowsMeasured: number; ours: { per60kSeconds: number } }[];
    };
    const row = r.rows.find((x) => x.batch === batch && x.rowsMeasured === 60_000);
    return row && { seconds: row.ours.per60kSeconds, date: r.machine.date };
  } catch {
    return undefined;
  }
}

function print(e: WalltimeEstimate): void {
  const two = e.schedules.find((s) => s.workers === 2 && s.order === 'runner')!;
  const lpt = e.schedules.find((s) => s.order === 'longest-measured-first')!;
  console.log(
    table(
      ['experiment', 'points × reps', '1 worker', 'longest point', 'alone on 2 workers'],
      [
        ...e.experiments.map((x) => [
          x.name,
          `${x.points} × ${x.reps}`,
          duration(x.seconds),
          duration(x.longestJobSeconds),
          duration(x.twoWorkersAloneSeconds),
        ]),
        [
          'total',
          String(e.jobs.length),
          duration(e.oneWorkerSeconds),
          duration(Math.max(0, ...e.jobs.map((j) => j.seconds ?? 0))),
          duration(two.seconds),
        ],
      ],
    ),
  );
  console.log(
    `2 workers, runner's order (longest first by estimateCost): ${duration(two.seconds)}; ` +
      `longest measured first: ${duration(lpt.seconds)}; ` +
      `Σ/2 = ${duration(e.oneWorkerSeconds / 2)}` +
      (e.incompleteJobs > 0
        ? `\n${e.incompleteJobs} job(s) could not be estimated (see JSON)`
        : ''),
  );
}

/** Runs the estimate for the paper (and quick) scale, prints it, writes the JSON. */
export async function run(): Promise<void> {
  const start = machine();
  const t0 = performance.now();
  const dataDir = process.env.DBN_DATA_DIR || undefined;
  const cache = new Map<string, Measurement>();
  const log = (line: string) => console.log(line);
  console.log('\nEstimated wall time of `dbn reproduce --scale paper` (measuring phases…)');
  const paper = await estimateWalltime('paper', { ...(dataDir ? { dataDir } : {}), log, cache });
  console.log('\nEstimated wall time of `dbn reproduce --scale quick` (for the calibration)');
  const quick = await estimateWalltime('quick', { ...(dataDir ? { dataDir } : {}), log, cache });

  console.log('\n--scale paper, estimated from measured phases:');
  print(paper);
  console.log('\n--scale quick, estimated the same way:');
  print(quick);

  // Cross-check of the row scaling: a CD-1 epoch 784→500 at batch 5 on all 60,000 rows,
  // estimated from SAMPLE_ROWS rows, against the models benchmark's measured full epoch.
  const key = `cd mnist 784→500 batch 5 k 1 rows ${paper.sampleRows}`;
  const m = cache.get(key);
  const full = modelsCdEpoch(5);
  const crossCheck =
    m?.seconds != null
      ? {
          what: 'CD-1 epoch 784→500, batch 5, 60,000 MNIST rows',
          estimatedSeconds: (m.seconds * 60_000) / paper.sampleRows,
          modelsBenchMeasuredSeconds: full?.seconds ?? null,
          modelsBenchDate: full?.date ?? null,
        }
      : null;
  if (crossCheck) {
    console.log(
      `\ncross-check: ${crossCheck.what}: ${crossCheck.estimatedSeconds.toFixed(1)} s estimated from ${paper.sampleRows} rows` +
        (full
          ? `; models bench measured ${full.seconds.toFixed(1)} s on all rows (${full.date})`
          : ''),
    );
  }
  const benchSeconds = (performance.now() - t0) / 1000;
  const path = writeResults(packageDir, 'paper-walltime', {
    machine: start,
    loadavgEnd: load(),
    benchSeconds,
    dataDir: dataDir ?? null,
    what:
      'estimated wall time of `dbn reproduce` from measured phase costs (bench/walltime.ts): ' +
      'seconds per job = Σ count × measured cost, scheduled on 1 and 2 workers',
    crossCheck,
    paper,
    quick,
  });
  console.log(`\npaper-walltime bench took ${benchSeconds.toFixed(0)} s → ${path}`);
}

if (isMain(import.meta.url)) await run();
