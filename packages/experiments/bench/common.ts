// Shared helpers of the @dbn/experiments benchmarks: where results go, the machine and its load.
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getBackend } from '@dbn/linalg';
import { machineInfo } from '../../../tooling/testkit/src/bench.js';

/** The package directory (results go to <it>/bench/results). */
export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** True when the module with this `import.meta.url` is the script node was started with. */
export function isMain(url: string): boolean {
  const script = process.argv[1];
  return script !== undefined && pathToFileURL(resolve(script)).href === url;
}

/** The 1-, 5- and 15-minute load averages, rounded to 2 decimals. */
export function load(): number[] {
  return loadavg().map((x) => Number(x.toFixed(2)));
}

/**
 * machineInfo() plus CPU model, core count, the load averages now, the @dbn/linalg float32 gemm
 * backend in use and DBN_THREADS.
 */
export function machine(): Record<string, unknown> {
  const cpu = cpus();
  return {
    ...machineInfo(),
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    loadavg: load(),
    linalgBackend: getBackend(),
    /** gemm threads per process requested through @dbn/linalg's DBN_THREADS (unset: 1). */
    dbnThreads: process.env.DBN_THREADS ?? null,
  };
}

/** Seconds as a short human duration: 42 s, 12.5 min, 3.2 h, 4.1 d. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 90) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  if (seconds < 5400) return `${(seconds / 60).toFixed(1)} min`;
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}

/** Cells padded into a plain text table (first column left-aligned, the others right-aligned). */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) =>
    cells.map((s, c) => (c === 0 ? s.padEnd(widths[c]!) : s.padStart(widths[c]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
