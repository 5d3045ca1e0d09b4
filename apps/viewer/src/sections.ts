// Parts of a point's page, also laid side by side by the compare view: samples, first-layer
// filters, the confusion matrix, misclassified test images and training curves. `prefix`
// makes element ids unique when two points share a page ('' on the point page).
import { renderChart, trainingCurveSpecs } from './charts.js';
import { confusionCells } from './confusion.js';
import { h, isObject, type Json, type PointRef, repDir, runUrl } from './dom.js';
import { filterGrid } from './filters.js';
import { imageSize } from './live.js';
import { fetchModel, firstLayerWeights } from './models.js';

/** A result.json's parts as the sections read them. */
export interface PointParts {
  readonly ref: PointRef;
  readonly config: Json;
  readonly metrics: Json;
  readonly artifacts: Readonly<Record<string, string>>;
}

/** The parts of a raw result.json of experiment directory `dir`. */
export function pointParts(dir: string, raw: Json): PointParts {
  const artifacts: Record<string, string> = {};
  if (isObject(raw.artifacts))
    for (const [k, v] of Object.entries(raw.artifacts)) if (typeof v === 'string') artifacts[k] = v;
  return {
    ref: { dir, pointId: String(raw.pointId), rep: Number(raw.rep) },
    config: isObject(raw.config) ? raw.config : {},
    metrics: isObject(raw.metrics) ? raw.metrics : {},
    artifacts,
  };
}

/** samples.png, pixelated; undefined when the point has none. */
export function samplesImage(p: PointParts, id: string): HTMLElement | undefined {
  const file = p.artifacts.samples;
  if (file === undefined) return undefined;
  return h('img', {
    class: 'samples',
    id,
    alt: `samples of ${p.ref.pointId}`,
    src: runUrl(`${repDir(p.ref)}/${file}`),
    style: 'width: 240px',
  });
}

/** Filters drawn by default: all of them up to this many units, else the first 64. */
const ALL_FILTERS_UP_TO = 100;
const DEFAULT_FILTERS = 64;

/**
 * The first layer's filters (model.safetensors, shared with live sampling): tile j is W[:, j]
 * as an image, normalised on its own — grey = 0, white = +max|W[:, j]|, black = −max|W[:, j]|.
 * The count of filters is an input of the section. Undefined when the point has no model.
 */
export function filtersSection(
  p: PointParts,
  prefix: string,
  heading = true,
): HTMLElement | undefined {
  const file = p.artifacts.model;
  if (file === undefined) return undefined;
  const modelPath = `${repDir(p.ref)}/${file}`;
  const canvas = h('canvas', {
    id: `${prefix}filters-canvas`,
    class: 'samples filters',
    'data-model': modelPath,
  }) as HTMLCanvasElement;
  const count = h('input', {
    id: `${prefix}filters-count`,
    type: 'number',
    min: '1',
    step: '1',
  }) as HTMLInputElement;
  const status = h('span', { class: 'muted', id: `${prefix}filters-status` }, 'loading model…');
  const pre = p.config.model === 'dnn' && p.config.pretrain === true;
  const what =
    p.config.model === 'dnn'
      ? `First hidden layer of the DNN after backprop (${pre ? 'pretrained by the DBN' : 'random init'}).`
      : p.config.model === 'dbn'
        ? "The DBN's first RBM."
        : "The RBM's weights.";
  const section = h(
    'section',
    { class: 'filters-section' },
    heading && h('h2', {}, 'First-layer filters'),
    h(
      'p',
      { class: 'muted' },
      `${what} Tile j is the weight column W[:, j] of hidden unit j, scaled per filter: grey = 0, white = +max|w|, black = −max|w|.`,
    ),
    h('div', { class: 'controls' }, h('label', {}, 'filters', count), status),
    canvas,
  );
  fetchModel(modelPath)
    .then((model) => {
      const W = firstLayerWeights(model);
      const size = imageSize(W.rows, p.config.dataset);
      const units = W.cols;
      count.max = String(units);
      count.value = String(units <= ALL_FILTERS_UP_TO ? units : DEFAULT_FILTERS);
      const draw = () => {
        const n = Math.min(units, Math.max(1, Math.floor(Number(count.value)) || 1));
        const img = filterGrid(W, { ...size, count: n });
        canvas.width = img.width;
        canvas.height = img.height;
        canvas.style.width = `${img.width * Math.max(1, Math.min(4, Math.floor(480 / img.width)))}px`;
        const ctx = canvas.getContext('2d')!;
        const data = ctx.createImageData(img.width, img.height);
        data.data.set(img.data);
        ctx.putImageData(data, 0, 0);
        canvas.dataset.count = String(n);
        status.textContent = `${n} of ${units} hidden units, ${size.height}×${size.width} each`;
      };
      draw();
      count.addEventListener('input', draw);
    })
    .catch((e) => {
      status.textContent = `error: ${e instanceof Error ? e.message : String(e)}`;
      status.className = 'error';
    });
  return section;
}

/**
 * The test-set confusion matrix as a table with shaded cells (shade = share of the true class's
 * images), rows = true label, columns = predicted; undefined when the metrics have none.
 */
export function confusionTable(metrics: Json, id: string): HTMLElement | undefined {
  if (metrics.confusion === undefined) return undefined;
  let cells: ReturnType<typeof confusionCells>;
  try {
    cells = confusionCells(metrics.confusion);
  } catch (e) {
    return h('p', { class: 'error' }, String(e));
  }
  const k = cells.length;
  const head = h(
    'tr',
    {},
    h(
      'th',
      { class: 'corner', title: 'rows: true label; columns: predicted label' },
      'true \\ pred.',
    ),
    ...cells.map((_, p) => h('th', { class: 'num' }, String(p))),
    h('th', { class: 'num' }, 'images'),
    h('th', { class: 'num' }, 'error'),
  );
  const rows = cells.map((row, y) => {
    const total = row.reduce((s, c) => s + c.count, 0);
    return h(
      'tr',
      {},
      h('th', { class: 'num' }, String(y)),
      ...row.map((c, p) => {
        const td = h(
          'td',
          {
            class: `num cell${p === y ? ' diag' : ''}`,
            'data-count': String(c.count),
            'data-true': String(y),
            'data-predicted': String(p),
            title: `true ${y}, predicted ${p}: ${c.count} of ${total}`,
          },
          c.count === 0 ? '·' : String(c.count),
        );
        const hue = p === y ? '27, 127, 59' : '179, 38, 30';
        td.style.background = `rgba(${hue}, ${c.share.toFixed(3)})`;
        if (c.share > 0.5) td.style.color = '#fff';
        return td;
      }),
      h('td', { class: 'num' }, String(total)),
      h(
        'td',
        { class: 'num' },
        total === 0 ? '—' : `${((100 * (total - row[y]!.count)) / total).toFixed(1)} %`,
      ),
    );
  });
  return h('table', { id, class: 'confusion', 'data-classes': String(k) }, head, ...rows);
}

/**
 * The misclassified test images (misclassified.png, imageGrid layout with 10 per row) cut into
 * tiles captioned "true → predicted"; undefined when the metrics list none.
 */
export function misclassifiedGrid(p: PointParts, id: string): HTMLElement | undefined {
  const list = Array.isArray(p.metrics.misclassified)
    ? p.metrics.misclassified.filter(isObject)
    : [];
  const file = p.artifacts.misclassified;
  if (list.length === 0 || file === undefined) return undefined;
  const grid = h('div', { id, class: 'misclassified' });
  const img = new Image();
  img.addEventListener('load', () => {
    const cols = Math.min(10, list.length);
    const rows = Math.ceil(list.length / 10);
    const tw = (img.naturalWidth - 1) / cols - 1;
    const th = (img.naturalHeight - 1) / rows - 1;
    list.forEach((m, k) => {
      const c = h('canvas', { class: 'samples' }) as HTMLCanvasElement;
      c.width = tw;
      c.height = th;
      c.style.width = `${2 * tw}px`;
      c.getContext('2d')!.drawImage(
        img,
        1 + (k % 10) * (tw + 1),
        1 + Math.floor(k / 10) * (th + 1),
        tw,
        th,
        0,
        0,
        tw,
        th,
      );
      grid.append(
        h(
          'figure',
          { 'data-index': String(m.index), title: `test image #${m.index}` },
          c,
          h('figcaption', {}, `${m.label} → ${m.predicted}`),
        ),
      );
    });
    grid.dataset.done = 'true';
  });
  img.addEventListener('error', () =>
    grid.replaceChildren(h('p', { class: 'error' }, `cannot load ${file}`)),
  );
  img.src = runUrl(`${repDir(p.ref)}/${file}`);
  return grid;
}

/** The training curves of a result's metrics, one chart per curve, rendered by vega. */
export function curvesRow(metrics: Json, id: string): HTMLElement {
  const row = h('div', { class: 'row', id });
  const specs = trainingCurveSpecs(metrics);
  if (specs.length === 0) row.append(h('p', { class: 'muted' }, 'No per-epoch history.'));
  for (const spec of specs) {
    const el = h('div', { class: 'chart' });
    row.append(el);
    renderChart(el, spec).catch((e) => el.replaceChildren(String(e)));
  }
  return row;
}
