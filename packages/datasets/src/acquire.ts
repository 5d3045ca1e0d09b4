// Data acquisition (Node only): the per-user cache, locating data files, verified downloads
// over node:http(s), and atomic file writes.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { homedir } from 'node:os';
import { basename, dirname, join, posix, resolve, win32 } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as E from 'fp-ts/lib/Either.js';
import type { DatasetError, DownloadError, IoError, NotFoundError } from './errors.js';

/** A file that can be downloaded and verified: its file name, URL, sha256 (hex) and size in bytes. */
export interface DataSource {
  readonly name: string;
  readonly url: string;
  readonly sha256: string;
  readonly size: number;
}

/** Sam Roweis's Binary AlphaDigits (36 classes × 39 images of 20×16 pixels), a MAT v5 file. */
export const ALPHADIGITS_SOURCE: DataSource = {
  name: 'binaryalphadigs.mat',
  url: 'https://cs.nyu.edu/~roweis/data/binaryalphadigs.mat',
  sha256: '3ee9392e64e4e3bb7b35502b69bf2555a0b4197c1b31048c4189b84bc0bc6ea7',
  size: 532_304,
};

/** Environment variables as read by {@link cacheDir} and {@link locateDataFile}. */
export type Env = Readonly<Record<string, string | undefined>>;

const tag = (x: unknown): string => Object.prototype.toString.call(x);

function ioError(path: string, e: unknown): IoError {
  const why = e instanceof Error ? e.message : String(e);
  return { _tag: 'IoError', path, message: `${path}: ${why}` };
}

/** A fresh temp-file name next to `path` (same directory, so that rename is atomic). */
function tempPath(path: string, suffix: string): string {
  return join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.${suffix}`,
  );
}

/**
 * Writes `bytes` to `path` atomically: into a temp file in the same directory, fsync, then
 * rename over `path`. On failure the temp file is removed and `path` is untouched. The
 * directory must exist.
 */
export async function writeFileAtomic(
  path: string,
  bytes: Uint8Array,
): Promise<E.Either<IoError, string>> {
  if (typeof path !== 'string' || path === '') {
    throw new TypeError(`writeFileAtomic: path must be a non-empty string, got ${String(path)}`);
  }
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`writeFileAtomic: bytes must be a Uint8Array, got ${tag(bytes)}`);
  }
  const tmp = tempPath(path, 'tmp');
  let fh: Awaited<ReturnType<typeof open>> | undefined;
  try {
    fh = await open(tmp, 'wx');
    await fh.writeFile(bytes);
    await fh.sync();
    await fh.close();
    fh = undefined;
    await rename(tmp, path);
    return E.right(path);
  } catch (e) {
    if (fh !== undefined) await fh.close().catch(() => undefined);
    await rm(tmp, { force: true }).catch(() => undefined);
    return E.left(ioError(path, e));
  }
}

/**
 * The per-user cache directory of dbn: `$XDG_CACHE_HOME/dbn` when XDG_CACHE_HOME is set to an
 * absolute path (not on Windows), else `~/Library/Caches/dbn` on macOS,
 * `%LOCALAPPDATA%\dbn\Cache` on Windows and `~/.cache/dbn` elsewhere. Pure: creates nothing.
 */
export function cacheDir(env: Env = process.env, platform: string = process.platform): string {
  if (typeof env !== 'object' || env === null) {
    throw new TypeError(`cacheDir: env must be an object of strings, got ${String(env)}`);
  }
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA;
    if (local !== undefined && win32.isAbsolute(local)) return win32.join(local, 'dbn', 'Cache');
    const home =
      env.USERPROFILE !== undefined && env.USERPROFILE !== '' ? env.USERPROFILE : homedir();
    return win32.join(home, 'AppData', 'Local', 'dbn', 'Cache');
  }
  const xdg = env.XDG_CACHE_HOME;
  if (xdg !== undefined && posix.isAbsolute(xdg)) return posix.join(xdg, 'dbn');
  const home = env.HOME !== undefined && env.HOME !== '' ? env.HOME : homedir();
  if (platform === 'darwin') return posix.join(home, 'Library', 'Caches', 'dbn');
  return posix.join(home, '.cache', 'dbn');
}

/** Options of {@link download}. */
export interface DownloadOptions {
  /** An http: or https: URL; up to `maxRedirects` redirects are followed. */
  readonly url: string;
  /** Expected sha256 of the body, 64 hex digits. */
  readonly sha256: string;
  /** Expected size in bytes; checked against Content-Length and the bytes received. */
  readonly size?: number;
  /** Where the verified file goes; its directory is created if missing. */
  readonly dest: string;
  /** Longest wait, in ms, for a response and between two chunks of the body. */
  readonly timeoutMs: number;
  /** Redirects followed at most (default 5). */
  readonly maxRedirects?: number;
}

/** Why a download attempt stopped; turned into a DownloadError with the URL. */
class Failure extends Error {
  constructor(
    readonly reason: DownloadError['reason'],
    detail: string,
  ) {
    super(detail);
  }
}

function requestOnce(url: URL, timeoutMs: number): Promise<IncomingMessage> {
  return new Promise((resolvePromise, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, {
      method: 'GET',
      headers: { 'user-agent': 'dbn', 'accept-encoding': 'identity' },
    });
    const timer = setTimeout(() => {
      req.destroy(new Failure('timeout', `no response within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('response', (res) => {
      clearTimeout(timer);
      resolvePromise(res);
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err instanceof Failure ? err : new Failure('network', err.message));
    });
    req.end();
  });
}

interface Received {
  readonly bytes: number;
  readonly sha256: string;
}

async function bodyToFile(
  res: IncomingMessage,
  tmp: string,
  timeoutMs: number,
  contentLength: number | undefined,
  expectedSize: number | undefined,
): Promise<Received> {
  const hash = createHash('sha256');
  let count = 0;
  const timer = setTimeout(() => {
    res.destroy(
      new Failure('timeout', `the body stalled for ${timeoutMs} ms after ${count} bytes`),
    );
  }, timeoutMs);
  const limit = expectedSize ?? contentLength;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      count += chunk.length;
      timer.refresh();
      if (limit !== undefined && count > limit) {
        done(new Failure('size', `the body is longer than the expected ${limit} bytes`));
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(res, counter, createWriteStream(tmp, { flags: 'wx' }));
  } catch (e) {
    if (e instanceof Failure) throw e;
    if (contentLength !== undefined && count < contentLength) {
      throw new Failure(
        'size',
        `truncated: the connection closed after ${count} of ${contentLength} bytes`,
      );
    }
    throw new Failure('network', e instanceof Error ? e.message : String(e));
  } finally {
    clearTimeout(timer);
  }
  if (contentLength !== undefined && count !== contentLength) {
    throw new Failure('size', `truncated: received ${count} of ${contentLength} bytes`);
  }
  return { bytes: count, sha256: hash.digest('hex') };
}

async function fetchToFile(
  start: URL,
  tmp: string,
  timeoutMs: number,
  maxRedirects: number,
  expectedSize: number | undefined,
): Promise<Received> {
  let url = start;
  for (let hop = 0; ; hop++) {
    const res = await requestOnce(url, timeoutMs);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (status >= 300 && status < 400 && location !== undefined) {
      res.destroy();
      if (hop >= maxRedirects) throw new Failure('http', `more than ${maxRedirects} redirects`);
      url = new URL(location, url);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new Failure('http', `redirected to an unsupported URL ${url.href}`);
      }
      continue;
    }
    if (status < 200 || status >= 300) {
      res.destroy();
      throw new Failure('http', `HTTP status ${status} ${res.statusMessage ?? ''}`.trimEnd());
    }
    const header = res.headers['content-length'];
    const contentLength =
      header !== undefined && /^\d+$/.test(header) ? Number.parseInt(header, 10) : undefined;
    if (
      expectedSize !== undefined &&
      contentLength !== undefined &&
      contentLength !== expectedSize
    ) {
      res.destroy();
      throw new Failure(
        'size',
        `the server announces ${contentLength} bytes, expected ${expectedSize}`,
      );
    }
    return bodyToFile(res, tmp, timeoutMs, contentLength, expectedSize);
  }
}

/**
 * Downloads `url` into `dest`: streams into a temp file in `dest`'s directory, checks the
 * size and sha256, fsyncs, then renames to `dest`. Any failure (HTTP status, network error,
 * timeout waiting for a response or for more body, truncated or oversized body, checksum
 * mismatch) removes the temp file, leaves `dest` as it was and returns a Left DownloadError
 * naming the URL (or an IoError when the directory or file cannot be written).
 */
export async function download(
  options: DownloadOptions,
): Promise<E.Either<DownloadError | IoError, string>> {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`download: options must be an object, got ${String(options)}`);
  }
  const { url, sha256, size, dest, timeoutMs } = options;
  const maxRedirects = options.maxRedirects ?? 5;
  let start: URL;
  try {
    start = new URL(url);
  } catch {
    throw new TypeError(`download: url must be an absolute URL, got ${String(url)}`);
  }
  if (start.protocol !== 'http:' && start.protocol !== 'https:') {
    throw new TypeError(`download: url must be http: or https:, got ${url}`);
  }
  if (typeof sha256 !== 'string' || !/^[0-9a-fA-F]{64}$/.test(sha256)) {
    throw new TypeError(`download: sha256 must be 64 hex digits, got ${String(sha256)}`);
  }
  if (size !== undefined && (!Number.isSafeInteger(size) || size < 0)) {
    throw new RangeError(`download: size must be a non-negative integer, got ${size}`);
  }
  if (typeof dest !== 'string' || dest === '') {
    throw new TypeError(`download: dest must be a non-empty path, got ${String(dest)}`);
  }
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0) || timeoutMs > 2 ** 31 - 1) {
    throw new RangeError(`download: timeoutMs must be a positive number of ms, got ${timeoutMs}`);
  }
  if (!Number.isInteger(maxRedirects) || maxRedirects < 0) {
    throw new RangeError(
      `download: maxRedirects must be a non-negative integer, got ${maxRedirects}`,
    );
  }
  const target = resolve(dest);
  try {
    await mkdir(dirname(target), { recursive: true });
  } catch (e) {
    return E.left(ioError(dirname(target), e));
  }
  const tmp = tempPath(target, 'part');
  let done = false;
  try {
    const got = await fetchToFile(start, tmp, timeoutMs, maxRedirects, size);
    if (size !== undefined && got.bytes !== size) {
      throw new Failure('size', `received ${got.bytes} bytes, expected ${size}`);
    }
    if (got.sha256 !== sha256.toLowerCase()) {
      throw new Failure('checksum', `sha256 is ${got.sha256}, expected ${sha256.toLowerCase()}`);
    }
    await fsyncFile(tmp);
    await rename(tmp, target);
    done = true;
    return E.right(target);
  } catch (e) {
    if (e instanceof Failure) {
      return E.left({
        _tag: 'DownloadFailed',
        url,
        reason: e.reason,
        message: `download of ${url} failed: ${e.message}`,
      });
    }
    return E.left(ioError(tmp, e));
  } finally {
    if (!done) await rm(tmp, { force: true }).catch(() => undefined);
  }
}

async function fsyncFile(path: string): Promise<void> {
  const fh = await open(path, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/** Options of {@link locateDataFile}. */
export interface LocateOptions {
  /** What to look for (its `name`) and where to download it from. */
  readonly source: DataSource;
  /** A path to the file given by the user; when set, nothing else is tried. */
  readonly explicitPath?: string;
  /** A directory given by the user (`--data-dir`); when set, nothing else is tried. */
  readonly dataDir?: string;
  /** Environment (default `process.env`): `DBN_DATA_DIR`, and the cache variables. */
  readonly env?: Env;
  /** Download into the cache when the file is nowhere else. */
  readonly allowDownload: boolean;
  /** Timeout of the download (default 60 000 ms), see {@link DownloadOptions.timeoutMs}. */
  readonly timeoutMs?: number;
  /** Platform for {@link cacheDir} (default `process.platform`). */
  readonly platform?: string;
}

function notFound(what: string, message: string): NotFoundError {
  return { _tag: 'NotFound', what, message };
}

/**
 * Finds `source.name` and returns its path. Order: `explicitPath`, or `dataDir/<name>`
 * (either one, when given, is the only place looked at); else `$DBN_DATA_DIR/<name>`; else
 * the cache `cacheDir(env)/<name>`; else, when `allowDownload`, a verified download into the
 * cache. User-supplied files (explicit, --data-dir, DBN_DATA_DIR) are used as they are (the
 * parser validates them); a cached file is verified by size and sha256 on every lookup and,
 * when it does not match, is replaced by a fresh download (or reported, without download).
 */
export async function locateDataFile(
  options: LocateOptions,
): Promise<E.Either<DatasetError, string>> {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`locateDataFile: options must be an object, got ${String(options)}`);
  }
  const { source, explicitPath, dataDir, allowDownload } = options;
  const env = options.env ?? process.env;
  const timeoutMs = options.timeoutMs ?? 60_000;
  if (typeof source !== 'object' || source === null || typeof source.name !== 'string') {
    throw new TypeError(`locateDataFile: source must be a DataSource, got ${String(source)}`);
  }
  if (typeof allowDownload !== 'boolean') {
    throw new TypeError(
      `locateDataFile: allowDownload must be a boolean, got ${String(allowDownload)}`,
    );
  }
  const name = source.name;
  if (explicitPath !== undefined) {
    const path = resolve(explicitPath);
    return (await isFile(path))
      ? E.right(path)
      : E.left(notFound(name, `${name}: the given file ${path} does not exist`));
  }
  if (dataDir !== undefined) {
    const path = resolve(dataDir, name);
    return (await isFile(path))
      ? E.right(path)
      : E.left(notFound(name, `${name} is not in the given data directory ${resolve(dataDir)}`));
  }
  const looked: string[] = [];
  const envDir = env.DBN_DATA_DIR;
  if (envDir !== undefined && envDir !== '') {
    const path = resolve(envDir, name);
    if (await isFile(path)) return E.right(path);
    looked.push(`${path} (DBN_DATA_DIR)`);
  }
  const cached = join(cacheDir(env, options.platform ?? process.platform), name);
  if (await isFile(cached)) {
    let bad: string | undefined;
    try {
      const bytes = (await stat(cached)).size;
      if (bytes !== source.size) bad = `has ${bytes} bytes, expected ${source.size}`;
      else {
        const digest = await sha256OfFile(cached);
        if (digest !== source.sha256.toLowerCase()) {
          bad = `has sha256 ${digest}, expected ${source.sha256}`;
        }
      }
    } catch (e) {
      return E.left(ioError(cached, e));
    }
    if (bad === undefined) return E.right(cached);
    if (!allowDownload) {
      return E.left({
        _tag: 'DownloadFailed',
        url: source.url,
        reason: bad.startsWith('has sha256') ? 'checksum' : 'size',
        message: `the cached ${cached} ${bad}; delete it, or allow the download to replace it from ${source.url}`,
      });
    }
  } else {
    looked.push(`${cached} (cache)`);
  }
  if (allowDownload) {
    return download({
      url: source.url,
      sha256: source.sha256,
      size: source.size,
      dest: cached,
      timeoutMs,
    });
  }
  return E.left(
    notFound(
      name,
      `${name} not found (looked in ${looked.join(', ')}). Download it from ${source.url} ` +
        `(${source.size} bytes, sha256 ${source.sha256}) into ${dirname(cached)} or a directory ` +
        'named by DBN_DATA_DIR, pass its path, or allow the download.',
    ),
  );
}
