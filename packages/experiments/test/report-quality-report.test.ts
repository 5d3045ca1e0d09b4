// Issue #7 end to end: writeReport on a synthetic run holding capacity-rbm, ais-mnist and a
// generation experiment whose points carry metrics.quality / metrics.likelihood.
import { cp, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { testOutputDir } from '@dbn/testkit';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregatePoints } from '../src/report/aggregate.js';
import { qualityCaption } from '../src/report/quality-caption.js';
import { writeReport } from '../src/report/write-report.js';
import { result } from './fixtures/report/points.js';
import { type ExperimentSpec, writeSyntheticRun } from './fixtures/report/synthetic-run.js';
import { allElements, parseXml } from './fixtures/report/xml.js';
import { tempDir } from './helpers.js';

const CHARS = ['2', '4', 'B', 'Z', '9'];
const png = (seed: number) => ({ samples: { h: 20, w: 16, count: 4, seed } });

/** capacity-rbm: n1–n3 learnt (3 seeds each), n4 not learnt, n5 with one seed missing. */
const capacity: ExperimentSpec = {
  name: 'capacity-rbm',
  title: 'RBM capacity',
  study: {
    ref: 'Figure 4',
    claim: 'The study judged by eye that an RBM learns about 3 characters.',
  },
  figure: { kind: 'capacity' },
  scale: 'quick',
  quick: 'fewer epochs',
  seeds: 3,
  points: [1, 2, 3, 4, 5].map((k) => ({
    id: `n${k}`,
    label: `${k} characters`,
    config: {
      model: 'rbm',
      dataset: 'alphadigits',
      chars: CHARS.slice(0, k),
      hidden: [500],
      epochs: 5,
    },
    reps: Array.from({ length: k === 5 ? 2 : 3 }, (_, rep) => ({
      metrics: {
        reconstructionError: 0.02 * k,
        quality: {
          recognised: k <= 3 ? 0.8 + 0.05 * rep : 0.3,
          coverage: k <= 3 ? k : k - 2,
          classes: k,
          coverageEntropy: Math.log(k <= 3 ? k : k - 2),
          samples: 30,
          tau: 0.8,
        },
        likelihood: {
          method: 'ais',
          meanLogLikelihood: -40 - 6 * k - rep,
          set: 'train',
          logZ: 100,
          logZLow: 99.9,
          logZHigh: 100.1,
          runs: 100,
          betas: 1000,
        },
      },
      seconds: 2,
      pngs: png(10 * k + rep),
    })),
  })),
};

/** ais-mnist: three trainers, one seed each, the published CD-25 value as reference. */
const ais: ExperimentSpec = {
  name: 'ais-mnist',
  title: 'AIS log-likelihood on MNIST',
  study: {
    ref: 'Salakhutdinov & Murray (2008)',
    claim: 'CD-25 reaches about −86.34 nats; CD-1 is worse.',
    reference: { metric: 'logLikelihood', values: { cd25: -86.34 } },
  },
  figure: { kind: 'likelihood' },
  scale: 'quick',
  quick: 'fewer epochs',
  seeds: 1,
  points: [
    ['cd1', 'CD-1', 1, -118.2],
    ['cd25', 'CD-25', 25, -88.1],
    ['pcd', 'PCD', 1, -87.4],
  ].map(([id, label, k, v]) => ({
    id: id as string,
    label: label as string,
    config: {
      model: 'rbm',
      dataset: 'mnist',
      hidden: [500],
      k,
      ...(id === 'pcd' ? { persistent: true } : {}),
    },
    reps: [
      {
        metrics: {
          likelihood: {
            method: 'ais',
            meanLogLikelihood: v,
            set: 'test',
            images: 10000,
            logZ: 450,
            logZLow: 449.7,
            logZHigh: 450.2,
            runs: 100,
            betas: 14500,
          },
        },
        seconds: 30,
      },
    ],
  })),
};

/** A generation experiment (fig2-like) run with `--set quality=true`. */
const generation: ExperimentSpec = {
  name: 'fig2',
  title: 'RBM parameters',
  figure: { kind: 'mosaic' },
  scale: 'quick',
  quick: 'fewer epochs',
  seeds: 1,
  overrides: { quality: true },
  points: [
    {
      id: 'base',
      label: '(a) q = 200',
      config: { model: 'rbm', dataset: 'alphadigits', chars: ['A'], hidden: [200] },
      reps: [
        {
          metrics: {
            reconstructionError: 0.03,
            quality: { recognised: 0.8333, coverage: 1, classes: 1, coverageEntropy: 0 },
            likelihood: { method: 'exact', meanLogLikelihood: -52.14, set: 'train' },
          },
          pngs: png(1),
        },
      ],
    },
    {
      id: 'q10',
      label: '(b) q = 10',
      config: { model: 'rbm', dataset: 'alphadigits', chars: ['A'], hidden: [10] },
      reps: [{ metrics: { reconstructionError: 0.2 }, pngs: png(2) }],
    },
  ],
};

function section(html: string, name: string): string {
  const start = html.indexOf(`<section class="experiment" id="exp-${name}">`);
  if (start < 0) throw new Error(`no section ${name}`);
  return html.slice(start, html.indexOf('</section>', start));
}

describe('writeReport with measured quality (issue #7)', () => {
  let runDir: string;
  let html: string;
  let md: string;

  beforeAll(async () => {
    runDir = tempDir('dbn-report-quality-');
    await writeSyntheticRun(runDir, [capacity, ais, generation]);
    const written = await writeReport({ runDir });
    if (E.isLeft(written)) throw new Error(written.left.message);
    html = await readFile(written.right.html, 'utf8');
    md = await readFile(written.right.md, 'utf8');
    const out = join(testOutputDir('experiments'), 'report-quality');
    await rm(out, { recursive: true, force: true });
    await cp(runDir, out, { recursive: true });
  });

  afterAll(async () => {
    await rm(runDir, { recursive: true, force: true });
  });

  it('capacity-rbm: measures 3 characters, agrees with the study’s 3, states the criterion', () => {
    const s = section(html, 'capacity-rbm');
    expect(s).toContain('badge supported');
    expect(s).toContain(
      'characters learnt agree with the study&#39;s 3 (±1): yes (measured 3 characters, study 3)',
    );
    expect(s).toMatch(/Rule: n characters are learnt when.*≥ 50 %.*≥ n − 0\.5/);
    expect(s).toContain('<td>not enough data: 1 of 3 seeds have no result</td>');
    expect(md).toContain('**Verdict: supported**');
  });

  it('capacity-rbm: figure.svg with the three panels, mosaic captions with the measurements', async () => {
    const svg = await readFile(join(runDir, 'capacity-rbm', 'figure.svg'), 'utf8');
    const root = parseXml(svg);
    const titles = allElements(root).filter(
      (e) => e.name === 'g' && (e.attrs.class ?? '').includes('role-title-text'),
    ).length;
    expect(titles).toBeGreaterThanOrEqual(4);
    expect(svg).toContain('Recognised samples');
    expect(svg).toContain('every character appears (y = n)');
    expect(svg).toContain('Mean log-likelihood of the training images');
    await stat(join(runDir, 'capacity-rbm', 'mosaic.png'));
    const s = section(html, 'capacity-rbm');
    expect(s).toContain(
      '<figcaption>(a) 1 characters · recognised 85 % · 1/1 chars · −47.0 nats (3 seeds)</figcaption>',
    );
    expect(md).toContain('(d) 4 characters · recognised 30 % · 2/4 chars · −65.0 nats (3 seeds)');
  });

  it('ais-mnist: the likelihood table beside the published value, and its verdict', async () => {
    const s = section(html, 'ais-mnist');
    expect(s).toContain(
      '<tr><td>CD-25</td><td>CD-25</td><td class="num" data-value="1">1</td><td class="num" data-value="-88.1">−88.1</td><td class="num">−88.3 … −87.8</td><td class="num" data-value="-86.34">−86.34</td><td class="num" data-value="-1.759999999999991">−1.76</td><td>ais, test</td><td class="num">100</td><td class="num">14500</td></tr>',
    );
    expect(s).toContain('<td>PCD</td><td>PCD-1</td>');
    expect(s).toContain(
      'CD-25 within 3 nats of the published −86.34: yes (−88.1 nats, Δ −1.76); CD-1 worse than CD-25, as published: yes (CD-1 −118.2 vs CD-25 −88.1 nats)',
    );
    expect(s).toContain('badge supported');
    const table = await readFile(join(runDir, 'ais-mnist', 'table.md'), 'utf8');
    expect(table).toContain(
      '| CD-1 | CD-1 | 1 | −118.2 | −118.4 … −117.9 | — | — | ais, test | 100 | 14500 |',
    );
  });

  it('a generation experiment: quality under the tiles that have it, in HTML and Markdown', () => {
    const s = section(html, 'fig2');
    expect(s).toContain(
      '<figcaption>(a) q = 200 · recognised 83 % · 1/1 chars · −52.1 nats</figcaption>',
    );
    expect(s).toContain('<figcaption>(b) q = 10</figcaption>');
    expect(md).toContain('(a) q = 200 · recognised 83 % · 1/1 chars · −52.1 nats · (b) q = 10');
    expect(s).toContain('Recognised fraction of generated samples: 83.3 % for (a) q = 200.');
    expect(s).toContain('<th class="num">Recognised (%)</th>');
  });
});

describe('qualityCaption', () => {
  it('says "digits" for MNIST, "≥" for a DBN bound, nothing without measurements', () => {
    const [mnist, dbn, none] = aggregatePoints([
      result(
        'm',
        { dataset: 'mnist' },
        { quality: { recognised: 0.5, coverage: 9, classes: 10, coverageEntropy: 2 } },
      ),
      result(
        'd',
        { model: 'dbn' },
        { likelihood: { method: 'dbn-bound', meanLogLikelihood: -60.06 } },
      ),
      result('x', {}, { reconstructionError: 0.1 }),
    ]);
    expect(qualityCaption(mnist!)).toBe('recognised 50 % · 9/10 digits');
    expect(qualityCaption(dbn!)).toBe('≥ −60.1 nats');
    expect(qualityCaption(none!)).toBeUndefined();
    expect(() => qualityCaption(null as never)).toThrow(TypeError);
  });
});
