// dbn view [runs-dir]: serve the web viewer (apps/viewer, built) and a runs directory read-only
// on 127.0.0.1 until Ctrl-C.
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import type { Context } from '../context.js';
import { type CliError, ioError } from '../errors.js';
import { parseInteger } from '../options.js';
import { startServer } from '../serve.js';
import type { Action } from './types.js';

interface ViewRaw {
  readonly host: string;
  readonly port: string;
  readonly json?: boolean;
}

const unavailable = (message: string): CliError => ({ _tag: 'Unavailable', message });

/**
 * The directory of the built viewer (`dist/` of the @dbn/viewer package, found by module
 * resolution), or a one-line error when the package is missing or not built.
 */
export function viewerAssets(): E.Either<CliError, string> {
  let pkg: string;
  try {
    pkg = createRequire(import.meta.url).resolve('@dbn/viewer/package.json');
  } catch {
    return E.left(unavailable('the web viewer package @dbn/viewer is not installed'));
  }
  const dist = join(dirname(pkg), 'dist');
  if (!existsSync(join(dist, 'index.html'))) {
    return E.left(
      unavailable(
        `the web viewer is not built (no ${join(dist, 'index.html')}); run \`npx pnpm@10 --filter @dbn/viewer build\``,
      ),
    );
  }
  return E.right(dist);
}

async function view(dir: string, raw: ViewRaw, ctx: Context): Promise<E.Either<CliError, void>> {
  const port = parseInteger('--port', raw.port, 0, 65535);
  if (E.isLeft(port)) return port;
  const runsDir = resolve(dir);
  const isDir = await stat(runsDir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) return E.left(ioError(`runs directory ${dir} does not exist or is not a directory`));
  const assets = viewerAssets();
  if (E.isLeft(assets)) return assets;
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({
      runsDir,
      assetsDir: assets.right,
      host: raw.host,
      port: port.right,
    });
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return E.left(ioError(`cannot listen on ${raw.host}:${port.right}: ${why}`));
  }
  if (raw.json) ctx.json({ command: 'view', url: server.url, runsDir });
  else ctx.out(`serving ${runsDir} at ${server.url} (Ctrl-C to stop)`);
  await new Promise<void>((done) => {
    if (ctx.signal.aborted) done();
    else ctx.signal.addEventListener('abort', () => done(), { once: true });
  });
  await server.close();
  return E.right(undefined);
}

export function registerView(program: Command, ctx: Context, run: Action): void {
  program
    .command('view')
    .summary('browse run folders in a web viewer')
    .description(
      'Serve the web viewer and a runs directory (read-only) until Ctrl-C: the experiments with\n' +
        "their charts, the study's claims and our verdicts, samples and training curves of every\n" +
        "point, and live Gibbs sampling from a point's saved model in the browser. Listens on\n" +
        '127.0.0.1 on a free port by default and prints the address.',
    )
    .argument('[runs-dir]', 'directory of runs (as written by `dbn experiment --out`)', 'runs')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--port <n>', 'port to listen on (0: a free port)', '0')
    .option('--json', 'print {url, runsDir} as JSON on stdout once listening')
    .addHelpText(
      'after',
      `
Examples:
  $ dbn view runs/
  $ dbn view results/ --port 8080`,
    )
    .action((dir: string, raw: ViewRaw) => run(() => view(dir, raw, ctx)));
}
