// Unique SVG ids when several rendered charts share one HTML page. Browser-safe.

/**
 * Makes the ids of an SVG document unique within a page by prefixing every `id="…"` and its
 * references (`url(#…)`, `href="#…"`, `xlink:href="#…"`); attributes merely ending in
 * "id" (`data-id`) are left alone. with `prefix` + "-". `prefix` is a non-empty string of
 * letters, digits, `-` and `_` starting with a letter.
 */
export function prefixSvgIds(svg: string, prefix: string): string {
  if (typeof svg !== 'string')
    throw new TypeError(`prefixSvgIds: svg must be a string, got ${typeof svg}`);
  if (typeof prefix !== 'string' || !/^[A-Za-z][A-Za-z0-9_-]*$/.test(prefix)) {
    throw new RangeError(
      `prefixSvgIds: prefix must be an id-safe name, got ${JSON.stringify(prefix)}`,
    );
  }
  return svg
    .replace(/(\s)id="([^"]+)"/g, (_m, ws: string, id: string) => `${ws}id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${prefix}-${id})`)
    .replace(
      /(\s(?:xlink:)?)href="#([^"]+)"/g,
      (_m, a: string, id: string) => `${a}href="#${prefix}-${id}"`,
    );
}
