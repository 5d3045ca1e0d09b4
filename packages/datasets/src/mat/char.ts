// Building MATLAB char arrays from strings.
import type { MatChar } from './types.js';

/**
 * A char array from one string (a 1×n row) or from rows of equal length (an r×n array); the
 * length of a string is counted in UTF-16 code units, as MATLAB counts characters.
 * Throws RangeError when rows differ in length, TypeError for non-strings.
 */
export function matChar(text: string | readonly string[]): MatChar {
  const rows = typeof text === 'string' ? [text] : text;
  if (!Array.isArray(rows)) {
    throw new TypeError(`text must be a string or an array of strings, got ${String(text)}`);
  }
  const cols = rows.length === 0 ? 0 : rows[0]!.length;
  for (let r = 0; r < rows.length; r++) {
    const row: unknown = rows[r];
    if (typeof row !== 'string')
      throw new TypeError(`text[${r}] must be a string, got ${String(row)}`);
    if (row.length !== cols) {
      throw new RangeError(
        `text[${r}] must have ${cols} characters like text[0], got ${row.length}`,
      );
    }
  }
  return { kind: 'char', dims: [rows.length, cols], text: rows.slice() };
}
