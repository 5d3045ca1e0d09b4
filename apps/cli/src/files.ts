// Reading model and data files, and writing results so that they are whole or absent: single
// files through writeFileAtomic; run folders are filled under a hidden temporary name and then
// renamed into place, so a run folder that exists is complete.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '@dbn/datasets/node';
import { type LoadedModel, loadModel } from '@dbn/models';
import * as E from 'fp-ts/lib/Either.js';
import { type CliError, ioError, modelFileError, usage } from './errors.js';

function why(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT') return 'no such file';
  if (err?.code === 'EISDIR') return 'it is a directory';
  if (err?.code === 'EACCES') return 'permission denied';
  return err instanceof Error ? err.message : String(e);
}

/** The bytes of a file, or an error naming it (`what` says which kind of file it should be). */
export async function readBytes(
  path: string,
  what: string,
  tag: 'ModelFile' | 'Io' = 'Io',
): Promise<E.Either<CliError, Uint8Array>> {
  try {
    const buf = await readFile(path);
    return E.right(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
  } catch (e) {
    return E.left({ _tag: tag, message: `cannot read ${what} ${path}: ${why(e)}` });
  }
}

/** A model file written by saveModel (`dbn train`, experiments). */
export async function readModelFile(path: string): Promise<E.Either<CliError, LoadedModel>> {
  const bytes = await readBytes(path, 'model file', 'ModelFile');
  if (E.isLeft(bytes)) return bytes;
  const loaded = loadModel(bytes.right);
  return E.isLeft(loaded)
    ? E.left(modelFileError(`${path} is not a readable model file: ${loaded.left.message}`))
    : loaded;
}

/** Writes one file atomically, creating its directory. */
export async function writeOutput(
  path: string,
  bytes: Uint8Array,
): Promise<E.Either<CliError, string>> {
  const target = resolve(path);
  try {
    const st = await stat(target).catch(() => undefined);
    if (st?.isDirectory()) return E.left(usage(`--out ${path} is a directory; give a file name`));
    await mkdir(dirname(target), { recursive: true });
  } catch (e) {
    return E.left(ioError(`cannot create the directory of ${path}: ${why(e)}`));
  }
  const written = await writeFileAtomic(target, bytes);
  return E.isLeft(written)
    ? E.left(ioError(`cannot write ${path}: ${written.left.message}`))
    : written;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

const RUN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A usable run folder name that is not taken in `out` yet. */
export function checkRunName(out: string, name: string): E.Either<CliError, void> {
  if (!RUN_NAME.test(name)) {
    return E.left(
      usage(`--name must be letters, digits, '.', '_' or '-', got ${JSON.stringify(name)}`),
    );
  }
  const dir = join(resolve(out), name);
  return existsSync(dir)
    ? E.left(usage(`run directory ${dir} already exists; choose another --name`))
    : E.right(undefined);
}

/** A file of a run folder. */
export interface RunFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * Creates the run folder `<out>/<name>` holding `files`, atomically: the files are written
 * (each fsynced) into a hidden temporary folder in `out`, which is then renamed. When `unique`,
 * an existing folder of that name makes the name `<name>-2`, `<name>-3`, …; otherwise it is an
 * error. Returns the folder's path. On failure nothing is left behind.
 */
export async function writeRunDir(
  out: string,
  name: string,
  files: readonly RunFile[],
  unique: boolean,
): Promise<E.Either<CliError, string>> {
  if (!RUN_NAME.test(name)) {
    return E.left(
      usage(`run name must be letters, digits, '.', '_' or '-', got ${JSON.stringify(name)}`),
    );
  }
  const root = resolve(out);
  const tmp = join(root, `.${name}.partial-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(root, { recursive: true });
    await mkdir(tmp);
  } catch (e) {
    return E.left(ioError(`cannot create the run directory in ${out}: ${why(e)}`));
  }
  try {
    for (const f of files) {
      const w = await writeFileAtomic(join(tmp, f.name), f.bytes);
      if (E.isLeft(w)) return E.left(ioError(`cannot write ${f.name}: ${w.left.message}`));
    }
    for (let k = 1; k < 1000; k++) {
      const dir = join(root, k === 1 ? name : `${name}-${k}`);
      if (await exists(dir)) {
        if (!unique)
          return E.left(usage(`run directory ${dir} already exists; choose another --name`));
        continue;
      }
      try {
        await rename(tmp, dir);
        return E.right(dir);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOTEMPTY' || code === 'EEXIST') continue; // created meanwhile
        return E.left(ioError(`cannot move the run into ${dir}: ${why(e)}`));
      }
    }
    return E.left(ioError(`too many runs named ${name} in ${root}`));
  } finally {
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** A run folder name from its parts and the current time, e.g. rbm-alphadigits-20250101-120000-s1. */
export function runName(parts: readonly string[], seed: number, now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return [...parts, stamp, `s${seed}`].join('-');
}
