// Argument checks shared by the report's exported functions. Browser-safe.

/**
 * True iff `value` is an array. Unlike `Array.isArray` it does not narrow its argument, so a
 * `readonly T[]` parameter keeps its element type after `if (!isArray(x)) throw …`.
 */
export function isArray(value: unknown): boolean {
  return Array.isArray(value);
}
