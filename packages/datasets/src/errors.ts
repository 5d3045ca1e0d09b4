/**
 * Errors returned (as fp-ts `Left`) by the readers, loaders and the downloader. Every error has
 * a `_tag` to match on and a `message` that can be shown to a user as one line.
 */

/** Bytes that do not follow the format: what was expected, what was found, and where. */
export interface ParseError {
  readonly _tag: 'ParseError';
  readonly format: 'mat' | 'idx' | 'gzip' | 'zlib';
  readonly expected: string;
  readonly found: string;
  readonly offset: number;
  readonly message: string;
}

/** A valid file that uses a feature we do not read (sparse matrices, MAT v7.3/HDF5, …). */
export interface UnsupportedError {
  readonly _tag: 'Unsupported';
  readonly format: 'mat' | 'idx';
  readonly feature: string;
  readonly offset: number;
  readonly message: string;
}

/** A file or variable that should be there and is not. */
export interface NotFoundError {
  readonly _tag: 'NotFound';
  readonly what: string;
  readonly message: string;
}

/** A user-supplied argument that cannot be used (an unknown character, a bad size, …). */
export interface InvalidArgumentError {
  readonly _tag: 'InvalidArgument';
  readonly argument: string;
  readonly message: string;
}

/** Reading or writing a file failed at the operating-system level. */
export interface IoError {
  readonly _tag: 'IoError';
  readonly path: string;
  readonly message: string;
}

/** A download that did not produce a verified file; nothing was left in the cache. */
export interface DownloadError {
  readonly _tag: 'DownloadFailed';
  readonly url: string;
  readonly reason: 'http' | 'timeout' | 'network' | 'size' | 'checksum';
  readonly message: string;
}

export type DatasetError =
  | ParseError
  | UnsupportedError
  | NotFoundError
  | InvalidArgumentError
  | IoError
  | DownloadError;

/** A ParseError with a message assembled from its parts. */
export function parseError(
  format: ParseError['format'],
  expected: string,
  found: string,
  offset: number,
): ParseError {
  return {
    _tag: 'ParseError',
    format,
    expected,
    found,
    offset,
    message: `${format} parse error at byte ${offset}: expected ${expected}, found ${found}`,
  };
}
