// dbn view and its server (src/serve.ts): the index, streamed files, and that nothing outside
// the runs directory and the viewer assets is served (raw HTTP, no browser needed).
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeSegments, startServer, type ViewerServer } from '../src/serve.js';
import { Capture, run, tempDir } from './helpers.js';

/** GET `path` exactly as written (no URL normalisation), returning status and body. */
function rawGet(port: number, path: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end();
  });
}

function result(pointId: string, rep: number): Record<string, unknown> {
  return {
    experiment: 'fig2',
    pointId,
    label: `(${pointId})`,
    rep,
    seed: 1,
    config: { model: 'rbm', dataset: 'alphadigits', hidden: [8], gibbsSteps: 2, samples: 2 },
    metrics: {
      reconstructionError: 0.1,
      history: [{ epoch: 1, reconstructionError: 0.1, seconds: 0.01 }],
    },
    artifacts: { model: 'model.safetensors', samples: 'samples.png' },
  };
}

describe('view server', () => {
  const base = tempDir('dbn-view-');
  const runs = join(base, 'runs');
  const assets = join(base, 'assets');
  const secret = join(base, 'secret.txt');
  const big = Buffer.alloc(3 * 1024 * 1024 + 17);
  for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) & 255;
  let server: ViewerServer;

  beforeAll(async () => {
    mkdirSync(join(runs, 'fig2', 'a', 'rep-0'), { recursive: true });
    mkdirSync(join(runs, 'fig2', 'b', 'rep-0'), { recursive: true });
    mkdirSync(join(runs, 'batch', 'fig3', 'q1', 'rep-0'), { recursive: true });
    mkdirSync(assets, { recursive: true });
    writeFileSync(join(assets, 'index.html'), '<!doctype html><title>viewer</title>');
    writeFileSync(secret, 'top secret');
    const summary = {
      experiment: 'fig2',
      title: 'tiny',
      seed: 1,
      seeds: 1,
      points: [
        { id: 'a', label: '(a)' },
        { id: 'b', label: '(b)' },
        { id: 'c', label: '(c)' },
      ],
      results: [],
      missing: [],
    };
    writeFileSync(join(runs, 'fig2', 'summary.json'), JSON.stringify(summary));
    writeFileSync(join(runs, 'fig2', 'a', 'rep-0', 'result.json'), JSON.stringify(result('a', 0)));
    writeFileSync(join(runs, 'fig2', 'a', 'rep-0', 'model.safetensors'), big);
    writeFileSync(join(runs, 'fig2', 'b', 'rep-0', 'result.json'), JSON.stringify(result('b', 0)));
    writeFileSync(
      join(runs, 'batch', 'fig3', 'summary.json'),
      JSON.stringify({ experiment: 'fig3', points: [{ id: 'q1', label: 'q1' }], results: [] }),
    );
    symlinkSync(secret, join(runs, 'fig2', 'leak.txt'));
    symlinkSync(base, join(runs, 'up'));
    symlinkSync(join(runs, 'fig2', 'summary.json'), join(runs, 'inside.json'));
    server = await startServer({ runsDir: runs, assetsDir: assets, port: 0 });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('listens on 127.0.0.1 on a free port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.port).toBeGreaterThan(0);
  });

  it('serves the viewer and the index of experiments, points and results', async () => {
    const home = await rawGet(server.port, '/');
    expect(home.status).toBe(200);
    expect(home.body.toString()).toContain('<title>viewer</title>');
    const r = await rawGet(server.port, '/api/runs');
    expect(r.status).toBe(200);
    const index = JSON.parse(r.body.toString());
    const dirs = index.experiments.map((e: { dir: string }) => e.dir);
    expect(dirs).toEqual(['batch/fig3', 'fig2']);
    const fig2 = index.experiments[1];
    // Results come from the result.json files (the summary on disk lists none).
    expect(fig2.summary.results.map((x: { pointId: string }) => x.pointId)).toEqual(['a', 'b']);
    expect(fig2.summary.results[0].config.hidden).toEqual([8]);
    expect(fig2.summary.results[0].metrics.reconstructionError).toBe(0.1);
    expect(fig2.summary.missing).toEqual([{ pointId: 'c', rep: 0 }]);
  });

  it('streams large files byte for byte', async () => {
    const r = await rawGet(server.port, '/runs/fig2/a/rep-0/model.safetensors');
    expect(r.status).toBe(200);
    expect(r.body.equals(big)).toBe(true);
  });

  it('serves symlinks that stay inside the runs directory', async () => {
    const r = await rawGet(server.port, '/runs/inside.json');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body.toString()).experiment).toBe('fig2');
  });

  it.each([
    '/runs/../secret.txt',
    '/runs/fig2/../../secret.txt',
    '/runs/%2e%2e/secret.txt',
    '/runs/%2E%2E/secret.txt',
    '/runs/fig2/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/runs/..%2fsecret.txt',
    '/runs/..%5csecret.txt',
    '/runs//etc/passwd',
    '/runs/%2fetc%2fpasswd',
    '//etc/passwd',
    '/..%2f..%2fsecret.txt',
    '/../../secret.txt',
    '/runs/fig2/leak.txt',
    '/runs/up/secret.txt',
    '/runs/fig2/a%00',
    '/runs/%zz',
    '/runs/fig2',
    '/runs/',
    '/nope.js',
    'http://example.com/runs/fig2/summary.json',
  ])('404 for %s', async (path) => {
    const r = await rawGet(server.port, path);
    expect(r.status).toBe(404);
    expect(r.body.toString()).not.toContain('top secret');
  });

  it('safeSegments refuses every way out', () => {
    expect(safeSegments('a/b.png')).toEqual(['a', 'b.png']);
    expect(safeSegments('a%20b/c')).toEqual(['a b', 'c']);
    for (const bad of ['..', 'a/..', '%2e%2e', 'a%2fb', 'a%5cb', '/abs', 'a//b', 'C%3a', '.'])
      expect(safeSegments(bad), bad).toBeUndefined();
  });
});

describe('dbn view', () => {
  it('serves until interrupted and prints its address', async () => {
    const runs = tempDir('dbn-view-cmd-');
    mkdirSync(join(runs, 'fig2'));
    writeFileSync(join(runs, 'fig2', 'summary.json'), JSON.stringify({ experiment: 'fig2' }));
    const controller = new AbortController();
    const stdout = new Capture();
    const listening = new Promise<string>((ok) => {
      stdout.onWrite = (chunk) => {
        const m = /"url": "([^"]+)"/.exec(chunk);
        if (m) ok(m[1]!);
      };
    });
    const { main } = await import('../src/index.js');
    const done = main(['node', 'dbn', 'view', runs, '--json'], {
      stdout,
      stderr: new Capture(),
      env: {},
      signal: controller.signal,
    });
    const url = await Promise.race([
      listening,
      done.then((code) => {
        throw new Error(`dbn view exited early with ${code}: ${stdout.text}`);
      }),
    ]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(`${url}api/runs`);
    expect(res.status).toBe(200);
    expect((await res.json()).experiments[0].dir).toBe('fig2');
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('dbn viewer');
    controller.abort();
    expect(await done).toBe(0);
  });

  it('a missing runs directory fails in one line', async () => {
    const r = await run(['view', join(tempDir(), 'nope')]);
    expect(r.code).toBe(1);
    expect(r.stderrLines).toHaveLength(1);
    expect(r.stderr).toMatch(/runs directory .*nope does not exist/);
  });

  it('a bad port is a usage error', async () => {
    const r = await run(['view', tempDir(), '--port', '70000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--port/);
  });
});
