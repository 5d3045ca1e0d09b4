import { decodePng, type GreyImage } from '@dbn/datasets';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  composeMosaic,
  type MosaicPanel,
  mosaicHtml,
  mosaicMarkdown,
  panelCaption,
  panelLetter,
} from '../src/report/mosaic.js';

const image = (width: number, height: number, f: (x: number, y: number) => number): GreyImage => {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = f(x, y);
  return { width, height, data };
};
const at = (img: GreyImage, x: number, y: number): number => img.data[y * img.width + x]!;

describe('panelLetter / panelCaption', () => {
  it('letters panels a…z, aa, ab… and captions them like the study', () => {
    expect([0, 1, 25, 26, 27, 701, 702].map(panelLetter)).toEqual([
      'a',
      'b',
      'z',
      'aa',
      'ab',
      'zz',
      'aaa',
    ]);
    expect(panelCaption({ label: 'q = 100' }, 2)).toBe('(c) q = 100');
    expect(panelCaption({ label: 'chars: 2,4,B', note: 'failed: out-of-memory' }, 3)).toBe(
      '(d) chars: 2,4,B — failed: out-of-memory',
    );
    expect(() => panelLetter(-1)).toThrow(/index must be a non-negative integer, got -1/);
    // Labels already lettered as the study's subfigures keep their letter.
    expect(panelCaption({ label: '(g) q = 10000', note: 'failed: out-of-memory' }, 0)).toBe(
      '(g) q = 10000 — failed: out-of-memory',
    );
  });
});

describe('composeMosaic', () => {
  it('places each panel in reading order in cells of the largest size, centred, scaled', () => {
    const a = image(4, 2, (x) => 10 + x); // full cell
    const b = image(2, 2, () => 250); // narrower: centred with 1 px of padValue each side
    const c = image(4, 2, (_, y) => 100 + y);
    const m = composeMosaic(
      [
        { label: 'a', image: a },
        { label: 'b', image: b },
        { label: 'c', image: c },
      ],
      {
        cols: 2,
        padding: 1,
        padValue: 200,
        scale: 2,
      },
    );
    // 2 cols × (4·2) + 3 paddings·2? imageGrid pads with unscaled padding: 2·8 + 3 = 19; rows: 2·4 + 3 = 11.
    expect([m.width, m.height]).toEqual([19, 11]);
    expect(at(m, 1, 1)).toBe(10); // a(0,0)
    expect(at(m, 1 + 2 * 3, 1)).toBe(13); // a(3,0) at scale 2
    expect(at(m, 10, 1)).toBe(200); // b's cell, left margin
    expect(at(m, 10 + 2, 1)).toBe(250); // b(0,0), centred
    expect(at(m, 10 + 6, 3)).toBe(200); // right margin
    expect(at(m, 1, 6 + 2)).toBe(101); // c(0,1): second row
    expect(at(m, 12, 8)).toBe(200); // the empty fourth cell
    expect(at(m, 0, 0)).toBe(200); // padding
  });

  it('crosses out a panel without an image, so it cannot pass for a blank result', () => {
    const m = composeMosaic(
      [
        { label: 'ok', image: image(5, 5, () => 0) },
        { label: 'failed', note: 'failed: diverged' },
      ],
      {
        padding: 0,
        scale: 1,
        padValue: 200,
      },
    );
    expect(m.width).toBe(10);
    const diag = [0, 1, 2, 3, 4].map((i) => at(m, 5 + i, i));
    const anti = [0, 1, 2, 3, 4].map((i) => at(m, 9 - i, i));
    expect(diag).toEqual([64, 64, 64, 64, 64]);
    expect(anti).toEqual([64, 64, 64, 64, 64]);
    expect(at(m, 6, 0)).toBe(200);
  });

  it('validates panels and options, naming them', () => {
    expect(() => composeMosaic([])).toThrow(/panels must be a non-empty array/);
    expect(() => composeMosaic([{ label: 'a' }], { cols: 0 })).toThrow(
      /cols must be an integer in 1\.\.4096, got 0/,
    );
    expect(() => composeMosaic([{ image: image(1, 1, () => 0) } as never])).toThrow(/panels\[0\]/);
  });
});

describe('mosaicHtml / mosaicMarkdown', () => {
  const panels: MosaicPanel[] = [
    { label: 'q = 1', image: image(3, 2, (x, y) => x * 80 + y) },
    { label: 'q = <10>', note: 'failed: out-of-memory' },
  ];

  it('embeds each panel as a PNG data: URI that decodes to the panel, with escaped captions', () => {
    const html = mosaicHtml(panels, 5);
    const src = /src="data:image\/png;base64,([^"]+)"/.exec(html)![1]!;
    const png = decodePng(Uint8Array.from(Buffer.from(src, 'base64')));
    expect(E.isRight(png) && Array.from(png.right.data)).toEqual(
      Array.from(panels[0]!.image!.data),
    );
    expect(html).toContain('width="15" height="10"');
    expect(html).toContain('<figcaption>(a) q = 1</figcaption>');
    expect(html).toContain(
      '<div class="noimage">failed: out-of-memory</div><figcaption>(b) q = &lt;10&gt; — failed: out-of-memory</figcaption>',
    );
  });

  it('links the composed image and lists captions row by row', () => {
    const md = mosaicMarkdown([...panels, { label: 'c' }], 'fig3/mosaic.png', 2);
    expect(md).toBe(
      '![mosaic](fig3/mosaic.png)\n\n- row 1: (a) q = 1 · (b) q = \\<10\\> — failed: out-of-memory\n- row 2: (c) c\n',
    );
    expect(() => mosaicMarkdown(panels, '')).toThrow(/href/);
  });
});
