// End to end: a tiny run directory served by the CLI's server (apps/cli/src/serve.ts) with the
// built viewer, driven in Debian's headless Chromium (playwright-core). Checks the mosaic
// pixels against samples.png on disk, live sampling frames against @dbn/models and
// `dbn generate` in Node for the same seed, and path traversal over raw HTTP.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodePng, type GreyImage, imageGrid } from '@dbn/datasets';
import { type Dbn, loadModel, type Rbm, sampleDbn, sampleRbm } from '@dbn/models';
import { stream } from '@dbn/random';
import { testOutputDir } from '@dbn/testkit';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/src/index.js';
import { startServer, type ViewerServer } from '../../cli/src/serve.js';
import { CONFIG, POINTS, SEED, writeTinyRun } from './fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const viewerDir = fileURLToPath(new URL('..', import.meta.url));
const dist = join(viewerDir, 'dist');

if (!hasChromium) {
  console.warn(
    `viewer e2e: browser tests SKIPPED: ${CHROMIUM} is absent (apt-get install -y chromium)`,
  );
}

function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => {
        body += c.toString();
      });
      res.on('end', () => ok({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

function png(path: string): GreyImage {
  const d = decodePng(readFileSync(path));
  if (d._tag === 'Left') throw new Error(d.left.message);
  return d.right;
}

const runs = mkdtempSync(join(tmpdir(), 'dbn-viewer-e2e-'));
let server: ViewerServer;

beforeAll(async () => {
  writeTinyRun(join(runs, 'runs'));
  if (!existsSync(join(dist, 'index.html'))) {
    // Normally turbo's build has made it; build it here when running the test alone.
    const { build } = await import('vite');
    await build({
      configFile: join(viewerDir, 'vite.config.ts'),
      root: join(viewerDir, 'src'),
      logLevel: 'warn',
    });
  }
  server = await startServer({ runsDir: join(runs, 'runs'), assetsDir: dist, port: 0 });
});

afterAll(async () => {
  await server?.close();
  rmSync(runs, { recursive: true, force: true });
});

describe('server (raw HTTP)', () => {
  it('serves the built viewer and the index', async () => {
    const home = await rawGet(server.port, '/');
    expect(home.status).toBe(200);
    expect(home.body).toContain('dbn viewer');
    const index = JSON.parse((await rawGet(server.port, '/api/runs')).body);
    expect(index.experiments.map((e: { dir: string }) => e.dir)).toEqual(['fig2']);
    expect(index.experiments[0].summary.results).toHaveLength(POINTS.length);
  });

  it.each([
    '/runs/../../../etc/passwd',
    '/runs/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/runs/..%2f..%2f..%2fetc%2fpasswd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/../package.json',
    '/runs//etc/passwd',
  ])('404 for %s', async (path) => {
    const r = await rawGet(server.port, path);
    expect(r.status).toBe(404);
    expect(r.body).not.toMatch(/root:|"name"/);
  });
});

describe.skipIf(!hasChromium)(`in Chromium (${CHROMIUM})`, () => {
  let browser: Browser;
  let page: Page;
  const shots = testOutputDir('viewer');
  const errors: string[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** The grey values (red channel) of a canvas, or of an <img> drawn at its natural size. */
  async function pixels(selector: string): Promise<GreyImage> {
    return page.$eval(selector, (el) => {
      let c: HTMLCanvasElement;
      if (el instanceof HTMLCanvasElement) c = el;
      else {
        const img = el as HTMLImageElement;
        c = document.createElement('canvas');
        c.width = img.naturalWidth;
        c.height = img.naturalHeight;
        c.getContext('2d')!.drawImage(img, 0, 0);
      }
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const data: number[] = [];
      for (let i = 0; i < d.length; i += 4) data.push(d[i]!);
      return { width: c.width, height: c.height, data: data as unknown as Uint8Array };
    });
  }

  const same = (a: GreyImage, b: GreyImage) => {
    expect([a.width, a.height]).toEqual([b.width, b.height]);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
  };

  it('lists the experiments', async () => {
    await page.goto(server.url);
    await page.waitForSelector('#experiments tr[data-experiment="fig2"]');
    expect(await page.textContent('#experiments')).toContain('tiny test run');
    await page.screenshot({ path: join(shots, 'home.png'), fullPage: true });
  });

  it('shows an experiment: claim, verdict, chart and the samples.png of every point', async () => {
    await page.click('a[href="#/e/fig2"]');
    await page.waitForSelector('#mosaic figure img');
    await page.waitForSelector('#figure svg');
    expect(await page.textContent('#claim')).toContain('A tiny claim for the test');
    expect(await page.textContent('#verdict')).toMatch(/Measured here/);
    for (const p of POINTS) {
      const sel = `#mosaic figure[data-point="${p.id}"] img`;
      await page.waitForFunction(
        (s) => (document.querySelector(s) as HTMLImageElement | null)?.complete === true,
        sel,
      );
      same(await pixels(sel), png(join(runs, 'runs', 'fig2', p.id, 'rep-0', 'samples.png')));
    }
    await page.screenshot({ path: join(shots, 'experiment.png'), fullPage: true });
  });

  for (const p of POINTS) {
    it(`point ${p.id}: config, metrics, curves; live sampling equals dbn generate and samples.png`, async () => {
      await page.goto(`${server.url}#/p/fig2/${p.id}/0`);
      await page.waitForSelector('#curves svg');
      expect(await page.textContent('#config')).toContain(JSON.stringify(p.hidden));
      expect(await page.textContent('#metrics')).toContain('reconstructionError');
      const dir = join(runs, 'runs', 'fig2', p.id, 'rep-0');
      const modelFile = join(dir, 'model.safetensors');
      const loaded = loadModel(new Uint8Array(readFileSync(modelFile)));
      if (loaded._tag === 'Left') throw new Error(loaded.left.message);
      const model = loaded.right.model;

      // dbn generate's stream: watch the frames change, then compare the last one.
      const steps = 25;
      const chains = 4;
      const seed = 5;
      await page.fill('#live-steps', String(steps));
      await page.fill('#live-chains', String(chains));
      await page.fill('#live-seed', String(seed));
      await page.selectOption('#live-seeding', 'generate');
      await page.click('#live-start');
      const frames = new Set<string>();
      for (;;) {
        await page.waitForSelector('#live-canvas[data-step]');
        const done = await page.getAttribute('#live-canvas', 'data-done');
        frames.add(Array.from((await pixels('#live-canvas')).data).join(''));
        if (done === 'true') break;
        await page.waitForTimeout(5);
      }
      expect(frames.size).toBeGreaterThan(1);
      expect(await page.getAttribute('#live-canvas', 'data-step')).toBe(String(steps));
      const rng = stream(seed).derive('sample');
      const opts = { samples: chains, gibbsSteps: steps };
      const node =
        model.kind === 'rbm'
          ? sampleRbm(model as Rbm, opts, rng)
          : sampleDbn(model as Dbn, opts, rng);
      const expected = imageGrid({
        images: node.samples.data,
        count: chains,
        height: 20,
        width: 16,
      });
      const canvas = await pixels('#live-canvas');
      same(canvas, expected);
      // …and what the CLI writes for the same options.
      const out = join(runs, `generate-${p.id}.png`);
      const code = await main(
        [
          'node',
          'dbn',
          'generate',
          modelFile,
          '--samples',
          String(chains),
          '--gibbs-steps',
          String(steps),
          '--seed',
          String(seed),
          '--out',
          out,
        ],
        { stdout: { write: () => true }, stderr: { write: () => true }, env: {} },
      );
      expect(code).toBe(0);
      same(canvas, png(out));
      await page.screenshot({ path: join(shots, `point-${p.id}.png`), fullPage: true });

      // The run's own stream with the config's samples and Gibbs steps redraws samples.png.
      await page.fill('#live-steps', String(CONFIG.gibbsSteps));
      await page.fill('#live-chains', String(CONFIG.samples));
      await page.fill('#live-seed', String(SEED));
      await page.selectOption('#live-seeding', 'run');
      await page.click('#live-start');
      await page.waitForSelector(
        `#live-canvas[data-done="true"][data-step="${CONFIG.gibbsSteps}"]`,
      );
      same(await pixels('#live-canvas'), png(join(dir, 'samples.png')));
    });
  }

  it('logged no page errors', () => {
    expect(errors).toEqual([]);
  });
});
