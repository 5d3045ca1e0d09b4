import { time, writeResults } from '../../../tooling/testkit/src/bench.js';
import { logSumExpRows, softmaxRows, zeros } from '../src/index.js';
import { filled, machine, packageDir, table } from './common.js';

/** Runs the row-wise softmax / log-sum-exp benchmark (ns per element, 128×500, both types). */
export function run(): void {
  const m = 128;
  const n = 500;
  const rows = (['f32', 'f64'] as const).flatMap((dtype) => {
    const a = filled(m, n, dtype, 3);
    const c = zeros(m, n, dtype);
    const out = dtype === 'f64' ? new Float64Array(m) : new Float32Array(m);
    const ns = (s: number) => (s / (m * n)) * 1e9;
    const ts = time(() => softmaxRows(a, c));
    const tl = time(() => logSumExpRows(a, out as never));
    return [
      {
        name: `softmaxRows ${dtype}`,
        nsPerElement: ns(ts.bestSeconds),
        median: ns(ts.medianSeconds),
      },
      {
        name: `logSumExpRows ${dtype}`,
        nsPerElement: ns(tl.bestSeconds),
        median: ns(tl.medianSeconds),
      },
    ];
  });
  console.log(`\nrow-wise softmax and log-sum-exp over ${m}×${n} (ns/element)`);
  console.log(
    table(
      ['op', 'ns/elem', 'median'],
      rows.map((r) => [r.name, r.nsPerElement.toFixed(3), r.median.toFixed(3)]),
    ),
  );
  const path = writeResults(packageDir, 'softmax-rows', {
    machine: machine(),
    shape: [m, n],
    rows,
  });
  console.log(`→ ${path}`);
}
