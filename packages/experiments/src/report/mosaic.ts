// Labelled mosaics of generated samples, like the study's Figures 2–8: one panel per point.
// PNG text rendering is not needed: panels are lettered (a), (b), … in reading order and the
// captions go in the HTML/Markdown next to the image. Browser-safe.
import { encodePng, type GreyImage, imageGrid } from '@dbn/datasets';
import { escapeHtml, escapeMarkdown, pngDataUri } from './format.js';
import { isArray } from './validate.js';

/** One panel of a mosaic: a point's image (its samples.png) and its label. */
export interface MosaicPanel {
  /** The point's label, e.g. "q = 100" or "chars: 2,4,B". */
  readonly label: string;
  /** The panel's image; absent when the point failed or its image could not be read. */
  readonly image?: GreyImage;
  /** Why there is no image, or anything else the reader must know ("failed: out-of-memory"). */
  readonly note?: string;
}

/** Layout of {@link composeMosaic}. */
export interface MosaicOptions {
  /** Panels per row (default min(4, panels), as the study's 2 × 4 figures). */
  readonly cols?: number;
  /** Pixels between and around panels, before scaling (default 4). */
  readonly padding?: number;
  /** Grey of the frame and of empty space, 0..255 (default 200, lighter than a grid's padding). */
  readonly padValue?: number;
  /** Integer upscaling (default: the largest of 1..4 keeping a cell ≤ 240 px wide). */
  readonly scale?: number;
}

/** The letter of panel `index` in reading order: 0 → "a", 25 → "z", 26 → "aa", 27 → "ab". */
export function panelLetter(index: number): string {
  if (!Number.isInteger(index) || index < 0) {
    throw new RangeError(`panelLetter: index must be a non-negative integer, got ${index}`);
  }
  let s = '';
  let i = index;
  do {
    s = String.fromCharCode(97 + (i % 26)) + s;
    i = Math.floor(i / 26) - 1;
  } while (i >= 0);
  return s;
}

const LETTERED = /^\([a-z]{1,3}\)\s/;

/**
 * The caption of panel `index`: "(c) q = 100", plus " — note" when it has a note. A label that
 * already starts with its subfigure letter, as the study's experiments label their points
 * ("(c) q = 100"), keeps that letter instead.
 */
export function panelCaption(panel: MosaicPanel, index: number): string {
  if (typeof panel !== 'object' || panel === null || typeof panel.label !== 'string') {
    throw new TypeError(`panelCaption: panel must have a string label, got ${String(panel)}`);
  }
  const letter = panelLetter(index);
  const note = panel.note === undefined || panel.note === '' ? '' : ` — ${panel.note}`;
  const label = LETTERED.test(panel.label) ? panel.label : `(${letter}) ${panel.label}`;
  return `${label}${note}`;
}

function checkPanels(fn: string, panels: readonly MosaicPanel[]): void {
  if (!isArray(panels) || panels.length === 0) {
    throw new RangeError(`${fn}: panels must be a non-empty array, got ${String(panels)}`);
  }
  panels.forEach((p, i) => {
    if (typeof p !== 'object' || p === null || typeof p.label !== 'string') {
      throw new TypeError(`${fn}: panels[${i}] must be { label, image?, note? }, got ${String(p)}`);
    }
  });
}

function checkInt(fn: string, name: string, v: number, lo: number, hi: number): void {
  if (!Number.isInteger(v) || v < lo || v > hi) {
    throw new RangeError(`${fn}: ${name} must be an integer in ${lo}..${hi}, got ${v}`);
  }
}

/** The size of the largest panel image (a cell of the mosaic), 1×1 when no panel has one. */
function cellSize(panels: readonly MosaicPanel[]): { w: number; h: number } {
  let w = 1;
  let h = 1;
  for (const p of panels) {
    if (p.image === undefined) continue;
    w = Math.max(w, p.image.width);
    h = Math.max(h, p.image.height);
  }
  return { w, h };
}

/**
 * Composes the panels into one greyscale image with {@link imageGrid}: every panel gets a cell
 * the size of the largest panel (its image centred, the rest `padValue`), `cols` cells per row
 * in reading order (panel k is letter {@link panelLetter}(k)), `padding` pixels between cells,
 * the whole upscaled by `scale`. A panel without an image is an empty cell crossed by two dark
 * diagonals, so that a missing result is never mistaken for a blank one.
 */
export function composeMosaic(
  panels: readonly MosaicPanel[],
  options: MosaicOptions = {},
): GreyImage {
  const fn = 'composeMosaic';
  checkPanels(fn, panels);
  const { w, h } = cellSize(panels);
  const cols = options.cols ?? Math.min(4, panels.length);
  const padding = options.padding ?? 4;
  const padValue = options.padValue ?? 200;
  const scale = options.scale ?? Math.max(1, Math.min(4, Math.floor(240 / w)));
  checkInt(fn, 'cols', cols, 1, 1 << 12);
  checkInt(fn, 'padding', padding, 0, 1 << 10);
  checkInt(fn, 'padValue', padValue, 0, 255);
  checkInt(fn, 'scale', scale, 1, 64);
  const size = w * h;
  const cells = new Uint8Array(panels.length * size).fill(padValue);
  panels.forEach((p, k) => {
    const base = k * size;
    if (p.image === undefined) {
      const ink = padValue > 96 ? 64 : 192;
      const steps = Math.max(w, h);
      for (let t = 0; t < steps; t++) {
        const x = Math.round((t * (w - 1)) / Math.max(1, steps - 1));
        const y = Math.round((t * (h - 1)) / Math.max(1, steps - 1));
        cells[base + y * w + x] = ink;
        cells[base + y * w + (w - 1 - x)] = ink;
      }
      return;
    }
    const img = p.image;
    const x0 = Math.floor((w - img.width) / 2);
    const y0 = Math.floor((h - img.height) / 2);
    for (let y = 0; y < img.height; y++) {
      cells.set(img.data.subarray(y * img.width, (y + 1) * img.width), base + (y0 + y) * w + x0);
    }
  });
  return imageGrid({
    images: cells,
    count: panels.length,
    height: h,
    width: w,
    cols,
    padding,
    scale,
    padValue,
  });
}

/**
 * The mosaic for a Markdown report: the composed image at `href` (relative to the Markdown
 * file) followed by the panel captions in reading order, `cols` per row as in the image.
 */
export function mosaicMarkdown(
  panels: readonly MosaicPanel[],
  href: string,
  cols?: number,
): string {
  checkPanels('mosaicMarkdown', panels);
  if (typeof href !== 'string' || href === '') {
    throw new TypeError(`mosaicMarkdown: href must be a non-empty string, got ${String(href)}`);
  }
  const c = cols ?? Math.min(4, panels.length);
  checkInt('mosaicMarkdown', 'cols', c, 1, 1 << 12);
  const rows: string[] = [];
  for (let i = 0; i < panels.length; i += c) {
    const row = panels.slice(i, i + c).map((p, j) => escapeMarkdown(panelCaption(p, i + j)));
    rows.push(`- row ${i / c + 1}: ${row.join(' · ')}`);
  }
  return `![mosaic](${href})\n\n${rows.join('\n')}\n`;
}

/**
 * The mosaic for a self-contained HTML report: a grid of `<figure>`s, each panel's image as a
 * PNG `data:` URI drawn `displayScale` times larger with crisp pixels (default: the largest of
 * 1..6 keeping the widest panel ≤ 200 px), captioned {@link panelCaption}; a panel without an
 * image shows its note in place of the image.
 */
export function mosaicHtml(panels: readonly MosaicPanel[], displayScale?: number): string {
  checkPanels('mosaicHtml', panels);
  const scale = displayScale ?? Math.max(1, Math.min(6, Math.floor(200 / cellSize(panels).w)));
  checkInt('mosaicHtml', 'displayScale', scale, 1, 16);
  const figures = panels.map((p, i) => {
    const caption = `<figcaption>${escapeHtml(panelCaption(p, i))}</figcaption>`;
    if (p.image === undefined) {
      return `<figure class="panel missing"><div class="noimage">${escapeHtml(p.note ?? 'no image')}</div>${caption}</figure>`;
    }
    const uri = pngDataUri(encodePng(p.image));
    const alt = escapeHtml(`samples of ${p.label}`);
    return `<figure class="panel"><img src="${uri}" alt="${alt}" width="${p.image.width * scale}" height="${p.image.height * scale}">${caption}</figure>`;
  });
  return `<div class="mosaic">\n${figures.join('\n')}\n</div>`;
}
