// Benchmarks of @dbn/datasets: `pnpm bench` (tsx --conditions=@dbn/source bench/index.ts).
import { fileURLToPath } from 'node:url';
import { machineInfo, writeResults } from '../../../tooling/testkit/src/bench.js';
import { benchMnist } from './mnist.bench.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

const rows = await benchMnist();
console.log(
  `${'operation'.padEnd(28)} ${'images'.padStart(7)} ${'best ms'.padStart(9)} ${'median ms'.padStart(10)}`,
);
for (const r of rows) {
  console.log(
    `${r.name.padEnd(28)} ${String(r.images).padStart(7)} ${(r.timing.bestSeconds * 1000).toFixed(2).padStart(9)} ${(r.timing.medianSeconds * 1000).toFixed(2).padStart(10)}`,
  );
}
const path = writeResults(packageDir, 'mnist', { machine: machineInfo(), rows });
console.log(`wrote ${path}`);
