// The dbn web viewer: a hash-routed page over the JSON index served by `dbn view`
// (/api/runs) and the run files under /runs/. Views: the experiments (#/), one experiment
// (#/e/DIR) and one point repetition (#/p/DIR/POINT/REP) with live sampling.
import {
  aggregatePoints,
  claimFor,
  figureKind,
  figureSpec,
  formatNumber,
  formatPercent,
  type PointAggregate,
  parseSummary,
  type ReportResult,
  type ReportSummary,
  statusText,
  sweepAxisFor,
  verdictFor,
} from '@dbn/experiments/report/browser';
import { loadModel, type Model } from '@dbn/models';
import { renderChart, trainingCurveSpecs } from './charts.js';
import { imageSize, LiveSampler, type Seeding, samplingStream } from './live.js';

type Json = Record<string, unknown>;

interface IndexedExperiment {
  readonly dir: string;
  readonly experiment: string;
  readonly summary: Json;
}

interface Loaded {
  readonly dir: string;
  readonly raw: Json;
  readonly summary?: ReportSummary;
  readonly error?: string;
}

const app = document.getElementById('app')!;
const crumbs = document.getElementById('crumbs')!;

type Child = Node | string | undefined | false;

/** A DOM element with attributes and children. */
function h(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c !== undefined && c !== false) el.append(c);
  return el;
}

/** Replaces the page's content, skipping absent parts. */
const show = (...children: Child[]) =>
  app.replaceChildren(
    ...children.filter((c): c is Node | string => c !== undefined && c !== false),
  );

const enc = (s: string) => s.split('/').map(encodeURIComponent).join('/');
const runUrl = (path: string) => `runs/${enc(path)}`;
const repDir = (dir: string, r: Pick<ReportResult, 'pointId' | 'rep'>) =>
  `${dir}/${r.pointId}/rep-${r.rep}`;
const expHref = (dir: string) => `#/e/${encodeURIComponent(dir)}`;
const pointHref = (dir: string, r: Pick<ReportResult, 'pointId' | 'rep'>) =>
  `#/p/${encodeURIComponent(dir)}/${encodeURIComponent(r.pointId)}/${r.rep}`;

let cache: Promise<Loaded[]> | undefined;

async function loadIndex(): Promise<Loaded[]> {
  const res = await fetch('api/runs', { cache: 'no-store' });
  if (!res.ok) throw new Error(`GET api/runs: ${res.status}`);
  const body = (await res.json()) as { experiments: IndexedExperiment[] };
  return body.experiments.map((e) => {
    const parsed = parseSummary(e.summary, {
      path: `${e.dir}/summary.json`,
      experiment: e.experiment,
    });
    return parsed._tag === 'Right'
      ? { dir: e.dir, raw: e.summary, summary: parsed.right }
      : { dir: e.dir, raw: e.summary, error: parsed.left.message };
  });
}

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
  const verdict = verdictFor(s.experiment, kind, points, axis !== undefined ? { axis } : {});
  return { points, kind, axis, verdict };
}

function statusBadge(status: string): HTMLElement {
  return h(
    'span',
    { class: `status ${status}`, 'data-status': status },
    statusText(status as never),
  );
}

function renderHome(all: Loaded[]): void {
  crumbs.replaceChildren();
  if (all.length === 0) {
    app.replaceChildren(
      h('h1', {}, 'No experiments'),
      h('p', { class: 'muted' }, 'No <experiment>/summary.json under this runs directory yet.'),
    );
    return;
  }
  const rows = all.map((l) => {
    if (l.summary === undefined)
      return h(
        'tr',
        {},
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
      h('td', { class: 'num' }, `${done} / ${total}`),
      h('td', {}, statusBadge(verdict.status)),
    );
  });
  app.replaceChildren(
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
  );
}

function renderExperiment(l: Loaded): void {
  crumbs.replaceChildren('/ ', h('a', { href: expHref(l.dir) }, l.dir));
  if (l.summary === undefined) {
    app.replaceChildren(h('h1', {}, l.dir), h('p', { class: 'error' }, l.error ?? ''));
    return;
  }
  const s = l.summary;
  const { points, kind, axis, verdict } = analyse(s);
  const claim = claimFor(s);
  const reference = s.study?.reference;
  const chart = h('div', { class: 'chart', id: 'figure' });
  const spec = figureSpec(kind, points, s.title ?? s.experiment, {
    ...(axis !== undefined ? { axis } : {}),
    ...(reference !== undefined ? { reference } : {}),
  });
  const mosaic = h('div', { class: 'mosaic', id: 'mosaic' });
  for (const p of points) {
    for (const r of p.reps) {
      const samples = r.artifacts.samples;
      const study =
        reference !== undefined && Object.hasOwn(reference.values, p.pointId)
          ? ` (study ${formatNumber(reference.values[p.pointId]!)})`
          : '';
      mosaic.append(
        h(
          'figure',
          { 'data-point': p.pointId, 'data-rep': String(r.rep) },
          samples !== undefined &&
            h(
              'a',
              { href: pointHref(l.dir, r) },
              h('img', {
                class: 'samples',
                alt: `samples of ${p.pointId}`,
                src: runUrl(`${repDir(l.dir, r)}/${samples}`),
                style: 'width: 240px',
              }),
            ),
          h(
            'figcaption',
            {},
            h('a', { href: pointHref(l.dir, r) }, p.label),
            p.reps.length > 1 ? ` — rep ${r.rep}` : '',
            h('br'),
            `${metricText(p)}${study}`,
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
            h('a', { href: pointHref(l.dir, f) }, p.label),
            h('br'),
            `failed: ${f.metrics.error?.kind}: ${f.metrics.error?.message}`,
          ),
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
  );
  if (spec !== undefined)
    renderChart(chart, spec).catch((e) =>
      chart.replaceChildren(h('p', { class: 'error' }, String(e))),
    );
}

function keyValueTable(id: string, entries: [string, unknown][]): HTMLElement {
  return h(
    'table',
    { id },
    ...entries.map(([k, v]) =>
      h('tr', {}, h('th', {}, k), h('td', {}, typeof v === 'string' ? v : JSON.stringify(v))),
    ),
  );
}

function renderPoint(l: Loaded, pointId: string, rep: number): void {
  crumbs.replaceChildren(
    '/ ',
    h('a', { href: expHref(l.dir) }, l.dir),
    ` / ${pointId} / rep-${rep}`,
  );
  const results = Array.isArray(l.raw.results) ? (l.raw.results as Json[]) : [];
  const raw = results.find((r) => r.pointId === pointId && r.rep === rep);
  if (raw === undefined) {
    app.replaceChildren(h('h1', {}, `${l.dir} / ${pointId}`), h('p', {}, 'No result yet.'));
    return;
  }
  const config = (raw.config ?? {}) as Json;
  const metrics = (raw.metrics ?? {}) as Json;
  const artifacts = (raw.artifacts ?? {}) as Record<string, string>;
  const dir = repDir(l.dir, { pointId, rep });
  const shownMetrics = Object.entries(metrics).filter(
    ([k]) => k !== 'history' && k !== 'pretrainHistory' && k !== 'binarisation',
  );
  const curves = h('div', { class: 'row', id: 'curves' });
  show(
    h('h1', {}, `${raw.label ?? pointId}`),
    h(
      'p',
      { class: 'muted' },
      `${l.dir} / ${pointId} / rep-${rep} · experiment seed ${raw.seed} · point stream derive(${raw.seed}, ${JSON.stringify(raw.experiment)}, ${JSON.stringify(pointId)}, 'rep', ${rep})`,
    ),
    h(
      'div',
      { class: 'row' },
      h('div', {}, h('h2', {}, 'Config'), keyValueTable('config', Object.entries(config))),
      h(
        'div',
        {},
        h('h2', {}, 'Metrics'),
        keyValueTable('metrics', shownMetrics),
        h('h2', {}, 'Run'),
        keyValueTable('run', [
          ['seed', raw.seed],
          ['hash', raw.hash],
          ['code version', raw.codeVersion],
          ['seconds', raw.seconds],
          ['finished', raw.finishedAt],
        ]),
      ),
      artifacts.samples !== undefined &&
        h(
          'div',
          {},
          h('h2', {}, 'samples.png'),
          h('img', {
            class: 'samples',
            id: 'samples',
            alt: 'samples',
            src: runUrl(`${dir}/${artifacts.samples}`),
            style: 'width: 240px',
          }),
        ),
    ),
    h('h2', {}, 'Training curves'),
    curves,
    artifacts.model !== undefined &&
      (config.model === 'rbm' || config.model === 'dbn') &&
      liveSection(l, raw, `${dir}/${artifacts.model}`),
  );
  const specs = trainingCurveSpecs(metrics);
  if (specs.length === 0) curves.append(h('p', { class: 'muted' }, 'No per-epoch history.'));
  for (const spec of specs) {
    const el = h('div', { class: 'chart' });
    curves.append(el);
    renderChart(el, spec).catch((e) => el.replaceChildren(String(e)));
  }
}

let stopLive: (() => void) | undefined;

function liveSection(l: Loaded, raw: Json, modelPath: string): HTMLElement {
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
        const res = await fetch(runUrl(modelPath));
        if (!res.ok) throw new Error(`GET ${modelPath}: ${res.status}`);
        const loaded = loadModel(new Uint8Array(await res.arrayBuffer()));
        if (loaded._tag === 'Left') throw new Error(loaded.left.message);
        model = loaded.right.model;
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
  void l;
  return section;
}

async function route(): Promise<void> {
  stopLive?.();
  stopLive = undefined;
  cache ??= loadIndex();
  let all: Loaded[];
  try {
    all = await cache;
  } catch (e) {
    cache = undefined;
    app.replaceChildren(h('p', { class: 'error' }, `Cannot load the runs: ${String(e)}`));
    return;
  }
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const find = (dir: string | undefined) => all.find((l) => l.dir === dir);
  if (parts[0] === 'e' && find(parts[1])) renderExperiment(find(parts[1])!);
  else if (parts[0] === 'p' && find(parts[1]))
    renderPoint(find(parts[1])!, parts[2] ?? '', Number(parts[3]));
  else renderHome(all);
  document.body.dataset.view = parts[0] || 'home';
}

window.addEventListener('hashchange', () => void route());
void route();
