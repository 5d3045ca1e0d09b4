// Tables of measured figures (Table 1, per-experiment metrics) in Markdown and HTML. Browser-safe.
import { architectureLabel, hiddenLayers, isPretrained, type PointAggregate } from './aggregate.js';
import { capacityRows } from './capacity.js';
import { escapeHtml, escapeMarkdown, formatNumber } from './format.js';
import { likelihoodInterval, nats, trainerLabel } from './likelihood.js';
import { describeValues, type Stat } from './stats.js';
import type { StudyReference } from './summary.js';
import { isArray } from './validate.js';

/** A column of a {@link Table}. */
export interface TableColumn {
  readonly title: string;
  /** Numbers are right-aligned (default left). */
  readonly align?: 'left' | 'right';
}

/** A cell: its text, and for a measured number the full-precision value behind the text. */
export interface TableCell {
  readonly text: string;
  /** The measured value (written as `data-value` in HTML so that readers and tests can parse it). */
  readonly value?: number;
  /** Emphasised (the best row of Table 1). */
  readonly strong?: boolean;
}

/** A table of text cells, rendered by {@link tableMarkdown} and {@link tableHtml}. */
export interface Table {
  readonly caption: string;
  readonly columns: readonly TableColumn[];
  readonly rows: readonly (readonly TableCell[])[];
}

function checkTable(fn: string, table: Table): void {
  if (
    typeof table !== 'object' ||
    table === null ||
    !isArray(table.columns) ||
    !isArray(table.rows)
  ) {
    throw new TypeError(`${fn}: table must be { caption, columns, rows }, got ${String(table)}`);
  }
  table.rows.forEach((row, i) => {
    if (!isArray(row) || row.length !== table.columns.length) {
      throw new RangeError(
        `${fn}: table.rows[${i}] must have ${table.columns.length} cells, got ${isArray(row) ? row.length : String(row)}`,
      );
    }
  });
}

/** A GitHub-flavoured Markdown table preceded by its caption in italics; cells are escaped. */
export function tableMarkdown(table: Table): string {
  checkTable('tableMarkdown', table);
  const cell = (c: TableCell): string => {
    const t = escapeMarkdown(c.text);
    return c.strong === true ? `**${t}**` : t;
  };
  const head = `| ${table.columns.map((c) => escapeMarkdown(c.title)).join(' | ')} |`;
  const rule = `| ${table.columns.map((c) => (c.align === 'right' ? '---:' : '---')).join(' | ')} |`;
  const body = table.rows.map((r) => `| ${r.map(cell).join(' | ')} |`);
  const caption = table.caption === '' ? '' : `*${escapeMarkdown(table.caption)}*\n\n`;
  return `${caption}${[head, rule, ...body].join('\n')}\n`;
}

/**
 * An HTML `<table>` with a `<caption>`; numeric cells carry `data-value` (the unrounded measured
 * value) and right alignment; all text is escaped.
 */
export function tableHtml(table: Table): string {
  checkTable('tableHtml', table);
  const cls = (c: TableColumn): string => (c.align === 'right' ? ' class="num"' : '');
  const head = table.columns.map((c) => `<th${cls(c)}>${escapeHtml(c.title)}</th>`).join('');
  const body = table.rows
    .map((r) => {
      const cells = r.map((c, i) => {
        const value = c.value === undefined ? '' : ` data-value="${c.value}"`;
        const text =
          c.strong === true ? `<strong>${escapeHtml(c.text)}</strong>` : escapeHtml(c.text);
        return `<td${cls(table.columns[i]!)}${value}>${text}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  const caption = table.caption === '' ? '' : `<caption>${escapeHtml(table.caption)}</caption>`;
  return `<table>${caption}<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
}

const EMPTY: TableCell = { text: '—' };

function statCell(s: Stat | undefined, scale: number, format: (v: number) => string): TableCell {
  if (s === undefined) return EMPTY;
  const mean = s.mean * scale;
  const text = s.n > 1 ? `${format(mean)} ± ${format(s.sd * scale)}` : format(mean);
  return { text, value: mean };
}

const pctText = (v: number): string => v.toFixed(2);

/**
 * The study's Table 1 from measured points: configuration ("4 × 400"), mean test error (%) over
 * seeds (± sample sd when several), pretrained (yes/no), plus a seeds column when any point has
 * more than one; the lowest error is bold. Points without a test error are listed with "—".
 */
export function table1(points: readonly PointAggregate[]): Table {
  if (!isArray(points))
    throw new TypeError(`table1: points must be an array, got ${typeof points}`);
  const rated = points.filter((p) => p.testErrorRate !== undefined);
  const best =
    rated.length === 0
      ? undefined
      : rated.reduce((a, b) => (b.testErrorRate!.mean < a.testErrorRate!.mean ? b : a));
  const seeds = points.some((p) => (p.testErrorRate?.n ?? 0) > 1);
  const columns: TableColumn[] = [
    { title: 'Configuration' },
    { title: 'Test error (%)', align: 'right' },
    { title: 'Pretrained' },
    ...(seeds ? [{ title: 'Seeds', align: 'right' as const }] : []),
  ];
  const rows = points.map((p) => {
    const strong = p === best;
    const hidden = hiddenLayers(p.config);
    const err = statCell(p.testErrorRate, 100, pctText);
    return [
      { text: hidden === undefined ? p.label : architectureLabel(hidden), strong },
      { ...err, strong },
      { text: isPretrained(p.config) ? 'yes' : 'no', strong },
      ...(seeds
        ? [{ text: String(p.testErrorRate?.n ?? 0), value: p.testErrorRate?.n ?? 0, strong }]
        : []),
    ];
  });
  return {
    caption: 'Table 1 — test error of each configuration (measured; the lowest in bold).',
    columns,
    rows,
  };
}

function layerErrors(p: PointAggregate): TableCell {
  const lists = p.reps
    .map((r) => r.metrics.layerReconstructionErrors)
    .filter((l) => l !== undefined);
  if (lists.length === 0) return EMPTY;
  const layers = Math.min(...lists.map((l) => l.length));
  if (layers === 0) return EMPTY;
  const mean = (i: number): number => describeValues(lists.map((l) => l[i]!)).mean;
  const first = mean(0);
  const last = mean(layers - 1);
  return {
    text:
      layers === 1
        ? formatNumber(first)
        : `${formatNumber(first)} → ${formatNumber(last)} (${layers} layers)`,
    value: last,
  };
}

function statusCell(p: PointAggregate): TableCell {
  const parts: string[] = [];
  const total = p.failures.length + p.reps.length + p.missing.length;
  if (p.failures.length > 0) {
    const kinds = [...new Set(p.failures.map((f) => f.metrics.error!.kind))].join(', ');
    parts.push(`FAILED ${p.failures.length} of ${total}: ${kinds}`);
  }
  if (p.missing.length > 0) parts.push(`no result for ${p.missing.length} of ${total}`);
  return { text: parts.length === 0 ? 'ok' : parts.join('; ') };
}

function referenceCell(p: PointAggregate, reference: StudyReference): TableCell {
  const v = Object.hasOwn(reference.values, p.pointId) ? reference.values[p.pointId] : undefined;
  if (v === undefined) return EMPTY;
  if (reference.metric === 'testErrorRate') return { text: pctText(v * 100), value: v * 100 };
  if (reference.metric === 'logLikelihood') return { text: nats(v), value: v };
  return { text: formatNumber(v), value: v };
}

/** "2/3": mean coverage over seeds of a point's `classes` trained classes. */
function coverageCell(p: PointAggregate): TableCell {
  const s = p.coverage;
  if (s === undefined) return EMPTY;
  const classes = p.reps.find((r) => r.metrics.quality !== undefined)?.metrics.quality?.classes;
  const of = classes === undefined ? '' : `/${classes}`;
  const text =
    s.n > 1
      ? `${formatNumber(s.mean)}${of} ± ${formatNumber(s.sd)}`
      : `${formatNumber(s.mean)}${of}`;
  return { text, value: s.mean };
}

/**
 * Per-experiment metrics, one row per point in order: label, seeds, final reconstruction error,
 * DBN per-layer errors (first → last), test and train error (%), recognised samples (%), coverage
 * (classes generated / trained), log-likelihood per image (nats), seconds per run (means over
 * successful seeds, ± sd when several), the study's value for the point when `reference` gives
 * one (next to the measured metric it is about, when that column is shown), and a status column when any repetition
 * failed or has no result. Columns no point has are left out.
 */
export function metricsTable(
  points: readonly PointAggregate[],
  caption: string,
  reference?: StudyReference,
): Table {
  if (!isArray(points))
    throw new TypeError(`metricsTable: points must be an array, got ${typeof points}`);
  if (typeof caption !== 'string')
    throw new TypeError(`metricsTable: caption must be a string, got ${typeof caption}`);
  const has = (f: (p: PointAggregate) => unknown): boolean =>
    points.some((p) => f(p) !== undefined);
  const layered = points.some((p) =>
    p.reps.some((r) => r.metrics.layerReconstructionErrors !== undefined),
  );
  const failures = points.some((p) => p.failures.length > 0 || p.missing.length > 0);
  const ref = (metric: StudyReference['metric']) =>
    reference !== undefined &&
    reference.metric === metric &&
    points.some((p) => Object.hasOwn(reference.values, p.pointId));
  const defs: { column: TableColumn; cell: (p: PointAggregate) => TableCell; on: boolean }[] = [
    { column: { title: 'Point' }, cell: (p) => ({ text: p.label }), on: true },
    {
      column: { title: 'Seeds', align: 'right' },
      cell: (p) => ({ text: String(p.reps.length), value: p.reps.length }),
      on: true,
    },
    {
      column: { title: 'Reconstruction error', align: 'right' },
      cell: (p) => statCell(p.reconstructionError, 1, (v) => formatNumber(v)),
      on: has((p) => p.reconstructionError),
    },
    {
      column: { title: 'Study', align: 'right' },
      cell: (p) => referenceCell(p, reference!),
      on: ref('reconstructionError') && has((p) => p.reconstructionError),
    },
    { column: { title: 'Per-layer error', align: 'right' }, cell: layerErrors, on: layered },
    {
      column: { title: 'Test error (%)', align: 'right' },
      cell: (p) => statCell(p.testErrorRate, 100, pctText),
      on: has((p) => p.testErrorRate),
    },
    {
      column: { title: 'Study (%)', align: 'right' },
      cell: (p) => referenceCell(p, reference!),
      on: ref('testErrorRate') && has((p) => p.testErrorRate),
    },
    {
      column: { title: 'Train error (%)', align: 'right' },
      cell: (p) => statCell(p.trainErrorRate, 100, pctText),
      on: has((p) => p.trainErrorRate),
    },
    {
      column: { title: 'Recognised (%)', align: 'right' },
      cell: (p) => statCell(p.recognised, 100, (v) => formatNumber(v)),
      on: has((p) => p.recognised),
    },
    {
      column: { title: 'Coverage', align: 'right' },
      cell: coverageCell,
      on: has((p) => p.coverage),
    },
    {
      column: { title: 'Log-likelihood (nats)', align: 'right' },
      cell: (p) => statCell(p.meanLogLikelihood, 1, nats),
      on: has((p) => p.meanLogLikelihood),
    },
    {
      column: { title: 'Published (nats)', align: 'right' },
      cell: (p) => referenceCell(p, reference!),
      on: ref('logLikelihood') && has((p) => p.meanLogLikelihood),
    },
    {
      column: { title: 'Seconds', align: 'right' },
      cell: (p) => statCell(p.seconds, 1, (v) => formatNumber(v)),
      on: has((p) => p.seconds),
    },
    { column: { title: 'Status' }, cell: statusCell, on: failures },
  ];
  const used = defs.filter((d) => d.on);
  return {
    caption,
    columns: used.map((d) => d.column),
    rows: points.map((p) => used.map((d) => d.cell(p))),
  };
}

/**
 * The capacity sweep (issue #7), one row per number of characters n: recognised samples (%),
 * coverage (characters generated / n), effective characters e^H (H = coverage entropy) and
 * log-likelihood per image (nats), each the mean over seeds ± sample sd when several, and
 * whether n meets the capacity criterion (capacity.ts) — "not enough data" with the reason
 * when a seed failed, is missing or has no quality measurement.
 */
export function capacityTable(points: readonly PointAggregate[], caption: string): Table {
  if (!isArray(points))
    throw new TypeError(`capacityTable: points must be an array, got ${typeof points}`);
  if (typeof caption !== 'string')
    throw new TypeError(`capacityTable: caption must be a string, got ${typeof caption}`);
  const byId = new Map(points.map((p) => [p.pointId, p]));
  const rows = capacityRows(points).map((r) => {
    const p = byId.get(r.pointId)!;
    const effective =
      r.coverageEntropy === undefined
        ? EMPTY
        : (() => {
            const e = p.reps
              .map((x) => x.metrics.quality?.coverageEntropy)
              .filter((v): v is number => v !== undefined)
              .map((h) => Math.exp(h));
            return statCell(describeValues(e), 1, (v) => formatNumber(v));
          })();
    const status =
      r.status === 'learnt'
        ? 'learnt'
        : r.status === 'not-learnt'
          ? 'not learnt'
          : `not enough data: ${r.why}`;
    return [
      { text: String(r.x), value: r.x },
      { text: p.label },
      { text: String(p.reps.length), value: p.reps.length },
      statCell(r.recognised, 100, (v) => formatNumber(v)),
      coverageCell(p),
      effective,
      statCell(r.meanLogLikelihood, 1, nats),
      { text: status },
    ];
  });
  return {
    caption,
    columns: [
      { title: 'Characters', align: 'right' },
      { title: 'Point' },
      { title: 'Seeds', align: 'right' },
      { title: 'Recognised (%)', align: 'right' },
      { title: 'Coverage', align: 'right' },
      { title: 'Effective characters e^H', align: 'right' },
      { title: 'Log-likelihood (nats)', align: 'right' },
      { title: 'Criterion' },
    ],
    rows,
  };
}

const first = <T>(values: readonly (T | undefined)[]): string => {
  const set = [...new Set(values.filter((v): v is T => v !== undefined))];
  return set.length === 0 ? '—' : set.map(String).join(', ');
};

/**
 * The ais-mnist table (issue #7), one row per point: trainer (CD-k or PCD-k), seeds, mean test
 * log-likelihood per image (nats, ± sample sd over seeds when several), the AIS ±3σ interval
 * of that mean (from logZLow/logZHigh, see likelihoodInterval), estimate (method and set), AIS
 * runs and steps, recognised samples (%) when measured, the published value and the
 * difference when `reference` (about `logLikelihood`) has one, and a status column when a seed
 * failed or is missing.
 */
export function likelihoodTable(
  points: readonly PointAggregate[],
  caption: string,
  reference?: StudyReference,
): Table {
  if (!isArray(points))
    throw new TypeError(`likelihoodTable: points must be an array, got ${typeof points}`);
  if (typeof caption !== 'string')
    throw new TypeError(`likelihoodTable: caption must be a string, got ${typeof caption}`);
  const published = (p: PointAggregate): number | undefined =>
    reference !== undefined &&
    reference.metric === 'logLikelihood' &&
    Object.hasOwn(reference.values, p.pointId)
      ? reference.values[p.pointId]
      : undefined;
  const hasRef = points.some((p) => published(p) !== undefined);
  const hasRecognised = points.some((p) => p.recognised !== undefined);
  const failures = points.some((p) => p.failures.length > 0 || p.missing.length > 0);
  const rows = points.map((p) => {
    const ls = p.reps.map((r) => r.metrics.likelihood);
    const interval = likelihoodInterval(p);
    const pub = published(p);
    const ll = p.meanLogLikelihood;
    return [
      { text: p.label },
      { text: trainerLabel(p.config) ?? '—' },
      { text: String(p.reps.length), value: p.reps.length },
      statCell(ll, 1, nats),
      interval === undefined
        ? EMPTY
        : {
            text: `${nats(interval.low)} … ${Number.isFinite(interval.high) ? nats(interval.high) : '+∞'}`,
          },
      ...(hasRef
        ? [
            pub === undefined ? EMPTY : { text: nats(pub), value: pub },
            pub === undefined || ll === undefined
              ? EMPTY
              : { text: nats(ll.mean - pub, true), value: ll.mean - pub },
          ]
        : []),
      {
        text: first(
          ls.map((l) =>
            l === undefined ? undefined : `${l.method}${l.set === undefined ? '' : `, ${l.set}`}`,
          ),
        ),
      },
      { text: first(ls.map((l) => l?.runs)) },
      { text: first(ls.map((l) => l?.betas)) },
      ...(hasRecognised ? [statCell(p.recognised, 100, (v) => formatNumber(v))] : []),
      ...(failures ? [statusCell(p)] : []),
    ];
  });
  return {
    caption,
    columns: [
      { title: 'Point' },
      { title: 'Trainer' },
      { title: 'Seeds', align: 'right' },
      { title: 'Test log-likelihood (nats)', align: 'right' },
      { title: 'AIS ±3σ interval', align: 'right' },
      ...(hasRef
        ? [
            { title: 'Published (nats)', align: 'right' as const },
            { title: 'Δ (nats)', align: 'right' as const },
          ]
        : []),
      { title: 'Estimate' },
      { title: 'AIS runs', align: 'right' },
      { title: 'AIS steps', align: 'right' },
      ...(hasRecognised ? [{ title: 'Recognised (%)', align: 'right' as const }] : []),
      ...(failures ? [{ title: 'Status' }] : []),
    ],
    rows,
  };
}
