// runExperiment honours an experiment's default repetitions (Experiment.seeds) and runs the
// measurements of issue #7 through the runner.
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { ALPHADIGITS_RBM } from '../src/experiments/common.js';
import { type Experiment, runExperiment } from '../src/index.js';
import { dataDir, tempDir } from './helpers.js';

const measuredTwice: Experiment = {
  name: 'tiny-capacity',
  title: 'tiny capacity sweep (tests)',
  study: { ref: 'test', claim: 'none' },
  base: {
    ...ALPHADIGITS_RBM,
    hidden: [24],
    epochs: 2,
    samples: 4,
    gibbsSteps: 5,
    quality: true,
    qualitySamples: 10,
    aisRuns: 3,
    aisSteps: 20,
  },
  scales: { paper: {}, quick: {} },
  quick: 'same',
  figure: { kind: 'capacity' },
  seeds: 2,
  points: [{ id: 'n2', label: '2 characters: 2,4', set: { chars: ['2', '4'] } }],
};

describe.skipIf(dataDir === undefined)('runExperiment and Experiment.seeds', () => {
  const opts = { scale: 'quick' as const, dataDir: dataDir!, inProcess: true, workers: 1 };

  it("runs the experiment's default repetitions when seeds is not given", async () => {
    const s = await runExperiment(measuredTwice, { ...opts, out: tempDir() });
    if (E.isLeft(s)) throw new Error(s.left.message);
    expect(s.right.seeds).toBe(2);
    expect(s.right.complete).toBe(true);
    expect(s.right.results.map((r) => r.rep)).toEqual([0, 1]);
    for (const r of s.right.results) {
      expect(r.metrics.quality?.samples).toBe(10);
      expect(r.metrics.likelihood?.method).toBe('ais');
    }
    // Different repetitions draw from different streams (timings aside, which always differ).
    const [a, b] = s.right.results.map((r) => ({ ...r.metrics.likelihood, seconds: 0 }));
    expect(a).not.toEqual(b);
  }, 120_000);

  it('lets an explicit seeds override the default', async () => {
    const s = await runExperiment(measuredTwice, { ...opts, out: tempDir(), seeds: 1 });
    if (E.isLeft(s)) throw new Error(s.left.message);
    expect(s.right.seeds).toBe(1);
    expect(s.right.results.map((r) => r.rep)).toEqual([0]);
  }, 120_000);

  it('rejects a malformed seeds', async () => {
    await expect(
      runExperiment(measuredTwice, { ...opts, out: tempDir(), seeds: 0 }),
    ).rejects.toThrow(/seeds/);
  });
});
