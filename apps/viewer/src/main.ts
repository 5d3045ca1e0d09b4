// The dbn web viewer: a hash-routed page over the JSON index served by `dbn view`
// (/api/runs) and the run files under /runs/. Views: the experiments (#/), one experiment
// (#/e/DIR), one point repetition (#/p/DIR/POINT/REP) with its filters, confusion matrix and
// live sampling, and two points side by side (#/c/DIR/POINT/REP[/DIR/POINT/REP]). While a run
// is in progress the list and experiment pages poll /api/runs and redraw when it changed.
import {
  aggregatePoints,
  capacityTable,
  claimFor,
  figureKind,
  figureSpec,
  formatNumber,
  formatPercent,
  likelihoodTable,
  metricsTable,
  type PointAggregate,
  type ReportSummary,
  statusText,
  sweepAxisFor,
  type Table,
  type Verdict,
  verdictFor,
} from '@dbn/experiments/report/browser';
import type { Model } from '@dbn/models';
import { renderChart } from './charts.js';
import { renderCompare } from './compare.js';
import {
  type Child,
  compareHref,
  expHref,
  fill,
  h,
  type Json,
  keyValueTable,
  type PointRef,
  pointHref,
  repDir,
  runUrl,
} from './dom.js';
import { imageSize, LiveSampler, type Seeding, samplingStream } from './live.js';
import { metricEntries, repQualityLines } from './metric-entries.js';
import { fetchModel } from './models.js';
import { parseRoute, type View } from './route.js';
import { fetchIndex, inProgress, type Loaded, type RunsIndex, rawResults } from './runs.js';
import {
  confusionTable,
  curvesRow,
  filtersSection,
  misclassifiedGrid,
  pointParts,
  samplesImage,
} from './sections.js';

const app = document.getElementById('app')!;
const crumbs = document.getElementById('crumbs')!;

/** Replaces the page's content, skipping absent parts. */
const show = (...children: Child[]) => fill(app, ...children);

function metricText(p: PointAggregate): string {
  if (p.testErrorRate) return `test error ${formatPercent(p.testErrorRate.mean)}`;
  if (p.reconstructionError)
    return `reconstruction error ${formatNumber(p.reconstructionError.mean)}`;
  return '';
}

function analyse(s: ReportSummary) {
  const points = aggregatePoints(s.results, {
    ...(s.points !== undefined ? { points: s.points } : {}),
    missing: s.missing,
  });
  const kind = figureKind(s.experiment, points, s.figure);
  const axis = sweepAxisFor(kind, s.figure);
  let verdict: Verdict;
  try {
    // The summary's study reference too, as the report passes it (ais-mnist's published values).
    const reference = s.study?.reference;
    verdict = verdictFor(s.experiment, kind, points, {
      ...(axis !== undefined ? { axis } : {}),
      ...(reference !== undefined ? { reference } : {}),
    });
  } catch (e) {
    // A figure kind this viewer's report code has no rule for: no verdict, the page still shows.
    verdict = {
      status: 'not-assessed',
      summary: `No verdict: ${e instanceof Error ? e.message : String(e)}`,
      rule: 'None.',
      checks: [],
      facts: [],
    };
  }
  return { points, kind, axis, verdict };
}

function statusBadge(status: string): HTMLElement {
  return h(
    'span',
    { class: `status ${status}`, 'data-status': status },
    statusText(status as never),
  );
}

/** A report Table (caption, columns, rows of cells) as a DOM table. */
function tableElement(table: Table, id: string): HTMLElement {
  return h(
    'table',
    { id },
    table.caption !== '' && h('caption', {}, table.caption),
    h(
      'tr',
      {},
      ...table.columns.map((c) => h('th', c.align === 'right' ? { class: 'num' } : {}, c.title)),
    ),
    ...table.rows.map((row) =>
      h(
        'tr',
        {},
        ...row.map((cell, i) => {
          const attrs: Record<string, string> =
            table.columns[i]?.align === 'right' ? { class: 'num' } : {};
          if (cell.value !== undefined) attrs['data-value'] = String(cell.value);
          return h('td', attrs, cell.strong ? h('strong', {}, cell.text) : cell.text);
        }),
      ),
    ),
  );
}

/** "auto-refresh" note of the list and experiment pages. */
function refreshNote(active: boolean): HTMLElement {
  return h(
    'p',
    { class: 'muted', id: 'refresh', 'data-active': String(active) },
    active
      ? `In progress: refreshing every ${Math.round(pollMs / 100) / 10} s while this page is visible (last: ${new Date().toLocaleTimeString()}).`
      : '',
  );
}

function renderHome(all: readonly Loaded[]): void {
  crumbs.replaceChildren();
  if (all.length === 0) {
    show(
      h('h1', {}, 'No experiments'),
      h('p', { class: 'muted' }, 'No <experiment>/summary.json under this runs directory yet.'),
      refreshNote(true),
    );
    return;
  }
  const rows = all.map((l) => {
    if (l.summary === undefined)
      return h(
        'tr',
        { 'data-experiment': l.dir },
        h('td', {}, l.dir),
        h('td', { colspan: '5', class: 'error' }, l.error ?? ''),
      );
    const s = l.summary;
    const { points, verdict } = analyse(s);
    const done = points.reduce((n, p) => n + p.reps.length + p.failures.length, 0);
    const total = done + points.reduce((n, p) => n + p.missing.length, 0);
    return h(
      'tr',
      { 'data-experiment': l.dir },
      h('td', {}, h('a', { href: expHref(l.dir) }, l.dir)),
      h('td', {}, s.title ?? ''),
      h('td', {}, claimFor(s).ref),
      h('td', {}, s.scale ?? ''),
      h(
        'td',
        { class: 'num', 'data-done': String(done) },
        `${done} / ${total}${inProgress(l.raw) ? ' (running)' : ''}`,
      ),
      h('td', {}, statusBadge(verdict.status)),
    );
  });
  show(
    h('h1', {}, 'Experiments'),
    h(
      'table',
      { id: 'experiments' },
      h(
        'tr',
        {},
        ...['experiment', 'title', 'study', 'scale', 'points done', 'verdict'].map((t) =>
          h('th', {}, t),
        ),
      ),
      ...rows,
    ),
    refreshNote(all.some((l) => inProgress(l.raw))),
  );
}

function renderExperiment(l: Loaded): void {
  crumbs.replaceChildren('/ ', h('a', { href: expHref(l.dir) }, l.dir));
  if (l.summary === undefined) {
    show(h('h1', {}, l.dir), h('p', { class: 'error' }, l.error ?? ''));
    return;
  }
  const s = l.summary;
  const { points, kind, axis, verdict } = analyse(s);
  const claim = claimFor(s);
  const reference = s.study?.reference;
  const chart = h('div', { class: 'chart', id: 'figure' });
  let spec: ReturnType<typeof figureSpec>;
  try {
    spec = figureSpec(kind, points, s.title ?? s.experiment, {
      ...(axis !== undefined ? { axis } : {}),
      ...(reference !== undefined ? { reference } : {}),
    });
  } catch (e) {
    spec = undefined;
    chart.append(h('p', { class: 'error' }, String(e)));
  }
  const raws = rawResults(l);
  const mosaic = h('div', { class: 'mosaic', id: 'mosaic' });
  for (const p of points) {
    for (const r of p.reps) {
      const ref = { dir: l.dir, pointId: p.pointId, rep: r.rep };
      const samples = r.artifacts.samples;
      const study =
        reference !== undefined && Object.hasOwn(reference.values, p.pointId)
          ? ` (study ${formatNumber(reference.values[p.pointId]!)})`
          : '';
      const raw = raws.find((x) => x.pointId === p.pointId && x.rep === r.rep);
      const quality = repQualityLines(raw?.metrics);
      mosaic.append(
        h(
          'figure',
          { 'data-point': p.pointId, 'data-rep': String(r.rep) },
          samples !== undefined &&
            h(
              'a',
              { href: pointHref(ref) },
              h('img', {
                class: 'samples',
                alt: `samples of ${p.pointId}`,
                src: runUrl(`${repDir(ref)}/${samples}`),
                style: 'width: 240px',
              }),
            ),
          h(
            'figcaption',
            {},
            h('a', { href: pointHref(ref) }, p.label),
            p.reps.length > 1 ? ` — rep ${r.rep}` : '',
            h('br'),
            `${metricText(p)}${study}`,
            ...quality.flatMap((q) => [h('br'), h('span', { class: 'quality' }, q)]),
          ),
        ),
      );
    }
    for (const f of p.failures)
      mosaic.append(
        h(
          'figure',
          { 'data-point': p.pointId },
          h(
            'figcaption',
            { class: 'failed' },
            h('a', { href: pointHref({ dir: l.dir, pointId: f.pointId, rep: f.rep }) }, p.label),
            h('br'),
            `failed: ${f.metrics.error?.kind}: ${f.metrics.error?.message}`,
          ),
        ),
      );
    for (const rep of p.missing)
      mosaic.append(
        h(
          'figure',
          { 'data-point': p.pointId, 'data-missing': String(rep) },
          h('figcaption', { class: 'muted' }, p.label, h('br'), `rep ${rep}: no result yet`),
        ),
      );
  }
  const checks = h(
    'ul',
    {},
    ...verdict.checks.map((c) =>
      h(
        'li',
        {},
        `${c.claim}: ${c.holds === undefined ? 'n/a' : c.holds ? 'yes' : 'no'} (${c.measured})`,
      ),
    ),
  );
  let table: HTMLElement | undefined;
  // The capacity and likelihood experiments also get the report's own table of their kind.
  let kindTable: HTMLElement | undefined;
  try {
    table = tableElement(metricsTable(points, '', reference), 'metrics-table');
    if (kind === 'capacity') kindTable = tableElement(capacityTable(points, ''), 'capacity-table');
    if (kind === 'likelihood')
      kindTable = tableElement(likelihoodTable(points, '', reference), 'likelihood-table');
  } catch (e) {
    table = h('p', { class: 'error' }, String(e));
  }
  show(
    h('h1', {}, `${s.experiment} — ${s.title ?? ''}`),
    h(
      'p',
      { class: 'muted' },
      `scale ${s.scale ?? '?'}${s.quick ? ` (${s.quick})` : ''} · seed ${s.seed ?? '?'} · ${s.seeds ?? 1} seed(s) per point`,
      s.overrides && Object.keys(s.overrides).length > 0
        ? ` · overrides ${JSON.stringify(s.overrides)}`
        : '',
    ),
    refreshNote(inProgress(l.raw)),
    l.figureNote !== undefined && h('p', { class: 'muted', id: 'figure-note' }, l.figureNote),
    h(
      'div',
      { class: 'claim' },
      h(
        'div',
        { class: 'box', id: 'claim' },
        h('h2', {}, `The study${claim.ref ? ` (${claim.ref})` : ''}`),
        h('p', {}, claim.claim),
      ),
      h(
        'div',
        { class: 'box', id: 'verdict' },
        h('h2', {}, 'Measured here ', statusBadge(verdict.status)),
        h('p', {}, verdict.summary),
        verdict.checks.length > 0 && checks,
        ...verdict.facts.map((f) => h('p', { class: 'muted' }, f)),
        verdict.rule && h('p', { class: 'muted' }, `Rule: ${verdict.rule}`),
      ),
    ),
    spec !== undefined && h('h2', {}, 'Figure'),
    spec !== undefined && chart,
    h('h2', {}, 'Samples per point'),
    mosaic,
    kindTable !== undefined &&
      h('h2', {}, kind === 'capacity' ? 'Capacity per number of characters' : 'Log-likelihood'),
    kindTable,
    h('h2', {}, 'Metrics'),
    table,
  );
  if (spec !== undefined)
    renderChart(chart, spec).catch((e) =>
      chart.replaceChildren(h('p', { class: 'error' }, String(e))),
    );
}

function renderPoint(l: Loaded, ref: PointRef): void {
  const { pointId, rep } = ref;
  crumbs.replaceChildren(
    '/ ',
    h('a', { href: expHref(l.dir) }, l.dir),
    ` / ${pointId} / rep-${rep}`,
  );
  const raw = rawResults(l).find((r) => r.pointId === pointId && r.rep === rep);
  if (raw === undefined) {
    show(h('h1', {}, `${l.dir} / ${pointId}`), h('p', {}, 'No result yet.'));
    return;
  }
  const p = pointParts(l.dir, raw);
  const { config, metrics, artifacts } = p;
  const dir = repDir(ref);
  const confusion = confusionTable(metrics, 'confusion');
  const wrong = misclassifiedGrid(p, 'misclassified');
  const samples = samplesImage(p, 'samples');
  show(
    h('h1', {}, `${raw.label ?? pointId}`),
    h(
      'p',
      { class: 'muted' },
      `${l.dir} / ${pointId} / rep-${rep} · experiment seed ${raw.seed} · point stream derive(${raw.seed}, ${JSON.stringify(raw.experiment)}, ${JSON.stringify(pointId)}, 'rep', ${rep}) · `,
      h('a', { href: compareHref(ref), id: 'compare-link' }, 'compare with…'),
    ),
    h(
      'div',
      { class: 'row' },
      h('div', {}, h('h2', {}, 'Config'), keyValueTable('config', Object.entries(config))),
      h(
        'div',
        {},
        h('h2', {}, 'Metrics'),
        h(
          'table',
          { id: 'metrics' },
          ...metricEntries(metrics).map(([k, v]) =>
            h('tr', { 'data-name': k }, h('th', {}, k), h('td', {}, v)),
          ),
        ),
        h('h2', {}, 'Run'),
        keyValueTable('run', [
          ['seed', raw.seed],
          ['hash', raw.hash],
          ['code version', raw.codeVersion],
          ['seconds', raw.seconds],
          ['finished', raw.finishedAt],
        ]),
      ),
      samples !== undefined && h('div', {}, h('h2', {}, 'samples.png'), samples),
    ),
    confusion !== undefined && h('h2', {}, 'Confusion matrix (test set)'),
    confusion !== undefined &&
      h(
        'p',
        { class: 'muted' },
        'Rows: true label; columns: predicted label; shade: share of the true class (green: correct, red: confused).',
      ),
    confusion,
    wrong !== undefined &&
      h(
        'h2',
        {},
        `Misclassified test images (first ${Array.isArray(metrics.misclassified) ? metrics.misclassified.length : 0}, true → predicted)`,
      ),
    wrong,
    h('h2', {}, 'Training curves'),
    curvesRow(metrics, 'curves'),
    filtersSection(p, ''),
    artifacts.model !== undefined &&
      (config.model === 'rbm' || config.model === 'dbn') &&
      liveSection(raw, `${dir}/${artifacts.model}`),
  );
}

let stopLive: (() => void) | undefined;

function liveSection(raw: Json, modelPath: string): HTMLElement {
  const config = (raw.config ?? {}) as Json;
  const num = (v: unknown, d: number) => (typeof v === 'number' ? v : d);
  const input = (id: string, label: string, value: number, min = 0) =>
    h(
      'label',
      {},
      label,
      h('input', { id, type: 'number', value: String(value), min: String(min), step: '1' }),
    );
  const seeding = h(
    'select',
    { id: 'live-seeding' },
    h('option', { value: 'generate' }, 'dbn generate --seed'),
    h('option', { value: 'run' }, "this run's samples.png stream"),
  );
  const start = h('button', { id: 'live-start' }, 'Start');
  const stop = h('button', { id: 'live-stop' }, 'Pause');
  const status = h('span', { id: 'live-status', class: 'muted' }, 'not started');
  const canvas = h('canvas', { id: 'live-canvas', class: 'samples' }) as HTMLCanvasElement;
  const section = h(
    'section',
    { id: 'live' },
    h('h2', {}, 'Live sampling'),
    h(
      'p',
      { class: 'muted' },
      "Gibbs chains on this point's model.safetensors, run here with @dbn/models. With the same seed, chains and steps, the last frame equals `dbn generate` (or, on this run's stream with the config's samples and Gibbs steps, samples.png).",
    ),
    h(
      'div',
      { class: 'controls' },
      input('live-steps', 'Gibbs steps', num(config.gibbsSteps, 200), 1),
      input('live-chains', 'chains', num(config.samples, 16), 1),
      input('live-seed', 'seed', num(raw.seed, 1)),
      h('label', {}, 'stream', seeding),
      input('live-speed', 'steps per frame', 1, 1),
      start,
      stop,
    ),
    status,
    canvas,
  );
  let model: Model | undefined;
  let timer = 0;
  const value = (id: string) => Number((document.getElementById(id) as HTMLInputElement).value);
  const halt = () => {
    if (timer) cancelAnimationFrame(timer);
    timer = 0;
  };
  stopLive = halt;
  stop.addEventListener('click', halt);
  start.addEventListener('click', async () => {
    halt();
    try {
      if (model === undefined) {
        status.textContent = 'loading model…';
        model = await fetchModel(modelPath);
      }
      const steps = value('live-steps');
      const chains = value('live-chains');
      const seed = value('live-seed');
      const speed = Math.max(1, value('live-speed'));
      const s: Seeding =
        (seeding as HTMLSelectElement).value === 'run'
          ? {
              kind: 'run',
              seed,
              experiment: String(raw.experiment),
              pointId: String(raw.pointId),
              rep: Number(raw.rep),
            }
          : { kind: 'generate', seed };
      const sampler = new LiveSampler(model, chains, samplingStream(s));
      const visible =
        model.kind === 'dbn' ? model.layers[0]!.visible : (model as { visible: number }).visible;
      const size = imageSize(visible, config.dataset);
      const ctx = canvas.getContext('2d')!;
      const draw = () => {
        const g = sampler.frame(size);
        if (canvas.width !== g.width || canvas.height !== g.height) {
          canvas.width = g.width;
          canvas.height = g.height;
          canvas.style.width = `${g.width * Math.max(1, Math.floor(320 / g.width))}px`;
        }
        const img = ctx.createImageData(g.width, g.height);
        for (let i = 0; i < g.data.length; i++) {
          const v = g.data[i]!;
          img.data[4 * i] = v;
          img.data[4 * i + 1] = v;
          img.data[4 * i + 2] = v;
          img.data[4 * i + 3] = 255;
        }
        ctx.putImageData(img, 0, 0);
        canvas.dataset.step = String(sampler.steps);
        status.textContent = `step ${sampler.steps} / ${steps}`;
      };
      canvas.dataset.done = 'false';
      draw();
      const tick = () => {
        sampler.step(Math.min(speed, steps - sampler.steps));
        draw();
        if (sampler.steps < steps) timer = requestAnimationFrame(tick);
        else {
          timer = 0;
          canvas.dataset.done = 'true';
          status.textContent = `done: ${sampler.steps} steps`;
        }
      };
      if (steps > 0) timer = requestAnimationFrame(tick);
    } catch (e) {
      status.textContent = `error: ${e instanceof Error ? e.message : String(e)}`;
      status.className = 'error';
    }
  });
  return section;
}

/** Milliseconds between polls of api/runs while a run is in progress (`?poll=MS` overrides). */
const pollMs = (() => {
  const v = Number(new URLSearchParams(location.search).get('poll'));
  return Number.isFinite(v) && v >= 100 ? v : 5000;
})();

let index: Promise<RunsIndex> | undefined;
let pollTimer: ReturnType<typeof setTimeout> | undefined;

/** Draws `view` from the index; returns whether the view shows something still running. */
function render(view: View, all: readonly Loaded[]): boolean {
  const find = (dir: string) => all.find((l) => l.dir === dir);
  switch (view.kind) {
    case 'e': {
      const l = find(view.dir);
      if (l !== undefined) {
        renderExperiment(l);
        return inProgress(l.raw);
      }
      break;
    }
    case 'p': {
      const l = find(view.ref.dir);
      if (l !== undefined) {
        renderPoint(l, view.ref);
        return false;
      }
      break;
    }
    case 'c':
      renderCompare(app, crumbs, all, view.a, view.b);
      return false;
    default:
      break;
  }
  renderHome(all);
  return all.length === 0 || all.some((l) => inProgress(l.raw));
}

function stopPolling(): void {
  if (pollTimer !== undefined) clearTimeout(pollTimer);
  pollTimer = undefined;
}

/**
 * While the view shows a run in progress and the page is visible: one poll of api/runs after
 * pollMs, redrawing the view when the index changed, then the next (one timer at a time).
 */
function schedulePoll(view: View, running: boolean): void {
  stopPolling();
  if (!running || document.hidden) return;
  pollTimer = setTimeout(async () => {
    pollTimer = undefined;
    let still: boolean = running;
    try {
      const old = await index;
      const fresh = await fetchIndex();
      if (view !== current) return;
      // An experiment that vanished from one poll (its summary being rewritten) keeps its page.
      const gone = view.kind === 'e' && !fresh.experiments.some((l) => l.dir === view.dir);
      if (fresh.text !== old?.text && !gone) {
        index = Promise.resolve(fresh);
        still = render(view, fresh.experiments);
      }
    } catch {
      // A failed poll (server restarting) is retried at the next interval.
    }
    if (view === current) {
      currentRunning = still;
      schedulePoll(view, still);
    }
  }, pollMs);
}

let current: View = { kind: 'home' };
let currentRunning = false;

async function route(): Promise<void> {
  stopLive?.();
  stopLive = undefined;
  stopPolling();
  const view = parseRoute(location.hash);
  current = view;
  // A run in progress may have new results since the index was fetched: fetch it again.
  const cached = await index?.catch(() => undefined);
  if (cached === undefined || cached.experiments.some((l) => inProgress(l.raw)))
    index = fetchIndex();
  let loaded: RunsIndex;
  try {
    loaded = await index!;
  } catch (e) {
    index = undefined;
    show(h('p', { class: 'error' }, `Cannot load the runs: ${String(e)}`));
    return;
  }
  if (view !== current) return;
  document.body.dataset.view = view.kind;
  currentRunning = render(view, loaded.experiments);
  schedulePoll(view, currentRunning);
}

document.addEventListener('visibilitychange', () => {
  if (document.hidden) stopPolling();
  else schedulePoll(current, currentRunning);
});
window.addEventListener('hashchange', () => void route());
void route();
