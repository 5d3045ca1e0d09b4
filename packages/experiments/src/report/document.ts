// The report document (HTML and Markdown) assembled from per-experiment sections. Browser-safe:
// pure string building; files are read and written by write-report.ts.
import type { PointAggregate } from './aggregate.js';
import type { ResolvedClaim } from './claims.js';
import { escapeHtml, escapeMarkdown, formatNumber, plural } from './format.js';
import type { FigureKind } from './kind.js';
import { type MosaicPanel, mosaicHtml, mosaicMarkdown } from './mosaic.js';
import { prefixSvgIds } from './prefix-svg-ids.js';
import { type ExperimentSettings, formatSetting } from './settings.js';
import type { ConfigRecord } from './summary.js';
import { type Table, tableHtml, tableMarkdown } from './table.js';
import { isArray } from './validate.js';
import type { Verdict, VerdictStatus } from './verdict.js';

/** A failed repetition as listed in the report. */
export interface FailureLine {
  readonly label: string;
  readonly rep: number;
  readonly kind: string;
  readonly message: string;
}

/** Everything the report shows about one experiment. */
export interface ExperimentSection {
  readonly experiment: string;
  readonly title: string;
  readonly claim: ResolvedClaim;
  readonly kind: FigureKind;
  readonly verdict: Verdict;
  readonly settings: ExperimentSettings;
  readonly scale?: string;
  /** What the quick scale changes (shown when the scale is quick). */
  readonly quick?: string;
  /** The experiment seed and repetitions per point, from the summary. */
  readonly seed?: number;
  readonly seeds?: number;
  /** The user's `--set` overrides (non-empty). */
  readonly overrides?: ConfigRecord;
  readonly codeVersion?: string;
  readonly points: readonly PointAggregate[];
  /** The figure as SVG text (as written to figure.svg), when the experiment has one. */
  readonly figureSvg?: string;
  /** Mosaic panels, when the experiment has images. */
  readonly mosaic?: readonly MosaicPanel[];
  readonly tables: readonly Table[];
  readonly failures: readonly FailureLine[];
  /** Files written for this experiment, relative to the run directory (for Markdown links). */
  readonly files: { readonly figure?: string; readonly mosaic?: string; readonly table: string };
}

/** Options of {@link reportHtml} and {@link reportMarkdown}. */
export interface DocumentOptions {
  /** The run directory's name, shown in the title. */
  readonly runName: string;
}

const STATUS_TEXT: Readonly<Record<VerdictStatus, string>> = {
  supported: 'supported',
  partly: 'partly supported',
  'not-supported': 'not supported',
  'by-eye': 'judged by eye',
  'not-assessed': 'not assessed',
  'no-data': 'no data',
};

/** The reader's words for a verdict status ("partly supported", "judged by eye", …). */
export function statusText(status: VerdictStatus): string {
  const t = STATUS_TEXT[status];
  if (t === undefined)
    throw new RangeError(`statusText: status must be a VerdictStatus, got ${String(status)}`);
  return t;
}

const STUDY =
  'Code a Deep Neural Network from scratch with numpy — RBM and DBN generation on Binary AlphaDigits, ' +
  'DBN-pretrained vs randomly initialised DNNs on binarised MNIST';

const CSS = `
:root { --fg: #1d1d1f; --muted: #5f6368; --line: #e3e3e3; --ok: #1b7f3b; --part: #a86400; --bad: #b3261e; --eye: #3558a8; }
* { box-sizing: border-box; }
body { font: 16px/1.55 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--fg); margin: 0; background: #fafafa; }
main { max-width: 1000px; margin: 0 auto; padding: 2rem 1.5rem 4rem; background: #fff; }
h1 { font-size: 1.9rem; margin: 0 0 .3rem; } h2 { font-size: 1.45rem; margin: 0 0 .4rem; } h3 { font-size: 1.05rem; margin: 1.2rem 0 .3rem; }
.sub { color: var(--muted); margin: 0 0 1.5rem; }
section.experiment { border-top: 2px solid var(--line); padding-top: 1.6rem; margin-top: 2.4rem; }
blockquote { margin: .3rem 0; padding: .5rem 1rem; border-left: 4px solid var(--line); background: #f6f6f6; }
.badge { display: inline-block; padding: .1rem .6rem; border-radius: 1rem; font-size: .85rem; font-weight: 600; color: #fff; vertical-align: middle; }
.supported { background: var(--ok); } .partly { background: var(--part); } .not-supported { background: var(--bad); }
.by-eye { background: var(--eye); } .not-assessed, .no-data { background: #777; }
.verdict { font-weight: 600; } .rule, .note { color: var(--muted); font-size: .9rem; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .92rem; }
caption { caption-side: top; text-align: left; color: var(--muted); font-size: .88rem; padding-bottom: .3rem; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .7rem; text-align: left; vertical-align: top; }
th { border-bottom: 2px solid #bbb; } .num { text-align: right; font-variant-numeric: tabular-nums; }
dl.settings { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; font-size: .92rem; margin: .3rem 0; }
dl.settings dt { color: var(--muted); } dl.settings dd { margin: 0; font-family: ui-monospace, Menlo, Consolas, monospace; }
figure.chart { margin: 1rem 0; overflow-x: auto; } figure.chart svg { max-width: 100%; height: auto; }
.mosaic { display: flex; flex-wrap: wrap; gap: 1rem; margin: .8rem 0; }
.mosaic figure { margin: 0; } .mosaic img { image-rendering: pixelated; display: block; border: 1px solid #ccc; }
.mosaic figcaption { font-size: .85rem; color: var(--muted); max-width: 20rem; }
.noimage { width: 10rem; height: 8rem; display: flex; align-items: center; justify-content: center; text-align: center;
  border: 2px dashed var(--bad); color: var(--bad); font-size: .85rem; padding: .5rem; }
.failures { border: 2px solid var(--bad); background: #fdf0ef; padding: .6rem 1rem; border-radius: .4rem; margin: 1rem 0; }
.failures h3 { color: var(--bad); margin-top: 0; }
.incomplete { border: 2px solid var(--part); background: #fff6e5; padding: .5rem 1rem; border-radius: .4rem; margin: 1rem 0; }
nav ol { columns: 2; }
`;

function checkSections(
  fn: string,
  sections: readonly ExperimentSection[],
  options: DocumentOptions,
): void {
  if (!isArray(sections))
    throw new TypeError(`${fn}: sections must be an array, got ${typeof sections}`);
  if (typeof options !== 'object' || options === null || typeof options.runName !== 'string') {
    throw new TypeError(`${fn}: options.runName must be a string, got ${String(options)}`);
  }
}

const pointCounts = (
  s: ExperimentSection,
): { ok: number; failed: number; missing: number; points: number } => ({
  ok: s.points.reduce((n, p) => n + p.reps.length, 0),
  failed: s.failures.length,
  missing: s.points.reduce((n, p) => n + p.missing.length, 0),
  points: s.points.length,
});

/** The settings rows of a section: run parameters, then the config shared by every point. */
function settingRows(s: ExperimentSection): [string, string][] {
  const c = pointCounts(s);
  const scale = s.scale ?? 'unrecorded';
  const runs = [
    `${plural(c.ok, 'run')} succeeded`,
    `${c.failed} failed`,
    ...(c.missing > 0 ? [`${c.missing} without a result yet`] : []),
  ].join(', ');
  return [
    ['scale', s.scale === 'quick' && s.quick !== undefined ? `quick — ${s.quick}` : scale],
    ['seeds per point', s.seeds !== undefined ? String(s.seeds) : seedsOf(s)],
    ...(s.seed !== undefined ? [['experiment seed', String(s.seed)] as [string, string]] : []),
    ['points', `${c.points} (${runs})`],
    ...(s.overrides !== undefined
      ? [
          [
            '--set overrides',
            Object.entries(s.overrides)
              .map(([k, v]) => `${k}=${formatSetting(k, v)}`)
              .join(' '),
          ] as [string, string],
        ]
      : []),
    ...s.settings.shared.map(([k, v]) => [k, v] as [string, string]),
    ['varied', s.settings.varied.length === 0 ? '—' : s.settings.varied.join(', ')],
    ['compute time', `${formatNumber(computeSeconds(s))} s (sum over successful runs)`],
    ...(s.codeVersion !== undefined ? [['code version', s.codeVersion] as [string, string]] : []),
  ];
}

function incompleteNote(s: ExperimentSection): string | undefined {
  const c = pointCounts(s);
  if (c.missing === 0) return undefined;
  return `Incomplete: ${plural(c.missing, 'run')} of this sweep ${c.missing === 1 ? 'has' : 'have'} no result yet (not run, or run by another shard); the figures use the results present.`;
}

const anchor = (experiment: string): string => `exp-${experiment.replace(/[^A-Za-z0-9_-]/g, '_')}`;

function seedsOf(s: ExperimentSection): string {
  const counts = s.points.map((p) => p.reps.length + p.failures.length);
  const lo = Math.min(...counts);
  const hi = Math.max(...counts);
  return lo === hi ? String(hi) : `${lo}–${hi}`;
}

function computeSeconds(s: ExperimentSection): number {
  return s.points.reduce((t, p) => t + p.reps.reduce((u, r) => u + (r.seconds ?? 0), 0), 0);
}

function scalesOf(sections: readonly ExperimentSection[]): string {
  const scales = [...new Set(sections.map((s) => s.scale ?? 'unrecorded'))];
  return scales.join(', ');
}

function htmlSection(s: ExperimentSection): string {
  const v = s.verdict;
  const claimRef = s.claim.ref === '' ? 'Study' : `Study — ${s.claim.ref}`;
  const claimSource =
    s.claim.source === 'claims-table'
      ? '<p class="note">Claim taken from the report’s claims table (summary.json carries none).</p>'
      : '';
  const facts = v.facts.map((f) => `<li>${escapeHtml(f)}</li>`).join('');
  const settings = settingRows(s)
    .map(([k, val]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(val)}</dd>`)
    .join('');
  const incomplete = incompleteNote(s);
  const figure =
    s.figureSvg === undefined
      ? ''
      : `<h3>Figure</h3><figure class="chart">${prefixSvgIds(stripXmlDecl(s.figureSvg), anchor(s.experiment))}</figure>`;
  const mosaic =
    s.mosaic === undefined || s.mosaic.length === 0
      ? ''
      : `<h3>Generated images</h3><p class="note">One panel per point, lettered in reading order; white = 1.</p>${mosaicHtml(s.mosaic)}`;
  const tables = s.tables.map(tableHtml).join('\n');
  const failures =
    s.failures.length === 0
      ? ''
      : `<div class="failures"><h3>${plural(s.failures.length, 'failed run')}</h3><ul>${s.failures
          .map(
            (f) =>
              `<li><strong>${escapeHtml(f.label)}</strong> (rep ${f.rep}): ${escapeHtml(f.kind)} — ${escapeHtml(f.message)}</li>`,
          )
          .join('')}</ul></div>`;
  return `<section class="experiment" id="${anchor(s.experiment)}">
<h2>${escapeHtml(s.experiment)} — ${escapeHtml(s.title)} <span class="badge ${v.status}">${escapeHtml(statusText(v.status))}</span></h2>
${failures}
${incomplete === undefined ? '' : `<div class="incomplete">${escapeHtml(incomplete)}</div>`}
<h3>${escapeHtml(claimRef)}</h3>
<blockquote class="claim">${escapeHtml(s.claim.claim)}</blockquote>
${claimSource}
<h3>Measured</h3>
<p class="verdict">${escapeHtml(v.summary)}</p>
${facts === '' ? '' : `<ul class="facts">${facts}</ul>`}
<p class="rule">Rule: ${escapeHtml(v.rule)}</p>
<h3>Settings</h3>
<dl class="settings">${settings}</dl>
${figure}
${mosaic}
<h3>Measurements</h3>
${tables}
</section>`;
}

function stripXmlDecl(svg: string): string {
  return svg.replace(/^\s*<\?xml[^>]*\?>\s*/, '');
}

/**
 * The self-contained HTML report: inline CSS, charts as inline SVG (ids prefixed per
 * experiment), images as `data:` URIs, no scripts and no external references — it opens from
 * disk. An introduction and an overview table (one line per experiment with its verdict) come
 * first, then one section per experiment: failures (prominent), the study's claim, the measured
 * verdict line with its facts and rule, the settings, the figure, the mosaic and the tables.
 */
export function reportHtml(
  sections: readonly ExperimentSection[],
  options: DocumentOptions,
): string {
  checkSections('reportHtml', sections, options);
  const overview = sections
    .map((s) => {
      const c = pointCounts(s);
      const failed =
        (c.failed > 0 ? ` <strong style="color:var(--bad)">(${c.failed} failed)</strong>` : '') +
        (c.missing > 0 ? ` <strong style="color:var(--part)">(${c.missing} missing)</strong>` : '');
      return `<tr><td><a href="#${anchor(s.experiment)}">${escapeHtml(s.experiment)}</a></td><td>${escapeHtml(s.title)}</td><td class="num">${c.points}${failed}</td><td><span class="badge ${s.verdict.status}">${escapeHtml(statusText(s.verdict.status))}</span></td><td>${escapeHtml(s.verdict.summary)}</td></tr>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dbn reproduction report — ${escapeHtml(options.runName)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>Reproduction report</h1>
<p class="sub">Run <code>${escapeHtml(options.runName)}</code> · ${plural(sections.length, 'experiment')} · scale: ${escapeHtml(scalesOf(sections))}</p>
<p>This report sets the claims of the study <em>${escapeHtml(STUDY)}</em> against what this run measured.
Each experiment below gives the study’s claim, our measured figures, a one-line verdict computed from those figures by the rule stated under it,
the settings used, and the chart, generated images and tables. Every number comes from this run’s <code>summary.json</code> files,
except the study’s own printed values, which are labelled “study”. Where the study judged images by eye and nothing was measured, so does this report: no verdict is invented. Where points measured their samples’ recognisability or their log-likelihood, the numbers are shown under their images, and the capacity and likelihood experiments get verdicts by the criteria stated with them.</p>
<p class="note">Verdicts: <span class="badge supported">supported</span> every checked part holds ·
<span class="badge partly">partly supported</span> some parts hold ·
<span class="badge not-supported">not supported</span> none holds ·
<span class="badge by-eye">judged by eye</span> no metric, look at the images ·
<span class="badge no-data">no data</span> not enough successful runs. Quick-scale runs use fewer epochs and examples than the study, so their numbers differ from the study’s.</p>
<h2>Overview</h2>
<table><thead><tr><th>Experiment</th><th>Title</th><th class="num">Points</th><th>Verdict</th><th>Measured</th></tr></thead>
<tbody>
${overview}
</tbody></table>
${sections.map(htmlSection).join('\n')}
</main>
</body>
</html>
`;
}

function mdSection(s: ExperimentSection): string {
  const v = s.verdict;
  const lines: string[] = [];
  lines.push(`## ${escapeMarkdown(s.experiment)} — ${escapeMarkdown(s.title)}`, '');
  lines.push(`**Verdict: ${statusText(v.status)}**`, '');
  if (s.failures.length > 0) {
    lines.push(`> **${plural(s.failures.length, 'failed run')}:**`);
    for (const f of s.failures) {
      lines.push(
        `> - ${escapeMarkdown(f.label)} (rep ${f.rep}): ${escapeMarkdown(f.kind)} — ${escapeMarkdown(f.message)}`,
      );
    }
    lines.push('');
  }
  lines.push(
    `**${escapeMarkdown(s.claim.ref === '' ? 'Study' : `Study — ${s.claim.ref}`)}:** ${escapeMarkdown(s.claim.claim)}`,
    '',
  );
  if (s.claim.source === 'claims-table')
    lines.push('*Claim taken from the report’s claims table.*', '');
  lines.push(`**Measured:** ${escapeMarkdown(v.summary)}`, '');
  for (const f of v.facts) lines.push(`- ${escapeMarkdown(f)}`);
  if (v.facts.length > 0) lines.push('');
  lines.push(`*Rule: ${escapeMarkdown(v.rule)}*`, '');
  const settings = settingRows(s)
    .map(([k, val]) => `${k}: ${val}`)
    .join('; ');
  lines.push(`**Settings:** ${escapeMarkdown(settings)}.`, '');
  const incomplete = incompleteNote(s);
  if (incomplete !== undefined) lines.push(`> **${escapeMarkdown(incomplete)}**`, '');
  if (s.files.figure !== undefined)
    lines.push(`![${escapeMarkdown(s.experiment)} figure](${s.files.figure})`, '');
  if (s.mosaic !== undefined && s.mosaic.length > 0 && s.files.mosaic !== undefined) {
    lines.push(mosaicMarkdown(s.mosaic, s.files.mosaic));
  }
  for (const t of s.tables) lines.push(tableMarkdown(t));
  return lines.join('\n');
}

/**
 * The Markdown report: the same content as {@link reportHtml} with images linked relatively
 * (`<experiment>/figure.svg`, `<experiment>/mosaic.png`), for a report.md in the run directory.
 */
export function reportMarkdown(
  sections: readonly ExperimentSection[],
  options: DocumentOptions,
): string {
  checkSections('reportMarkdown', sections, options);
  const head = [
    '# Reproduction report',
    '',
    `Run \`${options.runName}\` · ${plural(sections.length, 'experiment')} · scale: ${escapeMarkdown(scalesOf(sections))}`,
    '',
    `This report sets the claims of the study *${escapeMarkdown(STUDY)}* against what this run measured: per experiment, ` +
      'the study’s claim, our measured figures, a verdict computed by the stated rule, the settings, and the chart, images and tables. ' +
      'Every number comes from this run’s summary.json files, except the study’s own printed values (labelled “study”). ' +
      'Measured recognisability and log-likelihood are shown under the images; the capacity and likelihood experiments are judged by the criteria stated with them.',
    '',
    '| Experiment | Title | Points | Verdict | Measured |',
    '| --- | --- | ---: | --- | --- |',
    ...sections.map((s) => {
      const c = pointCounts(s);
      const failed = `${c.failed > 0 ? ` (**${c.failed} failed**)` : ''}${c.missing > 0 ? ` (**${c.missing} missing**)` : ''}`;
      return `| ${escapeMarkdown(s.experiment)} | ${escapeMarkdown(s.title)} | ${c.points}${failed} | ${statusText(s.verdict.status)} | ${escapeMarkdown(s.verdict.summary)} |`;
    }),
    '',
  ];
  return `${[...head, ...sections.map(mdSection)].join('\n')}\n`;
}
