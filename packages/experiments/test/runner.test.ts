import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  type ExperimentSummary,
  FILES,
  type ProgressEvent,
  parseShard,
  planJobs,
  runExperiment,
  shardJobs,
} from '../src/index.js';
import {
  dataDir,
  hasMnist,
  listFiles,
  tempDir,
  timeless,
  tinyAlpha,
  tinyMnist,
} from './helpers.js';

function right<A>(e: E.Either<{ message: string }, A>): A {
  if (E.isLeft(e)) throw new Error(e.left.message);
  return e.right;
}

const byPoint = (s: ExperimentSummary) =>
  Object.fromEntries(s.results.map((r) => [`${r.pointId}/${r.rep}`, timeless(r)]));

describe('shards', () => {
  it('are disjoint, cover the sweep and keep its order', () => {
    const jobs = right(planJobs(tinyAlpha, 'quick', '/tmp/x', { seeds: 3 }));
    for (const count of [1, 2, 3, 5, 20]) {
      const slices = Array.from({ length: count }, (_, index) => shardJobs(jobs, { index, count }));
      const all = slices.flat();
      expect(all).toHaveLength(jobs.length);
      expect(new Set(all.map((j) => j.dir)).size).toBe(jobs.length);
      for (const s of slices) {
        const positions = s.map((j) => jobs.indexOf(j));
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
      }
    }
    expect(() => shardJobs(jobs, { index: 2, count: 2 })).toThrow(RangeError);
  });

  it('parse from i/n', () => {
    expect(parseShard('1/4')).toEqual(E.right({ index: 1, count: 4 }));
    for (const bad of ['4/4', '1', 'a/b', '0/0', '-1/2'])
      expect(E.isLeft(parseShard(bad))).toBe(true);
  });
});

describe.skipIf(dataDir === undefined)('runExperiment on AlphaDigits', () => {
  const opts = { scale: 'quick' as const, dataDir: dataDir!, seed: 3 };

  it('runs a sweep on 2 workers, writes the layout of docs/0002, and resumes only what is missing', async () => {
    const out = tempDir();
    const events: ProgressEvent[] = [];
    const summary = right(
      await runExperiment(tinyAlpha, {
        ...opts,
        out,
        workers: 2,
        onProgress: (e) => events.push(e),
      }),
    );
    expect(summary.complete).toBe(true);
    expect(summary.results.map((r) => r.pointId)).toEqual(['a', 'b', 'ab', 'dbn']);
    expect(summary.results.every((r) => r.metrics.error === undefined)).toBe(true);
    const files = listFiles(out);
    for (const p of ['a', 'b', 'ab', 'dbn']) {
      for (const f of [FILES.result, FILES.model, FILES.samples]) {
        expect(files).toContain(join('tiny-alpha', p, 'rep-0', f));
      }
    }
    expect(files).toContain(join('tiny-alpha', FILES.summary));
    expect(files.filter((f) => f.includes('checkpoint') || f.endsWith('.tmp'))).toEqual([]);
    const onDisk = JSON.parse(readFileSync(join(out, 'tiny-alpha', FILES.summary), 'utf8'));
    expect(onDisk.results).toEqual(summary.results);
    expect(onDisk.scale).toBe('quick');
    const types = new Set(events.map((e) => e.type));
    expect(types).toEqual(new Set(['point-start', 'epoch', 'point-done']));
    const dbnEpochs = events.filter((e) => e.type === 'epoch' && e.pointId === 'dbn');
    expect(dbnEpochs.map((e) => [e.layer, e.epoch, e.epochs])).toEqual([
      [1, 1, 2],
      [1, 2, 2],
      [2, 1, 2],
      [2, 2, 2],
    ]);
    expect(events.every((e) => e.total === 4 && e.index >= 0 && e.index < 4)).toBe(true);

    // Delete one result: only that point runs again, the others are skipped.
    rmSync(join(out, 'tiny-alpha', 'b', 'rep-0', FILES.result));
    const again: ProgressEvent[] = [];
    const second = right(
      await runExperiment(tinyAlpha, {
        ...opts,
        out,
        workers: 2,
        onProgress: (e) => again.push(e),
      }),
    );
    expect(again.filter((e) => e.type === 'point-start').map((e) => e.pointId)).toEqual(['b']);
    expect(
      again
        .filter((e) => e.type === 'point-skipped')
        .map((e) => e.pointId)
        .sort(),
    ).toEqual(['a', 'ab', 'dbn']);
    expect(byPoint(second)).toEqual(byPoint(summary));

    // A different seed is a different hash: everything runs again.
    const third: ProgressEvent[] = [];
    right(
      await runExperiment(tinyAlpha, {
        ...opts,
        seed: 4,
        out,
        workers: 1,
        inProcess: true,
        onProgress: (e) => third.push(e),
      }),
    );
    expect(third.filter((e) => e.type === 'point-skipped')).toEqual([]);
  });

  it('gives identical results on 1 worker, 2 workers and in-process, and across shards', async () => {
    const one = right(await runExperiment(tinyAlpha, { ...opts, out: tempDir(), workers: 1 }));
    const two = right(await runExperiment(tinyAlpha, { ...opts, out: tempDir(), workers: 2 }));
    const inproc = right(
      await runExperiment(tinyAlpha, { ...opts, out: tempDir(), inProcess: true }),
    );
    expect(byPoint(two)).toEqual(byPoint(one));
    expect(byPoint(inproc)).toEqual(byPoint(one));
    const sharedOut = tempDir();
    const s0 = right(
      await runExperiment(tinyAlpha, {
        ...opts,
        out: sharedOut,
        inProcess: true,
        shard: { index: 0, count: 2 },
      }),
    );
    expect(s0.complete).toBe(false);
    expect(s0.results.map((r) => r.pointId)).toEqual(['a', 'ab']);
    expect(s0.missing.map((m) => m.pointId)).toEqual(['b', 'dbn']);
    const s1 = right(
      await runExperiment(tinyAlpha, {
        ...opts,
        out: sharedOut,
        inProcess: true,
        shard: { index: 1, count: 2 },
      }),
    );
    expect(s1.complete).toBe(true);
    expect(byPoint(s1)).toEqual(byPoint(one));
  });

  it('repeats points with seeds: R and the reps differ', async () => {
    const s = right(
      await runExperiment(
        { ...tinyAlpha, points: tinyAlpha.points.slice(0, 1) },
        { ...opts, out: tempDir(), inProcess: true, seeds: 2 },
      ),
    );
    expect(s.results.map((r) => [r.pointId, r.rep])).toEqual([
      ['a', 0],
      ['a', 1],
    ]);
    expect(s.results[0]!.metrics.reconstructionError).not.toBe(
      s.results[1]!.metrics.reconstructionError,
    );
  });

  it('records a failing point (an impossible allocation) and finishes the others', async () => {
    const exp = {
      ...tinyAlpha,
      points: [
        ...tinyAlpha.points.slice(0, 2),
        { id: 'huge', label: 'q = 1e9', set: { hidden: [1e9] } },
      ],
    };
    const events: ProgressEvent[] = [];
    const s = right(
      await runExperiment(exp, {
        ...opts,
        out: tempDir(),
        workers: 2,
        onProgress: (e) => events.push(e),
      }),
    );
    expect(s.complete).toBe(true);
    const huge = s.results.find((r) => r.pointId === 'huge')!;
    expect(huge.metrics.error?.kind).toBe('out-of-memory');
    expect(huge.metrics.error?.message).toContain('320 × 1000000000');
    expect(s.results.filter((r) => r.metrics.error === undefined)).toHaveLength(2);
    expect(events.filter((e) => e.type === 'point-failed').map((e) => e.pointId)).toEqual(['huge']);
  });

  it('stops on abort between epochs, keeps checkpoints, and resumes to the same results', async () => {
    const exp = {
      ...tinyAlpha,
      base: { ...tinyAlpha.base, epochs: 6 },
      scales: { paper: {}, quick: {} },
    };
    const reference = right(await runExperiment(exp, { ...opts, out: tempDir(), inProcess: true }));
    const out = tempDir();
    const controller = new AbortController();
    const stopped = await runExperiment(exp, {
      ...opts,
      out,
      workers: 2,
      checkpointSeconds: 0,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.type === 'epoch' && e.epoch === 2) controller.abort();
      },
    });
    expect(E.isLeft(stopped) && stopped.left._tag).toBe('Aborted');
    const files = listFiles(out);
    expect(files.some((f) => f.endsWith(FILES.checkpoint))).toBe(true);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(files).toContain(join('tiny-alpha', FILES.summary));
    const resumed = right(await runExperiment(exp, { ...opts, out, workers: 2 }));
    expect(resumed.complete).toBe(true);
    expect(byPoint(resumed)).toEqual(byPoint(reference));
    expect(listFiles(out).filter((f) => f.includes('checkpoint'))).toEqual([]);
  });

  it('returns a Left for an unknown experiment, bad overrides or missing data', async () => {
    const out = tempDir();
    const unknown = await runExperiment('fig99', { ...opts, out });
    expect(E.isLeft(unknown) && unknown.left._tag).toBe('UnknownExperiment');
    const bad = await runExperiment(tinyAlpha, { ...opts, out, overrides: ['epoch=3'] });
    expect(E.isLeft(bad) && bad.left._tag).toBe('UnknownField');
    const invalid = await runExperiment(tinyAlpha, { ...opts, out, overrides: { epochs: -1 } });
    expect(E.isLeft(invalid) && invalid.left._tag).toBe('PointConfigError');
    const noData = await runExperiment(tinyAlpha, { ...opts, out, dataDir: tempDir() });
    expect(E.isLeft(noData) && noData.left._tag).toBe('DataError');
    expect(existsSync(join(out, 'tiny-alpha'))).toBe(false);
  });
});

describe.skipIf(!hasMnist)('runExperiment on MNIST', () => {
  it('runs a tiny DNN sweep (pretrained and random) on workers and writes the layout', async () => {
    const out = tempDir();
    const s = right(await runExperiment(tinyMnist, { scale: 'quick', out, workers: 2 }));
    expect(s.complete).toBe(true);
    const [pre, rnd] = s.results;
    expect(pre!.config.pretrain).toBe(true);
    expect(rnd!.config.pretrain).toBe(false);
    for (const r of s.results) {
      expect(r.metrics.testErrorRate).toBeGreaterThan(0);
      expect(r.metrics.testErrorRate).toBeLessThanOrEqual(1);
      expect(r.metrics.history).toHaveLength(2);
    }
    expect(pre!.metrics.pretrainHistory).toHaveLength(4);
    expect(pre!.metrics.layerReconstructionErrors).toHaveLength(2);
    const files = listFiles(out);
    for (const p of ['pretrained', 'random']) {
      expect(files).toContain(join('tiny-mnist', p, 'rep-0', FILES.model));
      expect(files).toContain(join('tiny-mnist', p, 'rep-0', FILES.result));
    }
  });
});
