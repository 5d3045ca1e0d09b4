import { describe, expect, it } from 'vitest';
import { renderSvg } from '../src/report/render-svg.js';
import { allElements, parseXml } from './fixtures/report/xml.js';

const spec = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  data: {
    values: [
      { x: 1, y: 2, s: 'a' },
      { x: 2, y: 3, s: 'a' },
      { x: 1, y: 1, s: 'b' },
      { x: 2, y: 4, s: 'b' },
      { x: 1, y: 5, s: 'c' },
      { x: 2, y: 5, s: 'c' },
    ],
  },
  mark: { type: 'line', clip: true },
  encoding: {
    x: { field: 'x', type: 'quantitative' },
    y: { field: 'y', type: 'quantitative' },
    color: { field: 's', type: 'nominal' },
  },
} as const;

describe('renderSvg', () => {
  it('renders well-formed SVG with one path per series', async () => {
    const svg = await renderSvg(spec);
    const root = parseXml(svg);
    expect(root.name).toBe('svg');
    const paths = allElements(root)
      .filter((g) => g.name === 'g' && (g.attrs.class ?? '').includes('mark-line'))
      .flatMap((g) => g.children.filter((c) => c.name === 'path'));
    expect(paths).toHaveLength(3);
  });

  it('is deterministic: same spec, same bytes, clip ids included', async () => {
    const a = await renderSvg(spec);
    await renderSvg({ ...spec, mark: { type: 'point', clip: true } });
    const b = await renderSvg(spec);
    expect(b).toBe(a);
    expect(a).toMatch(/id="clip\d+"/);
  });

  it('rejects a spec vega-lite cannot compile, and a non-object', async () => {
    await expect(renderSvg({ mark: 'nope' } as never)).rejects.toThrow();
    await expect(renderSvg(null as never)).rejects.toThrow(/spec must be a Vega-Lite spec object/);
  });
});
