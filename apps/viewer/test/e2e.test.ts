// End to end: a tiny run directory served by the CLI's server (apps/cli/src/serve.ts) with the
// viewer built from the current sources, driven in Debian's headless Chromium (playwright-core).
// Checks the mosaic pixels against samples.png on disk, live sampling frames against
// @dbn/models and `dbn generate` in Node for the same seed, the filter canvas against
// filterGrid, the confusion matrix and misclassified tiles against result.json and
// misclassified.png, the compare view, quality metrics, auto-refresh, and path traversal.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodePng, type GreyImage, imageGrid } from '@dbn/datasets';
import { formatNumber, formatPercent } from '@dbn/experiments';
import {
  type Dbn,
  type Dnn,
  loadModel,
  type Model,
  type Rbm,
  sampleDbn,
  sampleRbm,
} from '@dbn/models';
import { stream } from '@dbn/random';
import { testOutputDir } from '@dbn/testkit';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/src/index.js';
import { startServer, type ViewerServer } from '../../cli/src/serve.js';
import { filterGrid } from '../src/filters.js';
import { imageSize } from '../src/live.js';
import {
  CONFIG,
  DNN_POINTS,
  FIXTURE_QUALITY,
  finishLiveRun,
  POINTS,
  SEED,
  writeRunB,
  writeTinyRun,
} from './fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const viewerDir = fileURLToPath(new URL('..', import.meta.url));

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

function model(path: string): Model {
  const loaded = loadModel(new Uint8Array(readFileSync(path)));
  if (loaded._tag === 'Left') throw new Error(loaded.left.message);
  return loaded.right.model;
}

const runs = mkdtempSync(join(tmpdir(), 'dbn-viewer-e2e-'));
const runsDir = join(runs, 'runs');
/** The viewer built from the current sources into a temp dir (a stale dist/ is never tested). */
const dist = join(runs, 'dist');
let server: ViewerServer;

beforeAll(async () => {
  writeTinyRun(runsDir);
  await writeRunB(runsDir);
  const { build } = await import('vite');
  await build({
    configFile: join(viewerDir, 'vite.config.ts'),
    root: join(viewerDir, 'src'),
    logLevel: 'warn',
    build: { outDir: dist, emptyOutDir: true },
  });
  server = await startServer({ runsDir, assetsDir: dist, port: 0 });
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
    expect(index.experiments.map((e: { dir: string }) => e.dir)).toEqual([
      'fig2',
      'run-b/capacity-rbm',
      'run-b/fig6',
      'run-b/fig9',
      'run-b/future',
    ]);
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

  /** Every RGBA byte of a canvas. */
  async function rgba(
    selector: string,
  ): Promise<{ width: number; height: number; data: number[] }> {
    return page.$eval(selector, (el) => {
      const c = el as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      return { width: c.width, height: c.height, data: Array.from(d) };
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
      // The previous point's page stays until the new one is drawn.
      await page.waitForFunction(
        (id) => document.getElementById('crumbs')?.textContent?.includes(` / ${id} / `),
        p.id,
      );
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

  it('point pages draw the first-layer filters: the canvas equals filterGrid of the model', async () => {
    const cases = [
      ['fig2', 'rbm12'],
      ['fig2', 'dbn12x8'],
      ['run-b/fig9', DNN_POINTS[0].id],
    ] as const;
    for (const [dir, id] of cases) {
      await page.goto(`${server.url}#/p/${encodeURIComponent(dir)}/${id}/0`);
      await page.waitForSelector(
        `#filters-canvas[data-model="${dir}/${id}/rep-0/model.safetensors"][data-count]`,
      );
      const m = model(join(runsDir, dir, id, 'rep-0', 'model.safetensors'));
      const W = m.kind === 'rbm' ? m.W : m.layers[0]!.W;
      // Small q: every filter is drawn.
      expect(await page.getAttribute('#filters-canvas', 'data-count')).toBe(String(W.cols));
      const expected = filterGrid(W, { ...imageSize(W.rows), count: W.cols });
      const shown = await rgba('#filters-canvas');
      expect([shown.width, shown.height]).toEqual([expected.width, expected.height]);
      const diff = shown.data.findIndex((v, i) => v !== expected.data[i]);
      expect(diff, `${dir}/${id}: first differing byte ${diff}`).toBe(-1);
      expect(await page.$eval('#filters-canvas', (c) => getComputedStyle(c).imageRendering)).toBe(
        'pixelated',
      );
      await page.screenshot({ path: join(shots, `filters-${id}.png`), fullPage: true });
    }
    // The count is an input of the page.
    await page.fill('#filters-count', '5');
    await page.waitForSelector('#filters-canvas[data-count="5"]');
    const m = model(join(runsDir, 'run-b/fig9', DNN_POINTS[0].id, 'rep-0', 'model.safetensors'));
    const five = filterGrid((m as Dnn).layers[0]!.W, { height: 28, width: 28, count: 5 });
    expect((await rgba('#filters-canvas')).data).toEqual(Array.from(five.data));
  });

  it('a DNN point shows its confusion matrix and the misclassified test images', async () => {
    const p = DNN_POINTS[0];
    const dir = join(runsDir, 'run-b', 'fig9', p.id, 'rep-0');
    const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
    await page.goto(`${server.url}#/p/run-b%2Ffig9/${p.id}/0`);
    await page.waitForSelector('#confusion td[data-count]');
    const cells = await page.$$eval('#confusion td[data-count]', (tds) =>
      tds.map((td) => [
        Number(td.getAttribute('data-true')),
        Number(td.getAttribute('data-predicted')),
        Number(td.getAttribute('data-count')),
      ]),
    );
    const shown = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
    for (const [y, q, c] of cells) shown[y!]![q!] = c!;
    expect(shown).toEqual(result.metrics.confusion);
    expect(shown.flat().reduce((a, b) => a + b, 0)).toBe(300);
    const wrong = result.metrics.misclassified as { label: number; predicted: number }[];
    expect(wrong.length).toBeGreaterThan(0);
    await page.waitForSelector('#misclassified[data-done="true"]');
    const captions = await page.$$eval('#misclassified figcaption', (fs) =>
      fs.map((f) => f.textContent),
    );
    expect(captions).toEqual(wrong.map((w) => `${w.label} → ${w.predicted}`));
    // Tile k is the k-th 28×28 cell of misclassified.png (10 per row, 1 px padding).
    const grid = png(join(dir, 'misclassified.png'));
    const k = Math.min(12, wrong.length - 1);
    const tile = await pixels(`#misclassified figure:nth-child(${k + 1}) canvas`);
    const crop = new Uint8Array(28 * 28);
    const x0 = 1 + (k % 10) * 29;
    const y0 = 1 + Math.floor(k / 10) * 29;
    for (let y = 0; y < 28; y++)
      for (let x = 0; x < 28; x++) crop[y * 28 + x] = grid.data[(y0 + y) * grid.width + x0 + x]!;
    same(tile, { width: 28, height: 28, data: crop });
    expect(await page.textContent('#metrics')).toContain('testErrorRate');
    await page.screenshot({ path: join(shots, 'point-dnn.png'), fullPage: true });
  });

  it('compares two points side by side, also across run directories', async () => {
    await page.goto(`${server.url}#/p/run-b%2Ffig9/${DNN_POINTS[0].id}/0`);
    await page.click('#compare-link');
    await page.waitForSelector('#compare-config');
    // B defaults to the point whose config differs least: the same depth, random init.
    expect(await page.textContent('#compare-head-a')).toContain(DNN_POINTS[0].label);
    expect(await page.textContent('#compare-head-b')).toContain(DNN_POINTS[1].label);
    const diffs = (table: string) =>
      page.$$eval(`${table} tr.diff`, (trs) => trs.map((t) => t.getAttribute('data-name')));
    expect(await diffs('#compare-config')).toEqual(['pretrain']);
    expect(await diffs('#compare-metrics')).toContain('testErrorRate');
    await page.waitForSelector('#a-filters-canvas[data-count="16"]');
    await page.waitForSelector('#b-filters-canvas[data-count="16"]');
    await page.waitForSelector('#compare-confusion-a td[data-count]');
    await page.waitForSelector('#compare-confusion-b td[data-count]');
    await page.waitForSelector('#compare-curves-a svg');
    await page.waitForSelector('#compare-curves-b svg');
    await page.screenshot({ path: join(shots, 'compare-fig9.png'), fullPage: true });

    await page.selectOption('#compare-b', JSON.stringify(['fig2', 'rbm12', 0]));
    await page.waitForFunction(() => location.hash.endsWith('/fig2/rbm12/0'));
    await page.waitForSelector('#compare-samples-b');
    expect(await page.textContent('#compare-head-b')).toContain(POINTS[0]!.label);
    expect(await diffs('#compare-config')).toEqual(
      expect.arrayContaining(['model', 'dataset', 'hidden']),
    );
    await page.waitForSelector('#b-filters-canvas[data-count="12"]');
    await page.screenshot({ path: join(shots, 'compare-runs.png'), fullPage: true });
  });

  it('shows quality and likelihood under the mosaic and in the point metrics (figure kind capacity)', async () => {
    const result = JSON.parse(
      readFileSync(join(runsDir, 'run-b', 'capacity-rbm', 'rbm12', 'rep-0', 'result.json'), 'utf8'),
    );
    const ll = result.metrics.likelihood.meanLogLikelihood as number;
    await page.goto(`${server.url}#/e/run-b%2Fcapacity-rbm`);
    await page.waitForSelector('#mosaic figure[data-point="rbm12"] .quality');
    const caption = await page.textContent('#mosaic figure[data-point="rbm12"] figcaption');
    expect(caption).toContain(`recognised ${formatPercent(FIXTURE_QUALITY.recognised, 1)}`);
    expect(caption).toContain('coverage 1 / 1');
    expect(caption).toContain(`log p(v) ${formatNumber(ll)} nats (exact)`);
    await page.waitForSelector('#metrics-table');
    expect(await page.textContent('#verdict')).toMatch(/Measured here/);
    // The report's capacity table: one row per number of characters with the criterion.
    const capacity = await page.textContent('#capacity-table');
    expect(capacity).toContain('q = 12');
    expect(capacity).toMatch(/Criterion.*(learnt|not enough data)/s);
    await page.screenshot({ path: join(shots, 'experiment-capacity.png'), fullPage: true });
    await page.click('#mosaic figure[data-point="rbm12"] figcaption a');
    await page.waitForSelector('#metrics tr[data-name="quality: recognised"]');
    expect(await page.textContent('#metrics tr[data-name="quality: recognised"]')).toContain(
      formatPercent(FIXTURE_QUALITY.recognised, 1),
    );
    expect(await page.textContent('#metrics')).toContain(formatNumber(ll));
  });

  it('an unknown figure kind still shows the mosaics and the metrics table', async () => {
    await page.goto(`${server.url}#/e/run-b%2Ffuture`);
    await page.waitForSelector('#mosaic figure[data-point="rbm12"] img');
    await page.waitForSelector('#metrics-table');
    expect(await page.textContent('#figure-note')).toContain('not-yet-invented');
    expect(await page.textContent('#verdict')).toMatch(/Measured here/);
  });

  it('auto-refresh: a result.json written after page load appears; polling stops when complete', async () => {
    await page.goto(`${server.url}?poll=300#/e/run-b%2Ffig6`);
    await page.waitForSelector('#mosaic figure[data-point="rbm-b"][data-missing="0"]');
    expect(await page.getAttribute('#refresh', 'data-active')).toBe('true');
    finishLiveRun(runsDir, false);
    await page.waitForSelector('#mosaic figure[data-point="rbm-b"] img', { timeout: 10_000 });
    expect(await page.$('#mosaic figure[data-missing]')).toBeNull();
    // Still polling (the summary is not complete yet), until it is.
    expect(await page.getAttribute('#refresh', 'data-active')).toBe('true');
    finishLiveRun(runsDir, true);
    await page.waitForSelector('#refresh[data-active="false"]', {
      state: 'attached',
      timeout: 10_000,
    });
    let polls = 0;
    const count = (r: { url(): string }) => {
      if (r.url().endsWith('/api/runs')) polls++;
    };
    page.on('request', count);
    await page.waitForTimeout(1500);
    page.off('request', count);
    expect(polls).toBe(0);
    await page.screenshot({ path: join(shots, 'experiment-refreshed.png'), fullPage: true });
  });

  it('logged no page errors', () => {
    expect(errors).toEqual([]);
  });
});
