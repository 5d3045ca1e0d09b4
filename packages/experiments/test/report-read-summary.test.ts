import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readReportSummary, summaryPath } from '../src/report/read-summary.js';

describe('readReportSummary', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dbn-read-summary-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads <runDir>/<experiment>/summary.json', async () => {
    await mkdir(join(dir, 'fig2'));
    const json = {
      experiment: 'fig2',
      results: [
        { pointId: 'a', rep: 0, config: { hidden: [200] }, metrics: { reconstructionError: 0.01 } },
      ],
    };
    await writeFile(join(dir, 'fig2', 'summary.json'), JSON.stringify(json));
    const r = await readReportSummary(dir, 'fig2');
    if (E.isLeft(r)) throw new Error(r.left.message);
    expect(r.right.results[0]!.metrics.reconstructionError).toBe(0.01);
  });

  it('a missing file is NotFound naming it; bad JSON is InvalidSummary naming it', async () => {
    const missing = await readReportSummary(dir, 'fig5');
    expect(E.isLeft(missing) && missing.left).toMatchObject({
      _tag: 'NotFound',
      path: join(dir, 'fig5', 'summary.json'),
    });
    await mkdir(join(dir, 'fig6'));
    await writeFile(join(dir, 'fig6', 'summary.json'), '{"results": [1,');
    const corrupt = await readReportSummary(dir, 'fig6');
    if (E.isRight(corrupt)) throw new Error('expected a Left');
    expect(corrupt.left._tag).toBe('InvalidSummary');
    expect(corrupt.left.message).toMatch(
      new RegExp(`^${join(dir, 'fig6', 'summary.json')}: not valid JSON`),
    );
  });

  it('a directory in place of the file is an IoError naming it', async () => {
    await mkdir(join(dir, 'fig7', 'summary.json'), { recursive: true });
    const r = await readReportSummary(dir, 'fig7');
    expect(E.isLeft(r) && r.left._tag).toBe('IoError');
    expect(E.isLeft(r) && r.left.message).toContain(join(dir, 'fig7', 'summary.json'));
  });

  it('validates names: no paths, no empty run directory', () => {
    expect(summaryPath('/r', 'fig9')).toBe(join('/r', 'fig9', 'summary.json'));
    expect(() => summaryPath('/r', '../x')).toThrow(/experiment must be a name/);
    expect(() => summaryPath('', 'fig9')).toThrow(/runDir/);
  });
});
