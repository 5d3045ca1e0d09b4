// Vega-Lite spec → SVG text, headless (no canvas, no DOM): runs in Node and in browsers.
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Renders a Vega-Lite spec to a standalone SVG document: vega-lite compile, then
 * `new vega.View(vega.parse(spec), { renderer: 'none' }).toSVG()`. Deterministic: the same spec
 * gives the same bytes (SVG definition ids are reset before each render; no timestamps), so two
 * SVGs inlined in one HTML page may share ids — see `prefixSvgIds` (prefix-svg-ids.ts). Rejects when the spec
 * does not compile or render (vega-lite warnings are not errors and are dropped).
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  if (typeof spec !== 'object' || spec === null) {
    throw new TypeError(`renderSvg: spec must be a Vega-Lite spec object, got ${String(spec)}`);
  }
  const quiet = {
    level: (_?: number) => quiet,
    error: (...args: readonly unknown[]) => {
      throw new Error(args.map(String).join(' '));
    },
    warn: () => quiet,
    info: () => quiet,
    debug: () => quiet,
  };
  const compiled = compile(spec, { logger: quiet as never }).spec;
  vega.resetSVGDefIds();
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
