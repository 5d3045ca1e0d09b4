// The report against the runner's own producer of summary.json (src/summary.ts, src/result.ts)
// and the registered experiments: if the contract drifts on either side, this fails.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePng, imageGrid } from '@dbn/datasets';
import { testOutputDir } from '@dbn/testkit';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PointConfig } from '../src/config.js';
import { resolvePoints } from '../src/experiment.js';
import { CODE_VERSION, pointHash } from '../src/identity.js';
import { EXPERIMENTS } from '../src/registry.js';
import { escapeHtml } from '../src/report/format.js';
import { readReportSummary } from '../src/report/read-summary.js';
import { writeReport } from '../src/report/write-report.js';
import { FILES, type PointMetrics, type PointResult, repDir } from '../src/result.js';
import { buildSummary, summaryMeta, writeSummary } from '../src/summary.js';
import { randomImages } from './fixtures/report/synthetic-run.js';

/**
 * Issue #7's measurements of the shape result.ts gives them, when the config asks for them:
 * AlphaDigits points learn up to 3 characters (all recognised and covered), not more; MNIST's
 * CD-25 and PCD land near the published −86.34, CD-1 far below.
 */
function measured(config: PointConfig): Pick<PointMetrics, 'quality' | 'likelihood'> {
  const mnist = config.dataset === 'mnist';
  const classes = mnist ? 10 : config.chars.length;
  const learnt = mnist || classes <= 3;
  const coverage = learnt ? classes : Math.max(1, classes - 2);
  const loglik = mnist
    ? config.k === 25
      ? -87
      : config.persistent
        ? -88
        : -120
    : -40 - 5 * classes;
  return {
    ...(config.quality
      ? {
          quality: {
            classifier: {
              dataset: config.dataset,
              classes: mnist ? 10 : 36,
              heldOutAccuracy: 0.95,
              id: 'contract',
            },
            tau: config.tau,
            samples: config.qualitySamples,
            recognised: learnt ? 0.9 : 0.3,
            coverage,
            classes,
            coverageEntropy: Math.log(coverage),
            perClass: Array.from({ length: classes }, (_, c) => (c < coverage ? 3 : 0)),
          },
        }
      : {}),
    ...(config.aisRuns > 0
      ? {
          likelihood: {
            method: config.model === 'dbn' ? 'dbn-bound' : 'ais',
            meanLogLikelihood: loglik,
            set: mnist ? 'test' : 'train',
            images: 100,
            logZ: 300,
            logZLow: 299.9,
            logZHigh: 300.1,
            runs: config.aisRuns,
            betas: config.aisSteps,
            seconds: 1,
          },
        }
      : {}),
  };
}

/** Metrics of the shape the runner writes for each model, with made-up but plausible numbers. */
function metricsFor(config: PointConfig, i: number): PointMetrics {
  const epochs = Math.min(config.epochs, 3);
  const rbmHistory = (layers: number) =>
    Array.from({ length: layers * epochs }, (_, k) => ({
      ...(config.model === 'rbm' ? {} : { layer: 1 + Math.floor(k / epochs) }),
      epoch: 1 + (k % epochs),
      reconstructionError: 0.2 / (1 + (k % epochs)) / (1 + i),
      seconds: 0.01,
    }));
  switch (config.model) {
    case 'rbm':
      return {
        reconstructionError: 0.1 / (1 + i),
        history: rbmHistory(1),
        secondsPerEpoch: 0.01,
        ...measured(config),
      };
    case 'dbn':
      return {
        reconstructionError: 0.1 / (1 + i),
        layerReconstructionErrors: config.hidden.map((_, l) => 0.1 / (1 + i) + l * 1e-4),
        history: rbmHistory(Math.min(config.hidden.length, 3)),
        secondsPerEpoch: 0.01,
        ...measured(config),
      };
    case 'dnn':
      return {
        testErrorRate: (config.pretrain ? 0.03 : 0.05) + i * 1e-3,
        trainErrorRate: 0.01,
        testLoss: 0.2,
        history: [{ epoch: 1, loss: 0.3, accuracy: 0.9, seconds: 0.1 }],
        secondsPerEpoch: 0.1,
      };
    default:
      return { binarisation: { labels: [5, 0, 4, 1], onFraction: [0.19, 0.17, 0.12, 0.1] } };
  }
}

describe('writeReport on summaries written by the runner’s buildSummary', () => {
  let runDir: string;
  let html: string;

  beforeAll(async () => {
    runDir = await mkdtemp(join(tmpdir(), 'dbn-report-contract-'));
    for (const experiment of EXPERIMENTS) {
      const points = resolvePoints(experiment, 'quick');
      if (E.isLeft(points)) throw new Error(points.left.message);
      const results: PointResult[] = [];
      for (const [i, p] of points.right.entries()) {
        // fig5's last point has no result yet; fig3's last fails as it may on a small machine.
        if (experiment.name === 'fig5' && i === points.right.length - 1) continue;
        const failed = experiment.name === 'fig3' && i === points.right.length - 1;
        const dir = repDir(runDir, experiment.name, p.pointId, 0);
        await mkdir(dir, { recursive: true });
        const imaging = !failed && p.config.model !== 'dnn';
        if (imaging) {
          const images = randomImages(i + 1, 4, 20, 16);
          await writeFile(
            join(dir, FILES.samples),
            encodePng(imageGrid({ images, count: 4, height: 20, width: 16 })),
          );
        }
        results.push({
          experiment: experiment.name,
          pointId: p.pointId,
          label: p.label,
          rep: 0,
          seed: 1,
          hash: pointHash(p.config, 1, 0),
          codeVersion: CODE_VERSION,
          config: p.config,
          metrics: failed
            ? {
                error: {
                  kind: 'out-of-memory',
                  message: 'the 320 × 100000 float32 weight matrix (128 MB)',
                },
              }
            : metricsFor(p.config, i),
          artifacts: imaging ? { samples: FILES.samples } : {},
          startedAt: '2026-01-01T00:00:00.000Z',
          finishedAt: '2026-01-01T00:00:01.000Z',
          seconds: 1,
        });
      }
      const summary = buildSummary(summaryMeta(experiment, 'quick', 1, 1, {}), results);
      const written = await writeSummary(runDir, summary);
      if (E.isLeft(written)) throw new Error(written.left.message);
    }
    const report = await writeReport({ runDir });
    if (E.isLeft(report)) throw new Error(report.left.message);
    html = await readFile(report.right.html, 'utf8');
    const out = join(testOutputDir('experiments'), 'report-contract');
    await rm(out, { recursive: true, force: true });
    await cp(runDir, out, { recursive: true });
  });

  afterAll(async () => {
    await rm(runDir, { recursive: true, force: true });
  });

  it('parses every summary, with the study’s claim, reference and figure', async () => {
    for (const experiment of EXPERIMENTS) {
      const s = await readReportSummary(runDir, experiment.name);
      if (E.isLeft(s)) throw new Error(s.left.message);
      expect(s.right.study?.claim).toBe(experiment.study.claim);
      expect(s.right.study?.reference).toEqual(experiment.study.reference);
      expect(s.right.figure?.kind).toBe(experiment.figure.kind);
      expect(s.right.points?.map((p) => p.id)).toEqual(experiment.points.map((p) => p.id));
    }
  });

  it('reports every experiment in the study’s order with its claim', () => {
    let last = -1;
    for (const experiment of EXPERIMENTS) {
      const at = html.indexOf(`<section class="experiment" id="exp-${experiment.name}">`);
      expect(at, experiment.name).toBeGreaterThan(last);
      last = at;
      expect(html).toContain(
        `<blockquote class="claim">${escapeHtml(experiment.study.claim)}</blockquote>`,
      );
    }
  });

  it('applies the verdict rules to the line figures and Table 1, and marks the rest as by eye', () => {
    const badge = (name: string): string =>
      /<span class="badge ([a-z-]+)">/.exec(html.slice(html.indexOf(`id="exp-${name}"`)))![1]!;
    for (const name of ['fig2', 'fig4', 'fig5', 'fig6', 'fig7', 'fig8'])
      expect(badge(name), name).toBe('by-eye');
    for (const name of ['fig9', 'fig10', 'fig11'])
      expect(badge(name), name).not.toMatch(/by-eye|no-data|not-assessed/);
    expect(badge('table1')).toMatch(/supported|partly/);
    expect(badge('fig3')).toBe('supported'); // errors fall with q by construction
    // Issue #7: 3 characters learnt by construction, against the study's 3 (RBM) and 5 (DBN);
    // CD-25 within 3 nats of −86.34 and CD-1 below it.
    expect(badge('capacity-rbm')).toBe('supported');
    expect(badge('capacity-dbn')).toBe('not-supported');
    expect(badge('ais-mnist')).toBe('supported');
  });

  it('lists only the settings that matter to the model', () => {
    const fig3 = html.slice(html.indexOf('id="exp-fig3"'), html.indexOf('id="exp-fig4"'));
    expect(fig3).toMatch(/gibbsSteps/); // constant, or varied where a point generates with fewer steps
    expect(fig3).not.toMatch(/<dt>(pretrain|backpropEpochs|trainSize|threshold)<\/dt>/);
    const fig9 = html.slice(html.indexOf('id="exp-fig9"'), html.indexOf('id="exp-fig10"'));
    expect(fig9).toContain('<dt>backpropEpochs</dt>');
    expect(fig9).not.toMatch(/<dt>(gibbsSteps|chars|samples)<\/dt>/);
  });

  it('shows fig3’s study values, fig5’s missing point and fig3’s failure', () => {
    const fig3 = html.slice(html.indexOf('id="exp-fig3"'), html.indexOf('id="exp-fig4"'));
    expect(fig3).toContain('data-value="0.27668"');
    expect(fig3).toContain('out-of-memory — the 320 × 100000 float32 weight matrix (128 MB)');
    const fig5 = html.slice(html.indexOf('id="exp-fig5"'), html.indexOf('id="exp-fig6"'));
    expect(fig5).toContain('no result yet');
    expect(fig5).toMatch(/<div class="incomplete">Incomplete: 1 run/);
  });
});
