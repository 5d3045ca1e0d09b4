import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * The directory named by `DBN_DATA_DIR` (resolved against the repo root when relative), or
 * undefined when it is unset. Real-data tests use `describe.skipIf(!dataFile(...))` so that a
 * missing file is reported as skipped, never silently passed.
 */
export function dataDir(): string | undefined {
  const dir = process.env.DBN_DATA_DIR;
  if (dir === undefined || dir === '') return undefined;
  return resolve(repoRoot, dir);
}

/** The path of `name` inside `DBN_DATA_DIR`, or undefined when it is unset or the file is absent. */
export function dataFile(name: string): string | undefined {
  const dir = dataDir();
  if (dir === undefined) return undefined;
  const path = join(dir, name);
  return existsSync(path) ? path : undefined;
}

/** A folder under `<repo>/test-output/<group>` for files a test writes (PNG grids, screenshots). */
export function testOutputDir(group: string): string {
  const dir = join(repoRoot, 'test-output', group);
  mkdirSync(dir, { recursive: true });
  return dir;
}
