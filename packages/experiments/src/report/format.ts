// Text helpers shared by tables, mosaics and the report document. Browser-safe.

/** Escapes `& < > " '` so that `text` can be placed in HTML text or a quoted attribute. */
export function escapeHtml(text: string): string {
  if (typeof text !== 'string') {
    throw new TypeError(`escapeHtml: text must be a string, got ${typeof text}`);
  }
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Escapes text for a Markdown table cell or paragraph: `\ | * _ [ ] < >` and backticks; newlines become spaces. */
export function escapeMarkdown(text: string): string {
  if (typeof text !== 'string') {
    throw new TypeError(`escapeMarkdown: text must be a string, got ${typeof text}`);
  }
  return text.replace(/[\\|*_[\]<>`]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/**
 * A number for a reader: 0 → "0"; |v| ≥ 0.01 → up to `digits` significant digits without
 * trailing zeros ("0.0322", "12.5", "1234"); smaller magnitudes in exponent form with
 * `digits` significant digits ("1.60e-4"); NaN/±Infinity → "NaN"/"∞"/"−∞". `digits` is an
 * integer 1..10 (default 3).
 */
export function formatNumber(value: number, digits = 3): string {
  if (typeof value !== 'number') {
    throw new TypeError(`formatNumber: value must be a number, got ${typeof value}`);
  }
  if (!Number.isInteger(digits) || digits < 1 || digits > 10) {
    throw new RangeError(`formatNumber: digits must be an integer in 1..10, got ${digits}`);
  }
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '∞';
  if (value === Number.NEGATIVE_INFINITY) return '−∞';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs < 0.01) return value.toExponential(digits - 1);
  if (abs >= 10 ** digits) return String(Math.round(value));
  return String(Number(value.toPrecision(digits)));
}

/** A rate in 0..1 as a percentage with `decimals` decimals (default 2): 0.01534 → "1.53 %". */
export function formatPercent(rate: number, decimals = 2): string {
  if (typeof rate !== 'number' || !Number.isFinite(rate)) {
    throw new TypeError(`formatPercent: rate must be a finite number, got ${String(rate)}`);
  }
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 6) {
    throw new RangeError(`formatPercent: decimals must be an integer in 0..6, got ${decimals}`);
  }
  return `${(rate * 100).toFixed(decimals)} %`;
}

/** "1 point", "3 points": `count` and `noun`, with an "s" unless count is 1. */
export function plural(count: number, noun: string): string {
  if (typeof count !== 'number' || !Number.isFinite(count)) {
    throw new TypeError(`plural: count must be a finite number, got ${String(count)}`);
  }
  if (typeof noun !== 'string')
    throw new TypeError(`plural: noun must be a string, got ${typeof noun}`);
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Standard base64 of `bytes` (browser-safe: uses the global `btoa`). */
export function bytesToBase64(bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`bytesToBase64: bytes must be a Uint8Array, got ${typeof bytes}`);
  }
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

/** A `data:` URI of PNG bytes, for images embedded in a self-contained HTML file. */
export function pngDataUri(png: Uint8Array): string {
  return `data:image/png;base64,${bytesToBase64(png)}`;
}
