// mergeRuns: combine run directories (shards, machines) into one.
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { type IoError, ioError, isTempFile } from './atomic.js';
import { canonicalJson } from './identity.js';
import {
  type ExperimentSummary,
  FILES,
  type PointResult,
  type ResultFileError,
  readResult,
  readSummary,
} from './result.js';
import { buildSummary, type SummaryMeta, writeSummary } from './summary.js';

/** Why runs cannot be merged. Nothing is copied when the inputs conflict. */
export type MergeError =
  | {
      readonly _tag: 'MergeConflict';
      /** The result (or summary) path, relative to the run directories. */
      readonly path: string;
      readonly message: string;
    }
  | { readonly _tag: 'NotARunDirectory'; readonly path: string; readonly message: string }
  | IoError
  | ResultFileError;

/** What {@link mergeRuns} did. */
export interface MergeReport {
  readonly out: string;
  readonly experiments: readonly string[];
  /** Point repetitions copied into `out`. */
  readonly copied: number;
  /** Point repetitions already in `out` (or in several inputs) with the same hash. */
  readonly identical: number;
  readonly summaries: readonly ExperimentSummary[];
}

interface Found {
  readonly root: string;
  readonly rel: string;
  readonly result: PointResult;
}

async function isDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function subdirs(path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** Copies `src` to `dst` through a temp file and a rename. */
async function copyAtomic(src: string, dst: string): Promise<void> {
  const tmp = join(
    dirname(dst),
    `.${basename(dst)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    await copyFile(src, tmp);
    await rename(tmp, dst);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

const metaKey = (s: ExperimentSummary): string =>
  canonicalJson({
    scale: s.scale,
    seed: s.seed,
    seeds: s.seeds,
    codeVersion: s.codeVersion,
    overrides: s.overrides,
    points: s.points,
  });

function metaOf(s: ExperimentSummary): SummaryMeta {
  return {
    experiment: s.experiment,
    title: s.title,
    study: s.study,
    figure: s.figure,
    scale: s.scale,
    quick: s.quick,
    seed: s.seed,
    seeds: s.seeds,
    codeVersion: s.codeVersion,
    overrides: s.overrides,
    points: s.points,
  };
}

/**
 * Merges run directories (each laid out as `<dir>/<experiment>/<pointId>/rep-<r>/`, e.g. the
 * shards of a Slurm array) into `out`, which may be new, existing, or one of `dirs`. Every
 * finished point repetition (one with a result.json) is copied with its artifacts — result.json
 * last, each file atomically; checkpoints and temp files are not copied. A point present in
 * several places must have the same hash everywhere, and the summaries of one experiment must
 * agree (scale, seed, seeds, code version, overrides, points): otherwise nothing is copied and a
 * Left MergeConflict names the path. Finally each experiment's summary.json in `out` is
 * rewritten from the merged results. Throws TypeError on malformed arguments.
 */
export async function mergeRuns(
  dirs: readonly string[],
  out: string,
): Promise<E.Either<MergeError, MergeReport>> {
  if (!Array.isArray(dirs) || dirs.length === 0 || dirs.some((d) => typeof d !== 'string')) {
    throw new TypeError(`dirs must be a non-empty array of paths, got ${String(dirs)}`);
  }
  if (typeof out !== 'string' || out === '') {
    throw new TypeError(`out must be a non-empty path, got ${String(out)}`);
  }
  const target = resolve(out);
  const roots = [...new Set([target, ...dirs.map((d) => resolve(d))])];
  const found = new Map<string, Found[]>();
  const metas = new Map<string, ExperimentSummary>();
  for (const root of roots) {
    if (!(await isDir(root))) {
      if (root === target) continue;
      return E.left({
        _tag: 'NotARunDirectory',
        path: root,
        message: `${root} is not a directory`,
      });
    }
    for (const exp of await subdirs(root)) {
      const expDir = join(root, exp);
      const summaryPath = join(expDir, FILES.summary);
      const summary = await readSummary(summaryPath);
      if (E.isRight(summary)) {
        const prev = metas.get(exp);
        if (prev === undefined) metas.set(exp, summary.right);
        else if (metaKey(prev) !== metaKey(summary.right)) {
          return E.left({
            _tag: 'MergeConflict',
            path: join(exp, FILES.summary),
            message: `${join(exp, FILES.summary)}: runs of ${exp} differ in scale, seed, seeds, code version, overrides or points (${summaryPath})`,
          });
        }
      }
      for (const point of await subdirs(expDir)) {
        for (const rep of await subdirs(join(expDir, point))) {
          if (!/^rep-\d+$/.test(rep)) continue;
          const rel = join(exp, point, rep);
          const r = await readResult(join(root, rel, FILES.result));
          if (E.isLeft(r)) continue; // unfinished: no result.json yet
          const list = found.get(rel) ?? [];
          const other = list.find((f) => f.result.hash !== r.right.hash);
          if (other !== undefined) {
            return E.left({
              _tag: 'MergeConflict',
              path: rel,
              message: `${rel}: conflicting results (hash ${other.result.hash.slice(0, 12)} in ${other.root}, ${r.right.hash.slice(0, 12)} in ${root})`,
            });
          }
          found.set(rel, [...list, { root, rel, result: r.right }]);
        }
      }
    }
  }
  const experiments = [
    ...new Set([...metas.keys(), ...[...found.keys()].map((rel) => rel.split(/[\\/]/)[0]!)]),
  ].sort();
  for (const exp of experiments) {
    if (!metas.has(exp)) {
      return E.left({
        _tag: 'NotARunDirectory',
        path: exp,
        message: `no summary.json for experiment ${exp} in any of the run directories`,
      });
    }
  }
  let copied = 0;
  let identical = 0;
  try {
    for (const [rel, list] of found) {
      if (list.length > 1) identical++;
      if (list.some((f) => f.root === target)) continue;
      const src = join(list[0]!.root, rel);
      const dst = join(target, rel);
      await mkdir(dst, { recursive: true });
      const files = (await readdir(src)).filter(
        (n) => !isTempFile(n) && !n.startsWith('checkpoint.') && n !== FILES.result,
      );
      for (const f of files) await copyAtomic(join(src, f), join(dst, f));
      await copyAtomic(join(src, FILES.result), join(dst, FILES.result));
      copied++;
    }
  } catch (e) {
    return E.left(ioError(target, e));
  }
  const summaries: ExperimentSummary[] = [];
  for (const exp of experiments) {
    const meta = metaOf(metas.get(exp)!);
    const merged = [...found.entries()]
      .filter(([rel]) => rel.split(/[\\/]/)[0] === exp)
      .map(([, list]) => list[0]!.result);
    const s = buildSummary(meta, merged);
    const w = await writeSummary(target, s);
    if (E.isLeft(w)) return w;
    summaries.push(s);
  }
  return E.right({ out: target, experiments, copied, identical, summaries });
}
