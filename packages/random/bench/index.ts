import { fileURLToPath } from 'node:url';
import { machineInfo, writeResults } from '../../../tooling/testkit/src/bench.js';
import { benchBernoulli } from './bernoulli.bench.js';
import { benchNormal } from './normal.bench.js';
import { benchNumpy } from './numpy.bench.js';
import { benchPermutation } from './permutation.bench.js';
import type { BenchRow } from './row.js';
import { benchDerive } from './stream.bench.js';
import { benchUniform } from './uniform.bench.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

const rows: BenchRow[] = [
  ...benchUniform(),
  ...benchNormal(),
  ...benchBernoulli(),
  ...benchPermutation(),
  ...benchDerive(),
];
const numpy = benchNumpy();

const ref = new Map((numpy?.rows ?? []).map((r) => [r.name, r]));
console.log(
  `${'operation'.padEnd(20)} ${'elements'.padStart(9)} ${'best ns/el'.padStart(11)} ${'median ns/el'.padStart(13)}${numpy ? `  ${'numpy best'.padStart(11)}` : ''}`,
);
for (const r of rows) {
  const np = ref.get(r.name);
  console.log(
    `${r.name.padEnd(20)} ${String(r.elements).padStart(9)} ${r.bestNsPerElement.toFixed(3).padStart(11)} ${r.medianNsPerElement.toFixed(3).padStart(13)}${numpy ? `  ${(np ? np.bestNsPerElement.toFixed(3) : '-').padStart(11)}` : ''}`,
  );
}
if (numpy) console.log(`numpy ${numpy.version} (PCG64 Generator) for scale`);
const file = writeResults(packageDir, 'random', {
  machine: machineInfo(),
  results: rows,
  numpy: numpy ?? null,
});
console.log(`wrote ${file}`);
