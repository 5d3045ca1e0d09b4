// Benchmark: the measured wall time of `dbn reproduce --scale quick` — every registered experiment
// as one sweep on the default worker pool (runExperiments, as the CLI's reproduce calls it), then
// the report — in a fresh temporary output directory that is deleted afterwards. Records the wall
// time per experiment (its first point's start to its last point's end, and Σ of its points'
// seconds) and in total, the load average before and after, and — when paper-walltime.json is
// there — the estimator's quick-scale prediction next to it. Writes bench/results/quick-walltime.json.
// Env: DBN_DATA_DIR (Binary AlphaDigits), DBN_BACKEND.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { writeResults } from '../../../tooling/testkit/src/bench.js';
import { listExperiments, type ProgressEvent, runExperiments, writeReport } from '../src/index.js';
import { duration, isMain, load, machine, packageDir, table } from './common.js';
import type { WalltimeEstimate } from './walltime.js';

/** Bytes under `dir` (files only). */
function bytesUnder(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? bytesUnder(p) : e.isFile() ? statSync(p).size : 0;
  }
  return total;
}

/** The quick-scale estimate of paper-walltime.bench.ts, when it has been run. */
function quickEstimate(): WalltimeEstimate | undefined {
  const path = join(packageDir, 'bench', 'results', 'paper-walltime.json');
  if (!existsSync(path)) return undefined;
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { quick: WalltimeEstimate }).quick;
  } catch {
    return undefined;
  }
}

interface Span {
  start: number;
  end: number;
  jobs: number;
  failed: number;
  pointSeconds: number;
}

/** Runs `reproduce --scale quick` through the library, times it, writes the JSON. */
export async function run(): Promise<void> {
  const start = machine();
  const loadBefore = load();
  const names = listExperiments();
  const out = mkdtempSync(join(tmpdir(), 'dbn-quick-walltime-'));
  const dataDir = process.env.DBN_DATA_DIR || undefined;
  const spans = new Map<string, Span>();
  let t0 = performance.now();
  const now = () => (performance.now() - t0) / 1000;
  const onProgress = (e: ProgressEvent) => {
    const s = spans.get(e.experiment) ?? {
      start: Number.POSITIVE_INFINITY,
      end: 0,
      jobs: 0,
      failed: 0,
      pointSeconds: 0,
    };
    if (e.type === 'point-start') s.start = Math.min(s.start, now());
    if (e.type === 'point-done' || e.type === 'point-failed') {
      s.end = Math.max(s.end, now());
      s.jobs++;
      s.pointSeconds += e.seconds ?? 0;
      if (e.type === 'point-failed') {
        s.failed++;
        console.log(`  ${e.experiment}/${e.pointId} failed: ${e.error?.message ?? '?'}`);
      }
    }
    spans.set(e.experiment, s);
  };
  console.log(
    `\nMeasured wall time of \`dbn reproduce --scale quick\` (${availableParallelism()} workers, out ${out}; load ${loadBefore.join(' ')})`,
  );
  t0 = performance.now();
  let sweepSeconds = 0;
  let reportSeconds = 0;
  let bytes = 0;
  let error: string | null = null;
  try {
    const ran = await runExperiments(names, {
      scale: 'quick',
      out,
      ...(dataDir ? { dataDir } : {}),
      onProgress,
    });
    sweepSeconds = now();
    if (E.isLeft(ran)) error = ran.left.message;
    else {
      const r = await writeReport({ runDir: out, experiments: names });
      if (E.isLeft(r)) error = r.left.message;
    }
    reportSeconds = now() - sweepSeconds;
    bytes = bytesUnder(out);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const totalSeconds = now();
  const loadAfter = load();

  const est = quickEstimate();
  const estTwo = est?.schedules.find((s) => s.workers === 2 && s.order === 'runner');
  const experiments = names.map((name) => {
    const s = spans.get(name);
    const e = est?.experiments.find((x) => x.name === name);
    return {
      name,
      jobs: s?.jobs ?? 0,
      failed: s?.failed ?? 0,
      startSeconds: s && Number.isFinite(s.start) ? s.start : null,
      endSeconds: s ? s.end : null,
      pointSeconds: s?.pointSeconds ?? 0,
      estimatedPointSeconds: e?.seconds ?? null,
    };
  });
  console.log(
    table(
      ['experiment', 'jobs', 'failed', 'Σ point s (1 worker)', 'estimated Σ', 'ends at'],
      [
        ...experiments.map((x) => [
          x.name,
          String(x.jobs),
          String(x.failed),
          x.pointSeconds.toFixed(1),
          x.estimatedPointSeconds === null ? '—' : x.estimatedPointSeconds.toFixed(1),
          x.endSeconds === null ? '—' : x.endSeconds.toFixed(1),
        ]),
        [
          'total',
          String(experiments.reduce((a, x) => a + x.jobs, 0)),
          String(experiments.reduce((a, x) => a + x.failed, 0)),
          experiments.reduce((a, x) => a + x.pointSeconds, 0).toFixed(1),
          est ? est.oneWorkerSeconds.toFixed(1) : '—',
          sweepSeconds.toFixed(1),
        ],
      ],
    ),
  );
  console.log(
    `sweep ${duration(sweepSeconds)} + report ${duration(reportSeconds)} = ${duration(totalSeconds)}` +
      (estTwo ? ` (estimated sweep on 2 workers: ${duration(estTwo.seconds)})` : '') +
      `; ${(bytes / 1e9).toFixed(2)} GB written (deleted); load ${loadBefore.join(' ')} → ${loadAfter.join(' ')}` +
      (error ? `\nERROR: ${error}` : ''),
  );
  const path = writeResults(packageDir, 'quick-walltime', {
    machine: start,
    loadavgBefore: loadBefore,
    loadavgAfter: loadAfter,
    workers: availableParallelism(),
    what: 'runExperiments(every experiment, { scale: quick }) on a fresh temp directory, then writeReport',
    error,
    sweepSeconds,
    reportSeconds,
    totalSeconds,
    bytesWritten: bytes,
    estimatedSweepSeconds2Workers: estTwo?.seconds ?? null,
    estimatedOneWorkerSeconds: est?.oneWorkerSeconds ?? null,
    experiments,
  });
  console.log(`→ ${path}`);
}

if (isMain(import.meta.url)) await run();
