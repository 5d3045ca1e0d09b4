import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Timing of one benchmark case: best and median seconds per call over `samples` timed runs. */
export interface Timing {
  readonly samples: number;
  readonly callsPerSample: number;
  readonly bestSeconds: number;
  readonly medianSeconds: number;
}

/**
 * Times `fn`: warms up, picks a call count so that one sample takes ≥ `minSampleSeconds`, then
 * takes `samples` samples. Seconds per call are reported as best and median.
 */
export function time(fn: () => void, samples = 7, minSampleSeconds = 0.05): Timing {
  for (let i = 0; i < 3; i++) fn();
  let calls = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) fn();
    const dt = (performance.now() - t0) / 1000;
    if (dt >= minSampleSeconds || calls >= 1 << 24) break;
    calls = Math.max(calls * 2, Math.ceil((calls * minSampleSeconds) / Math.max(dt, 1e-6)));
  }
  const per: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) fn();
    per.push((performance.now() - t0) / 1000 / calls);
  }
  per.sort((a, b) => a - b);
  return {
    samples,
    callsPerSample: calls,
    bestSeconds: per[0]!,
    medianSeconds: per[Math.floor(samples / 2)]!,
  };
}

/** Writes `value` as JSON to `<packageDir>/bench/results/<name>.json` (temp file, then rename). */
export function writeResults(packageDir: string, name: string, value: unknown): string {
  const dir = join(packageDir, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.json`);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(tmp, path);
  return path;
}

/** The machine a result was measured on, recorded with every result file. */
export function machineInfo(): Record<string, unknown> {
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    date: new Date().toISOString(),
  };
}

/**
 * Runs a python3 script that prints one JSON value on its last stdout line and returns it, or
 * undefined when python3 or numpy is missing (benchmarks then print only our own figures).
 */
export function runPythonJson(script: string, timeoutMs = 600_000): unknown {
  const res = spawnSync('python3', ['-c', script], { encoding: 'utf8', timeout: timeoutMs });
  if (res.error !== undefined || res.status !== 0) return undefined;
  const lines = res.stdout.trim().split('\n');
  try {
    return JSON.parse(lines[lines.length - 1] ?? '');
  } catch {
    return undefined;
  }
}

/** True when `python3 -c "import numpy"` succeeds. */
export function hasNumpy(): boolean {
  const res = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8', timeout: 30_000 });
  return res.error === undefined && res.status === 0;
}
