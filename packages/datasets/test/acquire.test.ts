// The downloader is tested only against a loopback HTTP server (127.0.0.1, port 0).
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALPHADIGITS_SOURCE,
  cacheDir,
  type DataSource,
  download,
  locateDataFile,
  writeFileAtomic,
} from '../src/acquire.js';

/** Deterministic pseudo-random bytes: sha256 in counter mode from a fixed label. */
function pseudoRandomBytes(n: number, label: string): Uint8Array {
  const out = new Uint8Array(n);
  for (let block = 0, off = 0; off < n; block++, off += 32) {
    const h = createHash('sha256').update(`${label}:${block}`).digest();
    out.set(h.subarray(0, Math.min(32, n - off)), off);
  }
  return out;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

const good = pseudoRandomBytes(200_000, 'good');
const goodSha = sha256(good);
const wrong = pseudoRandomBytes(200_000, 'wrong');

let server: Server;
let base: string;
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'dbn-acquire-'));
  server = createServer((req, res) => {
    switch (req.url) {
      case '/good':
        res.writeHead(200, { 'content-length': good.length });
        res.end(good);
        return;
      case '/redirect':
        res.writeHead(302, { location: '/good' });
        res.end();
        return;
      case '/loop':
        res.writeHead(301, { location: '/loop' });
        res.end();
        return;
      case '/wrong':
        res.writeHead(200, { 'content-length': wrong.length });
        res.end(wrong);
        return;
      case '/short':
        // A complete response that is simply too short for the expected size.
        res.writeHead(200);
        res.end(good.subarray(0, 1000));
        return;
      case '/long':
        // No Content-Length (chunked): more bytes than expected.
        res.writeHead(200);
        res.write(good);
        res.end(good);
        return;
      case '/truncated':
        res.writeHead(200, { 'content-length': good.length });
        res.write(good.subarray(0, 50_000), () => {
          setTimeout(() => res.socket?.destroy(), 20);
        });
        return;
      case '/hang':
        // Never answers.
        return;
      case '/stall':
        res.writeHead(200, { 'content-length': good.length });
        res.write(good.subarray(0, 10_000));
        return;
      default:
        res.writeHead(404);
        res.end('not here');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(root, { recursive: true, force: true });
});

async function freshDir(name: string): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  return dir;
}

describe('download', () => {
  it('downloads, verifies and renames into place (creating the directory)', async () => {
    const dir = join(root, 'ok', 'nested');
    const dest = join(dir, 'file.bin');
    const got = await download({
      url: `${base}/good`,
      sha256: goodSha,
      size: good.length,
      dest,
      timeoutMs: 5000,
    });
    expect(got).toEqual(E.right(dest));
    expect(new Uint8Array(await readFile(dest))).toEqual(good);
    expect(await readdir(dir)).toEqual(['file.bin']);
  });

  it('follows redirects, and accepts an unknown size and an upper-case digest', async () => {
    const dir = await freshDir('redirect');
    const dest = join(dir, 'file.bin');
    const got = await download({
      url: `${base}/redirect`,
      sha256: goodSha.toUpperCase(),
      dest,
      timeoutMs: 5000,
    });
    expect(E.isRight(got)).toBe(true);
    expect(sha256(await readFile(dest))).toBe(goodSha);
  });

  const failures: [string, string, string, string][] = [
    ['/wrong', 'checksum', 'sha256 is', 'checksum mismatch'],
    ['/nothing', 'http', 'HTTP status 404', '404'],
    ['/loop', 'http', 'redirects', 'a redirect loop'],
    ['/truncated', 'size', 'truncated', 'a truncated body'],
    ['/short', 'size', 'received 1000 bytes', 'a short body'],
    ['/long', 'size', 'longer than', 'a body that is too long'],
    ['/hang', 'timeout', 'no response within', 'a server that never answers'],
    ['/stall', 'timeout', 'stalled', 'a body that stalls'],
  ];
  for (const [path, reason, says, what] of failures) {
    it(`fails on ${what}, leaving nothing behind and the old file untouched`, async () => {
      const dir = await freshDir(`fail${path}`);
      const dest = join(dir, 'file.bin');
      const got = await download({
        url: `${base}${path}`,
        sha256: goodSha,
        size: good.length,
        dest,
        timeoutMs: 300,
      });
      expect(E.isLeft(got)).toBe(true);
      if (E.isRight(got)) return;
      expect(got.left._tag).toBe('DownloadFailed');
      expect(got.left._tag === 'DownloadFailed' && got.left.reason).toBe(reason);
      expect(got.left.message).toContain(says);
      expect(got.left.message).toContain(`${base}${path}`);
      expect(await readdir(dir)).toEqual([]);
      // With a previous file in place: it survives the failed download unchanged.
      await writeFile(dest, 'old');
      const again = await download({
        url: `${base}${path}`,
        sha256: goodSha,
        size: good.length,
        dest,
        timeoutMs: 300,
      });
      expect(E.isLeft(again)).toBe(true);
      expect(await readdir(dir)).toEqual(['file.bin']);
      expect(await readFile(dest, 'utf8')).toBe('old');
    });
  }

  it('fails fast when Content-Length disagrees with the expected size', async () => {
    const dir = await freshDir('announced');
    const got = await download({
      url: `${base}/good`,
      sha256: goodSha,
      size: good.length + 1,
      dest: join(dir, 'f'),
      timeoutMs: 5000,
    });
    expect(E.isLeft(got) && got.left.message).toContain('announces 200000 bytes');
    expect(await readdir(dir)).toEqual([]);
  });

  it('reports a refused connection as a network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const dir = await freshDir('refused');
    const got = await download({
      url: `http://127.0.0.1:${port}/x`,
      sha256: goodSha,
      dest: join(dir, 'f'),
      timeoutMs: 2000,
    });
    expect(E.isLeft(got) && got.left._tag === 'DownloadFailed' && got.left.reason).toBe('network');
    expect(await readdir(dir)).toEqual([]);
  });

  it('validates its arguments', async () => {
    const ok = { url: `${base}/good`, sha256: goodSha, dest: join(root, 'v'), timeoutMs: 100 };
    await expect(download({ ...ok, url: 'ftp://127.0.0.1/x' })).rejects.toThrow(/url/);
    await expect(download({ ...ok, url: 'not a url' })).rejects.toThrow(/url/);
    await expect(download({ ...ok, sha256: 'abc' })).rejects.toThrow(/sha256/);
    await expect(download({ ...ok, size: -1 })).rejects.toThrow(/size/);
    await expect(download({ ...ok, timeoutMs: 0 })).rejects.toThrow(/timeoutMs/);
    await expect(download({ ...ok, dest: '' })).rejects.toThrow(/dest/);
  });
});

describe('cacheDir', () => {
  it('follows XDG on Linux, then ~/.cache', () => {
    expect(cacheDir({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' }, 'linux')).toBe('/x/cache/dbn');
    expect(cacheDir({ HOME: '/home/u' }, 'linux')).toBe('/home/u/.cache/dbn');
    // A relative XDG_CACHE_HOME is invalid per the spec and ignored.
    expect(cacheDir({ XDG_CACHE_HOME: 'rel', HOME: '/home/u' }, 'linux')).toBe(
      '/home/u/.cache/dbn',
    );
  });

  it('uses ~/Library/Caches on macOS and %LOCALAPPDATA% on Windows', () => {
    expect(cacheDir({ HOME: '/Users/u' }, 'darwin')).toBe('/Users/u/Library/Caches/dbn');
    expect(cacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32')).toBe(
      'C:\\Users\\u\\AppData\\Local\\dbn\\Cache',
    );
    expect(cacheDir({ USERPROFILE: 'C:\\Users\\u' }, 'win32')).toBe(
      'C:\\Users\\u\\AppData\\Local\\dbn\\Cache',
    );
  });
});

describe('locateDataFile', () => {
  let source: DataSource;
  let envDir: string;
  let xdg: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    source = { name: 'thing.bin', url: `${base}/good`, sha256: goodSha, size: good.length };
    envDir = await freshDir('locate-env');
    xdg = await freshDir('locate-xdg');
    env = { DBN_DATA_DIR: envDir, XDG_CACHE_HOME: xdg, HOME: join(root, 'no-home') };
  });
  const cached = () => join(xdg, 'dbn', 'thing.bin');

  it('without the file anywhere and no download: NotFound that says how to get it', async () => {
    const got = await locateDataFile({ source, env, allowDownload: false });
    expect(E.isLeft(got) && got.left._tag).toBe('NotFound');
    const message = E.isLeft(got) ? got.left.message : '';
    expect(message).toContain(source.url);
    expect(message).toContain(goodSha);
    expect(message).toContain(join(envDir, 'thing.bin'));
    expect(message).toContain(join(xdg, 'dbn'));
  });

  it('downloads into the cache when allowed, then finds the cached file offline', async () => {
    const got = await locateDataFile({ source, env, allowDownload: true, timeoutMs: 5000 });
    expect(got).toEqual(E.right(cached()));
    expect(sha256(await readFile(cached()))).toBe(goodSha);
    const offline = { ...source, url: `${base}/nothing` };
    expect(await locateDataFile({ source: offline, env, allowDownload: true })).toEqual(
      E.right(cached()),
    );
  });

  it('prefers DBN_DATA_DIR to the cache', async () => {
    await writeFile(join(envDir, 'thing.bin'), 'user copy');
    const got = await locateDataFile({ source, env, allowDownload: false });
    expect(got).toEqual(E.right(join(envDir, 'thing.bin')));
    await rm(join(envDir, 'thing.bin'));
  });

  it('uses an explicit path or data dir only', async () => {
    const mine = await freshDir('locate-mine');
    await writeFile(join(mine, 'thing.bin'), 'mine');
    const explicit = await locateDataFile({
      source,
      env,
      explicitPath: join(mine, 'thing.bin'),
      allowDownload: false,
    });
    expect(explicit).toEqual(E.right(join(mine, 'thing.bin')));
    expect(await locateDataFile({ source, env, dataDir: mine, allowDownload: false })).toEqual(
      E.right(join(mine, 'thing.bin')),
    );
    // Missing there: NotFound, even though the cache has the file.
    const missing = await locateDataFile({
      source,
      env,
      explicitPath: join(mine, 'other.bin'),
      allowDownload: true,
    });
    expect(E.isLeft(missing) && missing.left._tag).toBe('NotFound');
    const missingDir = await locateDataFile({ source, env, dataDir: envDir, allowDownload: true });
    expect(E.isLeft(missingDir) && missingDir.left._tag).toBe('NotFound');
  });

  it('verifies the cached file by sha256, replacing a damaged one when download is allowed', async () => {
    const damaged = new Uint8Array(good);
    damaged[12345] ^= 1;
    await writeFile(cached(), damaged);
    const refused = await locateDataFile({ source, env, allowDownload: false });
    expect(E.isLeft(refused) && refused.left._tag === 'DownloadFailed' && refused.left.reason).toBe(
      'checksum',
    );
    const fixed = await locateDataFile({ source, env, allowDownload: true, timeoutMs: 5000 });
    expect(fixed).toEqual(E.right(cached()));
    expect(sha256(await readFile(cached()))).toBe(goodSha);
    expect(await readdir(join(xdg, 'dbn'))).toEqual(['thing.bin']);
  });

  it('knows the AlphaDigits source, and never downloads unless allowed', async () => {
    expect(ALPHADIGITS_SOURCE.name).toBe('binaryalphadigs.mat');
    expect(ALPHADIGITS_SOURCE.size).toBe(532_304);
    const got = await locateDataFile({
      source: ALPHADIGITS_SOURCE,
      env: { XDG_CACHE_HOME: xdg, HOME: join(root, 'no-home') },
      allowDownload: false,
    });
    expect(E.isLeft(got) && got.left.message).toContain(
      'https://cs.nyu.edu/~roweis/data/binaryalphadigs.mat',
    );
  });
});

describe('writeFileAtomic', () => {
  it('writes and replaces a file, leaving no temp file', async () => {
    const dir = await freshDir('atomic');
    const path = join(dir, 'out.png');
    expect(await writeFileAtomic(path, Uint8Array.of(1, 2, 3))).toEqual(E.right(path));
    expect(await writeFileAtomic(path, Uint8Array.of(4, 5))).toEqual(E.right(path));
    expect(new Uint8Array(await readFile(path))).toEqual(Uint8Array.of(4, 5));
    expect(await readdir(dir)).toEqual(['out.png']);
  });

  it('returns an IoError when the directory is missing, and writes nothing', async () => {
    const dir = await freshDir('atomic-missing');
    const got = await writeFileAtomic(join(dir, 'no', 'out.png'), Uint8Array.of(1));
    expect(E.isLeft(got) && got.left._tag).toBe('IoError');
    expect(await readdir(dir)).toEqual([]);
  });
});
