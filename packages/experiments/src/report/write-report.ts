// writeReport: reads a run directory's summaries, writes each experiment's figure.svg,
// mosaic.png and table.md, then report.html and report.md (Node only; every file atomically).
import { access, readdir, readFile, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { decodePng, encodePng } from '@dbn/datasets';
import { writeFileAtomic } from '@dbn/datasets/node';
import * as E from 'fp-ts/lib/Either.js';
import { aggregatePoints, type PointAggregate } from './aggregate.js';
import { figureSpec } from './charts.js';
import { claimFor } from './claims.js';
import {
  type ExperimentSection,
  type FailureLine,
  reportHtml,
  reportMarkdown,
} from './document.js';
import type { ReportError } from './errors.js';
import { formatNumber } from './format.js';
import { compareExperiments, type FigureKind, figureKind } from './kind.js';
import { composeMosaic, type MosaicPanel } from './mosaic.js';
import { qualityCaption } from './quality-caption.js';
import { readReportSummary } from './read-summary.js';
import { renderSvg } from './render-svg.js';
import { experimentSettings } from './settings.js';
import type { ReportResult, ReportSummary, StudyReference } from './summary.js';
import { sweepAxisFor } from './sweep.js';
import {
  capacityTable,
  likelihoodTable,
  metricsTable,
  type Table,
  table1,
  tableMarkdown,
} from './table.js';
import { verdictFor } from './verdict.js';

/** Options of {@link writeReport}. */
export interface WriteReportOptions {
  /** The run directory (`<out>` of docs/0002-experiments.md). */
  readonly runDir: string;
  /**
   * Experiments to report, by name; each must have a summary.json (else a Left naming it).
   * Default: every subdirectory of `runDir` holding a summary.json. Reported in the study's
   * order whatever the order given.
   */
  readonly experiments?: readonly string[];
}

/** The two report files written. */
export interface WrittenReport {
  readonly html: string;
  readonly md: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const enc = new TextEncoder();

const exists = async (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

async function discover(runDir: string): Promise<E.Either<ReportError, string[]>> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(runDir, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = e instanceof Error ? e.message : String(e);
    return E.left(
      code === 'ENOENT' || code === 'ENOTDIR'
        ? { _tag: 'NotFound', path: runDir, message: `${runDir}: no such run directory` }
        : { _tag: 'IoError', path: runDir, message: `${runDir}: cannot list: ${why}` },
    );
  }
  const names: string[] = [];
  for (const d of entries) {
    if (
      d.isDirectory() &&
      NAME.test(d.name) &&
      (await exists(join(runDir, d.name, 'summary.json')))
    ) {
      names.push(d.name);
    }
  }
  if (names.length === 0) {
    return E.left({
      _tag: 'NotFound',
      path: runDir,
      message: `${runDir}: no experiment with a summary.json (expected <runDir>/<experiment>/summary.json)`,
    });
  }
  return E.right(names.sort(compareExperiments));
}

/**
 * The samples.png of a repetition: its `artifacts.samples` (a file name relative to the rep
 * directory, as the contract says; an absolute path is used as is), else `samples.png` there.
 */
function samplesPath(runDir: string, r: ReportResult): string {
  const name = r.artifacts.samples ?? 'samples.png';
  return isAbsolute(name) ? name : join(runDir, r.experiment, r.pointId, `rep-${r.rep}`, name);
}

async function readPanelImage(path: string): Promise<Pick<MosaicPanel, 'image' | 'note'>> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch {
    return { note: `${basename(path)} missing` };
  }
  const png = decodePng(bytes);
  if (E.isLeft(png)) return { note: `${basename(path)} unreadable: ${png.left.message}` };
  return { image: png.right };
}

/**
 * One panel per point: the samples.png of its first successful repetition, captioned by
 * `caption`; a point without a successful repetition gets an image-less panel saying why
 * (failed, or no result yet), as does one whose samples.png is missing or unreadable.
 * Undefined when no successful repetition of the experiment has a samples.png.
 */
async function mosaicPanels(
  runDir: string,
  points: readonly PointAggregate[],
  caption: (p: PointAggregate) => string,
): Promise<MosaicPanel[] | undefined> {
  const found = await Promise.all(
    points.map(async (p) => {
      const rep = p.reps[0];
      return rep !== undefined && (await exists(samplesPath(runDir, rep)));
    }),
  );
  if (!found.some((f) => f)) return undefined;
  const panels: MosaicPanel[] = [];
  for (const p of points) {
    const rep = p.reps[0];
    if (rep === undefined) {
      const f = p.failures[0]?.metrics.error;
      panels.push({
        label: p.label,
        note: f === undefined ? 'no result yet' : `failed: ${f.kind}`,
      });
    } else {
      panels.push({ label: caption(p), ...(await readPanelImage(samplesPath(runDir, rep))) });
    }
  }
  return panels;
}

function tablesOf(
  kind: FigureKind,
  title: string,
  points: readonly PointAggregate[],
  reference: StudyReference | undefined,
): Table[] {
  const metrics = metricsTable(
    points,
    `${title} — measured per point (means over successful seeds).`,
    reference,
  );
  switch (kind) {
    case 'best-configuration':
      return [table1(points), metrics];
    case 'capacity':
      return [
        capacityTable(
          points,
          `${title} — quality per number of characters (means over seeds ± sample sd) and the capacity criterion.`,
        ),
        metrics,
      ];
    case 'likelihood':
      return [
        likelihoodTable(
          points,
          `${title} — test log-likelihood per image (means over seeds ± sample sd; AIS ±3σ interval of log Z) beside published values.`,
          reference,
        ),
        metrics,
      ];
    default:
      return [metrics];
  }
}

function failureLines(points: readonly PointAggregate[]): FailureLine[] {
  return points.flatMap((p) =>
    p.failures.map((f) => ({
      label: p.label,
      rep: f.rep,
      kind: f.metrics.error!.kind,
      message: f.metrics.error!.message,
    })),
  );
}

async function write(path: string, bytes: Uint8Array): Promise<E.Either<ReportError, string>> {
  return writeFileAtomic(path, bytes);
}

async function experimentSection(
  runDir: string,
  summary: ReportSummary,
): Promise<E.Either<ReportError, ExperimentSection>> {
  const name = summary.experiment;
  const expDir = join(runDir, name);
  const points = aggregatePoints(summary.results, {
    ...(summary.points !== undefined ? { points: summary.points } : {}),
    missing: summary.missing,
  });
  const kind = figureKind(name, points, summary.figure);
  const axis = sweepAxisFor(kind, summary.figure);
  const reference = summary.study?.reference;
  const title = summary.title ?? name;
  const tables = tablesOf(kind, title, points, reference);
  const files: { figure?: string; mosaic?: string; table: string } = { table: `${name}/table.md` };

  let figureSvg: string | undefined;
  const spec = figureSpec(kind, points, title, {
    ...(axis !== undefined ? { axis } : {}),
    ...(reference !== undefined ? { reference } : {}),
  });
  if (spec !== undefined) {
    try {
      figureSvg = await renderSvg(spec);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      return E.left({
        _tag: 'RenderError',
        experiment: name,
        message: `${name}: figure could not be rendered: ${why}`,
      });
    }
    const w = await write(join(expDir, 'figure.svg'), enc.encode(figureSvg));
    if (E.isLeft(w)) return w;
    files.figure = `${name}/figure.svg`;
  }

  // Figure 3 captions each panel with its final reconstruction error, as the study does.
  const withError =
    summary.figure?.kind === 'mosaic' && summary.figure.caption === 'reconstructionError';
  // Points measured for issue #7 add their recognised fraction, coverage and log-likelihood.
  const caption = (p: PointAggregate): string => {
    const quality = qualityCaption(p);
    const label = quality === undefined ? p.label : `${p.label} · ${quality}`;
    if (!withError || p.reconstructionError === undefined) return label;
    const study =
      reference?.metric === 'reconstructionError' && Object.hasOwn(reference.values, p.pointId)
        ? ` (study ${formatNumber(reference.values[p.pointId]!)})`
        : '';
    return `${label}: error ${formatNumber(p.reconstructionError.mean)}${study}`;
  };
  const panels = await mosaicPanels(runDir, points, caption);
  if (panels !== undefined) {
    const w = await write(join(expDir, 'mosaic.png'), encodePng(composeMosaic(panels)));
    if (E.isLeft(w)) return w;
    files.mosaic = `${name}/mosaic.png`;
  }

  const tableMd = `# ${name} — ${title}\n\n${tables.map(tableMarkdown).join('\n')}`;
  const w = await write(join(expDir, 'table.md'), enc.encode(tableMd));
  if (E.isLeft(w)) return w;

  return E.right({
    experiment: name,
    title,
    claim: claimFor(summary),
    kind,
    verdict: verdictFor(name, kind, points, {
      ...(axis !== undefined ? { axis } : {}),
      ...(reference !== undefined ? { reference } : {}),
    }),
    settings: experimentSettings(points),
    points,
    tables,
    failures: failureLines(points),
    files,
    ...(summary.scale !== undefined ? { scale: summary.scale } : {}),
    ...(summary.quick !== undefined ? { quick: summary.quick } : {}),
    ...(summary.seed !== undefined ? { seed: summary.seed } : {}),
    ...(summary.seeds !== undefined ? { seeds: summary.seeds } : {}),
    ...(summary.overrides !== undefined && Object.keys(summary.overrides).length > 0
      ? { overrides: summary.overrides }
      : {}),
    ...(summary.codeVersion !== undefined ? { codeVersion: summary.codeVersion } : {}),
    ...(figureSvg !== undefined ? { figureSvg } : {}),
    ...(panels !== undefined ? { mosaic: panels } : {}),
  });
}

/**
 * Writes the report of a run directory. Reads `<runDir>/<experiment>/summary.json` for each
 * experiment (all present by default, or those named), writes per experiment `figure.svg` (when
 * it has a chart), `mosaic.png` (when its points have images) and `table.md`, then
 * `<runDir>/report.html` (self-contained) and `<runDir>/report.md` (relative links); each file
 * is written to a temp file and renamed. A missing run directory, a requested experiment
 * without summary.json, or a summary.json that is not JSON or off the contract is a Left naming
 * the file, and nothing of the report is written; a chart that does not render (`RenderError`) or
 * a failed write (`IoError`) stops the report there, files already written being complete.
 * Failed points and points without results never make a Left: they are shown in the report.
 */
export async function writeReport(
  options: WriteReportOptions,
): Promise<E.Either<ReportError, WrittenReport>> {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(
      `writeReport: options must be { runDir, experiments? }, got ${String(options)}`,
    );
  }
  const { runDir: dir, experiments } = options;
  if (typeof dir !== 'string' || dir === '') {
    throw new TypeError(`writeReport: runDir must be a non-empty string, got ${String(dir)}`);
  }
  if (experiments !== undefined) {
    if (!Array.isArray(experiments) || experiments.length === 0) {
      throw new RangeError(
        `writeReport: experiments must be a non-empty array of names, got ${String(experiments)}`,
      );
    }
    experiments.forEach((x, i) => {
      if (typeof x !== 'string' || !NAME.test(x)) {
        throw new RangeError(
          `writeReport: experiments[${i}] must be a name like "fig9", got ${JSON.stringify(x)}`,
        );
      }
    });
  }
  const runDir = resolve(dir);
  const isDir = await stat(runDir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir)
    return E.left({ _tag: 'NotFound', path: runDir, message: `${runDir}: no such run directory` });

  let names: string[];
  if (experiments === undefined) {
    const found = await discover(runDir);
    if (E.isLeft(found)) return found;
    names = found.right;
  } else names = [...new Set(experiments)].sort(compareExperiments);

  // Read and check every summary before writing anything.
  const summaries: ReportSummary[] = [];
  for (const name of names) {
    const s = await readReportSummary(runDir, name);
    if (E.isLeft(s)) return s;
    summaries.push(s.right);
  }

  const sections: ExperimentSection[] = [];
  for (const summary of summaries) {
    const section = await experimentSection(runDir, summary);
    if (E.isLeft(section)) return section;
    sections.push(section.right);
  }

  const doc = { runName: basename(runDir) };
  const html = join(runDir, 'report.html');
  const md = join(runDir, 'report.md');
  const wh = await write(html, enc.encode(reportHtml(sections, doc)));
  if (E.isLeft(wh)) return wh;
  const wm = await write(md, enc.encode(reportMarkdown(sections, doc)));
  if (E.isLeft(wm)) return wm;
  return E.right({ html, md });
}
