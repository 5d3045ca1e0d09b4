import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bytesToBase64,
  escapeHtml,
  escapeMarkdown,
  formatNumber,
  formatPercent,
  plural,
  pngDataUri,
} from '../src/report/format.js';

describe('format helpers', () => {
  it('escapeHtml leaves no markup characters (property) and round-trips through entities', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
    fc.assert(
      fc.property(fc.string(), (s) => {
        const e = escapeHtml(s);
        expect(e).not.toMatch(/[<>"']/);
        const back = e
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'")
          .replace(/&amp;/g, '&');
        expect(back).toBe(s);
      }),
    );
  });

  it('escapeMarkdown escapes table and emphasis characters and flattens newlines', () => {
    expect(escapeMarkdown('a|b *c* _d_ [e] <f>\nnext')).toBe(
      'a\\|b \\*c\\* \\_d\\_ \\[e\\] \\<f\\> next',
    );
  });

  it('formatNumber: significant digits, exponent below 0.01, no trailing zeros', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(0.27668)).toBe('0.277');
    expect(formatNumber(0.0322)).toBe('0.0322');
    expect(formatNumber(0.00016)).toBe('1.60e-4');
    expect(formatNumber(12.5)).toBe('12.5');
    expect(formatNumber(1.5)).toBe('1.5');
    expect(formatNumber(123456)).toBe('123456');
    expect(formatNumber(-0.5, 2)).toBe('-0.5');
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(() => formatNumber(1, 0)).toThrow(/digits must be an integer in 1\.\.10, got 0/);
  });

  it('formatNumber stays within half a unit of the last shown digit (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-8, max: 1e8, noNaN: true }), (v) => {
        const back = Number(formatNumber(v, 3));
        expect(Math.abs(back - v) / v).toBeLessThanOrEqual(0.005 + 1e-12);
      }),
    );
  });

  it('formatPercent and plural', () => {
    expect(formatPercent(0.01534)).toBe('1.53 %');
    expect(formatPercent(0.5, 0)).toBe('50 %');
    expect(() => formatPercent(Number.NaN)).toThrow(/rate must be a finite number/);
    expect(plural(1, 'point')).toBe('1 point');
    expect(plural(3, 'point')).toBe('3 points');
  });

  it('base64 matches Node’s encoder, data URIs are PNG typed', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      }),
    );
    const big = new Uint8Array(100_000).map((_, i) => i * 7);
    expect(bytesToBase64(big)).toBe(Buffer.from(big).toString('base64'));
    expect(pngDataUri(Uint8Array.of(1, 2))).toBe('data:image/png;base64,AQI=');
  });
});
