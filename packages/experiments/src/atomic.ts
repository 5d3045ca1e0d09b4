// Atomic file writes: a temp file in the same directory, fsync, then rename — a reader (or a
// restart after kill -9) sees the old file or the new one, never a half-written one.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '@dbn/datasets/node';
import * as E from 'fp-ts/lib/Either.js';

/** An operating-system failure reading or writing `path`. */
export interface IoError {
  readonly _tag: 'IoError';
  readonly path: string;
  readonly message: string;
}

/** The IoError for a failed operation on `path`. */
export function ioError(path: string, e: unknown): IoError {
  return {
    _tag: 'IoError',
    path,
    message: `${path}: ${e instanceof Error ? e.message : String(e)}`,
  };
}

/** True for the temp files the atomic writers leave behind when killed (`.name.<pid>.<hex>.tmp`). */
export function isTempFile(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}

/**
 * Synchronous {@link writeFileAtomic}, for checkpoints written from inside a training loop's
 * epoch callback. Returns the path, or a Left IoError (the temp file is removed).
 */
export function writeFileAtomicSync(path: string, bytes: Uint8Array): E.Either<IoError, string> {
  if (typeof path !== 'string' || path === '') {
    throw new TypeError(`path must be a non-empty string, got ${String(path)}`);
  }
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`bytes must be a Uint8Array, got ${Object.prototype.toString.call(bytes)}`);
  }
  const tmp = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx');
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
    return E.right(path);
  } catch (e) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // already failing; the original error is reported
      }
    }
    rmSync(tmp, { force: true });
    return E.left(ioError(path, e));
  }
}

/** Writes `value` as pretty JSON (2 spaces, final newline) atomically. */
export async function writeJsonAtomic(
  path: string,
  value: unknown,
): Promise<E.Either<IoError, string>> {
  const bytes = new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
  return writeFileAtomic(path, bytes);
}

export { writeFileAtomic };
