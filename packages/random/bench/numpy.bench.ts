import { hasNumpy, runPythonJson } from '../../../tooling/testkit/src/bench.js';
import type { BenchRow } from './row.js';

const SCRIPT = `
import json, time, numpy as np
def per(fn, n, reps=9):
    fn()
    calls = 1
    while True:
        t = time.perf_counter()
        for _ in range(calls): fn()
        if time.perf_counter() - t >= 0.1 or calls >= 1 << 20: break
        calls *= 2
    ts = []
    for _ in range(reps):
        t = time.perf_counter()
        for _ in range(calls): fn()
        ts.append((time.perf_counter() - t) / calls)
    ts.sort()
    return ts[0] * 1e9 / n, ts[reps // 2] * 1e9 / n
rng = np.random.default_rng(0)
n = 1_000_000
f32 = np.empty(n, np.float32); f64 = np.empty(n, np.float64)
p = rng.random(n, dtype=np.float32); out = np.empty(n, np.float32); u = np.empty(n, np.float32)
def bern():
    rng.random(out=u, dtype=np.float32)
    np.less(u, p, out=out)
rows = [
    ('fillUniform f32', n, per(lambda: rng.random(out=f32, dtype=np.float32), n)),
    ('fillUniform f64', n, per(lambda: rng.random(out=f64), n)),
    ('fillNormal f32', n, per(lambda: rng.standard_normal(out=f32, dtype=np.float32), n)),
    ('fillNormal f64', n, per(lambda: rng.standard_normal(out=f64), n)),
    ('bernoulli f32', n, per(bern, n)),
    ('permutation(60000)', 60000, per(lambda: rng.permutation(60000), 60000)),
]
print(json.dumps([{'name': r[0], 'elements': r[1], 'bestNsPerElement': r[2][0], 'medianNsPerElement': r[2][1]} for r in rows] + [{'numpy': np.__version__}]))
`;

/** The same operations in numpy (PCG64 Generator), for scale; undefined without python3/numpy. */
export function benchNumpy(): { version: string; rows: BenchRow[] } | undefined {
  if (!hasNumpy()) return undefined;
  const res = runPythonJson(SCRIPT) as Array<BenchRow | { numpy: string }> | undefined;
  if (res === undefined) return undefined;
  const rows = res.filter((r): r is BenchRow => 'name' in r);
  const meta = res.find((r): r is { numpy: string } => 'numpy' in r);
  return { version: meta?.numpy ?? 'unknown', rows };
}
