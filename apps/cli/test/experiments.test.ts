// experiment, merge and reproduce on tiny settings (--set) with worker threads.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataFile } from '@dbn/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { Capture, expectOneLineFailure, run, tempDir } from './helpers.js';

const matFile = dataFile('binaryalphadigs.mat');
const TINY = [
  '--set',
  'epochs=1',
  '--set',
  'hidden=8',
  '--set',
  'gibbsSteps=2',
  '--set',
  'samples=2',
];

describe('experiment: bad input', () => {
  it('lists the experiments', async () => {
    const r = await run(['experiment', '--list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^fig2 +RBM generations/m);
    expect(r.stdout).toMatch(/^table1 +/m);
    const j = await run(['experiment', '--list', '--json']);
    const names = JSON.parse(j.stdout).map((e: { name: string }) => e.name);
    expect(names).toContain('fig9');
  });

  it.each([
    [['experiment', 'fig99'], /unknown experiment "fig99"; known: fig2, .*table1/],
    [['experiment'], /give an experiment name/],
    [['experiment', 'fig2', '--set', 'epoch=3'], /unknown field "epoch"; valid fields: .*epochs/],
    [['experiment', 'fig2', '--set', 'epochs=zero'], /epochs must be/],
    [['experiment', 'fig2', '--set', 'epochs'], /--set must be field=value/],
    [['experiment', 'fig2', '--scale', 'huge'], /--scale must be one of paper, quick/],
    [['experiment', 'fig2', '--shard', '2/2'], /--shard 2\/2: i must be in 0\.\.1/],
    [['experiment', 'fig2', '--seeds', '0'], /--seeds must be a whole number/],
    [['experiment', 'fig2', '--workers', 'many'], /--workers must be a whole number/],
    [['reproduce', '--set', 'lr=1'], /unknown field "lr"/],
    [['merge', '--out', 'x'], /missing required argument 'dirs'/],
  ])('%j', async (args, pattern) => {
    expectOneLineFailure(await run(args), pattern, 2);
  });

  it('missing data is reported before anything runs', async () => {
    const empty = tempDir();
    const r = await run(['experiment', 'fig2', '--data-dir', empty, '--out', join(empty, 'runs')]);
    expectOneLineFailure(r, /binaryalphadigs\.mat is not in .*dbn data fetch/, 1);
    expect(existsSync(join(empty, 'runs'))).toBe(false);
  });

  it('merge of something that is not a run directory fails in one line', async () => {
    const empty = tempDir();
    const r = await run(['merge', join(empty, 'nope'), '--out', join(empty, 'out')]);
    expect(r.code).not.toBe(0);
    expect(r.stderrLines).toHaveLength(1);
  });
});

describe.skipIf(!matFile)('experiment, merge, reproduce (DBN_DATA_DIR)', () => {
  const root = tempDir();
  const env = {
    ...process.env,
    DBN_DATA_DIR: matFile ? join(matFile, '..') : '',
    DBN_DEBUG: undefined,
  };
  const shardJson: Record<
    string,
    { points: { pointId: string; metrics: Record<string, number> }[]; complete: boolean }
  > = {};

  beforeAll(async () => {
    for (const shard of ['0/2', '1/2']) {
      const out = join(root, `shard-${shard[0]}`);
      const r = await run(
        ['experiment', 'fig2', ...TINY, '--shard', shard, '--workers', '2', '--out', out, '--json'],
        { env },
      );
      expect(r.stderr).not.toMatch(/dbn: error/);
      expect(r.code).toBe(0);
      shardJson[shard] = JSON.parse(r.stdout);
    }
  }, 120_000);

  it('each shard runs its half of the points and writes its part of the report', () => {
    const a = shardJson['0/2']!;
    const b = shardJson['1/2']!;
    expect(a.complete).toBe(false);
    expect(a.points.length + b.points.length).toBe(8);
    for (const p of [...a.points, ...b.points]) {
      expect(Number.isFinite(p.metrics.reconstructionError)).toBe(true);
    }
    expect(existsSync(join(root, 'shard-0', 'report.html'))).toBe(true);
    expect(existsSync(join(root, 'shard-0', 'fig2', 'summary.json'))).toBe(true);
  });

  it('merge combines the shards; running the experiment again reuses every point', async () => {
    const merged = join(root, 'merged');
    const m = await run([
      'merge',
      join(root, 'shard-0'),
      join(root, 'shard-1'),
      '--out',
      merged,
      '--json',
    ]);
    expect(m.code).toBe(0);
    const mj = JSON.parse(m.stdout);
    expect(mj.copied).toBe(8);
    expect(mj.complete).toEqual({ fig2: true });
    expect(readFileSync(mj.report.md, 'utf8')).toMatch(/fig2|Figure 2/);
    const stderr = new Capture();
    const again = await run(
      ['experiment', 'fig2', ...TINY, '--workers', '2', '--out', merged, '--json'],
      { env, stderr },
    );
    expect(again.code).toBe(0);
    expect(stderr.text).not.toMatch(/started/);
    expect(stderr.text.match(/already done/g)).toHaveLength(8);
    const j = JSON.parse(again.stdout);
    expect(j.complete).toBe(true);
    const before = new Map(
      [...shardJson['0/2']!.points, ...shardJson['1/2']!.points].map((p) => [
        p.pointId,
        p.metrics.reconstructionError,
      ]),
    );
    for (const p of j.points) expect(p.metrics.reconstructionError).toBe(before.get(p.pointId));
    // eval and generate read a point's model file (its metadata is the point's flat config)
    const point = j.points[0];
    const ev = await run(['eval', point.artifacts.model, '--json'], { env });
    expect(ev.stderr).toBe('');
    expect(JSON.parse(ev.stdout).reconstructionError).toBe(point.metrics.reconstructionError);
    const gen = await run([
      'generate',
      point.artifacts.model,
      '--samples',
      '2',
      '--out',
      join(root, 'g.png'),
      '--json',
    ]);
    expect(JSON.parse(gen.stdout).image).toEqual({ height: 20, width: 16 });
    const human = await run(['experiment', 'fig2', ...TINY, '--workers', '1', '--out', merged], {
      env,
    });
    expect(human.stdout).toMatch(/^fig2: RBM generations .* 8\/8 point runs\n/);
    expect(human.stdout).toMatch(/^report: .*report\.html$/m);
  });

  it('reproduce runs (a shard of) every experiment and writes report.html and report.md', async () => {
    const out = join(root, 'all');
    const r = await run(
      [
        'reproduce',
        ...TINY,
        '--set',
        'trainSize=60',
        '--set',
        'testSize=50',
        '--set',
        'backpropEpochs=1',
        '--shard',
        '0/40',
        '--workers',
        '2',
        '--out',
        out,
        '--json',
      ],
      { env },
    );
    expect(r.stderr).not.toMatch(/dbn: error/);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.experiments.length).toBe(14);
    expect(j.experiments.flatMap((e: { points: unknown[] }) => e.points).length).toBeGreaterThan(0);
    expect(j.report).toEqual({ html: join(out, 'report.html'), md: join(out, 'report.md') });
    expect(readFileSync(j.report.html, 'utf8')).toMatch(/<html/i);
  }, 120_000);

  it('an abort stops the sweep with exit 130 and the run can be resumed', async () => {
    const out = join(root, 'aborted');
    const ac = new AbortController();
    const stderr = new Capture();
    stderr.onWrite = (chunk) => {
      if (/started/.test(chunk)) ac.abort();
    };
    const r = await run(['experiment', 'fig2', ...TINY, '--workers', '1', '--out', out], {
      env,
      signal: ac.signal,
      stderr,
    });
    expect(r.code).toBe(130);
    expect(r.stderrLines.pop()).toMatch(
      /^dbn: error: interrupted; .*run the same command again to resume$/,
    );
    const resumed = await run(
      ['experiment', 'fig2', ...TINY, '--workers', '2', '--out', out, '--json'],
      { env },
    );
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout).complete).toBe(true);
  }, 120_000);
});
