// The compare view (#/c/DIR/POINT/REP/DIR/POINT/REP): two point repetitions side by side — any
// experiment, any rep, from any run directory of the index — with their configs and metrics in
// one table (differing rows highlighted), samples, first-layer filters, confusion matrices and
// training curves.
import {
  type Child,
  compareHref,
  fill,
  h,
  isObject,
  type Json,
  type PointRef,
  pointHref,
} from './dom.js';
import { compareRows, configEntries, metricEntries, suggestPartner } from './metric-entries.js';
import { findResult, type Loaded, rawResults } from './runs.js';
import {
  confusionTable,
  curvesRow,
  filtersSection,
  type PointParts,
  pointParts,
  samplesImage,
} from './sections.js';

const refKey = (r: PointRef) => JSON.stringify([r.dir, r.pointId, r.rep]);

function pointSelect(
  all: readonly Loaded[],
  id: string,
  chosen: PointRef | undefined,
): HTMLSelectElement {
  const select = h(
    'select',
    { id },
    h('option', { value: '' }, '— choose a point —'),
  ) as HTMLSelectElement;
  for (const l of all) {
    const results = rawResults(l);
    if (results.length === 0) continue;
    const group = h('optgroup', { label: l.dir });
    for (const r of results) {
      const ref = { dir: l.dir, pointId: String(r.pointId), rep: Number(r.rep) };
      const failed = isObject(r.metrics) && 'error' in r.metrics;
      group.append(
        h(
          'option',
          { value: refKey(ref) },
          `${String(r.label ?? r.pointId)} — rep ${ref.rep}${failed ? ' (failed)' : ''}`,
        ),
      );
    }
    select.append(group);
  }
  select.value = chosen === undefined ? '' : refKey(chosen);
  return select;
}

function parseKey(v: string): PointRef | undefined {
  if (v === '') return undefined;
  const [dir, pointId, rep] = JSON.parse(v) as [string, string, number];
  return { dir, pointId, rep };
}

function sideBySideTable(id: string, rows: ReturnType<typeof compareRows>): HTMLElement {
  return h(
    'table',
    { id, class: 'compare-table' },
    h('tr', {}, h('th', {}, ''), h('th', {}, 'A'), h('th', {}, 'B')),
    ...rows.map((r) =>
      h(
        'tr',
        r.differs ? { class: 'diff', 'data-name': r.name } : { 'data-name': r.name },
        h('th', {}, r.name),
        h('td', {}, r.a),
        h('td', {}, r.b),
      ),
    ),
  );
}

/** Two columns A | B of one part each, under a heading; nothing when neither side has it. */
function pair(title: string, a: Child, b: Child): Child[] {
  if ((a === undefined || a === false) && (b === undefined || b === false)) return [];
  const cell = (c: Child) =>
    h('div', {}, c === undefined || c === false ? h('p', { class: 'muted' }, '—') : c);
  return [h('h2', {}, title), h('div', { class: 'pair' }, cell(a), cell(b))];
}

/** Renders the compare view of `a` and `b` (b defaults to {@link suggestPartner}). */
export function renderCompare(
  app: HTMLElement,
  crumbs: HTMLElement,
  all: readonly Loaded[],
  a: PointRef | undefined,
  b: PointRef | undefined,
): void {
  crumbs.replaceChildren(' / compare');
  let right = b;
  let suggested = false;
  if (a !== undefined && right === undefined) {
    const l = all.find((e) => e.dir === a.dir);
    const partner = l === undefined ? undefined : suggestPartner(rawResults(l), a.pointId, a.rep);
    if (partner !== undefined) {
      right = { dir: a.dir, pointId: String(partner.pointId), rep: Number(partner.rep) };
      suggested = true;
    }
  }
  const selA = pointSelect(all, 'compare-a', a);
  const selB = pointSelect(all, 'compare-b', right);
  const go = () => {
    const x = parseKey(selA.value);
    const y = parseKey(selB.value);
    if (x !== undefined) location.hash = compareHref(x, y);
  };
  selA.addEventListener('change', go);
  selB.addEventListener('change', go);
  const rawA = a === undefined ? undefined : findResult(all, a);
  const rawB = right === undefined ? undefined : findResult(all, right);
  const head = (raw: Json | undefined, ref: PointRef | undefined, side: string) =>
    h(
      'div',
      { class: 'box', id: `compare-head-${side}` },
      h(
        'h2',
        {},
        side.toUpperCase(),
        ': ',
        ref === undefined ? '—' : String(raw?.label ?? ref.pointId),
      ),
      ref !== undefined &&
        h(
          'p',
          { class: 'muted' },
          h('a', { href: pointHref(ref) }, `${ref.dir} / ${ref.pointId} / rep-${ref.rep}`),
          raw === undefined ? ' — no result' : '',
        ),
    );
  const pa: PointParts | undefined = rawA === undefined ? undefined : pointParts(a!.dir, rawA);
  const pb: PointParts | undefined = rawB === undefined ? undefined : pointParts(right!.dir, rawB);
  const parts: Child[] = [
    h('h1', {}, 'Compare two points'),
    h(
      'div',
      { class: 'controls' },
      h('label', {}, 'A ', selA),
      h('label', {}, 'B ', selB),
      a !== undefined &&
        right !== undefined &&
        h('a', { href: compareHref(right, a), id: 'compare-swap' }, 'swap A ↔ B'),
    ),
    suggested &&
      h(
        'p',
        { class: 'muted', id: 'compare-suggested' },
        'B is a suggestion: the point of the same experiment whose config differs least from A.',
      ),
    h('div', { class: 'pair' }, head(rawA, a, 'a'), head(rawB, right, 'b')),
  ];
  if (pa !== undefined || pb !== undefined) {
    parts.push(
      h('h2', {}, 'Config'),
      sideBySideTable(
        'compare-config',
        compareRows(configEntries(pa?.config), configEntries(pb?.config)),
      ),
      h('h2', {}, 'Metrics'),
      sideBySideTable(
        'compare-metrics',
        compareRows(metricEntries(pa?.metrics), metricEntries(pb?.metrics)),
      ),
      ...pair(
        'Samples',
        pa && samplesImage(pa, 'compare-samples-a'),
        pb && samplesImage(pb, 'compare-samples-b'),
      ),
      ...pair(
        'First-layer filters',
        pa && filtersSection(pa, 'a-', false),
        pb && filtersSection(pb, 'b-', false),
      ),
      ...pair(
        'Confusion matrix (test set)',
        pa && confusionTable(pa.metrics, 'compare-confusion-a'),
        pb && confusionTable(pb.metrics, 'compare-confusion-b'),
      ),
      ...pair(
        'Training curves',
        pa && curvesRow(pa.metrics, 'compare-curves-a'),
        pb && curvesRow(pb.metrics, 'compare-curves-b'),
      ),
    );
  } else {
    parts.push(h('p', { class: 'muted' }, 'Choose two points above.'));
  }
  fill(app, ...parts);
}
