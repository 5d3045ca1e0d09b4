// The runs index (GET api/runs, served by `dbn view`): every experiment directory with its
// summary and the result.json files present now, parsed with the report's own parser.
import { parseSummary, type ReportSummary } from '@dbn/experiments/report/browser';
import { isObject, type Json, type PointRef } from './dom.js';

/** One experiment directory of the index. */
export interface Loaded {
  /** Relative to the runs directory, e.g. `fig2` or `run-a/fig9`. */
  readonly dir: string;
  /** summary.json with `results` and `missing` as the server recomputed them. */
  readonly raw: Json;
  readonly summary?: ReportSummary;
  /** Why the summary could not be parsed (then `summary` is absent). */
  readonly error?: string;
  /** Set when the summary's figure kind is unknown to this viewer: it was ignored. */
  readonly figureNote?: string;
}

/** The parsed index and its body text (to tell whether a later poll changed anything). */
export interface RunsIndex {
  readonly experiments: readonly Loaded[];
  readonly text: string;
}

/**
 * Parses one index entry with the report's parseSummary. A figure the parser does not know (a
 * kind added after this viewer was built) does not hide the experiment: it is parsed again
 * without `figure` (the page then shows its mosaics and metrics table) and `figureNote` says so.
 */
export function loadEntry(dir: string, experiment: string, raw: Json): Loaded {
  const source = { path: `${dir}/summary.json`, experiment };
  const parsed = parseSummary(raw, source);
  if (parsed._tag === 'Right') return { dir, raw, summary: parsed.right };
  if (parsed.left.at.startsWith('figure')) {
    const { figure, ...rest } = raw;
    const again = parseSummary(rest, source);
    if (again._tag === 'Right')
      return {
        dir,
        raw,
        summary: again.right,
        figureNote: `figure ${JSON.stringify(figure)} is not known to this viewer: ${parsed.left.message}`,
      };
  }
  return { dir, raw, error: parsed.left.message };
}

/** GET api/runs, parsed. */
export async function fetchIndex(): Promise<RunsIndex> {
  const res = await fetch('api/runs', { cache: 'no-store' });
  if (!res.ok) throw new Error(`GET api/runs: ${res.status}`);
  const text = await res.text();
  const body = JSON.parse(text) as {
    experiments: { dir: string; experiment: string; summary: Json }[];
  };
  return {
    text,
    experiments: body.experiments.map((e) => loadEntry(e.dir, e.experiment, e.summary)),
  };
}

/** The raw result.json objects of an experiment, as the server listed them. */
export function rawResults(l: Loaded): Json[] {
  return Array.isArray(l.raw.results) ? l.raw.results.filter(isObject) : [];
}

/** One point repetition's result.json, found by directory, point id and rep. */
export function findResult(all: readonly Loaded[], ref: PointRef): Json | undefined {
  const l = all.find((e) => e.dir === ref.dir);
  return l === undefined
    ? undefined
    : rawResults(l).find((r) => r.pointId === ref.pointId && r.rep === ref.rep);
}

/**
 * Whether an experiment may still change: its summary is not marked complete, or the server
 * found point repetitions without a result.json.
 */
export function inProgress(raw: Json): boolean {
  return raw.complete !== true || (Array.isArray(raw.missing) && raw.missing.length > 0);
}
