// A result's metrics and config as rows of text for the point page, the compare view and the
// experiment page's mosaic captions. Pure (no DOM).
import { formatNumber, formatPercent } from '@dbn/experiments/report/browser';
import { isObject, type Json } from './dom.js';

/** Metrics drawn elsewhere on the page (charts, tables, images), left out of the rows. */
const DRAWN = new Set(['history', 'pretrainHistory', 'binarisation', 'confusion', 'misclassified']);

/** A value as table text: strings as they are, numbers with up to 6 significant digits, else JSON. */
export function valueText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number')
    return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  return JSON.stringify(v) ?? String(v);
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/**
 * `metrics.quality` (issue #7) as rows: recognised fraction, coverage of the trained classes,
 * e^H effective classes, τ, samples scored and the classifier; none when absent or malformed.
 */
export function qualityEntries(quality: unknown): [string, string][] {
  if (!isObject(quality)) return [];
  const recognised = num(quality.recognised);
  const coverage = num(quality.coverage);
  const classes = num(quality.classes);
  const H = num(quality.coverageEntropy);
  const c = isObject(quality.classifier) ? quality.classifier : {};
  const acc = num(c.heldOutAccuracy);
  const rows: [string, string | undefined][] = [
    ['quality: recognised', recognised === undefined ? undefined : formatPercent(recognised, 1)],
    [
      'quality: coverage',
      coverage === undefined ? undefined : `${coverage} / ${classes ?? '?'} classes`,
    ],
    ['quality: effective classes e^H', H === undefined ? undefined : formatNumber(Math.exp(H))],
    ['quality: τ', num(quality.tau) === undefined ? undefined : valueText(quality.tau)],
    [
      'quality: samples',
      num(quality.samples) === undefined ? undefined : valueText(quality.samples),
    ],
    [
      'quality: classifier',
      typeof c.dataset === 'string'
        ? `${c.dataset}, ${valueText(c.classes)} classes, held-out accuracy ${acc === undefined ? '?' : formatPercent(acc, 1)}${typeof c.id === 'string' ? `, id ${c.id.slice(0, 12)}` : ''}`
        : undefined,
    ],
  ];
  return rows.filter((r): r is [string, string] => r[1] !== undefined);
}

/**
 * `metrics.likelihood` (issue #7) as rows: mean log p(v) per image with its method and set,
 * and log Z with its ±3σ interval; none when absent or malformed.
 */
export function likelihoodEntries(likelihood: unknown): [string, string][] {
  if (!isObject(likelihood)) return [];
  const ll = num(likelihood.meanLogLikelihood);
  const logZ = num(likelihood.logZ);
  const lo = num(likelihood.logZLow);
  const hi = num(likelihood.logZHigh);
  const method = typeof likelihood.method === 'string' ? likelihood.method : '?';
  const rows: [string, string | undefined][] = [
    [
      method === 'dbn-bound' ? 'likelihood: mean log p(v) ≥' : 'likelihood: mean log p(v)',
      ll === undefined
        ? undefined
        : `${formatNumber(ll)} nats/image (${method}, ${valueText(likelihood.images)} ${valueText(likelihood.set)} images)`,
    ],
    [
      'likelihood: log Z',
      logZ === undefined
        ? undefined
        : `${formatNumber(logZ)}${lo !== undefined && hi !== undefined && method !== 'exact' ? ` (±3σ: ${formatNumber(lo)} … ${formatNumber(hi)})` : ''}`,
    ],
    [
      'likelihood: AIS runs × betas',
      method === 'ais'
        ? `${valueText(likelihood.runs)} × ${valueText(likelihood.betas)}`
        : undefined,
    ],
  ];
  return rows.filter((r): r is [string, string] => r[1] !== undefined);
}

/**
 * The rows of a result's metrics: every scalar (and small array) metric by name, then quality
 * and likelihood formatted; histories, confusion, misclassified and binarisation are left out
 * (they are drawn).
 */
export function metricEntries(metrics: unknown): [string, string][] {
  if (!isObject(metrics)) return [];
  const rows: [string, string][] = [];
  for (const [k, v] of Object.entries(metrics)) {
    if (DRAWN.has(k) || k === 'quality' || k === 'likelihood') continue;
    if (k === 'error' && isObject(v))
      rows.push([k, `${valueText(v.kind)}: ${valueText(v.message)}`]);
    else if (Array.isArray(v)) rows.push([k, v.map(valueText).join(', ')]);
    else rows.push([k, valueText(v)]);
  }
  return [...rows, ...qualityEntries(metrics.quality), ...likelihoodEntries(metrics.likelihood)];
}

/**
 * The quality lines under one repetition's mosaic tile (the report's `qualityCaption` gives the
 * means over a point's seeds; a tile is one rep, with log Z's ±3σ interval): "recognised 83.0 % · coverage 9 / 10" and
 * "log p(v) −123 nats (ais; log Z 95.1 ± …)"; empty when the result has neither.
 */
export function repQualityLines(metrics: unknown): string[] {
  if (!isObject(metrics)) return [];
  const lines: string[] = [];
  const q = metrics.quality;
  if (isObject(q) && typeof q.recognised === 'number')
    lines.push(
      `recognised ${formatPercent(q.recognised, 1)}${typeof q.coverage === 'number' ? ` · coverage ${q.coverage} / ${valueText(q.classes)}` : ''}`,
    );
  const l = metrics.likelihood;
  if (isObject(l) && typeof l.meanLogLikelihood === 'number') {
    const interval =
      typeof l.logZLow === 'number' && typeof l.logZHigh === 'number' && l.method !== 'exact'
        ? `, log Z ∈ [${formatNumber(l.logZLow)}, ${formatNumber(l.logZHigh)}]`
        : '';
    lines.push(
      `log p(v) ${l.method === 'dbn-bound' ? '≥ ' : ''}${formatNumber(l.meanLogLikelihood)} nats (${valueText(l.method)}${interval})`,
    );
  }
  return lines;
}

/** One row of a side-by-side table: name, each side's text ('' when absent), and whether they differ. */
export interface CompareRow {
  readonly name: string;
  readonly a: string;
  readonly b: string;
  readonly differs: boolean;
}

/** Rows of two entry lists aligned by name (a's order, then b's extra names). */
export function compareRows(
  a: readonly [string, string][],
  b: readonly [string, string][],
): CompareRow[] {
  const ma = new Map(a);
  const mb = new Map(b);
  const names = [...ma.keys(), ...[...mb.keys()].filter((k) => !ma.has(k))];
  return names.map((name) => {
    const x = ma.get(name) ?? '';
    const y = mb.get(name) ?? '';
    return { name, a: x, b: y, differs: x !== y };
  });
}

/** A config as rows (every field, values as text). */
export function configEntries(config: unknown): [string, string][] {
  return isObject(config) ? Object.entries(config).map(([k, v]) => [k, valueText(v)]) : [];
}

/**
 * The default partner of a point in the compare view: the result of another point of the same
 * experiment whose config differs in the fewest fields, a difference in `pretrain` alone first
 * (fig9: the same depth, the other initialisation), then the same rep, then the earliest;
 * undefined when the experiment has no other point with a result.
 */
export function suggestPartner(
  results: readonly Json[],
  pointId: string,
  rep: number,
): Json | undefined {
  const self = results.find((r) => r.pointId === pointId && r.rep === rep);
  if (self === undefined) return undefined;
  const mine = new Map(configEntries(self.config));
  let best: Json | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const r of results) {
    if (r.pointId === pointId) continue;
    const other = new Map(configEntries(r.config));
    const keys = new Set([...mine.keys(), ...other.keys()]);
    const differ = [...keys].filter((k) => mine.get(k) !== other.get(k));
    // Ties go to a pretrain flip (the study's contrast in fig9–fig11), then to the same rep.
    const d = differ.length === 1 && differ[0] === 'pretrain' ? 0.5 : differ.length;
    const score = d * 1000 + (r.rep === rep ? 0 : 1);
    if (score < bestScore) {
      bestScore = score;
      best = r;
    }
  }
  return best;
}
