import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { type ExperimentSummary, FILES, mergeRuns, runExperiment } from '../src/index.js';
import { dataDir, listFiles, tempDir, timeless, tinyAlpha } from './helpers.js';

function right<A>(e: E.Either<{ message: string }, A>): A {
  if (E.isLeft(e)) throw new Error(e.left.message);
  return e.right;
}

const byPoint = (s: ExperimentSummary) =>
  Object.fromEntries(s.results.map((r) => [`${r.pointId}/${r.rep}`, timeless(r)]));

describe.skipIf(dataDir === undefined)('mergeRuns', () => {
  const opts = { scale: 'quick' as const, dataDir: dataDir!, inProcess: true, seed: 5 };

  it('combines shard directories into one complete run equal to the unsharded one', async () => {
    const whole = right(await runExperiment(tinyAlpha, { ...opts, out: tempDir() }));
    const shards = [tempDir(), tempDir(), tempDir()];
    for (let index = 0; index < 3; index++) {
      right(
        await runExperiment(tinyAlpha, {
          ...opts,
          out: shards[index]!,
          shard: { index, count: 3 },
        }),
      );
    }
    // A stale checkpoint in a shard is not copied.
    writeFileSync(join(shards[0]!, 'tiny-alpha', 'a', 'rep-0', FILES.checkpoint), 'x');
    const out = tempDir();
    const report = right(await mergeRuns(shards, out));
    expect(report.experiments).toEqual(['tiny-alpha']);
    expect(report.copied).toBe(4);
    const [summary] = report.summaries;
    expect(summary!.complete).toBe(true);
    expect(summary!.results.map((r) => r.pointId)).toEqual(['a', 'b', 'ab', 'dbn']);
    expect(byPoint(summary!)).toEqual(byPoint(whole));
    const onDisk = JSON.parse(readFileSync(join(out, 'tiny-alpha', FILES.summary), 'utf8'));
    expect(onDisk.results).toEqual(summary!.results);
    const files = listFiles(out);
    expect(files.filter((f) => f.includes('checkpoint') || f.endsWith('.tmp'))).toEqual([]);
    expect(files.filter((f) => f.endsWith(FILES.samples))).toHaveLength(4);
    for (const f of files.filter((x) => x.endsWith(FILES.model))) {
      const src = shards.map((d) => join(d, f)).find((p) => existsSync(p))!;
      expect(readFileSync(join(out, f))).toEqual(readFileSync(src));
    }
    // Merging again (into itself, with the shards) copies nothing and changes nothing.
    const again = right(await mergeRuns([...shards, out], out));
    expect(again.copied).toBe(0);
    expect(again.identical).toBe(4);
    expect(byPoint(again.summaries[0]!)).toEqual(byPoint(whole));
  });

  it('refuses results with the same path and a different hash, copying nothing', async () => {
    const a = tempDir();
    const b = tempDir();
    right(await runExperiment(tinyAlpha, { ...opts, out: a, shard: { index: 0, count: 2 } }));
    const changed = { ...tinyAlpha, base: { ...tinyAlpha.base, learningRate: 0.2 } };
    right(await runExperiment(changed, { ...opts, out: b }));
    const out = tempDir();
    const r = await mergeRuns([a, b], out);
    expect(E.isLeft(r) && r.left._tag).toBe('MergeConflict');
    expect(E.isLeft(r) && r.left.message).toMatch(
      /tiny-alpha[\\/]a[\\/]rep-0: conflicting results/,
    );
    expect(listFiles(out)).toEqual([]);
  });

  it('refuses runs whose summaries disagree (another seed), and non-directories', async () => {
    const a = tempDir();
    const b = tempDir();
    right(await runExperiment(tinyAlpha, { ...opts, out: a, shard: { index: 0, count: 2 } }));
    right(
      await runExperiment(tinyAlpha, { ...opts, seed: 6, out: b, shard: { index: 1, count: 2 } }),
    );
    const r = await mergeRuns([a, b], tempDir());
    expect(E.isLeft(r) && r.left._tag).toBe('MergeConflict');
    const missing = await mergeRuns([join(a, 'nope')], tempDir());
    expect(E.isLeft(missing) && missing.left._tag).toBe('NotARunDirectory');
    await expect(mergeRuns([], a)).rejects.toThrow(TypeError);
  });
});
