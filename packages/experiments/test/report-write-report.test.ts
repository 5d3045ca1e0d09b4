import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePng } from '@dbn/datasets';
import { stream } from '@dbn/random';
import { testOutputDir } from '@dbn/testkit';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STUDY_CLAIMS } from '../src/report/claims.js';
import { escapeHtml } from '../src/report/format.js';
import { writeReport } from '../src/report/write-report.js';
import {
  type ExperimentSpec,
  type PointSpec,
  writeSyntheticRun,
} from './fixtures/report/synthetic-run.js';
import { allElements, parseXml, type XmlElement } from './fixtures/report/xml.js';

const noise = stream('report-fixture');
const jitter = (scale: number): number => (noise.uniform() - 0.5) * 2 * scale;
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

const letter = (i: number): string => `(${String.fromCharCode(97 + i)})`;

// fig3: RBM on '0', q sweep; final error falls with q; one seed; samples and per-epoch history;
// the study's printed values as `study.reference`; panels captioned with their error.
const fig3Qs = [1, 10, 100, 320, 1000];
const fig3Reference: Record<string, number> = {
  q1: 0.27668,
  q10: 0.17965,
  q100: 0.03221,
  q320: 0.00938,
  q1000: 0.00208,
};
const fig3: ExperimentSpec = {
  name: 'fig3',
  title: 'RBM hidden units q (character 0)',
  study: {
    ref: 'Figure 3',
    claim: 'Synthetic claim for fig3: the EQM <falls> with q & keeps falling.',
    reference: { metric: 'reconstructionError', values: fig3Reference },
  },
  figure: { kind: 'mosaic', caption: 'reconstructionError' },
  scale: 'quick',
  quick: '8 epochs instead of 100',
  seeds: 1,
  points: fig3Qs.map((q, i) => {
    const final = (0.3 / q ** 0.7) * (1 + jitter(0.05));
    return {
      id: `q${q}`,
      label: `${letter(i)} q = ${q}`,
      config: {
        model: 'rbm',
        dataset: 'alphadigits',
        chars: ['0'],
        hidden: [q],
        epochs: 8,
        batchSize: 5,
        learningRate: 0.1,
        gibbsSteps: 50,
      },
      reps: [
        {
          metrics: {
            reconstructionError: final,
            history: Array.from({ length: 8 }, (_, e) => ({
              epoch: e + 1,
              reconstructionError: final * (1 + (7 - e) * 0.3),
              seconds: 0.1,
            })),
            secondsPerEpoch: 0.1,
          },
          seconds: 1 + i,
          pngs: { samples: { h: 20, w: 16, count: 6, seed: 30 + i } },
        },
      ],
    } satisfies PointSpec;
  }),
};

// fig4: RBM capacity, no study claim in the summary (the claims table supplies it); the fourth
// point failed with out-of-memory, the fifth has no result yet (another shard's).
const charSets = [
  ['2'],
  ['2', '4'],
  ['2', '4', 'B'],
  ['2', '4', 'B', 'Z'],
  ['2', '4', 'B', 'Z', '9'],
];
const fig4: ExperimentSpec = {
  name: 'fig4',
  title: 'RBM: number of characters',
  figure: { kind: 'mosaic' },
  scale: 'quick',
  quick: '5 epochs instead of 100',
  seeds: 1,
  overrides: { gibbsSteps: 20 },
  points: charSets.map((chars, i) => ({
    id: `c${chars.length}`,
    label: `${letter(i)} chars: ${chars.join(',')}`,
    config: { model: 'rbm', dataset: 'alphadigits', chars, hidden: [500], epochs: 5 },
    reps:
      i === 4
        ? []
        : i === 3
          ? [
              {
                metrics: {
                  error: { kind: 'out-of-memory', message: 'Array buffer allocation failed' },
                },
              },
            ]
          : [
              {
                metrics: {
                  reconstructionError: 0.01 * (i + 1) + jitter(0.001),
                  history: Array.from({ length: 5 }, (_, e) => ({
                    epoch: e + 1,
                    reconstructionError: 0.05 / (e + 1) + 0.01 * i,
                  })),
                },
                seconds: 2.5,
                pngs: { samples: { h: 20, w: 16, count: 6, seed: 40 + i } },
              },
            ],
  })),
};

// fig8: binarisation: one samples.png (grey above, binarised below) and its measured numbers.
const fig8: ExperimentSpec = {
  name: 'fig8',
  title: 'MNIST binarisation',
  figure: { kind: 'binarisation' },
  scale: 'quick',
  quick: 'same as the paper',
  seeds: 1,
  points: [
    {
      id: 'binarisation',
      label: "'5', '0', '4', '1': grey and binarised",
      config: { model: 'binarisation', dataset: 'mnist', threshold: 128 },
      reps: [
        {
          metrics: {
            binarisation: { labels: [5, 0, 4, 1], onFraction: [0.19, 0.171, 0.12, 0.095] },
          },
          seconds: 0.2,
          pngs: { samples: { h: 28, w: 28, count: 8, seed: 80 } },
        },
      ],
    },
  ],
};

// fig9: DNN depth 2..5, pretrained better everywhere and the gap shrinks; three seeds.
const depths = [2, 3, 4, 5];
const fig9Points: PointSpec[] = depths.flatMap((d) =>
  [true, false].map((pretrain) => ({
    id: `layers${d}-${pretrain ? 'pretrained' : 'random'}`,
    label: `${d} × 200, ${pretrain ? 'pretrained' : 'random init'}`,
    config: {
      model: 'dnn',
      dataset: 'mnist',
      hidden: Array(d).fill(200),
      trainSize: 1000,
      testSize: 500,
      epochs: 3,
      backpropEpochs: 5,
      pretrain,
    },
    reps: [0, 1, 2].map(() => ({
      metrics: {
        testErrorRate: (pretrain ? 0.02 + 0.002 * d : 0.06 - 0.004 * d) + jitter(0.001),
        trainErrorRate: 0.012 + jitter(0.002),
        history: [{ epoch: 1, loss: 0.5, accuracy: 0.9, seconds: 1 }],
      },
      seconds: 10 + d,
    })),
  })),
);
const fig9: ExperimentSpec = {
  name: 'fig9',
  title: 'DNN error rate vs depth',
  study: {
    ref: 'Figure 9, §2.1',
    claim: 'Synthetic claim for fig9: pretrained wins, gap shrinks.',
  },
  figure: {
    kind: 'line',
    x: 'layers',
    xLabel: 'hidden layers (200 units each)',
    logX: false,
    y: 'testErrorRate',
    series: 'pretrain',
  },
  scale: 'quick',
  quick: '1000 training images, 3 RBM epochs, 5 backprop epochs',
  seeds: 3,
  points: fig9Points,
};

// table1: six pretrained configurations, at paper scale.
const configs: [number, number][] = [
  [2, 200],
  [2, 300],
  [2, 400],
  [4, 200],
  [4, 300],
  [4, 400],
];
const table1: ExperimentSpec = {
  name: 'table1',
  title: 'Best configuration',
  figure: { kind: 'table', metric: 'testErrorRate' },
  scale: 'paper',
  quick: '2000 training images',
  seeds: 1,
  points: configs.map(([l, q]) => ({
    id: `${l}x${q}`,
    label: `${l} × ${q}`,
    config: {
      model: 'dnn',
      dataset: 'mnist',
      hidden: Array(l).fill(q),
      trainSize: 60000,
      pretrain: true,
    },
    reps: [
      { metrics: { testErrorRate: 0.03 - 0.002 * l - q / 100000 + jitter(0.0005) }, seconds: 20 },
    ],
  })),
};

const experiments = [fig3, fig4, fig8, fig9, table1];

/** The <section> of one experiment in the HTML. */
function section(html: string, name: string): string {
  const start = html.indexOf(`<section class="experiment" id="exp-${name}">`);
  expect(start, `section of ${name}`).toBeGreaterThan(0);
  const end = html.indexOf('</section>', start);
  return html.slice(start, end);
}

interface Cell {
  readonly value?: number;
  readonly text: string;
}

/** The rows of the HTML tables in `html`: cells with their data-value and text. */
function tableRows(html: string): Cell[][] {
  const rows: Cell[][] = [];
  for (const tr of html.matchAll(/<tr>(.*?)<\/tr>/gs)) {
    const cells = [...tr[1]!.matchAll(/<td([^>]*)>(.*?)<\/td>/gs)].map((m) => {
      const dv = /data-value="([^"]+)"/.exec(m[1]!);
      const text = m[2]!.replace(/<[^>]+>/g, '');
      return dv === null ? { text } : { value: Number(dv[1]), text };
    });
    if (cells.length > 0) rows.push(cells);
  }
  return rows;
}

const firstNumber = (text: string): number =>
  Number(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/.exec(text)![0]);

/**
 * Line (or area) paths per mark of a rendered chart, in document order: vega draws each series
 * of a mark in its own `<g class="mark-line role-mark <name>">`, one path each.
 */
function markPaths(svg: XmlElement, type: string): number[] {
  const counts = new Map<string, number>();
  for (const g of allElements(svg)) {
    const cls = (g.attrs.class ?? '').split(/\s+/);
    if (g.name !== 'g' || !cls.includes(`mark-${type}`)) continue;
    const name = cls.find((c) => c.endsWith('_marks')) ?? '';
    counts.set(name, (counts.get(name) ?? 0) + g.children.filter((c) => c.name === 'path').length);
  }
  return [...counts.values()];
}

/** The stroke colours of the line paths of a chart. */
function lineStrokes(svg: XmlElement): string[] {
  return allElements(svg)
    .filter((g) => g.name === 'g' && (g.attrs.class ?? '').includes('mark-line'))
    .flatMap((g) => g.children.filter((c) => c.name === 'path').map((c) => c.attrs.stroke ?? ''));
}

describe('writeReport on a synthetic run directory', () => {
  let runDir: string;
  let html: string;
  let md: string;

  beforeAll(async () => {
    runDir = await mkdtemp(join(tmpdir(), 'dbn-report-'));
    await writeSyntheticRun(runDir, experiments);
    const written = await writeReport({ runDir });
    if (E.isLeft(written)) throw new Error(written.left.message);
    expect(written.right.html).toBe(join(runDir, 'report.html'));
    expect(written.right.md).toBe(join(runDir, 'report.md'));
    html = await readFile(written.right.html, 'utf8');
    md = await readFile(written.right.md, 'utf8');
    const out = join(testOutputDir('experiments'), 'report-sample');
    await rm(out, { recursive: true, force: true });
    await cp(runDir, out, { recursive: true });
  });

  afterAll(async () => {
    await rm(runDir, { recursive: true, force: true });
  });

  it('writes each experiment’s figure, mosaic and table, non-empty, only where they apply', async () => {
    const expected = [
      'report.html',
      'report.md',
      'fig3/figure.svg',
      'fig3/mosaic.png',
      'fig3/table.md',
      'fig4/figure.svg',
      'fig4/mosaic.png',
      'fig4/table.md',
      'fig8/mosaic.png',
      'fig8/table.md',
      'fig9/figure.svg',
      'fig9/table.md',
      'table1/figure.svg',
      'table1/table.md',
    ];
    for (const f of expected) expect((await stat(join(runDir, f))).size, f).toBeGreaterThan(100);
    const absent = ['fig8/figure.svg', 'fig9/mosaic.png', 'table1/mosaic.png'];
    for (const f of absent) await expect(stat(join(runDir, f)), f).rejects.toThrow();
    // No temp files left behind by the atomic writes.
    for (const dir of ['', 'fig3', 'fig9']) {
      const names = await readdir(join(runDir, dir));
      expect(names.filter((n) => /tmp/i.test(n))).toEqual([]);
    }
  });

  it('writes a self-contained HTML page: no external references, images as PNG data: URIs', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<(?:script|link|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?(?:https?:)?\/\//i);
    expect(html).not.toMatch(/@import/i);
    const imgs = [...html.matchAll(/<img\b[^>]*\bsrc="([^"]*)"/g)].map((m) => m[1]!);
    // fig3: 5 panels, fig4: 3 images (one point failed, one has no result), fig8: one.
    expect(imgs.length).toBe(5 + 3 + 1);
    for (const src of imgs) {
      expect(src.startsWith('data:image/png;base64,')).toBe(true);
      const bytes = Uint8Array.from(
        Buffer.from(src.slice('data:image/png;base64,'.length), 'base64'),
      );
      expect(E.isRight(decodePng(bytes))).toBe(true);
    }
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]!);
    expect(new Set(ids).size).toBe(ids.length);
    expect(html.match(/<svg\b/g)?.length).toBe(4); // fig3, fig4, fig9, table1
  });

  it('shows each experiment’s claim: from summary.json, else from the claims table', () => {
    expect(section(html, 'fig3')).toContain(escapeHtml(fig3.study!.claim));
    expect(section(html, 'fig9')).toContain(escapeHtml(fig9.study!.claim));
    expect(section(html, 'fig4')).toContain(escapeHtml(STUDY_CLAIMS.fig4!.claim));
    expect(section(html, 'table1')).toContain(escapeHtml(STUDY_CLAIMS.table1!.claim));
    expect(md).toContain(fig3.study!.claim.replace(/[<>_*]/g, (c) => `\\${c}`));
  });

  it('shows the measured test errors of fig9: mean over seeds, in %, per point', () => {
    const rows = tableRows(section(html, 'fig9'));
    for (const p of fig9Points) {
      const row = rows.find((r) => r[0]!.text === p.label);
      expect(row, p.label).toBeDefined();
      const want = mean(p.reps.map((r) => r.metrics.testErrorRate as number)) * 100;
      const cell = row!.find(
        (c, i) => i > 1 && c.value !== undefined && Math.abs(c.value - want) < 1e-9,
      );
      expect(cell, `${p.label}: test error ${want}`).toBeDefined();
      expect(Math.abs(firstNumber(cell!.text) - want)).toBeLessThanOrEqual(0.005 + 1e-12);
    }
  });

  it('shows fig3’s final reconstruction errors and a verdict computed from them', () => {
    const s = section(html, 'fig3');
    const rows = tableRows(s);
    for (const p of fig3.points) {
      const want = p.reps[0]!.metrics.reconstructionError as number;
      const row = rows.find((r) => r[0]!.text === p.label)!;
      const cell = row.find((c) => c.value === want);
      expect(cell, p.label).toBeDefined();
      expect(Math.abs(firstNumber(cell!.text) - want) / want).toBeLessThan(0.005);
    }
    expect(s).toContain('reconstruction error falls as q grows: yes (4 of 4 steps down');
    expect(s).toContain('badge supported');
  });

  it('states fig9’s verdict from the crafted numbers: pretrained better at 4 of 4, gap shrinks', () => {
    const s = section(html, 'fig9');
    expect(s).toContain('pretrained better at a majority of depths: yes (4 of 4)');
    expect(s).toContain('gap (random − pretrained) shrinks with depth: yes');
    expect(s).toMatch(/Rule: .*least-squares slope/);
  });

  it('marks Table 1’s best configuration and compares it with the study’s 1.5 %', () => {
    const s = section(html, 'table1');
    const errors = table1.points.map((p) => p.reps[0]!.metrics.testErrorRate as number);
    const best = table1.points[errors.indexOf(Math.min(...errors))]!;
    expect(s).toContain(`<td><strong>${escapeHtml(best.label)}</strong></td>`);
    expect(s).toContain(
      `best configuration is 4 × 400: ${best.label === '4 × 400' ? 'yes' : 'no'}`,
    );
    expect(s).toContain(`${(Math.min(...errors) * 100).toFixed(2)} %`);
  });

  it('shows failures clearly and says capacity was judged by eye without inventing a number', () => {
    const s = section(html, 'fig4');
    expect(s).toMatch(
      /<div class="failures"><h3>1 failed run<\/h3>.*out-of-memory — Array buffer allocation failed/s,
    );
    expect(s).toContain('(d) chars: 2,4,B,Z — failed: out-of-memory');
    expect(s).toContain('(e) chars: 2,4,B,Z,9 — no result yet');
    expect(s).toMatch(/<div class="incomplete">Incomplete: 1 run of this sweep has no result yet/);
    expect(s).toContain('<td>no result for 1 of 1</td>');
    expect(html).toMatch(/exp-fig4">fig4<\/a>.*\(1 failed\).*\(1 missing\)/);
    expect(s).toContain('badge by-eye');
    expect(s).toContain('The study judged capacity by eye');
    expect(s).toContain('no recognisability metric is measured yet');
    expect(md).toMatch(/> \*\*1 failed run:\*\*/);
  });

  it('captions fig3’s panels with measured and study errors, and tables the study’s values', () => {
    const s = section(html, 'fig3');
    fig3.points.forEach((p) => {
      const measured = p.reps[0]!.metrics.reconstructionError as number;
      const caption = new RegExp(
        `<figcaption>${p.label.replace(/[()]/g, '\\$&')}: error ([0-9.e-]+) \\(study ([0-9.e-]+)\\)</figcaption>`,
      ).exec(s);
      expect(caption, p.label).not.toBeNull();
      expect(Math.abs(Number(caption![1]) - measured) / measured).toBeLessThan(0.005);
      expect(Number(caption![2])).toBeCloseTo(fig3Reference[p.id]!, 3);
    });
    const rows = tableRows(s);
    for (const p of fig3.points) {
      const row = rows.find((r) => r[0]!.text === p.label)!;
      expect(
        row.some((c) => c.value === fig3Reference[p.id]),
        `${p.label}: study value`,
      ).toBe(true);
    }
  });

  it('shows the run’s settings: quick-scale changes, seeds, --set overrides, shared config', () => {
    const s = section(html, 'fig4');
    expect(s).toContain('<dt>scale</dt><dd>quick — 5 epochs instead of 100</dd>');
    expect(s).toContain('<dt>--set overrides</dt><dd>gibbsSteps=20</dd>');
    expect(s).toContain('<dt>hidden</dt><dd>1 × 500</dd>');
    expect(s).toContain('<dt>varied</dt><dd>chars</dd>');
    expect(section(html, 'fig9')).toContain('<dt>seeds per point</dt><dd>3</dd>');
    expect(section(html, 'table1')).toContain('<dt>scale</dt><dd>paper</dd>');
  });

  it('reports fig8’s measured binarisation numbers', () => {
    expect(section(html, 'fig8')).toContain(
      'images of 5, 0, 4, 1; fraction of pixels set to 1: 0.19, 0.171, 0.12, 0.095.',
    );
  });

  it('draws one line path per series in the charts, as well-formed XML', async () => {
    const fig9Svg = parseXml(await readFile(join(runDir, 'fig9/figure.svg'), 'utf8'));
    expect(fig9Svg.name).toBe('svg');
    expect(markPaths(fig9Svg, 'line')).toEqual([2]); // pretrained, random
    expect(markPaths(fig9Svg, 'area')).toEqual([2]); // min–max bands: three seeds
    expect(lineStrokes(fig9Svg).sort()).toEqual(['#1f77b4', '#d62728']); // the study's blue, red
    expect(allElements(fig9Svg).some((e) => e.name === 'text')).toBe(true);
    expect(await readFile(join(runDir, 'fig9/figure.svg'), 'utf8')).toContain(
      'hidden layers (200 units each)',
    );
    const fig3Svg = parseXml(await readFile(join(runDir, 'fig3/figure.svg'), 'utf8'));
    // Error vs q (measured, study) above the per-epoch chart (one line per point).
    expect(markPaths(fig3Svg, 'line')).toEqual([2, fig3.points.length]);
    const fig4Svg = parseXml(await readFile(join(runDir, 'fig4/figure.svg'), 'utf8'));
    expect(markPaths(fig4Svg, 'line')).toEqual([3]); // the failed point has no history
    parseXml(await readFile(join(runDir, 'table1/figure.svg'), 'utf8'));
  });

  it('writes report.md whose image links resolve relative to the run directory', async () => {
    const links = [...md.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);
    expect(links.sort()).toEqual(
      [
        'fig3/figure.svg',
        'fig3/mosaic.png',
        'fig4/figure.svg',
        'fig4/mosaic.png',
        'fig8/mosaic.png',
        'fig9/figure.svg',
        'table1/figure.svg',
      ].sort(),
    );
    for (const l of links) expect((await stat(join(runDir, l))).isFile()).toBe(true);
    const mosaic = decodePng(new Uint8Array(await readFile(join(runDir, 'fig8/mosaic.png'))));
    expect(E.isRight(mosaic)).toBe(true);
  });

  it('is deterministic: a second run writes the same bytes', async () => {
    const before = await readFile(join(runDir, 'report.html'));
    const svg = await readFile(join(runDir, 'fig9/figure.svg'));
    const again = await writeReport({
      runDir,
      experiments: ['fig9', 'fig3', 'fig4', 'fig8', 'table1'],
    });
    expect(E.isRight(again)).toBe(true);
    expect((await readFile(join(runDir, 'report.html'))).equals(before)).toBe(true);
    expect((await readFile(join(runDir, 'fig9/figure.svg'))).equals(svg)).toBe(true);
  });
});

describe('writeReport errors', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dbn-report-bad-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const leftOf = async (runDir: string, experimentsList?: string[]) => {
    const r = await writeReport(
      experimentsList === undefined ? { runDir } : { runDir, experiments: experimentsList },
    );
    if (E.isRight(r)) throw new Error('expected a Left');
    return r.left;
  };

  it('names a missing summary.json of a requested experiment, writing no report', async () => {
    const run = join(dir, 'missing');
    await writeSyntheticRun(run, [fig8]);
    const err = await leftOf(run, ['fig8', 'fig5']);
    expect(err._tag).toBe('NotFound');
    expect(err.message).toContain(join(run, 'fig5', 'summary.json'));
    await expect(stat(join(run, 'report.html'))).rejects.toThrow();
  });

  it('names a corrupt summary.json', async () => {
    const run = join(dir, 'corrupt');
    await writeSyntheticRun(run, [fig8, table1]);
    await writeFile(join(run, 'table1', 'summary.json'), '{"experiment": "table1", "results": [');
    const err = await leftOf(run);
    expect(err._tag).toBe('InvalidSummary');
    expect(err.message).toContain(join(run, 'table1', 'summary.json'));
    expect(err.message).toContain('not valid JSON');
    await expect(stat(join(run, 'report.html'))).rejects.toThrow();
  });

  it('names the file and the field of a summary off the contract', async () => {
    const run = join(dir, 'shape');
    const [summary] = await writeSyntheticRun(run, [table1]);
    const results = summary!.results as Record<string, unknown>[];
    results[2] = { ...results[2], metrics: { testErrorRate: 1.7 } };
    await writeFile(join(run, 'table1', 'summary.json'), JSON.stringify(summary));
    const err = await leftOf(run);
    expect(err._tag).toBe('InvalidSummary');
    expect(err.message).toContain(join(run, 'table1', 'summary.json'));
    expect(err.message).toContain('results[2].metrics.testErrorRate');
  });

  it('reports a missing or empty run directory', async () => {
    expect((await leftOf(join(dir, 'nope')))._tag).toBe('NotFound');
    const empty = join(dir, 'empty');
    await writeSyntheticRun(empty, []);
    await cp(join(dir, 'missing', 'fig8', 'binarisation'), join(empty, 'stray', 'binarisation'), {
      recursive: true,
    });
    const err = await leftOf(empty);
    expect(err._tag).toBe('NotFound');
    expect(err.message).toContain('no experiment with a summary.json');
  });

  it('rejects bad arguments with errors naming them', async () => {
    await expect(writeReport({ runDir: '' })).rejects.toThrow(/runDir/);
    await expect(writeReport({ runDir: dir, experiments: ['../etc'] })).rejects.toThrow(
      /experiments\[0\]/,
    );
    await expect(writeReport(null as never)).rejects.toThrow(TypeError);
  });
});
