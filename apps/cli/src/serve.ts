// The web viewer's HTTP server (`dbn view`): serves the built viewer assets, the files of one
// runs directory read-only under /runs/, and a JSON index of its experiments at /api/runs.
// Only files inside those two directories are served: `..` segments, percent-encoded
// separators or dots that would climb out, absolute paths, NUL bytes and symlinks that point
// outside the directory all give 404. Files are streamed (model.safetensors can be large).
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';

/** Options of {@link startServer}. */
export interface ServeOptions {
  /** The runs directory (served under /runs/, indexed at /api/runs). */
  readonly runsDir: string;
  /** The built viewer (a directory holding index.html). */
  readonly assetsDir: string;
  /** Interface to listen on (default 127.0.0.1). */
  readonly host?: string;
  /** Port (default 0: a free port chosen by the system). */
  readonly port?: number;
}

/** A running server. */
export interface ViewerServer {
  /** e.g. http://127.0.0.1:41234/ */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.safetensors': 'application/octet-stream',
  '.npz': 'application/octet-stream',
};

/** Point ids and experiment names are directory names of this shape (docs/0002). */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * The path segments of a URL path below a mount point, or undefined when the path is unsafe:
 * any segment that decodes to '', '.', '..', or contains '/', '\\', NUL or a drive colon
 * after decoding (so `%2e%2e`, `%2f` and `%5c` cannot climb out), or fails to decode.
 */
export function safeSegments(rawPath: string): string[] | undefined {
  if (rawPath === '') return [];
  const parts = rawPath.split('/');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const raw = parts[i]!;
    // A trailing slash ("dir/") is allowed; empty segments elsewhere ("a//b", "/abs") are not.
    if (raw === '' && i === parts.length - 1 && i > 0) continue;
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (seg === '' || seg === '.' || seg === '..') return undefined;
    if (/[/\\\0:]/.test(seg)) return undefined;
    out.push(seg);
  }
  return out;
}

/**
 * The real path of `segments` inside `root` when it is a regular file whose real path (all
 * symlinks resolved) lies inside the real `root`; undefined otherwise.
 */
async function containedFile(
  root: string,
  segments: readonly string[],
): Promise<string | undefined> {
  try {
    const realRoot = await realpath(root);
    const target = await realpath(join(realRoot, ...segments));
    if (
      target !== realRoot &&
      !target.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep)
    )
      return undefined;
    const s = await stat(target);
    return s.isFile() ? target : undefined;
  } catch {
    return undefined;
  }
}

function notFound(res: ServerResponse): void {
  const body = 'not found\n';
  res.writeHead(404, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

function sendJson(req: IncomingMessage, res: ServerResponse, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: string): Promise<void> {
  const s = await stat(file);
  res.writeHead(200, {
    'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': s.size,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/** A JSON file inside `root` (symlinks out of it are not followed), or undefined. */
async function readJsonInside(root: string, segments: readonly string[]): Promise<unknown> {
  const file = await containedFile(root, segments);
  if (file === undefined) return undefined;
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

async function subdirs(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory() && NAME.test(e.name))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** One experiment directory of the index. */
export interface IndexedExperiment {
  /** Its path relative to the runs directory, '/'-separated (e.g. `fig2` or `run-a/fig2`). */
  readonly dir: string;
  readonly experiment: string;
  /**
   * summary.json with `results` replaced by the result.json files present now (a running or
   * killed sweep's summary may be stale) in point order then rep, and `missing` recomputed.
   */
  readonly summary: Json;
}

/** The body of GET /api/runs. */
export interface RunsIndex {
  readonly experiments: readonly IndexedExperiment[];
}

async function indexExperiment(root: string, dir: string): Promise<IndexedExperiment | undefined> {
  const segs = dir.split('/');
  const abs = join(root, ...segs);
  const summary = await readJsonInside(root, [...segs, 'summary.json']);
  if (!isObject(summary)) return undefined;
  const name = typeof summary.experiment === 'string' ? summary.experiment : dir.split('/').pop()!;
  const listed = Array.isArray(summary.points)
    ? summary.points.filter(isObject).map((p) => String(p.id))
    : [];
  const pointIds = [...listed, ...(await subdirs(abs)).filter((d) => !listed.includes(d))];
  const results: unknown[] = [];
  const present = new Set<string>();
  for (const id of pointIds) {
    if (!NAME.test(id)) continue;
    const reps = (await subdirs(join(abs, id)))
      .map((d) => /^rep-(\d+)$/.exec(d))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    for (const rep of reps) {
      const r = await readJsonInside(root, [...segs, id, `rep-${rep}`, 'result.json']);
      if (isObject(r) && r.experiment === name && r.pointId === id) {
        results.push(r);
        present.add(`${id}/${r.rep}`);
      }
    }
  }
  const seeds = typeof summary.seeds === 'number' ? summary.seeds : 1;
  const missing: { pointId: string; rep: number }[] = [];
  for (const id of listed)
    for (let rep = 0; rep < seeds; rep++)
      if (!present.has(`${id}/${rep}`)) missing.push({ pointId: id, rep });
  return { dir, experiment: name, summary: { ...summary, results, missing } };
}

/**
 * The experiments of a runs directory: every `<exp>/summary.json` and `<run>/<exp>/summary.json`
 * (a directory of runs), with their results read from the result.json files.
 */
export async function runsIndex(runsDir: string): Promise<RunsIndex> {
  const root = await realpath(runsDir);
  const experiments: IndexedExperiment[] = [];
  const top = await subdirs(root);
  for (const d of top) {
    const hasSummary = await lstat(join(root, d, 'summary.json')).then(
      (s) => s.isFile(),
      () => false,
    );
    if (hasSummary) {
      const e = await indexExperiment(root, d);
      if (e !== undefined) experiments.push(e);
      continue;
    }
    for (const sub of await subdirs(join(root, d))) {
      const e = await indexExperiment(root, `${d}/${sub}`);
      if (e !== undefined) experiments.push(e);
    }
  }
  return { experiments };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  runsDir: string,
  assetsDir: string,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-length': 0 });
    res.end();
    return;
  }
  const target = req.url ?? '/';
  // Only origin-form paths ("/…"); absolute-form and anything odd is not ours.
  if (!target.startsWith('/') || target.startsWith('//')) return notFound(res);
  const q = target.indexOf('?');
  const path = (q < 0 ? target : target.slice(0, q)).split('#')[0]!;
  if (path === '/api/runs') return sendJson(req, res, await runsIndex(runsDir));
  let root: string;
  let rest: string;
  if (path === '/runs' || path.startsWith('/runs/')) {
    root = runsDir;
    rest = path.slice('/runs/'.length);
  } else {
    root = assetsDir;
    rest = path === '/' ? 'index.html' : path.slice(1);
  }
  const segments = safeSegments(rest);
  if (segments === undefined || segments.length === 0) return notFound(res);
  const file = await containedFile(root, segments);
  if (file === undefined) return notFound(res);
  return sendFile(req, res, file);
}

/** Starts the viewer server; resolves once it listens. */
export async function startServer(options: ServeOptions): Promise<ViewerServer> {
  const runsDir = resolve(options.runsDir);
  const assetsDir = resolve(options.assetsDir);
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer((req, res) => {
    handle(req, res, runsDir, assetsDir).catch(() => {
      if (!res.headersSent) notFound(res);
      else res.destroy();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', fail);
      ok();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/`,
    port,
    host,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
